// The Export menu with ImGui's null backend (no window, no GL): it draws
// closed and open, idle, running (with the progress window) and after a
// failure, without tripping ImGui's asserts.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app_state.h"
#include "export_plan.h"
#include "panels.h"

namespace convbp::app {
namespace {

class ExportMenu : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {1280, 800};
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    LaunchOptions o;
    ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // One frame: a window with a menu bar holding the Export menu (opened
  // first when `open`). Returns the vertex count.
  int Frame(bool open) {
    ImGui::NewFrame();
    ImGui::Begin("Layer", nullptr, ImGuiWindowFlags_MenuBar);
    if (ImGui::BeginMenuBar()) {
      if (open) ImGui::OpenPopup("###export.menu");  // the id BeginMenu(TL("export.menu")) uses
      DrawExportMenu(s);
      ImGui::EndMenuBar();
    }
    ImGui::End();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }

  AppState s;
};

TEST_F(ExportMenu, DrawsClosedOpenRunningAndFailed) {
  const int closed = Frame(false);
  Frame(true);
  const int open = Frame(true);
  EXPECT_GT(open, closed) << "the open menu draws its items";
  ExportJob& job = s.export_job;
  job.running = true, job.done = 3, job.total = 10;
  job.settings.path = "x.gif";
  const int running = Frame(false);
  EXPECT_GT(running, closed) << "a progress window with Cancel while it runs";
  job.running = false, job.failed = true, job.message = "cannot write x.gif";
  Frame(true);
  EXPECT_GT(Frame(true), closed);
  job.show_result = true;  // the result stays in the progress window until closed
  EXPECT_GT(Frame(false), closed);
  EXPECT_FALSE(job.start) << "nothing starts without a click";
}

}  // namespace
}  // namespace convbp::app
