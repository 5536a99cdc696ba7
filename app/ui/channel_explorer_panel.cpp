// The channel explorer (channel_explorer.h): a strip under the canvas with
// the C_in × C_out grid of kernel slices W[·,·,c,d] and their gradients
// ∂W[·,·,c,d], each pair a small picture on its tensor's colour scale.
// Clicking a pair focuses the scenes on it (FocusChannelPair). With groups,
// pairs outside a group have no kernel slice and are marked "not
// connected". In eq 8's slide the strip also shows the window's sum split
// by output channel d, stacked into the total.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "colour_map.h"
#include "i18n.h"
#include "number_text.h"
#include "panels.h"
#include "practice.h"

namespace convbp::app {

namespace {

ImU32 ToImU32(Colour c, int alpha = 255) {
  auto q = [](float v) { return int(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  return IM_COL32(q(c.r), q(c.g), q(c.b), alpha);
}

std::string Num(double v) { return FormatNumber(v, NumberStyle::kTerm); }

float LargestAbs(const Tensor<double>& t) {
  double most = 0;
  for (size_t k = 0; k < t.size(); ++k) most = std::max(most, std::fabs(t[k]));
  return most > 0 ? float(most) : 1.0f;
}

// One k1×k2 slice [d][c'] of a kernel-shaped tensor at `at`, `px` pixels a
// cell; a `hidden` slice (a practice answer) is drawn pale, as the canvas
// draws its hidden cells.
void DrawSlice(ImDrawList* dl, const AppState& s, const Tensor<double>& t, int d, int c_local,
               ImVec2 at, float px, float scale, bool hidden = false) {
  const int k1 = t.dim(2), k2 = t.dim(3);
  for (int m = 0; m < k1; ++m)
    for (int n = 0; n < k2; ++n) {
      const float v = float(t[t.OffsetOf({d, c_local, m, n})]) / scale;
      const ImVec2 a{at.x + float(n) * px, at.y + float(m) * px};
      dl->AddRectFilled(
          a, {a.x + px, a.y + px},
          hidden ? IM_COL32(200, 200, 205, 255) : ToImU32(DivergingColour(s.view.palette, v)));
    }
  dl->AddRect(at, {at.x + float(k2) * px, at.y + float(k1) * px}, IM_COL32(90, 90, 100, 255));
}

// Eq 8's window split by output channel: one bar segment per d, from the
// running sum before it to the running sum after it, so the last segment
// ends at the total; the picked d is outlined.
void DrawStackedTotal(AppState& s, const OutputChannelSplit& split, float width) {
  std::string line = TF(s.lang, "channels.stacked",
                        {{"c", std::to_string(split.c)},
                         {"y", std::to_string(split.y)},
                         {"x", std::to_string(split.x)}});
  double running = 0, lo = 0, hi = 0;
  for (size_t k = 0; k < split.d.size(); ++k) {
    line += (k ? " + " : " ") + std::string("[d=") + std::to_string(split.d[k]) + "] " +
            Num(split.contribution[k]);
    running += split.contribution[k];
    lo = std::min(lo, running), hi = std::max(hi, running);
  }
  line += " = " + Num(split.total);
  ImGui::TextWrapped("%s", line.c_str());
  const float h = ImGui::GetFontSize() * 0.9f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy({width, h + 2});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double span = std::max(hi - lo, 1e-12);
  auto xof = [&](double v) { return p0.x + float((v - lo) / span) * width; };
  dl->AddLine({xof(0), p0.y - 2}, {xof(0), p0.y + h + 2}, IM_COL32(200, 200, 200, 200));
  running = 0;
  for (size_t k = 0; k < split.d.size(); ++k) {
    const double from = running, to = running + split.contribution[k];
    running = to;
    const float x0 = std::min(xof(from), xof(to)), x1 = std::max(xof(from), xof(to)) + 1;
    const float y0 = p0.y + h * 0.2f * float(k % 2), y1 = y0 + h * 0.8f;
    dl->AddRectFilled({x0, y0}, {x1, y1},
                      ToImU32(DivergingColour(s.view.palette, to >= from ? 0.8f : -0.8f)));
    const bool picked = s.nav.pair && s.nav.pair->d == split.d[k];
    dl->AddRect({x0, y0}, {x1, y1}, picked ? IM_COL32(255, 200, 0, 255) : IM_COL32(30, 30, 30, 255),
                0, 0, picked ? 2.5f : 1.0f);
  }
  dl->AddLine({xof(split.total), p0.y - 3}, {xof(split.total), p0.y + h + 3},
              IM_COL32(255, 255, 255, 255), 2);
}

}  // namespace

float ChannelExplorerHeight(const AppState& s, float canvas_h) {
  const ConvShape& sh = s.problem.shape;
  if (!s.view.show_channels || !ExplorerApplies(sh, s.nav.scene)) return 0;
  const float font = ImGui::GetFontSize();
  const bool stacked =
      (s.nav.scene == steps::Scene::kInput && s.nav.stage == steps::Stage::kSlide) ||
      s.nav.stage == steps::Stage::kTransposedProduct;
  const float wanted =
      font * 2.4f + float(sh.c_in) * (float(sh.k1) * 9.0f + font + 4) + (stacked ? font * 2.6f : 0);
  return std::clamp(wanted, font * 6, canvas_h * 0.36f);
}

void DrawChannelExplorer(AppState& s, const Rect& r) {
  const ConvShape& sh = s.problem.shape;
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({std::max(r.w, 1.0f), std::max(r.h, 1.0f)});
  ImGui::Begin("###channels", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoTitleBar |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoScrollbar);
  ImGui::TextDisabled("%s", T(s.lang, "channels.title"));
  ItemTip(s, "channels.title_tip");
  const OutputChannelSplit split = PracticeHidesChannelSums(s)
                                       ? OutputChannelSplit{}
                                       : SplitByOutputChannel(sh, s.derived.window_step);
  const bool hide_gradients = PracticeHidesWeightGradient(s);
  const float font = ImGui::GetFontSize();
  const float stacked_h = split.d.empty() ? 0 : font * 2.6f;
  // Room for the grid: a label column on the left, a header row on top.
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float label_w = ImGui::CalcTextSize("c = 00").x + 6;  // "c = 3" left of each row
  const float avail_w = std::max(1.0f, ImGui::GetContentRegionAvail().x - label_w);
  const float avail_h = std::max(1.0f, ImGui::GetContentRegionAvail().y - stacked_h - font);
  const float gap = 6;
  const float entry_w = avail_w / float(sh.c_out), entry_h = avail_h / float(sh.c_in);
  // Each entry: W slice, a small gap, ∂W slice.
  const float px =
      std::clamp(std::min((entry_w - gap - 3) / float(2 * sh.k2), (entry_h - gap) / float(sh.k1)),
                 1.0f, 14.0f);
  const float cell_w = float(2 * sh.k2) * px + 3 + gap;
  const float cell_h = std::max(float(sh.k1) * px, font) + gap;  // room for the row's "c = …"
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w_scale = LargestAbs(s.problem.weight);
  const float g_scale = LargestAbs(s.results.grad_weight);
  // Column and row names, shortened when a column is narrower than "d = 0".
  const bool short_names = cell_w < ImGui::CalcTextSize("d = 00").x;
  for (int d = 0; d < sh.c_out; ++d) {
    const std::string name = (short_names ? "" : "d = ") + std::to_string(d);
    dl->AddText({origin.x + label_w + float(d) * cell_w, origin.y}, IM_COL32(200, 200, 200, 255),
                name.c_str());
  }
  const float top = origin.y + font + 2;
  for (int c = 0; c < sh.c_in; ++c) {
    const std::string name = "c = " + std::to_string(c);
    dl->AddText({origin.x, top + float(c) * cell_h}, IM_COL32(200, 200, 200, 255), name.c_str());
    for (int d = 0; d < sh.c_out; ++d) {
      const ChannelPair pair{c, d};
      const ImVec2 at{origin.x + label_w + float(d) * cell_w, top + float(c) * cell_h};
      const ImVec2 end{at.x + cell_w - gap, at.y + cell_h - gap};
      ImGui::SetCursorScreenPos(at);
      ImGui::PushID(c * 4096 + d);
      const bool clicked = ImGui::InvisibleButton("pair", {cell_w - gap, cell_h - gap});
      ImGui::PopID();
      const bool connected = PairConnected(sh, pair);
      if (!connected) {
        dl->AddRectFilled(at, end, IM_COL32(45, 45, 50, 255));
        dl->AddLine(at, end, IM_COL32(110, 110, 120, 255));
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s", TF(s.lang, "channels.not_connected",
                                     {{"c", std::to_string(c)}, {"d", std::to_string(d)}})
                                      .c_str());
        continue;
      }
      const int c_local = sh.LocalInput(c);
      DrawSlice(dl, s, s.problem.weight, d, c_local, at, px, w_scale);
      DrawSlice(dl, s, s.results.grad_weight, d, c_local, {at.x + float(sh.k2) * px + 3, at.y}, px,
                g_scale, hide_gradients);
      if (s.nav.pair == pair)
        dl->AddRect({at.x - 2, at.y - 2}, {end.x + 2, end.y + 2}, IM_COL32(255, 200, 0, 255), 0, 0,
                    2.5f);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TF(s.lang, "channels.pair_tip",
                                   {{"c", std::to_string(c)}, {"d", std::to_string(d)}})
                                    .c_str());
      if (clicked) FocusChannelPair(s, pair);
    }
  }
  ImGui::SetCursorScreenPos({origin.x, top + float(sh.c_in) * cell_h});
  if (!split.d.empty()) DrawStackedTotal(s, split, std::min(r.w - 2 * font, 40 * font));
  ImGui::End();
}

}  // namespace convbp::app
