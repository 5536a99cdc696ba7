#include "engine.h"

#include <cassert>
#include <future>

#include "conv_derived.h"
#include "conv_direct.h"
#include "conv_fast.h"
#include "geometry.h"
#include "loss.h"
#include "matrix/matrix_route.h"

namespace convbp {

namespace {
// Below this many multiply-adds a second thread costs more than it saves.
constexpr int64_t kParallelMacs = int64_t{1} << 20;
// The browser build has no threads (a WebAssembly page without
// SharedArrayBuffer): there the two backward products run one after the other.
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
constexpr bool kSecondThread = false;
#else
constexpr bool kSecondThread = true;
#endif
}  // namespace

template <typename T>
Results<T> Compute(const Problem<T>& p, Route route) {
  const ConvShape& s = p.shape;
  assert(s.mode == ConvMode::kConv);  // transposed layers: ComputeTransposed (transposed.h)
  assert(ValidateShape(s).empty());
  assert(ValidateProblemTensors(p).empty());
  Results<T> r;
  r.input_padded = PadInput(s, p.input);
  switch (route) {
    case Route::kFast: r.output = ForwardFast(s, r.input_padded, p.weight, p.bias); break;
    case Route::kMatrix:
      r.output = matrix::ForwardMatrix(s, r.input_padded, p.weight, p.bias);
      break;
    default: r.output = ForwardDirect(s, r.input_padded, p.weight, p.bias); break;
  }
  r.loss = LossValue(p, r.output);
  r.grad_output = LossGrad(p, r.output);

  // The intermediates of the derived routes are cheap reshuffles: always built.
  r.grad_output_dilated = DilateGradOutput(s, r.grad_output);
  r.grad_output_padded = PadDilatedGradOutput(s, r.grad_output_dilated);
  r.weight_rot180 = RotateKernel180(s, p.weight);
  r.grad_bias = BiasGradDirect(s, r.grad_output);

  switch (route) {
    case Route::kDirect:
      r.weight_positions = WeightPositionsDerived(s, r.input_padded, r.grad_output_dilated);
      r.grad_weight = WeightGradDirect(s, r.input_padded, r.grad_output);
      r.grad_input_padded = InputGradPaddedDirect(s, p.weight, r.grad_output);
      break;
    case Route::kDerived:
      r.weight_positions = WeightPositionsDerived(s, r.input_padded, r.grad_output_dilated);
      r.grad_weight = WeightGradFromPositions(s, r.weight_positions);
      r.grad_input_padded = InputGradPaddedDerived(s, r.weight_rot180, r.grad_output_padded);
      break;
    case Route::kScatter:
      r.weight_positions = WeightPositionsDerived(s, r.input_padded, r.grad_output_dilated);
      r.grad_weight = WeightGradDirect(s, r.input_padded, r.grad_output);
      r.grad_input_padded = InputGradPaddedScatter(s, p.weight, r.grad_output);
      break;
    case Route::kMatrix:
      r.weight_positions = WeightPositionsDerived(s, r.input_padded, r.grad_output_dilated);
      r.grad_weight = matrix::WeightGradMatrix(s, r.input_padded, r.grad_output);
      r.grad_input_padded = matrix::InputGradPaddedMatrix(s, p.weight, r.grad_output);
      break;
    case Route::kFast: {
      // The weight and input gradients only read z-side results, so on big
      // layers the weight gradient runs on a second thread meanwhile (the
      // fast kernels keep their scratch buffers thread_local).
      auto weight_positions = [&] { return WeightPositionsFast(s, r.input_padded, r.grad_output); };
      if (kSecondThread && s.ForwardMacs() >= kParallelMacs) {
        auto pending = std::async(std::launch::async, weight_positions);
        r.grad_input_padded = InputGradPaddedFast(s, p.weight, r.grad_output);
        r.weight_positions = pending.get();
      } else {
        r.grad_input_padded = InputGradPaddedFast(s, p.weight, r.grad_output);
        r.weight_positions = weight_positions();
      }
      r.grad_weight = WeightGradFromPositions(s, r.weight_positions);
      break;
    }
  }
  r.grad_input = CropPadding(s, r.grad_input_padded);
  r.window_count = WindowCountMap<T>(s);
  return r;
}

template Results<float> Compute(const Problem<float>&, Route);
template Results<double> Compute(const Problem<double>&, Route);

}  // namespace convbp
