// Where each panel sits in the window: controls on the left, the step
// panel on the right, the timeline along the bottom, the canvas in the
// middle. Recomputed from the framebuffer size every frame, so resizing to
// a sliver still yields non-negative rectangles. In a small window (down
// to 800×500) the side panels give up width to the canvas (at most 30%
// each) and the step panel's lesson scrolls in a part of it
// (step_panel.cpp), so the panels never overlap and the step's arithmetic
// stays in view.
#pragma once

#include <algorithm>

namespace convbp::app {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct PanelLayout {
  Rect controls, step, timeline, canvas;
};

// `left`, `right`, `bottom` are the sizes the user dragged the panels to
// (px, restored from settings); 0 means the default.
// Remembers a panel size the user dragged: ImGui applies the drag after
// SetNextWindowSize, so the window's size then differs from the one set.
inline void RememberPanelSize(float set, float got, float& stored) {
  if (got - set > 0.5f || set - got > 0.5f) stored = got;
}

// `bottom_wanted` is the height the timeline's rows need (px, 0: unknown):
// the default bottom grows to it, up to 45% of the window.
inline PanelLayout ComputePanelLayout(float width, float height, float scale, float left_px = 0,
                                      float right_px = 0, float bottom_px = 0,
                                      float bottom_wanted = 0) {
  PanelLayout l;
  const float left =
      left_px > 0 ? std::min(left_px, width * 0.45f) : std::min(290.0f * scale, width * 0.3f);
  const float right =
      right_px > 0 ? std::min(right_px, width * 0.45f) : std::min(440.0f * scale, width * 0.3f);
  const float bottom = bottom_px > 0 ? std::min(bottom_px, height * 0.45f)
                                     : std::max(std::min(128.0f * scale, height * 0.3f),
                                                std::min(bottom_wanted, height * 0.45f));
  const float middle_w = std::max(0.0f, width - left - right);
  const float top_h = std::max(0.0f, height - bottom);
  l.controls = {0, 0, left, top_h};
  l.step = {width - right, 0, right, top_h};
  l.timeline = {0, top_h, width, bottom};
  l.canvas = {left, 0, middle_w, top_h};
  return l;
}

}  // namespace convbp::app
