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

// A tensor box's label as the canvas draws it: caption (plain words),
// symbol, then the shape lines with the colour legend ("C_in×H×W = 2×8×6
// ±3"), bottom up above the box, screen pixels. [x0, x1] × [y0, y1] is all
// it covers: labels never overlap, and the shape lines (which hold numbers)
// are never cut; a too-long caption is cut at x1.
struct BoxLabel {
  std::string caption, symbol;
  // The caption as drawn: one line, or wrapped onto as many as fit above
  // the symbol (the last one cut at the next label if still too long).
  std::vector<std::string> caption_lines;
  std::vector<std::string> shape_lines;
  float caption_size = 0, symbol_size = 0, shape_size = 0;
  float caption_baseline = 0, symbol_baseline = 0, shape_top = 0;
  float x0 = 0, x1 = 0, y0 = 0, y1 = 0;
};
std::vector<BoxLabel> LayoutBoxLabels(const CanvasModel& m, const Rect& r,
                                      const CanvasTransform& xf, Lang lang, ImFont* font,
                                      float font_size);

// Draws into `dl` for the canvas region `r` seen through `xf`.
void DrawCanvasOverlay(ImDrawList* dl, const AppState& s, const Rect& r, const CanvasTransform& xf);

}  // namespace convbp::app
