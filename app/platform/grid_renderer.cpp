#include "grid_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "cell_colour_glsl.h"
#include "gl_api.h"
#include "grid_frag.h"
#include "grid_vert.h"
#include "half_float.h"
#include "lod_frag.h"
#include "lod_vert.h"

namespace convbp::app {

namespace {

constexpr int kMaxTextureSide = 8192;

// Compiles `parts` (concatenated) as one shader; "" or the log in `error`.
GLuint Compile(GLenum kind, std::initializer_list<const char*> parts, std::string& error) {
  const GLuint shader = glCreateShader(kind);
  std::vector<const char*> sources(parts);
  glShaderSource(shader, GLsizei(sources.size()), sources.data(), nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    error = log;
  }
  return shader;
}

GLuint Link(GLuint vs, GLuint fs, std::string& error) {
  const GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    error = log;
  }
  return program;
}

// Per-instance attribute `location` with `count` components of `type` at
// `offset`; the shader reads each as a float (bytes as 0…255, not scaled).
void InstanceAttribute(GLuint location, GLint count, size_t offset, GLenum type = GL_FLOAT) {
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, count, type, GL_FALSE, sizeof(CellInstance),
                        reinterpret_cast<const void*>(offset));
  glVertexAttribDivisor(location, 1);
}

void BindInstanceLayout(GLuint vbo) {
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  InstanceAttribute(1, 2, offsetof(CellInstance, from_x));
  InstanceAttribute(2, 2, offsetof(CellInstance, to_x));
  InstanceAttribute(4, 1, offsetof(CellInstance, shade));  // the shader's a_value
  InstanceAttribute(5, 1, offsetof(CellInstance, style), GL_UNSIGNED_BYTE);
  InstanceAttribute(6, 1, offsetof(CellInstance, highlight), GL_UNSIGNED_BYTE);
  InstanceAttribute(7, 2, offsetof(CellInstance, alpha_from));
  InstanceAttribute(8, 1, offsetof(CellInstance, mode), GL_UNSIGNED_BYTE);
}

// A cell that sits still on an integer position for the whole animation.
bool SitsStill(const CellInstance& c) {
  return c.mode == 0 && c.from_x == c.to_x && c.from_y == c.to_y && c.alpha_from == c.alpha_to &&
         c.from_x == std::floor(c.from_x) && c.from_y == std::floor(c.from_y) && c.from_x >= 0 &&
         c.from_y >= 0;
}

}  // namespace

GridRenderer::~GridRenderer() {
  for (GLuint p : {grid_program_, lod_program_})
    if (p) glDeleteProgram(p);
  for (GLuint b : {quad_vbo_, all_cells_.vbo, moving_cells_.vbo})
    if (b) glDeleteBuffers(1, &b);
  for (GLuint a : {grid_vao_, lod_vao_})
    if (a) glDeleteVertexArrays(1, &a);
  if (texture_) glDeleteTextures(1, &texture_);
}

