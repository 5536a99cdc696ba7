// The real app in a real window (CTest runs it under Xvfb: tests/with_xvfb.sh): every scene
// and stage rendered with --screenshot and its pixels checked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "app_state.h"
#include "panel_layout.h"
#include "png_image.h"

namespace convbp::app {
namespace {

namespace fs = std::filesystem;

using Image = PngImage;
Image Load(const std::string& path) { return LoadPng(path); }

// Runs the app; returns its exit code.
int RunApp(const std::string& args) {
  const std::string cmd = std::string(CONVBP_APP) + " " + args + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

fs::path TempPng(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "convbp_screenshot_test";
  fs::create_directories(dir);
  return dir / (name + ".png");
}

bool HasColour(const Image& im, int r, int g, int b, int tol) {
  for (int y = 0; y < im.h; ++y)
    for (int x = 0; x < im.w; ++x) {
      const unsigned char* p = im.At(x, y);
      if (std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol)
        return true;
    }
  return false;
}

size_t DistinctColours(const Image& im) {
  std::set<int> seen;
  for (int y = 0; y < im.h; y += 2)
    for (int x = 0; x < im.w; x += 2) {
      const unsigned char* p = im.At(x, y);
      seen.insert(p[0] << 16 | p[1] << 8 | p[2]);
    }
  return seen.size();
}

// An independent copy of shaders/grid.frag's blue–red map: the test's
// expectation of what colour a value must have.
void ExpectedColour(double t, double rgb[3]) {
  const double neg[3] = {0.13, 0.40, 0.67}, pos[3] = {0.70, 0.09, 0.17}, mid = 0.97;
  const double a = std::sqrt(std::min(1.0, std::fabs(t)));
  for (int k = 0; k < 3; ++k) rgb[k] = 255 * (mid + ((t < 0 ? neg[k] : pos[k]) - mid) * a);
}

struct SceneStage {
  const char* scene;
  const char* stage;
};

class EveryStage : public ::testing::TestWithParam<SceneStage> {};

TEST_P(EveryStage, RendersWithHighlight) {
  const SceneStage p = GetParam();
  const fs::path out = TempPng(std::string(p.scene) + "_" + p.stage);
  fs::remove(out);
  // Padding 1 so the crop stage exists, two output channels so every stage
  // has a step 1.
  ASSERT_EQ(RunApp("--screenshot " + out.string() +
                   " --size 1200x800 --padding 1x1 --out-channels 2 --scene " + p.scene +
                   " --stage " + p.stage + " --step 1 --progress 1"),
            0);
  const Image im = Load(out.string());
  ASSERT_TRUE(im.px) << "not a PNG: " << out;
  EXPECT_EQ(im.w, 1200);
  EXPECT_EQ(im.h, 800);
  EXPECT_GT(DistinctColours(im), 50u) << "blank-looking image";
  // The target outline is amber (255, 199, 0) in grid.frag.
  EXPECT_TRUE(HasColour(im, 255, 199, 0, 6)) << "no highlighted target cell";
}

INSTANTIATE_TEST_SUITE_P(
    Scenes, EveryStage,
    ::testing::Values(SceneStage{"forward", "slide"}, SceneStage{"bias", "sum"},
                      SceneStage{"weight", "dilate"}, SceneStage{"weight", "slide"},
                      SceneStage{"input", "dilate"}, SceneStage{"input", "pad"},
                      SceneStage{"input", "rotate"}, SceneStage{"input", "slide"},
                      SceneStage{"input", "crop"}, SceneStage{"input", "scatter"}),
    [](const auto& tc) { return std::string(tc.param.scene) + "_" + tc.param.stage; });

TEST(Screenshot, KnownCellHasItsValuesColour) {
  const fs::path out = TempPng("known_cell");
  const std::vector<std::string> flags = {"--scene",  "forward", "--step", "0",
                                          "--values", "random",  "--seed", "7"};
  std::string args;
  for (const std::string& f : flags) args += " " + f;
  ASSERT_EQ(RunApp("--screenshot " + out.string() + " --size 1200x800" + args), 0);
  const Image im = Load(out.string());
  ASSERT_TRUE(im.px);
  // Rebuild the same state to find where pz[0,4,4] (bottom-right, far from
  // the first window) is drawn.
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions(flags, o), "");
  AppState s;
  ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  const PanelLayout l = ComputePanelLayout(1200, 800, 1);
  const CanvasTransform xf = FitCanvas(s.derived.canvas, l.canvas.w, l.canvas.h, 1, 0, 0);
  int checked = 0;
  for (size_t k = 0; k < s.derived.canvas.cells.size(); ++k) {
    const CellRef& ref = s.derived.canvas.refs[k];
    if (s.derived.canvas.boxes[size_t(ref.box)].symbol != "pz") continue;
    if (ref.cell.Index() != std::vector<int>{0, 4, 4} &&
        ref.cell.Index() != std::vector<int>{0, 2, 4})
      continue;
    const CellInstance& c = s.derived.canvas.cells[k];
    // A quarter into the cell: clear of the grid line and the printed number.
    const int x = int(xf.ScreenX(l.canvas.x, c.to_x + 0.25f));
    const int y = int(xf.ScreenY(l.canvas.y, c.to_y + 0.25f));
    double want[3];
    ExpectedColour(c.shade, want);
    const unsigned char* got = im.At(x, y);
    for (int ch = 0; ch < 3; ++ch)
      EXPECT_NEAR(got[ch], want[ch], 4.0) << "pz" << ref.cell.idx[1] << ref.cell.idx[2]
                                          << " channel " << ch << " value " << c.value;
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

// The side panels' backgrounds are filled by the renderer, not by ImGui
// (UiPass::opaque_panels): they must look as ImGui's dark style drew them —
// its window colour (0.06, 0.06, 0.06) at alpha 0.94, 8-bit as ImGui packs
// it, over the canvas colour (0.11, 0.11, 0.13) — and keep their 1-px
// borders (ImGui's border colour at alpha 0.5), while the canvas between
// them shows the canvas colour.
TEST(Screenshot, SidePanelsKeepTheirBackgroundAndBorders) {
  const fs::path out = TempPng("panels");
  ASSERT_EQ(RunApp("--screenshot " + out.string() + " --size 1600x1000 --scene input"), 0);
  const Image im = Load(out.string());
  ASSERT_TRUE(im.px);
  const auto byte = [](double v) { return int(v * 255 + 0.5); };
  const int canvas[3] = {byte(0.11), byte(0.11), byte(0.13)};
  const int window = byte(0.06), window_alpha = byte(0.94);
  int panel[3];
  for (int ch = 0; ch < 3; ++ch)
    panel[ch] = int((window * window_alpha + canvas[ch] * (255 - window_alpha)) / 255.0 + 0.5);
  const auto expect_colour = [&](int x, int y, const int want[3], const char* where) {
    const unsigned char* got = im.At(x, y);
    for (int ch = 0; ch < 3; ++ch)
      EXPECT_NEAR(got[ch], want[ch], 1) << where << " (" << x << ", " << y << ") channel " << ch;
  };
  const auto brightness = [&](int x, int y) {
    const unsigned char* p = im.At(x, y);
    return p[0] + p[1] + p[2];
  };
  const PanelLayout l = ComputePanelLayout(1600, 1000, 1);
  // Below the controls (the panel's lower part is empty), right of the
  // step panel's left border, and in the canvas's empty top-left corner.
  const int low = int(l.controls.h) - 40;
  expect_colour(20, low, panel, "controls panel");
  expect_colour(int(l.step.x) + 3, low, panel, "step panel");
  expect_colour(int(l.canvas.x) + 5, 5, canvas, "canvas");
  // The borders between the panels and the canvas are lighter than both.
  const int right_border = int(l.controls.x + l.controls.w) - 1, left_border = int(l.step.x);
  for (int x : {right_border, left_border}) {
    EXPECT_GT(brightness(x, low), brightness(x - 2, low) + 30) << "border at x " << x;
    EXPECT_GT(brightness(x, low), brightness(x + 2, low) + 30) << "border at x " << x;
  }
}

// A big layer is drawn through the texture path (cells under 6 px): the
// canvas must still show the values, and the same colour for the same value.
TEST(Screenshot, BigLayerTexturePathShowsTheValues) {
  const fs::path out = TempPng("big_layer");
  ASSERT_EQ(RunApp("--screenshot " + out.string() +
                   " --size 1200x800 --input 1x160x160 --kernel 3x3 --stride 1x1 --scene forward"
                   " --values random --seed 3"),
            0);
  const Image im = Load(out.string());
  ASSERT_TRUE(im.px);
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions({"--input", "1x160x160", "--kernel", "3x3", "--stride", "1x1",
                                "--scene", "forward", "--values", "random", "--seed", "3"},
                               o),
            "");
  AppState s;
  ASSERT_EQ(InitFromLaunchOptions(s, o), "");
  const PanelLayout l = ComputePanelLayout(1200, 800, 1);
  const CanvasTransform xf = FitCanvas(s.derived.canvas, l.canvas.w, l.canvas.h, 1, 0, 0);
  ASSERT_LT(xf.pixels_per_unit, 6.0f) << "this test is about the texture path";
  // Sample cells of pz far from the window, at their centres (no numbers
  // are printed at this size), and compare with the colour map.
  int checked = 0, close = 0;
  for (size_t k = 0; k < s.derived.canvas.cells.size(); k += 97) {
    const CellRef& ref = s.derived.canvas.refs[k];
    if (ref.box < 0 || s.derived.canvas.boxes[size_t(ref.box)].symbol != "pz") continue;
    if (ref.cell.idx[1] < 10) continue;  // away from the lit window at the top
    const CellInstance& c = s.derived.canvas.cells[k];
    const int x = int(xf.ScreenX(l.canvas.x, c.to_x + 0.5f));
    const int y = int(xf.ScreenY(l.canvas.y, c.to_y + 0.5f));
    double want[3];
    ExpectedColour(c.shade, want);
    const unsigned char* got = im.At(x, y);
    ++checked;
    if (std::abs(got[0] - want[0]) <= 6 && std::abs(got[1] - want[1]) <= 6 &&
        std::abs(got[2] - want[2]) <= 6)
      ++close;
  }
  ASSERT_GT(checked, 100);
  EXPECT_GT(close, checked * 9 / 10) << close << " of " << checked << " sampled cells match";
}

TEST(Screenshot, BadFlagsExitTwoWithoutAFile) {
  const fs::path out = TempPng("never");
  fs::remove(out);
  EXPECT_EQ(RunApp("--screenshot " + out.string() + " --kernel 9x9"), 2);
  EXPECT_EQ(RunApp("--screenshot " + out.string() + " --stage crop"), 2);
  EXPECT_EQ(RunApp("--screenshot " + out.string() + " --bogus"), 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(RunApp("--frames 3 --size 200x150"), 0);
}

}  // namespace
}  // namespace convbp::app
