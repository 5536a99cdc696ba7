// Issue 11, part A: "every click answered, nothing silently lost". A fresh
// start on the seed's forward pass, stepping across stages and scenes, the
// square lock after a load, shape changes that keep the student's values
// (and undo when they cannot), limits and stale messages that speak up, and
// the frame pacing that lets ImGui settle after a click.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <utility>

#include "app_state.h"
#include "case_reader.h"
#include "case_writer.h"
#include "notation.h"
#include "null_imgui.h"
#include "started.h"

namespace convbp::app {
namespace {

using steps::Scene;
using steps::Stage;

std::string TempCase(const std::string& name, const Problem<double>& p) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  EXPECT_EQ(json::SaveCaseFile(path, p), "");
  return path;
}

// ---- fault 8: a fresh launch is the seed's own example, forward pass, step 0

TEST(Walk, FreshLaunchIsTheSeedsForwardPass) {
  AppState s = Started({});
  EXPECT_EQ(s.nav.scene, Scene::kForward);
  EXPECT_EQ(s.nav.step, 0u);
  // The reference is the seed's case file itself, not the preset code.
  const json::CaseLoad seed =
      json::LoadCaseFile(std::string(CONVBP_TEST_DATA_DIR) + "/seed_5x5_k3_s2.case.json");
  ASSERT_TRUE(seed.ok()) << seed.error;
  EXPECT_EQ(s.problem.shape, seed.problem.shape);
  EXPECT_EQ(s.problem.input.values(), seed.problem.input.values());
  EXPECT_EQ(s.problem.weight.values(), seed.problem.weight.values());
  EXPECT_EQ(s.problem.bias.values(), seed.problem.bias.values());
  EXPECT_EQ(s.problem.loss, seed.problem.loss);
  EXPECT_EQ(s.problem.loss_tensor.values(), seed.problem.loss_tensor.values());
}

// ---- fault 7: → and Shift+→ walk on across stages and scenes

// Every (scene, stage) of the walk, listed independently of the app.
std::vector<std::pair<Scene, Stage>> WalkOrder(const ConvShape& sh) {
  std::vector<std::pair<Scene, Stage>> out;
  for (Scene sc : kWalkScenes)  // issue 14 added the matrix scene at the end
    for (Stage st : steps::StagesOf(sh, sc)) out.push_back({sc, st});
  return out;
}

TEST(Walk, ArrowWalksEveryStepOfEveryScene) {
  AppState s = Started({"--padding", "1x1"});  // crop exists too
  const auto order = WalkOrder(s.problem.shape);
  uint64_t total = 0;
  for (const auto& [sc, st] : order)
    total += steps::StepCount(s.problem.shape, sc, st, steps::Granularity::kWindow);
  std::vector<std::pair<Scene, Stage>> visited{{s.nav.scene, s.nav.stage}};
  uint64_t presses = 0;
  for (; presses < total + 5; ++presses) {
    const auto before = std::make_tuple(s.nav.scene, s.nav.stage, s.nav.step);
    StepBy(s, +1);
    ApplyPendingChanges(s);
    if (std::make_tuple(s.nav.scene, s.nav.stage, s.nav.step) == before) break;  // the end
    if (visited.back() != std::make_pair(s.nav.scene, s.nav.stage)) {
      EXPECT_EQ(s.nav.step, 0u) << "a new stage starts at its first step";
      visited.push_back({s.nav.scene, s.nav.stage});
    }
  }
  EXPECT_EQ(presses + 1, total) << "one press per step, through the whole walk";
  EXPECT_EQ(visited, order);
  // And ← walks all the way back.
  for (uint64_t k = 0; k + 1 < total; ++k) StepBy(s, -1);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.nav.scene, Scene::kForward);
  EXPECT_EQ(s.nav.step, 0u);
}

