// The app in Chinese under Xvfb: the Step panel's title must be drawn as
// real Chinese glyphs — wide, distinct shapes — not '?' fallbacks or empty
// boxes; and with no Chinese font installed the app falls back to English,
// says why, and still renders. Also the interactive session: terminated by
// a signal, it saves its settings, and the next run restores them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "panel_layout.h"
#include "png_image.h"

namespace convbp::app {
namespace {

namespace fs = std::filesystem;

using Image = PngImage;
Image Load(const fs::path& path) { return LoadPng(path.string()); }

fs::path Dir() {
  const fs::path dir = fs::temp_directory_path() / "convbp_lang_screenshot_test";
  fs::create_directories(dir);
  return dir;
}

// Runs the app with `env` prepended; stderr goes to `err`. Returns the exit code.
int RunApp(const std::string& env, const std::string& args, const fs::path& err) {
  const std::string cmd = env + " " + CONVBP_APP + " " + args + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Text pixels in a region: white text on the dark title bar.
bool Ink(const Image& im, int x, int y) {
  const unsigned char* p = im.At(x, y);
  return p[0] > 110 && p[1] > 110 && p[2] > 110;
}

// Horizontal runs of columns that contain ink, separated by blank columns:
// one per glyph (or per touching group of glyphs).
struct Blob {
  int x0, x1, y0, y1, ink;
};
std::vector<Blob> Blobs(const Image& im, int x0, int y0, int x1, int y1) {
  std::vector<Blob> out;
  bool in_blob = false;
  for (int x = x0; x <= x1; ++x) {
    int ink = 0, top = y1, bottom = y0;
    if (x < x1)
      for (int y = y0; y < y1; ++y)
        if (Ink(im, x, y)) ++ink, top = std::min(top, y), bottom = std::max(bottom, y);
    if (ink && !in_blob) out.push_back({x, x, top, bottom, 0}), in_blob = true;
    if (ink) {
      Blob& b = out.back();
      b.x1 = x, b.y0 = std::min(b.y0, top), b.y1 = std::max(b.y1, bottom), b.ink += ink;
    } else {
      in_blob = false;
    }
  }
  return out;
}

// The pixels of a blob, for comparing two glyph shapes.
std::vector<bool> Shape(const Image& im, const Blob& b, int y0, int y1) {
  std::vector<bool> bits;
  for (int y = y0; y < y1; ++y)
    for (int x = b.x0; x <= b.x1; ++x) bits.push_back(Ink(im, x, y));
  return bits;
}

constexpr int kW = 1200, kH = 800;
const std::string kSize = "--size 1200x800";

// The Step panel's title bar: "单步" in Chinese, "Step" in English.
struct TitleRegion {
  int x0, y0, x1, y1;
};
TitleRegion StepTitle() {
  const PanelLayout l = ComputePanelLayout(kW, kH, 1);
  return {int(l.step.x) + 2, 1, int(l.step.x) + 160, 21};
}

TEST(ChineseScreenshot, TitleHasRealGlyphs) {
  const fs::path zh = Dir() / "zh.png", en = Dir() / "en.png", err = Dir() / "zh.err";
  ASSERT_EQ(RunApp("", "--screenshot " + zh.string() + " " + kSize + " --lang zh", err), 0)
      << ReadAll(err);
  ASSERT_EQ(RunApp("", "--screenshot " + en.string() + " " + kSize + " --lang en", err), 0);
  const Image z = Load(zh), e = Load(en);
  ASSERT_TRUE(z.px && e.px);
  const TitleRegion r = StepTitle();
  const std::vector<Blob> zb = Blobs(z, r.x0, r.y0, r.x1, r.y1);
  const std::vector<Blob> eb = Blobs(e, r.x0, r.y0, r.x1, r.y1);
  // "单步": two full-width glyphs, each about as wide and tall as the font
  // size (16 px), with plenty of strokes; '?' is ~7 px wide, and tofu boxes
  // are hollow outlines.
  ASSERT_EQ(zb.size(), 2u) << "expected the two glyphs of 单步";
  for (const Blob& b : zb) {
    EXPECT_GE(b.x1 - b.x0 + 1, 11) << "too narrow for a Chinese glyph (a '?')";
    EXPECT_GE(b.y1 - b.y0 + 1, 11);
    // Ink fraction of the bounding box: strokes, not a hollow box outline.
    const int area = (b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1);
    EXPECT_GT(b.ink, area / 5) << "too little ink: an empty box?";
  }
  EXPECT_NE(Shape(z, zb[0], r.y0, r.y1), Shape(z, zb[1], r.y0, r.y1))
      << "two identical glyphs: fallbacks";
  // And it is not the English title.
  ASSERT_GE(eb.size(), 3u) << "\"Step\" should show at least 3 separate letters";
  EXPECT_NE(Shape(z, zb[0], r.y0, r.y1), Shape(e, eb[0], r.y0, r.y1));
}

// A fontconfig that knows only DejaVu: no Chinese face. The app must warn,
// stay in English and render the same English title as a normal run.
TEST(ChineseScreenshot, MissingChineseFontFallsBackToEnglish) {
  const fs::path conf = Dir() / "fonts.conf";
  std::ofstream(conf) << "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                         "<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
                         "<cachedir>" +
                             (Dir() / "fc-cache").string() + "</cachedir></fontconfig>\n";
  const fs::path out = Dir() / "nofont.png", en = Dir() / "en2.png", err = Dir() / "nofont.err";
  ASSERT_EQ(RunApp("FONTCONFIG_FILE=" + conf.string(),
                   "--screenshot " + out.string() + " " + kSize + " --lang zh", err),
            0);
  EXPECT_NE(ReadAll(err).find("no Chinese font found"), std::string::npos) << ReadAll(err);
  ASSERT_EQ(
      RunApp("", "--screenshot " + en.string() + " " + kSize + " --lang en", Dir() / "en2.err"), 0);
  const Image a = Load(out), b = Load(en);
  ASSERT_TRUE(a.px && b.px);
  const TitleRegion r = StepTitle();
  for (int y = r.y0; y < r.y1; ++y)
    for (int x = r.x0; x < r.x1; ++x) ASSERT_EQ(Ink(a, x, y), Ink(b, x, y)) << x << "," << y;
}

// Starts the interactive app with XDG_CONFIG_HOME=`config`, lets it come
// up, sends SIGTERM (as `kill` or a closing terminal would) and returns its
// exit status: the window closes normally and the session is saved.
int RunAndTerminate(const fs::path& config, const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    setenv("XDG_CONFIG_HOME", config.c_str(), 1);
    std::vector<char*> argv = {const_cast<char*>(CONVBP_APP)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!freopen("/dev/null", "w", stderr)) _exit(126);
    execv(CONVBP_APP, argv.data());
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status)
                           : 1000 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

TEST(InteractiveSession, TerminatedAppSavesAndTheNextRunRestores) {
  const fs::path config = Dir() / "config";
  fs::remove_all(config);
  ASSERT_EQ(RunAndTerminate(config, {"--lang", "zh", "--scene", "weight", "--input", "2x6x6",
                                     "--size", "900x700"}),
            0);
  const std::string first = ReadAll(config / "convbp" / "settings.json");
  EXPECT_NE(first.find("\"lang\": \"zh\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"scene\": \"weight\""), std::string::npos) << first;
  EXPECT_NE(first.find("900"), std::string::npos) << first;
  EXPECT_TRUE(fs::exists(config / "convbp" / "last_case.json"));
  EXPECT_TRUE(fs::exists(config / "convbp" / "imgui.ini"));
  // No flags: everything comes back, and is saved again unchanged.
  ASSERT_EQ(RunAndTerminate(config, {}), 0);
  EXPECT_EQ(ReadAll(config / "convbp" / "settings.json"), first);
}

}  // namespace
}  // namespace convbp::app
