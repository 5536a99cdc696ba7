// The canvas's diverging colour map on the CPU: the shader's Diverging(t)
// (shaders/cell_colour.glsl) for the GIF palette and for panels that draw
// small pictures of tensors with ImGui (the channel explorer's thumbnails).
#pragma once

#include <algorithm>
#include <cmath>

#include "canvas_model.h"

namespace convbp::app {

struct Colour {
  float r, g, b;
};

inline Colour MixColour(Colour a, Colour b, float t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

// t in [−1, 1] (a value ÷ its tensor's colour scale): white at 0, blue (or
// purple) below, red (or orange) above; √|t| so small values still tint.
inline Colour DivergingColour(Palette p, float t) {
  const Colour neg =
      p == Palette::kBlueRed ? Colour{0.13f, 0.40f, 0.67f} : Colour{0.33f, 0.15f, 0.53f};
  const Colour pos =
      p == Palette::kBlueRed ? Colour{0.70f, 0.09f, 0.17f} : Colour{0.70f, 0.35f, 0.02f};
  const Colour mid{0.97f, 0.97f, 0.97f};
  const float a = std::sqrt(std::clamp(std::fabs(t), 0.0f, 1.0f));
  return t < 0 ? MixColour(mid, neg, a) : MixColour(mid, pos, a);
}

}  // namespace convbp::app