TEST(Walk, ShiftArrowNeverJumpsBackToTheStart) {
  AppState s = Started({});
  JumpToStep(s, 3);
  StageBy(s, +1);  // the forward pass has one stage: on into the bias scene
  EXPECT_EQ(s.nav.scene, Scene::kBias);
  EXPECT_EQ(s.nav.step, 0u);
  StepBy(s, -1);  // ← from a scene's first step: the previous scene's last step
  EXPECT_EQ(s.nav.scene, Scene::kForward);
  EXPECT_EQ(s.nav.step, StepCountOfStage(s) - 1);
  // The walk ends with the matrix scene (issue 14), after the input scene.
  SetScene(s, Scene::kMatrix);
  const steps::StageList last = steps::StagesOf(s.problem.shape, Scene::kMatrix);
  SetStage(s, last.items[size_t(last.size - 1)]);
  StageBy(s, +1);  // the walk's last stage: its end, not step 0
  EXPECT_EQ(s.nav.stage, last.items[size_t(last.size - 1)]);
  EXPECT_EQ(s.nav.step, StepCountOfStage(s) - 1);
  StepBy(s, +1);  // → at the very end stays
  EXPECT_EQ(s.nav.step, StepCountOfStage(s) - 1);
  const WalkPlace at = WalkPlaceOf(s);
  EXPECT_EQ(at.scene, 5);
  EXPECT_EQ(at.scenes, 5);
  EXPECT_EQ(at.stage, last.size);
  EXPECT_EQ(at.stages, last.size);
}

// ---- fault 4: the square lock follows a loaded case

TEST(Walk, LoadingARectangularCaseUnlocksTheSquare) {
  ConvShape rect;
  rect.h = 8, rect.w = 6, rect.k1 = 3, rect.k2 = 2, rect.s1 = 2, rect.s2 = 3;
  const std::string path =
      TempCase("convbp_rect.case.json", MakePresetProblem(rect, ValuePreset::kSmallIntegers, 3));
  AppState s = Started({});
  ASSERT_TRUE(s.controls.square_lock);
  ASSERT_EQ(LoadCase(s, path), "");
  EXPECT_FALSE(s.controls.square_lock);
  // A later recompute from the controls keeps the loaded shape.
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_EQ(s.problem.shape, rect);

  ConvShape dilated;  // square in all but the dilation
  dilated.h = dilated.w = 7, dilated.d1 = 2, dilated.d2 = 1;
  // The case writer keeps the dilation (core/json/case_writer.cpp).
  const std::string dil =
      TempCase("convbp_dil.case.json", MakePresetProblem(dilated, ValuePreset::kSmallIntegers, 1));
  ASSERT_EQ(LoadCase(s, dil), "");
  ASSERT_EQ(s.problem.shape.d1, 2);
  EXPECT_FALSE(s.controls.square_lock);
  ASSERT_EQ(LoadCase(s, std::string(CONVBP_TEST_DATA_DIR) + "/seed_5x5_k3_s2.case.json"), "");
  EXPECT_TRUE(s.controls.square_lock);
}

// ---- fault 5: keep what did not change shape, say what was lost, undo

TEST(Walk, PaddingKeepsTheStudentsInputAndWeights) {
  AppState s = Started({});
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {0, 1, 2}), 9.5), "");
  ApplyPendingChanges(s);
  const Problem<double> before = s.problem;
  s.controls.edit_shape.p1 = s.controls.edit_shape.p2 = 1;
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_EQ(s.problem.shape.p1, 1);
  EXPECT_EQ(s.problem.input.values(), before.input.values()) << "the edited input survives";
  EXPECT_EQ(s.problem.weight.values(), before.weight.values());
  EXPECT_EQ(s.problem.bias.values(), before.bias.values());
  EXPECT_NE(s.problem.loss_tensor.dims(), before.loss_tensor.dims());  // 2×2 → 3×3
  // δ had the seed example's values, not the preset's: the notice says so,
  // and names nothing that was kept.
  EXPECT_NE(s.history.notice.find(steps::TensorWords(steps::TensorId::kGradOutput, s.lang)),
            std::string::npos)
      << s.history.notice;
  EXPECT_EQ(s.history.notice.find(steps::TensorWords(steps::TensorId::kInput, s.lang)),
            std::string::npos);
  // With the preset's own values nothing is lost, so nothing is said.
  AppState p = Started({"--seed", "1"});
  p.controls.edit_shape.p1 = p.controls.edit_shape.p2 = 1;
  p.dirty.problem = true;
  ApplyPendingChanges(p);
  EXPECT_EQ(p.history.notice, "");
}

