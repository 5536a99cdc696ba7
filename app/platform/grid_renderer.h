// Draws tensor cells with the GLSL in shaders/: near, every cell is an
// instanced quad (grid.vert/frag) that can move, turn and fade; far (cells
// a few pixels wide), the cells that sit still become one texture with a
// texel per cell (lod.vert/frag) and only moving cells stay quads. The
// renderer owns GL objects only; what to draw comes from the canvas model
// (canvas_model.h), which is plain data and testable without GL.
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

// The colour behind the cells (the canvas region and exported pictures),
// linear RGB.
struct ClearColour {
  float r, g, b;
};
inline constexpr ClearColour kCanvasBackground{0.11f, 0.11f, 0.13f};

// Below this many pixels per cell the texture path is used.
inline constexpr float kTexturePathPixels = 6.0f;

class GridRenderer {
 public:
  GridRenderer() = default;
  GridRenderer(const GridRenderer&) = delete;
  GridRenderer& operator=(const GridRenderer&) = delete;
  ~GridRenderer();

  // Compiles the embedded shaders. Returns "" or the GL compile/link log.
  std::string Init();
  // Once per canvas change (not per frame): the far path's texture and
  // moving quads. The near path's quads of every cell wait for Draw.
  void Upload(const CanvasModel& model);
  // `model` is the one last uploaded; near, its cells are uploaded as quads
  // the first time they are drawn. Each cell's colour comes from its own
  // tensor's scale (CellInstance::shade).
  void Draw(const CanvasModel& model, const GridView& view, float eased_progress, Palette palette);

 private:
  struct InstanceBuffer {
    unsigned vbo = 0;
    size_t count = 0, capacity = 0;
  };
  void UploadInstances(InstanceBuffer& b, const std::vector<CellInstance>& cells);
  void ReleaseInstances(InstanceBuffer& b);
  void DrawInstances(const InstanceBuffer& b, const GridView& v, float progress, Palette palette);
  void SetCommonUniforms(unsigned program, const GridView& v, float progress, Palette palette);

  unsigned grid_program_ = 0, lod_program_ = 0;
  unsigned grid_vao_ = 0, lod_vao_ = 0, quad_vbo_ = 0, texture_ = 0;
  InstanceBuffer all_cells_, moving_cells_;
  bool all_cells_current_ = false;       // all_cells_ holds the last uploaded model's cells
  bool texture_ok_ = false;              // the far path is available for this canvas
  float texture_w_ = 0, texture_h_ = 0;  // the canvas the texture covers (units = texels)
  int texture_store_w_ = 0, texture_store_h_ = 0;  // its storage, rounded up
};

}  // namespace convbp::app
