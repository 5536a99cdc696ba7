// The OpenGL API the platform layer draws with: desktop OpenGL 3.3 core, or
// in the browser OpenGL ES 3.0, which emscripten maps onto WebGL2. The
// renderer uses only what both have; shaders differ only in their first
// line (kGlslPreamble, prepended to the same sources at load time).
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
inline constexpr const char* kGlslVersion = "#version 300 es\n";
// GLSL ES has no default float precision in fragment shaders.
inline constexpr const char* kGlslPreamble = "#version 300 es\nprecision highp float;\n";
#else
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>
inline constexpr const char* kGlslVersion = "#version 330 core\n";
inline constexpr const char* kGlslPreamble = kGlslVersion;
#endif
