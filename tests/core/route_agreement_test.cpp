// Route agreement over a seeded sweep of shapes: the direct loops, the
// derived dilate/pad/rotate route, the scatter route and the fast path must
// give the same tensors to 1e-12 in double. Plus two structural facts of
// The maths of core/README.md (eq 4, 5, 6, 8, 9) checked on every shape:
//   - the first k1×k2 of the (k1+ρ1)×(k2+ρ2) eq-5 positions are ∂L/∂W;
//   - every pz cell that no window covers (remainder rows/columns, gaps
//     between windows when s > k) gets a gradient of exactly 0.
#include <gtest/gtest.h>

#include "conv_derived.h"
#include "presets.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::AllRoutes;
using testing::Describe;
using testing::RouteName;
using testing::TensorsNear;

constexpr double kRouteTol = 1e-12;

std::vector<ConvShape> SweepShapes() {
  std::vector<ConvShape> shapes = testing::EdgeShapes();
  for (const ConvShape& s : testing::RandomShapes(/*seed=*/20261127, /*count=*/60))
    shapes.push_back(s);
  for (const ConvShape& s : testing::DilationGroupEdgeShapes()) shapes.push_back(s);
  for (const ConvShape& s : testing::RandomDilatedGroupedShapes(/*seed=*/20260413, /*count=*/60))
    shapes.push_back(s);
  return shapes;
}

// covered[c·Hp·Wp + y·Wp + x] is independent of c, so one Hp×Wp plane:
// mark every cell each window (i, j) reads, by brute force.
std::vector<char> CoveredCells(const ConvShape& s) {
  std::vector<char> covered(size_t(s.Hp()) * s.Wp(), 0);
  for (int i = 0; i < s.Ho(); ++i)
    for (int j = 0; j < s.Wo(); ++j)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n)
          covered[size_t(i * s.s1 + m * s.d1) * s.Wp() + (j * s.s2 + n * s.d2)] = 1;
  return covered;
}

TEST(RouteAgreement, SweepCoversTheEdgeCases) {
  // The sweep must actually contain the cases it claims to test.
  int rho_both = 0, padded = 0, rect = 0, cin_ne_cout = 0, one_by_one = 0, k_eq_in = 0, s_gt_k = 0;
  int dilated = 0, rho_ge_d = 0, grouped = 0, depthwise = 0, both = 0;
  for (const ConvShape& s : SweepShapes()) {
    dilated += s.d1 > 1 || s.d2 > 1;
    rho_ge_d += s.d1 > 1 && s.rho1() >= s.d1;
    grouped += s.groups > 1;
    depthwise += s.groups > 1 && s.groups == s.c_in;
    both += (s.d1 > 1 || s.d2 > 1) && s.groups > 1 && (s.p1 > 0 || s.p2 > 0);
    rho_both += s.rho1() > 0 && s.rho2() > 0;
    padded += s.p1 > 0 || s.p2 > 0;
    rect += s.k1 != s.k2 && s.s1 != s.s2;
    cin_ne_cout += s.c_in != s.c_out;
    one_by_one += s.k1 == 1 && s.k2 == 1;
    k_eq_in += s.k1 == s.Hp() && s.k2 == s.Wp();
    s_gt_k += s.s1 > s.k1 || s.s2 > s.k2;
  }
  EXPECT_GT(rho_both, 0);
  EXPECT_GT(padded, 0);
  EXPECT_GT(rect, 0);
  EXPECT_GT(cin_ne_cout, 0);
  EXPECT_GT(one_by_one, 0);
  EXPECT_GT(k_eq_in, 0);
  EXPECT_GT(s_gt_k, 0);
  EXPECT_GT(dilated, 0);
  EXPECT_GT(rho_ge_d, 0);
  EXPECT_GT(grouped, 0);
  EXPECT_GT(depthwise, 0);
  EXPECT_GT(both, 0);
}

