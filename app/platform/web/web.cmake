# The page: convbp.js + convbp.wasm + index.html in ${CMAKE_BINARY_DIR}/site,
# a static site any web server can host (scripts/web.sh builds and serves it).
# Same model, panels, renderer and shaders as the desktop app; only the
# window/loop (web_main.cpp) and the page's I/O (web_bridge.cpp) differ.
set(WEB_DIR ${CMAKE_CURRENT_SOURCE_DIR}/platform/web)
set(SITE_DIR ${CMAKE_BINARY_DIR}/site)
set(FONT_DIR ${CMAKE_CURRENT_BINARY_DIR}/fonts)

# Fonts subset to the glyphs the UI uses (the same list the atlas loads).
add_custom_command(
  OUTPUT ${FONT_DIR}/DejaVuSans.ttf ${FONT_DIR}/WenQuanYiMicroHei.ttf
  COMMAND /usr/bin/python3 ${WEB_DIR}/subset_fonts.py ${EMBED_DIR}/glyph_ranges.h
          ${CMAKE_CURRENT_SOURCE_DIR}/ui/fonts.cpp ${FONT_DIR}
  DEPENDS ${WEB_DIR}/subset_fonts.py ${EMBED_DIR}/glyph_ranges.h ${CMAKE_CURRENT_SOURCE_DIR}/ui/fonts.cpp
  COMMENT "Subsetting the bundled fonts")
add_custom_target(convbp_web_fonts DEPENDS ${FONT_DIR}/DejaVuSans.ttf ${FONT_DIR}/WenQuanYiMicroHei.ttf)

add_executable(convbp_web
  platform/app_window.cpp
  platform/grid_renderer.cpp
  platform/export_render.cpp
  platform/export_gif.cpp
  platform/web/web_main.cpp
  platform/web/web_bridge.cpp
  ${EMBED_DIR}/grid_vert.h
  ${EMBED_DIR}/grid_frag.h
  ${EMBED_DIR}/cell_colour_glsl.h
  ${EMBED_DIR}/lod_vert.h
  ${EMBED_DIR}/lod_frag.h
)
add_dependencies(convbp_web convbp_web_fonts)
set_target_properties(convbp_web PROPERTIES OUTPUT_NAME convbp SUFFIX .js
                      RUNTIME_OUTPUT_DIRECTORY ${SITE_DIR})
target_include_directories(convbp_web PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/platform ${WEB_DIR}
                           ${EMBED_DIR})
target_link_libraries(convbp_web PRIVATE convbp_app_ui convbp_gif)
target_compile_definitions(convbp_web PRIVATE GLFW_INCLUDE_NONE)  # GL from gl_api.h
convbp_warnings(convbp_web)
target_link_options(convbp_web PRIVATE
  -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web -lidbfs.js
  "SHELL:-sEXPORTED_RUNTIME_METHODS=[ccall]"
  "SHELL:--pre-js ${WEB_DIR}/page_pre.js"
  "SHELL:--js-library ${WEB_DIR}/library_convbp.js"
  "SHELL:--embed-file ${FONT_DIR}@/fonts")
set_property(TARGET convbp_web APPEND PROPERTY LINK_DEPENDS ${WEB_DIR}/page_pre.js ${WEB_DIR}/library_convbp.js
             ${FONT_DIR}/DejaVuSans.ttf ${FONT_DIR}/WenQuanYiMicroHei.ttf)
add_custom_command(TARGET convbp_web POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E copy ${WEB_DIR}/index.html ${SITE_DIR}/index.html)
