// Winograd F(2×2, 3×3) (conv_winograd.h) against the plain loops in double,
// and the rule that decides where the fast path uses it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "conv_direct.h"
#include "conv_fast.h"
#include "conv_winograd.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::Describe;
using testing::MakeShape;

Tensor<double> ToDouble(const Tensor<float>& t) {
  Tensor<double> d(t.dims());
  for (size_t k = 0; k < t.size(); ++k) d[k] = t[k];
  return d;
}

Tensor<double> Abs(const Tensor<double>& t) {
  Tensor<double> a = t;
  for (double& v : a.values()) v = std::abs(v);
  return a;
}

// Each output is a sum of K = 9·C products (C = channels summed over). Our
// bound, per element: |winograd − exact| ≤ κ · u · S, with u = 2⁻²⁴ the
// float unit roundoff and S = Σ |w|·|x| over the element's products (the
// same loops on absolute values). A float dot product of K terms has
// |error| ≤ K·u·S (Higham, §3.1). Winograd adds roundings in the transforms
// and sums transformed values whose magnitudes are larger than the plain
// products': |G g Gᵀ| ≤ 2.25·max|g|, |Bᵀ d B| ≤ 4·max|d| per cell, and Aᵀ(·)A
// sums 9 of the 16 products per output, so each of the C_in-long GEMM sums
// carries up to 81× the per-product magnitude of the direct form before
// cancellation. With random inputs the products' signs cancel, and what
// the published error analyses (Lavin & Gray 2016; Barabasz et al. 2020)
// expect is an error a small multiple of the direct float sum's; on these
// shapes the worst element measured 1.8·u·S forward and 7·u·S for the input
// gradient (K = 18 … 577). We allow κ = 4·K, four times the direct float
// sum's worst case (≥ 10× what we measured). A wrong transform entry or a
// misplaced tile gives errors of order S, 10⁴× over.
template <typename F>
void ExpectWithinBound(const Tensor<float>& got, const Tensor<double>& exact,
                       const Tensor<double>& magnitude, int k_terms, F&& describe) {
  ASSERT_EQ(got.dims(), exact.dims());
  const double u = std::numeric_limits<float>::epsilon() / 2;
  double worst = 0;  // largest error in units of u·S
  for (size_t e = 0; e < got.size(); ++e) {
    const double err = std::abs(double(got[e]) - exact[e]);
    const double bound = 4.0 * k_terms * u * magnitude[e];
    EXPECT_LE(err, bound) << describe() << " element " << e;
    if (err > bound) return;  // one report per tensor
    if (magnitude[e] > 0) worst = std::max(worst, err / (u * magnitude[e]));
  }
  ::testing::Test::RecordProperty("worst_error_in_u_S", std::to_string(worst));
}

std::vector<ConvShape> WinogradShapes() {
  return {
      MakeShape(16, 21, 23, 17, 3, 3, 1, 1, 1, 1),  // odd output both ways, padding
      MakeShape(19, 30, 17, 33, 3, 3, 1, 1),        // channels not a multiple of 16
      MakeShape(64, 20, 19, 64, 3, 3, 1, 1),        // like the benchmark, ragged columns
      MakeShape(17, 9, 10, 18, 3, 3, 1, 1, 2, 2),   // padding 2: frame wider than a tile
      MakeShape(3, 11, 13, 5, 3, 3, 1, 1, 0, 1),    // few channels: last GEMM panels
      MakeShape(8, 3, 3, 2, 3, 3, 1, 1),            // one output: a single ragged tile
      MakeShape(5, 40, 61, 7, 3, 3, 1, 1, 1, 0),    // several blocks of tiles, runs split
  };
}

TEST(Winograd, ForwardMatchesDoubleLoops) {
  std::mt19937 rng(99);
  for (const ConvShape& s : WinogradShapes()) {
    const Tensor<float> pz = testing::RandomTensor<float>(s.PaddedInputDims(), rng);
    const Tensor<float> w = testing::RandomTensor<float>(s.WeightDims(), rng);
    const Tensor<float> b = testing::RandomTensor<float>(std::vector<int>{s.c_out}, rng);
    Tensor<float> z;
    ForwardWinograd(s, pz, w, b, z);
    const Tensor<double> pzd = ToDouble(pz), wd = ToDouble(w), bd = ToDouble(b);
    ExpectWithinBound(z, ForwardDirect(s, pzd, wd, bd),
                      ForwardDirect(s, Abs(pzd), Abs(wd), Abs(bd)), 9 * s.c_in + 1,
                      [&] { return "forward " + Describe(s); });
  }
}

