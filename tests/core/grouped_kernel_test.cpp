// The grouped/depthwise row kernels (conv_grouped.h) against the plain loops
// of conv_direct.h, called directly (conv_fast.h routes to them only for
// some shapes). Shapes: depthwise with channel multiplier, ragged rows
// (widths that are not a multiple of the vector length), padding, strides
// with a remainder ρ, dilation, and rectangular kernels.
#include <gtest/gtest.h>

#include <random>

#include "conv_derived.h"
#include "conv_direct.h"
#include "conv_grouped.h"
#include "test_support.h"

namespace convbp {
namespace {

using testing::Describe;
using testing::MakeShape;
using testing::TensorsNear;
using testing::WithDilationGroups;

template <typename T>
constexpr double kTol = sizeof(T) == 4 ? 1e-4 : 1e-12;

std::vector<ConvShape> GroupedShapes() {
  return {
      WithDilationGroups(MakeShape(32, 56, 56, 32, 3, 3, 1, 1), 1, 1, 32),      // the bench's
      WithDilationGroups(MakeShape(5, 19, 37, 10, 3, 3, 1, 1, 1, 1), 1, 1, 5),  // multiplier 2
      WithDilationGroups(MakeShape(4, 23, 21, 4, 5, 3, 2, 3, 2, 1), 1, 1, 4),   // strides, ρ
      WithDilationGroups(MakeShape(6, 17, 40, 6, 3, 3, 1, 1, 0, 2), 2, 3, 6),   // dilation
      WithDilationGroups(MakeShape(6, 20, 20, 9, 2, 4, 3, 1, 1, 0), 2, 1, 3),   // 2 in, 3 out
      WithDilationGroups(MakeShape(8, 9, 70, 4, 1, 1, 1, 1), 1, 1, 2),          // 4 in per group
      WithDilationGroups(MakeShape(3, 1, 1, 3, 1, 1, 1, 1), 1, 1, 3),           // one cell
  };
}

template <typename T>
class GroupedKernels : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(GroupedKernels, Types);

TYPED_TEST(GroupedKernels, MatchPlainLoops) {
  using T = TypeParam;
  std::mt19937 rng(99);
  for (const ConvShape& s : GroupedShapes()) {
    SCOPED_TRACE(Describe(s));
    ASSERT_EQ(ValidateShape(s), "");
    EXPECT_TRUE(UseGroupedRowKernels(s));
    const Tensor<T> pz = testing::RandomTensor<T>(s.PaddedInputDims(), rng);
    const Tensor<T> w = testing::RandomTensor<T>(s.WeightDims(), rng);
    const Tensor<T> b = testing::RandomTensor<T>(std::vector<int>{s.c_out}, rng);
    const Tensor<T> delta = testing::RandomTensor<T>(s.OutputDims(), rng);
    EXPECT_TRUE(TensorsNear(ForwardGrouped(s, pz, w, b), ForwardDirect(s, pz, w, b), kTol<T>))
        << "forward";
    EXPECT_TRUE(TensorsNear(WeightGradGrouped(s, s.k1, s.k2, pz, delta),
                            WeightGradDirect(s, pz, delta), kTol<T>))
        << "grad_weight";
    EXPECT_TRUE(
        TensorsNear(WeightGradGrouped(s, s.WeightPositionsH(), s.WeightPositionsW(), pz, delta),
                    WeightPositionsDerived(s, pz, DilateGradOutput(s, delta)), kTol<T>))
        << "weight positions";
    EXPECT_TRUE(TensorsNear(InputGradPaddedGrouped(s, w, delta), InputGradPaddedDirect(s, w, delta),
                            kTol<T>))
        << "grad_input_padded";
  }
}

}  // namespace
}  // namespace convbp
