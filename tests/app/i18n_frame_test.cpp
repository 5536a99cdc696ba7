// Whole UI frames (ImGui null backend): a live language switch, and panel
// edges dragged by the mouse ending up in AppState (and so in the settings).
#include <gtest/gtest.h>
#include <imgui.h>

#include "app_state.h"
#include "i18n.h"
#include "null_imgui.h"
#include "panels.h"
#include "settings.h"

namespace convbp::app {
namespace {

class LanguageFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    StartNullImGui();
    LaunchOptions o;
    ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  }
  void TearDown() override { ImGui::DestroyContext(); }

  void Frame() { layout = NullFrame(s); }

  // Presses at `from`, moves to `to` over a few frames, releases.
  void Drag(ImVec2 from, ImVec2 to) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    Frame();
    io.MouseDown[0] = true;
    for (int k = 0; k <= 4; ++k) {
      const float t = float(k) / 4;
      io.MousePos = {from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t};
      Frame();
    }
    io.MouseDown[0] = false;
    Frame();
    Frame();
  }

  AppState s;
  PanelLayout layout;
};

TEST_F(LanguageFrames, SwitchingKeepsTheProblemAndPlace) {
  SetScene(s, steps::Scene::kWeight);
  JumpToStep(s, 2);
  const auto values = s.problem.input.values();
  Frame();
  SetLanguage(s, Lang::kZh);
  Frame();
  Frame();
  EXPECT_EQ(s.nav.scene, steps::Scene::kWeight);
  EXPECT_EQ(s.nav.step, 2u);
  EXPECT_EQ(s.problem.input.values(), values);
  EXPECT_EQ(CaptureSettings(s).lang, "zh");
}

TEST_F(LanguageFrames, DraggedPanelEdgesAreRemembered) {
  Frame();
  Frame();
  const float left = layout.controls.w, right = layout.step.w, bottom = layout.timeline.h;
  const float mid_y = layout.controls.h * 0.5f;
  // The Layer panel's right edge, 60 px further right.
  Drag({left - 1, mid_y}, {left + 59, mid_y});
  EXPECT_NEAR(s.view.panel_left, left + 60, 3);
  EXPECT_NEAR(layout.controls.w, left + 60, 3);
  // The Step panel's left edge, 80 px further left (it grows).
  const float step_x = layout.step.x;
  Drag({step_x + 1, mid_y}, {step_x - 79, mid_y});
  EXPECT_NEAR(s.view.panel_right, right + 80, 3);
  // The timeline's top edge, 40 px up.
  const float top = layout.timeline.y;
  Drag({layout.timeline.w * 0.5f, top + 1}, {layout.timeline.w * 0.5f, top - 39});
  EXPECT_NEAR(s.view.panel_bottom, bottom + 40, 3);
  // Saved with the settings, and View → Reset panel layout forgets them.
  const Settings st = CaptureSettings(s);
  EXPECT_EQ(st.panel_left, s.view.panel_left);
  EXPECT_EQ(st.panel_bottom, s.view.panel_bottom);
}

}  // namespace
}  // namespace convbp::app
