// The window geometry module against brute force: coverage spans and
// position classes by enumerating every window, the partial scatter by
// accumulating the products of eq 8 in step order with plain loops, and the
// full scatter against the direct input gradient.
#include "geometry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "conv_direct.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::Describe;
using testing::EdgeShapes;
using testing::MakeShape;
using testing::RandomShapes;
using testing::RandomTensor;
using testing::TensorsNear;

// Windows of a slide, listed by brute force: window o starts at o·s, has
// taps o·s .. o·s + k − 1, and must fit inside the axis.
std::vector<int> WindowStarts(int n_in, int k, int s) {
  std::vector<int> starts;
  for (int start = 0; start + k <= n_in; start += s) starts.push_back(start);
  return starts;
}

TEST(SlideAxis, CoveringAndReachMatchBruteForceOverASweep) {
  int gaps_seen = 0, remainders_seen = 0, full_kernels_seen = 0;
  for (int n_in = 1; n_in <= 13; ++n_in)
    for (int k = 1; k <= n_in; ++k)
      for (int s = 1; s <= 6; ++s) {
        const std::vector<int> starts = WindowStarts(n_in, k, s);
        const SlideAxis axis = SlideAxis::Over(n_in, k, s);
        SCOPED_TRACE(::testing::Message() << "n_in " << n_in << " k " << k << " s " << s);
        ASSERT_EQ(axis.n_out, static_cast<int>(starts.size()));
        const int last_tap = starts.back() + k - 1;
        ASSERT_EQ(axis.Remainder(), n_in - 1 - last_tap);
        if (k == n_in) ++full_kernels_seen;
        for (int y = 0; y < n_in; ++y) {
          std::vector<int> covering;
          for (int o = 0; o < static_cast<int>(starts.size()); ++o)
            if (starts[size_t(o)] <= y && y <= starts[size_t(o)] + k - 1) covering.push_back(o);
          const WindowSpan span = axis.Covering(y);
          if (covering.empty()) {
            EXPECT_TRUE(span.empty()) << "y " << y;
            EXPECT_EQ(span.size(), 0);
          } else {
            // The covering windows are consecutive: [first, last) lists them.
            EXPECT_EQ(span.first, covering.front()) << "y " << y;
            EXPECT_EQ(span.last, covering.back() + 1) << "y " << y;
            EXPECT_EQ(span.size(), static_cast<int>(covering.size()));
          }
          Reach expected = Reach::kCovered;
          if (covering.empty()) expected = y > last_tap ? Reach::kRemainder : Reach::kGap;
          EXPECT_EQ(axis.ReachOf(y), expected) << "y " << y;
          if (expected == Reach::kGap) {
            EXPECT_GT(s, k) << "gaps need stride > kernel";
            ++gaps_seen;
          }
          if (expected == Reach::kRemainder) ++remainders_seen;
        }
      }
  EXPECT_GT(gaps_seen, 0);
  EXPECT_GT(remainders_seen, 0);
  EXPECT_GT(full_kernels_seen, 0);
}

// With dilation D window o reads o·s + m·D; brute force lists the windows
// with a tap on y and those whose extent holds y.
TEST(SlideAxis, DilatedCoveringAndReachMatchBruteForce) {
  int holes_seen = 0, stepped_spans = 0;
  for (int n_in = 1; n_in <= 14; ++n_in)
    for (int k = 1; k <= 4; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int dil = 1; dil <= 4; ++dil) {
          const int extent = (k - 1) * dil + 1;
          if (extent > n_in) continue;
          const SlideAxis axis = SlideAxis::Over(n_in, k, s, dil);
          SCOPED_TRACE(::testing::Message()
                       << "n_in " << n_in << " k " << k << " s " << s << " D " << dil);
          const std::vector<int> starts = WindowStarts(n_in, extent, s);
          ASSERT_EQ(axis.n_out, static_cast<int>(starts.size()));
          const int last = starts.back() + extent - 1;
          for (int y = 0; y < n_in; ++y) {
            std::vector<int> taps;
            bool spanned = false;
            for (int o = 0; o < axis.n_out; ++o) {
              for (int m = 0; m < k; ++m)
                if (o * s + m * dil == y) taps.push_back(o);
              spanned = spanned || (o * s <= y && y <= o * s + extent - 1);
            }
            std::vector<int> listed;
            const WindowSpan span = axis.Covering(y);
            for (int o = span.first; o < span.last; o += span.step) {
              listed.push_back(o);
              EXPECT_EQ(axis.Tap(o, axis.TapIndex(o, y)), y);
            }
            EXPECT_EQ(listed, taps) << "y " << y;
            EXPECT_EQ(span.size(), static_cast<int>(taps.size()));
            stepped_spans += span.step > 1 && span.size() > 1;
            Reach expected = Reach::kCovered;
            if (taps.empty())
              expected = spanned ? Reach::kHole : y > last ? Reach::kRemainder : Reach::kGap;
            EXPECT_EQ(axis.ReachOf(y), expected) << "y " << y;
            holes_seen += expected == Reach::kHole;
          }
        }
  EXPECT_GT(holes_seen, 0);
  EXPECT_GT(stepped_spans, 0);
}

