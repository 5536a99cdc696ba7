// The app state as the command line would start it, for the app tests.
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

inline AppState StartedWith(const std::vector<std::string>& flags) {
  AppState s;
  EXPECT_EQ(InitFromLaunchOptions(s, Parsed(flags)), "");
  return s;
}

}  // namespace convbp::app
