// An AppState started from command-line flags, as main() starts it (no
// window): the shared first line of the headless app tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app_state.h"

namespace convbp::app {

inline AppState Started(const std::vector<std::string>& flags) {
  LaunchOptions o;
  EXPECT_EQ(ParseLaunchOptions(flags, o), "");
  AppState s;
  EXPECT_EQ(InitFromLaunchOptions(s, o), "");
  return s;
}

}  // namespace convbp::app
