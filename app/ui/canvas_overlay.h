// Everything the canvas draws over the cells (which the grid renderer
// draws): tensor labels and captions, the numbers inside cells, the eq-5
// bracket, the cells of a hovered term, rings round tiny targets, and the
// sliding window(s). Pure drawing: it reads the state and handles no input,
// so the window and the off-screen export draw the same picture.
#pragma once

#include <imgui.h>

#include "app_state.h"
#include "panel_layout.h"

namespace convbp::app {

// Draws into `dl` for the canvas region `r` seen through `xf`.
void DrawCanvasOverlay(ImDrawList* dl, const AppState& s, const Rect& r, const CanvasTransform& xf);

}  // namespace convbp::app
