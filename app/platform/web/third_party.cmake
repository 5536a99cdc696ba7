# Dear ImGui 1.86 and giflib compiled to WebAssembly from Debian's source
# packages (scripts/install-web-deps.sh unpacks them into
# third_party/web-src/), plus stb_image_write from Debian's libstb-dev
# headers. Their own code: no -Werror, no warnings.
enable_language(C)
set(WEB_SRC ${PROJECT_SOURCE_DIR}/third_party/web-src)
if(NOT EXISTS ${WEB_SRC}/imgui/imgui.cpp OR NOT EXISTS ${WEB_SRC}/giflib/egif_lib.c)
  message(FATAL_ERROR "Dear ImGui / giflib sources missing: run scripts/install-web-deps.sh")
endif()

add_library(convbp_imgui STATIC
  ${WEB_SRC}/imgui/imgui.cpp
  ${WEB_SRC}/imgui/imgui_draw.cpp
  ${WEB_SRC}/imgui/imgui_tables.cpp
  ${WEB_SRC}/imgui/imgui_widgets.cpp
  ${WEB_SRC}/imgui/backends/imgui_impl_glfw.cpp
  ${WEB_SRC}/imgui/backends/imgui_impl_opengl3.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stb_image_write_impl.cpp
)
# The OpenGL ES 3 backend speaks WebGL2 (GLSL "#version 300 es").
target_compile_definitions(convbp_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_include_directories(convbp_imgui SYSTEM PUBLIC ${WEB_SRC}/imgui ${WEB_SRC}/imgui/backends
                           /usr/include/stb)
target_compile_options(convbp_imgui PRIVATE -w)
target_link_options(convbp_imgui INTERFACE -sUSE_GLFW=3)

add_library(convbp_gif STATIC
  ${WEB_SRC}/giflib/egif_lib.c
  ${WEB_SRC}/giflib/gif_err.c
  ${WEB_SRC}/giflib/gif_hash.c
  ${WEB_SRC}/giflib/gifalloc.c
  ${WEB_SRC}/giflib/openbsd-reallocarray.c
)
target_include_directories(convbp_gif SYSTEM PUBLIC ${WEB_SRC}/giflib)
target_compile_options(convbp_gif PRIVATE -w)
