// The backward half of a change runs at the lowest priority so that it gives
// way to the frame (background_work.h): its thread, and the engine's second
// thread it starts, must really run in the idle scheduling class, and the
// caller must not.
#include "background_work.h"

#include <gtest/gtest.h>

#include <future>
#include <utility>
#include <vector>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace convbp::app {
namespace {

#ifdef __linux__
int ThisThreadsPolicy() {
  int policy = -1;
  sched_param param{};
  EXPECT_EQ(pthread_getschedparam(pthread_self(), &policy, &param), 0);
  return policy;
}

TEST(BackgroundWork, RunsAtTheLowestPriorityAndSoDoTheThreadsItStarts) {
  const int caller = ThisThreadsPolicy();
  ASSERT_NE(caller, SCHED_IDLE);
  auto work = StartInBackground([] {
    const int own = ThisThreadsPolicy();
    const int started = std::async(std::launch::async, [] { return ThisThreadsPolicy(); }).get();
    return std::make_pair(own, started);
  });
  const auto [own, started] = work.get();
  EXPECT_EQ(own, SCHED_IDLE);
  EXPECT_EQ(started, SCHED_IDLE);
  EXPECT_EQ(ThisThreadsPolicy(), caller);
}
#endif

TEST(BackgroundWork, ReturnsWhatTheWorkReturns) {
  auto work = StartInBackground([] { return std::vector<int>{1, 2, 3}; });
  EXPECT_EQ(work.get(), (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace convbp::app
