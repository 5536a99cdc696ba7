// Draws tensor cells as instanced quads with the GLSL in shaders/grid.*.
// The renderer owns GL objects only; what to draw comes from the canvas
// model (canvas_model.h), which is plain data and testable without GL.
#pragma once

#include <string>
#include <vector>

#include "canvas_model.h"

namespace convbp::app {

// What maps canvas units to the framebuffer.
struct GridView {
  float origin_x = 0, origin_y = 0;  // canvas point shown at the region's top-left
  float pixels_per_unit = 32;        // zoom
  // Region of the framebuffer to draw into (pixels, top-left origin).
  int region_x = 0, region_y = 0, region_w = 1, region_h = 1;
  int framebuffer_w = 1, framebuffer_h = 1;
};

class GridRenderer {
 public:
  GridRenderer() = default;
  GridRenderer(const GridRenderer&) = delete;
  GridRenderer& operator=(const GridRenderer&) = delete;
  ~GridRenderer();

  // Compiles the embedded shaders. Returns "" or the GL compile/link log.
  std::string Init();
  void Upload(const std::vector<CellInstance>& cells);
  void Draw(const GridView& view, float eased_progress, float value_scale, Palette palette);

 private:
  unsigned program_ = 0, vao_ = 0, quad_vbo_ = 0, instance_vbo_ = 0;
  size_t instance_count_ = 0, instance_capacity_ = 0;
};

}  // namespace convbp::app