TEST(Walk, KernelChangeKeepsDeltaAndNamesTheLostWeights) {
  AppState s = Started({});
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kWeight, {0, 0, 1, 1}), 4), "");
  ApplyPendingChanges(s);
  const Problem<double> before = s.problem;
  s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = 2;  // 5×5, k2, s2: still a 2×2 output
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_EQ(s.problem.loss_tensor.values(), before.loss_tensor.values()) << "δ kept its shape";
  EXPECT_EQ(s.problem.input.values(), before.input.values());
  EXPECT_EQ(s.problem.weight.dim(2), 2);
  EXPECT_NE(s.history.notice.find(steps::TensorWords(steps::TensorId::kWeight, s.lang)),
            std::string::npos)
      << s.history.notice;
  // Ctrl+Z brings back the 3×3 kernel with the edited weight, Ctrl+Shift+Z redoes.
  ASSERT_TRUE(Undo(s));
  ApplyPendingChanges(s);
  EXPECT_EQ(s.problem.shape.k1, 3);
  EXPECT_EQ(s.controls.edit_shape.k1, 3);
  EXPECT_EQ(s.problem.weight.values(), before.weight.values());
  EXPECT_EQ(s.results.grad_input.values(), Compute(before).grad_input.values());
  ASSERT_TRUE(Redo(s));
  ApplyPendingChanges(s);
  EXPECT_EQ(s.problem.shape.k1, 2);
  // Undo also takes back the value edit itself, then runs out.
  ASSERT_TRUE(Undo(s));
  ASSERT_TRUE(Undo(s));
  EXPECT_NE(s.problem.weight(0, 0, 1, 1), 4);
  EXPECT_FALSE(Undo(s));
}

// The notice after a change names exactly the replaced tensors that held
// something other than the old preset's values, however the layer got
// them: a chain of slider changes, value edits, an undo and a new seed,
// each change checked against the old preset made afresh.
TEST(Walk, TheNoticeNamesWhatDifferedFromTheOldPresetAfterAnyHistory) {
  AppState s = Started({"--input", "2x9x9", "--seed", "4"});
  const auto change = [&s](const char* what, auto&& edit) {
    SCOPED_TRACE(what);
    const Problem<double> old = s.layer;
    const LayerControls was = s.history.applied;
    edit();
    s.dirty.problem = true;
    ApplyPendingChanges(s);
    const Problem<double> old_preset =
        MakePresetProblem(old.shape, was.preset, uint64_t(was.seed), old.loss);
    const std::pair<steps::TensorId, Tensor<double> Problem<double>::*> own[] = {
        {steps::TensorId::kInput, &Problem<double>::input},
        {steps::TensorId::kWeight, &Problem<double>::weight},
        {steps::TensorId::kBias, &Problem<double>::bias},
        {steps::TensorId::kGradOutput, &Problem<double>::loss_tensor}};
    for (const auto& [id, member] : own) {
      const bool replaced = (old.*member).dims() != (s.layer.*member).dims();
      const bool lost = replaced && (old.*member).values() != (old_preset.*member).values();
      EXPECT_EQ(s.history.notice.find(steps::TensorWords(id, s.lang)) != std::string::npos, lost)
          << steps::TensorWords(id, s.lang) << ": " << s.history.notice;
    }
  };
  ConvShape& e = s.controls.edit_shape;
  change("kernel 3 -> 5, preset values", [&] { e.k1 = e.k2 = 5; });
  change("kernel 5 -> 4, preset values", [&] { e.k1 = e.k2 = 4; });
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kGradOutput, {0, 0, 0}), 7), "");
  ApplyPendingChanges(s);
  change("kernel 4 -> 3 after a δ edit", [&] { e.k1 = e.k2 = 3; });
  change("kernel 3 -> 2, δ was the preset's again", [&] { e.k1 = e.k2 = 2; });
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {1, 2, 3}), -5), "");
  ApplyPendingChanges(s);
  change("padding after an input edit: the input is kept", [&] { e.p1 = e.p2 = 1; });
  change("input size: the edited input goes", [&] { e.h = e.w = 8; });
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kWeight, {0, 0, 0, 0}), 3), "");
  ApplyPendingChanges(s);
  ASSERT_TRUE(Undo(s));  // back to the weights the preset made
  ApplyPendingChanges(s);
  change("kernel after an undo", [&] { e.k1 = e.k2 = 3; });
  ASSERT_TRUE(Undo(s));
  ApplyPendingChanges(s);
  change("out channels after a second undo", [&] { e.c_out = 3; });
  change("a new seed with a shape change", [&] { s.controls.seed = 9, e.k1 = e.k2 = 2; });
  change("a shape change after the new seed", [&] { e.c_out = 1; });
}

