// Worksheets (issue 15): a picture of the current stage with some of its
// target cells blanked and numbered (?1, ?2, …), and a Markdown file with
// the numbered questions and their key. The picture is an ordinary PNG
// export (export_plan.h, platform/export_render.*) whose state carries the
// blanks (PracticeState::sheet, drawn by MaskCanvas); the questions and
// answers are the core's (core/quiz: StageQuestion, AnswerText).
#pragma once

#include <string>
#include <vector>

#include "practice.h"

namespace convbp::app {

struct AppState;

inline constexpr int kMaxWorksheetBlanks = 40;

struct Worksheet {
  steps::Scene scene = steps::Scene::kForward;
  steps::Stage stage = steps::Stage::kSlide;
  uint64_t step = 0;              // the picture shows the stage at its end (window granularity)
  std::vector<BlankCell> blanks;  // numbered from 1, in window order
  std::vector<quiz::Question> questions;  // parallel to blanks
  std::string markdown;                   // questions, then the key
};

// Stages a worksheet can blank: those practice asks, except the matrix
// scene's, whose picture of C prints no numbers to compute from (the same
// cells are offered in the forward and input scenes).
bool WorksheetOffered(steps::Scene scene, steps::Stage stage);

// `count` targets of the current stage, spread evenly over its windows
// (first and last included), in the UI language. An empty worksheet (no
// blanks) for a stage without one (WorksheetOffered). `picture` is the PNG's
// file name as the Markdown links it.
Worksheet MakeWorksheet(const AppState& s, int count, const std::string& picture);

// OUT.png → OUT.md.
std::string WorksheetMarkdownPath(const std::string& png_path);

// Writes the Markdown atomically. "" or why not (naming the path).
std::string WriteWorksheetMarkdown(const Worksheet& w, const std::string& png_path);

}  // namespace convbp::app
