// `convbp --export` (CTest runs it under Xvfb: tests/with_xvfb.sh): the GIF decodes (giflib's
// DGifSlurp) with the planned frame count and size and stays small, PNG
// frames exist and differ across the animation, bad flags exit 2 with one
// line and no file, I/O failures exit 1 naming the path, nothing partial is
// left behind; and the GUI's incremental export (AppWindow::PumpExport) finishes over
// many UI frames and cancels cleanly.
#include <gif_lib.h>
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "app_window.h"
#include "export_gif.h"
#include "export_render.h"

namespace convbp::app {
namespace {

namespace fs = std::filesystem;

struct AppRun {
  int code = -1;
  std::string err;
};

fs::path Scratch() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::temp_directory_path() /
                       ("convbp_export_" + std::to_string(getpid()) + "_" + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

AppRun RunApp(const std::string& args, const fs::path& dir) {
  const fs::path err = dir / "stderr.txt";
  const std::string cmd =
      std::string(CONVBP_APP) + " " + args + " </dev/null >/dev/null 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  AppRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(err);
  fs::remove(err);
  return r;
}

// Every file in `dir` (names only).
std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

struct Gif {
  int width = 0, height = 0, frames = 0;
  bool ok = false;
};

Gif Decode(const fs::path& path) {
  Gif g;
  int error = 0;
  GifFileType* f = DGifOpenFileName(path.c_str(), &error);
  if (!f) return g;
  if (DGifSlurp(f) == GIF_OK) {
    g.ok = true;
    g.width = f->SWidth, g.height = f->SHeight, g.frames = f->ImageCount;
  }
  DGifCloseFile(f, &error);
  return g;
}

size_t PlannedFrames(const ConvShape& shape, steps::Scene scene, std::optional<steps::Stage> stage,
                     int max_steps = 30) {
  ExportSettings s;
  s.scene = scene;
  s.stage = stage;
  s.max_steps = max_steps;
  return PlanExport(shape, s).frames.size();
}

TEST(ExportPlan, CapsStepsPerStageEvenlyWithFirstAndLast) {
  EXPECT_EQ(ShownSteps(5, 24), (std::vector<uint64_t>{0, 1, 2, 3, 4}));
  const std::vector<uint64_t> s = ShownSteps(3072, 24);
  ASSERT_EQ(s.size(), 24u);
  EXPECT_EQ(s.front(), 0u);
  EXPECT_EQ(s.back(), 3071u);
  for (size_t k = 1; k < s.size(); ++k) EXPECT_GT(s[k], s[k - 1]);
  ExportSettings big;
  big.scene = steps::Scene::kInput;
  const ConvShape shape{.c_in = 3,
                        .h = 32,
                        .w = 32,
                        .c_out = 8,
                        .k1 = 3,
                        .k2 = 3,
                        .s1 = 1,
                        .s2 = 1,
                        .p1 = 1,
                        .p2 = 1};
  const ExportPlan plan = PlanExport(shape, big);
  EXPECT_NE(plan.note.find("slide: 30 of 3468 steps shown"), std::string::npos) << plan.note;
  EXPECT_EQ(plan.frames.size(),
            size_t(7 * 30 * kExportSubsteps));  // dilate pad rotate slide crop scatter overlap
}

// The fixed palette covers the colour map without visible steps and holds
// the highlight colours exactly.
TEST(ExportGif, PaletteCoversTheColourMapAndHighlights) {
  for (Palette p : {Palette::kBlueRed, Palette::kPurpleOrange}) {
    const std::vector<Rgb> colours = ExportPalette(p);
    ASSERT_EQ(colours.size(), 255u);
    auto nearest = [&](int r, int g, int b) {
      int best = 1 << 30;
      for (const Rgb& c : colours) {
        const int d = std::max({std::abs(c[0] - r), std::abs(c[1] - g), std::abs(c[2] - b)});
        best = std::min(best, d);
      }
      return best;
    };
    EXPECT_EQ(nearest(255, 199, 0), 0) << "amber target outline";
    EXPECT_EQ(nearest(0, 191, 89), 0) << "green operand outline";
    EXPECT_EQ(nearest(247, 247, 247), 0) << "the map's white middle";
    // The shader's map (blue–red ends), sampled finer than the palette.
    const float neg[3] = {0.13f, 0.40f, 0.67f}, pos[3] = {0.70f, 0.09f, 0.17f};
    if (p != Palette::kBlueRed) continue;
    for (int k = -200; k <= 200; ++k) {
      const float t = k / 200.0f, a = std::sqrt(std::fabs(t));
      const float* end = t < 0 ? neg : pos;
      int rgb[3];
      for (int c = 0; c < 3; ++c) rgb[c] = int(std::lround((0.97f + (end[c] - 0.97f) * a) * 255));
      EXPECT_LE(nearest(rgb[0], rgb[1], rgb[2]), 8) << "t = " << t;
    }
  }
}

TEST(ExportGif, DecodesWithThePlannedFrameCountAndSize) {
  const fs::path dir = Scratch();
  const fs::path out = dir / "input.gif";
  const AppRun r = RunApp("--export " + out.string() + " --size 400x300 --scene input", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const Gif g = Decode(out);
  ASSERT_TRUE(g.ok);
  EXPECT_EQ(g.width, 400);
  EXPECT_EQ(g.height, 300);
  EXPECT_EQ(size_t(g.frames), PlannedFrames(ConvShape{}, steps::Scene::kInput, std::nullopt));
  EXPECT_EQ(Listing(dir), std::set<std::string>{"input.gif"}) << "no partial file left";
  // Not a terminal: plain percentage lines, ending at 100 %.
  EXPECT_NE(r.err.find("exporting 100% ("), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
}

TEST(ExportGif, OneStageOnly) {
  const fs::path dir = Scratch();
  const AppRun r = RunApp("--export " + (dir / "w.gif").string() +
                              " --scene weight --stage slide --fps 20 "
                              "--input 2x6x6 --out-channels 2 --kernel 3x3 --stride 2x2",
                          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const ConvShape shape{.c_in = 2, .h = 6, .w = 6, .c_out = 2, .k1 = 3, .k2 = 3, .s1 = 2, .s2 = 2};
  EXPECT_EQ(size_t(Decode(dir / "w.gif").frames),
            PlannedFrames(shape, steps::Scene::kWeight, steps::Stage::kSlide));
}

// The README's GIF: eq 8 on the seed's case, without the scatter view.
TEST(ExportGif, ChosenStagesOfTheSeedCase) {
  const fs::path dir = Scratch();
  const AppRun r =
      RunApp("--export " + (dir / "eq8.gif").string() +
                 " --case " CONVBP_TEST_DATA_DIR
                 "/seed_5x5_k3_s2.case.json --scene input --stages dilate,pad,rotate,slide",
             dir);
  ASSERT_EQ(r.code, 0) << r.err;
  // 4 moves of δ, 9 cells of δ^{l_padding} moved into pδ, 9 kernel cells, 25 windows.
  EXPECT_EQ(Decode(dir / "eq8.gif").frames, (4 + 9 + 9 + 25) * kExportSubsteps);
}

TEST(ExportGif, DefaultSceneAt800x600AndABigLayerStayUnder5MB) {
  const fs::path dir = Scratch();
  AppRun r = RunApp("--export " + (dir / "default.gif").string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_LT(fs::file_size(dir / "default.gif"), 5u << 20);
  r = RunApp("--export " + (dir / "big.gif").string() +
                 " --input 3x16x16 --out-channels 4 --kernel 3x3 --stride 1x1 --padding 1x1 "
                 "--values random",
             dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("steps shown"), std::string::npos) << "the cap is said: " << r.err;
  EXPECT_LT(fs::file_size(dir / "big.gif"), 5u << 20);
  EXPECT_TRUE(Decode(dir / "big.gif").ok);
}

TEST(ExportPng, FramesExistAndDifferAcrossTheAnimation) {
  const fs::path dir = Scratch();
  const fs::path frames = dir / "frames";
  const AppRun r =
      RunApp("--export " + frames.string() + "/ --scene input --stage pad --size 320x240", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t n = PlannedFrames(ConvShape{}, steps::Scene::kInput, steps::Stage::kPad);
  const std::set<std::string> names = Listing(frames);
  ASSERT_EQ(names.size(), n) << "and no temporary directory left";
  std::set<std::string> distinct;
  for (size_t k = 0; k < n; ++k) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04zu.png", k);
    ASSERT_TRUE(names.count(name)) << name;
    int w = 0, h = 0, c = 0;
    unsigned char* px = stbi_load((frames / name).c_str(), &w, &h, &c, 3);
    ASSERT_NE(px, nullptr) << name;
    EXPECT_EQ(w, 320);
    EXPECT_EQ(h, 240);
    distinct.insert(std::string(reinterpret_cast<char*>(px), size_t(w) * size_t(h) * 3));
    stbi_image_free(px);
  }
  EXPECT_GT(distinct.size(), n / 2) << "the animation moves";

  // Again into the same directory with fewer frames: no stale frames remain,
  // other files stay.
  WriteFile(frames / "notes.txt", "mine");
  ASSERT_EQ(
      RunApp("--export " + frames.string() + " --scene input --stage dilate --size 320x240", dir)
          .code,
      0);
  const size_t fewer = PlannedFrames(ConvShape{}, steps::Scene::kInput, steps::Stage::kDilate);
  ASSERT_LT(fewer, n);
  EXPECT_EQ(Listing(frames).size(), fewer + 1);
  EXPECT_TRUE(fs::exists(frames / "notes.txt"));
}

// These name the input scene: a bare start is the forward pass since issue 11.
TEST(ExportPng, OnePngOfTheGivenStep) {
  const fs::path dir = Scratch();
  const fs::path a = dir / "a.png", b = dir / "b.png";
  ASSERT_EQ(RunApp("--export " + a.string() + " --scene input --stage slide --step 3", dir).code,
            0);
  ASSERT_EQ(RunApp("--export " + b.string() + " --scene input --stage slide --step 7", dir).code,
            0);
  int w = 0, h = 0, c = 0;
  unsigned char* px = stbi_load(a.c_str(), &w, &h, &c, 3);
  ASSERT_NE(px, nullptr);
  stbi_image_free(px);
  EXPECT_EQ(w, 800);
  EXPECT_EQ(h, 600);
  EXPECT_NE(Slurp(a), Slurp(b));
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"a.png", "b.png"}));
}

TEST(ExportFlags, BadFlagsExit2WithOneLineAndNoFile) {
  const fs::path dir = Scratch();
  for (const std::string& args :
       {"--export " + (dir / "x.txt").string(), "--export " + (dir / "x.gif").string() + " --fps 0",
        "--export " + (dir / "x.gif").string() + " --fps 500",
        "--export " + (dir / "x.gif").string() + " --max-steps 0",
        "--export " + (dir / "x.gif").string() + " --stage crop",
        "--export " + (dir / "x.gif").string() + " --stages dilate,crop",
        "--export " + (dir / "x.gif").string() + " --stages dilate,,pad",
        "--export " + (dir / "x.gif").string() + " --scene sideways",
        "--export " + (dir / "x.gif").string() + " --screenshot " + (dir / "y.png").string(),
        "--export " + (dir / "x.png").string() + " --stage slide --step 999"}) {
    const AppRun r = RunApp(args, dir);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_TRUE(!r.err.empty() && r.err.find('\n') == r.err.size() - 1) << args << ": " << r.err;
    EXPECT_TRUE(Listing(dir).empty()) << args;
  }
}

TEST(ExportFlags, UnwritablePathExits1NamingIt) {
  const fs::path dir = Scratch();
  const std::string missing = (dir / "no" / "such" / "dir" / "x.gif").string();
  AppRun r = RunApp("--export " + missing, dir);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  // A directory where the file should be: rendering works, the rename fails.
  fs::create_directories(dir / "taken.gif" / "inside");
  r = RunApp("--export " + (dir / "taken.gif").string() + " --scene input --stage dilate", dir);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find((dir / "taken.gif").string()), std::string::npos) << r.err;
  EXPECT_EQ(Listing(dir), std::set<std::string>{"taken.gif"}) << "no partial file";
}

TEST(ExportFlags, InterruptedExportLeavesNothing) {
  const fs::path dir = Scratch();
  // Thousands of frames: still running when the signal comes.
  const std::string cmd = std::string(CONVBP_APP) + " --export '" + (dir / "long.gif").string() +
                          "' --input 3x32x32 --out-channels 8 --stride 1x1 --max-steps 10000"
                          " </dev/null >/dev/null 2>/dev/null";
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  usleep(1500 * 1000);
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(Listing(dir).empty()) << "no partial file";
}

// The GUI path: the Export menu's job, pumped once per UI frame.
class GuiExport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!window_.Open(640, 480, false, /*visible=*/false).empty()) GTEST_SKIP() << "no display";
    LaunchOptions o;
    ASSERT_EQ(InitFromLaunchOptions(state_, o), "");
  }
  AppWindow window_;
  AppState state_;
};