// A slider drag's snapshots keep no values (the preset makes them again),
// and undo still walks back through every layer exactly.
TEST(Walk, UndoOfSliderChangesKeepsOnlyWhatThePresetCannotMakeAgain) {
  AppState s = Started({"--input", "2x9x9", "--seed", "3"});
  ConvShape& e = s.controls.edit_shape;
  std::vector<Problem<double>> layers = {s.layer};
  const auto change = [&](auto&& edit) {
    edit();
    s.dirty.problem = true;
    ApplyPendingChanges(s);
    layers.push_back(s.layer);
  };
  for (int k : {4, 2, 5}) change([&] { e.k1 = e.k2 = k; });
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kGradOutput, {0, 1, 1}), 6), "");
  ApplyPendingChanges(s);
  layers.push_back(s.layer);
  change([&] { e.c_in = 3; });   // keeps the edited δ
  change([&] { e.c_out = 3; });  // replaces W, b and the edited δ
  ASSERT_EQ(s.history.undo.size(), layers.size() - 1);
  // The layers the sliders made: at most b is kept (carried over from a
  // layer whose W had another size, it is not what the preset makes after
  // this kernel's W: the preset draws x, W, b, δ from one stream).
  for (size_t k = 0; k < 4; ++k) {
    const Problem<double>& kept = s.history.undo[k].problem;
    EXPECT_EQ(kept.input.size() + kept.weight.size() + kept.loss_tensor.size(), 0u) << k;
  }
  EXPECT_FALSE(s.history.undo[5].problem.loss_tensor.empty()) << "the edited δ is kept";
  const auto expect_layer = [&s](const Problem<double>& want) {
    EXPECT_EQ(s.layer.shape, want.shape);
    EXPECT_EQ(s.layer.input.values(), want.input.values());
    EXPECT_EQ(s.layer.weight.values(), want.weight.values());
    EXPECT_EQ(s.layer.bias.values(), want.bias.values());
    EXPECT_EQ(s.layer.loss_tensor.values(), want.loss_tensor.values());
    EXPECT_EQ(s.results.grad_input.values(), Compute(want).grad_input.values());
  };
  for (size_t k = layers.size() - 1; k-- > 0;) {
    SCOPED_TRACE(k);
    ASSERT_TRUE(Undo(s));
    ApplyPendingChanges(s);
    expect_layer(layers[k]);
  }
  EXPECT_FALSE(Undo(s));
  for (size_t k = 1; k < layers.size(); ++k) {
    SCOPED_TRACE(k);
    ASSERT_TRUE(Redo(s));
    ApplyPendingChanges(s);
    expect_layer(layers[k]);
  }
  // After undoing into a preset layer, the next change still names nothing.
  ASSERT_TRUE(Undo(s));
  ASSERT_TRUE(Undo(s));
  ASSERT_TRUE(Undo(s));  // the 5×5 kernel, δ not yet edited
  change([&] { e.k1 = e.k2 = 3; });
  EXPECT_EQ(s.history.notice, "");
}

TEST(Walk, ANewSeedStillRegeneratesEverything) {
  AppState s = Started({});
  s.controls.seed = 2;
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  const Problem<double> want = MakePresetProblem(ConvShape{}, ValuePreset::kSmallIntegers, 2);
  EXPECT_EQ(s.problem.input.values(), want.input.values());
  EXPECT_EQ(s.problem.loss_tensor.values(), want.loss_tensor.values());
}

