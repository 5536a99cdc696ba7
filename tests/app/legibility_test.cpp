// Issue 11, part B: every number the canvas prints is legible and true.
// The canvas is laid out on the null ImGui backend with the app's real font
// (DejaVu Sans at 16 px, as the window loads it), the strings the overlay
// would draw are collected (CellNumbers, the overlay's own list), parsed
// back and compared with the engine's tensors; the layout is checked for
// grids that fill the canvas, per-tensor colour scales, labels that name
// their axes, an aligned crop stage and panels that fit a small window.
#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "canvas_overlay.h"
#include "fonts.h"
#include "null_imgui.h"
#include "number_text.h"
#include "panel_layout.h"
#include "scene_layout.h"
#include "tensor_of.h"
#include "typeset.h"

namespace convbp::app {
namespace {

using steps::Scene;
using steps::Stage;
using steps::TensorId;

const std::vector<std::string> kWalkThrough = {"--input",  "2x8x6", "--out-channels", "3",
                                               "--kernel", "3x2",   "--stride",       "2x3"};
const std::vector<std::string> kSeedCase = {
    "--case", std::string(CONVBP_TEST_DATA_DIR) + "/seed_5x5_k3_s2.case.json"};

class Legibility : public ::testing::Test {
 protected:
  void SetUp() override {
    StartNullImGui();
    FontStatus found;
    LoadFonts(1.0f, false, found);
    real_font_ = found.latin;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // rebuilt with the app's font
  }
  void TearDown() override { ImGui::DestroyContext(); }

  AppState Start(std::vector<std::string> flags, ImVec2 window) {
    LaunchOptions o;
    EXPECT_EQ(ParseLaunchOptions(flags, o), "");
    AppState s;
    EXPECT_EQ(InitFromLaunchOptions(s, o), "");
    ImGui::GetIO().DisplaySize = window;
    // Three frames: the first measures the timeline's rows, the second
    // lays the panels out for them, the third the canvas for its region.
    NullFrame(s);
    NullFrame(s);
    NullFrame(s);
    return s;
  }

