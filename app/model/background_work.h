// Work the next frame does not wait for — the backward half of a change
// while the forward scene is drawn (app_state.cpp) — runs on a helper
// thread at the lowest scheduling priority. It then fills the core the main
// thread leaves idle while it recomputes z and the canvas, and steps aside
// while the frame is rasterised: a software GL (llvmpipe, on every machine
// without a GPU driver) draws on all cores, and a helper competing with it
// delayed the frame that shows the change by ~2.5 ms on the 3×224×224 layer
// (app_bench BM_SliderChangeVsPlainFrame, slider_ms; README "Performance").
#pragma once

#include <future>
#include <type_traits>
#include <utility>

namespace convbp::app {

// Lowers the calling thread's priority as far as it goes (Linux: the idle
// scheduling class, for this thread and the threads it starts; elsewhere
// nothing). Its work still runs whenever a core would otherwise idle.
void LowerThisThreadsPriority();

template <class Work>
std::future<std::invoke_result_t<Work>> StartInBackground(Work work) {
  return std::async(std::launch::async, [work = std::move(work)]() mutable {
    LowerThisThreadsPriority();
    return work();
  });
}

}  // namespace convbp::app
