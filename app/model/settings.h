// What survives between runs: window size, language, palette, speed, panel
// layout (panel sizes, the lesson section, ImGui's own imgui.ini) and the
// last problem (controls, values as a CASE.json, scene, stage, step). Kept
// under $XDG_CONFIG_HOME/convbp (or ~/.config/convbp):
//   settings.json   this struct
//   last_case.json  the last problem, convbp-cli's CASE.json format
//   imgui.ini       ImGui's window settings
// Every write is atomic (json::WriteFileAtomic: temp file, fsync, rename),
// so a kill mid-save leaves the old file or the new one; the next start
// removes the killed writer's temporary files. A corrupt, truncated or
// old-version settings.json or last_case.json is set aside as NAME.bad with
// one warning, and the app starts clean — never a crash; a read-only or
// full directory gives one warning naming the path and the reason, and the
// app carries on.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "practice.h"
#include "shape.h"

namespace convbp::app {

struct AppState;
struct LaunchOptions;

struct Settings {
  static constexpr int kVersion = 1;
  int window_w = 1600, window_h = 1000;
  std::string lang = "en";           // en | zh
  std::string palette = "blue_red";  // blue_red | purple_orange
  float speed = 1.0f;
  std::string granularity = "window";  // window | mac
  bool show_lesson = true;
  bool show_channels = true;  // the channel explorer strip (View ▸ Channel explorer)
  float panel_left = 0, panel_right = 0, panel_bottom = 0;  // px; 0 = default
  // The problem's controls (the values themselves are in last_case.json).
  ConvShape edit_shape;
  bool square_lock = true;
  std::string preset = "int";
  int seed = 1;
  std::string loss = "given";                      // given | target
  bool has_case = false;                           // last_case.json holds the problem shown
  std::string scene = "forward", stage = "slide";  // a fresh start: the forward pass
  uint64_t step = 0;
  // The File menu.
  std::string case_path;
  std::vector<std::string> recent;  // most recent first
  // Practice mode's score per scene (practice.h), in steps::Scene order:
  // saved as {"forward": [answered, first_try], …}.
  std::array<PracticeScore, steps::kSceneCount> practice_scores{};
};

// $XDG_CONFIG_HOME/convbp, else $HOME/.config/convbp, else "".
std::filesystem::path ConfigDir();

std::string SettingsToJson(const Settings& s);
// Parses settings.json. Returns "" or a warning, in which case `out` is
// left at the defaults. Missing fields keep their defaults.
std::string ParseSettings(std::string_view text, Settings& out);

// Loads dir/settings.json. A missing file is not an error (first run); one
// that does not parse is renamed to settings.json.bad and named in the
// returned warning.
std::string LoadSettings(const std::filesystem::path& dir, Settings& out);
// Renames `path` to PATH.bad (replacing an older one); returns what
// happened, for the warning ("set aside as NAME.bad").
std::string SetAside(const std::filesystem::path& path);
// Creates dir if needed and writes dir/settings.json atomically
// (json::WriteFileAtomic: temp file, fsync, rename).
std::string SaveSettings(const std::filesystem::path& dir, const Settings& s);

// ---- the session: glue between Settings, the flags and AppState.
struct Session {
  bool enabled = false;  // interactive runs only; never for --screenshot/--export/--frames
  std::filesystem::path dir;
  Settings settings;
  std::vector<std::string> warnings;
};

// Decides whether this run uses settings and loads them; fills the options
// the user did not give on the command line (window size, language).
Session OpenSession(LaunchOptions& options);
// After InitFromLaunchOptions: restores what the flags did not set (the
// last problem unless --case/--input/… were given, the view, the layout).
void RestoreSession(Session& session, AppState& s, const LaunchOptions& options);
// Settings from the state (window size as last seen by the UI).
Settings CaptureSettings(const AppState& s);
// Writes settings.json, last_case.json and, when the UI gives its window
// layout (ImGui's ini text), imgui.ini. Returns "" or why not.
std::string SaveSession(Session& session, const AppState& s,
                        std::optional<std::string_view> ui_layout = std::nullopt);
// The UI window layout saved by the last session (imgui.ini), if any.
std::optional<std::string> LoadUiLayout(const Session& session);

}  // namespace convbp::app

namespace convbp::app {

// Once the window and its fonts exist: falls back to English when no
// Chinese font was found, and turns font/settings problems into notices.
void AfterWindowOpen(Session& session, AppState& s);

}  // namespace convbp::app