TEST_F(GuiExport, FinishesOverManyUiFramesAndThenCancelsCleanly) {
  const fs::path dir = Scratch();
  ExportJob& job = state_.export_job;
  job.settings = ExportSettings{};
  job.settings.path = (dir / "gui.gif").string();
  job.settings.width = 320, job.settings.height = 240;
  job.start = true;
  int pumps = 0;
  do {
    window_.Frame(state_, 0.016f, false);
    window_.PumpExport(state_);
    ++pumps;
  } while (job.running && pumps < 10000);
  EXPECT_FALSE(job.failed) << job.message;
  EXPECT_TRUE(job.show_result);
  EXPECT_NE(job.message.find("gui.gif"), std::string::npos) << job.message;
  EXPECT_GT(pumps, 1) << "rendered incrementally";
  EXPECT_EQ(job.done, job.total);
  EXPECT_EQ(Decode(dir / "gui.gif").frames, int(job.total));

  job.settings.path = (dir / "cancelled.gif").string();
  job.start = true;
  window_.PumpExport(state_);
  ASSERT_TRUE(job.running);
  job.cancel = true;
  window_.PumpExport(state_);
  EXPECT_FALSE(job.running);
  EXPECT_EQ(Listing(dir), std::set<std::string>{"gui.gif"}) << "the partial GIF is deleted";
}

}  // namespace
}  // namespace convbp::app
