// AppState driven with no window: stepping, playing, stage changes, invalid
// slider values and cell edits (issue 4, "ImGui null-backend tests").
#include "app_state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "started.h"

namespace convbp::app {
namespace {

// Issue 11 fault 8 moved the fresh start from the input scene to the
// forward pass (walk_test.cpp checks the values too).
TEST(AppState, DefaultIsTheSeedExample) {
  AppState s = Started({});
  EXPECT_EQ(s.problem.shape, ConvShape{});
  EXPECT_EQ(s.nav.scene, steps::Scene::kForward);
  EXPECT_EQ(s.nav.stage, steps::Stage::kSlide);
  EXPECT_EQ(s.nav.step, 0u);
  EXPECT_EQ(StepCountOfStage(s), 4u);  // 1×2×2 output windows
  EXPECT_FALSE(s.derived.canvas.cells.empty());
}

TEST(AppState, StepsCrossIntoTheNextStageAndBack) {
  AppState s = Started({"--scene", "input"});
  for (int k = 0; k < 4; ++k) StepBy(s, +1);  // 4 moves of dilate, then pad
  ApplyPendingChanges(s);
  EXPECT_EQ(s.nav.stage, steps::Stage::kPad);
  EXPECT_EQ(s.nav.step, 0u);
  StepBy(s, -1);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.nav.stage, steps::Stage::kDilate);
  EXPECT_EQ(s.nav.step, 3u);
}

TEST(AppState, PlayAdvancesAndStopsAtTheEnd) {
  AppState s = Started({"--scene", "bias"});
  ASSERT_EQ(StepCountOfStage(s), 1u);  // C_out = 1 window
  s.nav.progress = 1;
  TogglePlay(s);
  EXPECT_TRUE(s.nav.playing);
  for (int k = 0; k < 100; ++k) Tick(s, 0.1f);
  EXPECT_FALSE(s.nav.playing) << "the last step of the last stage stops the player";
  EXPECT_EQ(s.nav.step, 0u);

  AppState f = Started({"--scene", "forward"});
  f.nav.progress = 1;
  TogglePlay(f);
  // Step 0 has finished animating (progress 1), so playing moves on to step 1
  // at once; then every kStepSeconds brings one more step.
  Tick(f, kStepSeconds * 2.5f);
  ApplyPendingChanges(f);
  EXPECT_EQ(f.nav.step, 3u);
  EXPECT_NEAR(f.nav.progress, 0.5f, 1e-3f);
  EXPECT_EQ(f.derived.current.index, 3u);
}

TEST(AppState, InvalidSliderKeepsTheLastValidProblem) {
  AppState s = Started({});
  const ConvShape before = s.problem.shape;
  s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = 9;  // larger than the 5×5 input
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_NE(s.controls.shape_error.find("k1 = 9"), std::string::npos) << s.controls.shape_error;
  EXPECT_EQ(s.problem.shape, before);
  EXPECT_FALSE(s.derived.canvas.cells.empty());
  s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = 2;  // valid again
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_EQ(s.controls.shape_error, "");
  EXPECT_EQ(s.problem.shape.k1, 2);
}

TEST(AppState, ShrinkingTheLayerClampsTheStep) {
  AppState s = Started({"--scene", "forward", "--input", "1x9x9", "--stride", "1x1"});
  JumpToStep(s, 40);
  ApplyPendingChanges(s);
  s.controls.edit_shape.h = s.controls.edit_shape.w = 3;  // one window left
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_EQ(s.nav.step, 0u);
  EXPECT_EQ(s.derived.current.count, 1u);
}

TEST(AppState, EditingAnInputCellChangesTheGradients) {
  AppState s = Started({"--scene", "weight", "--stage", "slide"});
  const double before = s.results.grad_weight[0];
  // ∂L/∂W[0,0,0,0] = Σ δ_{ij} · x(2i, 2j): raising x(0,0) by 10 adds 10·δ_{00}.
  const double delta00 = s.problem.loss_tensor(0, 0, 0);
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {0, 0, 0}),
                     s.problem.input(0, 0, 0) + 10),
            "");
  ApplyPendingChanges(s);
  EXPECT_DOUBLE_EQ(s.results.grad_weight[0], before + 10 * delta00);
  EXPECT_NE(EditCell(s, steps::Cell::Of(steps::TensorId::kGradInput, {0, 0, 0}), 1), "");
  EXPECT_NE(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {0, 0, 0}), std::nan("")), "");
  EXPECT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kInputPadded, {0, 0, 0}), 7), "")
      << "no padding: pz is the input";
  EXPECT_EQ(s.problem.input(0, 0, 0), 7);

  AppState padded = Started({"--padding", "1x1"});
  EXPECT_NE(EditCell(padded, steps::Cell::Of(steps::TensorId::kInputPadded, {0, 0, 0}), 1), "")
      << "a padding zero";
  EXPECT_EQ(EditCell(padded, steps::Cell::Of(steps::TensorId::kInputPadded, {0, 1, 1}), 5), "");
  EXPECT_EQ(padded.problem.input(0, 0, 0), 5);
}

