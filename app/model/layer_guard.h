// Forced into every source of app/model (app/CMakeLists.txt, -include): the
// model layer must not draw or talk to the windowing system, so that the
// headless tests, the export planner and a second platform (the browser)
// can use it as it is. Poisoning a few names that ImGui's, GL's and GLFW's
// headers declare makes any include of those headers a compile error here,
// whatever path it is included by.
#pragma once
#pragma GCC poison ImGui ImVec2 ImDrawList GLuint GLenum GLFWwindow glfwInit
