#include <imgui.h>

#include "panels.h"

namespace convbp::app {

UiPass RunUiPass(AppState& s, float scale, const std::vector<KeyPress>& keys) {
  UiPass ui;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ui.layout = ComputePanelLayout(display.x, display.y, scale, s.view.panel_left, s.view.panel_right,
                                 s.view.panel_bottom);
  HandleKeyboard(s, keys);
  ui.canvas = DrawCanvasPanel(s, ui.layout.canvas);
  DrawControlsPanel(s, ui.layout.controls);
  DrawStepPanel(s, ui.layout.step);
  DrawTimelinePanel(s, ui.layout.timeline);
  ImGui::Render();
  // Recompute once, after the UI pass, never inside drawing.
  ApplyPendingChanges(s);
  return ui;
}

}  // namespace convbp::app
