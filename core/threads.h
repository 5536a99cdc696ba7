// Whether this build may start threads. The browser build without
// SharedArrayBuffer (emscripten without pthreads) has the page's one
// thread only: there the engine, the presets and the app do their parts
// one after the other.
#pragma once

namespace convbp {

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
inline constexpr bool kHasThreads = false;
#else
inline constexpr bool kHasThreads = true;
#endif

}  // namespace convbp
