// The seed derivation's own example, which a fresh launch opens on: a 1×5×5
// input, one 3×3 kernel, stride 2, no padding, δ given (a 1×2×2 output), all
// small integers, so every number on the canvas can be checked by hand
// against the derivation (tests/data/seed_5x5_k3_s2.case.json holds the
// same values).
#pragma once

#include "problem.h"

namespace convbp::app {

Problem<double> SeedExampleProblem();

}  // namespace convbp::app
