#include "settings.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <system_error>
#include <type_traits>

#include "app_state.h"
#include "atomic_file.h"
#include "case_writer.h"
#include "i18n.h"
#include "launch_options.h"

namespace convbp::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kSettingsFile = "settings.json";
constexpr const char* kCaseFile = "last_case.json";
constexpr const char* kIniFile = "imgui.ini";

// Throws when a number in `v` does not fit T (or, for vectors, their
// element type): nlohmann converts with a plain cast, and a float outside an
// int's range is undefined behaviour (found by the settings fuzzer).
template <class T>
void CheckNumbersFit(const json& v) {
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    if (!v.is_number()) return;  // get<T> reports the wrong type itself
    const double d = v.get<double>();
    // Integers: below 2^digits exactly (double(max) of a 64-bit type rounds up).
    const double upper = std::is_integral_v<T> ? std::ldexp(1.0, std::numeric_limits<T>::digits)
                                               : double(std::numeric_limits<T>::max());
    const bool fits = std::isfinite(d) && d >= double(std::numeric_limits<T>::lowest()) &&
                      (std::is_integral_v<T> ? d < upper : d <= upper);
    if (!fits) throw std::runtime_error("a number is out of range");
  } else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>) {
    if (v.is_array())
      for (const json& e : v) CheckNumbersFit<typename T::value_type>(e);
  }
}

// Reads field `key` of `j` into `out` when present; throws (caught by the
// caller) when it has the wrong type, does not fit or breaks `ok`.
template <class T, class Ok>
void Field(const json& j, const char* key, T& out, Ok ok) {
  const auto it = j.find(key);
  if (it == j.end()) return;
  CheckNumbersFit<T>(*it);
  T value = it->template get<T>();
  if (!ok(value)) throw std::runtime_error(std::string("field '") + key + "' is out of range");
  out = value;
}
template <class T>
void Field(const json& j, const char* key, T& out) {
  Field(j, key, out, [](const T&) { return true; });
}

bool OneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

std::string ReadFile(const fs::path& path, bool& exists) {
  std::ifstream in(path, std::ios::binary);
  exists = bool(in);
  if (!in) return "";
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

fs::path ConfigDir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return fs::path(xdg) / "convbp";
  const char* home = std::getenv("HOME");
  if (home && *home) return fs::path(home) / ".config" / "convbp";
  return {};
}

std::string SettingsToJson(const Settings& s) {
  const ConvShape& e = s.edit_shape;
  json j = {
      {"version", Settings::kVersion},
      {"window", {s.window_w, s.window_h}},
      {"lang", s.lang},
      {"palette", s.palette},
      {"speed", s.speed},
      {"granularity", s.granularity},
      {"show_lesson", s.show_lesson},
      {"show_channels", s.show_channels},
      {"panels", {s.panel_left, s.panel_right, s.panel_bottom}},
      {"shape",
       {e.c_in, e.h, e.w, e.c_out, e.k1, e.k2, e.s1, e.s2, e.p1, e.p2, e.d1, e.d2, e.groups,
        e.mode == ConvMode::kTransposed ? 1 : 0, e.op1, e.op2}},
      {"square_lock", s.square_lock},
      {"preset", s.preset},
      {"seed", s.seed},
      {"loss", s.loss},
      {"has_case", s.has_case},
      {"scene", s.scene},
      {"stage", s.stage},
      {"step", s.step},
      {"case_path", s.case_path},
      {"recent", s.recent},
  };
  for (int k = 0; k < steps::kSceneCount; ++k) {
    const PracticeScore& score = s.practice_scores[size_t(k)];
    j["practice_scores"][steps::SceneName(steps::Scene(k))] = {score.answered, score.first_try};
  }
  return j.dump(2) + "\n";
}

