// Must NOT compile: app/model may not include GLFW (tests/app/CMakeLists.txt).
#include <GLFW/glfw3.h>
int ModelThatOpensWindows() { return 0; }
