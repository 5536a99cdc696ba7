#include "transposed.h"

#include <cassert>

#include "conv_derived.h"
#include "conv_direct.h"
#include "conv_fast.h"
#include "loss.h"
#include "matrix/matrix_route.h"

namespace convbp {

namespace {

// x as the adjoint conv's δ: C_in × H' × W' of the adjoint, x in the top
// left, zeros in the op div s extra rows/columns (none unless op ≥ s).
template <typename T>
Tensor<T> XAsDelta(const ConvShape& t, const Tensor<T>& x) {
  const ConvShape a = t.Adjoint();
  if (a.Ho() == t.h && a.Wo() == t.w) return x;
  Tensor<T> delta(a.OutputDims());
  for (int c = 0; c < t.c_in; ++c)
    for (int i = 0; i < t.h; ++i)
      for (int j = 0; j < t.w; ++j) delta(c, i, j) = x(c, i, j);
  return delta;
}

// The first H × W rows/columns of the adjoint conv's output: ∂L/∂x.
template <typename T>
Tensor<T> CropToInput(const ConvShape& t, const Tensor<T>& adjoint_output) {
  if (adjoint_output.dim(1) == t.h && adjoint_output.dim(2) == t.w) return adjoint_output;
  Tensor<T> gx(t.InputDims());
  for (int c = 0; c < t.c_in; ++c)
    for (int i = 0; i < t.h; ++i)
      for (int j = 0; j < t.w; ++j) gx(c, i, j) = adjoint_output(c, i, j);
  return gx;
}

// ∂L/∂pz of the adjoint conv for δ = x, by the route's eq-8 machinery.
template <typename T>
Tensor<T> AdjointInputGradPadded(const ConvShape& a, const Tensor<T>& weight,
                                 const Tensor<T>& delta, Route route) {
  switch (route) {
    case Route::kDirect: return InputGradPaddedDirect(a, weight, delta);
    case Route::kDerived:
      return InputGradPaddedDerived(a, RotateKernel180(a, weight),
                                    PadDilatedGradOutput(a, DilateGradOutput(a, delta)));
    case Route::kScatter: return InputGradPaddedScatter(a, weight, delta);
    // y − b = Cᵀ·vec(x): a transposed conv is the transpose product.
    case Route::kMatrix: return matrix::InputGradPaddedMatrix(a, weight, delta);
    case Route::kFast: break;
  }
  return InputGradPaddedFast(a, weight, delta);
}

}  // namespace

template <typename T>
Tensor<T> TransposedForward(const Problem<T>& p, Route route) {
  const ConvShape& t = p.shape;
  assert(t.mode == ConvMode::kTransposed);
  assert(ValidateShape(t).empty() && ValidateProblemTensors(p).empty());
  const ConvShape a = t.Adjoint();
  Tensor<T> y = CropPadding(a, AdjointInputGradPadded(a, p.weight, XAsDelta(t, p.input), route));
  for (int d = 0; d < t.c_out; ++d)
    for (int i = 0; i < y.dim(1); ++i)
      for (int j = 0; j < y.dim(2); ++j) y(d, i, j) += p.bias(d);
  return y;
}

template <typename T>
TransposedResults<T> ComputeTransposed(const Problem<T>& p, Route route) {
  const ConvShape& t = p.shape;
  TransposedResults<T> r;
  r.output = TransposedForward(p, route);
  r.loss = LossValue(p, r.output);
  r.grad_output = LossGrad(p, r.output);

  Problem<T>& a = r.adjoint;
  a.shape = t.Adjoint();
  a.input = r.grad_output;
  a.weight = p.weight;
  a.bias = Tensor<T>(std::vector<int>{a.shape.c_out});
  a.loss = LossKind::kGivenGrad;
  a.loss_tensor = XAsDelta(t, p.input);
  r.adjoint_results = Compute(a, route);

  r.grad_input = CropToInput(t, r.adjoint_results.output);
  r.grad_weight = r.adjoint_results.grad_weight;
  r.grad_bias = Tensor<T>(std::vector<int>{t.c_out});
  for (int d = 0; d < t.c_out; ++d) {
    T sum = 0;
    for (int i = 0; i < r.grad_output.dim(1); ++i)
      for (int j = 0; j < r.grad_output.dim(2); ++j) sum += r.grad_output(d, i, j);
    r.grad_bias(d) = sum;
  }
  return r;
}

template Tensor<float> TransposedForward(const Problem<float>&, Route);
template Tensor<double> TransposedForward(const Problem<double>&, Route);
template TransposedResults<float> ComputeTransposed(const Problem<float>&, Route);
template TransposedResults<double> ComputeTransposed(const Problem<double>&, Route);

}  // namespace convbp
