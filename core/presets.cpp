#include "presets.h"

#include <random>

namespace convbp {

const char* ValuePresetName(ValuePreset p) {
  switch (p) {
    case ValuePreset::kSmallIntegers: return "int";
    case ValuePreset::kRandom: return "random";
    case ValuePreset::kImpulse: return "impulse";
  }
  return "?";
}

std::optional<ValuePreset> ParseValuePreset(std::string_view name) {
  for (ValuePreset p : {ValuePreset::kSmallIntegers, ValuePreset::kRandom, ValuePreset::kImpulse})
    if (name == ValuePresetName(p)) return p;
  return std::nullopt;
}

namespace {

// std::mt19937_64 output is specified by the standard, so a seed gives the
// same values on every platform; the distributions are written out by hand
// for the same reason (std::uniform_*_distribution is implementation-defined).
// x mod span. The presets' spans (2·range + 1 for ranges 1–3) are spelled
// out as constants, which the compiler turns into a multiply instead of a
// 64-bit division: the same values, several times faster on a big layer.
uint64_t Remainder(uint64_t x, uint64_t span) {
  switch (span) {
    case 3: return x % 3;
    case 5: return x % 5;
    case 7: return x % 7;
    default: return x % span;
  }
}

class Values {
 public:
  explicit Values(uint64_t seed) : rng_(seed) {}
  double Integer(int lo, int hi) {
    const uint64_t span = static_cast<uint64_t>(int64_t{hi} - lo + 1);  // no int overflow
    return static_cast<double>(lo + static_cast<int>(Remainder(rng_(), span)));
  }
  double Real(double lo, double hi) {
    const double unit = static_cast<double>(rng_() >> 11) * 0x1.0p-53;  // [0, 1)
    return lo + (hi - lo) * unit;
  }

 private:
  std::mt19937_64 rng_;
};

void FillTensor(Tensor<double>& t, Values& v, ValuePreset preset, int int_range) {
  for (size_t k = 0; k < t.size(); ++k)
    t[k] = preset == ValuePreset::kRandom ? v.Real(-1, 1) : v.Integer(-int_range, int_range);
}

}  // namespace

Problem<double> MakePresetProblem(const ConvShape& shape, ValuePreset preset, uint64_t seed,
                                  LossKind loss) {
  Problem<double> p = ZeroProblem<double>(shape, loss);
  Values v(seed);
  FillTensor(p.input, v, preset, 3);
  FillTensor(p.weight, v, preset, 2);
  FillTensor(p.bias, v, preset, 1);
  if (loss == LossKind::kHalfSquare) return p;
  if (preset == ValuePreset::kImpulse && loss == LossKind::kGivenGrad) {
    p.loss_tensor.Fill(0);
    p.loss_tensor[0] = 1;  // δ_{0,0,0} = 1: the gradient shows one window's footprint
  } else {
    FillTensor(p.loss_tensor, v, preset, 2);
  }
  return p;
}

}  // namespace convbp
