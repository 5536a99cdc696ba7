#include "app_state.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <utility>
#include <vector>

#include "case_reader.h"
#include "case_writer.h"
#include "finite_diff.h"
#include "geometry.h"
#include "i18n.h"
#include "loss.h"
#include "notation.h"
#include "platform_io.h"
#include "results_writer.h"
#include "seed_example.h"
#include "threads.h"

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
    // Overlap: the windows counted, lit as their δ cells.
    if (t.window.tensor != steps::TensorId::kNone) f.operands.push_back(t.window);
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
      // Stored C_out × C_in/g × k1 × k2: the second index is c' within the group.
      flat =
          ((size_t(target.idx[0]) * s.GroupInChannels() + target.idx[1]) * s.k1 + target.idx[2]) *
              s.k2 +
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
  // A picked channel pair the new layer does not have (fewer channels, or
  // groups that disconnect it) is forgotten.
  if (s.nav.pair && !PairConnected(s.problem.shape, *s.nav.pair)) s.nav.pair.reset();
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

bool IsSquare(const ConvShape& e) {
  return e.h == e.w && e.k1 == e.k2 && e.s1 == e.s2 && e.p1 == e.p2 && e.d1 == e.d2 &&
         e.op1 == e.op2;
}

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

void ClearStaleErrors(AppState& s) {
  if (s.files.error) s.files.message.clear(), s.files.error = false;
  if (s.export_job.failed && !s.export_job.running)
    s.export_job.message.clear(), s.export_job.failed = false;
}

bool SaveCaseFromUi(AppState& s, const std::string& path) {
  const std::string error = json::SaveCaseFile(path, s.layer);
  if (error.empty()) ClearStaleErrors(s);
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
  if (error.empty()) ClearStaleErrors(s);
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
  const std::string overflow =
      json::FirstNonFinite(loaded.problem.shape.mode == ConvMode::kTransposed
                               ? ComputeTransposed(loaded.problem).adjoint_results
                               : Compute(loaded.problem));
  if (!overflow.empty()) return path + ": " + TF(s.lang, "edit.overflow", {{"what", overflow}});
  FinishBackward(s);  // a helper may still read `problem` (PendingBackward)
  RememberForUndo(s);
  s.layer = std::move(loaded.problem);
  s.problem = s.layer;
  ForgetPresetValues(s);
  s.controls.edit_shape = s.layer.shape;
  s.controls.loss = s.layer.loss;
  // The lock follows the file: a rectangular case must not be squared by
  // the next slider move.
  s.controls.square_lock = IsSquare(s.layer.shape);
  s.controls.shape_error.clear();
  s.controls.limit_note.clear();
  s.history.applied = s.controls;
  s.history.notice.clear();
  s.dirty.problem = false;  // keep the file's values; sliders regenerate later
  s.dirty.results = true;
  ApplyPendingChanges(s);
  return "";
}

std::string InitFromLaunchOptions(AppState& s, const LaunchOptions& o) {
  if (o.shape_given) s.controls.edit_shape = o.shape;
  s.controls.preset = o.values;
  s.controls.seed = int(std::min<uint64_t>(o.seed, uint64_t(kMaxSeed)));
  s.controls.square_lock = IsSquare(s.controls.edit_shape);
  SetLanguage(s, o.lang == "zh" ? steps::Lang::kZh : steps::Lang::kEn);
  if (!o.case_path.empty()) {
    const std::string error = LoadCase(s, o.case_path);
    if (!error.empty()) return error;
  } else {
    const std::string why = ValidateShape(s.controls.edit_shape);
    if (!why.empty()) return why;
    ApplyPendingChanges(s);
    // Nothing about the problem asked for: the seed derivation's example.
    if (!o.shape_given && !o.given.contains("--values") && !o.given.contains("--seed")) {
      s.problem = SeedExampleProblem();
      s.dirty.results = true;
      ApplyPendingChanges(s);
    }
  }
  s.nav.scene = *steps::ParseScene(o.scene);
  s.nav.stage = *steps::StagesOf(s.problem.shape, s.nav.scene).begin();
  if (!o.stage.empty()) {
    const auto stage = steps::ParseStage(o.stage);
    if (!stage || !steps::HasStage(s.problem.shape, s.nav.scene, *stage)) {
      std::string why =
          "--stage '" + o.stage + "': not a stage of scene " + o.scene + " for this shape (stages:";
      for (steps::Stage st : steps::StagesOf(s.problem.shape, s.nav.scene))
        why += std::string(" ") + steps::StageName(st);
      if (stage == steps::Stage::kCrop) why += "; crop needs padding p1 or p2 > 0";
      return why + ")";
    }
    s.nav.stage = *stage;
  }
  if (o.pair) {
    const ChannelPair pair{(*o.pair)[0], (*o.pair)[1]};
    if (!FocusChannelPair(s, pair))
      return "--pair " + std::to_string(pair.c) + "x" + std::to_string(pair.d) +
             ": not a connected channel pair of this layer (c < C_in, d < C_out, same group)";
  }
  if (o.step) {
    const uint64_t count = StepCountOfStage(s);
    if (*o.step >= count)
      return "--step " + std::to_string(*o.step) + ": this stage has " + std::to_string(count) +
             " steps (0.." + std::to_string(count - 1) + ")";
    s.nav.step = *o.step;
  }
  s.nav.progress = o.progress;
  if (o.practice) SetPractice(s, true);
  s.dirty.view = true;
  ApplyPendingChanges(s);
  // Start-up is not a change to undo (what is known about the values stays).
  const auto preset_values = s.history.preset_values;
  s.history = EditHistory{};
  s.history.applied = s.controls;
  s.history.preset_values = preset_values;
  return "";
}

