// Transposed mode (PyTorch's ConvTranspose2d), computed through the conv
// machinery with its tensors relabelled.
//
// A transposed layer with input x (C_in × H × W), weight W (C_in × C_out/g
// × k1 × k2), bias b, stride s, padding p, output_padding op, dilation D and
// groups g is the input gradient of the conv shape.Adjoint(): that conv has
// C_out input channels of size TransposedOut, C_in output channels, and the
// very same weight tensor in its own OIHW layout. Its forward pass is eq 8
// applied to x in the place of δ — zero insertion, the K−1 frame (+ ρ = op
// at the bottom/right), the rotated dilated kernel, the slide — then the
// crop of eq 9, plus b:
//   y = crop(∂L/∂pz of the adjoint conv with δ = x) + b.
// Its backward pass is the adjoint conv's other two equations: with
// g_y = ∂L/∂y playing the adjoint conv's input,
//   ∂L/∂x = adjoint forward (eq 4, no bias) of g_y   — a plain strided conv,
//   ∂L/∂W = adjoint weight gradient (eq 5) of g_y and δ = x,
//   ∂L/∂b = Σ_{i,j} g_y.
// So ComputeTransposed fills the adjoint conv's whole Problem/Results —
// every intermediate the step model and the app show — and reads the
// transposed layer's tensors off them:
//   adjoint.input = ∂L/∂y, adjoint.weight = W, adjoint.bias = 0,
//   adjoint.loss = kGivenGrad with δ = x (plus op div s zero rows/columns
//   when op ≥ s, which happens only with D > s);
//   adjoint_results.grad_input = y − b, .grad_input_padded = y before the
//   crop, .grad_output_dilated / _padded = x zero-inserted / framed,
//   .output = ∂L/∂x (plus those zero rows), .grad_weight = ∂L/∂W.
#pragma once

#include "engine.h"

namespace convbp {

template <typename T>
struct TransposedResults {
  T loss = 0;
  Tensor<T> output;            // y                 C_out × H_out × W_out
  Tensor<T> grad_output;       // ∂L/∂y             C_out × H_out × W_out
  Tensor<T> grad_input;        // ∂L/∂x             C_in × H × W
  Tensor<T> grad_weight;       // ∂L/∂W             C_in × C_out/g × k1 × k2
  Tensor<T> grad_bias;         // ∂L/∂b             C_out
  Problem<T> adjoint;          // the conv whose eq 8 is this layer's forward
  Results<T> adjoint_results;  // its tensors (the intermediates above)
};

// y = conv_transpose2d(x, W, b) by the route's eq-8 machinery.
// Precondition: problem.shape.mode == kTransposed and both validations pass.
template <typename T>
Tensor<T> TransposedForward(const Problem<T>& problem, Route route = Route::kFast);

template <typename T>
TransposedResults<T> ComputeTransposed(const Problem<T>& problem, Route route = Route::kFast);

}  // namespace convbp