// Padding along one axis by hand: the first p and last p of n + 2p positions.
TEST(AxisGeometry, RowsAndColumnsClassifyPaddingAndReach) {
  for (int h = 1; h <= 7; ++h)
    for (int p = 0; p <= 3; ++p)
      for (int k = 1; k <= h + 2 * p; ++k)
        for (int s = 1; s <= 4; ++s) {
          // Rows take (h, p1, k1, s1); columns the same numbers via (w, p2, k2, s2).
          const ConvShape shape = MakeShape(1, h, h, 1, k, k, s, s, p, p);
          ASSERT_EQ(ValidateShape(shape), "");
          SCOPED_TRACE(Describe(shape));
          const int n_in = h + 2 * p;
          const std::vector<int> starts = WindowStarts(n_in, k, s);
          for (const AxisGeometry& axis : {ForRows(shape), ForCols(shape)}) {
            EXPECT_EQ(axis.slide.n_in, n_in);
            EXPECT_EQ(axis.slide.n_out, static_cast<int>(starts.size()));
            for (int y = 0; y < n_in; ++y) {
              const bool border = y < p || y >= n_in - p;
              bool covered = false;
              for (int start : starts) covered = covered || (start <= y && y < start + k);
              const PositionClass c = axis.Classify(y);
              EXPECT_EQ(c.padding_border, border) << "y " << y;
              EXPECT_EQ(c.reach == Reach::kCovered, covered) << "y " << y;
            }
          }
        }
}

TEST(AxisGeometry, PaddingBorderIn2DUsesEachAxisOwnPadding) {
  const ConvShape s = MakeShape(1, 3, 4, 1, 2, 2, 1, 1, 2, 1);  // pz is 7 × 6
  for (int y = 0; y < s.Hp(); ++y)
    for (int x = 0; x < s.Wp(); ++x) {
      const bool interior = y >= 2 && y < 5 && x >= 1 && x < 5;
      EXPECT_EQ(IsPaddingBorder(s, y, x), !interior) << y << "," << x;
    }
}

// ∂L/∂pz by plain loops in step order (c, d, i, j, m, n), stopping after
// `products` of them.
Tensor<double> BruteScatter(const ConvShape& s, const Tensor<double>& w,
                            const Tensor<double>& delta, uint64_t products) {
  Tensor<double> g(s.PaddedInputDims());
  uint64_t q = 0;
  // Input channel c is read by the C_out/g output channels of its group,
  // through kernel slice c mod (C_in/g).
  const int cig = s.c_in / s.groups, cog = s.c_out / s.groups;
  for (int c = 0; c < s.c_in; ++c)
    for (int d = c / cig * cog; d < (c / cig + 1) * cog; ++d)
      for (int i = 0; i < s.Ho(); ++i)
        for (int j = 0; j < s.Wo(); ++j)
          for (int m = 0; m < s.k1; ++m)
            for (int n = 0; n < s.k2; ++n, ++q) {
              if (q == products) return g;
              g(c, i * s.s1 + m * s.d1, j * s.s2 + n * s.d2) +=
                  delta(d, i, j) * w(d, c % cig, m, n);
            }
  return g;
}

void ExpectCellsMatch(const ConvShape& s, const Tensor<double>& w, const Tensor<double>& delta,
                      const Tensor<double>& expected, ScatterPrefix prefix) {
  for (int c = 0; c < s.c_in; ++c)
    for (int y = 0; y < s.Hp(); ++y)
      for (int x = 0; x < s.Wp(); ++x)
        ASSERT_NEAR(ScatterCellAfter(s, w, delta, c, y, x, prefix), expected(c, y, x), 1e-12)
            << "cell " << c << "," << y << "," << x << " after " << prefix.products;
}

