#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>

#include "i18n.h"
#include "lookup.h"
#include "notation.h"
#include "number_text.h"
#include "panels.h"
#include "typeset.h"

namespace convbp::app {

namespace {

// The cell being edited by the click-to-edit popup.
struct PendingEdit {
  std::string tensor;
  std::vector<int> cell;
  double value = 0;
  std::string error;
};
PendingEdit g_edit;

// Index of the cell under canvas point (cx, cy), or -1. Cells that have
// arrived (or sit still) are found at their destination.
int CellAt(const CanvasModel& m, float cx, float cy) {
  for (size_t k = m.cells.size(); k-- > 0;) {
    const CellInstance& c = m.cells[k];
    if (c.alpha_to < 0.5f || m.refs[k].tensor < 0) continue;
    if (cx >= c.to_x && cx < c.to_x + 1 && cy >= c.to_y && cy < c.to_y + 1) return int(k);
  }
  return -1;
}

// A named tensor's cell as the step model's Cell (nullopt: unknown name or
// rank), not canonicalised: pz stays pz.
std::optional<steps::Cell> CellOf(const std::string& tensor, const std::vector<int>& index) {
  const auto id = steps::ParseTensor(tensor);
  if (!id || index.size() > 4) return std::nullopt;
  steps::Cell cell;
  cell.tensor = *id;
  cell.rank = uint8_t(index.size());
  for (size_t a = 0; a < index.size(); ++a) cell.idx[a] = index[a];
  return cell;
}

// The number inside a cell `cell_px` pixels wide, in as many characters as
// fit (number_text.h: fewer digits, or none, but never a wrong sign).
std::string FormatCellValue(float v, float cell_px, float digit_px) {
  const int budget = int(cell_px * 0.92f / std::max(digit_px, 1.0f));
  return FormatNumber(double(v), NumberStyle::kCell, budget);
}

// Which steps read and write the cell, and why it is zero when it is
// structurally so (remainder, gap, inserted zero …). Explaining a zero sum
// may rebuild a whole window, so the text is kept while the same cell of
// the same canvas stays hovered.
void DrawCellLookup(const AppState& s, const CellLink& link) {
  static struct {
    CellLink link;
    uint64_t generation = 0;
    steps::Lang lang = steps::Lang::kEn;
    std::string reads, why;
  } cache;
  if (cache.generation != s.canvas.generation || cache.lang != s.lang ||
      cache.link.tensor != link.tensor || cache.link.cell != link.cell) {
    cache.link = link, cache.generation = s.canvas.generation, cache.lang = s.lang;
    cache.reads.clear(), cache.why.clear();
    std::optional<steps::Cell> named = CellOf(link.tensor, link.cell);
    if (!named) return;
    steps::Cell cell = *named;
    cell.tensor = steps::CanonicalTensor(s.problem.shape, cell.tensor);
    if (!steps::CellInRange(s.problem.shape, cell)) return;
    const uint64_t reads = steps::Readers(s.problem.shape, cell).total();
    const uint64_t writes = steps::Writers(s.problem.shape, cell).total();
    cache.reads = TF("canvas.reads", {{"r", std::to_string(reads)}, {"w", std::to_string(writes)}});
    const steps::Explanation why = steps::ExplainValue(s.problem, s.results, cell);
    if (why.size > 0) cache.why = steps::ExplanationText(why, s.lang);
  }
  if (!cache.reads.empty()) ImGui::TextUnformatted(cache.reads.c_str());
  if (!cache.why.empty()) ImGui::TextColored({1.0f, 0.8f, 0.3f, 1}, "%s", cache.why.c_str());
}

}  // namespace

void DrawCanvasPanel(AppState& s, const Rect& r, float& ppu, float& origin_x, float& origin_y) {
  const CanvasModel& m = s.canvas;
  const CanvasTransform xf = FitCanvas(m, r.w, r.h, s.zoom, s.pan_x, s.pan_y);
  ppu = xf.pixels_per_unit;
  origin_x = xf.origin_x;
  origin_y = xf.origin_y;

  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({std::max(r.w, 1.0f), std::max(r.h, 1.0f)});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::Begin("Canvas", nullptr,
               ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoDecoration |
                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto to_screen = [&](float cx, float cy) {
    return ImVec2(r.x + (cx - origin_x) * ppu, r.y + (cy - origin_y) * ppu);
  };
  const float t = Eased(s.progress);

  // Labels above every tensor.
  const float font = ImGui::GetFontSize();
  float previous_right = -1e9f;  // a narrow tensor's label must not run into the next one's
  for (const TensorBox& b : m.boxes) {
    ImVec2 p = to_screen(b.x, b.y);
    // scene_layout writes its two phrases in English; the UI language's here.
    std::string symbol = b.symbol, detail = b.detail;
    for (auto [text, key] : {std::pair{"(+ρ positions)", "canvas.rho_positions"},
                             std::pair{"(one slice shown)", "canvas.one_slice"}})
      for (std::string* field : {&symbol, &detail})
        if (const size_t at = field->find(text); at != std::string::npos)
          field->replace(at, std::string_view(text).size(), T(key));
    // The caption in plain words, above the symbol, a little smaller.
    const char* caption = b.caption.empty() ? "" : T(b.caption);
    const float caption_size = font * 0.9f;
    const float label_w =
        std::max({Typeset(nullptr, ImGui::GetFont(), font * 1.15f, {0, 0}, 0, 0, symbol).width,
                  ImGui::CalcTextSize(detail.c_str()).x,
                  Typeset(nullptr, ImGui::GetFont(), caption_size, {0, 0}, 0, 0, caption).width});
    p.x = std::max(p.x, previous_right + font);
    previous_right = p.x + label_w;
    Typeset(dl, ImGui::GetFont(), font * 1.15f, {p.x, p.y - font * 1.6f},
            IM_COL32(235, 235, 235, 255), 0, symbol);
    dl->AddText({p.x, p.y - font * 1.25f}, IM_COL32(150, 150, 150, 255), detail.c_str());
    if (*caption)
      Typeset(dl, ImGui::GetFont(), caption_size, {p.x, p.y - font * 3.0f},
              IM_COL32(255, 214, 120, 255), 0, caption);
  }
  // Numbers inside cells that are big enough to hold them.
  // Text shrinks with the cells down to 9 px, below which it is left out.
  const float number_size = std::min(ImGui::GetFontSize(), ppu * 0.42f);
  if (number_size >= 9.0f) {
    const float digit_px = ImGui::GetFont()->CalcTextSizeA(number_size, 1e9f, 0, "0").x;
    for (size_t k = 0; k < m.cells.size(); ++k) {
      const CellInstance& c = m.cells[k];
      const float alpha = c.alpha_from + (c.alpha_to - c.alpha_from) * t;
      if (alpha < 0.5f || int(c.style) == int(CellStyle::kPending)) continue;
      float cx, cy;
      CellCentreAt(c, t, cx, cy);
      const ImVec2 centre = to_screen(cx, cy);
      // Zoomed in on a big layer most cells are off screen: skip them early.
      if (centre.x < r.x - ppu || centre.x > r.x + r.w + ppu || centre.y < r.y - ppu ||
          centre.y > r.y + r.h + ppu)
        continue;
      const std::string text = FormatCellValue(c.value, ppu, digit_px);
      if (text.empty()) continue;
      const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(number_size, 1e9f, 0, text.c_str());
      const bool dark =
          std::fabs(c.value) / m.value_scale > 0.55f && int(c.style) == int(CellStyle::kNormal);
      dl->AddText(ImGui::GetFont(), number_size,
                  {centre.x - size.x * 0.5f, centre.y - size.y * 0.5f},
                  dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255), text.c_str());
    }
  }
  // Brackets (eq 5's weight gradients among the slide positions): a white
  // frame with its label on a dark tab straddling the top edge.
  for (const CanvasModel::Bracket& br : m.brackets) {
    const ImVec2 a = to_screen(br.r.x, br.r.y), b = to_screen(br.r.x + br.r.w, br.r.y + br.r.h);
    const float thick = std::max(2.0f, ppu * 0.1f);
    dl->AddRect({a.x - thick * 0.5f, a.y - thick * 0.5f}, {b.x + thick * 0.5f, b.y + thick * 0.5f},
                IM_COL32(255, 255, 255, 255), 0, 0, thick);
    const float size = std::clamp(ppu * 0.32f, 9.0f, font);
    const TypesetResult tm = Typeset(nullptr, ImGui::GetFont(), size, {0, 0}, 0, 0, br.label);
    const float pad = size * 0.2f, baseline = a.y + (tm.ascent - tm.descent) * 0.5f;
    dl->AddRectFilled({a.x, baseline - tm.ascent - pad},
                      {a.x + tm.width + 2 * pad, baseline + tm.descent + pad},
                      IM_COL32(30, 30, 30, 235), size * 0.2f);
    Typeset(dl, ImGui::GetFont(), size, {a.x + pad, baseline}, IM_COL32(255, 255, 255, 255), 0,
            br.label);
  }
  // Cells of the term hovered in the formula panel: cyan outlines.
  if (s.hover_term >= 0 && size_t(s.hover_term) < s.term_cells.size()) {
    for (size_t k = 0; k < m.cells.size(); ++k) {
      const CellRef& ref = m.refs[k];
      if (ref.tensor < 0) continue;
      if (!TermReads(s, s.hover_term, m.boxes[size_t(ref.tensor)].name, ref.index)) continue;
      const CellInstance& c = m.cells[k];
      dl->AddRect(to_screen(c.to_x, c.to_y), to_screen(c.to_x + 1, c.to_y + 1),
                  IM_COL32(0, 220, 255, 255), 0, 0, std::max(2.0f, ppu * 0.12f));
    }
  }
  // Tiny cells: ring the written cells so the eye finds them.
  if (ppu < 6.0f) {
    for (const CanvasModel::Rect& c : m.targets) {
      const ImVec2 a = to_screen(c.x + 0.5f, c.y + 0.5f);
      dl->AddRect({a.x - 6, a.y - 6}, {a.x + 6, a.y + 6}, IM_COL32(255, 199, 0, 255), 0, 0, 2);
    }
  }
  // The sliding window(s), gliding from where the previous step had them.
  const bool glide = s.previous_windows.size() == m.windows.size();
  for (size_t k = 0; k < m.windows.size(); ++k) {
    CanvasModel::Rect w = m.windows[k];
    if (glide) {
      const CanvasModel::Rect& p = s.previous_windows[k];
      w.x = p.x + (w.x - p.x) * t, w.y = p.y + (w.y - p.y) * t;
      w.w = p.w + (w.w - p.w) * t, w.h = p.h + (w.h - p.h) * t;
    }
    dl->AddRect(to_screen(w.x, w.y), to_screen(w.x + w.w, w.y + w.h), IM_COL32(0, 190, 90, 255), 0,
                0, std::max(2.0f, ppu * 0.08f));
  }

  // Pan (drag), zoom (wheel about the mouse), hover and click-to-edit.
  ImGuiIO& io = ImGui::GetIO();
  s.hover_cell.reset();
  const ImVec2 mouse = io.MousePos;
  const float mx = origin_x + (mouse.x - r.x) / ppu, my = origin_y + (mouse.y - r.y) / ppu;
  if (ImGui::IsWindowHovered()) {
    if (io.MouseWheel != 0) {
      const float factor = std::pow(1.15f, io.MouseWheel);
      const float new_zoom = std::clamp(s.zoom * factor, 0.1f, 40.0f);
      // Keep the canvas point under the mouse fixed: the new origin must be
      // mx − (mouse − r)/ppu'; the pan is what FitCanvas needs added for it.
      const CanvasTransform base = FitCanvas(m, r.w, r.h, new_zoom, 0, 0);
      s.pan_x = mx - (mouse.x - r.x) / base.pixels_per_unit - base.origin_x;
      s.pan_y = my - (mouse.y - r.y) / base.pixels_per_unit - base.origin_y;
      s.zoom = new_zoom;
    }
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left) ||
        ImGui::IsMouseDragging(ImGuiMouseButton_Middle)) {
      s.pan_x -= io.MouseDelta.x / ppu;
      s.pan_y -= io.MouseDelta.y / ppu;
    }
    const int hovered = CellAt(m, mx, my);
    if (hovered >= 0) {
      const CellRef& ref = m.refs[size_t(hovered)];
      s.hover_cell = CellLink{m.boxes[size_t(ref.tensor)].name, ref.index.ToVector()};
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
      if (const auto cell = CellOf(s.hover_cell->tensor, s.hover_cell->cell))
        TypesetItem(CellValueTex(*cell, double(m.cells[size_t(hovered)].value)));
      DrawCellLookup(s, *s.hover_cell);
      ImGui::TextDisabled("%s", T("canvas.click_to_edit"));
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
      if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
          ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).x == 0 &&
          ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).y == 0) {
        g_edit = {};
        g_edit.cell = ref.index.ToVector();
        g_edit.value = m.cells[size_t(hovered)].value;
        const std::string& name = m.boxes[size_t(ref.tensor)].name;
        for (const char* editable : {"input_padded", "weight", "bias", "grad_output"})
          if (name == editable) g_edit.tensor = name;
        ImGui::OpenPopup("edit cell");
      }
    }
  }
  if (ImGui::BeginPopup("edit cell")) {
    if (g_edit.tensor.empty()) {
      ImGui::TextUnformatted(T("canvas.computed"));
    } else {
      // Named in formula notation (z^{l−1}_{0,0,1}), not by its internal name.
      if (const auto cell = CellOf(g_edit.tensor, g_edit.cell))
        TypesetItem(std::string(steps::TensorWords(cell->tensor, s.lang)) + "  " +
                    steps::CellSymbol(*cell, steps::Form::kTex));
      ImGui::InputDouble(TL("canvas.value"), &g_edit.value, 0, 0, "%.6g");
      if (ImGui::Button(TL("canvas.apply"))) {
        g_edit.error = EditCell(s, g_edit.tensor, g_edit.cell, g_edit.value);
        if (g_edit.error.empty()) ImGui::CloseCurrentPopup();
      }
      if (!g_edit.error.empty())
        ImGui::TextColored({0.9f, 0.25f, 0.25f, 1}, "%s", g_edit.error.c_str());
    }
    ImGui::EndPopup();
  }
  ImGui::End();
}

}  // namespace convbp::app
