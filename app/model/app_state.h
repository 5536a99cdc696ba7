// Everything the app knows, owned by main. Widgets change the control
// fields and set a dirty flag; ApplyPendingChanges() recomputes once per
// frame after the UI pass (app/README.md: controls → Problem → Results once
// per change → step model on demand → drawing). No GL or ImGui here, so the
// headless tests drive it directly.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "canvas_model.h"
#include "channel_explorer.h"
#include "edit_history.h"
#include "engine.h"
#include "export_plan.h"
#include "formula_text.h"
#include "frame_pacing.h"
#include "i18n.h"
#include "launch_options.h"
#include "matrix_scene.h"
#include "platform_io.h"
#include "practice.h"
#include "presets.h"
#include "scene_layout.h"
#include "step.h"
#include "transposed.h"

namespace convbp::app {

// What the canvas panel keeps between frames: the click-to-edit popup and
// the hovered cell's lookup text.
struct CanvasInteraction {
  bool edit_open = false;             // the popup was opened by a click
  std::optional<steps::Cell> edited;  // the clicked cell if editable (nullopt: computed)
  double edit_value = 0;
  std::string edit_error;
  bool refocus = false;          // give the value field the keys again (after a refused value)
  uint64_t edit_generation = 0;  // the canvas the popup was opened on
  // Which steps read/write the hovered cell and why it is zero. Explaining
  // a zero may rebuild a whole window, so the text is kept while the same
  // cell of the same canvas stays hovered in the same language.
  struct Lookup {
    steps::Cell cell;
    uint64_t generation = 0;  // CanvasModel::generation it was made for (0: none)
    steps::Lang lang = steps::Lang::kEn;
    std::string reads, why;
  } lookup;
};

// The layer the controls describe (what the widgets show; it may be an
// impossible layer, named in shape_error, while `problem` keeps the last
// valid one).
struct LayerControls {
  ConvShape edit_shape;
  bool square_lock = true;  // k1 = k2, s1 = s2, p1 = p2, H = W
  ValuePreset preset = ValuePreset::kSmallIntegers;
  int seed = 1;
  LossKind loss = LossKind::kGivenGrad;
  std::string shape_error;  // why edit_shape cannot be computed ("" when it can)
  std::string limit_note;   // a typed value beyond a slider's range, and the limit
  std::string seed_error;   // a seed that is not a whole number in range
};

// Whether the square lock describes `e`: H = W, k1 = k2, s1 = s2, p1 = p2,
// d1 = d2 (the lock's sliders set both halves).
bool IsSquare(const ConvShape& e);

// One layer as it was before a change: what the controls showed and the
// values (edit_history.h).
struct LayerSnapshot {
  LayerControls controls;
  Problem<double> problem;
  // The tensors (input, W, b, δ-or-target) that held exactly what the
  // preset of `controls` makes for the problem's shape: they are not kept
  // (left empty) and made again on undo, so a slider drag's snapshots cost
  // almost nothing (a 1×1024×1024 layer's took 16 MB each).
  std::array<bool, 4> preset_values{};
};
struct EditHistory {
  std::vector<LayerSnapshot> undo, redo;  // oldest first, at most kMaxUndo
  LayerControls applied;                  // the controls `problem` was last made or restored from
  std::string notice;  // "Changing the layer replaced …; Ctrl+Z …" ("" when nothing was lost)
  // Whether the layer's input, W, b and δ-or-target (in that order) are known
  // to hold exactly what `applied`'s preset makes for the layer's shape and
  // loss. A change that replaces such a tensor discards nothing of the
  // student's, so the old preset need not be made again to tell (2 ms and a
  // layer-sized copy on 3×224×224). False means "not known": compare.
  // Cleared by everything else that writes the layer (ForgetPresetValues).
  std::array<bool, 4> preset_values{};
};

// Where we are in the backward pass, and how it plays.
struct Navigation {
  steps::Scene scene = steps::Scene::kForward;
  steps::Stage stage = steps::Stage::kSlide;
  uint64_t step = 0;
  steps::Granularity granularity = steps::Granularity::kWindow;
  bool playing = false;
  float speed = 1.0f;     // steps' animations per second ÷ base rate
  float progress = 1.0f;  // 0..1 through the current step's animation
  // The channel pair picked in the channel explorer: every scene and stage
  // then starts at the window that works on it (FocusChannelPair).
  std::optional<ChannelPair> pair;
};

// How the user looks at it: colours, canvas zoom and pan, panel sizes.
struct ViewSettings {
  Palette palette = Palette::kBlueRed;
  float zoom = 1.0f;            // × the fit-to-canvas scale
  float pan_x = 0, pan_y = 0;   // canvas units
  bool show_lesson = true;      // the lesson section of the step panel
  bool show_all_terms = false;  // the Step panel's "show all N terms" (off: non-zero ones)
  bool show_channels = true;    // the channel explorer below the canvas (weight and input scenes)
  float panel_left = 0, panel_right = 0, panel_bottom = 0;  // px the user dragged; 0 = default
  int display_w = 0, display_h = 0;                         // window size as the UI last saw it
  int redraw_frames = 0;  // frames to draw even when idle (labels drawn before a language switch)
  // Width / height of the canvas region as the UI last laid it out: the
  // channel grids are arranged to fill a region of this shape.
  float canvas_aspect = 1.6f;
  // Height the timeline's rows took last frame (px): a narrow window wraps
  // its buttons onto more rows, and its default height grows to show them.
  float timeline_wanted = 0;
};

// What ApplyPendingChanges must redo, set by widgets and navigation.
struct DirtyFlags {
  bool problem = true;   // shape/preset/seed/loss changed: new values
  bool results = false;  // a value was edited: recompute only
  bool view = true;      // navigation changed: new step + canvas
};

// Rebuilt by ApplyPendingChanges from the problem, results and navigation;
// read by the panels and the renderer.
struct StepView {
  steps::Step current;
  steps::Step window_step;  // the whole window `current` lies in (= current at window granularity)
  std::vector<FormulaChunk> chunks_cells, chunks_numbers;  // the window written out
  std::vector<std::array<steps::Cell, 2>> term_cells;      // each term's two operands
  StepFocus focus;
  Tensor<double> scatter_partial;  // ∂L/∂pz after the scatter windows up to the current one
  std::vector<CanvasModel::Rect> previous_windows;  // where the window glides from
  CanvasModel canvas;
  uint64_t canvas_builds = 0;    // numbers canvas.generation
  double finite_difference = 0;  // FD of L for the current target cell
  bool has_finite_difference = false;
};

// The File menu (settings.h, menu_bar.cpp).
struct FileState {
  std::string case_path = "case.json";  // the File menu's path field
  std::vector<std::string> recent;      // most recent first, at most kMaxRecent
  std::string message;                  // "Loaded …" or a load/save error
  bool error = false;
};

// Hover linking, set by the panels each frame.
struct HoverState {
  int term = -1;                    // term under the mouse in the formula panel
  std::optional<steps::Cell> cell;  // cell under the mouse on the canvas
  // The matrix scene: the line of C under the mouse (a cell of C, or a
  // tensor cell standing for its row or column) and what it links to, made
  // for canvas `generation`; the overlay marks it.
  std::optional<MatrixLinks> matrix;
  uint64_t matrix_generation = 0;
};

// The backward half of a recompute that a kForwardFirst apply left out:
// waiting (`job`) until the frame showing the forward half is on screen,
// then running on a helper thread (StartBackward), until FinishBackward
// joins it and moves its BackwardPart (the loss, δ, window_count and every
// gradient) into `results`, which meanwhile hold pz and z only. The job
// reads `problem` and pz and z of `results`: nothing may write them
// meanwhile (EditCell, undo/redo and LoadCase finish it first).
struct PendingBackward {
  std::function<BackwardPart<double>()> job;  // until StartBackward
  std::future<BackwardPart<double>> result;   // after it
};

// Everything the app knows, owned by main; no other mutable state.
struct AppState {
  LayerControls controls;
  EditHistory history;  // Ctrl+Z / Ctrl+Shift+Z
  // The last valid problem and its results: what the step model walks.
  Problem<double> problem;
  Results<double> results;
  uint64_t results_version = 0;  // counts recomputes of `results` (practice answers belong to one)
  // The layer as the user described it (what links, settings and File ▸
  // Save carry). For a conv it equals `problem`. For a transposed layer
  // (ConvTranspose2d) `problem`/`results` are its adjoint conv, whose input
  // scene is this layer's forward pass, and `transposed` holds the layer's
  // own tensors (y, ∂L/∂x, ∂L/∂W, ∂L/∂b; its adjoint members are left empty).
  Problem<double> layer;
  TransposedResults<double> transposed;
  Navigation nav;
  steps::Lang lang = steps::Lang::kEn;
  FontStatus fonts;  // what the window's font loader found (Chinese needs a CJK face)
  ViewSettings view;
  DirtyFlags dirty;
  StepView derived;
  FileState files;
  std::string message;               // last non-shape problem (e.g. a bad --stage)
  std::vector<std::string> notices;  // settings/font warnings shown in the UI
  ExportForm export_form;            // the Export menu's fields
  ExportJob export_job;              // the GUI's export (the platform renders it)
  HoverState hover;
  CanvasInteraction canvas_ui;
  PracticeState practice;  // practice mode (practice.h) and worksheet blanks
  PlatformIo platform;     // hooks the platform fills in at start-up (downloads, file picker)
  // Set between a kForwardFirst recompute and FinishBackward only (a copy
  // of the state taken meanwhile would share it; none is taken).
  std::shared_ptr<PendingBackward> pending_backward;
};

// The group counts the g slider offers: the common divisors of C_in and
// C_out, increasing (g must divide both).
std::vector<int> GroupChoices(const ConvShape& shape);

inline bool IsTransposed(const AppState& s) { return s.layer.shape.mode == ConvMode::kTransposed; }

// Whether term k of the current window reads `cell` (a cell as the canvas
// draws it, scene_layout.h DrawnCell).
bool TermReads(const AppState& s, int term, const steps::Cell& cell);

// Seconds one step's animation takes at speed 1 (the issue asks 0.3–1 s).
inline constexpr float kStepSeconds = 0.6f;

// Sets up the state from the command line. Returns "" or one line.
std::string InitFromLaunchOptions(AppState& s, const LaunchOptions& o);

// Loads a CASE.json (convbp-cli's format). On error returns one line naming
// the file and the field, and leaves the current problem as it was.
std::string LoadCase(AppState& s, const std::string& path);

// Switches the UI language (AppState::lang and the i18n tables); Chinese
// only when a Chinese font was found.
void SetLanguage(AppState& s, steps::Lang lang);

// The File menu: save the current problem / load one, as CASE.json. Both
// record the path in the recent list and set files.message; a failed load
// names the file and field and leaves the problem as it was.
inline constexpr size_t kMaxRecent = 8;
void RememberRecent(AppState& s, const std::string& path);
bool SaveCaseFromUi(AppState& s, const std::string& path);
// After a file or export succeeded: an older red line (a failed load, a
// failed export) no longer describes the state, so it goes.
void ClearStaleErrors(AppState& s);
bool LoadCaseFromUi(AppState& s, const std::string& path);

// The seed field: a whole number 0…kMaxSeed sets controls.seed and clears
// seed_error; anything else (23 digits, a sign) keeps the seed and says why.
inline constexpr int kMaxSeed = 1'000'000'000;
bool SetSeedFromText(AppState& s, std::string_view text);

// Recompute whatever the dirty flags ask for, once. Cheap when clean.
//   kComplete: every result is there on return.
//   kForwardFirst (the window's once-per-frame call): when the forward
//     scene is shown, only what it draws (pz and z) is computed
//     before returning; the backward pass waits (PendingBackward) until
//     the window has put the frame on screen and calls StartBackward, and
//     FinishBackward — which the window calls when the frame is done, and
//     every ApplyPendingChanges first — completes it.
enum class ApplyMode { kComplete, kForwardFirst };
void ApplyPendingChanges(AppState& s, ApplyMode mode = ApplyMode::kComplete);
// Starts the backward pass a kForwardFirst apply left waiting on a helper
// thread; does nothing when none waits. Why only after the frame: on a
// software GL the frame is drawn by every core, and a backward pass
// competing with it delayed the frame that shows a change by ~1.5 ms on
// the 3×224×224 layer (app/README.md, "A change in the forward scene").
void StartBackward(AppState& s);
// Completes that backward pass (starting it if it still waits), makes the
// pictures of δ on this thread meanwhile, and moves every result in. Does
// nothing when there is none.
void FinishBackward(AppState& s);

// Writes the current window out again (chunks_cells, chunks_numbers), e.g.
// after show_all_terms changed; ApplyPendingChanges calls it too.
void WriteOutWindow(AppState& s);

// The walk through the backward pass, in teaching order: forward, then the
// bias, weight and input gradients, then the layer as one matrix C and why
// eq 8 is its transpose (the timeline's scene buttons 1–5).
inline constexpr steps::Scene kWalkScenes[] = {steps::Scene::kForward, steps::Scene::kBias,
                                               steps::Scene::kWeight, steps::Scene::kInput,
                                               steps::Scene::kMatrix};
// Where the navigation is in that walk, counted from 1 for the timeline.
struct WalkPlace {
  int scene = 1, scenes = 5;
  int stage = 1, stages = 1;
};
WalkPlace WalkPlaceOf(const AppState& s);

// Navigation. All clamp to valid steps and set dirty.view. Stepping and
// stage keys carry on across stages and scenes along kWalkScenes.
uint64_t StepCountOfStage(const AppState& s);
void StepBy(AppState& s, int64_t delta);  // ±1 …; crosses into the next/previous stage or scene
void JumpToStep(AppState& s, uint64_t index);
void JumpToStageEnd(AppState& s, bool end);  // Home / End
void StageBy(AppState& s, int delta);        // Shift+←/→: the next/previous stage's start
void SetScene(AppState& s, steps::Scene scene);
void SetStage(AppState& s, steps::Stage stage);
void SetGranularity(AppState& s, steps::Granularity g);
// The channel explorer's click: remembers the pair and moves the current
// stage to its window (channel_explorer.h WindowOfPair), keeping the place
// inside the slice; SetScene and SetStage then start there too. A pair
// that is not connected (groups) is refused: false.
bool FocusChannelPair(AppState& s, ChannelPair pair);
void TogglePlay(AppState& s);
// Advances the animation by dt seconds of wall time.
// True while something moves (playing, or a step still animating in).
inline bool Animating(const AppState& s) {
  return s.nav.playing || s.nav.progress < 1.0f || s.view.redraw_frames > 0;
}
void Tick(AppState& s, float dt);
inline bool NeedsFrames(const AppState& s) {
  return Animating(s) || s.export_job.running || s.export_job.start;
}

// Cubic ease-in-out of the step progress, as drawn.
float Eased(float t);

// Edits one cell of a user-editable tensor (IsEditable). Returns "" or why
// not, in the UI language.
std::string EditCell(AppState& s, const steps::Cell& cell, double value);
// Whether the user may edit cells of this tensor (the click-to-edit popup
// and EditCell agree through it): the input (also through pz's interior),
// the kernel, the bias, and δ when it is given rather than from a loss.
bool IsEditable(const AppState& s, steps::TensorId tensor);

}  // namespace convbp::app