namespace {

// problem/results from the layer: a conv is walked as itself (an edited
// cell lives in `problem`, so the layer follows it); a transposed layer
// as its adjoint conv (transposed.h).
// With `forward_first` only the forward part is computed here and the
// backward part is left waiting for StartBackward and FinishBackward;
// the browser build without threads (threads.h) computes everything at once.
// `layer_is_problem`: the caller has just made them equal (no second copy).
void ComputeWalked(AppState& s, bool forward_first, bool layer_is_problem) {
  if (!IsTransposed(s)) {
    if (!layer_is_problem) s.layer = s.problem, ForgetPresetValues(s);
    s.transposed = {};
    if (!forward_first || !kHasThreads) {
      s.results = Compute(s.problem);
      return;
    }
    // pz and z: the forward scene draws them (with W), and this thread
    // makes them with both cores. The gradients wait for the frame to be
    // shown (StartBackward); FinishBackward moves them in, with the
    // pictures of δ it makes meanwhile.
    s.results = ComputeOutput(s.problem);
    auto pending = std::make_shared<PendingBackward>();
    pending->job = [&p = s.problem, &r = s.results] {
      return ComputeBackwardPart(p, r, Route::kFast, BackwardScope::kWithoutDeltaPictures);
    };
    s.pending_backward = std::move(pending);
    return;
  }
  s.transposed = ComputeTransposed(s.layer);
  s.problem = std::move(s.transposed.adjoint);
  s.results = std::move(s.transposed.adjoint_results);
  s.transposed.adjoint = {}, s.transposed.adjoint_results = {};
}

}  // namespace

bool SetSeedFromText(AppState& s, std::string_view text) {
  uint64_t n = 0;
  bool ok = !text.empty() && text.size() <= 10;
  for (char c : text) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) n = n * 10 + uint64_t(c - '0');
  }
  if (!ok || n > uint64_t(kMaxSeed)) {
    s.controls.seed_error =
        TF(s.lang, "controls.seed_bad",
           {{"text", std::string(text.substr(0, 40))}, {"max", std::to_string(kMaxSeed)}});
    return false;
  }
  s.controls.seed_error.clear();
  s.controls.seed = int(n);
  return true;
}

void StartBackward(AppState& s) {
  PendingBackward* pending = s.pending_backward.get();
  if (!pending || !pending->job) return;
  pending->result = std::async(std::launch::async, std::move(pending->job));
  pending->job = nullptr;
}

void FinishBackward(AppState& s) {
  if (!s.pending_backward) return;
  StartBackward(s);
  // The pictures of δ (engine.h: DeltaPictures) are made here, while the
  // helper computes the gradients. The frame that needed neither has been
  // drawn when the window gets here.
  const Problem<double>& p = s.problem;
  DeltaPictures<double> pictures = BackwardNeedsOutput(p)
                                       ? MakeDeltaPictures(p.shape, LossGrad(p, s.results.output))
                                       : MakeDeltaPictures(p.shape, p.loss_tensor);  // δ = g
  MergeBackwardPart(p, s.pending_backward->result.get(), std::move(pictures), s.results);
  s.pending_backward.reset();
}