TEST(AppState, GranularityKeepsThePlace) {
  AppState s = Started({"--scene", "forward", "--step", "2"});
  SetGranularity(s, steps::Granularity::kMac);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.nav.step, 2u * 9u);  // window 2's first MAC; 9 MACs per window
  EXPECT_EQ(s.derived.current.window, 2u);
  SetGranularity(s, steps::Granularity::kWindow);
  EXPECT_EQ(s.nav.step, 2u);
}

TEST(AppState, FiniteDifferenceMatchesTheTarget) {
  AppState s = Started({"--scene", "input", "--stage", "slide", "--step", "8", "--padding", "1x1",
                        "--values", "random"});
  ASSERT_TRUE(s.derived.has_finite_difference);
  EXPECT_NEAR(s.derived.finite_difference, s.derived.current.sum, 1e-6);
}

// The weight's stored layout is C_out × C_in/g × k1 × k2: with groups, the
// finite difference must perturb the weight the step names, not the one at
// the index a C_in-wide layout would give (it showed 6 beside the engine's 7).
TEST(AppState, FiniteDifferenceMatchesEveryWeightGradientOfAGroupedLayer) {
  AppState s =
      Started({"--scene", "weight", "--stage", "slide", "--input", "4x6x6", "--out-channels", "6",
               "--groups", "2", "--kernel", "3x3", "--stride", "2x2", "--values", "random"});
  int checked = 0;
  ForEachStepOfStage(s, [&](uint64_t step) {
    if (s.derived.current.target.tensor != steps::TensorId::kGradWeight) return;
    ASSERT_TRUE(s.derived.has_finite_difference);
    EXPECT_NEAR(s.derived.finite_difference, s.derived.current.sum, 1e-6) << "step " << step;
    ++checked;
  });
  EXPECT_EQ(checked, 6 * 2 * 3 * 3);  // every weight: C_out · C_in/g · k1 · k2
}

TEST(AppState, LoadsACaseAndKeepsTheProblemOnABadOne) {
  AppState s =
      Started({"--case", std::string(CONVBP_TEST_DATA_DIR) + "/padding_asymmetric.case.json"});
  EXPECT_EQ(s.problem.shape.p1, 1);
  EXPECT_EQ(s.problem.shape.p2, 2);
  EXPECT_EQ(s.problem.loss, LossKind::kGivenGrad);
  const double x = s.problem.input[3];
  const std::string bad = std::string(CONVBP_TEST_DATA_DIR) + "/README.md";
  const std::string error = LoadCase(s, bad);
  EXPECT_NE(error.find("README.md"), std::string::npos) << error;
  EXPECT_EQ(s.problem.input[3], x) << "a failed load leaves the problem alone";
  EXPECT_EQ(s.problem.shape.p2, 2);
}

TEST(AppState, RefusesValuesThatWouldOverflow) {
  AppState s = Started({});
  const double x = s.problem.input[0];
  EXPECT_NE(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {0, 0, 0}), 1e300), "");
  EXPECT_EQ(s.problem.input[0], x);
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "convbp_overflow.json";
  std::ofstream(file)
      << R"({"input":[[[1e308,1e308]]],"weight":[[[[1e308]]]],"bias":[0],"stride":[1,1]})";
  const std::string error = LoadCase(s, file.string());
  EXPECT_NE(error.find("convbp_overflow.json"), std::string::npos) << error;
  EXPECT_EQ(s.problem.input[0], x) << "the current problem stays";
  std::filesystem::remove(file);
}

