#include "app_state.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "case_reader.h"
#include "case_writer.h"
#include "finite_diff.h"
#include "geometry.h"
#include "i18n.h"
#include "notation.h"
#include "platform_io.h"
#include "results_writer.h"

namespace convbp::app {

namespace {

using steps::Granularity;
using steps::Scene;
using steps::Stage;

StepFocus FocusOf(const ConvShape& shape, const steps::Step& st) {
  StepFocus f;
  f.scene = st.scene;
  f.stage = st.stage;
  f.index = st.index;
  f.count = st.count;
  if (st.is_move) {
    f.move_from = DrawnCell(shape, st.move.from);
    f.move_to = DrawnCell(shape, st.move.to);
    return f;
  }
  if (st.target.tensor != steps::TensorId::kNone) f.targets.push_back(DrawnCell(shape, st.target));
  for (const steps::Term& t : st.terms) {
    for (const steps::Operand* op : {&t.a, &t.b})
      if (op->cell.tensor != steps::TensorId::kOne && op->cell.tensor != steps::TensorId::kNone)
        f.operands.push_back(DrawnCell(shape, op->cell));
    if (t.target.tensor != steps::TensorId::kNone) f.targets.push_back(DrawnCell(shape, t.target));
  }
  return f;
}

// The parameter whose finite difference checks the target cell, if any.
bool FiniteDifferenceOf(const Problem<double>& p, const steps::Cell& target, double& out) {
  const ConvShape& s = p.shape;
  size_t flat = 0;
  ParamTensor which;
  switch (target.tensor) {
    case steps::TensorId::kGradInput:
      which = ParamTensor::kInput;
      flat = (size_t(target.idx[0]) * s.h + target.idx[1]) * s.w + target.idx[2];
      break;
    case steps::TensorId::kGradInputPadded: {
      // Border cells of ∂L/∂pz belong to padding zeros, not to an input cell.
      if (IsPaddingBorder(s, target.idx[1], target.idx[2])) return false;
      const int y = target.idx[1] - s.p1, x = target.idx[2] - s.p2;
      which = ParamTensor::kInput;
      flat = (size_t(target.idx[0]) * s.h + y) * s.w + x;
      break;
    }
    case steps::TensorId::kGradWeight:
      which = ParamTensor::kWeight;
      flat = ((size_t(target.idx[0]) * s.c_in + target.idx[1]) * s.k1 + target.idx[2]) * s.k2 +
             target.idx[3];
      break;
    case steps::TensorId::kGradBias:
      which = ParamTensor::kBias;
      flat = size_t(target.idx[0]);
      break;
    default: return false;
  }
  out = FiniteDifference(p, which, flat, 1e-6);
  return true;
}

void ClampNavigation(AppState& s) {
  if (!steps::HasStage(s.problem.shape, s.nav.scene, s.nav.stage))
    s.nav.stage = *steps::StagesOf(s.problem.shape, s.nav.scene).begin();
  const uint64_t count = StepCountOfStage(s);
  if (s.nav.step >= count) s.nav.step = count ? count - 1 : 0;
}

// Largest |value| a cell edit accepts: (1e50)² summed over the biggest
// windows stays far below the double range.
constexpr double kMaxEditedMagnitude = 1e50;

// Terms of a window kept for the panels; the rest are summed, not stored.
constexpr uint64_t kMaxKeptTerms = 4096;

// Scatter: adds up the products of every window up to and including the
// current one (up to the current MAC at MAC granularity), so the canvas
// shows overlapping windows summing. Windows run in the step model's order
// (c, d, i, j); window (c,d,i,j) adds δ_{d,i,j}·W_{d,c,m,n} into
// ∂L/∂pz_{c, i·s1+m, j·s2+n}. Skipped (false) for big layers, where the
// final gradient is shown instead.
bool ReplayScatter(AppState& s) {
  constexpr uint64_t kMaxReplayedMacs = 200'000;
  const ConvShape& sh = s.problem.shape;
  if (ScatterPrefix::ThroughWindow(sh, s.derived.current.window).products > kMaxReplayedMacs)
    return false;
  const ScatterPrefix done =
      s.nav.granularity == Granularity::kMac
          ? ScatterPrefix::ThroughTerm(sh, s.derived.current.window, s.derived.current.term)
          : ScatterPrefix::ThroughWindow(sh, s.derived.current.window);
  s.derived.scatter_partial = PartialScatter(sh, s.problem.weight, s.results.grad_output, done);
  return true;
}

}  // namespace

float Eased(float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  return t < 0.5f ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3.0f) / 2;
}