TEST(Winograd, InputGradMatchesDoubleLoops) {
  std::mt19937 rng(100);
  for (const ConvShape& s : WinogradShapes()) {
    const Tensor<float> w = testing::RandomTensor<float>(s.WeightDims(), rng);
    const Tensor<float> delta = testing::RandomTensor<float>(s.OutputDims(), rng);
    Tensor<float> grad(s.PaddedInputDims(), 7.0f);  // stale values must all be overwritten
    InputGradPaddedWinograd(s, w, delta, grad);
    const Tensor<double> wd = ToDouble(w), dd = ToDouble(delta);
    ExpectWithinBound(grad, InputGradPaddedDirect(s, wd, dd),
                      InputGradPaddedDirect(s, Abs(wd), Abs(dd)), 9 * s.c_out,
                      [&] { return "grad_input " + Describe(s); });
  }
}

// The fast path must not take the Winograd route outside its geometry, nor
// in double (whose results stay exact to 1e-12 against the direct loops).
TEST(Winograd, RouteOnlyWhereItApplies) {
  const ConvShape big = MakeShape(64, 56, 56, 64, 3, 3, 1, 1);  // the benchmark's layer
  EXPECT_TRUE(UseWinograd<float>(big));
  EXPECT_TRUE(UseWinograd<float>(MakeShape(64, 56, 56, 64, 3, 3, 1, 1, 1, 1)));  // padded
  EXPECT_FALSE(UseWinograd<double>(big)) << "f64";
  EXPECT_FALSE(UseWinograd<float>(MakeShape(64, 56, 56, 64, 3, 3, 2, 2))) << "stride 2";
  EXPECT_FALSE(UseWinograd<float>(MakeShape(64, 56, 56, 64, 3, 3, 1, 2))) << "stride 1×2";
  EXPECT_FALSE(UseWinograd<float>(testing::WithDilationGroups(big, 2, 2, 1))) << "dilation";
  EXPECT_FALSE(UseWinograd<float>(testing::WithDilationGroups(big, 1, 2, 1))) << "dilation 1×2";
  EXPECT_FALSE(UseWinograd<float>(testing::WithDilationGroups(big, 1, 1, 2))) << "groups";
  EXPECT_FALSE(UseWinograd<float>(testing::WithDilationGroups(big, 1, 1, 64))) << "depthwise";
  EXPECT_FALSE(UseWinograd<float>(MakeShape(64, 56, 56, 64, 5, 5, 1, 1))) << "5×5";
  EXPECT_FALSE(UseWinograd<float>(MakeShape(64, 56, 56, 64, 3, 1, 1, 1))) << "3×1";
  ConvShape transposed = big;
  transposed.mode = ConvMode::kTransposed;
  EXPECT_FALSE(UseWinograd<float>(transposed)) << "transposed";
}

// Through the public fast path on a layer that takes the route: float within
// the bound, and double (never Winograd) exact to 1e-12.
TEST(Winograd, FastPathUsesItInFloatOnly) {
  const ConvShape s = MakeShape(32, 34, 33, 24, 3, 3, 1, 1, 1, 1);
  ASSERT_TRUE(UseWinograd<float>(s));
  std::mt19937 rng(5);
  const Tensor<double> pz = testing::RandomTensor<double>(s.PaddedInputDims(), rng);
  const Tensor<double> w = testing::RandomTensor<double>(s.WeightDims(), rng);
  const Tensor<double> b = testing::RandomTensor<double>(std::vector<int>{s.c_out}, rng);
  const Tensor<double> delta = testing::RandomTensor<double>(s.OutputDims(), rng);
  EXPECT_TRUE(testing::TensorsNear(ForwardFast(s, pz, w, b), ForwardDirect(s, pz, w, b), 1e-12));
  EXPECT_TRUE(testing::TensorsNear(InputGradPaddedFast(s, w, delta),
                                   InputGradPaddedDirect(s, w, delta), 1e-12));
  auto to_float = [](const Tensor<double>& t) {
    Tensor<float> f(t.dims());
    for (size_t k = 0; k < t.size(); ++k) f[k] = static_cast<float>(t[k]);
    return f;
  };
  const Tensor<float> pzf = to_float(pz), wf = to_float(w), bf = to_float(b), df = to_float(delta);
  Tensor<float> z_wino, gi_wino;
  ForwardWinograd(s, pzf, wf, bf, z_wino);
  InputGradPaddedWinograd(s, wf, df, gi_wino);
  // Bit-identical: the fast path's float result is the Winograd one.
  EXPECT_EQ(ForwardFast(s, pzf, wf, bf).values(), z_wino.values());
  EXPECT_EQ(InputGradPaddedFast(s, wf, df).values(), gi_wino.values());
}

}  // namespace
}  // namespace convbp