TEST(Walk, UndoIsBounded) {
  AppState s = Started({});
  for (int k = 0; k < int(kMaxUndo) + 20; ++k)
    ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kBias, {0}), k), "");
  EXPECT_EQ(s.history.undo.size(), kMaxUndo);
}

// On a big layer the snapshots' bytes bound the history instead: a
// 1×512×512 layer's values are a few MB.
TEST(Walk, UndoOfABigLayerIsBoundedByBytes) {
  AppState s = Started({"--input", "1x512x512"});
  const size_t per = sizeof(double) * (s.layer.input.size() + s.layer.weight.size() +
                                       s.layer.bias.size() + s.layer.loss_tensor.size());
  ASSERT_LT(kUndoBytes / per, kMaxUndo);  // the bytes, not the count, bind here
  for (int k = 0; k < int(kMaxUndo); ++k)
    ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kBias, {0}), k), "");
  EXPECT_EQ(s.history.undo.size(), kUndoBytes / per);
  // The last change can still be taken back.
  EXPECT_TRUE(Undo(s));
  EXPECT_EQ(s.problem.bias[0], kMaxUndo - 2);
}

TEST(Walk, CtrlZIsAKey) {
  StartNullImGui();
  AppState s = Started({});
  const double x = s.problem.input[0];
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {0, 0, 0}), x + 1), "");
  NullFrame(s, {{kKeyZ, false, true}});
  EXPECT_EQ(s.problem.input[0], x);
  NullFrame(s, {{kKeyZ, true, true}});
  EXPECT_EQ(s.problem.input[0], x + 1);
  ImGui::DestroyContext();
}

// ---- fault 9: limits and edits speak, stale red lines go

TEST(Walk, ALongSeedIsRefusedWithAMessage) {
  AppState s = Started({});
  EXPECT_FALSE(SetSeedFromText(s, "12345678901234567890123"));
  EXPECT_EQ(s.controls.seed, 1) << "not silently 0";
  EXPECT_NE(s.controls.seed_error, "");
  EXPECT_FALSE(SetSeedFromText(s, "-4"));
  EXPECT_TRUE(SetSeedFromText(s, "42"));
  EXPECT_EQ(s.controls.seed, 42);
  EXPECT_EQ(s.controls.seed_error, "") << "a valid seed clears the old message";
}

TEST(Walk, ASuccessClearsAStaleFileOrExportError) {
  AppState s = Started({});
  EXPECT_FALSE(LoadCaseFromUi(s, "/nonexistent/convbp.case.json"));
  EXPECT_TRUE(s.files.error);
  s.export_job.failed = true;
  s.export_job.message = "cannot write x.gif";
  const std::string path = (std::filesystem::temp_directory_path() / "convbp_ok.json").string();
  ASSERT_TRUE(SaveCaseFromUi(s, path));
  EXPECT_FALSE(s.files.error);
  EXPECT_EQ(s.export_job.message, "") << "the export's old failure no longer applies";
  EXPECT_FALSE(LoadCaseFromUi(s, "/nonexistent/convbp.case.json"));
  ClearStaleErrors(s);  // what a finished export calls
  EXPECT_EQ(s.files.message, "");
}

