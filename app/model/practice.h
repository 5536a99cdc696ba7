// Practice mode (issue 15): the student computes, the app checks. The
// cells the current stage writes (its targets) are hidden — drawn "?" on
// the canvas, left out of the step panel — until the student types each
// one's value. A right answer reveals the cell and asks the next; a wrong
// one climbs a hint ladder:
//   1 light the cells the window reads      (the canvas's usual focus)
//   2 the window's formula with indices     (chunks_cells without "= sum")
//   3 its terms with numbers                (chunks_numbers without "= sum")
//   4 the value itself (revealed, no point)
// The question is always the current step's target: navigation picks the
// question, and answering moves the navigation on. Answers are graded by
// the core's quiz (core/quiz). Plain data and logic; the panel that draws
// it is ui/practice_panel.cpp.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "quiz.h"

namespace convbp::app {

struct AppState;

// One scene's score: questions finished (answered or revealed) and those
// answered right at the first attempt with no hint. Kept in the settings.
struct PracticeScore {
  int answered = 0;
  int first_try = 0;
  bool operator==(const PracticeScore&) const = default;
};

// The hint ladder's rungs (see above).
enum class Hint : int { kNone = 0, kCells = 1, kFormula = 2, kNumbers = 3, kRevealed = 4 };

// A cell blanked on a worksheet (or on the canvas in practice): the drawn
// cell and the label drawn in it ("?" in practice, "?3" on a worksheet).
struct BlankCell {
  steps::Cell cell;
  std::string label;
};

struct PracticeState {
  bool on = false;
  // The stage the answers belong to and the results they were checked
  // against (AppState::results_version); a change starts the stage afresh.
  steps::Scene scene = steps::Scene::kForward;
  steps::Stage stage = steps::Stage::kSlide;
  uint64_t results_version = 0;
  std::vector<steps::Cell> answered;  // drawn targets already answered or revealed
  // The question the hint and the attempts below are about.
  std::optional<steps::Cell> asked;
  std::optional<quiz::Question> question;  // the core's question for `asked` (hints, grading)
  Hint hint = Hint::kNone;
  int wrong = 0;  // wrong attempts at `asked`
  char answer[64] = "";
  int field_generation = 0;  // bumped whenever the model empties `answer` (practice_panel.cpp)
  enum class Tone { kNone, kRight, kWrong, kBadInput, kInfo } tone = Tone::kNone;
  std::string message;  // the last verdict, or why the input was not read
  bool focus_answer =
      false;  // give the answer field the keys on the next frame (Tab, a new question)
  // Enter was pressed (the key queue, ui/panels.h KeyPress): the panel
  // submits after its field has taken this frame's typed characters.
  bool submit = false;
  bool field_active = false;  // the answer field had the keys last frame
  std::array<PracticeScore, steps::kSceneCount> scores{};  // by steps::Scene
  // A worksheet's numbered blanks (export): when non-empty they replace the
  // practice blanks on the canvas, whether practice is on or not.
  std::vector<BlankCell> sheet;
};

// Turns practice mode on or off. On: window granularity, playing stops,
// the current stage starts with nothing answered and the field has the keys.
void SetPractice(AppState& s, bool on);

// Whether the stage asks questions: every stage but scatter (whose windows
// add into many cells each: the alternative view, nothing to fill in).
bool PracticeAsks(steps::Stage stage);

// Whether the current stage writes `drawn` (a cell as the canvas draws it).
bool IsStageTarget(const AppState& s, const steps::Cell& drawn);
// Practice on, `drawn` a target of the current stage and not yet answered.
bool IsHiddenCell(const AppState& s, const steps::Cell& drawn);
// The current step's target as drawn, when the stage asks questions.
std::optional<steps::Cell> CurrentQuestion(const AppState& s);
// The question of the current step is still hidden: the step panel keeps
// its arithmetic back (down to the hint ladder's rung).
bool PracticeHidesStep(const AppState& s);
// Whether every target of the current stage is answered.
bool StageComplete(const AppState& s);

// What the panels beside the canvas may show while practising (they must not
// give away what the canvas hides):
//   - the channel explorer's eq-8 sum split by output channel (its parts
//     add up to the answer): only once the current question is answered;
//   - its ∂W thumbnails (their colours are the weight scene's answers):
//     only once the weight scene's stage is complete.
bool PracticeHidesChannelSums(const AppState& s);
bool PracticeHidesWeightGradient(const AppState& s);

// What Enter in the answer field does:
//   the question is open  → grade the typed answer (bad input: a message,
//                           not a wrong attempt);
//   it is answered        → the next unanswered question of the stage;
//   the stage is complete → the next stage.
enum class PracticeResult { kBadInput, kRight, kWrong, kRevealed, kNext, kNextStage, kWalkDone };
PracticeResult SubmitPractice(AppState& s);
// Makes `drawn` (a hidden target clicked on the canvas) the question.
bool AskCell(AppState& s, const steps::Cell& drawn);
// Moves to the next unanswered target of the stage after the current step
// (wrapping); false when there is none.
bool NextQuestion(AppState& s);

// Called by ApplyPendingChanges once the step is known: starts the stage
// afresh when the stage or the results changed, and resets the ladder when
// the question changed.
void SyncPractice(AppState& s);
// The canvas's blanks: practice's hidden targets ("?") or a worksheet's
// numbered cells. A blank's colour and value are cleared so neither the
// number, the shade nor the tooltip gives the answer away; `canvas.blanks`
// lists them for the overlay.
void MaskCanvas(AppState& s);

}  // namespace convbp::app