// --help lists every stage and scene the parser accepts (it once forgot
// "overlap", a stage added after the text was written).
TEST(LaunchOptions, HelpListsEveryStageAndScene) {
  const std::string help = LaunchUsage();
  for (int k = 0; k < steps::kStageCount; ++k) {
    const std::string name = steps::StageName(steps::Stage(k));
    EXPECT_NE(help.find(" " + name + (name == "transposed_product" ? "\n" : ",")),
              std::string::npos)
        << name;
  }
  for (int k = 0; k < steps::kSceneCount; ++k)
    EXPECT_NE(help.find(steps::SceneName(steps::Scene(k))), std::string::npos);
}

TEST(LaunchOptions, BadFlagsNameTheFlag) {
  LaunchOptions o;
  EXPECT_NE(ParseLaunchOptions({"--kernel", "3"}, o).find("--kernel"), std::string::npos);
  EXPECT_NE(ParseLaunchOptions({"--progress", "2"}, o).find("--progress"), std::string::npos);
  EXPECT_NE(ParseLaunchOptions({"--bogus", "1"}, o).find("--bogus"), std::string::npos);
  EXPECT_NE(ParseLaunchOptions({"--size"}, o).find("needs a value"), std::string::npos);
  EXPECT_NE(ParseLaunchOptions({"--scene", "loss"}, o).find("--scene"), std::string::npos);
  EXPECT_NE(ParseLaunchOptions({"--stride", "0x2"}, o).find("--stride"), std::string::npos);
  LaunchOptions ok;
  EXPECT_EQ(ParseLaunchOptions({"--stride", "3x1", "--padding", "0x2"}, ok), "");
  EXPECT_EQ(ok.shape.s1, 3);
  EXPECT_EQ(ok.shape.p2, 2);
}

// A stage the scene lacks is answered with the scene's own stages; "crop
// needs padding" only when crop was asked for (it was said for every bad
// stage). Practice mode has no meaning in an export: refused, not ignored.
TEST(LaunchOptions, ABadStageListsTheScenesStagesAndPracticeRefusesExport) {
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions({"--scene", "matrix", "--stage", "overlap"}, o), "");
  AppState s;
  const std::string why = InitFromLaunchOptions(s, o);
  EXPECT_NE(why.find("(stages: product transposed_product)"), std::string::npos) << why;
  EXPECT_EQ(why.find("crop"), std::string::npos) << why;
  LaunchOptions p;
  EXPECT_NE(ParseLaunchOptions({"--practice", "--export", "x.png"}, p).find("--practice"),
            std::string::npos);
}

TEST(LaunchOptions, StageAndStepAreCheckedAgainstTheProblem) {
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions({"--stage", "crop"}, o), "");
  AppState s;
  EXPECT_NE(InitFromLaunchOptions(s, o).find("crop"), std::string::npos) << "no padding, no crop";
  LaunchOptions o2;
  ASSERT_EQ(ParseLaunchOptions({"--scene", "bias", "--step", "5"}, o2), "");
  AppState s2;
  EXPECT_NE(InitFromLaunchOptions(s2, o2).find("--step 5"), std::string::npos);
  LaunchOptions o3;
  ASSERT_EQ(ParseLaunchOptions({"--kernel", "9x9"}, o3), "");
  AppState s3;
  EXPECT_NE(InitFromLaunchOptions(s3, o3).find("k1 = 9"), std::string::npos);
}

