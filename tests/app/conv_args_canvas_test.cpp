// Issue 13 on the canvas: a dilated window lights exactly its taps (and the
// cells between them are holes), and group bands pair each output channel
// with its group's input channels. Expected cells come from the definitions
// (tap = o·s + m·D; group γ = d div (C_out/g), c = γ·C_in/g + c'), not from
// the layout code.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app_state.h"
#include "started.h"

namespace convbp::app {
namespace {

using CellSet = std::set<std::tuple<int, int, int>>;

// Cells of tensor `id` drawn with highlight h.
CellSet Lit(const AppState& s, steps::TensorId id, Highlight h) {
  CellSet out;
  const CanvasModel& m = s.derived.canvas;
  for (size_t k = 0; k < m.cells.size(); ++k)
    if (m.refs[k].box >= 0 && m.refs[k].cell.tensor == id && int(m.cells[k].highlight) == int(h))
      out.insert({m.refs[k].cell.idx[0], m.refs[k].cell.idx[1], m.refs[k].cell.idx[2]});
  return out;
}

TEST(ConvArgsCanvas, ADilatedWindowLightsExactlyItsTaps) {
  // 2 groups of 2 input channels; D = (2, 3), s = (2, 1), no padding.
  const int c_in = 4, c_out = 2, h = 9, w = 10, k1 = 3, k2 = 2, s1 = 2, s2 = 1, d1 = 2, d2 = 3;
  const std::vector<std::string> shape = {
      "--input",    "4x9x10", "--out-channels", "2", "--kernel", "3x2",    "--stride", "2x1",
      "--dilation", "2x3",    "--groups",       "2", "--scene",  "forward"};
  AppState first = Started(shape);
  const int ho = (h - ((k1 - 1) * d1 + 1)) / s1 + 1, wo = (w - ((k2 - 1) * d2 + 1)) / s2 + 1;
  ASSERT_EQ(first.problem.shape.Ho(), ho);
  for (uint64_t window : {uint64_t{0}, uint64_t(ho * wo + 3), uint64_t(2 * ho * wo - 1)}) {
    std::vector<std::string> args = shape;
    args.insert(args.end(), {"--step", std::to_string(window)});
    const AppState s = Started(args);
    const int d = int(window) / (ho * wo), i = int(window) / wo % ho, j = int(window) % wo;
    CellSet taps;
    const int group = d / (c_out / 2);
    for (int cl = 0; cl < c_in / 2; ++cl)
      for (int m = 0; m < k1; ++m)
        for (int n = 0; n < k2; ++n)
          taps.insert({group * (c_in / 2) + cl, i * s1 + m * d1, j * s2 + n * d2});
    EXPECT_EQ(Lit(s, steps::TensorId::kInputPadded, Highlight::kOperand), taps) << window;
    // The same cells the step reads.
    CellSet operands;
    for (const steps::Term& t : s.derived.window_step.terms)
      for (const steps::Cell& c : {t.a.cell, t.b.cell})
        if (DrawnCell(s.problem.shape, c).tensor == steps::TensorId::kInputPadded)
          operands.insert({c.idx[0], c.idx[1], c.idx[2]});
    EXPECT_EQ(operands, taps);
    // One outline per channel of pz (the first box), spanning the dilated
    // extent K from the first tap to the last.
    const TensorBox& pz = s.derived.canvas.boxes[0];
    ASSERT_EQ(pz.tensor, steps::TensorId::kInputPadded);
    int outlines = 0;
    for (const CanvasModel::Rect& r : s.derived.canvas.windows) {
      if (r.x < pz.x || r.x >= pz.x + pz.w) continue;
      ++outlines;
      EXPECT_EQ(r.h, float((k1 - 1) * d1 + 1));
      EXPECT_EQ(r.w, float((k2 - 1) * d2 + 1));
      // Channels sit in a grid of W-wide slices one unit apart: the window
      // starts j·s2 into its slice.
      EXPECT_EQ(std::fmod(r.x - pz.x, float(w + 1)), float(j * s2));
    }
    EXPECT_EQ(outlines, c_in / 2);
  }
}

TEST(ConvArgsCanvas, HoleRowsAndColumnsOfPzHaveTheHoleStyle) {
  // 1×7×7, k 2, s 3, D 2: windows at 0 and 3 read rows {0,2} and {3,5};
  // rows 1 and 4 lie between taps (holes), row 6 is the remainder.
  const AppState s = Started({"--input", "1x7x7", "--kernel", "2x2", "--stride", "3x3",
                              "--dilation", "2x2", "--scene", "forward"});
  auto brute_hole = [](int y) {
    bool read = false, spanned = false;
    for (int o = 0; o < 2; ++o) {
      read |= y == 3 * o || y == 3 * o + 2;
      spanned |= y >= 3 * o && y <= 3 * o + 2;
    }
    return spanned && !read;
  };
  const CanvasModel& m = s.derived.canvas;
  int holes = 0;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    if (m.refs[k].box < 0 || m.refs[k].cell.tensor != steps::TensorId::kInputPadded) continue;
    const int y = m.refs[k].cell.idx[1], x = m.refs[k].cell.idx[2];
    // A row's reason comes first (a hole row stays a hole in the remainder
    // column); row 6 is the remainder.
    const bool hole = brute_hole(y) || (brute_hole(x) && y != 6);
    EXPECT_EQ(int(m.cells[k].style) == int(CellStyle::kHole), hole) << y << "," << x;
    holes += hole;
  }
  EXPECT_GT(holes, 0);
}

TEST(ConvArgsCanvas, GroupBandsPairOutputChannelsWithTheirGroupsInputs) {
  // C_in 6, C_out 4, g 2: d 0,1 read c 0..2; d 2,3 read c 3..5.
  const AppState s = Started({"--input", "6x4x4", "--out-channels", "4", "--kernel", "2x2",
                              "--stride", "1x1", "--groups", "2", "--scene", "forward"});
  const CanvasModel& m = s.derived.canvas;
  std::set<std::pair<steps::TensorId, int>> seen;
  for (const CanvasModel::GroupBand& band : m.group_bands) {
    const steps::Cell& c = band.slice;
    const int expected = c.tensor == steps::TensorId::kInputPadded ? c.idx[0] / 3 : c.idx[0] / 2;
    EXPECT_EQ(band.group, expected);
    seen.insert({c.tensor, c.rank == 4 ? c.idx[0] * 3 + c.idx[1] : c.idx[0]});
  }
  EXPECT_EQ(seen.size(), size_t(6 + 4 + 4 * 3));  // every slice of pz, z and W has a band
  // The bands of the slices a window reads share the target's group.
  for (uint64_t step : {uint64_t{0}, uint64_t{30}}) {
    const AppState t =
        Started({"--input", "6x4x4", "--out-channels", "4", "--kernel", "2x2", "--stride", "1x1",
                 "--groups", "2", "--scene", "forward", "--step", std::to_string(step)});
    const int d = t.derived.current.target.idx[0];
    for (const auto& [c, y, x] : Lit(t, steps::TensorId::kInputPadded, Highlight::kOperand))
      EXPECT_EQ(c / 3, d / 2) << step;
  }
  // No bands without groups.
  EXPECT_TRUE(Started({"--scene", "forward"}).derived.canvas.group_bands.empty());
}

// Transposed mode: the crop stage's result (at its last step) is the layer's output y − b,
// labelled so, and its cells carry core's ComputeTransposed numbers; y is
// checked against a brute-force ConvTranspose2d scatter.
TEST(ConvArgsCanvas, TransposedModeShowsTheAdjointRelabelledWithCoresNumbers) {
  const AppState s =
      Started({"--input",  "2x3x2",      "--out-channels",   "2",   "--kernel",   "3x2",
               "--stride", "2x2",        "--padding",        "1x1", "--dilation", "1x2",
               "--mode",   "transposed", "--output-padding", "1x1", "--scene",    "input",
               "--stage",  "crop",       "--step",           "47"});
  const ConvShape& L = s.layer.shape;
  // y[d, Y, X] = b[d] + Σ_{c, i, j, m, n} x[c,i,j]·W[c,d,m,n] where
  // Y = i·s1 − p1 + m·D1, X = j·s2 − p2 + n·D2 (PyTorch's definition, g = 1).
  const auto out = L.OutputDims();
  Tensor<double> y({out[0], out[1], out[2]});
  for (int d = 0; d < out[0]; ++d)
    for (int Y = 0; Y < out[1]; ++Y)
      for (int X = 0; X < out[2]; ++X) y(d, Y, X) = s.layer.bias(d);
  for (int c = 0; c < L.c_in; ++c)
    for (int i = 0; i < L.h; ++i)
      for (int j = 0; j < L.w; ++j)
        for (int d = 0; d < L.c_out; ++d)
          for (int m = 0; m < L.k1; ++m)
            for (int n = 0; n < L.k2; ++n) {
              const int Y = i * L.s1 - L.p1 + m * L.d1, X = j * L.s2 - L.p2 + n * L.d2;
              if (Y >= 0 && Y < out[1] && X >= 0 && X < out[2])
                y(d, Y, X) += s.layer.input(c, i, j) * s.layer.weight(c, d, m, n);
            }
  const TransposedResults<double> core = ComputeTransposed(s.layer);
  const CanvasModel& m = s.derived.canvas;
  int box = -1;
  for (size_t k = 0; k < m.boxes.size(); ++k)
    if (m.boxes[k].tensor == steps::TensorId::kGradInput) box = int(k);
  ASSERT_GE(box, 0);
  EXPECT_EQ(m.boxes[size_t(box)].symbol.rfind("y − b  (= ", 0), 0u) << m.boxes[size_t(box)].symbol;
  int checked = 0;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    if (m.refs[k].box != box || m.cells[k].alpha_to < 1) continue;
    const auto& c = m.refs[k].cell.idx;
    EXPECT_NEAR(m.cells[k].value + s.layer.bias(c[0]), y(c[0], c[1], c[2]), 1e-4);
    EXPECT_NEAR(core.output(c[0], c[1], c[2]), y(c[0], c[1], c[2]), 1e-9);
    ++checked;
  }
  EXPECT_EQ(checked, out[0] * out[1] * out[2]);
  // Every relabelled box names the layer's tensor and the adjoint's symbol.
  for (const TensorBox& b : m.boxes) {
    if (TransposedLabel(b.tensor).empty()) continue;
    EXPECT_EQ(b.symbol.rfind(TransposedLabel(b.tensor) + "  (= ", 0), 0u) << b.symbol;
  }
}