  bool real_font_ = false;
};

// The panels as the last frame drew them for `s`.
PanelLayout LayoutOf(const AppState& s) {
  return ComputePanelLayout(ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y, 1,
                            s.view.panel_left, s.view.panel_right, s.view.panel_bottom,
                            s.view.timeline_wanted);
}

// The font the canvas draws with (the atlas's first, as ImGui's default).
const ImFont* Font() { return ImGui::GetIO().Fonts->Fonts[0]; }

// Half a unit in the last place `text` shows ("−0.0885" → 0.00005,
// "1.2e+03" → 50, "12" → 0.5): the most a correctly rounded text is off by.
double HalfLastPlace(const std::string& text) {
  const size_t e = text.find('e');
  const std::string mantissa = text.substr(0, e);
  const size_t point = mantissa.find('.');
  const int decimals = point == std::string::npos ? 0 : int(mantissa.size() - point - 1);
  const int exponent = e == std::string::npos ? 0 : std::stoi(text.substr(e + 1));
  return 0.5 * std::pow(10.0, double(exponent - decimals));
}

// The text read back as a number ("−" is U+2212).
double ReadBack(std::string text) {
  if (text.rfind("−", 0) == 0) text.replace(0, std::string("−").size(), "-");
  const std::optional<double> v = ParseNumber(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(std::nan(""));
}

// The value the engine has for the cell `ref` names (the scatter stage
// draws ∂L/∂pz as accumulated so far).
double EngineValue(const AppState& s, const CellRef& ref) {
  const Tensor<double>* t = steps::TensorOf(s.problem, s.results, ref.cell.tensor);
  if (ref.cell.tensor == TensorId::kGradInputPadded && s.derived.focus.partial_grad_input)
    t = s.derived.focus.partial_grad_input;
  return (*t)[t->OffsetOf(ref.cell.Index())];
}

// Checks every printed number of the current view; returns how many cells
// that hold a number (not pending, not faded) printed none (all of them when
// the cells are too small for any text).
int CheckPrintedNumbers(const AppState& s, const std::string& where) {
  const PanelLayout l = LayoutOf(s);
  const CanvasModel& m = s.derived.canvas;
  const CanvasTransform xf =
      FitCanvas(m, l.canvas.w, l.canvas.h, s.view.zoom, s.view.pan_x, s.view.pan_y);
  const float t = Eased(s.nav.progress);
  const std::vector<CellNumber> numbers = CellNumbers(m, l.canvas, xf, t, Font(), Font()->FontSize);
  std::set<size_t> printed;
  for (const CellNumber& n : numbers) {
    printed.insert(n.cell);
    const CellRef& ref = m.refs[n.cell];
    // Inside its cell, measured in pixels with the font that draws it.
    EXPECT_LE(Font()->CalcTextSizeA(n.size, 1e9f, 0, n.text.c_str()).x, xf.pixels_per_unit)
        << where << " '" << n.text << "'";
    if (ref.box < 0) continue;  // a moving copy shows its source's value
    const double engine = EngineValue(s, ref);
    const double shown = ReadBack(n.text);
    EXPECT_LE(std::fabs(shown - engine), HalfLastPlace(n.text) * 1.0001 + 1e-6 * std::fabs(engine))
        << where << ": cell " << n.cell << " prints '" << n.text << "', engine " << engine;
    if (engine != 0 && shown != 0) {
      EXPECT_EQ(shown < 0, engine < 0) << where << " " << n.text;
    }
  }
  int silent = 0;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const CellInstance& c = m.cells[k];
    const float alpha = c.alpha_from + (c.alpha_to - c.alpha_from) * t;
    if (m.refs[k].box < 0 || alpha < 0.5f || int(c.style) == int(CellStyle::kPending)) continue;
    silent += printed.count(k) ? 0 : 1;
  }
  return silent;
}

TEST(CellNumberText, NeverWiderThanTheCellNeverWithoutItsSign) {
  StartNullImGui();
  const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  for (double v : {-0.858, -0.0885, 0.0546, 1.4, -123456.0, 7.0, -3e-7, 0.5, -1.0, 29.97})
    for (float cell = 4; cell <= 80; cell += 1.5f)
      for (float size : {9.0f, 13.0f, 16.0f}) {
        const std::string text = CellNumberText(v, cell, font, size);
        if (text.empty()) continue;
        EXPECT_LE(font->CalcTextSizeA(size, 1e9f, 0, text.c_str()).x, cell) << v << " " << text;
        const double back = ReadBack(text);
        EXPECT_EQ(back < 0, v < 0) << v << " → " << text;
        EXPECT_LE(std::fabs(back - v), HalfLastPlace(text) * 1.0001) << v << " → " << text;
      }
  ImGui::DestroyContext();
}

// "Done when": the seed's example and the 2×8×6 → 3, k 3×2, s 2×3 layer, at
// 1600×1000 and 1280×800: every printed number is the engine's to the
// digits shown, sign included, and the default view prints every cell.
TEST_F(Legibility, EveryPrintedNumberIsTheEnginesAndTheDefaultViewPrintsAll) {
  ASSERT_TRUE(real_font_) << "DejaVu Sans is needed for the app's real metrics";
  for (const auto& flags : {kSeedCase, kWalkThrough})
    for (ImVec2 window : {ImVec2{1600, 1000}, ImVec2{1280, 800}}) {
      const std::string size = std::to_string(int(window.x)) + "x" + std::to_string(int(window.y));
      // The default view: the forward pass, step 0.
      std::vector<std::string> first = flags;
      first.insert(first.end(), {"--scene", "forward", "--step", "0"});
      EXPECT_EQ(CheckPrintedNumbers(Start(first, window), flags[1] + " " + size + " forward"), 0)
          << flags[1] << " " << size;
      // Every other stage too: nothing printed may be wrong or cut.
      for (Scene scene : {Scene::kBias, Scene::kWeight, Scene::kInput}) {
        AppState probe = Start(first, window);
        for (Stage stage : steps::StagesOf(probe.problem.shape, scene)) {
          std::vector<std::string> at = flags;
          at.insert(at.end(), {"--scene", steps::SceneName(scene), "--stage",
                               steps::StageName(stage), "--step", "0"});
          CheckPrintedNumbers(Start(at, window), flags[1] + " " + size + " " +
                                                     steps::SceneName(scene) + "/" +
                                                     steps::StageName(stage));
        }
      }
    }
}

// Fault 3: channels fill the canvas in a grid, grouped and named.
TEST_F(Legibility, ChannelsFormAGridThatFillsAWideCanvas) {
  std::vector<std::string> flags = kWalkThrough;
  flags.insert(flags.end(), {"--scene", "input", "--stage", "slide"});
  AppState s = Start(flags, {1600, 1000});
  const CanvasModel& wide = BuildSceneCanvas(s.problem, s.results, s.derived.focus, 3.0f);
  const CanvasModel& tall = BuildSceneCanvas(s.problem, s.results, s.derived.focus, 0.3f);
  int padded_box = -1;
  for (size_t b = 0; b < wide.boxes.size(); ++b)
    if (wide.boxes[b].tensor == TensorId::kGradOutputPadded) padded_box = int(b);
  ASSERT_GE(padded_box, 0);
  // pδ is 3×10×7: in a wide region its channels sit side by side, in a
  // tall one they stack.
  const TensorBox& w = wide.boxes[size_t(padded_box)];
  const TensorBox& t = tall.boxes[size_t(padded_box)];
  EXPECT_GT(w.w, 7.0f * 2) << "at least two channels side by side";
  EXPECT_LT(w.h, 10.0f * 3);
  EXPECT_EQ(t.w, 7.0f);
  EXPECT_GE(t.h, 3 * 10.0f);
  for (const CanvasModel* m : {&wide, &tall}) {
    // Each channel's cells form one 10×7 block inside the box; blocks do not overlap.
    std::map<int, std::pair<float, float>> corner;  // channel → top-left
    std::set<std::pair<float, float>> taken;
    for (size_t k = 0; k < m->cells.size(); ++k) {
      const CellRef& ref = m->refs[k];
      if (ref.box != padded_box) continue;
      const CellInstance& c = m->cells[k];
      const int d = ref.cell.idx[0], y = ref.cell.idx[1], x = ref.cell.idx[2];
      auto [it, fresh] = corner.try_emplace(d, c.to_x - float(x), c.to_y - float(y));
      EXPECT_EQ(c.to_x - float(x), it->second.first);
      EXPECT_EQ(c.to_y - float(y), it->second.second);
      EXPECT_TRUE(taken.insert({c.to_x, c.to_y}).second) << "two cells in one place";
      const TensorBox& b = m->boxes[size_t(padded_box)];
      EXPECT_GE(c.to_x, b.x);
      EXPECT_LE(c.to_x + 1, b.x + b.w);
      EXPECT_GE(c.to_y, b.y);
      EXPECT_LE(c.to_y + 1, b.y + b.h);
    }
    EXPECT_EQ(corner.size(), 3u);
    // Each channel is named "d = k" in the row right above its block.
    for (const auto& [d, xy] : corner) {
      const std::string name = "d = " + std::to_string(d);
      const auto label = std::find_if(
          m->slice_labels.begin(), m->slice_labels.end(), [&](const CanvasModel::Bracket& l) {
            return l.label == name && l.r.x == xy.first && l.r.y + l.r.h == xy.second;
          });
      EXPECT_NE(label, m->slice_labels.end()) << name;
    }
  }
}

// Fault 3: the kernel's k1×k2 slices are named by d and c, each in the row
// right above its slice (W stored [d][c][m][n]).
TEST_F(Legibility, KernelSlicesAreNamed) {
  std::vector<std::string> flags = kWalkThrough;
  flags.insert(flags.end(), {"--scene", "forward"});
  const AppState s = Start(flags, {1600, 1000});
  const CanvasModel& m = s.derived.canvas;
  std::map<std::pair<int, int>, std::pair<float, float>> corner;  // (d, c) → top-left
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const CellRef& ref = m.refs[k];
    if (ref.box < 0 || m.boxes[size_t(ref.box)].tensor != TensorId::kWeight) continue;
    const int d = ref.cell.idx[0], c = ref.cell.idx[1], y = ref.cell.idx[2], x = ref.cell.idx[3];
    corner[{d, c}] = {m.cells[k].to_x - float(x), m.cells[k].to_y - float(y)};
  }
  ASSERT_EQ(corner.size(), 6u);  // C_out·C_in = 3·2
  for (const auto& [dc, xy] : corner) {
    const std::string name =
        "d = " + std::to_string(dc.first) + ", c = " + std::to_string(dc.second);
    const auto label = std::find_if(
        m.slice_labels.begin(), m.slice_labels.end(), [&](const CanvasModel::Bracket& l) {
          return l.label == name && l.r.x == xy.first && l.r.y + l.r.h == xy.second;
        });
    EXPECT_NE(label, m.slice_labels.end()) << name;
  }
}

// A grouped layer's kernel slice is named by its stored index c' (its place
// in d's group, as the formulas write W_{m,n,c',d}), not as input channel c:
// with C_in = 4, g = 2, output channel 3 reads input channels 2 and 3
// through slices c' = 0 and 1.
TEST_F(Legibility, GroupedKernelSlicesAreNamedByTheirPlaceInTheGroup) {
  const AppState s = Start({"--input", "4x6x6", "--out-channels", "6", "--kernel", "3x3",
                            "--stride", "1x1", "--groups", "2", "--scene", "forward"},
                           {1600, 1000});
  std::set<std::string> labels;
  for (const CanvasModel::Bracket& l : s.derived.canvas.slice_labels) labels.insert(l.label);
  for (int d = 0; d < 6; ++d)
    for (int c_local = 0; c_local < 2; ++c_local)
      EXPECT_EQ(labels.count("d = " + std::to_string(d) + ", c' = " + std::to_string(c_local)), 1u)
          << d << "," << c_local;
  EXPECT_EQ(labels.count("d = 3, c = 0"), 0u);  // input channel 0 is not in group 1
}

// Fault 10: each tensor is coloured on its own scale — in the weight scene
// of a 3×64×64 → 8 layer, pz is not washed out by the much larger δ.
TEST_F(Legibility, EachTensorHasItsOwnColourScale) {
  AppState s = Start({"--input", "3x64x64", "--out-channels", "8", "--kernel", "3x3", "--stride",
                      "1x1", "--values", "random", "--scene", "weight", "--stage", "slide"},
                     {1600, 1000});
  const CanvasModel& m = s.derived.canvas;
  std::map<int, float> biggest_shade, biggest_value;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const int b = m.refs[k].box;
    if (b < 0) continue;
    biggest_shade[b] = std::max(biggest_shade[b], std::fabs(m.cells[k].shade));
    biggest_value[b] = std::max(biggest_value[b], std::fabs(m.cells[k].value));
  }
  for (size_t b = 0; b < m.boxes.size(); ++b) {
    if (m.boxes[b].tensor != TensorId::kInputPadded) continue;
    EXPECT_NEAR(biggest_shade[int(b)], 1.0f, 1e-5f) << "pz reaches full colour";
    EXPECT_FLOAT_EQ(m.boxes[b].value_scale, biggest_value[int(b)]) << "the legend's ±range";
  }
}