// The cell editor: a click opens it without the mouse moving again, a bad
// value is refused in red, and typing a good one and Enter applies it and
// clears the red line.
TEST(Walk, CellEditorAppliesOnEnterAfterAnError) {
  StartNullImGui({1600, 1000});
  AppState s = Started({});
  float ppu = 0;
  PanelLayout l = NullFrame(s, {}, &ppu);
  l = NullFrame(s, {}, &ppu);
  // The input cell z_{0,1,2} on the canvas, in screen pixels.
  const CanvasTransform xf =
      FitCanvas(s.derived.canvas, l.canvas.w, l.canvas.h, s.view.zoom, s.view.pan_x, s.view.pan_y);
  int found = -1;
  for (size_t k = 0; k < s.derived.canvas.refs.size(); ++k) {
    const steps::Cell& c = s.derived.canvas.refs[k].cell;
    if ((c.tensor == steps::TensorId::kInput || c.tensor == steps::TensorId::kInputPadded) &&
        c.idx[0] == 0 && c.idx[1] == 1 && c.idx[2] == 2)
      found = int(k);
  }
  ASSERT_GE(found, 0);
  const CellInstance& cell = s.derived.canvas.cells[size_t(found)];
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = {l.canvas.x + (cell.to_x + 0.5f - xf.origin_x) * xf.pixels_per_unit,
                 l.canvas.y + (cell.to_y + 0.5f - xf.origin_y) * xf.pixels_per_unit};
  auto click = [&] {
    NullFrame(s);
    io.MouseDown[0] = true;
    NullFrame(s);
    io.MouseDown[0] = false;
    NullFrame(s);  // released: the popup opens …
    NullFrame(s);  // … is drawn and takes the keys
    NullFrame(s);
  };
  auto popup_open = [] { return ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId); };
  click();
  ASSERT_TRUE(popup_open()) << "no mouse move needed";
  io.KeysDown[256] = true;  // Escape closes it
  NullFrame(s);
  io.KeysDown[256] = false;
  NullFrame(s);
  EXPECT_FALSE(popup_open());
  click();
  ASSERT_TRUE(popup_open());
  auto type_and_enter = [&](const char* text) {
    io.AddInputCharactersUTF8(text);
    NullFrame(s);
    io.KeysDown[257] = true;
    NullFrame(s);
    io.KeysDown[257] = false;
    NullFrame(s);
    NullFrame(s);
    ApplyPendingChanges(s);
  };
  type_and_enter("1e400");
  EXPECT_NE(s.canvas_ui.edit_error, "") << "1e400 is not a finite value";
  EXPECT_TRUE(std::isfinite(s.problem.input(0, 1, 2)));
  type_and_enter("0.5");
  EXPECT_EQ(s.problem.input(0, 1, 2), 0.5) << "Enter applies the value typed after the error";
  EXPECT_EQ(s.canvas_ui.edit_error, "");
  EXPECT_FALSE(popup_open());
  click();
  ASSERT_TRUE(popup_open());
  StepBy(s, +1);  // stepping on closes it: the cell may be drawn elsewhere now
  NullFrame(s);
  NullFrame(s);
  EXPECT_FALSE(popup_open());
  ImGui::DestroyContext();
}

// ---- fault 1: the loop draws until ImGui has settled, then sleeps

TEST(Walk, FramePacerDrawsAFewFramesAfterInputThenSleeps) {
  FramePacer p;
  EXPECT_TRUE(p.MaySleep(false)) << "idle: wait for events";
  EXPECT_FALSE(p.MaySleep(true)) << "something moves: keep drawing";
  auto frames_until_sleep = [&p] {
    int frames = 0;
    while (!p.MaySleep(false) && frames < 100) {
      ++frames;  // the loop polls and draws
      p.Count(false, false);
    }
    return frames;
  };
  p.Count(true, false);  // a click arrived
  EXPECT_EQ(frames_until_sleep(), kSettleFrames);
  p.Count(false, true);  // the last frame of an export: its result window comes next
  EXPECT_EQ(frames_until_sleep(), kSettleFrames);
  EXPECT_GE(kSettleFrames, 3) << "a popup opened on release needs two more frames to show";
  AppState s = Started({});
  s.nav.progress = 1;
  EXPECT_FALSE(NeedsFrames(s));
  s.export_job.running = true;
  EXPECT_TRUE(NeedsFrames(s));
}

