#include "tensor_of.h"

namespace convbp::steps {

const Tensor<double>* ResultTensor(const Results<double>& r, TensorId t) {
  switch (t) {
    case TensorId::kNone:
    case TensorId::kOne:
    case TensorId::kInput:
    case TensorId::kWeight:
    case TensorId::kBias: return nullptr;
    case TensorId::kInputPadded: return &r.input_padded;
    case TensorId::kWeightRot180: return &r.weight_rot180;
    case TensorId::kOutput: return &r.output;
    case TensorId::kGradOutput: return &r.grad_output;
    case TensorId::kGradOutputDilated: return &r.grad_output_dilated;
    case TensorId::kGradOutputPadded: return &r.grad_output_padded;
    case TensorId::kGradInputPadded: return &r.grad_input_padded;
    case TensorId::kGradInput: return &r.grad_input;
    case TensorId::kGradWeight: return &r.grad_weight;
    case TensorId::kGradBias: return &r.grad_bias;
    case TensorId::kWeightPositions: return &r.weight_positions;
    case TensorId::kWindowCount: return &r.window_count;
  }
  return nullptr;
}

const Tensor<double>* TensorOf(const Problem<double>& p, const Results<double>& r, TensorId t) {
  switch (t) {
    case TensorId::kInput: return &p.input;
    case TensorId::kWeight: return &p.weight;
    case TensorId::kBias: return &p.bias;
    default: return ResultTensor(r, t);
  }
}

}  // namespace convbp::steps
