#include "canvas_overlay.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "i18n.h"
#include "lesson.h"
#include "notation.h"
#include "number_text.h"
#include "typeset.h"

namespace convbp::app {

std::string CellNumberText(double value, float cell_px, const ImFont* font, float size) {
  // Longest first: FormatNumber gives fewer digits (never a dropped sign)
  // for a smaller budget; the first whose drawn width fits is the answer.
  const float room = cell_px * 0.9f - 2.0f;
  // A kCell text has at most 3 characters that are not digits ("−", "." or
  // "e+"), so one of n characters is at least n − 3 digits wide: budgets
  // above room/digit + 3 cannot fit and are not tried (this runs per cell
  // per frame).
  const float digit = font->CalcTextSizeA(size, 1e9f, 0, "0").x;
  const int widest = std::min(8, int(room / std::max(digit, 1e-3f)) + 3);
  for (int budget = widest; budget >= 1; --budget) {
    const std::string text = FormatNumber(value, NumberStyle::kCell, budget);
    if (text.empty()) return "";
    if (font->CalcTextSizeA(size, 1e9f, 0, text.c_str()).x <= room) return text;
  }
  return "";
}

std::vector<CellNumber> CellNumbers(const CanvasModel& m, const Rect& r, const CanvasTransform& xf,
                                    float eased_progress, const ImFont* font, float font_size) {
  std::vector<CellNumber> out;
  const float ppu = xf.pixels_per_unit;
  // Text shrinks with the cells down to 9 px, below which it is left out.
  const float number_size = std::min(font_size, ppu * 0.42f);
  if (number_size < 9.0f) return out;
  const float t = eased_progress;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const CellInstance& c = m.cells[k];
    const float alpha = c.alpha_from + (c.alpha_to - c.alpha_from) * t;
    // A blank (practice, worksheet) shows its label even while pending.
    const CanvasModel::Blank* blank = m.BlankAt(k);
    if (alpha < 0.5f || (!blank && int(c.style) == int(CellStyle::kPending))) continue;
    float cx, cy;
    CellCentreAt(c, t, cx, cy);
    const float sx = xf.ScreenX(r.x, cx), sy = xf.ScreenY(r.y, cy);
    // Zoomed in on a big layer most cells are off screen: skip them early.
    if (sx < r.x - ppu || sx > r.x + r.w + ppu || sy < r.y - ppu || sy > r.y + r.h + ppu) continue;
    std::string text =
        blank ? blank->label : CellNumberText(double(c.value), ppu, font, number_size);
    if (text.empty()) continue;
    float text_size = number_size;
    ImVec2 size = font->CalcTextSizeA(text_size, 1e9f, 0, text.c_str());
    if (blank && size.x > ppu * 0.9f) {  // "?12" in a small cell: smaller, never cut
      text_size *= ppu * 0.9f / size.x;
      size = font->CalcTextSizeA(text_size, 1e9f, 0, text.c_str());
    }
    out.push_back({k, std::move(text), sx - size.x * 0.5f, sy - size.y * 0.5f, size.x, text_size});
  }
  return out;
}

namespace {

// `caption` in at most `max_lines` lines of at most `room` px (`width`
// measures a line): greedy, between the pieces a lesson wraps between
// (words; Chinese characters). What does not fit goes on the last line.
std::vector<std::string> WrapCaption(const std::string& caption, float room, int max_lines,
                                     const std::function<float(const std::string&)>& width) {
  std::vector<std::string> lines;
  if (caption.empty()) return lines;
  if (max_lines <= 1 || width(caption) <= room) return {caption};
  std::string line;
  for (const WrapPiece& p : WrapPieces(caption)) {
    const std::string joined = line + (line.empty() || !p.space_before ? "" : " ") + p.tex;
    if (line.empty() || width(joined) <= room || int(lines.size()) + 1 == max_lines) {
      line = joined;
      continue;
    }
    lines.push_back(line);
    line = p.tex;
  }
  lines.push_back(line);
  return lines;
}

}  // namespace

