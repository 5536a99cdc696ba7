#include <imgui.h>

#include <cmath>

#include "panels.h"

namespace convbp::app {

Rect BeginSidePanel(const char* title, int imgui_window_flags) {
  // A fully transparent background is skipped by ImGui; the border, which
  // ImGuiWindowFlags_NoBackground would drop too, stays.
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));
  ImGui::Begin(title, nullptr, imgui_window_flags);
  ImGui::PopStyleColor();
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  return {pos.x, pos.y, size.x, size.y};
}

UiPass RunUiPass(AppState& s, float scale, const std::vector<KeyPress>& keys) {
  UiPass ui;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ui.layout = ComputePanelLayout(display.x, display.y, scale, s.view.panel_left, s.view.panel_right,
                                 s.view.panel_bottom, s.view.timeline_wanted);
  // The channel explorer takes a strip off the canvas's bottom.
  Rect explorer = ui.layout.canvas;
  explorer.h = ChannelExplorerHeight(s, ui.layout.canvas.h);
  ui.layout.canvas.h -= explorer.h;
  explorer.y = ui.layout.canvas.y + ui.layout.canvas.h;
  // The channel grids follow the canvas region's shape: re-lay them out
  // when it changes noticeably (a resize, a dragged panel).
  const Rect& c = ui.layout.canvas;
  if (c.w > 1 && c.h > 1) {
    const float aspect = c.w / c.h;
    if (std::fabs(aspect - s.view.canvas_aspect) > 0.02f * s.view.canvas_aspect) {
      s.view.canvas_aspect = aspect;
      s.dirty.view = true;
    }
  }
  HandleKeyboard(s, keys);
  // What changed before this frame (the keys just handled, the last frame's
  // widgets, a flag) is applied before any panel draws, so every panel of
  // this frame shows the new state; what this frame's widgets change is
  // applied after the pass, and its labels follow on the next frame.
  ApplyPendingChanges(s, ApplyMode::kForwardFirst);
  ui.canvas = DrawCanvasPanel(s, ui.layout.canvas);
  ui.opaque_panels = {DrawControlsPanel(s, ui.layout.controls), DrawStepPanel(s, ui.layout.step),
                      DrawTimelinePanel(s, ui.layout.timeline)};
  if (explorer.h > 0) DrawChannelExplorer(s, explorer);
  ImGui::Render();
  // Recompute once, after the UI pass, never inside drawing; what the
  // forward scene does not draw waits until the frame is shown.
  ApplyPendingChanges(s, ApplyMode::kForwardFirst);
  return ui;
}

}  // namespace convbp::app
