// Central finite differences against the analytic gradients, over a seeded
// sweep of shapes and all three loss kinds, for every cell of input, weight
// and bias. And FiniteDifference (which re-evaluates only the affected output
// cells) against a brute full-recompute difference of LossOfProblem.
#include <gtest/gtest.h>

#include "finite_diff.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::Describe;

constexpr double kEps = 1e-6;
// Every loss is quadratic in each single parameter, so the central difference
// has no truncation error; what is left is rounding, ~1e-16·|L|/ε ≈ 1e-10·|L|.
constexpr double kFdTol = 1e-6;

const LossKind kLosses[] = {LossKind::kHalfSquare, LossKind::kTarget, LossKind::kGivenGrad};

std::vector<ConvShape> FdShapes() {
  std::vector<ConvShape> shapes = testing::EdgeShapes();
  shapes.resize(12);  // drop the two larger ones; cells × windows grows fast
  for (const ConvShape& s : testing::RandomShapes(/*seed=*/777, /*count=*/30, /*max_hw=*/8))
    shapes.push_back(s);
  for (const ConvShape& s : testing::RandomDilatedGroupedShapes(/*seed=*/778, /*count=*/20, 9))
    shapes.push_back(s);
  return shapes;
}

const Tensor<double>& Analytic(const Results<double>& r, ParamTensor which) {
  switch (which) {
    case ParamTensor::kInput: return r.grad_input;
    case ParamTensor::kWeight: return r.grad_weight;
    case ParamTensor::kBias: break;
  }
  return r.grad_bias;
}

TEST(FiniteDifferences, MatchAnalyticGradientsEveryCell) {
  unsigned seed = 100;
  size_t checked = 0;
  for (const ConvShape& s : FdShapes()) {
    for (LossKind loss : kLosses) {
      SCOPED_TRACE(Describe(s) + " loss " + std::to_string(int(loss)));
      const Problem<double> p = testing::RandomProblem<double>(s, loss, seed++);
      const Results<double> r = Compute(p, Route::kDirect);
      for (ParamTensor which : {ParamTensor::kInput, ParamTensor::kWeight, ParamTensor::kBias}) {
        const Tensor<double>& g = Analytic(r, which);
        for (size_t k = 0; k < g.size(); ++k) {
          const double fd = FiniteDifference(p, which, k, kEps);
          ASSERT_NEAR(fd, g[k], kFdTol * std::max(1.0, std::abs(g[k])))
              << ParamTensorName(which) << " flat " << k;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

// The fast path's gradients too (Compute's default route), in double.
TEST(FiniteDifferences, MatchFastRouteGradients) {
  unsigned seed = 900;
  for (const ConvShape& s : FdShapes()) {
    SCOPED_TRACE(Describe(s));
    const Problem<double> p = testing::RandomProblem<double>(s, LossKind::kTarget, seed++);
    const Results<double> r = Compute(p, Route::kFast);
    for (ParamTensor which : {ParamTensor::kInput, ParamTensor::kWeight, ParamTensor::kBias}) {
      const Tensor<double>& g = Analytic(r, which);
      for (size_t k = 0; k < g.size(); ++k)
        ASSERT_NEAR(FiniteDifference(p, which, k, kEps), g[k],
                    kFdTol * std::max(1.0, std::abs(g[k])))
            << ParamTensorName(which) << " flat " << k;
    }
  }
}

// FiniteDifference's shortcut (only the outputs whose window reads the cell)
// against differencing the whole loss, recomputed from scratch.
TEST(FiniteDifferences, LocalShortcutEqualsFullRecompute) {
  unsigned seed = 5000;
  for (const ConvShape& s : FdShapes()) {
    for (LossKind loss : kLosses) {
      SCOPED_TRACE(Describe(s) + " loss " + std::to_string(int(loss)));
      const Problem<double> p = testing::RandomProblem<double>(s, loss, seed++);
      const double loss_value = LossOfProblem(p);
      for (ParamTensor which : {ParamTensor::kInput, ParamTensor::kWeight, ParamTensor::kBias}) {
        Problem<double> q = p;
        Tensor<double>& t = which == ParamTensor::kInput    ? q.input
                            : which == ParamTensor::kWeight ? q.weight
                                                            : q.bias;
        for (size_t k = 0; k < t.size(); ++k) {
          const double original = t[k];
          t[k] = original + kEps;
          const double plus = LossOfProblem(q);
          t[k] = original - kEps;
          const double minus = LossOfProblem(q);
          t[k] = original;
          const double full = (plus - minus) / (2 * kEps);
          // The full difference cancels all of L, not just the affected
          // terms, so its rounding error scales with |L|.
          const double tol = kFdTol * std::max({1.0, std::abs(full), std::abs(loss_value)});
          ASSERT_NEAR(FiniteDifference(p, which, k, kEps), full, tol)
              << ParamTensorName(which) << " flat " << k;
        }
      }
    }
  }
}

}  // namespace
}  // namespace convbp