std::string GridRenderer::Init() {
  std::string error;
  const GLuint gvs = Compile(GL_VERTEX_SHADER, {kGlslPreamble, kGridVertexShader}, error);
  if (!error.empty()) return "grid.vert: " + error;
  const GLuint gfs =
      Compile(GL_FRAGMENT_SHADER, {kGlslPreamble, kCellColourGlsl, kGridFragmentShader}, error);
  if (!error.empty()) return "grid.frag: " + error;
  grid_program_ = Link(gvs, gfs, error);
  if (!error.empty()) return "grid shader link: " + error;
  const GLuint lvs = Compile(GL_VERTEX_SHADER, {kGlslPreamble, kLodVertexShader}, error);
  if (!error.empty()) return "lod.vert: " + error;
  const GLuint lfs =
      Compile(GL_FRAGMENT_SHADER, {kGlslPreamble, kCellColourGlsl, kLodFragmentShader}, error);
  if (!error.empty()) return "lod.frag: " + error;
  lod_program_ = Link(lvs, lfs, error);
  if (!error.empty()) return "lod shader link: " + error;

  const float quad[] = {0, 0, 1, 0, 0, 1, 1, 1};  // triangle strip
  glGenBuffers(1, &quad_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
  glGenBuffers(1, &all_cells_.vbo);
  glGenBuffers(1, &moving_cells_.vbo);
  glGenVertexArrays(1, &grid_vao_);
  glGenVertexArrays(1, &lod_vao_);
  for (GLuint vao : {grid_vao_, lod_vao_}) {
    glBindVertexArray(vao);
    glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  }
  glBindVertexArray(0);
  glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return "";
}

void GridRenderer::UploadInstances(InstanceBuffer& b, const std::vector<CellInstance>& cells) {
  glBindBuffer(GL_ARRAY_BUFFER, b.vbo);
  const auto bytes = static_cast<GLsizeiptr>(cells.size() * sizeof(CellInstance));
  if (cells.size() > b.capacity) {
    glBufferData(GL_ARRAY_BUFFER, bytes, cells.data(), GL_DYNAMIC_DRAW);
    b.capacity = cells.size();
  } else if (!cells.empty()) {
    glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, cells.data());
  }
  b.count = cells.size();
}

void GridRenderer::ReleaseInstances(InstanceBuffer& b) {
  if (b.capacity == 0) return;
  glBindBuffer(GL_ARRAY_BUFFER, b.vbo);
  glBufferData(GL_ARRAY_BUFFER, 0, nullptr, GL_DYNAMIC_DRAW);
  b.capacity = b.count = 0;
}

void GridRenderer::Upload(const CanvasModel& m) {
  // The quads of every cell belong to the old model: Draw uploads the new
  // ones only if it draws near. A big layer fitted to the window is drawn
  // far, and its quads would be most of a change's upload (3×224×224 → 64:
  // ~0.9 M cells, 48 MB) and of the GPU's memory.
  ReleaseInstances(all_cells_);
  all_cells_current_ = false;
  // The far path: still cells into a texel grid, the rest stay quads.
  const int w = int(std::ceil(m.width)), h = int(std::ceil(m.height));
  texture_ok_ = w > 0 && h > 0 && w <= kMaxTextureSide && h <= kMaxTextureSide;
  if (!texture_ok_) return;
  // Which cells the texture holds; the rest stay quads. The still cells
  // come in runs whose rows never go back up (a tensor's cells are laid out
  // row by row): `runs` are where each run begins.
  const auto in_texture = [w, h](const CellInstance& c) {
    return SitsStill(c) && c.from_x < float(w) && c.from_y < float(h);
  };
  std::vector<CellInstance> moving;
  std::vector<size_t> runs;
  float last_y = 0;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const CellInstance& c = m.cells[k];
    if (!in_texture(c)) {
      moving.push_back(c);
      continue;
    }
    if (runs.empty() || c.from_y < last_y) runs.push_back(k);
    last_y = c.from_y;
  }
  UploadInstances(moving_cells_, moving);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 2);
  // The texture's storage is kept while the canvas stays within it (sides
  // rounded up to kTextureStep): a slider change then rewrites the texels
  // in place, and the driver does not hold a second texture (12 MB on a
  // 1×1024×1024 layer) while the old one is let go. The lod shader fetches
  // texels by canvas position and covers only the canvas, so texels beyond
  // it are never read.
  constexpr int kTextureStep = 64;
  const int store_w = (w + kTextureStep - 1) / kTextureStep * kTextureStep;
  const int store_h = (h + kTextureStep - 1) / kTextureStep * kTextureStep;
  if (store_w != texture_store_w_ || store_h != texture_store_h_) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA16F, store_w, store_h, 0, GL_RGBA, GL_HALF_FLOAT,
                 nullptr);
    texture_store_w_ = store_w, texture_store_h_ = store_h;
  }
  // The texels go up a band of rows at a time (~2 MB), not as one canvas-
  // sized buffer (12 MB more at a change's peak on a 1×1024×1024 layer).
  // Each run keeps a cursor: bands go down the canvas, and so do its rows.
  // A later cell on the same texel overwrites an earlier one, as it would
  // drawn as a quad.
  const int band = std::max(1, (1 << 18) / w);
  // (shade, style, highlight, alpha) as halves (half_float.h); 0 = no cell.
  std::vector<uint16_t> texels(size_t(w) * size_t(std::min(band, h)) * 4);
  std::vector<size_t> cursor = runs;
  for (int y0 = 0; y0 < h; y0 += band) {
    const int rows = std::min(band, h - y0);
    std::fill(texels.begin(), texels.end(), uint16_t{0});
    for (size_t r = 0; r < runs.size(); ++r) {
      const size_t end = r + 1 < runs.size() ? runs[r + 1] : m.cells.size();
      size_t& k = cursor[r];
      for (; k < end; ++k) {
        const CellInstance& c = m.cells[k];
        if (!in_texture(c)) continue;
        if (c.from_y >= float(y0 + rows)) break;  // the next band's
        const size_t row = size_t(c.from_y) - size_t(y0);
        uint16_t* t = &texels[(row * size_t(w) + size_t(c.from_x)) * 4];
        t[0] = HalfOf(c.shade), t[1] = HalfOf(c.style), t[2] = HalfOf(c.highlight);
        t[3] = HalfOf(c.alpha_to);
      }
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, w, rows, GL_RGBA, GL_HALF_FLOAT, texels.data());
  }
  texture_w_ = float(w), texture_h_ = float(h);
}

