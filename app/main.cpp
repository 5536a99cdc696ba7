// convbp: an interactive picture of how a convolution layer back-propagates.
// Parses flags, sets up the state, opens the window and runs the loop (or
// renders one screenshot). Everything else lives in the panels and core.
#include <cstdio>
#include <string>
#include <vector>

#include "app_state.h"
#include "app_window.h"
#include "launch_options.h"

int main(int argc, char** argv) {
  using namespace convbp::app;
  LaunchOptions options;
  const std::string flag_error =
      ParseLaunchOptions(std::vector<std::string>(argv + 1, argv + argc), options);
  if (!flag_error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", flag_error.c_str());
    return 2;
  }
  if (options.help) {
    std::fputs(LaunchUsage(), stdout);
    return 0;
  }
  AppState state;
  const std::string problem_error = InitFromLaunchOptions(state, options);
  if (!problem_error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", problem_error.c_str());
    return 2;
  }
  AppWindow window;
  const std::string window_error = window.Open(options.width, options.height, options.lang == "zh");
  if (!window_error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", window_error.c_str());
    return 1;
  }
  if (!options.screenshot_path.empty()) return RunScreenshot(window, state, options.screenshot_path);
  return RunInteractive(window, state, options.frames.value_or(0));
}
