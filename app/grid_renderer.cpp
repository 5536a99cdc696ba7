#include "grid_renderer.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>

#include <cstddef>

#include "grid_frag.h"
#include "grid_vert.h"

namespace convbp::app {

namespace {

std::string CompileLog(GLuint shader) {
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok) return "";
  char log[2048] = {};
  glGetShaderInfoLog(shader, sizeof log, nullptr, log);
  return log;
}

GLuint Compile(GLenum kind, const char* source, std::string& error) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  error = CompileLog(shader);
  return shader;
}

// Per-instance float attribute `location` with `count` components at `offset`.
void InstanceAttribute(GLuint location, GLint count, size_t offset) {
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, count, GL_FLOAT, GL_FALSE, sizeof(CellInstance),
                        reinterpret_cast<const void*>(offset));
  glVertexAttribDivisor(location, 1);
}

}  // namespace

GridRenderer::~GridRenderer() {
  if (program_) glDeleteProgram(program_);
  if (quad_vbo_) glDeleteBuffers(1, &quad_vbo_);
  if (instance_vbo_) glDeleteBuffers(1, &instance_vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
}

std::string GridRenderer::Init() {
  std::string error;
  const GLuint vs = Compile(GL_VERTEX_SHADER, kGridVertexShader, error);
  if (!error.empty()) return "grid.vert: " + error;
  const GLuint fs = Compile(GL_FRAGMENT_SHADER, kGridFragmentShader, error);
  if (!error.empty()) return "grid.frag: " + error;
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program_, sizeof log, nullptr, log);
    return std::string("grid shader link: ") + log;
  }

  glGenVertexArrays(1, &vao_);
  glBindVertexArray(vao_);
  const float quad[] = {0, 0, 1, 0, 0, 1, 1, 1};  // triangle strip
  glGenBuffers(1, &quad_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);

  glGenBuffers(1, &instance_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, instance_vbo_);
  InstanceAttribute(1, 2, offsetof(CellInstance, from_x));
  InstanceAttribute(2, 2, offsetof(CellInstance, to_x));
  InstanceAttribute(3, 2, offsetof(CellInstance, pivot_x));
  InstanceAttribute(4, 1, offsetof(CellInstance, value));
  InstanceAttribute(5, 1, offsetof(CellInstance, style));
  InstanceAttribute(6, 1, offsetof(CellInstance, highlight));
  InstanceAttribute(7, 2, offsetof(CellInstance, alpha_from));
  InstanceAttribute(8, 1, offsetof(CellInstance, mode));
  glBindVertexArray(0);
  return "";
}

void GridRenderer::Upload(const std::vector<CellInstance>& cells) {
  glBindBuffer(GL_ARRAY_BUFFER, instance_vbo_);
  const auto bytes = static_cast<GLsizeiptr>(cells.size() * sizeof(CellInstance));
  if (cells.size() > instance_capacity_) {
    glBufferData(GL_ARRAY_BUFFER, bytes, cells.data(), GL_DYNAMIC_DRAW);
    instance_capacity_ = cells.size();
  } else if (!cells.empty()) {
    glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, cells.data());
  }
  instance_count_ = cells.size();
}

void GridRenderer::Draw(const GridView& v, float eased_progress, float value_scale,
                        Palette palette) {
  if (!program_ || instance_count_ == 0 || v.region_w <= 0 || v.region_h <= 0) return;
  // GL's viewport has a bottom-left origin.
  glViewport(v.region_x, v.framebuffer_h - v.region_y - v.region_h, v.region_w, v.region_h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(v.region_x, v.framebuffer_h - v.region_y - v.region_h, v.region_w, v.region_h);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(program_);
  // canvas (x right, y down) → NDC (y up) within the region.
  const float sx = 2.0f * v.pixels_per_unit / float(v.region_w);
  const float sy = -2.0f * v.pixels_per_unit / float(v.region_h);
  glUniform4f(glGetUniformLocation(program_, "u_view"), sx, sy, -1.0f - v.origin_x * sx,
              1.0f - v.origin_y * sy);
  glUniform1f(glGetUniformLocation(program_, "u_progress"), eased_progress);
  glUniform1f(glGetUniformLocation(program_, "u_gap"), v.pixels_per_unit > 6 ? 0.08f : 0.0f);
  glUniform1f(glGetUniformLocation(program_, "u_value_scale"), value_scale);
  glUniform1i(glGetUniformLocation(program_, "u_palette"), static_cast<int>(palette));
  glUniform2f(glGetUniformLocation(program_, "u_cell_pixels"), v.pixels_per_unit,
              v.pixels_per_unit);
  glBindVertexArray(vao_);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(instance_count_));
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace convbp::app
