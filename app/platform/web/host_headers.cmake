# Header-only libraries for the browser build, from Debian's packages. Their
# CMake packages point at /usr/include, which would put the host's C library
# headers before emscripten's: give the compiler only their own folders.
set(CONVBP_HOST_HEADERS ${CMAKE_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${CONVBP_HOST_HEADERS})
if(NOT EXISTS ${CONVBP_HOST_HEADERS}/nlohmann)
  file(CREATE_LINK /usr/include/nlohmann ${CONVBP_HOST_HEADERS}/nlohmann SYMBOLIC)
endif()
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED GLOBAL)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
                      INTERFACE_INCLUDE_DIRECTORIES ${CONVBP_HOST_HEADERS})
add_library(Eigen3::Eigen INTERFACE IMPORTED GLOBAL)
set_target_properties(Eigen3::Eigen PROPERTIES INTERFACE_INCLUDE_DIRECTORIES /usr/include/eigen3)
