// convbp: an interactive picture of how a convolution layer back-propagates.
// Parses flags, sets up the state, opens the window and runs the loop (or
// renders one screenshot). Everything else lives in the panels and core.
#include <imgui.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app_state.h"
#include "app_window.h"
#include "export_render.h"
#include "json_text.h"
#include "launch_options.h"
#include "memory_policy.h"
#include "quit_signals.h"
#include "settings.h"
#include "state_link.h"

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
  KeepFreedBuffersForReuse();  // recomputes reuse mapped pages (memory_policy.h)
  // Interactive runs restore the last session (settings.h); flags win.
  Session session = OpenSession(options);
  AppState state;
  // A link (--link) loads whatever it can, like the page does; plain flags
  // are all-or-nothing.
  std::vector<std::string> link_warnings = options.link_warnings;
  const bool from_link = options.given.contains("--link");
  if (from_link) InitFromLinkOptions(state, options, link_warnings);
  const std::string problem_error = from_link ? "" : InitFromLaunchOptions(state, options);
  if (!problem_error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", convbp::json::SanitizeLine(problem_error).c_str());
    return 2;
  }
  if (!options.export_path.empty()) return RunExport(state, options);  // export.h
  RestoreSession(session, state, options);
  for (const std::string& w : session.warnings) std::fprintf(stderr, "convbp: %s\n", w.c_str());
  if (session.enabled) BlockQuitSignals();  // Ctrl+C closes the window and saves (quit_signals.h)
  AppWindow window;
  const std::string window_error = window.Open(options.width, options.height, /*with_cjk=*/true);
  if (!window_error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", window_error.c_str());
    return 1;
  }
  state.fonts = window.fonts();
  if (const auto layout = LoadUiLayout(session))
    ImGui::LoadIniSettingsFromMemory(layout->data(), layout->size());
  AfterWindowOpen(session, state);
  for (const std::string& w : link_warnings) {
    std::fprintf(stderr, "convbp: %s\n", w.c_str());
    state.notices.push_back(w);
  }
  if (!options.screenshot_path.empty())
    return RunScreenshot(window, state, options.screenshot_path);
  std::optional<QuitSignalWatch> watch;
  if (session.enabled) watch.emplace(window.handle());
  const int code = RunInteractive(window, state, options.frames.value_or(0));
  watch.reset();
  size_t layout_size = 0;
  const char* layout = ImGui::SaveIniSettingsToMemory(&layout_size);
  const std::string save_error = SaveSession(session, state, std::string_view(layout, layout_size));
  if (!save_error.empty())
    std::fprintf(stderr, "convbp: settings not saved: %s\n", save_error.c_str());
  return code;
}