TEST(PartialScatter, EveryWindowPrefixMatchesBruteForce) {
  std::mt19937 rng(20240611);
  std::vector<ConvShape> shapes = RandomShapes(7, 12, 6);
  shapes.push_back(MakeShape(2, 7, 7, 2, 1, 1, 3, 3, 1, 1));  // gaps and padding
  shapes.push_back(MakeShape(2, 4, 5, 3, 4, 5, 3, 2));        // kernel = input
  for (const ConvShape& s : testing::RandomDilatedGroupedShapes(8, 10, 7)) shapes.push_back(s);
  for (const ConvShape& s : shapes) {
    SCOPED_TRACE(Describe(s));
    const auto w = RandomTensor<double>(s.WeightDims(), rng);
    const auto delta = RandomTensor<double>(s.OutputDims(), rng);
    const uint64_t windows = ScatterPrefix::WindowCount(s);
    ASSERT_EQ(windows, uint64_t(s.c_in) * (s.c_out / s.groups) * s.Ho() * s.Wo());
    const uint64_t per = uint64_t(s.k1) * s.k2;
    // Nothing scattered yet: all zeros.
    EXPECT_TRUE(TensorsNear(PartialScatter(s, w, delta, ScatterPrefix{0}),
                            Tensor<double>(s.PaddedInputDims()), 0, 0));
    for (uint64_t win = 0; win < windows; ++win) {
      const ScatterPrefix prefix = ScatterPrefix::ThroughWindow(s, win);
      const Tensor<double> expected = BruteScatter(s, w, delta, (win + 1) * per);
      ASSERT_TRUE(TensorsNear(PartialScatter(s, w, delta, prefix), expected, 1e-12, 1.0))
          << "through window " << win;
      ExpectCellsMatch(s, w, delta, expected, prefix);
    }
  }
}

TEST(PartialScatter, EveryTermPrefixMatchesBruteForce) {
  std::mt19937 rng(99);
  for (const ConvShape& s : {MakeShape(2, 5, 5, 2, 3, 3, 2, 2, 1, 1),  // overlapping windows
                             MakeShape(1, 3, 9, 2, 1, 4, 1, 5)}) {     // gap on one axis
    SCOPED_TRACE(Describe(s));
    const auto w = RandomTensor<double>(s.WeightDims(), rng);
    const auto delta = RandomTensor<double>(s.OutputDims(), rng);
    const uint64_t per = uint64_t(s.k1) * s.k2;
    for (uint64_t win = 0; win < ScatterPrefix::WindowCount(s); ++win)
      for (uint64_t t = 0; t < per; ++t) {
        const ScatterPrefix prefix = ScatterPrefix::ThroughTerm(s, win, t);
        ASSERT_EQ(prefix.products, win * per + t + 1);
        const Tensor<double> expected = BruteScatter(s, w, delta, prefix.products);
        ASSERT_TRUE(TensorsNear(PartialScatter(s, w, delta, prefix), expected, 1e-12, 1.0))
            << "window " << win << " term " << t;
        ExpectCellsMatch(s, w, delta, expected, prefix);
      }
  }
}

TEST(PartialScatter, AllWindowsIsTheDirectInputGradient) {
  std::mt19937 rng(5);
  std::vector<ConvShape> shapes = EdgeShapes();
  for (const ConvShape& s : RandomShapes(11, 40)) shapes.push_back(s);
  for (const ConvShape& s : testing::DilationGroupEdgeShapes()) shapes.push_back(s);
  for (const ConvShape& s : shapes) {
    SCOPED_TRACE(Describe(s));
    const auto w = RandomTensor<double>(s.WeightDims(), rng);
    const auto delta = RandomTensor<double>(s.OutputDims(), rng);
    const Tensor<double> direct = InputGradPaddedDirect(s, w, delta);
    EXPECT_TRUE(
        TensorsNear(PartialScatter(s, w, delta, ScatterPrefix::All(s)), direct, 1e-12, 1.0));
  }
}

TEST(PartialScatter, WindowNumbersRunInStepOrder) {
  const ConvShape s = MakeShape(2, 6, 8, 3, 3, 3, 2, 2);  // H' = 2, W' = 3
  uint64_t expected = 0;
  for (int c = 0; c < s.c_in; ++c)
    for (int d = 0; d < s.c_out; ++d)
      for (int i = 0; i < s.Ho(); ++i)
        for (int j = 0; j < s.Wo(); ++j) EXPECT_EQ(ScatterWindow(s, c, d, i, j), expected++);
  EXPECT_EQ(expected, ScatterPrefix::WindowCount(s));
  EXPECT_EQ(ScatterPrefix::All(s).products, expected * 9);
}

}  // namespace
}  // namespace convbp
