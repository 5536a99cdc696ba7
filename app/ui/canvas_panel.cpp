// The canvas panel: a transparent ImGui window over the cells the grid
// renderer draws. It draws the overlay (canvas_overlay.h) and handles the
// mouse: drag to pan, wheel to zoom about the pointer, hover for a cell's
// value and lookup, click to edit.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "canvas_overlay.h"
#include "i18n.h"
#include "lookup.h"
#include "notation.h"
#include "number_text.h"
#include "panels.h"
#include "typeset.h"

namespace convbp::app {

namespace {

// Index of the cell under canvas point (cx, cy), or -1. Cells that have
// arrived (or sit still) are found at their destination.
int CellAt(const CanvasModel& m, float cx, float cy) {
  for (size_t k = m.cells.size(); k-- > 0;) {
    const CellInstance& c = m.cells[k];
    if (c.alpha_to < 0.5f || m.refs.BoxOf(k) < 0) continue;
    if (cx >= c.to_x && cx < c.to_x + 1 && cy >= c.to_y && cy < c.to_y + 1) return int(k);
  }
  return -1;
}

// Which steps read and write the hovered cell, and why it is zero when it
// is structurally so (remainder, gap, inserted zero …); cached in
// s.canvas_ui.lookup while the same cell stays hovered.
void DrawCellLookup(AppState& s, const steps::Cell& drawn) {
  CanvasInteraction::Lookup& cache = s.canvas_ui.lookup;
  if (cache.generation != s.derived.canvas.generation || cache.lang != s.lang ||
      !(cache.cell == drawn)) {
    cache.cell = drawn, cache.generation = s.derived.canvas.generation, cache.lang = s.lang;
    cache.reads.clear(), cache.why.clear();
    steps::Cell cell = drawn;
    cell.tensor = steps::CanonicalTensor(s.problem.shape, cell.tensor);
    if (steps::CellInRange(s.problem.shape, cell)) {
      const uint64_t reads = steps::Readers(s.problem.shape, cell).total();
      const uint64_t writes = steps::Writers(s.problem.shape, cell).total();
      cache.reads =
          TF(s.lang, "canvas.reads", {{"r", std::to_string(reads)}, {"w", std::to_string(writes)}});
      const steps::Explanation why = steps::ExplainValue(s.problem, s.results, cell);
      if (why.size > 0) cache.why = steps::ExplanationText(why, s.lang);
    }
  }
  if (!cache.reads.empty()) ImGui::TextUnformatted(cache.reads.c_str());
  if (!cache.why.empty()) ImGui::TextColored({1.0f, 0.8f, 0.3f, 1}, "%s", cache.why.c_str());
}

// Wheel zoom about the pointer, drag to pan.
void PanAndZoom(AppState& s, const Rect& r, const CanvasTransform& xf, float mx, float my) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.MouseWheel != 0) {
    const float factor = std::pow(1.15f, io.MouseWheel);
    const float new_zoom = std::clamp(s.view.zoom * factor, 0.1f, 40.0f);
    // Keep the canvas point under the mouse fixed: the new origin must be
    // mx − (mouse − r)/ppu'; the pan is what FitCanvas needs added for it.
    const CanvasTransform base = FitCanvas(s.derived.canvas, r.w, r.h, new_zoom, 0, 0);
    s.view.pan_x = mx - (io.MousePos.x - r.x) / base.pixels_per_unit - base.origin_x;
    s.view.pan_y = my - (io.MousePos.y - r.y) / base.pixels_per_unit - base.origin_y;
    s.view.zoom = new_zoom;
  }
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left) ||
      ImGui::IsMouseDragging(ImGuiMouseButton_Middle)) {
    s.view.pan_x -= io.MouseDelta.x / xf.pixels_per_unit;
    s.view.pan_y -= io.MouseDelta.y / xf.pixels_per_unit;
  }
}