uint64_t StepCountOfStage(const AppState& s) {
  return steps::StepCount(s.problem.shape, s.nav.scene, s.nav.stage, s.nav.granularity);
}

void SetLanguage(AppState& s, steps::Lang lang) {
  if (lang == steps::Lang::kZh && !s.fonts.cjk) lang = steps::Lang::kEn;
  if (s.lang != lang) {
    s.view.redraw_frames = 2;  // what was drawn before the switch is stale
    s.dirty.view = true;       // the written-out window has words in it
  }
  s.lang = lang;
}

void RememberRecent(AppState& s, const std::string& path) {
  // Absolute, so the list works whatever directory the app starts in.
  std::error_code ec;
  std::string full = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) full = path;
  std::erase(s.files.recent, full);
  s.files.recent.insert(s.files.recent.begin(), full);
  if (s.files.recent.size() > kMaxRecent) s.files.recent.resize(kMaxRecent);
}

bool SaveCaseFromUi(AppState& s, const std::string& path) {
  const std::string error = json::SaveCaseFile(path, s.problem);
  s.files.error = !error.empty();
  s.files.message = s.files.error ? TF(s.lang, "file.save_failed", {{"why", error}})
                                  : TF(s.lang, "file.saved", {{"path", path}});
  if (!s.files.error) {
    RememberRecent(s, path);
    NotifyFileWritten(s.platform, path);  // the browser downloads it (platform_io.h)
  }
  return !s.files.error;
}

bool LoadCaseFromUi(AppState& s, const std::string& path) {
  const std::string error = LoadCase(s, path);
  s.files.error = !error.empty();
  s.files.message = s.files.error ? TF(s.lang, "file.load_failed", {{"why", error}})
                                  : TF(s.lang, "file.loaded", {{"path", path}});
  if (!s.files.error) {
    RememberRecent(s, path);
    s.files.case_path = path;
    s.dirty.view = true;
    ApplyPendingChanges(s);
  }
  return !s.files.error;
}

std::string LoadCase(AppState& s, const std::string& path) {
  json::CaseLoad loaded = json::LoadCaseFile(path);
  if (!loaded.ok()) return loaded.error;  // the current problem stays
  // Finite inputs can still overflow (1e308 · 1e308): refuse such a case
  // as convbp-cli does, rather than show inf.
  const std::string overflow = json::FirstNonFinite(Compute(loaded.problem));
  if (!overflow.empty()) return path + ": " + TF(s.lang, "edit.overflow", {{"what", overflow}});
  s.problem = std::move(loaded.problem);
  s.controls.edit_shape = s.problem.shape;
  s.controls.loss = s.problem.loss;
  s.controls.shape_error.clear();
  s.dirty.problem = false;  // keep the file's values; sliders regenerate later
  s.dirty.results = true;
  ApplyPendingChanges(s);
  return "";
}

