// An AppState started from command-line flags, as main() starts it (no
// window): the shared first line of the headless app tests. A flag the
// parser or the start refuses fails the test that used it.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.h"

namespace convbp::app {

inline LaunchOptions Parsed(const std::vector<std::string>& flags) {
  LaunchOptions o;
  EXPECT_EQ(ParseLaunchOptions(flags, o), "");
  return o;
}

inline AppState Started(const std::vector<std::string>& flags) {
  AppState s;
  EXPECT_EQ(InitFromLaunchOptions(s, Parsed(flags)), "");
  return s;
}

// Steps through the stage `s` is on, applying each step as a frame would
// before it draws, and calls visit(step) on each.
template <typename Visit>
void ForEachStepOfStage(AppState& s, Visit visit) {
  for (uint64_t step = 0; step < StepCountOfStage(s); ++step) {
    JumpToStep(s, step);
    ApplyPendingChanges(s);
    visit(step);
  }
}

}  // namespace convbp::app
