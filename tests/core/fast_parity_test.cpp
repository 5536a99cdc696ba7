// The fast path (conv_fast.h) against its plain-loop twins (conv_direct.h,
// and the derived eq-5 positions), in float and double. The shapes include
// the four benchmark geometries at reduced size, so every specialised branch
// of the fast path (1×1 stride 1, stride 1, strided, blocked) is exercised.
#include <gtest/gtest.h>

#include "conv_derived.h"
#include "conv_direct.h"
#include "conv_fast.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::Describe;
using testing::MakeShape;
using testing::TensorsNear;

template <typename T>
constexpr double kParityTol = sizeof(T) == 4 ? 1e-4 : 1e-12;

std::vector<ConvShape> ParityShapes() {
  std::vector<ConvShape> shapes = testing::EdgeShapes();
  for (const ConvShape& s : testing::RandomShapes(/*seed=*/31337, /*count=*/40, /*max_hw=*/14))
    shapes.push_back(s);
  for (const ConvShape& s : testing::DilationGroupEdgeShapes()) shapes.push_back(s);
  for (const ConvShape& s : testing::RandomDilatedGroupedShapes(/*seed=*/4242, /*count=*/40, 16))
    shapes.push_back(s);
  // The compare_torch shapes: depthwise, and strided with dilation 2.
  shapes.push_back(testing::WithDilationGroups(MakeShape(32, 56, 56, 32, 3, 3, 1, 1), 1, 1, 32));
  shapes.push_back(testing::WithDilationGroups(MakeShape(16, 64, 64, 32, 3, 3, 2, 2), 2, 2, 1));
  // Larger geometries like the benchmarks', big enough to span several
  // column tiles of the fast path.
  shapes.push_back(MakeShape(3, 7, 7, 2, 3, 3, 2, 2));           // bench shape 1, exact
  shapes.push_back(MakeShape(16, 32, 32, 32, 3, 3, 2, 2));       // like bench shape 2
  shapes.push_back(MakeShape(3, 70, 66, 64, 7, 7, 2, 2));        // like bench shape 3
  shapes.push_back(MakeShape(64, 20, 19, 64, 3, 3, 1, 1));       // like bench shape 4
  shapes.push_back(MakeShape(8, 40, 33, 16, 1, 1, 1, 1));        // 1×1 stride 1
  shapes.push_back(MakeShape(8, 40, 33, 16, 1, 1, 1, 1, 1, 2));  // … with padding
  shapes.push_back(MakeShape(5, 50, 47, 7, 3, 5, 1, 1, 1, 2));   // stride 1, rect kernel
  shapes.push_back(MakeShape(5, 50, 47, 7, 4, 2, 3, 2, 1, 0));   // strided, rect, ρ
  shapes.push_back(MakeShape(3, 17, 260, 4, 3, 3, 1, 1));        // wide rows
  shapes.push_back(MakeShape(2, 260, 5, 3, 2, 2, 1, 1));         // tall, narrow
  // Channel counts that reach every register-tile variant: a last panel of
  // 6 or 5 rows (C_out or C_in = 6, 13/14), and 3 vectors of output
  // channels in the weight gradient (C_out = 40 in float).
  shapes.push_back(MakeShape(6, 11, 12, 6, 3, 3, 1, 1));
  shapes.push_back(MakeShape(13, 9, 10, 14, 2, 3, 2, 1));
  shapes.push_back(MakeShape(3, 12, 12, 40, 3, 3, 1, 1, 1, 1));
  // δ frames over a block (512 KiB in float, 2 MB in double): the input
  // gradient frames δ in blocks of output channels and sums the blocks
  // (5–9 blocks in float, 3 in double).
  shapes.push_back(MakeShape(2, 260, 260, 9, 3, 3, 1, 1));
  shapes.push_back(MakeShape(2, 300, 300, 24, 3, 3, 2, 2));
  // Rows of ≥ 96 outputs and C_out a whole number of vectors: the weight
  // gradient's δᵀ chunks are single real rows, written without zeroing,
  // their last ragged columns by blocks that read on into δ's next row
  // (and cell by cell at δ's very end).
  shapes.push_back(MakeShape(2, 9, 205, 32, 3, 3, 2, 2));
  return shapes;
}

template <typename T>
class FastParity : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(FastParity, Types);

// The forward on two threads (the engine's, on big layers) splits the
// output grid between them: every shape gives the one-thread values bit for
// bit — a cell computed by neither thread, or by both with different tiles,
// would show here.
TYPED_TEST(FastParity, TwoThreadForwardIsTheOneThreadForward) {
  using T = TypeParam;
  std::mt19937 rng(77);
  int split = 0;
  for (const ConvShape& s : ParityShapes()) {
    SCOPED_TRACE(Describe(s));
    const Tensor<T> pz = testing::RandomTensor<T>(s.PaddedInputDims(), rng);
    const Tensor<T> w = testing::RandomTensor<T>(s.WeightDims(), rng);
    const Tensor<T> b = testing::RandomTensor<T>(std::vector<int>{s.c_out}, rng);
    const Tensor<T> one = ForwardFast(s, pz, w, b, 1);
    Tensor<T> two(s.OutputDims(), T(12345));  // stale values a missed cell would keep
    ForwardFastInto(s, pz, w, b, two, 2);
    EXPECT_EQ(one.dims(), two.dims());
    EXPECT_EQ(one.values(), two.values());
    split += s.groups == 1;
  }
  EXPECT_GT(split, 40);  // most shapes take the split path's branch
}

