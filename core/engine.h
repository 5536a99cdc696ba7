// One call computes every tensor the app, the CLI and the step model show.
#pragma once

#include "problem.h"

namespace convbp {

// Which route produces the main results. All routes agree to rounding; the
// tests compare them. kFast is the default for anything interactive.
enum class Route {
  kDirect,   // plain loops over the definitions (conv_direct.h)
  kDerived,  // dilate → pad → rotate → correlate (conv_derived.h)
  kScatter,  // input gradient by scattering δ·W windows; rest direct
  kFast,     // shifted-GEMM direct convolution (conv_fast.h)
  kMatrix,   // z = C·vec(pz) + b, ∂L/∂pz = Cᵀ·vec(δ), ∂L/∂W over C's entries
             // (matrix/matrix_route.h; C is the unrolled layer)
};

template <typename T>
struct Results {
  T loss = 0;
  Tensor<T> input_padded;         // pz                 C_in × Hp × Wp
  Tensor<T> output;               // z^l                C_out × H' × W'
  Tensor<T> grad_output;          // δ^l                C_out × H' × W'
  Tensor<T> grad_output_dilated;  // δ^{l_padding}      C_out × (H'−1)s1+1 × (W'−1)s2+1
  Tensor<T> grad_output_padded;   // pδ                 C_out × Hp+K1−1 × Wp+K2−1
  Tensor<T> weight_rot180;        // rot180 W           C_out × C_in/g × k1 × k2
  Tensor<T> weight_positions;     // eq-5 correlation   C_out × C_in/g × k1+ρ1/D1 × k2+ρ2/D2
  Tensor<T> grad_weight;          // ∂L/∂W              C_out × C_in/g × k1 × k2
  Tensor<T> grad_bias;            // ∂L/∂b              C_out
  Tensor<T> grad_input_padded;    // ∂L/∂pz             C_in × Hp × Wp
  Tensor<T> grad_input;           // δ^{l-1}            C_in × H × W
  Tensor<T> window_count;         // windows reading pz 1 × Hp × Wp (WindowCountMap, geometry.h)
};

// Precondition: ValidateShape(problem.shape) and ValidateProblemTensors
// both returned "" (asserted in debug builds), and the shape is a conv
// (transposed layers go through ComputeTransposed, transposed.h).
template <typename T>
Results<T> Compute(const Problem<T>& problem, Route route = Route::kFast);

// Compute in two parts, for a caller that shows the forward pass before
// the backward one is ready (the app on big layers):
//   ComputeForward fills pz, z, the loss, δ and window_count only;
//   ComputeBackward reads those (and problem.weight) and returns the rest,
//   which MergeBackward moves into the forward part's Results.
// Compute(p) = ComputeForward, then ComputeBackward and MergeBackward.
// ComputeBackward only reads its arguments, so it may run on another thread
// while nobody writes them.
template <typename T>
struct BackwardResults {
  Tensor<T> grad_output_dilated, grad_output_padded, weight_rot180, weight_positions, grad_weight,
      grad_bias, grad_input_padded, grad_input;
};

template <typename T>
Results<T> ComputeForward(const Problem<T>& problem, Route route = Route::kFast);
// ComputeForward = ComputeOutput (pz and z only: what a picture of the
// forward pass needs first), then FinishForward (the loss, δ and
// window_count, read from problem and results.output, written into results).
template <typename T>
Results<T> ComputeOutput(const Problem<T>& problem, Route route = Route::kFast);
template <typename T>
void FinishForward(const Problem<T>& problem, Results<T>& results);
template <typename T>
BackwardResults<T> ComputeBackward(const Problem<T>& problem, const Results<T>& forward,
                                   Route route = Route::kFast);
template <typename T>
void MergeBackward(BackwardResults<T>&& backward, Results<T>& results);

// The same split for a caller that shows the forward half first and then
// runs the backward half on another thread (the app): everything Compute
// adds to ComputeOutput's pz and z, held apart from `results` so the
// helper writes nothing the caller reads; MergeBackwardPart moves it in
// and adds the loss (read from z).
template <typename T>
struct BackwardPart {
  Tensor<T> grad_output, window_count;  // δ^l, and the windows reading each pz cell
  BackwardResults<T> rest;
};
// The two pictures of δ that eq 8's derivation draws: δ with s − 1 zeros
// inserted between its cells (grad_output_dilated) and that framed by
// k − 1 zeros, pδ (grad_output_padded). On a big layer they are mostly
// zeros and about half of the backward pass's memory traffic (3×224×224 →
// 64 k7 s2: 51 MB written), and the fast route's gradients never read them.
template <typename T>
struct DeltaPictures {
  Tensor<T> dilated, padded;
};
template <typename T>
DeltaPictures<T> MakeDeltaPictures(const ConvShape& shape, const Tensor<T>& delta);

// What the backward half makes: everything, or (kWithoutDeltaPictures)
// everything but the pictures of δ, which the caller makes meanwhile on its
// own thread (MakeDeltaPictures) and hands to MergeBackwardPart. Only the
// fast route leaves them out; the reference routes read them.
enum class BackwardScope { kAll, kWithoutDeltaPictures };

// From the problem and ComputeOutput's results (read only).
template <typename T>
BackwardPart<T> ComputeBackwardPart(const Problem<T>& problem, const Results<T>& output,
                                    Route route = Route::kFast,
                                    BackwardScope scope = BackwardScope::kAll);
// Whether δ is read from z (½Σz² and ½Σ(z − y)²), rather than given
// (LossKind::kGivenGrad: δ = g, problem.loss_tensor).
template <typename T>
bool BackwardNeedsOutput(const Problem<T>& problem);
template <typename T>
void MergeBackwardPart(const Problem<T>& problem, BackwardPart<T>&& part, Results<T>& results);
// For a part made with BackwardScope::kWithoutDeltaPictures.
template <typename T>
void MergeBackwardPart(const Problem<T>& problem, BackwardPart<T>&& part,
                       DeltaPictures<T>&& pictures, Results<T>& results);

}  // namespace convbp
