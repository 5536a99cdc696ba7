// Everything the canvas draws over the cells (which the grid renderer
// draws): tensor labels and captions, the numbers inside cells, the eq-5
// bracket, the cells of a hovered term, rings round tiny targets, and the
// sliding window(s). Pure drawing: it reads the state and handles no input,
// so the window and the off-screen export draw the same picture.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "app_state.h"
#include "panel_layout.h"

namespace convbp::app {

// The number written inside a cell `cell_px` pixels wide at font size
// `size`: the longest FormatNumber(kCell) text whose drawn width fits the
// cell, so it is never cut; "" when not even one digit with its sign fits
// (the cell then shows colour only, and its value on hover).
std::string CellNumberText(double value, float cell_px, const ImFont* font, float size);

// One number the canvas prints: which cell, the text, where (top-left,
// screen pixels), its drawn width and font size.
struct CellNumber {
  size_t cell;  // index into CanvasModel::cells
  std::string text;
  float x, y, width, size;
};
// Every number the canvas prints for region `r` seen through `xf` at
// animation progress `eased_progress`: the overlay draws exactly these.
std::vector<CellNumber> CellNumbers(const CanvasModel& m, const Rect& r, const CanvasTransform& xf,
                                    float eased_progress, const ImFont* font, float font_size);

// Draws into `dl` for the canvas region `r` seen through `xf`.
void DrawCanvasOverlay(ImDrawList* dl, const AppState& s, const Rect& r, const CanvasTransform& xf);

}  // namespace convbp::app
