// Must NOT compile: app/model may not include ImGui (tests/app/CMakeLists.txt).
#include <imgui/imgui.h>
int ModelThatDraws() { return 0; }
