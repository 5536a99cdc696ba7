// An AppState started from command-line flags, as main() starts it (no
// window): the shared first line of the headless app tests. A flag the
// parser or the start refuses fails the test that used it.
#pragma once

#include <gtest/gtest.h>

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

}  // namespace convbp::app