std::string InitFromLaunchOptions(AppState& s, const LaunchOptions& o) {
  if (o.shape_given) s.controls.edit_shape = o.shape;
  s.controls.preset = o.values;
  s.controls.seed = int(std::min<uint64_t>(o.seed, 1'000'000'000));
  s.controls.square_lock = s.controls.edit_shape.k1 == s.controls.edit_shape.k2 &&
                           s.controls.edit_shape.s1 == s.controls.edit_shape.s2 &&
                           s.controls.edit_shape.p1 == s.controls.edit_shape.p2 &&
                           s.controls.edit_shape.h == s.controls.edit_shape.w;
  SetLanguage(s, o.lang == "zh" ? steps::Lang::kZh : steps::Lang::kEn);
  if (!o.case_path.empty()) {
    const std::string error = LoadCase(s, o.case_path);
    if (!error.empty()) return error;
  } else {
    const std::string why = ValidateShape(s.controls.edit_shape);
    if (!why.empty()) return why;
    ApplyPendingChanges(s);
  }
  s.nav.scene = *steps::ParseScene(o.scene);
  s.nav.stage = *steps::StagesOf(s.problem.shape, s.nav.scene).begin();
  if (!o.stage.empty()) {
    const auto stage = steps::ParseStage(o.stage);
    if (!stage || !steps::HasStage(s.problem.shape, s.nav.scene, *stage))
      return "--stage '" + o.stage + "': not a stage of scene " + o.scene +
             " for this shape (crop needs padding)";
    s.nav.stage = *stage;
  }
  if (o.step) {
    const uint64_t count = StepCountOfStage(s);
    if (*o.step >= count)
      return "--step " + std::to_string(*o.step) + ": this stage has " + std::to_string(count) +
             " steps (0.." + std::to_string(count - 1) + ")";
    s.nav.step = *o.step;
  }
  s.nav.progress = o.progress;
  s.dirty.view = true;
  ApplyPendingChanges(s);
  return "";
}

void ApplyPendingChanges(AppState& s) {
  if (s.dirty.problem) {
    s.dirty.problem = false;
    s.controls.shape_error = ValidateShape(s.controls.edit_shape);
    if (s.controls.shape_error.empty()) {
      s.problem = MakePresetProblem(s.controls.edit_shape, s.controls.preset,
                                    uint64_t(s.controls.seed), s.controls.loss);
      s.dirty.results = true;
    }
  }
  if (s.dirty.results) {
    s.dirty.results = false;
    s.results = Compute(s.problem);
    ClampNavigation(s);
    s.dirty.view = true;
  }
  if (!s.dirty.view) return;
  s.dirty.view = false;
  ClampNavigation(s);
  // A window can hold millions of products (a weight-gradient window has
  // H'·W'): keep the first few thousand as Terms; the sums cover them all.
  steps::StepOptions options;
  options.max_terms = kMaxKeptTerms;
  steps::StepAt(s.problem, s.results, s.nav.scene, s.nav.stage, s.nav.step, s.nav.granularity,
                &s.derived.current, options);
  const bool mac = s.nav.granularity == Granularity::kMac && !s.derived.current.is_move;
  if (mac) {
    steps::StepAt(s.problem, s.results, s.nav.scene, s.nav.stage, s.derived.current.window,
                  Granularity::kWindow, &s.derived.window_step, options);
  } else {
    s.derived.window_step = s.derived.current;
  }
  WriteOutWindow(s);
  s.derived.term_cells.clear();
  for (const steps::Term& t : s.derived.window_step.terms)
    s.derived.term_cells.push_back(
        {DrawnCell(s.problem.shape, t.a.cell), DrawnCell(s.problem.shape, t.b.cell)});
  s.derived.focus = FocusOf(s.problem.shape, s.derived.current);
  if (s.nav.granularity == Granularity::kMac && !s.derived.current.is_move &&
      s.nav.stage != Stage::kScatter)
    s.derived.focus.running_sum = s.derived.current.sum;
  if (s.nav.stage == Stage::kScatter && ReplayScatter(s))
    s.derived.focus.partial_grad_input = &s.derived.scatter_partial;
  s.derived.previous_windows = std::move(s.derived.canvas.windows);
  s.derived.canvas = BuildSceneCanvas(s.problem, s.results, s.derived.focus);
  s.derived.canvas.generation = ++s.derived.canvas_builds;
  // A scatter window adds only part of its cells' gradients: no single
  // finite difference checks it.
  s.derived.has_finite_difference =
      !s.derived.current.is_move && s.nav.stage != Stage::kScatter &&
      FiniteDifferenceOf(s.problem, s.derived.current.target, s.derived.finite_difference);
}

void WriteOutWindow(AppState& s) {
  const bool mac = s.nav.granularity == Granularity::kMac && !s.derived.current.is_move;
  const int focus_term = mac ? int(s.derived.current.term) : -1;
  const steps::Term* focus_value =
      mac && !s.derived.current.terms.empty() ? &s.derived.current.terms[0] : nullptr;
  s.derived.chunks_cells = WindowChunks(s.derived.window_step, s.lang, false, focus_term,
                                        focus_value, s.view.show_all_terms);
  s.derived.chunks_numbers = WindowChunks(s.derived.window_step, s.lang, true, focus_term,
                                          focus_value, s.view.show_all_terms);
}

bool TermReads(const AppState& s, int term, const steps::Cell& cell) {
  if (term < 0 || size_t(term) >= s.derived.term_cells.size()) return false;
  const auto& pair = s.derived.term_cells[size_t(term)];
  return pair[0] == cell || pair[1] == cell;
}

void JumpToStep(AppState& s, uint64_t index) {
  const uint64_t count = StepCountOfStage(s);
  s.nav.step = std::min(index, count ? count - 1 : 0);
  s.nav.progress = 0;
  s.dirty.view = true;
}

void StageBy(AppState& s, int delta) {
  const steps::StageList list = steps::StagesOf(s.problem.shape, s.nav.scene);
  int at = 0;
  for (int k = 0; k < list.size; ++k)
    if (list.items[size_t(k)] == s.nav.stage) at = k;
  at = std::clamp(at + delta, 0, list.size - 1);
  SetStage(s, list.items[size_t(at)]);
}

void StepBy(AppState& s, int64_t delta) {
  const uint64_t count = StepCountOfStage(s);
  if (delta > 0 && s.nav.step + uint64_t(delta) >= count) {
    const steps::Stage before = s.nav.stage;
    StageBy(s, +1);
    if (s.nav.stage == before) {  // last stage: stay on its last step
      s.nav.step = count - 1;
      s.nav.playing = false;
      s.nav.progress = 1;
    }
    return;
  }
  if (delta < 0 && uint64_t(-delta) > s.nav.step) {
    const steps::Stage before = s.nav.stage;
    StageBy(s, -1);
    if (s.nav.stage != before) JumpToStageEnd(s, true);
    else JumpToStep(s, 0);
    return;
  }
  JumpToStep(s, uint64_t(int64_t(s.nav.step) + delta));
}

void JumpToStageEnd(AppState& s, bool end) {
  const uint64_t count = StepCountOfStage(s);
  JumpToStep(s, end && count ? count - 1 : 0);
  s.nav.progress = 1;
}

void SetScene(AppState& s, steps::Scene scene) {
  s.nav.scene = scene;
  s.nav.stage = *steps::StagesOf(s.problem.shape, scene).begin();
  JumpToStep(s, 0);
}

void SetStage(AppState& s, steps::Stage stage) {
  if (!steps::HasStage(s.problem.shape, s.nav.scene, stage)) return;
  s.nav.stage = stage;
  JumpToStep(s, 0);
}

void SetGranularity(AppState& s, steps::Granularity g) {
  if (g == s.nav.granularity) return;
  // Keep the same place: window w ↔ its first MAC.
  const bool moves = steps::IsMoveStage(s.nav.stage);
  uint64_t index = s.nav.step;
  if (!moves && g == Granularity::kMac)
    index = steps::WindowToMac(s.problem.shape, s.nav.scene, s.nav.stage, s.nav.step);
  if (!moves && g == Granularity::kWindow)
    index = steps::MacToWindow(s.problem.shape, s.nav.scene, s.nav.stage, s.nav.step).window;
  s.nav.granularity = g;
  JumpToStep(s, index);
  s.nav.progress = 1;
}

void TogglePlay(AppState& s) {
  s.nav.playing = !s.nav.playing;
  if (s.nav.playing && s.nav.progress >= 1) {
    const uint64_t count = StepCountOfStage(s);
    if (s.nav.step + 1 >= count) {
      // At the very end of the scene, play restarts the stage.
      const steps::StageList list = steps::StagesOf(s.problem.shape, s.nav.scene);
      if (s.nav.stage == list.items[size_t(list.size - 1)]) JumpToStep(s, 0);
    }
  }
}

void Tick(AppState& s, float dt) {
  if (s.view.redraw_frames > 0) --s.view.redraw_frames;
  if (!s.nav.playing) {
    // A step changed by hand still animates into place.
    s.nav.progress = std::min(1.0f, s.nav.progress + dt * s.nav.speed / kStepSeconds);
    return;
  }
  s.nav.progress += dt * s.nav.speed / kStepSeconds;
  while (s.nav.playing && s.nav.progress >= 1) {
    const float carry = s.nav.progress - 1;
    const uint64_t before = s.nav.step;
    const steps::Stage stage_before = s.nav.stage;
    StepBy(s, +1);
    if (!s.nav.playing || (s.nav.step == before && s.nav.stage == stage_before)) {
      s.nav.progress = 1;
      s.nav.playing = false;
      break;
    }
    s.nav.progress = carry;  // several steps per tick at high speed
  }
}

bool IsEditable(const AppState& s, steps::TensorId tensor) {
  switch (tensor) {
    case steps::TensorId::kInput:
    case steps::TensorId::kInputPadded:  // its interior is the input
    case steps::TensorId::kWeight:
    case steps::TensorId::kBias: return true;
    case steps::TensorId::kGradOutput: return s.problem.loss == LossKind::kGivenGrad;
    default: return false;
  }
}

std::string EditCell(AppState& s, const steps::Cell& cell, double value) {
  if (!std::isfinite(value)) return T(s.lang, "edit.not_finite");
  // Beyond this, products and squared errors could overflow to inf.
  if (std::fabs(value) > kMaxEditedMagnitude) return T(s.lang, "edit.too_large");
  const ConvShape& sh = s.problem.shape;
  if (cell.tensor == steps::TensorId::kInputPadded) {
    // Only the interior is the user's input; the border is padding.
    if (cell.rank != 3) return T(s.lang, "edit.no_cell");
    if (IsPaddingBorder(sh, cell.idx[1], cell.idx[2])) return T(s.lang, "edit.padding");
    return EditCell(s,
                    steps::Cell::Of(steps::TensorId::kInput, cell.idx[0], cell.idx[1] - sh.p1,
                                    cell.idx[2] - sh.p2),
                    value);
  }
  if (cell.tensor == steps::TensorId::kGradOutput && s.problem.loss != LossKind::kGivenGrad)
    return T(s.lang, "edit.delta_from_loss");
  if (!IsEditable(s, cell.tensor))
    return TF(s.lang, "edit.computed", {{"tensor", steps::TensorWords(cell.tensor, s.lang)}});
  if (!steps::CellInRange(sh, cell)) return T(s.lang, "edit.no_cell");
  // The problem's own tensors; a given δ is the loss tensor.
  Tensor<double>* t = cell.tensor == steps::TensorId::kInput    ? &s.problem.input
                      : cell.tensor == steps::TensorId::kWeight ? &s.problem.weight
                      : cell.tensor == steps::TensorId::kBias   ? &s.problem.bias
                                                                : &s.problem.loss_tensor;
  (*t)[t->OffsetOf(cell.Index())] = value;
  s.dirty.results = true;
  return "";
}

}  // namespace convbp::app
