// Settings between runs: round trip (file and whole session), corrupt,
// truncated and old files, a read-only config dir, and atomic writes.
#include "settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "app_state.h"
#include "case_writer.h"
#include "i18n.h"
#include "launch_options.h"

namespace convbp::app {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("convbp_settings_test_" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

Settings Changed() {
  Settings s;
  s.window_w = 1280, s.window_h = 777;
  s.lang = "zh";
  s.palette = "purple_orange";
  s.speed = 4;
  s.granularity = "mac";
  s.show_lesson = false;
  s.show_channels = false;
  s.panel_left = 333, s.panel_right = 512.5f, s.panel_bottom = 150;
  s.edit_shape.c_in = 2, s.edit_shape.k1 = 2, s.edit_shape.s2 = 3, s.edit_shape.p1 = 1;
  s.square_lock = false;
  s.preset = "random";
  s.seed = 42;
  s.loss = "target";
  s.has_case = true;
  s.scene = "weight", s.stage = "slide", s.step = 5;
  s.case_path = "/tmp/x.json";
  s.recent = {"/tmp/a.json", "/tmp/b.json"};
  return s;
}

void ExpectSame(const Settings& a, const Settings& b) {
  EXPECT_EQ(SettingsToJson(a), SettingsToJson(b));
}

TEST(Settings, RoundTripThroughTheFile) {
  const fs::path dir = FreshDir("round_trip") / "nested" / "convbp";
  const Settings want = Changed();
  ASSERT_EQ(SaveSettings(dir, want), "");
  Settings got;
  ASSERT_EQ(LoadSettings(dir, got), "");
  ExpectSame(got, want);
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(e.path().filename(), "settings.json");
  }
  EXPECT_EQ(files, 1);
}

TEST(Settings, MissingFileIsAFirstRunNotAnError) {
  Settings got = Changed();
  EXPECT_EQ(LoadSettings(FreshDir("missing"), got), "");
  ExpectSame(got, Changed());  // untouched
}

TEST(Settings, BadFilesGiveAWarningAndTheDefaults) {
  const std::string good = SettingsToJson(Changed());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"garbage", "\x01\x02 this is not json {{{"},
      {"empty", ""},
      {"truncated", good.substr(0, good.size() / 2)},
      {"truncated_end", good.substr(0, good.size() - 3)},
      {"array", "[1, 2, 3]"},
      {"old_version", R"({"version": 0, "lang": "zh"})"},
      {"future_version", R"({"version": 99, "lang": "zh"})"},
      {"no_version", R"({"lang": "zh"})"},
      {"wrong_type", R"({"version": 1, "lang": 7})"},
      {"bad_lang", R"({"version": 1, "lang": "fr"})"},
      {"huge_window", R"({"version": 1, "window": [100000, 5]})"},
      // Found by the fuzzer: a float far outside int's range (converting it
      // was undefined behaviour), and a step beyond uint64.
      {"float_window_overflows_int", R"({"version": 1, "window": [16001e39, 1000]})"},
      {"step_beyond_uint64", R"({"version": 1, "step": 1e30})"},
      {"bad_shape", R"({"version": 1, "shape": [1, 2, 3]})"},
      {"negative_panel", R"({"version": 1, "panels": [-5, 0, 0]})"},
      {"nan_speed", R"({"version": 1, "speed": "fast"})"},
      {"bad_scene", R"({"version": 1, "scene": "sideways"})"},
  };
  for (const auto& [name, text] : cases) {
    const fs::path dir = FreshDir("bad_" + name);
    Write(dir / "settings.json", text);
    Settings got = Changed();
    const std::string warning = LoadSettings(dir, got);
    EXPECT_NE(warning, "") << name;
    EXPECT_NE(warning.find("settings.json"), std::string::npos) << name << ": " << warning;
    ExpectSame(got, Settings{});
    // Set aside, byte for byte, so the next save does not overwrite it and
    // the next start does not warn again.
    EXPECT_NE(warning.find("set aside as settings.json.bad"), std::string::npos) << warning;
    EXPECT_FALSE(fs::exists(dir / "settings.json")) << name;
    std::ifstream bad(dir / "settings.json.bad", std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(bad), {}), text) << name;
    EXPECT_EQ(LoadSettings(dir, got), "") << name << ": the second start is clean";
  }
}

TEST(Settings, MissingFieldsKeepTheirDefaults) {
  Settings got;
  ASSERT_EQ(ParseSettings(R"({"version": 1, "lang": "zh", "unknown_new_field": true})", got), "");
  EXPECT_EQ(got.lang, "zh");
  EXPECT_EQ(got.window_w, Settings{}.window_w);
}

