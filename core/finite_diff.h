// Central finite differences of the scalar loss L with respect to one
// parameter cell: (L(θ + ε) − L(θ − ε)) / 2ε.
//
// L is a sum of per-output-cell terms, so only the output cells whose
// forward sum reads the perturbed cell can change. We re-evaluate exactly
// those cells with the plain eq-4 loop (no gradient formula is used) and
// difference their loss terms; this equals differencing the whole L but
// costs one window per affected output and loses less to cancellation.
#pragma once

#include "problem.h"

namespace convbp {

enum class ParamTensor { kInput, kWeight, kBias };

const char* ParamTensorName(ParamTensor t);  // "input", "weight", "bias"

template <typename T>
T FiniteDifference(const Problem<T>& problem, ParamTensor which, size_t flat_index, T eps);

// L(θ) by a full forward pass with the plain loops (reference for tests).
template <typename T>
T LossOfProblem(const Problem<T>& problem);

}  // namespace convbp
