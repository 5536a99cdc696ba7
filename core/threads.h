// Whether this build may start threads, and the one way the engine uses a
// second one. The browser build without SharedArrayBuffer (emscripten
// without pthreads) has the page's one thread only: there the engine, the
// presets and the app do their parts one after the other.
#pragma once

#include <future>

namespace convbp {

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
inline constexpr bool kHasThreads = false;
#else
inline constexpr bool kHasThreads = true;
#endif

// work(begin, middle) on this thread and work(middle, end) on a second one
// at the same time when `two` (and the build has threads), else
// work(begin, end) here. The halves must write apart; both may read what
// this thread made before the call.
template <typename Index, typename Work>
void InTwoHalves(bool two, Index begin, Index middle, Index end, const Work& work) {
  if (!kHasThreads || !two || middle <= begin || middle >= end) return work(begin, end);
  auto second = std::async(std::launch::async, [&work, middle, end] { work(middle, end); });
  work(begin, middle);
  second.get();
}

}  // namespace convbp