// The overlap stage's N counts, for each cell of ∂L/∂pz, the windows (i, j)
// one of whose taps (m, n) lands on it: brute force over all of them, in
// transposed mode (where it is the checkerboard of uneven overlap) and in
// conv mode (where 0 marks the cells whose gradient is 0).
std::vector<int> BruteWindowCounts(const ConvShape& a) {
  std::vector<int> brute(size_t(a.Hp() * a.Wp()), 0);
  for (int i = 0; i < a.Ho(); ++i)
    for (int j = 0; j < a.Wo(); ++j)
      for (int m = 0; m < a.k1; ++m)
        for (int n = 0; n < a.k2; ++n)
          ++brute[size_t((i * a.s1 + m * a.d1) * a.Wp() + j * a.s2 + n * a.d2)];
  return brute;
}
std::vector<int> DrawnWindowCounts(const AppState& s) {
  const ConvShape& a = s.problem.shape;
  std::vector<int> drawn(size_t(a.Hp() * a.Wp()), -1);
  const CanvasModel& m = s.derived.canvas;
  for (size_t k = 0; k < m.refs.size(); ++k)
    if (m.refs[k].box >= 0 && m.refs[k].cell.tensor == steps::TensorId::kWindowCount)
      drawn[size_t(m.refs[k].cell.idx[1] * a.Wp() + m.refs[k].cell.idx[2])] = int(m.cells[k].value);
  return drawn;
}