// steps::Cell round-trips an index list of every rank (the canvas stores
// one per drawn cell, canvas_model.h).
TEST(CanvasCell, KeepsEveryRankAndComparesByValue) {
  for (const std::vector<int>& v :
       std::vector<std::vector<int>>{{7}, {1, 2}, {0, 4, 4}, {3, 2, 1, 0}}) {
    const steps::Cell c = steps::Cell::Of(steps::TensorId::kWeight, v);
    EXPECT_EQ(c.Index(), v);
    EXPECT_EQ(c.rank, v.size());
    std::vector<int> longer = v;
    longer.push_back(0);
    if (longer.size() <= 4) {
      EXPECT_FALSE(c == steps::Cell::Of(steps::TensorId::kWeight, longer))
          << "same leading indices, different rank";
    }
    std::vector<int> other = v;
    other.back() += 1;
    EXPECT_FALSE(c == steps::Cell::Of(steps::TensorId::kWeight, other));
    EXPECT_FALSE(c == steps::Cell::Of(steps::TensorId::kBias, v)) << "another tensor";
  }
}

// Every drawn tensor cell names a cell inside its box's tensor.
TEST(CanvasCell, CanvasRefsNameCellsOfTheirTensors) {
  AppState s;
  LaunchOptions o;
  ASSERT_EQ(
      ParseLaunchOptions(
          {"--input", "2x6x6", "--out-channels", "2", "--scene", "input", "--stage", "slide"}, o),
      "");
  ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  ApplyPendingChanges(s);
  ASSERT_EQ(s.derived.canvas.refs.size(), s.derived.canvas.cells.size());
  const std::map<std::string, const Tensor<double>*> shown = {
      {"grad_output_padded", &s.results.grad_output_padded},
      {"weight_rot180", &s.results.weight_rot180},
      {"grad_input_padded", &s.results.grad_input_padded}};
  std::map<std::string, size_t> checked;
  for (const CellRef& ref : s.derived.canvas.refs) {
    if (ref.box < 0) continue;
    const std::string name = steps::TensorName(s.derived.canvas.boxes[size_t(ref.box)].tensor);
    EXPECT_EQ(steps::TensorName(ref.cell.tensor), name) << "the cell names its box's tensor";
    const auto it = shown.find(name);
    ASSERT_NE(it, shown.end()) << "unexpected tensor on the eq-8 slide canvas: " << name;
    EXPECT_TRUE(it->second->Contains(ref.cell.Index())) << name;
    ++checked[name];
  }
  for (const auto& [name, tensor] : shown) EXPECT_GT(checked[name], size_t(0)) << name;
}

// The canvas keeps refs packed (CellRefs): what goes in comes back, for
// cells of tensors of every rank and for cells of no tensor.
TEST(CanvasRefs, GiveBackTheCellsTheyWereGiven) {
  CellRefs refs;
  std::vector<CellRef> given;
  const std::vector<int> dims4 = {2, 3, 4, 5}, dims3 = {3, 7, 6}, dims1 = {4};
  for (int d = 0; d < 2; ++d)
    for (int c = 0; c < 3; ++c)
      for (int m = 0; m < 4; ++m)
        for (int n = 0; n < 5; ++n) {
          const size_t flat = size_t(((d * 3 + c) * 4 + m) * 5 + n);
          refs.PushTensorCell(1, true, steps::TensorId::kWeight, dims4, flat);
          given.push_back({1, steps::Cell::Of(steps::TensorId::kWeight, d, c, m, n)});
        }
  for (int k = 6 * 7 * 3 - 1; k >= 0; k -= 5) {  // another tensor, out of order
    refs.PushTensorCell(4, false, steps::TensorId::kInputPadded, dims3, size_t(k));  // moving
    given.push_back({-1, steps::Cell::Of(steps::TensorId::kInputPadded, k / 42, k / 6 % 7, k % 6)});
    refs.PushCell({3, steps::Cell::Of(steps::TensorId::kNone, 0, k, 2 * k)});
    given.push_back({3, steps::Cell::Of(steps::TensorId::kNone, 0, k, 2 * k)});
  }
  refs.PushTensorCell(2, true, steps::TensorId::kBias, dims1, 3);
  given.push_back({2, steps::Cell::Of(steps::TensorId::kBias, 3)});
  refs.PushTensorCell(1, true, steps::TensorId::kWeight, dims4, 0);  // back to the first tensor
  given.push_back({1, steps::Cell::Of(steps::TensorId::kWeight, 0, 0, 0, 0)});
  ASSERT_EQ(refs.size(), given.size());
  size_t k = 0;
  for (const CellRef& ref : refs) {
    EXPECT_EQ(ref.box, given[k].box) << k;
    EXPECT_EQ(refs.BoxOf(k), given[k].box) << k;
    EXPECT_TRUE(ref.cell == given[k].cell) << k;
    int box = -7;
    size_t flat = 0;
    const bool tensor_cell = refs.TensorCellOf(k, box, flat);
    EXPECT_EQ(tensor_cell, given[k].cell.tensor != steps::TensorId::kNone) << k;
    if (tensor_cell && given[k].cell.tensor == steps::TensorId::kInputPadded) {
      EXPECT_EQ(box, 4) << "a moving copy still names its tensor's box";
      const auto& i = given[k].cell.idx;
      EXPECT_EQ(flat, size_t((i[0] * 7 + i[1]) * 6 + i[2]));
    }
    ++k;
  }
}