std::vector<BoxLabel> LayoutBoxLabels(const CanvasModel& m, const Rect& r,
                                      const CanvasTransform& xf, Lang lang, ImFont* font,
                                      float font_size) {
  std::vector<BoxLabel> out;
  const float gap = font_size * 0.8f;  // between one label and the next
  float previous_right = -1e9f;
  // The next labelled box after box k (m.boxes.size() if none).
  auto next_labelled = [&](size_t k) {
    while (++k < m.boxes.size() && !m.boxes[k].labelled) {
    }
    return k;
  };
  for (size_t k = 0; k < m.boxes.size(); ++k) {
    const TensorBox& b = m.boxes[k];
    if (!b.labelled) continue;
    BoxLabel l;
    // scene_layout writes its two phrases in English; the UI language's here.
    l.symbol = b.symbol;
    std::string detail = b.detail;
    for (auto [text, key] : {std::pair{"(+ρ positions)", "canvas.rho_positions"},
                             std::pair{"(one slice shown)", "canvas.one_slice"}})
      for (std::string* field : {&l.symbol, &detail})
        if (const size_t at = field->find(text); at != std::string::npos)
          field->replace(at, std::string_view(text).size(), T(lang, key));
    l.caption = b.caption.empty() ? "" : T(lang, b.caption);
    // From its box's left edge (or after the previous label) to the next
    // box's left edge (or the canvas's right edge).
    l.x0 = std::max(xf.ScreenX(r.x, b.x), previous_right + gap);
    const size_t next = next_labelled(k);
    const float limit =
        next < m.boxes.size() ? xf.ScreenX(r.x, m.boxes[next].x) - gap : r.x + r.w - 2;
    const float room = std::max(limit - l.x0, font_size * 3);
    auto width = [&](const std::string& text, float size) {
      return font->CalcTextSizeA(size, 1e9f, 0, text.c_str()).x;
    };
    auto typeset_width = [&](const std::string& tex, float size) {
      return Typeset(nullptr, font, size, {0, 0}, 0, 0, tex).width;
    };
    // The shape and the colour legend (this tensor's own scale: full colour
    // at ±scale) on one line; where that does not fit, broken before the
    // " = " — axes, then "= sizes ±scale" — and if need be smaller: the
    // numbers in it are never cut.
    const std::string range = "±" + FormatNumber(double(b.value_scale), NumberStyle::kCell, 6);
    l.shape_lines = {detail + "  " + range};
    const size_t equals = detail.find(" = ");
    if (equals != std::string::npos && width(l.shape_lines[0], font_size) > room)
      l.shape_lines = {detail.substr(0, equals), detail.substr(equals + 1) + "  " + range};
    if (l.shape_lines.size() == 2 && width(l.shape_lines[1], font_size) > room)
      l.shape_lines = {detail.substr(0, equals), detail.substr(equals + 1), "  " + range};
    float widest = 0;
    for (const std::string& line : l.shape_lines) widest = std::max(widest, width(line, font_size));
    l.shape_size = font_size * std::clamp(room / std::max(widest, 1.0f), 0.7f, 1.0f);
    // The symbol shrinks likewise; the caption shrinks, then is cut.
    l.symbol_size = font_size * 1.15f;
    l.symbol_size *=
        std::clamp(room / std::max(typeset_width(l.symbol, l.symbol_size), 1.0f), 0.7f, 1.0f);
    l.caption_size = font_size * 0.9f;
    if (!l.caption.empty())
      l.caption_size *=
          std::clamp(room / std::max(typeset_width(l.caption, l.caption_size), 1.0f), 0.75f, 1.0f);
    float label_w = typeset_width(l.symbol, l.symbol_size);
    for (const std::string& line : l.shape_lines)
      label_w = std::max(label_w, width(line, l.shape_size));
    const float caption_w = l.caption.empty() ? 0 : typeset_width(l.caption, l.caption_size);
    // Still too wide for the canvas: moved left, as far as the previous label allows.
    if (l.x0 + label_w > r.x + r.w - 2)
      l.x0 = std::max({r.x + r.w - 2 - label_w, previous_right + gap, r.x + 2});
    l.x1 = l.x0 + std::max(label_w, std::min(caption_w, std::max(room, limit - l.x0)));
    // Bottom up: shape lines end a quarter line above the cells, the symbol
    // over them, the caption over the symbol.
    const float bottom = xf.ScreenY(r.y, b.y) - font_size * 0.25f;
    const float line_h = l.shape_size * 1.15f;
    l.shape_top = bottom - line_h * float(l.shape_lines.size());
    l.symbol_baseline = l.shape_top - font_size * 0.35f;
    // A caption wider than its room wraps between words (or Chinese
    // characters) onto the lines that fit between the canvas top and the
    // symbol; its first line's baseline is the highest.
    const float caption_line_h = l.caption_size * 1.2f;
    const float lowest = l.symbol_baseline - font_size * 1.4f;
    const int max_lines =
        1 + std::max(0, int((lowest - l.caption_size - r.y) / std::max(caption_line_h, 1.0f)));
    l.caption_lines =
        WrapCaption(l.caption, l.x1 - l.x0, std::min(max_lines, 3),
                    [&](const std::string& t) { return typeset_width(t, l.caption_size); });
    l.caption_baseline =
        lowest - caption_line_h * float(std::max<size_t>(l.caption_lines.size(), 1) - 1);
    l.y0 =
        l.caption.empty() ? l.symbol_baseline - l.symbol_size : l.caption_baseline - l.caption_size;
    l.y1 = bottom;
    previous_right = l.x1;
    out.push_back(std::move(l));
  }
  return out;
}