// The app started on the overlap stage's last step, where N is all filled in.
AppState AtLastOverlapStep(std::vector<std::string> args) {
  args.insert(args.end(), {"--scene", "input", "--stage", "overlap"});
  const ConvShape shape = Started(args).problem.shape;
  const uint64_t last = steps::StepCount(shape, steps::Scene::kInput, steps::Stage::kOverlap,
                                         steps::Granularity::kWindow) -
                        1;
  args.insert(args.end(), {"--step", std::to_string(last)});
  return Started(args);
}

TEST(ConvArgsCanvas, OverlapStageDrawsTheWindowsReadingEachCell) {
  for (const std::vector<std::string>& shape :
       {std::vector<std::string>{"--input", "1x4x3", "--kernel", "3x3", "--stride", "2x2", "--mode",
                                 "transposed"},
        {"--input", "1x3x4", "--kernel", "4x3", "--stride", "3x2", "--padding", "1x0", "--dilation",
         "2x1", "--output-padding", "1x0", "--mode", "transposed"},
        {"--input", "2x3x3", "--out-channels", "4", "--groups", "2", "--kernel", "2x2", "--stride",
         "1x1", "--mode", "transposed"},
        {"--input", "1x8x7", "--kernel", "2x2", "--stride", "3x3"}}) {  // conv: gaps, remainder
    const AppState s = AtLastOverlapStep(shape);
    EXPECT_EQ(s.nav.stage, steps::Stage::kOverlap);
    EXPECT_EQ(DrawnWindowCounts(s), BruteWindowCounts(s.problem.shape));
  }
  // A k = 3, s = 2 transposed layer overlaps unevenly: a checkerboard of 1, 2 and 4.
  const AppState s = AtLastOverlapStep(
      {"--input", "1x3x3", "--kernel", "3x3", "--stride", "2x2", "--mode", "transposed"});
  const std::vector<int> c = DrawnWindowCounts(s);
  EXPECT_EQ(std::vector<int>(c.begin(), c.begin() + 7), (std::vector<int>{1, 1, 2, 1, 2, 1, 1}));
  EXPECT_EQ(*std::max_element(c.begin(), c.end()), 4);
}

}  // namespace
}  // namespace convbp::app
