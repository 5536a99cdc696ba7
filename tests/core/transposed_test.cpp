// Transposed mode against ConvTranspose2d's own definition, written as
// brute-force loops here (independent of the adjoint-conv relabelling):
//   y[o, i·s1 − p1 + m·D1, j·s2 − p2 + n·D2] += x[c, i, j] · W[c, o', m, n]
// for input channel c, output channel o = γ·C_out/g + o' of c's group γ,
// dropping positions outside the output; then + b. Every route must agree,
// and finite differences must match every gradient.
#include "transposed.h"

#include <gtest/gtest.h>

#include "finite_diff.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::AllRoutes;
using testing::TensorsNear;

ConvShape Transposed(int c_in, int h, int w, int c_out, int k1, int k2, int s1, int s2, int p1,
                     int p2, int op1, int op2, int d1, int d2, int g) {
  ConvShape s = testing::MakeShape(c_in, h, w, c_out, k1, k2, s1, s2, p1, p2);
  s.mode = ConvMode::kTransposed;
  s.op1 = op1, s.op2 = op2, s.d1 = d1, s.d2 = d2, s.groups = g;
  return s;
}

Tensor<double> BruteTransposed(const Problem<double>& p) {
  const ConvShape& s = p.shape;
  Tensor<double> y(s.OutputDims());
  const int cig = s.c_in / s.groups, cog = s.c_out / s.groups;
  for (int c = 0; c < s.c_in; ++c)
    for (int oo = 0; oo < cog; ++oo)
      for (int i = 0; i < s.h; ++i)
        for (int j = 0; j < s.w; ++j)
          for (int m = 0; m < s.k1; ++m)
            for (int n = 0; n < s.k2; ++n) {
              const int yy = i * s.s1 - s.p1 + m * s.d1, xx = j * s.s2 - s.p2 + n * s.d2;
              if (yy < 0 || xx < 0 || yy >= y.dim(1) || xx >= y.dim(2)) continue;
              y(c / cig * cog + oo, yy, xx) += p.input(c, i, j) * p.weight(c, oo, m, n);
            }
  for (int o = 0; o < s.c_out; ++o)
    for (int a = 0; a < y.dim(1); ++a)
      for (int b = 0; b < y.dim(2); ++b) y(o, a, b) += p.bias(o);
  return y;
}

std::vector<ConvShape> Shapes() {
  return {
      Transposed(1, 3, 3, 1, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1),  // the seed's gradient
      Transposed(2, 3, 4, 3, 3, 2, 3, 3, 1, 0, 0, 0, 1, 1, 1),  // op = 0 for s = 3
      Transposed(2, 3, 4, 3, 3, 2, 3, 3, 1, 0, 1, 1, 1, 1, 1),  // op = 1
      Transposed(2, 3, 4, 3, 3, 2, 3, 3, 1, 0, 2, 2, 1, 1, 1),  // op = 2
      Transposed(4, 4, 3, 6, 3, 3, 2, 1, 1, 1, 1, 0, 2, 2, 2),  // dilation and groups
      Transposed(2, 4, 4, 2, 2, 3, 1, 1, 0, 1, 1, 2, 2, 3, 2),  // op ≥ s (allowed as D > s)
      Transposed(3, 5, 4, 3, 3, 3, 2, 2, 2, 1, 1, 0, 1, 1, 3),  // depthwise, cropped
  };
}

TEST(Transposed, EveryRouteMatchesTheDefinition) {
  unsigned seed = 9;
  for (const ConvShape& s : Shapes()) {
    SCOPED_TRACE(testing::Describe(s));
    ASSERT_EQ(ValidateShape(s), "");
    for (LossKind loss : {LossKind::kHalfSquare, LossKind::kTarget}) {
      const Problem<double> p = testing::RandomProblem<double>(s, loss, seed++);
      const Tensor<double> want = BruteTransposed(p);
      for (Route route : AllRoutes()) {
        SCOPED_TRACE(testing::RouteName(route));
        const TransposedResults<double> r = ComputeTransposed(p, route);
        EXPECT_TRUE(TensorsNear(r.output, want, 1e-12));
        // Gradients: central differences of the loss, every cell.
        for (auto [which, g] : {std::pair{ParamTensor::kInput, &r.grad_input},
                                std::pair{ParamTensor::kWeight, &r.grad_weight},
                                std::pair{ParamTensor::kBias, &r.grad_bias}})
          for (size_t k = 0; k < g->size(); ++k)
            ASSERT_NEAR(FiniteDifference(p, which, k, 1e-6), (*g)[k],
                        1e-6 * std::max(1.0, std::abs((*g)[k])))
                << ParamTensorName(which) << " " << k;
      }
    }
  }
}

TEST(Transposed, OutputPaddingIsRefusedFromMaxOfStrideAndDilation) {
  EXPECT_EQ(ValidateShape(Transposed(1, 3, 3, 1, 3, 3, 3, 3, 0, 0, 2, 2, 1, 1, 1)), "");
  const std::string why = ValidateShape(Transposed(1, 3, 3, 1, 3, 3, 3, 3, 0, 0, 3, 0, 1, 1, 1));
  EXPECT_NE(why.find("output_padding"), std::string::npos) << why;
  EXPECT_NE(why.find("max(s1, D1) = 3"), std::string::npos) << why;
  EXPECT_EQ(ValidateShape(Transposed(1, 3, 3, 1, 3, 3, 1, 1, 0, 0, 2, 0, 3, 1, 1)), "");
  EXPECT_NE(ValidateShape(Transposed(1, 3, 3, 1, 3, 3, 1, 1, 0, 0, 3, 0, 3, 1, 1)), "");
}

TEST(ValidateShape, NamesDilationGroupsAndExtent) {
  ConvShape s = testing::MakeShape(4, 6, 6, 6, 3, 3, 1, 1);
  s.d1 = 0;
  EXPECT_NE(ValidateShape(s).find("dilation D1"), std::string::npos);
  s.d1 = 1, s.d2 = -2;
  EXPECT_NE(ValidateShape(s).find("dilation D2"), std::string::npos);
  s.d2 = 1, s.groups = 3;  // divides C_out = 6, not C_in = 4
  EXPECT_NE(ValidateShape(s).find("groups = 3 must divide"), std::string::npos);
  s.groups = 2, s.d1 = 3;  // (3−1)·3+1 = 7 > 6
  const std::string why = ValidateShape(s);
  EXPECT_NE(why.find("dilation D1 = 3 spans (k1−1)·D1+1 = 7"), std::string::npos) << why;
  s.d1 = 2;
  EXPECT_EQ(ValidateShape(s), "");
}

}  // namespace
}  // namespace convbp
