// Value presets for a problem of a given shape, shared by the app, its
// headless flags and the tests. Every preset is deterministic in `seed`.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "problem.h"

namespace convbp {

enum class ValuePreset {
  kSmallIntegers,  // inputs in −3..3, weights in −2..2, δ in −2..2: mental arithmetic
  kRandom,         // uniform reals in [−1, 1]
  kImpulse,        // small-integer input and weights, δ one-hot at cell (0,0,0)
};

const char* ValuePresetName(ValuePreset p);  // "int", "random", "impulse"
std::optional<ValuePreset> ParseValuePreset(std::string_view name);

// A problem of `shape` with the loss `loss` (kGivenGrad gives δ directly,
// kTarget gives a target y, kHalfSquare neither) and values from `preset`.
// Precondition: ValidateShape(shape) == "".
Problem<double> MakePresetProblem(const ConvShape& shape, ValuePreset preset, uint64_t seed,
                                  LossKind loss = LossKind::kGivenGrad);

}  // namespace convbp
