// Fast path: im2col / col2im around one Eigen GEMM per call.
//
// im2col lays every k1×k2 window of pz out as one column:
//   cols[(c·k1 + m)·k2 + n][i·W' + j] = pz_{c, i·s1+m, j·s2+n}
// so that (4) becomes  Z = W · cols   (C_out × C_in·k1·k2) · (C_in·k1·k2 × H'W'),
// (5) becomes          dW = δ · colsᵀ,
// and (8) becomes      dcols = Wᵀ · δ followed by col2im, which adds every
// column back onto the window it came from (the scatter picture).
// Each function has a parity test against its plain-loop twin in conv_direct.h.
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp {

template <typename T>
Tensor<T> ForwardFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                      const Tensor<T>& bias);

template <typename T>
Tensor<T> WeightGradFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta);

// The (k1+ρ1) × (k2+ρ2) positions of the derived eq-5 correlation, computed
// as a weight gradient with a kernel enlarged by the remainder.
template <typename T>
Tensor<T> WeightPositionsFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta);

template <typename T>
Tensor<T> InputGradPaddedFast(const ConvShape& s, const Tensor<T>& weight,
                              const Tensor<T>& delta);

}  // namespace convbp
