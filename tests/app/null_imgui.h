// An ImGui context on the null backend (no window, no GL) for whole-frame
// tests: display size, frame time, a built font atlas, GLFW's key indices.
#pragma once

#include <imgui.h>

#include <vector>

#include "app_state.h"
#include "panels.h"

namespace convbp::app {

inline void StartNullImGui(ImVec2 display = {1280, 800}) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = display;
  io.DeltaTime = 1.0f / 60;
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;  // as GLFW's: window edges resize
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // the null backend's "upload"
  // Key indices as the GLFW backend maps them (GLFW key codes).
  io.KeyMap[ImGuiKey_Space] = 32;
  io.KeyMap[ImGuiKey_LeftArrow] = 263;
  io.KeyMap[ImGuiKey_RightArrow] = 262;
  io.KeyMap[ImGuiKey_Home] = 268;
  io.KeyMap[ImGuiKey_End] = 269;
  io.KeyMap[ImGuiKey_Enter] = 257;
  io.KeyMap[ImGuiKey_KeyPadEnter] = 335;
  io.KeyMap[ImGuiKey_Escape] = 256;
}

// One frame as AppWindow::Frame runs it, minus GL, with the panel sizes the
// user dragged. Returns the layout drawn; `ppu` gets the canvas scale.
inline PanelLayout NullFrame(AppState& s, const std::vector<KeyPress>& keys = {},
                             float* ppu = nullptr) {
  ImGui::NewFrame();
  const UiPass ui = RunUiPass(s, 1, keys);
  FinishBackward(s);  // as the window does once the frame is drawn
  if (ppu) *ppu = ui.canvas.pixels_per_unit;
  return ui.layout;
}

}  // namespace convbp::app
