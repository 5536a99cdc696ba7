#include "practice.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "app_state.h"
#include "i18n.h"
#include "lookup.h"

namespace convbp::app {

namespace {

using steps::Cell;

PracticeScore& ScoreOf(AppState& s) { return s.practice.scores[size_t(s.nav.scene)]; }

bool Answered(const AppState& s, const Cell& drawn) {
  return std::find(s.practice.answered.begin(), s.practice.answered.end(), drawn) !=
         s.practice.answered.end();
}

// The window of the current stage that writes `drawn` (every asked stage
// has exactly one writer per target), if any.
std::optional<uint64_t> WindowWriting(const AppState& s, const Cell& drawn) {
  Cell cell = drawn;
  cell.tensor = steps::CanonicalTensor(s.problem.shape, cell.tensor);
  if (!steps::CellInRange(s.problem.shape, cell)) return std::nullopt;
  const steps::CellRefs writers = steps::Writers(s.problem.shape, cell);
  for (int k = 0; k < writers.set_count; ++k) {
    const steps::RefSet& set = writers.sets[size_t(k)];
    if (set.scene == s.nav.scene && set.stage == s.nav.stage && set.size() > 0)
      return set[0].window;
  }
  return std::nullopt;
}

// The target of window `window` of the current stage, as drawn.
Cell TargetOfWindow(const AppState& s, uint64_t window) {
  steps::StepOptions o;
  o.formulas = false;
  o.max_terms = 0;
  const steps::Step st = steps::StepAt(s.problem, s.results, s.nav.scene, s.nav.stage, window,
                                       steps::Granularity::kWindow, o);
  return DrawnCell(s.problem.shape, st.is_move ? st.move.to : st.target);
}

// Navigates to window `window` of the current stage (its first multiply-add
// at MAC granularity) and gives the answer field the keys.
void JumpToWindow(AppState& s, uint64_t window) {
  JumpToStep(s, s.nav.granularity == steps::Granularity::kMac
                    ? steps::WindowToMac(s.problem.shape, s.nav.scene, s.nav.stage, window)
                    : window);
  s.practice.focus_answer = true;
}

// Empties the answer field. A field that has the keys keeps ImGui's own
// copy of its text, so the panel draws a fresh field (a new generation).
void ClearField(AppState& s) {
  s.practice.answer[0] = 0;
  ++s.practice.field_generation;
}

void Say(AppState& s, PracticeState::Tone tone, std::string message) {
  s.practice.tone = tone;
  s.practice.message = std::move(message);
}

// The question is finished (right or revealed): it counts in the score.
void Finish(AppState& s, const Cell& cell, bool first_try) {
  s.practice.answered.push_back(cell);
  s.dirty.view = true;  // the canvas shows its value now
  PracticeScore& score = ScoreOf(s);
  ++score.answered;
  if (first_try) ++score.first_try;
}

}  // namespace

bool PracticeAsks(steps::Stage stage) { return stage != steps::Stage::kScatter; }

void SetPractice(AppState& s, bool on) {
  PracticeState& p = s.practice;
  p.on = on;
  p.answered.clear();
  p.asked.reset();
  p.hint = Hint::kNone;
  p.wrong = 0;
  ClearField(s);
  Say(s, PracticeState::Tone::kNone, "");
  p.focus_answer = on;
  if (on) {
    s.nav.playing = false;
    SetGranularity(s, steps::Granularity::kWindow);
  }
  s.dirty.view = true;
}

bool IsStageTarget(const AppState& s, const Cell& drawn) {
  return PracticeAsks(s.nav.stage) && WindowWriting(s, drawn).has_value();
}

bool IsHiddenCell(const AppState& s, const Cell& drawn) {
  return s.practice.on && !Answered(s, drawn) && IsStageTarget(s, drawn);
}

std::optional<Cell> CurrentQuestion(const AppState& s) {
  if (!PracticeAsks(s.nav.stage)) return std::nullopt;
  const steps::Step& st = s.derived.current;
  const Cell target = st.is_move ? st.move.to : st.target;
  if (target.tensor == steps::TensorId::kNone) return std::nullopt;
  return DrawnCell(s.problem.shape, target);
}

bool PracticeHidesStep(const AppState& s) {
  const std::optional<Cell> q = CurrentQuestion(s);
  return s.practice.on && q && !Answered(s, *q);
}

bool StageComplete(const AppState& s) {
  if (!PracticeAsks(s.nav.stage)) return true;
  const uint64_t windows = steps::WindowCount(s.problem.shape, s.nav.scene, s.nav.stage);
  return s.practice.answered.size() >= windows;
}

bool PracticeHidesChannelSums(const AppState& s) { return PracticeHidesStep(s); }

bool PracticeHidesWeightGradient(const AppState& s) {
  return s.practice.on && s.nav.scene == steps::Scene::kWeight && !StageComplete(s);
}

bool NextQuestion(AppState& s) {
  if (!PracticeAsks(s.nav.stage)) return false;
  const uint64_t count = steps::WindowCount(s.problem.shape, s.nav.scene, s.nav.stage);
  for (uint64_t k = 1; k <= count; ++k) {
    const uint64_t window = (s.derived.current.window + k) % count;
    if (!Answered(s, TargetOfWindow(s, window))) {
      JumpToWindow(s, window);
      return true;
    }
  }
  return false;
}

bool AskCell(AppState& s, const Cell& drawn) {
  if (!IsHiddenCell(s, drawn)) return false;
  JumpToWindow(s, *WindowWriting(s, drawn));
  return true;
}

PracticeResult SubmitPractice(AppState& s) {
  PracticeState& p = s.practice;
  const std::optional<Cell> q = CurrentQuestion(s);
  if (!q || Answered(s, *q)) {
    ClearField(s);
    p.focus_answer = true;
    if (NextQuestion(s)) return PracticeResult::kNext;
    // The stage is done: on to the next one (or the end of the walk).
    const steps::Scene scene = s.nav.scene;
    const steps::Stage stage = s.nav.stage;
    StageBy(s, +1);
    if (s.nav.scene == scene && s.nav.stage == stage) {
      Say(s, PracticeState::Tone::kInfo, T(s.lang, "practice.walk_done"));
      return PracticeResult::kWalkDone;
    }
    return PracticeResult::kNextStage;
  }
  p.focus_answer = true;
  if (std::string_view(p.answer).find_first_not_of(" \t") == std::string_view::npos) {
    Say(s, PracticeState::Tone::kBadInput, T(s.lang, "practice.empty"));
    return PracticeResult::kBadInput;
  }
  if (!p.question) {  // SyncPractice made it; a stage without questions has no target
    Say(s, PracticeState::Tone::kInfo, T(s.lang, "practice.no_questions"));
    return PracticeResult::kBadInput;
  }
  const quiz::Verdict verdict = quiz::Grade(*p.question, p.answer);
  const std::string& said = verdict.message[size_t(s.lang)];
  if (!verdict.readable) {  // not a number, too few digits: try again, not marked wrong
    Say(s, PracticeState::Tone::kBadInput, said);
    return PracticeResult::kBadInput;
  }
  if (verdict.right) {
    Finish(s, *q, p.wrong == 0 && p.hint == Hint::kNone);
    Say(s, PracticeState::Tone::kRight, said);
    ClearField(s);
    NextQuestion(s);  // the next hidden cell, if any; else Enter goes on
    return PracticeResult::kRight;
  }
  ++p.wrong;
  p.hint = Hint(std::min(int(p.hint) + 1, int(Hint::kRevealed)));
  s.dirty.view = true;  // rung 1 lights the cells on the canvas
  // The field starts empty for the next try; the verdict quotes the last one.
  Say(s, PracticeState::Tone::kWrong,
      TF(s.lang, "practice.you_typed", {{"text", p.answer}}) + " " + said);
  ClearField(s);
  if (p.hint == Hint::kRevealed) {
    Finish(s, *q, false);
    return PracticeResult::kRevealed;
  }
  return PracticeResult::kWrong;
}

void SyncPractice(AppState& s) {
  PracticeState& p = s.practice;
  if (!p.on) return;
  if (p.scene != s.nav.scene || p.stage != s.nav.stage || p.results_version != s.results_version) {
    p.scene = s.nav.scene, p.stage = s.nav.stage, p.results_version = s.results_version;
    p.answered.clear();
    p.asked.reset();
    Say(s, PracticeState::Tone::kNone, "");  // a verdict belongs to its stage
  }
  const std::optional<Cell> q = CurrentQuestion(s);
  if (q != p.asked) {
    p.asked = q;
    p.question.reset();
    if (q)
      p.question = quiz::StageQuestion(s.problem, s.results, s.nav.scene, s.nav.stage,
                                       s.derived.current.window);
    p.hint = Hint::kNone;
    p.wrong = 0;
    p.focus_answer = true;
    if (p.answer[0]) ClearField(s);  // typed for another question
    // The verdict on the question just answered stays until the next Enter.
    if (p.tone != PracticeState::Tone::kRight && p.tone != PracticeState::Tone::kInfo)
      Say(s, PracticeState::Tone::kNone, "");
  }
}

void MaskCanvas(AppState& s) {
  CanvasModel& m = s.derived.canvas;
  m.blanks.clear();
  const bool sheet = !s.practice.sheet.empty();
  if (!sheet && !s.practice.on) return;
  std::map<int, bool> touched_boxes;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const Cell cell = m.refs.CellOf(k);
    std::string label;
    if (sheet) {
      for (const BlankCell& b : s.practice.sheet)
        if (b.cell == cell) label = b.label;
    } else if (IsHiddenCell(s, cell)) {
      label = "?";
    }
    if (label.empty()) continue;
    m.cells[k].value = 0;
    m.cells[k].shade = 0;
    m.blanks.push_back({k, std::move(label)});
    if (m.refs.BoxOf(k) >= 0) touched_boxes[m.refs.BoxOf(k)] = true;
  }
  // A box's colour scale is its largest |value|: recomputed without the
  // blanks, so the legend ("±3") does not give a hidden cell away.
  for (const auto& [box, unused] : touched_boxes) {
    float biggest = 0;
    for (size_t k = 0; k < m.cells.size(); ++k)
      if (m.refs.BoxOf(k) == box) biggest = std::max(biggest, std::fabs(m.cells[k].value));
    const float scale = biggest > 0 ? biggest : 1.0f;
    m.boxes[size_t(box)].value_scale = scale;
    for (size_t k = 0; k < m.cells.size(); ++k)
      if (m.refs.BoxOf(k) == box) m.cells[k].shade = m.cells[k].value / scale;
  }
}

}  // namespace convbp::app
