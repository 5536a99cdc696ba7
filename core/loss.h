// The scalar loss L(z) and its gradient δ^l = ∂L/∂z^l.
#pragma once

#include "problem.h"

namespace convbp {

// L for output z under the problem's loss kind:
//   kHalfSquare ½Σ z²,  kTarget ½Σ (z − y)²,  kGivenGrad Σ z·g.
template <typename T>
T LossValue(const Problem<T>& problem, const Tensor<T>& z);

// The same loss restricted to one output cell (L is a sum over cells).
template <typename T>
T LossTermAt(const Problem<T>& problem, size_t flat_output_index, T z_value);

// δ^l = ∂L/∂z: z, z − y, or g.
template <typename T>
Tensor<T> LossGrad(const Problem<T>& problem, const Tensor<T>& z);

}  // namespace convbp