// Fault 11: shape labels name their axes, in storage order.
TEST_F(Legibility, ShapeLabelsNameTheirAxes) {
  std::map<TensorId, std::string> want = {
      {TensorId::kInputPadded, "C_in×H×W = 2×8×6"},
      {TensorId::kWeight, "C_out×C_in×k1×k2 = 3×2×3×2"},
      {TensorId::kOutput, "C_out×H'×W' = 3×3×2"}};  // H' = ⌊(8−3)/2⌋+1, W' = ⌊(6−2)/3⌋+1
  std::vector<std::string> flags = kWalkThrough;
  flags.insert(flags.end(), {"--scene", "forward"});
  const AppState s = Start(flags, {1600, 1000});
  for (const TensorBox& b : s.derived.canvas.boxes)
    if (want.count(b.tensor)) {
      EXPECT_EQ(b.detail, want[b.tensor]);
    }
  // Groups: the kernel stores C_in/g input channels.
  AppState g =
      Start({"--input", "4x6x6", "--out-channels", "2", "--kernel", "3x3", "--scene", "forward"},
            {1600, 1000});
  g.controls.edit_shape.groups = 2;
  g.dirty.problem = true;
  ApplyPendingChanges(g);
  ASSERT_EQ(g.problem.shape.groups, 2);
  for (const TensorBox& b : g.derived.canvas.boxes)
    if (b.tensor == TensorId::kWeight) {
      EXPECT_EQ(b.detail, "C_out×C_in/g×k1×k2 = 2×2×3×3");
    }
}