TEST(RouteAgreement, AllRoutesAgreeInDouble) {
  int uncovered_total = 0;
  unsigned seed = 1;
  for (const ConvShape& s : SweepShapes()) {
    SCOPED_TRACE(Describe(s));
    for (LossKind loss : {LossKind::kHalfSquare, LossKind::kTarget, LossKind::kGivenGrad}) {
      const Problem<double> p = testing::RandomProblem<double>(s, loss, seed++);
      const Results<double> ref = Compute(p, Route::kDirect);
      const std::vector<char> covered = CoveredCells(s);
      for (Route route : AllRoutes()) {
        SCOPED_TRACE(RouteName(route));
        const Results<double> r = Compute(p, route);
        EXPECT_NEAR(r.loss, ref.loss, kRouteTol * std::max(1.0, std::abs(ref.loss)));
        const auto got = testing::NamedTensors(r);
        const auto want = testing::NamedTensors(ref);
        for (size_t t = 0; t < got.size(); ++t)
          EXPECT_TRUE(TensorsNear(*got[t].second, *want[t].second, kRouteTol)) << got[t].first;

        // First k1×k2 positions of eq 5 are the weight gradient (same route;
        // the direct route sums them in a different order, hence the 1e-12).
        ASSERT_EQ(r.weight_positions.dim(2), s.k1 + s.rho1() / s.d1);
        ASSERT_EQ(r.weight_positions.dim(3), s.k2 + s.rho2() / s.d2);
        Tensor<double> first(s.WeightDims());
        for (int d = 0; d < s.c_out; ++d)
          for (int c = 0; c < s.GroupInChannels(); ++c)
            for (int m = 0; m < s.k1; ++m)
              for (int n = 0; n < s.k2; ++n) first(d, c, m, n) = r.weight_positions(d, c, m, n);
        EXPECT_TRUE(TensorsNear(first, r.grad_weight, kRouteTol)) << "positions vs grad_weight";

        // Cells no window reads get exactly zero gradient.
        for (int c = 0; c < s.c_in; ++c)
          for (int y = 0; y < s.Hp(); ++y)
            for (int x = 0; x < s.Wp(); ++x) {
              if (covered[size_t(y) * s.Wp() + x]) continue;
              if (route == Route::kDirect && c == 0 && loss == LossKind::kHalfSquare)
                ++uncovered_total;
              ASSERT_EQ(r.grad_input_padded(c, y, x), 0.0) << "uncovered pz cell " << y << "," << x;
            }
      }
    }
  }
  EXPECT_GT(uncovered_total, 0) << "the sweep never produced an uncovered cell";
}

// The uncovered cells found by brute force are exactly the ones the shape
// formulas predict: the last ρ rows/columns, and the s − k gap lines.
TEST(RouteAgreement, UncoveredCellsAreRemainderAndGaps) {
  for (const ConvShape& s : SweepShapes()) {
    if (s.d1 > 1 || s.d2 > 1) continue;  // holes: see the geometry tests
    SCOPED_TRACE(Describe(s));
    const std::vector<char> covered = CoveredCells(s);
    for (int y = 0; y < s.Hp(); ++y)
      for (int x = 0; x < s.Wp(); ++x) {
        // Row y is read iff it is before the remainder and its offset inside
        // its stride period is < k1 (windows start at multiples of s1).
        const bool row_read = y < s.Hp() - s.rho1() && (y % s.s1 < s.k1 || y / s.s1 >= s.Ho());
        const bool col_read = x < s.Wp() - s.rho2() && (x % s.s2 < s.k2 || x / s.s2 >= s.Wo());
        ASSERT_EQ(bool(covered[size_t(y) * s.Wp() + x]), row_read && col_read) << y << "," << x;
      }
  }
}

// The app's forward-first order — ComputeOutput (pz, z) first, then
// FinishForward, ComputeBackward and MergeBackward — ends with exactly what
// Compute makes, and ComputeOutput leaves the rest unmade.
TEST(RouteAgreement, ForwardFirstPartsMakeWhatComputeMakes) {
  ConvShape a;
  a.c_in = 2, a.c_out = 3, a.h = 9, a.w = 8, a.k1 = 3, a.k2 = 2, a.s1 = 2, a.p1 = 1;
  ConvShape b = a;
  b.d1 = 2, b.p2 = 1;  // dilated, padded on both axes
  for (const ConvShape& shape : {a, b}) {
    for (LossKind loss : {LossKind::kGivenGrad, LossKind::kHalfSquare, LossKind::kTarget}) {
      const Problem<double> p = MakePresetProblem(shape, ValuePreset::kRandom, 5, loss);
      const Results<double> want = Compute(p);
      Results<double> r = ComputeOutput(p);
      EXPECT_EQ(r.input_padded.values(), want.input_padded.values());
      EXPECT_EQ(r.output.values(), want.output.values());
      EXPECT_TRUE(r.grad_output.empty() && r.window_count.empty() && r.grad_input.empty());
      FinishForward(p, r);
      MergeBackward(ComputeBackward(p, r), r);
      EXPECT_EQ(r.loss, want.loss);
      for (auto member : {&Results<double>::grad_output, &Results<double>::window_count,
                          &Results<double>::grad_output_padded, &Results<double>::weight_positions,
                          &Results<double>::grad_weight, &Results<double>::grad_bias,
                          &Results<double>::grad_input})
        EXPECT_EQ((r.*member).values(), (want.*member).values());
    }
  }
}