// The matrix scene: the line of C a hovered cell stands for, what it links
// to (kept in s.hover.matrix for the overlay), and a tooltip that says so —
// for a column, its gradient three ways with a check mark when they agree.
// False when the cell stands for no line (it is then hovered as usual).
bool HoverMatrixLine(AppState& s, const steps::Cell& hovered) {
  const ConvShape& shape = s.problem.shape;
  int64_t line = 0;
  bool column = false;
  if (s.nav.scene != steps::Scene::kMatrix ||
      !LineOfHoveredCell(shape, s.nav.stage, hovered, line, column))
    return false;
  auto& cached = s.hover.matrix;
  if (!cached || cached->line != line || cached->column != column ||
      s.hover.matrix_generation != s.derived.canvas.generation) {
    cached = column ? LinksOfColumn(s.problem, s.results, line) : LinksOfRow(shape, line);
    s.hover.matrix_generation = s.derived.canvas.generation;
    s.view.redraw_frames = std::max(s.view.redraw_frames, 1);  // the overlay marks it next frame
  }
  const MatrixLinks& l = *cached;
  auto n = [](int64_t v) { return std::to_string(v); };
  auto num = [](double v) { return FormatNumber(v, NumberStyle::kTerm); };
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
  TypesetItem(steps::CellSymbol(l.cell, steps::Form::kTex));
  if (!column) {
    ImGui::TextWrapped("%s", TF(s.lang, "matrix.hover_row",
                                {{"r", n(line)}, {"taps", n(int64_t(l.windows.size()))}})
                                 .c_str());
  } else if (l.feeds.empty()) {
    const steps::Explanation why = steps::Explain(shape, l.cell);
    ImGui::TextWrapped("%s", TF(s.lang, "matrix.hover_empty_column",
                                {{"col", n(line)}, {"why", steps::ExplanationText(why, s.lang)}})
                                 .c_str());
  } else {
    ImGui::TextWrapped("%s", TF(s.lang, "matrix.hover_column",
                                {{"col", n(line)}, {"windows", n(int64_t(l.feeds.size()))}})
                                 .c_str());
  }
  if (column) {
    const std::string three = TF(
        s.lang, "matrix.three_views",
        {{"matrix", num(l.by_matrix)}, {"slide", num(l.by_slide)}, {"scatter", num(l.by_scatter)}});
    if (l.ThreeViewsAgree())
      ImGui::TextColored({0.45f, 0.85f, 0.45f, 1}, "%s  ✓ %s", three.c_str(),
                         T(s.lang, "matrix.identical"));
    else ImGui::TextColored({0.9f, 0.3f, 0.3f, 1}, "%s", three.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
  return true;
}

// The hovered cell's tooltip, and a click (not a drag) opens the editor.
void HoverAndClick(AppState& s, int hovered) {
  const CellRef& ref = s.derived.canvas.refs[size_t(hovered)];
  const double value = s.derived.canvas.cells[size_t(hovered)].value;
  s.hover.cell = ref.cell;
  // A blank (practice, worksheet) keeps its value and why it is zero to itself.
  const bool blank = s.derived.canvas.BlankAt(size_t(hovered)) != nullptr;
  const bool ask = IsHiddenCell(s, ref.cell);
  // The matrix scene: a line of C and what it links to (a blank keeps its secret).
  if (!blank && HoverMatrixLine(s, ref.cell) && ref.cell.tensor == steps::TensorId::kNone) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  if (blank) {
    TypesetItem(steps::CellSymbol(ref.cell, steps::Form::kTex) + " = ?");
  } else {
    TypesetItem(CellValueTex(ref.cell, value));
    DrawCellLookup(s, ref.cell);
  }
  ImGui::TextDisabled("%s", T(s.lang, ask ? "canvas.click_to_answer" : "canvas.click_to_edit"));
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
  const ImVec2 drag = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left);
  const bool clicked = ImGui::IsMouseReleased(ImGuiMouseButton_Left) && drag.x == 0 && drag.y == 0;
  if (clicked && ask) {  // practice: the clicked hidden cell becomes the question
    AskCell(s, ref.cell);
    return;
  }
  if (clicked) {
    CanvasInteraction& ui = s.canvas_ui;
    ui.edited.reset();
    if (IsEditable(s, ref.cell.tensor)) ui.edited = ref.cell;
    ui.edit_value = value;
    ui.edit_error.clear();
    ui.edit_generation = s.derived.canvas.generation;
    ImGui::OpenPopup("edit cell");
  }
}

void DrawEditPopup(AppState& s) {
  if (!ImGui::BeginPopup("edit cell")) return;
  CanvasInteraction& ui = s.canvas_ui;
  // Escape closes it, and so does stepping on: the clicked cell may be
  // drawn elsewhere or not at all in the new canvas.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) ||
      ui.edit_generation != s.derived.canvas.generation) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  if (!ui.edited) {
    ImGui::TextUnformatted(T(s.lang, "canvas.computed"));
  } else {
    // Named in formula notation (z^{l−1}_{0,0,1}), not by its internal name.
    TypesetItem(std::string(steps::TensorWords(ui.edited->tensor, s.lang)) + "  " +
                steps::CellSymbol(*ui.edited, steps::Form::kTex));
    // The value updates as it is typed (so Apply reads it) and Enter
    // applies it too; typing again clears an old error.
    // The field has the keys when the popup opens and after a refused value
    // (its text selected, so typing replaces it).
    if (ImGui::IsWindowAppearing() || ui.refocus) ImGui::SetKeyboardFocusHere();
    ui.refocus = false;
    if (ImGui::InputDouble(TL(s.lang, "canvas.value"), &ui.edit_value, 0, 0, "%.6g"))
      ui.edit_error.clear();
    const bool enter = ImGui::IsItemDeactivated() &&
                       (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false));
    const bool apply = ImGui::Button(TL(s.lang, "canvas.apply"));
    ItemTip(s, "tip.apply");
    if (apply || enter) {
      ui.edit_error = EditCell(s, *ui.edited, ui.edit_value);
      if (ui.edit_error.empty()) ImGui::CloseCurrentPopup();
      else ui.refocus = true;
    }
    if (!ui.edit_error.empty())
      ImGui::TextColored({0.9f, 0.25f, 0.25f, 1}, "%s", ui.edit_error.c_str());
  }
  ImGui::EndPopup();
}

}  // namespace

