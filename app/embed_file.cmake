# Turns a text file into a C++ header holding it as a string constant, so
# shaders ship inside the binary. Invoked at build time:
#   cmake -DINPUT=grid.vert -DOUTPUT=grid_vert.h -DNAME=kGridVertexShader -P embed_file.cmake
file(READ "${INPUT}" content)
# A raw string literal with a delimiter no GLSL source contains.
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} at build time; do not edit.\n#pragma once\n"
  "inline constexpr char ${NAME}[] = R\"convbp_glsl(${content})convbp_glsl\";\n")