std::string ParseSettings(std::string_view text, Settings& out) {
  out = Settings{};  // the defaults, unless everything below checks out
  Settings s;
  try {
    const json j = json::parse(text);
    if (!j.is_object()) return "not a JSON object";
    int version = 0;
    Field(j, "version", version);
    if (version != Settings::kVersion)
      return "version " + std::to_string(version) + ", expected " +
             std::to_string(Settings::kVersion);
    std::vector<int> window;
    Field(j, "window", window, [](const std::vector<int>& v) {
      return v.size() == 2 && v[0] >= 64 && v[1] >= 64 && v[0] <= 16384 && v[1] <= 16384;
    });
    if (!window.empty()) s.window_w = window[0], s.window_h = window[1];
    Field(j, "lang", s.lang, [](const std::string& v) { return OneOf(v, {"en", "zh"}); });
    Field(j, "palette", s.palette, [](const std::string& v) {
      return OneOf(v, {"blue_red", "purple_orange"});
    });
    Field(j, "speed", s.speed, [](float v) { return v >= 0.25f && v <= 64.0f; });
    Field(j, "granularity", s.granularity, [](const std::string& v) {
      return OneOf(v, {"window", "mac"});
    });
    Field(j, "show_lesson", s.show_lesson);
    Field(j, "show_channels", s.show_channels);
    std::vector<float> panels;
    Field(j, "panels", panels, [](const std::vector<float>& v) {
      if (v.size() != 3) return false;
      for (float x : v)
        if (!(x >= 0 && x <= 16384)) return false;
      return true;
    });
    if (!panels.empty())
      s.panel_left = panels[0], s.panel_right = panels[1], s.panel_bottom = panels[2];
    std::vector<int> shape;
    Field(j, "shape", shape, [](const std::vector<int>& v) {
      // 10 fields (before dilation, groups and transposed mode) or 16:
      // c_in h w c_out k1 k2 s1 s2 p1 p2, then d1 d2 groups mode op1 op2.
      if (v.size() != 10 && v.size() != 16) return false;
      for (size_t k = 0; k < v.size(); ++k) {
        const bool may_be_zero = (k >= 8 && k <= 9) || k >= 13;  // padding, mode, op
        if (v[k] < (may_be_zero ? 0 : 1) || v[k] > 4096) return false;
      }
      return v.size() == 10 || v[13] <= 1;
    });
    if (!shape.empty()) {
      ConvShape& e = s.edit_shape;
      e.c_in = shape[0], e.h = shape[1], e.w = shape[2], e.c_out = shape[3], e.k1 = shape[4];
      e.k2 = shape[5], e.s1 = shape[6], e.s2 = shape[7], e.p1 = shape[8], e.p2 = shape[9];
      if (shape.size() == 16) {
        e.d1 = shape[10], e.d2 = shape[11], e.groups = shape[12];
        e.mode = shape[13] == 1 ? ConvMode::kTransposed : ConvMode::kConv;
        e.op1 = shape[14], e.op2 = shape[15];
      }
    }
    Field(j, "square_lock", s.square_lock);
    Field(j, "preset", s.preset, [](const std::string& v) {
      return OneOf(v, {"int", "random", "impulse"});
    });
    Field(j, "seed", s.seed, [](int v) { return v >= 0; });
    Field(j, "loss", s.loss, [](const std::string& v) {
      return OneOf(v, {"given", "target", "half_square"});
    });
    Field(j, "has_case", s.has_case);
    Field(j, "scene", s.scene,
          [](const std::string& v) { return steps::ParseScene(v).has_value(); });
    Field(j, "stage", s.stage,
          [](const std::string& v) { return steps::ParseStage(v).has_value(); });
    Field(j, "step", s.step);
    Field(j, "case_path", s.case_path);
    Field(j, "recent", s.recent);
    if (s.recent.size() > kMaxRecent) s.recent.resize(kMaxRecent);
    if (const auto scores = j.find("practice_scores"); scores != j.end()) {
      if (!scores->is_object())
        throw std::runtime_error("field 'practice_scores' is not an object");
      for (int k = 0; k < steps::kSceneCount; ++k) {
        std::vector<int> pair;  // answered, first_try: 0 ≤ first_try ≤ answered
        Field(*scores, steps::SceneName(steps::Scene(k)), pair,
              [](const std::vector<int>& v) { return v.size() == 2 && v[1] >= 0 && v[1] <= v[0]; });
        if (!pair.empty()) s.practice_scores[size_t(k)] = {pair[0], pair[1]};
      }
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  out = std::move(s);
  return "";
}

std::string SetAside(const fs::path& path) {
  fs::path bad = path;
  bad += ".bad";
  std::error_code ec;
  fs::rename(path, bad, ec);
  if (ec) return "it stays as it is (cannot rename it: " + ec.message() + ")";
  return "set aside as " + bad.filename().string();
}

std::string LoadSettings(const fs::path& dir, Settings& out) {
  bool exists = false;
  const fs::path path = dir / kSettingsFile;
  const std::string text = ReadFile(path, exists);
  if (!exists) return "";
  const std::string why = ParseSettings(text, out);
  if (why.empty()) return "";
  // Kept for the curious (or a bug report), out of the way of the next save.
  return path.string() + ": " + why + "; " + SetAside(path) + "; starting with the defaults";
}

std::string SaveSettings(const fs::path& dir, const Settings& s) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return dir.string() + ": cannot create: " + ec.message();
  return convbp::json::WriteFileAtomic(dir / kSettingsFile, SettingsToJson(s));
}

// ---- session

Session OpenSession(LaunchOptions& o) {
  Session session;
  session.enabled =
      o.screenshot_path.empty() && o.export_path.empty() && !o.frames && !o.no_settings;
  if (!session.enabled) return session;
  session.dir = ConfigDir();
  if (session.dir.empty()) {
    session.enabled = false;
    session.warnings.push_back("no $XDG_CONFIG_HOME or $HOME: settings are not kept");
    return session;
  }
  // A writer killed mid-save left its temporary file: the target itself is
  // whole (old or new), the leftover goes (atomic_file.h).
  convbp::json::RemoveStaleTemporaries(session.dir);
  const std::string why = LoadSettings(session.dir, session.settings);
  if (!why.empty()) session.warnings.push_back(why);
  const Settings& st = session.settings;
  if (!o.given.contains("--size")) o.width = st.window_w, o.height = st.window_h;
  if (!o.given.contains("--lang")) o.lang = st.lang;
  return session;
}

namespace {

// What the flags did not set, from the loaded settings.
void RestoreSettings(Session& session, AppState& s, const LaunchOptions& o) {
  const Settings& st = session.settings;
  s.files.recent = st.recent;
  if (!st.case_path.empty()) s.files.case_path = st.case_path;
  s.view.palette = st.palette == "purple_orange" ? Palette::kPurpleOrange : Palette::kBlueRed;
  s.nav.speed = st.speed;
  SetGranularity(s,
                 st.granularity == "mac" ? steps::Granularity::kMac : steps::Granularity::kWindow);
  s.view.show_lesson = st.show_lesson;
  s.view.show_channels = st.show_channels;
  s.practice.scores = st.practice_scores;
  s.view.panel_left = st.panel_left, s.view.panel_right = st.panel_right,
  s.view.panel_bottom = st.panel_bottom;
  const bool problem_given = o.shape_given || !o.case_path.empty() ||
                             o.given.contains("--values") || o.given.contains("--seed");
  if (!problem_given && st.has_case) {
    // The controls first, then the values (LoadCase keeps the file's values).
    s.controls.square_lock = st.square_lock;
    s.controls.preset = ParseValuePreset(st.preset).value_or(ValuePreset::kSmallIntegers);
    s.controls.seed = st.seed;
    const fs::path case_file = session.dir / kCaseFile;
    const std::string why = LoadCase(s, case_file.string());
    // The user's lock, where the restored layer allows it.
    s.controls.square_lock = st.square_lock && IsSquare(s.layer.shape);
    if (!why.empty()) {
      std::error_code ec;
      const std::string aside = fs::exists(case_file, ec) ? "; " + SetAside(case_file) : "";
      session.warnings.push_back(why + aside + "; starting from the default layer");
    } else {
      // The sliders may have shown an impossible layer; the valid one stays.
      if (st.edit_shape != s.layer.shape && !ValidateShape(st.edit_shape).empty()) {
        s.controls.edit_shape = st.edit_shape;
        s.controls.shape_error = ValidateShape(s.controls.edit_shape);
      }
    }
  }
  if (!o.given.contains("--scene") && !o.given.contains("--stage") && !o.given.contains("--step")) {
    const auto scene = steps::ParseScene(st.scene);
    const auto stage = steps::ParseStage(st.stage);
    if (scene) SetScene(s, *scene);
    if (stage && steps::HasStage(s.problem.shape, s.nav.scene, *stage)) SetStage(s, *stage);
    if (st.step < StepCountOfStage(s)) JumpToStep(s, st.step);
  }
  s.dirty.view = true;
  ApplyPendingChanges(s);
  s.history = EditHistory{};  // restoring is not a change to undo
  s.history.applied = s.controls;
}

// Where File → Save and the GUI export write (the recent files' folders, the
// working directory: the export dialog's default): leftovers of a killed
// save or export there go too. The settings folder was swept on opening.
void RemoveStaleTemporariesNearFiles(const AppState& s) {
  std::set<fs::path> dirs = {fs::path(".")};
  for (const std::string& file : s.files.recent) dirs.insert(fs::path(file).parent_path());
  if (!s.files.case_path.empty()) dirs.insert(fs::path(s.files.case_path).parent_path());
  for (const fs::path& dir : dirs) convbp::json::RemoveStaleTemporaries(dir.empty() ? "." : dir);
}

}  // namespace

void RestoreSession(Session& session, AppState& s, const LaunchOptions& o) {
  // Headless runs (session disabled) render exactly what the flags say.
  if (session.enabled) {
    RestoreSettings(session, s, o);
    RemoveStaleTemporariesNearFiles(s);
  }
  for (const std::string& w : session.warnings)
    s.notices.push_back(TF(s.lang, "warn.settings", {{"why", w}}));
}

Settings CaptureSettings(const AppState& s) {
  Settings st;
  if (s.view.display_w >= 64 && s.view.display_h >= 64)
    st.window_w = s.view.display_w, st.window_h = s.view.display_h;
  st.lang = s.lang == steps::Lang::kZh ? "zh" : "en";
  st.palette = s.view.palette == Palette::kPurpleOrange ? "purple_orange" : "blue_red";
  st.speed = s.nav.speed;
  st.granularity = s.nav.granularity == steps::Granularity::kMac ? "mac" : "window";
  st.show_lesson = s.view.show_lesson;
  st.show_channels = s.view.show_channels;
  st.panel_left = s.view.panel_left, st.panel_right = s.view.panel_right,
  st.panel_bottom = s.view.panel_bottom;
  st.edit_shape = s.controls.edit_shape;
  st.square_lock = s.controls.square_lock;
  st.preset = ValuePresetName(s.controls.preset);
  st.seed = s.controls.seed;
  st.loss = s.controls.loss == LossKind::kTarget       ? "target"
            : s.controls.loss == LossKind::kHalfSquare ? "half_square"
                                                       : "given";
  st.has_case = true;
  st.scene = steps::SceneName(s.nav.scene);
  st.stage = steps::StageName(s.nav.stage);
  st.step = s.nav.step;
  st.case_path = s.files.case_path;
  st.recent = s.files.recent;
  st.practice_scores = s.practice.scores;
  return st;
}

std::string SaveSession(Session& session, const AppState& s,
                        std::optional<std::string_view> ui_layout) {
  if (!session.enabled) return "";
  Settings st = CaptureSettings(s);
  std::string errors;
  auto note = [&](const std::string& e) {
    if (!e.empty()) errors += (errors.empty() ? "" : "; ") + e;
  };
  const std::string dir_error = SaveSettings(session.dir, st);
  note(dir_error);
  if (dir_error.empty()) {
    note(convbp::json::SaveCaseFile(session.dir / kCaseFile, s.layer));
    if (ui_layout) note(convbp::json::WriteFileAtomic(session.dir / kIniFile, *ui_layout));
  }
  return errors;
}

std::optional<std::string> LoadUiLayout(const Session& session) {
  if (!session.enabled) return std::nullopt;
  bool exists = false;
  std::string ini = ReadFile(session.dir / kIniFile, exists);
  if (!exists) return std::nullopt;
  return ini;
}

void AfterWindowOpen(Session& session, AppState& s) {
  if (!s.fonts.latin) s.notices.push_back(T(s.lang, "warn.no_latin_font"));
  if (!s.fonts.cjk) {
    if (s.lang == steps::Lang::kZh) SetLanguage(s, steps::Lang::kEn);
    s.notices.push_back(T(s.lang, "warn.no_cjk_font"));
  }
  if (!session.enabled) return;
  std::error_code ec;
  if (fs::exists(session.dir, ec) && access(session.dir.c_str(), W_OK) != 0)
    s.notices.push_back(
        TF(s.lang, "warn.settings",
           {{"why", session.dir.string() + " is read-only; settings will not be saved"}}));
}

}  // namespace convbp::app