TEST(Settings, ReadOnlyConfigDirIsAWarningNotACrash) {
  // As root, permissions do not stop writes: use a place nobody can write.
  const fs::path base = FreshDir("read_only");
  fs::path dir = base / "convbp";
  fs::create_directories(dir);
  ASSERT_EQ(SaveSettings(dir, Changed()), "");
  chmod(dir.c_str(), 0555);
  if (geteuid() == 0) dir = "/proc/self/convbp";
  EXPECT_NE(SaveSettings(dir, Settings{}), "");
  // The earlier file (if any) is intact, and loading still works.
  Settings got;
  EXPECT_EQ(LoadSettings(base / "convbp", got), "");
  ExpectSame(got, Changed());
  chmod((base / "convbp").c_str(), 0755);

  // The whole session: saving fails with a message; the state is untouched.
  Session session;
  session.enabled = true;
  session.dir = dir;
  AppState s;
  LaunchOptions o;
  ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  EXPECT_NE(SaveSession(session, s), "");
}

TEST(Settings, ConfigDirFollowsXdg) {
  const char* old = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old ? old : "";
  setenv("XDG_CONFIG_HOME", "/some/where", 1);
  EXPECT_EQ(ConfigDir(), fs::path("/some/where/convbp"));
  unsetenv("XDG_CONFIG_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(ConfigDir(), fs::path("/home/u/.config/convbp"));
  if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

// Screenshots and --frames runs must not read or write settings.
TEST(Session, HeadlessRunsLeaveSettingsAlone) {
  for (const std::vector<std::string>& flags : {std::vector<std::string>{"--screenshot", "x.png"},
                                                {"--export", "x.gif"},
                                                {"--frames", "3"},
                                                {"--no-settings"}}) {
    LaunchOptions o;
    ASSERT_EQ(ParseLaunchOptions(flags, o), "");
    Session session = OpenSession(o);
    EXPECT_FALSE(session.enabled) << flags[0];
    // Restoring a disabled session changes nothing, not even the animation moment.
    session.settings = Changed();
    AppState s;
    ASSERT_EQ(InitFromLaunchOptions(s, o), "");
    s.nav.progress = 0.5f;
    const std::string before = SettingsToJson(CaptureSettings(s));
    RestoreSession(session, s, o);
    EXPECT_EQ(SettingsToJson(CaptureSettings(s)), before) << flags[0];
    EXPECT_EQ(s.nav.progress, 0.5f);
  }
}

// Save a changed session, restore it into a fresh state.
TEST(Session, RoundTripOfTheWholeState) {
  const fs::path dir = FreshDir("session");
  AppState a;
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions({"--input", "2x6x6", "--kernel", "3x3", "--stride", "2x2",
                                "--values", "random", "--seed", "9"},
                               o),
            "");
  ASSERT_EQ(InitFromLaunchOptions(a, o), "");
  ASSERT_EQ(EditCell(a, steps::Cell::Of(steps::TensorId::kWeight, {0, 1, 2, 2}), 7.25), "");
  ApplyPendingChanges(a);
  SetScene(a, steps::Scene::kWeight);
  SetStage(a, steps::Stage::kSlide);
  JumpToStep(a, 3);
  a.view.palette = Palette::kPurpleOrange;
  a.nav.speed = 8;
  a.view.show_lesson = false;
  a.view.show_channels = false;
  a.view.panel_left = 300;
  a.view.display_w = 1300, a.view.display_h = 900;
  RememberRecent(a, "/tmp/one.json");
  Session saving;
  saving.enabled = true;
  saving.dir = dir;
  ASSERT_EQ(SaveSession(saving, a), "");

  LaunchOptions o2;  // a plain interactive launch
  const char* old = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old ? old : "";
  setenv("XDG_CONFIG_HOME", dir.parent_path().c_str(), 1);
  fs::rename(dir, dir.parent_path() / "convbp");
  Session session = OpenSession(o2);
  if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CONFIG_HOME");
  ASSERT_TRUE(session.enabled);
  EXPECT_TRUE(session.warnings.empty());
  EXPECT_EQ(o2.width, 1300);
  EXPECT_EQ(o2.height, 900);
  AppState b;
  ASSERT_EQ(InitFromLaunchOptions(b, o2), "");
  RestoreSession(session, b, o2);
  EXPECT_TRUE(b.notices.empty());
  EXPECT_EQ(b.problem.shape, a.problem.shape);
  EXPECT_EQ(b.problem.weight(0, 1, 2, 2), 7.25);
  EXPECT_EQ(b.problem.input.values(), a.problem.input.values());
  EXPECT_EQ(b.nav.scene, steps::Scene::kWeight);
  EXPECT_EQ(b.nav.stage, steps::Stage::kSlide);
  EXPECT_EQ(b.nav.step, 3u);
  EXPECT_EQ(b.view.palette, Palette::kPurpleOrange);
  EXPECT_EQ(b.nav.speed, 8);
  EXPECT_FALSE(b.view.show_lesson);
  EXPECT_FALSE(b.view.show_channels);
  EXPECT_EQ(b.view.panel_left, 300);
  EXPECT_EQ(b.files.recent, std::vector<std::string>{"/tmp/one.json"});

  // Flags win over restored settings.
  LaunchOptions o3;
  ASSERT_EQ(ParseLaunchOptions({"--size", "800x600", "--scene", "bias", "--input", "1x4x4"}, o3),
            "");
  setenv("XDG_CONFIG_HOME", dir.parent_path().c_str(), 1);
  Session s3 = OpenSession(o3);
  if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(o3.width, 800);
  AppState c;
  ASSERT_EQ(InitFromLaunchOptions(c, o3), "");
  RestoreSession(s3, c, o3);
  EXPECT_EQ(c.nav.scene, steps::Scene::kBias);
  EXPECT_EQ(c.problem.shape.h, 4);
}

TEST(Session, CorruptLastCaseFallsBackToTheDefaultLayer) {
  const fs::path dir = FreshDir("corrupt_case") / "convbp";
  Settings st;
  st.has_case = true;
  st.scene = "forward", st.stage = "slide";
  ASSERT_EQ(SaveSettings(dir, st), "");
  Write(dir / "last_case.json", R"({"input": [[[1, 2], [3)");
  Session session;
  session.enabled = true;
  session.dir = dir;
  session.settings = st;
  AppState s;
  LaunchOptions o;
  ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  const ConvShape before = s.problem.shape;
  RestoreSession(session, s, o);
  EXPECT_EQ(s.problem.shape, before);
  ASSERT_EQ(s.notices.size(), 1u);
  EXPECT_NE(s.notices[0].find("last_case.json"), std::string::npos) << s.notices[0];
  EXPECT_NE(s.notices[0].find("set aside as last_case.json.bad"), std::string::npos)
      << s.notices[0];
  EXPECT_FALSE(fs::exists(dir / "last_case.json"));
  EXPECT_TRUE(fs::exists(dir / "last_case.json.bad"));
  EXPECT_EQ(s.nav.scene, steps::Scene::kForward);
}

// The File menu's load: an error names the file and the field, and the
// current problem stays; a save then load brings the values back.
TEST(CaseFiles, SaveAndLoadFromTheUi) {
  const fs::path dir = FreshDir("case_files");
  AppState s;
  LaunchOptions o;
  ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  ASSERT_EQ(EditCell(s, steps::Cell::Of(steps::TensorId::kInput, {0, 1, 1}), 3.5), "");
  ApplyPendingChanges(s);
  const std::string path = (dir / "mine.json").string();
  ASSERT_TRUE(SaveCaseFromUi(s, path)) << s.files.message;
  EXPECT_EQ(s.files.recent.front(), path);

  Write(dir / "bad.json", R"({"input": [[[1]]], "weight": "nope", "bias": [0], "stride": [1, 1]})");
  const auto before = s.problem.input.values();
  EXPECT_FALSE(LoadCaseFromUi(s, (dir / "bad.json").string()));
  EXPECT_TRUE(s.files.error);
  EXPECT_NE(s.files.message.find("bad.json"), std::string::npos) << s.files.message;
  EXPECT_NE(s.files.message.find("weight"), std::string::npos) << s.files.message;
  EXPECT_EQ(s.problem.input.values(), before);

  AppState t;
  ASSERT_EQ(InitFromLaunchOptions(t, o), "");
  ASSERT_TRUE(LoadCaseFromUi(t, path)) << t.files.message;
  EXPECT_EQ(t.problem.input(0, 1, 1), 3.5);
  EXPECT_EQ(t.files.recent.front(), path);
}

TEST(CaseFiles, RecentListIsAbsoluteDistinctAndShort) {
  AppState s;
  RememberRecent(s, "rel/case.json");
  EXPECT_EQ(s.files.recent.front(),
            (fs::current_path() / "rel/case.json").lexically_normal().string());
  for (int k = 0; k < 12; ++k) RememberRecent(s, "/tmp/c" + std::to_string(k % 10) + ".json");
  EXPECT_EQ(s.files.recent.size(), kMaxRecent);
  EXPECT_EQ(s.files.recent.front(), "/tmp/c1.json");
  EXPECT_EQ(std::set<std::string>(s.files.recent.begin(), s.files.recent.end()).size(), kMaxRecent);
}

// A language switch redraws even when the app would otherwise sleep.
TEST(Language, SwitchRequestsFreshFrames) {
  AppState s;
  s.nav.progress = 1;
  SetLanguage(s, Lang::kZh);
  EXPECT_EQ(s.lang, Lang::kZh);
  EXPECT_STREQ(T(s.lang, "menu.file"), "文件");
  EXPECT_TRUE(Animating(s));
  Tick(s, 0);
  Tick(s, 0);
  EXPECT_FALSE(Animating(s));
  SetLanguage(s, Lang::kEn);
  EXPECT_STREQ(T(s.lang, "menu.file"), "File");
}

}  // namespace
}  // namespace convbp::app
