// Whole UI frames with ImGui's null backend (no window, no GL): every scene
// and stage draws, keys and the mouse reach AppState, tiny sizes survive.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app_state.h"
#include "null_imgui.h"
#include "panels.h"

namespace convbp::app {
namespace {

class ImGuiFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    StartNullImGui();
    LaunchOptions o;
    ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // One frame as AppWindow::Frame runs it, minus GL. Returns vertex count.
  int Frame(const std::vector<KeyPress>& keys = {}) {
    NullFrame(s, keys, &last_ppu);
    return ImGui::GetDrawData()->TotalVtxCount;
  }

  AppState s;
  float last_ppu = 0;
};

TEST_F(ImGuiFrames, EveryScenesAndStageDraws) {
  s.controls.edit_shape.p1 = s.controls.edit_shape.p2 = 1;  // so the crop stage exists
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  for (steps::Lang lang : {steps::Lang::kZh, steps::Lang::kEn}) {  // both UI languages
    SetLanguage(s, lang);
    for (steps::Scene scene : {steps::Scene::kForward, steps::Scene::kBias, steps::Scene::kWeight,
                               steps::Scene::kInput}) {
      SetScene(s, scene);
      for (steps::Stage stage : steps::StagesOf(s.problem.shape, scene)) {
        SetStage(s, stage);
        Frame();
        EXPECT_GT(Frame(), 1000) << steps::SceneName(scene) << "/" << steps::StageName(stage);
        EXPECT_EQ(s.nav.stage, stage);
        EXPECT_FALSE(s.derived.canvas.boxes.empty());
      }
    }
  }
}

TEST_F(ImGuiFrames, KeysDriveTheTimeline) {
  SetScene(s, steps::Scene::kForward);
  Frame();
  Frame({{kKeyRight, false}});
  EXPECT_EQ(s.nav.step, 1u);
  Frame({{kKeyEnd, false}});
  EXPECT_EQ(s.nav.step, StepCountOfStage(s) - 1);
  Frame({{'2', false}});
  EXPECT_EQ(s.nav.scene, steps::Scene::kBias);
  Frame({{'4', false}});
  EXPECT_EQ(s.nav.stage, steps::Stage::kDilate);
  // Several taps inside one frame all count (press and release can arrive
  // together); Shift+→ moves a whole stage.
  Frame({{kKeyRight, true}, {kKeyRight, true}});
  EXPECT_EQ(s.nav.stage, steps::Stage::kRotate);
  Frame({{kKeySpace, false}});
  EXPECT_TRUE(s.nav.playing);
}

// A case with neither δ nor a target (L = ½‖z‖²) keeps its loss through
// frames: the loss combo only writes when the user picks an item.
TEST_F(ImGuiFrames, LossOfALoadedCaseSurvivesFrames) {
  ASSERT_EQ(LoadCase(s, std::string(CONVBP_TEST_DATA_DIR) + "/kernel_1x1.case.json"), "");
  ASSERT_EQ(s.problem.loss, LossKind::kHalfSquare);
  Frame();
  Frame();
  EXPECT_EQ(s.controls.loss, LossKind::kHalfSquare);
  EXPECT_EQ(s.problem.loss, LossKind::kHalfSquare);
}

TEST_F(ImGuiFrames, WheelZoomsTheCanvas) {
  Frame();
  const float before = last_ppu;
  ImGuiIO& io = ImGui::GetIO();
  const PanelLayout l = ComputePanelLayout(1280, 800, 1);
  io.MousePos = {l.canvas.x + l.canvas.w / 2, l.canvas.y + l.canvas.h / 2};
  Frame();
  io.MouseWheel = 2;
  Frame();
  io.MouseWheel = 0;
  Frame();
  EXPECT_GT(last_ppu, before * 1.2f);
}

TEST_F(ImGuiFrames, TinyAndHugeWindowsDoNotBreak) {
  for (ImVec2 size : {ImVec2{1, 1}, ImVec2{40, 30}, ImVec2{5000, 3000}}) {
    ImGui::GetIO().DisplaySize = size;
    Frame();
    Frame();
  }
  EXPECT_FALSE(s.derived.canvas.cells.empty());
}

TEST_F(ImGuiFrames, BigLayerShowsOneSlicePerTensor) {
  s.controls.edit_shape = ConvShape{};
  s.controls.edit_shape.c_in = 3, s.controls.edit_shape.h = s.controls.edit_shape.w = 224,
  s.controls.edit_shape.c_out = 8;
  s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = 7;
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  SetScene(s, steps::Scene::kForward);
  Frame();
  EXPECT_EQ(s.problem.shape.h, 224);
  // pz alone has 3·224·224 cells; only the active channel is laid out.
  EXPECT_LT(s.derived.canvas.cells.size(), size_t(224 * 224 + 3 * 49 * 8 + 109 * 109 + 1));
}

}  // namespace
}  // namespace convbp::app
