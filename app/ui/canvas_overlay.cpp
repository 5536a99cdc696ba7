#include "canvas_overlay.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "i18n.h"
#include "number_text.h"
#include "typeset.h"

namespace convbp::app {

namespace {

// The number inside a cell `cell_px` pixels wide, in as many characters as
// fit (number_text.h: fewer digits, or none, but never a wrong sign).
std::string FormatCellValue(float v, float cell_px, float digit_px) {
  const int budget = int(cell_px * 0.92f / std::max(digit_px, 1.0f));
  return FormatNumber(double(v), NumberStyle::kCell, budget);
}

}  // namespace

void DrawCanvasOverlay(ImDrawList* dl, const AppState& s, const Rect& r,
                       const CanvasTransform& xf) {
  const CanvasModel& m = s.derived.canvas;
  const float ppu = xf.pixels_per_unit;
  auto to_screen = [&](float cx, float cy) {
    return ImVec2(xf.ScreenX(r.x, cx), xf.ScreenY(r.y, cy));
  };
  const float t = Eased(s.nav.progress);

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
          field->replace(at, std::string_view(text).size(), T(s.lang, key));
    // The caption in plain words, above the symbol, a little smaller.
    const char* caption = b.caption.empty() ? "" : T(s.lang, b.caption);
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
  if (s.hover.term >= 0 && size_t(s.hover.term) < s.derived.term_cells.size()) {
    for (size_t k = 0; k < m.cells.size(); ++k) {
      const CellRef& ref = m.refs[k];
      if (ref.box < 0 || !TermReads(s, s.hover.term, ref.cell)) continue;
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
  const bool glide = s.derived.previous_windows.size() == m.windows.size();
  for (size_t k = 0; k < m.windows.size(); ++k) {
    CanvasModel::Rect w = m.windows[k];
    if (glide) {
      const CanvasModel::Rect& p = s.derived.previous_windows[k];
      w.x = p.x + (w.x - p.x) * t, w.y = p.y + (w.y - p.y) * t;
      w.w = p.w + (w.w - p.w) * t, w.h = p.h + (w.h - p.h) * t;
    }
    dl->AddRect(to_screen(w.x, w.y), to_screen(w.x + w.w, w.y + w.h), IM_COL32(0, 190, 90, 255), 0,
                0, std::max(2.0f, ppu * 0.08f));
  }
}

}  // namespace convbp::app