// The positions each cell holds at the end of the step (progress 1): on
// whole units, and no two cells that are drawn in the same place.
void ExpectAlignedAndApart(const CanvasModel& m, const std::string& where) {
  std::set<std::pair<float, float>> taken;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    const CellInstance& c = m.cells[k];
    if (c.alpha_to <= 0) continue;
    EXPECT_EQ(c.to_x, std::round(c.to_x)) << where;
    EXPECT_EQ(c.to_y, std::round(c.to_y)) << where;
    EXPECT_TRUE(taken.insert({c.to_x, c.to_y}).second)
        << where << ": two cells drawn at " << c.to_x << "," << c.to_y;
  }
}

// Fault 6: 6×6, k 2, s 3, p 1: the crop stage keeps every cell on its grid
// at every step, and nothing overprints.
TEST_F(Legibility, CropStageStaysAligned) {
  const std::vector<std::string> layer = {"--input",  "1x6x6", "--kernel",  "2x2",
                                          "--stride", "3x3",   "--padding", "1x1"};
  std::vector<std::string> flags = layer;
  flags.insert(flags.end(), {"--scene", "input", "--stage", "crop"});
  AppState s = Start(flags, {1600, 1000});
  ASSERT_EQ(s.nav.stage, Stage::kCrop);
  const uint64_t steps =
      steps::StepCount(s.problem.shape, Scene::kInput, Stage::kCrop, s.nav.granularity);
  ASSERT_GT(steps, 30u);
  for (uint64_t n = 0; n < steps; ++n) {
    std::vector<std::string> at = flags;
    at.insert(at.end(), {"--step", std::to_string(n)});
    const AppState a = Start(at, {1600, 1000});
    ExpectAlignedAndApart(a.derived.canvas, "crop step " + std::to_string(n));
  }
}

