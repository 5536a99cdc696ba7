// The one map from a TensorId to the tensor that holds its values: the
// problem's own tensors (input, weight, bias) or the engine's results
// (everything computed from them). The step model, the JSON writer and the
// app all look tensors up through it.
#pragma once

#include "engine.h"
#include "model.h"

namespace convbp::steps {

// The problem's tensor or the result for `tensor`; nullptr for kNone and
// kOne (the constant 1 of the bias sum has no tensor).
const Tensor<double>* TensorOf(const Problem<double>& problem, const Results<double>& results,
                               TensorId tensor);
// Results only: nullptr for the problem's own tensors (input, weight, bias).
const Tensor<double>* ResultTensor(const Results<double>& results, TensorId tensor);

// The tensors of Results, in the order `convbp-cli compute` writes them.
inline constexpr TensorId kResultTensors[] = {
    TensorId::kOutput,           TensorId::kGradOutput,      TensorId::kGradOutputDilated,
    TensorId::kGradOutputPadded, TensorId::kWeightRot180,    TensorId::kGradWeight,
    TensorId::kGradBias,         TensorId::kGradInput,       TensorId::kInputPadded,
    TensorId::kGradInputPadded,  TensorId::kWeightPositions,
};

}  // namespace convbp::steps