// A cell edit or an undo while the backward half still runs (a panel drawn
// after the frame's first apply) waits for it before it writes the problem
// the helper reads; what follows is what a complete apply makes.
TEST(Walk, EditAndUndoWaitForTheBackwardHalf) {
  const std::vector<std::string> flags = {"--input",  "3x20x20", "--out-channels", "4",
                                          "--kernel", "3x3",     "--scene",        "forward"};
  for (bool undo : {false, true}) {
    SCOPED_TRACE(undo ? "undo" : "edit");
    AppState s = Started(flags);
    s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = 5;
    s.dirty.problem = true;
    ApplyPendingChanges(s, ApplyMode::kForwardFirst);
    ASSERT_NE(s.pending_backward, nullptr);
    if (undo) {
      ASSERT_TRUE(Undo(s));
    } else {
      ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kWeight, 1, 2, 3, 4), 1.5), "");
    }
    EXPECT_EQ(s.pending_backward, nullptr);
    ApplyPendingChanges(s);
    const Results<double> want = Compute(s.problem);
    EXPECT_EQ(s.results.grad_weight.values(), want.grad_weight.values());
    EXPECT_EQ(s.results.grad_input.values(), want.grad_input.values());
    EXPECT_EQ(s.results.output.values(), want.output.values());
  }
}

// The window's per-frame apply on the forward scene computes the forward
// pass at once and leaves the backward pass waiting for the frame
// (StartBackward, then FinishBackward, for a given δ and for δ from z);
// once joined, every result equals a complete apply's, and the forward part
// was there at once.
TEST(Walk, ForwardFirstApplyEndsWithTheSameResults) {
  for (const char* scene : {"forward", "input"})
    for (LossKind loss : {LossKind::kGivenGrad, LossKind::kTarget, LossKind::kHalfSquare}) {
      SCOPED_TRACE(scene);
      SCOPED_TRACE(int(loss));
      const std::vector<std::string> flags = {"--input",  "3x20x20", "--out-channels", "4",
                                              "--kernel", "3x3",     "--scene",        scene};
      AppState first = Started(flags), complete = Started(flags);
      for (AppState* s : {&first, &complete}) {
        s->controls.edit_shape.k1 = s->controls.edit_shape.k2 = 5;
        s->controls.loss = loss;
        s->dirty.problem = true;
      }
      ApplyPendingChanges(first, ApplyMode::kForwardFirst);
      ApplyPendingChanges(complete);
      EXPECT_EQ(first.pending_backward != nullptr, std::string(scene) == "forward");
      // Meanwhile the helper writes nothing the frame reads: `results` holds
      // pz and z only until FinishBackward moves the rest in.
      if (first.pending_backward) {
        EXPECT_TRUE(first.results.grad_output.empty() && first.results.window_count.empty() &&
                    first.results.grad_input.empty());
      }
      EXPECT_EQ(first.results.output.values(), complete.results.output.values());
      EXPECT_EQ(first.derived.canvas.cells.size(), complete.derived.canvas.cells.size());
      // Nothing runs until the window has shown the frame and starts it.
      if (first.pending_backward) {
        EXPECT_TRUE(first.pending_backward->job && !first.pending_backward->result.valid());
        StartBackward(first);
        EXPECT_TRUE(!first.pending_backward->job && first.pending_backward->result.valid());
      }
      FinishBackward(first);
      EXPECT_EQ(first.pending_backward, nullptr);
      EXPECT_EQ(first.results.grad_output_dilated.values(),
                complete.results.grad_output_dilated.values());
      EXPECT_EQ(first.results.grad_input.values(), complete.results.grad_input.values());
      EXPECT_EQ(first.results.grad_weight.values(), complete.results.grad_weight.values());
      EXPECT_EQ(first.results.grad_output_padded.values(),
                complete.results.grad_output_padded.values());
      EXPECT_EQ(first.results.grad_bias.values(), complete.results.grad_bias.values());
      EXPECT_EQ(first.results.loss, complete.results.loss);
      // Made on the helper thread too (BackwardPart), after the picture.
      EXPECT_EQ(first.results.grad_output.values(), complete.results.grad_output.values());
      EXPECT_EQ(first.results.window_count.values(), complete.results.window_count.values());
      EXPECT_EQ(first.results.input_padded.values(), complete.results.input_padded.values());
      // The step panel's numbers come from the same double results.
      EXPECT_EQ(first.derived.current.sum, complete.derived.current.sum);
    }
}

}  // namespace
}  // namespace convbp::app