void ApplyPendingChanges(AppState& s, ApplyMode mode) {
  if (!s.dirty.problem && !s.dirty.results && !s.dirty.view) return;  // clean: cheap
  FinishBackward(s);
  bool layer_is_problem = false;
  if (s.dirty.problem) {
    s.dirty.problem = false;
    s.controls.shape_error = ValidateShape(s.controls.edit_shape);
    if (s.controls.shape_error.empty()) {
      Problem<double> fresh = MakePresetProblem(s.controls.edit_shape, s.controls.preset,
                                                uint64_t(s.controls.seed), s.controls.loss);
      const LayerControls& was = s.history.applied;
      // A new preset or seed asks for new values; a shape or loss change
      // keeps every tensor it leaves the same shape.
      const bool same_values = was.preset == s.controls.preset && was.seed == s.controls.seed;
      s.history.notice.clear();
      std::array<bool, 4> preset_values;
      preset_values.fill(true);  // nothing carried over: all the preset's
      if (!s.layer.input.empty()) {
        const auto old_preset = [&s, &was] {
          return MakePresetProblem(s.layer.shape, was.preset, uint64_t(was.seed), s.layer.loss);
        };
        // With new values nothing is carried over; only what would have
        // been lost is reported (a copy of `fresh` takes the carried values).
        Problem<double> discarded_copy;
        Problem<double>& kept = same_values ? fresh : (discarded_copy = fresh);
        const CarryOver carried =
            CarryOverValues(s.layer, s.history.preset_values, old_preset, kept);
        if (carried.lost.any()) s.history.notice = DiscardedNotice(carried.lost, s.lang);
        if (same_values) preset_values = carried.preset_values;
      }
      // The old layer goes to the undo history as it is (moved, not copied).
      RememberForUndo(s, std::exchange(s.layer, std::move(fresh)));
      s.history.preset_values = preset_values;
      s.problem = s.layer;
      layer_is_problem = true;
      s.history.applied = s.controls;
      s.dirty.results = true;
    }
  }
  if (s.dirty.results) {
    s.dirty.results = false;
    // The forward scene draws pz, W and z only: the rest can wait until
    // the frame is drawn.
    ComputeWalked(s, mode == ApplyMode::kForwardFirst && s.nav.scene == Scene::kForward,
                  layer_is_problem);
    ++s.results_version;
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
  SyncPractice(s);
  s.derived.focus = FocusOf(s.problem.shape, s.derived.current);
  // Practice: the cells the window reads are the ladder's first hint.
  if (PracticeHidesStep(s) && s.practice.hint < Hint::kCells) s.derived.focus.operands.clear();
  // A worksheet's picture is the finished stage, no window lit.
  if (!s.practice.sheet.empty()) s.derived.focus.operands.clear(), s.derived.focus.targets.clear();
  s.derived.focus.transposed = IsTransposed(s);
  if (s.nav.granularity == Granularity::kMac && !s.derived.current.is_move &&
      s.nav.stage != Stage::kScatter)
    s.derived.focus.running_sum = s.derived.current.sum;
  if (s.nav.stage == Stage::kScatter && ReplayScatter(s))
    s.derived.focus.partial_grad_input = &s.derived.scatter_partial;
  s.derived.previous_windows = std::move(s.derived.canvas.windows);
  // The new cells reuse the old ones' storage (peak memory; scene_layout.h).
  s.derived.canvas = BuildSceneCanvas(s.problem, s.results, s.derived.focus, s.view.canvas_aspect,
                                      std::move(s.derived.canvas));
  s.derived.canvas.generation = ++s.derived.canvas_builds;
  MaskCanvas(s);
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

namespace {

// Every (scene, stage) of the walk, in order, and where the navigation is.
struct WalkStages {
  std::vector<std::pair<Scene, Stage>> items;
  size_t at = 0;
};
WalkStages WalkStagesOf(const AppState& s) {
  WalkStages w;
  for (Scene scene : kWalkScenes)
    for (Stage stage : steps::StagesOf(s.problem.shape, scene)) {
      if (scene == s.nav.scene && stage == s.nav.stage) w.at = w.items.size();
      w.items.push_back({scene, stage});
    }
  return w;
}

void GoToStage(AppState& s, const std::pair<Scene, Stage>& where) {
  s.nav.scene = where.first;
  s.nav.stage = where.second;
}

}  // namespace

WalkPlace WalkPlaceOf(const AppState& s) {
  WalkPlace p;
  p.scenes = int(std::size(kWalkScenes));
  for (int k = 0; k < p.scenes; ++k)
    if (kWalkScenes[k] == s.nav.scene) p.scene = k + 1;
  const steps::StageList list = steps::StagesOf(s.problem.shape, s.nav.scene);
  p.stages = list.size;
  for (int k = 0; k < list.size; ++k)
    if (list.items[size_t(k)] == s.nav.stage) p.stage = k + 1;
  return p;
}

void StageBy(AppState& s, int delta) {
  const WalkStages w = WalkStagesOf(s);
  const int64_t to = int64_t(w.at) + delta;
  if (to >= int64_t(w.items.size())) {  // past the last stage: its end, not back to 0
    JumpToStageEnd(s, true);
    return;
  }
  GoToStage(s, w.items[size_t(std::max<int64_t>(to, 0))]);
  JumpToStep(s, 0);
}

void StepBy(AppState& s, int64_t delta) {
  const uint64_t count = StepCountOfStage(s);
  if (delta > 0 && s.nav.step + uint64_t(delta) >= count) {
    const WalkStages w = WalkStagesOf(s);
    if (w.at + 1 < w.items.size()) {  // on into the next stage or scene
      GoToStage(s, w.items[w.at + 1]);
      JumpToStep(s, 0);
    } else {  // the walk's last step: stay there
      s.nav.step = count ? count - 1 : 0;
      s.nav.playing = false;
      s.nav.progress = 1;
      s.dirty.view = true;
    }
    return;
  }
  if (delta < 0 && uint64_t(-delta) > s.nav.step) {
    const WalkStages w = WalkStagesOf(s);
    if (w.at > 0) {  // back to the previous stage's (or scene's) last step
      GoToStage(s, w.items[w.at - 1]);
      JumpToStageEnd(s, true);
    } else {
      JumpToStep(s, 0);
    }
    return;
  }
  JumpToStep(s, uint64_t(int64_t(s.nav.step) + delta));
}

void JumpToStageEnd(AppState& s, bool end) {
  const uint64_t count = StepCountOfStage(s);
  JumpToStep(s, end && count ? count - 1 : 0);
  s.nav.progress = 1;
}

namespace {

// The step that starts the current stage: its first window, or with a
// channel pair picked, the pair's first window.
uint64_t FirstStepOfStage(const AppState& s) {
  const ConvShape& shape = s.problem.shape;
  if (!s.nav.pair || !PairConnected(shape, *s.nav.pair)) return 0;
  const uint64_t window = WindowOfPair(shape, s.nav.scene, s.nav.stage, *s.nav.pair, 0);
  return s.nav.granularity == Granularity::kMac && !steps::IsMoveStage(s.nav.stage)
             ? steps::WindowToMac(shape, s.nav.scene, s.nav.stage, window)
             : window;
}

}  // namespace

void SetScene(AppState& s, steps::Scene scene) {
  s.nav.scene = scene;
  s.nav.stage = *steps::StagesOf(s.problem.shape, scene).begin();
  JumpToStep(s, FirstStepOfStage(s));
}

void SetStage(AppState& s, steps::Stage stage) {
  if (!steps::HasStage(s.problem.shape, s.nav.scene, stage)) return;
  s.nav.stage = stage;
  JumpToStep(s, FirstStepOfStage(s));
}

bool FocusChannelPair(AppState& s, ChannelPair pair) {
  const ConvShape& shape = s.problem.shape;
  if (!PairConnected(shape, pair)) return false;
  s.nav.pair = pair;
  const bool mac = s.nav.granularity == Granularity::kMac && !steps::IsMoveStage(s.nav.stage);
  const uint64_t current =
      mac ? steps::MacToWindow(shape, s.nav.scene, s.nav.stage, s.nav.step).window : s.nav.step;
  const uint64_t window = WindowOfPair(shape, s.nav.scene, s.nav.stage, pair, current);
  JumpToStep(s, mac ? steps::WindowToMac(shape, s.nav.scene, s.nav.stage, window) : window);
  return true;
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
    // Play runs one scene; the keys walk on into the next.
    const steps::StageList list = steps::StagesOf(s.problem.shape, s.nav.scene);
    const bool scene_end =
        s.nav.stage == list.items[size_t(list.size - 1)] && s.nav.step + 1 >= StepCountOfStage(s);
    if (!scene_end) StepBy(s, +1);
    if (scene_end || !s.nav.playing) {
      s.nav.progress = 1;
      s.nav.playing = false;
      break;
    }
    s.nav.progress = carry;  // several steps per tick at high speed
  }
}

std::vector<int> GroupChoices(const ConvShape& shape) {
  std::vector<int> out;
  for (int g = 1; g <= std::min(shape.c_in, shape.c_out); ++g)
    if (shape.c_in % g == 0 && shape.c_out % g == 0) out.push_back(g);
  return out;
}

bool IsEditable(const AppState& s, steps::TensorId tensor) {
  // A transposed layer is walked as its adjoint conv, whose tensors are
  // computed from the layer's: edit the layer by loading a case instead.
  if (IsTransposed(s)) return false;
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
  // The problem's own tensors; a given δ is the loss tensor. Editable only
  // in conv mode, where the layer is the walked problem: edit both.
  FinishBackward(s);  // a helper may still read `problem` (PendingBackward)
  RememberForUndo(s);
  s.history.applied = s.controls;
  ForgetPresetValues(s);
  for (Problem<double>* p : {&s.problem, &s.layer}) {
    Tensor<double>* t = cell.tensor == steps::TensorId::kInput    ? &p->input
                        : cell.tensor == steps::TensorId::kWeight ? &p->weight
                        : cell.tensor == steps::TensorId::kBias   ? &p->bias
                                                                  : &p->loss_tensor;
    (*t)[t->OffsetOf(cell.Index())] = value;
  }
  s.dirty.results = true;
  return "";
}

}  // namespace convbp::app
