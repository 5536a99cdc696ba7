#include "engine.h"

#include <cassert>
#include <future>

#include "conv_derived.h"
#include "conv_direct.h"
#include "conv_fast.h"
#include "geometry.h"
#include "loss.h"
#include "matrix/matrix_route.h"
#include "threads.h"

namespace convbp {

namespace {
// Below this many multiply-adds a second thread costs more than it saves.
constexpr int64_t kParallelMacs = int64_t{1} << 20;
// The forward pass on big layers takes two threads: in the app it is what
// the frame showing a change waits for (the backward pass starts after it).
int ForwardThreads(const ConvShape& s) {
  return kHasThreads && s.ForwardMacs() >= kParallelMacs ? 2 : 1;
}
}  // namespace

template <typename T>
Results<T> ComputeOutput(const Problem<T>& p, Route route) {
  const ConvShape& s = p.shape;
  assert(s.mode == ConvMode::kConv);  // transposed layers: ComputeTransposed (transposed.h)
  assert(ValidateShape(s).empty());
  assert(ValidateProblemTensors(p).empty());
  Results<T> r;
  r.input_padded = PadInput(s, p.input);
  switch (route) {
    case Route::kFast:
      r.output = ForwardFast(s, r.input_padded, p.weight, p.bias, ForwardThreads(s));
      break;
    case Route::kMatrix:
      r.output = matrix::ForwardMatrix(s, r.input_padded, p.weight, p.bias);
      break;
    default: r.output = ForwardDirect(s, r.input_padded, p.weight, p.bias); break;
  }
  return r;
}

template <typename T>
void FinishForward(const Problem<T>& p, Results<T>& r) {
  r.loss = LossValue(p, r.output);
  r.grad_output = LossGrad(p, r.output);
  r.window_count = WindowCountMap<T>(p.shape);  // the shape's alone
}

template <typename T>
Results<T> ComputeForward(const Problem<T>& p, Route route) {
  Results<T> r = ComputeOutput(p, route);
  FinishForward(p, r);
  return r;
}

namespace {

// The backward pass reads pz and δ of the forward one, and W.
template <typename T>
BackwardResults<T> BackwardOf(const Problem<T>& p, const Tensor<T>& pz, const Tensor<T>& delta,
                              Route route, BackwardScope scope) {
  const ConvShape& s = p.shape;
  BackwardResults<T> r;
  // The intermediates of the derived routes (reshuffles of δ and W), and
  // the bias gradient, a sum of δ.
  auto intermediates = [&] {
    if (scope == BackwardScope::kAll || route != Route::kFast) {
      DeltaPictures<T> pictures = MakeDeltaPictures(s, delta);
      r.grad_output_dilated = std::move(pictures.dilated);
      r.grad_output_padded = std::move(pictures.padded);
    }
    r.weight_rot180 = RotateKernel180(s, p.weight);
    r.grad_bias = BiasGradDirect(s, delta);
  };

  // The reference routes build the intermediates first and all take eq 5's
  // positions from the derived slide; they differ in ∂L/∂W and ∂L/∂pz.
  if (route != Route::kFast) {
    intermediates();
    r.weight_positions = WeightPositionsDerived(s, pz, r.grad_output_dilated);
  }
  switch (route) {
    case Route::kDirect:
      r.grad_weight = WeightGradDirect(s, pz, delta);
      r.grad_input_padded = InputGradPaddedDirect(s, p.weight, delta);
      break;
    case Route::kDerived:
      r.grad_weight = WeightGradFromPositions(s, r.weight_positions);
      r.grad_input_padded = InputGradPaddedDerived(s, r.weight_rot180, r.grad_output_padded);
      break;
    case Route::kScatter:
      r.grad_weight = WeightGradDirect(s, pz, delta);
      r.grad_input_padded = InputGradPaddedScatter(s, p.weight, delta);
      break;
    case Route::kMatrix:
      r.grad_weight = matrix::WeightGradMatrix(s, pz, delta);
      r.grad_input_padded = matrix::InputGradPaddedMatrix(s, p.weight, delta);
      break;
    case Route::kFast: {
      // The weight and input gradients only read z-side results, so on big
      // layers the weight gradient and the intermediates run on a second
      // thread meanwhile (the fast kernels keep their scratch buffers
      // thread_local); the input gradient is the longer of the two.
      auto second = [&] {
        r.weight_positions = WeightPositionsFast(s, pz, delta);
        intermediates();
      };
      if (kHasThreads && s.ForwardMacs() >= kParallelMacs) {
        auto pending = std::async(std::launch::async, second);
        r.grad_input_padded = InputGradPaddedFast(s, p.weight, delta);
        pending.get();
      } else {
        r.grad_input_padded = InputGradPaddedFast(s, p.weight, delta);
        second();
      }
      r.grad_weight = WeightGradFromPositions(s, r.weight_positions);
      break;
    }
  }
  r.grad_input = CropPadding(s, r.grad_input_padded);
  return r;
}

}  // namespace

template <typename T>
DeltaPictures<T> MakeDeltaPictures(const ConvShape& s, const Tensor<T>& delta) {
  return {DilateGradOutput(s, delta), DilateAndPadGradOutput(s, delta)};
}

template <typename T>
BackwardResults<T> ComputeBackward(const Problem<T>& p, const Results<T>& forward, Route route) {
  return BackwardOf(p, forward.input_padded, forward.grad_output, route, BackwardScope::kAll);
}

template <typename T>
BackwardPart<T> ComputeBackwardPart(const Problem<T>& p, const Results<T>& output, Route route,
                                    BackwardScope scope) {
  BackwardPart<T> part;
  part.grad_output = LossGrad(p, output.output);
  part.window_count = WindowCountMap<T>(p.shape);
  part.rest = BackwardOf(p, output.input_padded, part.grad_output, route, scope);
  return part;
}

template <typename T>
bool BackwardNeedsOutput(const Problem<T>& p) {
  return p.loss != LossKind::kGivenGrad;
}

template <typename T>
void MergeBackwardPart(const Problem<T>& p, BackwardPart<T>&& part, Results<T>& r) {
  r.loss = LossValue(p, r.output);
  r.grad_output = std::move(part.grad_output);
  r.window_count = std::move(part.window_count);
  MergeBackward(std::move(part.rest), r);
}

template <typename T>
void MergeBackwardPart(const Problem<T>& p, BackwardPart<T>&& part, DeltaPictures<T>&& pictures,
                       Results<T>& r) {
  MergeBackwardPart(p, std::move(part), r);
  r.grad_output_dilated = std::move(pictures.dilated);
  r.grad_output_padded = std::move(pictures.padded);
}

template <typename T>
void MergeBackward(BackwardResults<T>&& b, Results<T>& r) {
  r.grad_output_dilated = std::move(b.grad_output_dilated);
  r.grad_output_padded = std::move(b.grad_output_padded);
  r.weight_rot180 = std::move(b.weight_rot180);
  r.weight_positions = std::move(b.weight_positions);
  r.grad_weight = std::move(b.grad_weight);
  r.grad_bias = std::move(b.grad_bias);
  r.grad_input_padded = std::move(b.grad_input_padded);
  r.grad_input = std::move(b.grad_input);
}

template <typename T>
Results<T> Compute(const Problem<T>& p, Route route) {
  Results<T> r = ComputeForward(p, route);
  MergeBackward(ComputeBackward(p, r, route), r);
  return r;
}

#define CONVBP_INSTANTIATE(T)                                                               \
  template Results<T> ComputeOutput(const Problem<T>&, Route);                              \
  template void FinishForward(const Problem<T>&, Results<T>&);                              \
  template Results<T> ComputeForward(const Problem<T>&, Route);                             \
  template BackwardResults<T> ComputeBackward(const Problem<T>&, const Results<T>&, Route); \
  template void MergeBackward(BackwardResults<T>&&, Results<T>&);                           \
  template DeltaPictures<T> MakeDeltaPictures(const ConvShape&, const Tensor<T>&);          \
  template BackwardPart<T> ComputeBackwardPart(const Problem<T>&, const Results<T>&, Route, \
                                               BackwardScope);                              \
  template bool BackwardNeedsOutput(const Problem<T>&);                                     \
  template void MergeBackwardPart(const Problem<T>&, BackwardPart<T>&&, Results<T>&);       \
  template void MergeBackwardPart(const Problem<T>&, BackwardPart<T>&&, DeltaPictures<T>&&, \
                                  Results<T>&);                                             \
  template Results<T> Compute(const Problem<T>&, Route);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