TYPED_TEST(FastParity, MatchesPlainLoops) {
  using T = TypeParam;
  std::mt19937 rng(2024);
  for (const ConvShape& s : ParityShapes()) {
    SCOPED_TRACE(Describe(s));
    const Tensor<T> pz = testing::RandomTensor<T>(s.PaddedInputDims(), rng);
    const Tensor<T> w = testing::RandomTensor<T>(s.WeightDims(), rng);
    const Tensor<T> b = testing::RandomTensor<T>(std::vector<int>{s.c_out}, rng);
    const Tensor<T> delta = testing::RandomTensor<T>(s.OutputDims(), rng);
    EXPECT_TRUE(TensorsNear(ForwardFast(s, pz, w, b), ForwardDirect(s, pz, w, b), kParityTol<T>))
        << "forward";
    EXPECT_TRUE(
        TensorsNear(WeightGradFast(s, pz, delta), WeightGradDirect(s, pz, delta), kParityTol<T>))
        << "grad_weight";
    EXPECT_TRUE(TensorsNear(WeightPositionsFast(s, pz, delta),
                            WeightPositionsDerived(s, pz, DilateGradOutput(s, delta)),
                            kParityTol<T>))
        << "weight positions";
    EXPECT_TRUE(TensorsNear(InputGradPaddedFast(s, w, delta), InputGradPaddedDirect(s, w, delta),
                            kParityTol<T>))
        << "grad_input_padded";
  }
}

// The fast path may keep scratch buffers between calls; a call with a new
// shape must not see stale data from the previous one, and repeating a call
// gives bit-identical results.
TYPED_TEST(FastParity, RepeatedCallsAreIndependent) {
  using T = TypeParam;
  std::mt19937 rng(7);
  const ConvShape big = MakeShape(16, 32, 32, 32, 3, 3, 2, 2);
  const ConvShape small = MakeShape(2, 9, 10, 2, 2, 2, 3, 3);
  for (const ConvShape& s : {big, small, big}) {
    SCOPED_TRACE(Describe(s));
    const Tensor<T> pz = testing::RandomTensor<T>(s.PaddedInputDims(), rng);
    const Tensor<T> w = testing::RandomTensor<T>(s.WeightDims(), rng);
    const Tensor<T> delta = testing::RandomTensor<T>(s.OutputDims(), rng);
    const Tensor<T> gi = InputGradPaddedFast(s, w, delta);
    EXPECT_EQ(gi.values(), InputGradPaddedFast(s, w, delta).values());
    EXPECT_TRUE(TensorsNear(gi, InputGradPaddedDirect(s, w, delta), kParityTol<T>));
    const Tensor<T> gw = WeightGradFast(s, pz, delta);
    EXPECT_EQ(gw.values(), WeightGradFast(s, pz, delta).values());
    EXPECT_TRUE(TensorsNear(gw, WeightGradDirect(s, pz, delta), kParityTol<T>));
  }
}

// The *Into variants reuse a caller's tensor of the right dims whatever it
// holds (stale values must not leak into cells the kernel does not write:
// the ρ remainder of the input gradient), and replace one of other dims.
TYPED_TEST(FastParity, IntoReusesOrReplacesTheCallersTensor) {
  using T = TypeParam;
  std::mt19937 rng(11);
  const ConvShape s = MakeShape(3, 17, 16, 5, 3, 3, 2, 2);  // ρ = 0 × 1
  ASSERT_GT(s.rho2(), 0);
  const Tensor<T> pz = testing::RandomTensor<T>(s.PaddedInputDims(), rng);
  const Tensor<T> w = testing::RandomTensor<T>(s.WeightDims(), rng);
  const Tensor<T> b = testing::RandomTensor<T>(std::vector<int>{s.c_out}, rng);
  const Tensor<T> delta = testing::RandomTensor<T>(s.OutputDims(), rng);
  Tensor<T> z(s.OutputDims(), T(7)), gi(s.PaddedInputDims(), T(7));
  const T* z_storage = z.data();
  ForwardFastInto(s, pz, w, b, z);
  InputGradPaddedFastInto(s, w, delta, gi);
  EXPECT_EQ(z.data(), z_storage);
  EXPECT_TRUE(TensorsNear(z, ForwardDirect(s, pz, w, b), kParityTol<T>));
  EXPECT_TRUE(TensorsNear(gi, InputGradPaddedDirect(s, w, delta), kParityTol<T>));
  Tensor<T> wrong(std::vector<int>{2, 2, 2}, T(7));
  ForwardFastInto(s, pz, w, b, wrong);
  EXPECT_TRUE(TensorsNear(wrong, ForwardDirect(s, pz, w, b), kParityTol<T>));
}

}  // namespace
}  // namespace convbp