// A turning cell (rot180 W, mode 1) stores no pivot: the half turn about
// TurnPivot must end exactly on its destination, and that pivot is the
// centre of the kernel slice (here a 3×2 kernel, a slice of its own box).
TEST(CanvasTurn, HalfTurnEndsOnTheDestinationAboutTheSliceCentre) {
  AppState s =
      Started({"--input", "1x6x5", "--kernel", "3x2", "--scene", "input", "--stage", "rotate"});
  int turning = 0;
  ForEachStepOfStage(s, [&](uint64_t) {
    const CanvasModel& m = s.derived.canvas;
    for (size_t k = 0; k < m.cells.size(); ++k) {
      const CellInstance& c = m.cells[k];
      if (c.mode != 1) continue;
      ++turning;
      float x = 0, y = 0;
      CellCentreAt(c, 1.0f, x, y);
      EXPECT_NEAR(x, c.to_x + 0.5f, 1e-4f);
      EXPECT_NEAR(y, c.to_y + 0.5f, 1e-4f);
      CellCentreAt(c, 0.0f, x, y);
      EXPECT_NEAR(x, c.from_x + 0.5f, 1e-4f);
      EXPECT_NEAR(y, c.from_y + 0.5f, 1e-4f);
      const TensorBox& box = m.boxes[size_t(m.refs[k].box)];
      ASSERT_EQ(box.tensor, steps::TensorId::kWeightRot180);
      float px = 0, py = 0;
      TurnPivot(c, px, py);
      EXPECT_FLOAT_EQ(px, box.x + 1.0f) << "2 columns: the centre is 1 unit in";
      EXPECT_FLOAT_EQ(py, box.y + 1.5f) << "3 rows: the centre is 1.5 units down";
    }
  });
  EXPECT_GT(turning, 0);
}

// A cell on its way into its place (zero insertion, framing, the 180°
// turn) is drawn on top: the renderer draws cells in model order, and the
// destination's empty (pending) cells lie on its path. Before, the cells
// after it in the destination were added later and hid all but its
// number, from the first moves on.
TEST(CanvasMoves, AMovingCellIsDrawnAfterTheStillCellsOfItsDestination) {
  for (const char* stage : {"dilate", "pad", "rotate"}) {
    AppState s = Started({"--input", "1x5x5", "--kernel", "3x3", "--stride", "2x2", "--padding",
                          "1x1", "--scene", "input", "--stage", stage});
    int moving = 0;
    ForEachStepOfStage(s, [&](uint64_t step) {
      const CanvasModel& m = s.derived.canvas;
      for (size_t k = 0; k < m.cells.size(); ++k) {
        const CellInstance& c = m.cells[k];
        const bool moves = c.from_x != c.to_x || c.from_y != c.to_y;
        if (!moves || c.highlight != uint8_t(Highlight::kTarget)) continue;
        ++moving;
        for (size_t j = k + 1; j < m.cells.size(); ++j) {
          const CellInstance& later = m.cells[j];
          EXPECT_FALSE(m.refs[j].box == m.refs[k].box && later.from_x == later.to_x &&
                       later.from_y == later.to_y)
              << stage << " step " << step << ": cell " << j << " of the destination at ("
              << later.to_x << ", " << later.to_y << ") is drawn over the moving cell " << k;
        }
      }
    });
    EXPECT_GT(moving, 0) << stage;
  }
}

}  // namespace
}  // namespace convbp::app
