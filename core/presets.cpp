#include "presets.h"

#include <algorithm>
#include <random>
#include <vector>

#include "threads.h"

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
  // As if `draws` values had been drawn (libstdc++ and libc++ skip whole
  // blocks of the engine's state: a fraction of drawing them).
  void Skip(uint64_t draws) { rng_.discard(draws); }
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

// A tensor the preset fills, and the integer range of its values.
struct Drawn {
  Tensor<double>* tensor;
  int int_range;
};

// Draws values [begin, end) of the sequence that runs through `drawn` in
// order (one draw per value), into their cells.
void FillDraws(const std::vector<Drawn>& drawn, ValuePreset preset, uint64_t seed, size_t begin,
               size_t end) {
  Values v(seed);
  v.Skip(begin);
  size_t first = 0;  // the sequence's index of the current tensor's cell 0
  for (const Drawn& d : drawn) {
    Tensor<double>& t = *d.tensor;
    const size_t from = std::max(begin, first), to = std::min(end, first + t.size());
    for (size_t k = from; k < to; ++k)
      t[k - first] =
          preset == ValuePreset::kRandom ? v.Real(-1, 1) : v.Integer(-d.int_range, d.int_range);
    first += t.size();
  }
}

// Below this many values one thread draws them all: a second one costs
// more to start than it saves.
constexpr size_t kParallelDraws = size_t{1} << 17;

}  // namespace

Problem<double> MakePresetProblem(const ConvShape& shape, ValuePreset preset, uint64_t seed,
                                  LossKind loss) {
  Problem<double> p = ZeroProblem<double>(shape, loss);
  // One sequence of draws: x, W, b, then δ or y.
  std::vector<Drawn> drawn = {{&p.input, 3}, {&p.weight, 2}, {&p.bias, 1}};
  const bool impulse_delta = preset == ValuePreset::kImpulse && loss == LossKind::kGivenGrad;
  if (loss != LossKind::kHalfSquare && !impulse_delta) drawn.push_back({&p.loss_tensor, 2});
  size_t draws = 0;
  for (const Drawn& d : drawn) draws += d.tensor->size();
  // On a big layer a second thread draws the second half of the sequence,
  // after skipping the first: the same values, in ~60 % of the time
  // (3×224×224 → 64 k7 s2, δ given: 0.9 M values).
  InTwoHalves<size_t>(draws >= kParallelDraws, 0, draws / 2, draws, [&](size_t begin, size_t end) {
    FillDraws(drawn, preset, seed, begin, end);
  });
  if (impulse_delta)
    p.loss_tensor[0] = 1;  // δ_{0,0,0} = 1: the gradient shows one window's footprint
  return p;
}

}  // namespace convbp
