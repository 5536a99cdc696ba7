// The backward half of a change runs at the lowest priority so that it gives
// way to the frame (background_work.h): its thread, and the engine's second
// thread it starts, must really run at nice 19, and the caller must not.
#include "background_work.h"

#include <gtest/gtest.h>

#include <future>
#include <utility>
#include <vector>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace convbp::app {
namespace {

#ifdef __linux__
int ThisThreadsNice() { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); }

TEST(BackgroundWork, RunsAtTheLowestPriorityAndSoDoTheThreadsItStarts) {
  const int caller = ThisThreadsNice();
  auto work = StartInBackground([] {
    const int own = ThisThreadsNice();
    const int started = std::async(std::launch::async, [] { return ThisThreadsNice(); }).get();
    return std::make_pair(own, started);
  });
  const auto [own, started] = work.get();
  EXPECT_EQ(own, 19);
  EXPECT_EQ(started, 19);
  EXPECT_EQ(ThisThreadsNice(), caller);
}
#endif

TEST(BackgroundWork, ReturnsWhatTheWorkReturns) {
  auto work = StartInBackground([] { return std::vector<int>{1, 2, 3}; });
  EXPECT_EQ(work.get(), (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace convbp::app