namespace {

// C's entries labelled W_{m,n,c,d} where the label fits; returns which
// cells got one.
std::vector<char> DrawEntryNames(ImDrawList* dl, const AppState& s, const Rect& r,
                                 const CanvasTransform& xf) {
  const CanvasModel& m = s.derived.canvas;
  std::vector<char> named(m.cells.size(), 0);
  const float ppu = xf.pixels_per_unit;
  const float size = std::min(ImGui::GetFontSize(), ppu * 0.3f);
  if (size < 8.0f) return named;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const steps::Cell ref = m.refs.CellOf(k);
    const CellInstance& c = m.cells[k];
    if (ref.tensor != steps::TensorId::kNone || ref.rank != 3 ||
        int(c.style) != int(CellStyle::kNormal))
      continue;
    const float sx = xf.ScreenX(r.x, c.to_x), sy = xf.ScreenY(r.y, c.to_y);
    if (sx < r.x - ppu || sx > r.x + r.w || sy < r.y - ppu || sy > r.y + r.h) continue;
    const auto weight = EntryWeight(s.problem.shape, ref.idx[1], ref.idx[2]);
    if (!weight) continue;
    const std::string name = steps::CellSymbol(*weight, steps::Form::kTex);
    const TypesetResult tm = Typeset(nullptr, ImGui::GetFont(), size, {0, 0}, 0, 0, name);
    if (tm.width > ppu * 0.92f) continue;
    const bool dark = std::fabs(c.shade) > 0.55f;
    Typeset(dl, ImGui::GetFont(), size,
            {sx + (ppu - tm.width) * 0.5f, sy + (ppu + tm.ascent - tm.descent) * 0.5f},
            dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255), 0, name);
    named[k] = 1;
  }
  return named;
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
  for (const BoxLabel& l : LayoutBoxLabels(m, r, xf, s.lang, ImGui::GetFont(), font)) {
    if (!l.caption.empty()) {
      // The caption alone may be cut at the next label (it holds no number).
      dl->PushClipRect({l.x0, r.y}, {l.x1, r.y + r.h}, true);
      float baseline = l.caption_baseline;
      for (const std::string& line : l.caption_lines) {
        Typeset(dl, ImGui::GetFont(), l.caption_size, {l.x0, baseline},
                IM_COL32(255, 214, 120, 255), 0, line);
        baseline += l.caption_size * 1.2f;
      }
      dl->PopClipRect();
    }
    Typeset(dl, ImGui::GetFont(), l.symbol_size, {l.x0, l.symbol_baseline},
            IM_COL32(235, 235, 235, 255), 0, l.symbol);
    float top = l.shape_top;
    for (const std::string& line : l.shape_lines) {
      // The colour legend ("±3") in the colour of the scale's positive end.
      const size_t legend = line.rfind("  ±");
      const char* end = legend == std::string::npos ? nullptr : line.c_str() + legend;
      dl->AddText(ImGui::GetFont(), l.shape_size, {l.x0, top}, IM_COL32(150, 150, 150, 255),
                  line.c_str(), end);
      if (end)
        dl->AddText(
            ImGui::GetFont(), l.shape_size,
            {l.x0 + ImGui::GetFont()->CalcTextSizeA(l.shape_size, 1e9f, 0, line.c_str(), end).x,
             top},
            IM_COL32(230, 140, 120, 255), end);
      top += l.shape_size * 1.15f;
    }
  }
  // The matrix scene: C's entries named by the weight they hold,
  // W_{m,n,c,d}, where the name fits in the cell (their numbers then give
  // way; hover shows the value).
  std::vector<char> named;
  if (s.nav.scene == steps::Scene::kMatrix) named = DrawEntryNames(dl, s, r, xf);
  // Numbers inside cells that are big enough to hold them.
  for (const CellNumber& n : CellNumbers(m, r, xf, t, ImGui::GetFont(), font)) {
    if (n.cell < named.size() && named[n.cell]) continue;
    const CellInstance& c = m.cells[n.cell];
    const bool dark = std::fabs(c.shade) > 0.55f && int(c.style) == int(CellStyle::kNormal);
    const ImU32 colour = m.BlankAt(n.cell) ? IM_COL32(200, 80, 0, 255)
                         : dark            ? IM_COL32(255, 255, 255, 255)
                                           : IM_COL32(20, 20, 20, 255);
    dl->AddText(ImGui::GetFont(), n.size, {n.x, n.y}, colour, n.text.c_str());
  }
  // Channel names ("c = 0") in the row above each slice, as large as the
  // row and the slice's width allow; left out when too small to read.
  for (const CanvasModel::Bracket& name : m.slice_labels) {
    const ImVec2 a = to_screen(name.r.x, name.r.y);
    const float unit_w = ImGui::GetFont()->CalcTextSizeA(1.0f, 1e9f, 0, name.label.c_str()).x;
    const float room_w = (name.r.w + 0.8f) * ppu;
    const float size =
        std::min({font * 0.9f, name.r.h * ppu * 0.8f, room_w / std::max(unit_w, 1e-3f)});
    if (size < 7.0f) continue;
    dl->AddText(ImGui::GetFont(), size, {a.x, a.y + (name.r.h * ppu - size) * 0.5f},
                IM_COL32(200, 200, 200, 255), name.label.c_str());
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
    // A tab wider than its bracket (and the gap after it) would cover the
    // next one's: the frame alone then, the caption says what it means.
    if (tm.width + 2 * pad > (br.r.w + 0.9f) * ppu) continue;
    dl->AddRectFilled({a.x, baseline - tm.ascent - pad},
                      {a.x + tm.width + 2 * pad, baseline + tm.descent + pad},
                      IM_COL32(30, 30, 30, 235), size * 0.2f);
    Typeset(dl, ImGui::GetFont(), size, {a.x + pad, baseline}, IM_COL32(255, 255, 255, 255), 0,
            br.label);
  }
  // Group bands: one hue per group γ (g > 1).
  for (const CanvasModel::GroupBand& band : m.group_bands) {
    static const ImU32 kGroupColours[] = {
        IM_COL32(240, 170, 40, 255),  IM_COL32(60, 180, 230, 255),  IM_COL32(200, 90, 220, 255),
        IM_COL32(90, 210, 120, 255),  IM_COL32(240, 100, 100, 255), IM_COL32(230, 230, 90, 255),
        IM_COL32(150, 150, 255, 255), IM_COL32(255, 150, 200, 255)};
    const ImU32 colour = kGroupColours[size_t(band.group) % std::size(kGroupColours)];
    dl->AddRectFilled(to_screen(band.r.x, band.r.y),
                      to_screen(band.r.x + band.r.w, band.r.y + band.r.h), colour);
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
  // The matrix scene's hovered line: its cells of C framed as one band, and
  // the cells it links to in the pictures and vectors outlined in magenta.
  if (s.hover.matrix && s.hover.matrix_generation == m.generation) {
    const MatrixHoverMarks marks = MarksOfLinks(m, *s.hover.matrix);
    const ImU32 magenta = IM_COL32(255, 70, 210, 255);
    const float thick = std::max(2.0f, ppu * 0.12f);
    for (size_t k : marks.lit) {
      const CellInstance& c = m.cells[k];
      dl->AddRect(to_screen(c.to_x, c.to_y), to_screen(c.to_x + 1, c.to_y + 1), magenta, 0, 0,
                  thick);
    }
    if (!marks.line.empty()) {
      float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
      for (size_t k : marks.line) {
        const CellInstance& c = m.cells[k];
        x0 = std::min(x0, c.to_x), y0 = std::min(y0, c.to_y);
        x1 = std::max(x1, c.to_x + 1), y1 = std::max(y1, c.to_y + 1);
      }
      dl->AddRect(to_screen(x0, y0), to_screen(x1, y1), magenta, 0, 0, thick);
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