// Fault 6: the outer padding stage of the seed at step 0 draws pδ's whole
// 7×7 box (no hollow ring): every position of the box holds a cell.
TEST_F(Legibility, PadStageShowsTheWholeBoxFromStepZero) {
  std::vector<std::string> flags = kSeedCase;
  flags.insert(flags.end(), {"--scene", "input", "--stage", "pad", "--step", "0"});
  const AppState s = Start(flags, {1600, 1000});
  const CanvasModel& m = s.derived.canvas;
  ExpectAlignedAndApart(m, "pad step 0");
  for (size_t b = 0; b < m.boxes.size(); ++b) {
    if (m.boxes[b].tensor != TensorId::kGradOutputPadded) continue;
    const TensorBox& box = m.boxes[b];
    EXPECT_EQ(box.w, 7.0f);
    EXPECT_EQ(box.h, 7.0f);
    std::set<std::pair<int, int>> shown;
    for (size_t k = 0; k < m.cells.size(); ++k)
      if (m.refs[k].box == int(b) && m.cells[k].alpha_to > 0.3f)
        shown.insert({int(m.cells[k].to_x - box.x), int(m.cells[k].to_y - box.y)});
    EXPECT_EQ(shown.size(), 49u) << "every position of the 7×7 box is drawn";
  }
}

}  // namespace
}  // namespace convbp::app

