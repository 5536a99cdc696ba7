// A conv layer problem: shape, parameter values and the loss that defines δ^l.
#pragma once

#include <string>

#include "shape.h"
#include "tensor.h"

namespace convbp {

// How the output gradient δ^l = ∂L/∂z^l is obtained.
enum class LossKind {
  kHalfSquare,  // L = ½‖z‖²,      δ = z          (default, nothing given)
  kTarget,      // L = ½‖z − y‖²,  δ = z − y      (MSE against a target y)
  kGivenGrad,   // L = Σ z·g,      δ = g          (the user gives δ directly)
};

template <typename T>
struct Problem {
  ConvShape shape;
  Tensor<T> input;   // C_in × H × W
  Tensor<T> weight;  // C_out × C_in/g × k1 × k2 (transposed: C_in × C_out/g × k1 × k2)
  Tensor<T> bias;    // C_out
  LossKind loss = LossKind::kHalfSquare;
  // shape.OutputDims(): the target y for kTarget, the given δ for
  // kGivenGrad, empty for kHalfSquare.
  Tensor<T> loss_tensor;
};

// "" when every tensor has the dims `problem.shape` implies and every value
// is finite; otherwise one line naming the tensor and what is wrong.
// The shape itself must already pass ValidateShape.
template <typename T>
std::string ValidateProblemTensors(const Problem<T>& problem);

// A problem of the given shape with zero-filled tensors of the right dims.
template <typename T>
Problem<T> ZeroProblem(const ConvShape& shape, LossKind loss = LossKind::kHalfSquare);

}  // namespace convbp