CanvasTransform DrawCanvasPanel(AppState& s, const Rect& r) {
  const CanvasTransform xf =
      FitCanvas(s.derived.canvas, r.w, r.h, s.view.zoom, s.view.pan_x, s.view.pan_y);
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({std::max(r.w, 1.0f), std::max(r.h, 1.0f)});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::Begin("Canvas", nullptr,
               ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoDecoration |
                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar();
  DrawCanvasOverlay(ImGui::GetWindowDrawList(), s, r, xf);

  s.hover.cell.reset();
  const bool had_matrix_line = s.hover.matrix.has_value();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float mx = xf.origin_x + (mouse.x - r.x) / xf.pixels_per_unit;
  const float my = xf.origin_y + (mouse.y - r.y) / xf.pixels_per_unit;
  if (ImGui::IsWindowHovered()) {
    PanAndZoom(s, r, xf, mx, my);
    if (const int hovered = CellAt(s.derived.canvas, mx, my); hovered >= 0)
      HoverAndClick(s, hovered);
  }
  // Nothing under the mouse stands for a line of C any more.
  const bool on_line = s.hover.cell && s.nav.scene == steps::Scene::kMatrix && [&] {
    int64_t line = 0;
    bool column = false;
    return LineOfHoveredCell(s.problem.shape, s.nav.stage, *s.hover.cell, line, column);
  }();
  if (had_matrix_line && !on_line) {
    s.hover.matrix.reset();
    s.view.redraw_frames = std::max(s.view.redraw_frames, 1);
  }
  DrawEditPopup(s);
  ImGui::End();
  return xf;
}

}  // namespace convbp::app