void GridRenderer::SetCommonUniforms(unsigned program, const GridView& v, float progress,
                                     Palette palette) {
  glUseProgram(program);
  // canvas (x right, y down) → NDC (y up) within the region.
  const float sx = 2.0f * v.pixels_per_unit / float(v.region_w);
  const float sy = -2.0f * v.pixels_per_unit / float(v.region_h);
  glUniform4f(glGetUniformLocation(program, "u_view"), sx, sy, -1.0f - v.origin_x * sx,
              1.0f - v.origin_y * sy);
  glUniform1f(glGetUniformLocation(program, "u_progress"), progress);
  glUniform1i(glGetUniformLocation(program, "u_palette"), static_cast<int>(palette));
}

void GridRenderer::DrawInstances(const InstanceBuffer& b, const GridView& v, float progress,
                                 Palette palette) {
  if (b.count == 0) return;
  SetCommonUniforms(grid_program_, v, progress, palette);
  glUniform1f(glGetUniformLocation(grid_program_, "u_gap"), v.pixels_per_unit > 6 ? 0.08f : 0.0f);
  glUniform2f(glGetUniformLocation(grid_program_, "u_cell_pixels"), v.pixels_per_unit,
              v.pixels_per_unit);
  glBindVertexArray(grid_vao_);
  BindInstanceLayout(b.vbo);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(b.count));
}

void GridRenderer::Draw(const CanvasModel& m, const GridView& v, float progress, Palette palette) {
  if (!grid_program_ || v.region_w <= 0 || v.region_h <= 0) return;
  // GL's viewport has a bottom-left origin.
  glViewport(v.region_x, v.framebuffer_h - v.region_y - v.region_h, v.region_w, v.region_h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(v.region_x, v.framebuffer_h - v.region_y - v.region_h, v.region_w, v.region_h);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  if (texture_ok_ && v.pixels_per_unit < kTexturePathPixels) {
    SetCommonUniforms(lod_program_, v, progress, palette);
    glUniform2f(glGetUniformLocation(lod_program_, "u_extent"), texture_w_, texture_h_);
    glUniform1i(glGetUniformLocation(lod_program_, "u_cells"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glBindVertexArray(lod_vao_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    DrawInstances(moving_cells_, v, progress, palette);
  } else {
    if (!all_cells_current_) UploadInstances(all_cells_, m.cells), all_cells_current_ = true;
    DrawInstances(all_cells_, v, progress, palette);
  }
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace convbp::app
