// A small typesetter for the formula panel, drawing over ImGui's draw list.
// It understands a TeX-like subset, enough for the seed's equations:
//   x^{sup} x_{sub} x^a x_b      scripts (both may follow one base)
//   \sum_{lo}^{hi}               Σ with limits below and above
//   \frac{num}{den}              a stacked fraction (∂L over ∂W)
//   \term{k}{...}                a hoverable term; its box is reported
//   \hl{...}                     highlighted (the current term)
// Everything else is UTF-8 text (Greek letters, ·, ∂ as they are).
#pragma once

#include <imgui.h>

#include <string_view>
#include <vector>

namespace convbp::app {

struct TermBox {
  int id = 0;
  ImVec2 min, max;  // screen rectangle
};

struct TypesetResult {
  float width = 0, ascent = 0, descent = 0;
  std::vector<TermBox> terms;
};

// Lays out `tex` with its baseline starting at `origin` (left, baseline).
// With draw_list == nullptr only measures. `highlight` colours \hl groups
// and the \term whose id equals `hot_term` (−1: none).
TypesetResult Typeset(ImDrawList* draw_list, ImFont* font, float size, ImVec2 origin, ImU32 colour,
                      ImU32 highlight, std::string_view tex, int hot_term = -1);

// Typesets `tex` as one ImGui item at the cursor (wrapping is not done;
// long formulas should be split by the caller). Returns the term boxes.
std::vector<TermBox> TypesetItem(std::string_view tex, float scale = 1.0f, int hot_term = -1);

}  // namespace convbp::app