// The app's split (engine.h BackwardPart): the backward half computed apart
// after ComputeOutput, for every loss — with its pictures of δ, or without
// them and merged with the caller's (MakeDeltaPictures) — ends with exactly
// what Compute makes, on the sweep's shapes.
TEST(RouteAgreement, BackwardPartMakesWhatComputeMakes) {
  int shapes = 0;
  for (const ConvShape& shape : SweepShapes()) {
    if (++shapes % 4) continue;  // a quarter of the sweep: the split is shape-blind
    SCOPED_TRACE(Describe(shape));
    for (LossKind loss : {LossKind::kGivenGrad, LossKind::kHalfSquare, LossKind::kTarget}) {
      const Problem<double> p = MakePresetProblem(shape, ValuePreset::kRandom, 9, loss);
      const Results<double> want = Compute(p);
      // δ = ∂L/∂z reads z unless it is given.
      EXPECT_EQ(BackwardNeedsOutput(p), loss != LossKind::kGivenGrad);
      constexpr auto kNoPictures = BackwardScope::kWithoutDeltaPictures;
      std::vector<std::pair<BackwardPart<double>, bool>> parts;  // (part, with pictures)
      Results<double> r = ComputeOutput(p);
      parts.emplace_back(ComputeBackwardPart(p, r), true);
      parts.emplace_back(ComputeBackwardPart(p, r, Route::kFast, kNoPictures), false);
      for (auto& [part, with_pictures] : parts) {
        SCOPED_TRACE(with_pictures ? "with its pictures of δ" : "pictures made apart");
        // Left out, they are left out: that is the work the split saves.
        EXPECT_EQ(part.rest.grad_output_padded.empty(), !with_pictures);
        EXPECT_EQ(part.rest.grad_output_dilated.empty(), !with_pictures);
        Results<double> merged = r;
        if (with_pictures) {
          MergeBackwardPart(p, std::move(part), merged);
        } else {
          DeltaPictures<double> pictures = MakeDeltaPictures(p.shape, part.grad_output);
          MergeBackwardPart(p, std::move(part), std::move(pictures), merged);
        }
        EXPECT_EQ(merged.loss, want.loss);
        EXPECT_EQ(merged.window_count.values(), want.window_count.values());
        const auto got = testing::NamedTensors(merged), expected = testing::NamedTensors(want);
        for (size_t k = 0; k < got.size(); ++k) {
          SCOPED_TRACE(got[k].first);
          EXPECT_EQ(got[k].second->dims(), expected[k].second->dims());
          EXPECT_EQ(got[k].second->values(), expected[k].second->values());
        }
      }
    }
  }
}

// δ^{l_padding} and pδ by their definitions, cell by cell over the whole
// tensor: δ_{d,i,j} at (i·s1, j·s2), then shifted by (K1−1, K2−1); every
// other cell 0. The engine's one-step pδ is the same tensor.
TEST(RouteAgreement, DilatedAndPaddedDeltaFollowTheirDefinitions) {
  for (const ConvShape& s : SweepShapes()) {
    SCOPED_TRACE(Describe(s));
    const Problem<double> p = MakePresetProblem(s, ValuePreset::kRandom, 3);
    const Tensor<double>& delta = p.loss_tensor;
    const Tensor<double> dilated = DilateGradOutput(s, delta);
    const Tensor<double> padded = PadDilatedGradOutput(s, dilated);
    ASSERT_EQ(dilated.dims(),
              (std::vector<int>{s.c_out, (s.Ho() - 1) * s.s1 + 1, (s.Wo() - 1) * s.s2 + 1}));
    const int k1 = (s.k1 - 1) * s.d1 + 1, k2 = (s.k2 - 1) * s.d2 + 1;
    ASSERT_EQ(padded.dims(), (std::vector<int>{s.c_out, dilated.dim(1) + 2 * (k1 - 1) + s.rho1(),
                                               dilated.dim(2) + 2 * (k2 - 1) + s.rho2()}));
    int wrong = 0;
    for (int d = 0; d < s.c_out; ++d) {
      for (int u = 0; u < dilated.dim(1); ++u)
        for (int v = 0; v < dilated.dim(2); ++v) {
          const bool hit = u % s.s1 == 0 && v % s.s2 == 0;
          wrong += dilated(d, u, v) != (hit ? delta(d, u / s.s1, v / s.s2) : 0.0);
        }
      for (int y = 0; y < padded.dim(1); ++y)
        for (int x = 0; x < padded.dim(2); ++x) {
          const int u = y - (k1 - 1), v = x - (k2 - 1);
          const bool inside = u >= 0 && v >= 0 && u < dilated.dim(1) && v < dilated.dim(2);
          wrong += padded(d, y, x) != (inside ? dilated(d, u, v) : 0.0);
        }
    }
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(DilateAndPadGradOutput(s, delta).values(), padded.values());  // the engine's way
  }
}

}  // namespace
}  // namespace convbp
