// Practice questions on one conv layer: the student computes, the engine
// checks. Every question is tied to a scene and stage of the step model
// (steps/model.h), names the cell(s) it asks about, carries its answer as
// the engine computed it (the oracle) and the rungs of a hint ladder:
//   (1) the cells involved, (2) the formula with indices, (3) the terms
//   with their numbers, (4) the answer.
//
// Kinds (KindName gives the machine name used by the CLI and JSON):
//   cell_value           the value of one target cell of a stage: z^l (eq 4),
//                        ∂L/∂b (eq 6), ∂L/∂W or an eq-5 position (eq 5),
//                        ∂L/∂pz = δ^{l-1} before the crop (eq 8), δ^{l-1}
//                        (eq 9), a cell of δ^{l_padding}, pδ or rot180 W
//   output_shape         H' × W' (forward/slide)
//   dilated_shape        the size of δ^{l_padding} (weight/dilate)
//   padded_delta_shape   the size of pδ (input/pad)
//   weight_slide_shape   the positions of the eq-5 slide (weight/slide)
//   weight_slide_grads   how many of those positions are weight gradients
//   products_per_cell    products in one cell of eq 8, zeros included
//                        (input/slide)
//   windows_reading      forward windows of one output channel reading a
//                        given input cell (forward/slide)
//   why_zero             multiple choice: why is this cell's gradient (or
//                        this pδ cell) zero — from lookup.h's Explain
//                        (input/slide for ∂L/∂pz cells, input/pad for pδ)
//   contributors         click every δ^l cell that contributes to one cell
//                        of δ^{l-1} (input/scatter), graded as a set; only
//                        cells with at most 16 contributors are asked
//
// Inputs are the problem and results the step model walks: for a transposed
// layer that is its adjoint conv (transposed.h; the CLI's StepModelCase),
// so every kind is offered there too, worded in the adjoint's notation, as
// the steps and derivation commands do. Dilation and groups need nothing
// special: every answer comes from the geometry and the engine.
//
// Generation is seeded and reproducible on every platform (a splitmix64
// stream, no std distributions): the same problem, options and seed give the
// same questions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine.h"
#include "lookup.h"
#include "model.h"

