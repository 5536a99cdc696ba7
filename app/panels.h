// One free function per panel, each in its own file. They read AppState,
// change its control fields and set dirty flags; none of them computes.
#pragma once

#include "app_state.h"
#include "panel_layout.h"

namespace convbp::app {

void DrawControlsPanel(AppState& s, const Rect& r);
void DrawTimelinePanel(AppState& s, const Rect& r);
void DrawStepPanel(AppState& s, const Rect& r);
// The canvas panel is transparent: the grid renderer draws the cells under
// it; this draws labels, numbers and window outlines, and handles pan, zoom,
// hover and click-to-edit. `pixels_per_unit` and `origin` are outputs for the
// renderer.
void DrawCanvasPanel(AppState& s, const Rect& r, float& pixels_per_unit, float& origin_x,
                     float& origin_y);
// Space, ←/→, Shift+←/→, Home/End, 1–4.
void HandleKeyboard(AppState& s);

}  // namespace convbp::app
