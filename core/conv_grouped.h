// Grouped and depthwise convolution with few channels per group, by rows.
//
// With g groups of C_in/g → C_out/g channels, a depthwise layer (g = C_in)
// has one input channel per group: the GEMM of conv_fast.h degenerates to
// 1 × (k1·k2) matrices, all packing and no arithmetic. Here every
// (output channel d, input channel c of d's group, tap m, n) pair is one
// pass over whole rows instead, in the three forms of the seed derivation:
//   (4) forward:  z_{d,i,·}          += W_{d,c,m,n} · pz_{c, i·s1+m·D1, ··s2+n·D2}
//   (5) weight:   ∂L/∂W_{d,c,m,n}     = Σ_{i,j} δ_{d,i,j} · pz_{c, i·s1+m·D1, j·s2+n·D2}
//   (8) input:    ∂L/∂pz_{c, i·s1+m·D1, ··s2+n·D2} += W_{d,c,m,n} · δ_{d,i,·}
// (8) is the scatter form: each δ row spreads into the rows of pz its
// windows read, which is the pδ / rot180 correlation summed in another
// order. With stride 1 along the row every pass is a contiguous vector loop.
// Parity tests against conv_direct.h: tests/core/grouped_kernel_test.cpp.
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp {

// True where the row kernels beat the per-group GEMMs: grouped layers with
// few channels per group.
bool UseGroupedRowKernels(const ConvShape& s);

template <typename T>
Tensor<T> ForwardGrouped(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                         const Tensor<T>& bias);

// ∂L/∂W over windows of kh × kw taps (the layer's k1 × k2, or the enlarged
// eq-5 positions): result C_out × C_in/g × kh × kw.
template <typename T>
Tensor<T> WeightGradGrouped(const ConvShape& s, int kh, int kw, const Tensor<T>& pz,
                            const Tensor<T>& delta);

template <typename T>
Tensor<T> InputGradPaddedGrouped(const ConvShape& s, const Tensor<T>& weight,
                                 const Tensor<T>& delta);

}  // namespace convbp
