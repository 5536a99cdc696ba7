// The value presets (presets.h) against their definition, drawn here
// independently: one std::mt19937_64 sequence seeded with the seed runs
// through x, W, b and then δ (or y), one draw per value; a small integer in
// −r..r is −r + (draw mod (2r + 1)), a real in [−1, 1) is −1 + 2·u with
// u = (draw >> 11)·2⁻⁵³. On a big layer MakePresetProblem has a second
// thread draw the second half of the sequence (after skipping the first),
// so the big shape below checks that the halves meet without a gap, an
// overlap or a value in the wrong tensor.
#include "presets.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "test_support.h"

namespace convbp {
namespace {

// The preset's values by the definition above (δ one-hot for the impulse).
std::vector<std::vector<double>> ByDefinition(const Problem<double>& p, ValuePreset preset,
                                              uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto draw = [&](int range) {
    const uint64_t x = rng();
    if (preset == ValuePreset::kRandom) return -1.0 + 2.0 * (double(x >> 11) * 0x1.0p-53);
    return double(-range + int(x % uint64_t(2 * range + 1)));
  };
  std::vector<std::vector<double>> want;
  const std::pair<const Tensor<double>*, int> order[] = {
      {&p.input, 3}, {&p.weight, 2}, {&p.bias, 1}, {&p.loss_tensor, 2}};
  for (const auto& [tensor, range] : order) {
    want.emplace_back();
    const bool one_hot = tensor == &p.loss_tensor && preset == ValuePreset::kImpulse &&
                         p.loss == LossKind::kGivenGrad;
    for (size_t k = 0; k < tensor->size(); ++k)
      want.back().push_back(one_hot ? double(k == 0) : draw(range));
  }
  return want;
}

TEST(Presets, ValuesFollowOneSequenceOfDraws) {
  const ConvShape small = testing::MakeShape(2, 5, 6, 3, 3, 3, 1, 1);
  const ConvShape big = testing::MakeShape(3, 224, 224, 64, 7, 7, 2, 2);  // 0.9 M values
  for (const ConvShape& shape : {small, big})
    for (ValuePreset preset :
         {ValuePreset::kSmallIntegers, ValuePreset::kRandom, ValuePreset::kImpulse})
      for (LossKind loss : {LossKind::kGivenGrad, LossKind::kTarget, LossKind::kHalfSquare}) {
        SCOPED_TRACE(testing::Describe(shape) + " " + ValuePresetName(preset) + " loss " +
                     std::to_string(int(loss)));
        const uint64_t seed = 20261130;
        const Problem<double> p = MakePresetProblem(shape, preset, seed, loss);
        EXPECT_EQ(p.loss_tensor.empty(), loss == LossKind::kHalfSquare);
        const std::vector<std::vector<double>> want = ByDefinition(p, preset, seed);
        const std::vector<double>* got[] = {&p.input.values(), &p.weight.values(), &p.bias.values(),
                                            &p.loss_tensor.values()};
        for (size_t t = 0; t < 4; ++t) {
          ASSERT_EQ(got[t]->size(), want[t].size()) << "tensor " << t;
          size_t wrong = 0;
          for (size_t k = 0; k < want[t].size(); ++k) wrong += (*got[t])[k] != want[t][k];
          EXPECT_EQ(wrong, 0u) << "tensor " << t << " of " << want[t].size() << " values";
        }
      }
}

}  // namespace
}  // namespace convbp
