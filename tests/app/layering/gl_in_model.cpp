// Must NOT compile: app/model may not include OpenGL (tests/app/CMakeLists.txt).
#include <GL/gl.h>
int ModelThatDraws() { return 0; }