namespace convbp::quiz {

using steps::Cell;
using steps::Lang;

enum class Kind : uint8_t {
  kCellValue,
  kOutputShape,
  kDilatedShape,
  kPaddedDeltaShape,
  kWeightSlideShape,
  kWeightSlideGrads,
  kProductsPerCell,
  kWindowsReading,
  kWhyZero,
  kContributors,
};
inline constexpr int kKindCount = 10;

const char* KindName(Kind kind);                       // "cell_value", …
std::optional<Kind> ParseKind(std::string_view name);  // nullopt if unknown

// How the answer is given and graded.
enum class AnswerType : uint8_t {
  kNumber,    // a real number, graded to the digits typed (Grade)
  kIntegers,  // one count, or "rows × columns" (two integers), exact (Grade)
  kChoice,    // one of Question::choices, exact (GradeChoice, or Grade with "A"/"1")
  kCells,     // a set of cells, exact (GradeCells)
};

struct Answer {
  AnswerType type = AnswerType::kNumber;
  double number = 0;              // kNumber: the engine's value
  std::vector<int64_t> integers;  // kIntegers: {count} or {rows, cols}
  int choice = -1;                // kChoice: index into Question::choices
  std::vector<Cell> cells;        // kCells: in storage order, sorted
};

// One option of a multiple-choice question. `reasons` is the classification
// it states (why_zero: lookup.h's reasons; the right option holds exactly
// the cell's Explanation).
struct Choice {
  std::array<std::string, 2> text;  // [Lang::kEn], [Lang::kZh]
  std::vector<steps::Reason> reasons;
};

// The hint ladder, weakest first. Each rung is text in both languages; the
// cells of rung 1 are also given as Cells so the app can highlight them.
struct Hints {
  std::vector<Cell> cells;              // (1) operands involved (at most a few dozen)
  std::array<std::string, 2> involved;  // (1) as words
  std::array<std::string, 2> formula;   // (2) the formula with indices, no result
  std::array<std::string, 2> terms;     // (3) the terms with numbers, no result
  std::array<std::string, 2> answer;    // (4) the answer
};

struct Question {
  Kind kind = Kind::kCellValue;
  steps::Scene scene = steps::Scene::kForward;
  steps::Stage stage = steps::Stage::kSlide;
  // cell_value: the stage window whose target `cells[0]` is (StepAt's index
  // at window granularity); other kinds: 0.
  uint64_t window = 0;
  // The cell(s) the question is about: cell_value the cell to compute,
  // why_zero the zero cell, windows_reading the input cell, contributors
  // the δ^{l-1} cell, products_per_cell the ∂L/∂pz cell; shapes: none.
  std::vector<Cell> cells;
  std::array<std::string, 2> prompt;  // [Lang::kEn], [Lang::kZh]
  Answer answer;
  // kNumber: the absolute error always forgiven (rounding of the engine's
  // sum), on top of the half unit of the last digit typed.
  double tolerance = 0;
  std::vector<Choice> choices;  // kChoice only
  Hints hints;
};

struct Options {
  uint64_t seed = 1;
  int count = 10;
  std::vector<Kind> kinds;  // empty: every kind offered for the shape
};

// The kinds this shape has questions for, in Kind order (why_zero needs a
// zero cell, contributors an output channel, …).
std::vector<Kind> OfferedKinds(const Problem<double>& problem, const Results<double>& results);

// `options.count` questions (fewer only when the layer has fewer distinct
// ones), kinds taken in turn from options.kinds ∩ OfferedKinds.
// Precondition: results = Compute(problem) (a conv shape).
std::vector<Question> Generate(const Problem<double>& problem, const Results<double>& results,
                               const Options& options);

// ---- stage by stage (the app's practice mode) ---------------------------
// The app hides the current stage's target cells and asks them in window
// order. Scatter windows write many cells: no questions (nullopt).

// The cell_value question for window `window` of (scene, stage).
// Precondition: steps::CheckStepQuery(shape, scene, stage, window, kWindow) == "".
std::optional<Question> StageQuestion(const Problem<double>& problem,
                                      const Results<double>& results, steps::Scene scene,
                                      steps::Stage stage, uint64_t window);
// The question for the window after the one whose target is `after`
// (nullopt: the first window); nullopt past the last window or when `after`
// is not a target of this stage.
std::optional<Question> NextStageQuestion(const Problem<double>& problem,
                                          const Results<double>& results, steps::Scene scene,
                                          steps::Stage stage, const std::optional<Cell>& after);

// ---- grading ------------------------------------------------------------

struct Verdict {
  bool right = false;
  // false when the answer could not be read (not a number, too few digits,
  // a choice out of range): the student should try again, not be marked.
  bool readable = true;
  std::array<std::string, 2> message;  // [Lang::kEn], [Lang::kZh]
};

// Typed text: kNumber (ParseNumber's syntax, "−" accepted for "-"),
// kIntegers ("7", "7x7", "7×7", "7 7", "7,7"), kChoice ("B", "b" or "2",
// 1-based). kCells questions are graded by GradeCells.
//
// Numbers are graded to the digits typed: right when the typed value is
// within half a unit of its last digit of the engine's value (plus
// Question::tolerance), and it has at least 3 significant digits — or as
// many as the exact value needs when that is fewer ("0.5", "2", "0").
// "1.23" is right for 1.2345; "1.2" is too few digits (not readable);
// "1.24" is wrong. A typed 0 is right only for an exact 0.
Verdict Grade(const Question& question, std::string_view typed);
// 0-based index into question.choices.
Verdict GradeChoice(const Question& question, int choice);
// The set of clicked cells (any order, duplicates ignored).
Verdict GradeCells(const Question& question, std::span<const Cell> cells);

// The answer as the key prints it: "−1.25", "7 × 7", "B. a remainder row …",
// "δˡ[0,0,1], δˡ[0,1,1]".
std::string AnswerText(const Question& question, Lang lang);

}  // namespace convbp::quiz