namespace convbp::app {
namespace {

// Top of the Step panel's term list (screen y), or 0 when there is none.
float TermsTop() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (std::string(w->Name).find("/terms_") != std::string::npos && w->Active) return w->Pos.y;
  return 0;
}

bool Overlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Fault 12: at 800×500 and 1600×1000 (and at twice the UI scale) the four
// panels tile the window: inside it, no overlaps, a canvas left over.
TEST(PanelLayout, PanelsTileSmallAndLargeWindows) {
  for (ImVec2 window : {ImVec2{800, 500}, ImVec2{1600, 1000}})
    for (float scale : {1.0f, 2.0f}) {
      const PanelLayout l = ComputePanelLayout(window.x, window.y, scale);
      const std::vector<Rect> rects = {l.controls, l.step, l.timeline, l.canvas};
      for (size_t a = 0; a < rects.size(); ++a) {
        EXPECT_GE(rects[a].x, 0);
        EXPECT_GE(rects[a].y, 0);
        EXPECT_LE(rects[a].x + rects[a].w, window.x);
        EXPECT_LE(rects[a].y + rects[a].h, window.y);
        for (size_t b = a + 1; b < rects.size(); ++b)
          EXPECT_FALSE(Overlap(rects[a], rects[b])) << a << " and " << b << " at " << window.x;
      }
      EXPECT_GE(l.canvas.w, window.x * 0.35f) << "the canvas keeps a third of the width";
    }
}

// A change made before a frame (a key, the last frame's slider) is applied
// before the panels draw, so the frame that shows the new cells shows them
// at the new layer's fit and with its labels, not the old layer's.
TEST_F(Legibility, AFrameDrawsTheChangeItStartsWith) {
  AppState s = Start({"--scene", "forward"}, {1600, 1000});
  s.controls.edit_shape.h = s.controls.edit_shape.w = 11;
  s.dirty.problem = true;
  float ppu = 0;
  NullFrame(s, {}, &ppu);
  const PanelLayout l = LayoutOf(s);
  const CanvasTransform fit =
      FitCanvas(s.derived.canvas, l.canvas.w, l.canvas.h, s.view.zoom, s.view.pan_x, s.view.pan_y);
  EXPECT_EQ(s.problem.input.dim(1), 11);
  EXPECT_FLOAT_EQ(ppu, fit.pixels_per_unit) << "the canvas panel drew the old layer's canvas";
}

// At 800×500 the scene and stage buttons wrap onto more rows; the timeline
// grows to show every row, the scrub bar included (a tour found "5 Matrix
// view" cut off at the right and the scrub bar cut at the bottom).
TEST_F(Legibility, TheTimelineShowsEveryRowInASmallWindow) {
  for (const char* lang : {"en", "zh"})
    for (const char* scene : {"forward", "input", "matrix"}) {
      AppState s = Start({"--lang", lang, "--scene", scene}, {800, 500});
      const PanelLayout l = LayoutOf(s);
      EXPECT_GT(s.view.timeline_wanted, 0) << lang << " " << scene;
      EXPECT_LE(s.view.timeline_wanted, l.timeline.h + 0.5f) << lang << " " << scene;
      EXPECT_GE(l.canvas.h, 500 * 0.5f) << "the canvas keeps half the height";
    }
}

// A caption wider than the room before the next label wraps between words
// onto more lines above the symbol (a tour found "the padded in" cut
// mid-word in the matrix scene), every line but the last within the room,
// nothing lost, nothing above the canvas.
TEST_F(Legibility, LongCaptionsWrapInsteadOfBeingCut) {
  AppState s = Start({"--input", "2x5x5", "--out-channels", "2", "--kernel", "3x3", "--stride",
                      "2x2", "--padding", "1x1", "--scene", "matrix", "--stage", "product"},
                     {1600, 1000});
  const PanelLayout l = LayoutOf(s);
  const CanvasTransform xf = FitCanvas(s.derived.canvas, l.canvas.w, l.canvas.h, 1, 0, 0);
  int wrapped = 0;
  for (const BoxLabel& b : LayoutBoxLabels(s.derived.canvas, l.canvas, xf, s.lang,
                                           ImGui::GetIO().Fonts->Fonts[0], Font()->FontSize)) {
    if (b.caption_lines.size() < 2) continue;
    ++wrapped;
    std::string joined;
    for (size_t k = 0; k < b.caption_lines.size(); ++k) {
      joined += (k ? " " : "") + b.caption_lines[k];
      if (k + 1 < b.caption_lines.size()) {
        EXPECT_LE(Typeset(nullptr, ImGui::GetIO().Fonts->Fonts[0], b.caption_size, {0, 0}, 0, 0,
                          b.caption_lines[k])
                      .width,
                  b.x1 - b.x0 + 0.5f)
            << b.caption_lines[k];
      }
    }
    EXPECT_EQ(joined, b.caption);
    EXPECT_GE(b.y0, l.canvas.y) << b.caption;
  }
  EXPECT_GT(wrapped, 0) << "pz's caption is wider than its column here";
}

// Fault 12: in every scene, at 800×500 and 1600×1000, in both languages,
// the tensor labels lie inside the canvas and do not overlap, and the shape
// lines (numbers) fit their label; in the small window the lesson does not
// push the step's arithmetic down (it is a tab of its own there).
TEST_F(Legibility, SmallWindowLabelsAndStepPanelFit) {
  for (ImVec2 window : {ImVec2{800, 500}, ImVec2{1600, 1000}})
    for (const char* lang : {"en", "zh"})
      for (const char* scene : {"forward", "bias", "weight", "input", "matrix"}) {
        std::vector<std::string> flags = kWalkThrough;
        flags.insert(flags.end(), {"--lang", lang, "--scene", scene});
        AppState s = Start(flags, window);
        const std::string where =
            std::string(scene) + " " + lang + " " + std::to_string(int(window.x));
        const PanelLayout l = LayoutOf(s);
        const CanvasTransform xf = FitCanvas(s.derived.canvas, l.canvas.w, l.canvas.h, 1, 0, 0);
        const std::vector<BoxLabel> labels =
            LayoutBoxLabels(s.derived.canvas, l.canvas, xf, s.lang, ImGui::GetIO().Fonts->Fonts[0],
                            Font()->FontSize);
        for (size_t a = 0; a < labels.size(); ++a) {
          EXPECT_GE(labels[a].x0, l.canvas.x) << where;
          EXPECT_LE(labels[a].x1, l.canvas.x + l.canvas.w) << where << " " << labels[a].symbol;
          EXPECT_GE(labels[a].y0, l.canvas.y) << where;
          for (const std::string& line : labels[a].shape_lines)
            EXPECT_LE(Font()->CalcTextSizeA(labels[a].shape_size, 1e9f, 0, line.c_str()).x,
                      labels[a].x1 - labels[a].x0 + 0.5f)
                << where << " " << line;
          for (size_t b = a + 1; b < labels.size(); ++b)
            EXPECT_TRUE(labels[a].x1 <= labels[b].x0 || labels[b].x1 <= labels[a].x0)
                << where << ": labels " << a << " and " << b << " overlap";
        }
        // The Step panel's term list (after the arithmetic) starts where it
        // does with the lesson closed: the lesson does not push it down.
        const float with_lesson = TermsTop();
        s.view.show_lesson = false;
        NullFrame(s);
        NullFrame(s);
        const float without_lesson = TermsTop();
        if (window.x == 800 && (std::string(scene) == "forward" || std::string(scene) == "bias")) {
          // (the weight and input scenes open on a move: no terms)
          EXPECT_GT(with_lesson, 0) << where;
          EXPECT_EQ(with_lesson, without_lesson) << where;
        }
      }
}

}  // namespace
}  // namespace convbp::app
