// Fast path: direct convolution as a "shifted GEMM", no im2col copy.
//
// Laid out on a virtual output grid whose row pitch equals the source's row
// pitch, a stride-1 correlation turns every kernel tap into a constant shift
// of the whole source plane:
//   out[r][q] = Σ_k A[r][k] · src[off[k] + q],   q = i·pitch + j,
// so the right-hand GEMM operand is read straight from the (phase-split)
// input and a few columns per row (j ≥ W') are computed and dropped.
//   (4) forward:  A = W, src = pz split into s1·s2 stride phases.
//   (8) input:    per stride phase (a, b), A = the sub-kernel of the taps
//                 m with (m·D1) mod s1 = a (likewise n), src = δ framed by
//                 zeros: the pδ / rot180 construction, one phase at a time.
// Dilation moves tap m to m·D (its phase and row shift follow); groups run
// as g independent GEMM sets on contiguous channel slices.
//   (5) weight:   dWᵀ[k][d] = Σ_q src[off[k] + q] · δᵀ[q][d], with δᵀ as the
//                 vector operand and the summation running along q.
// The inner loops are register tiles of 64-byte vectors (AVX-512 FMA when
// compiled for it, plain vector arithmetic otherwise). Scratch buffers are
// thread_local and only grow, so a shape's scratch is sized on its first
// call and reused; the forward grid is computed in L2-sized row blocks.
// Each function has a parity test against its plain-loop twin in
// conv_direct.h (tests/core/fast_parity_test.cpp).
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp {

// `threads` 2: an ungrouped layer's output grid is split between this
// thread and a second one (the app's forward on big layers; the same values
// bit for bit). Benchmarks against single-threaded libraries keep 1.
template <typename T>
Tensor<T> ForwardFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                      const Tensor<T>& bias, int threads = 1);

template <typename T>
Tensor<T> WeightGradFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta);

// The (k1+ρ1) × (k2+ρ2) positions of the derived eq-5 correlation, computed
// as a weight gradient with a kernel enlarged by the remainder.
template <typename T>
Tensor<T> WeightPositionsFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta);

template <typename T>
Tensor<T> InputGradPaddedFast(const ConvShape& s, const Tensor<T>& weight, const Tensor<T>& delta);

// The same into a tensor the caller owns: when it already has the result's
// dims its storage is reused (no allocation, no page faults on a first
// call into it), else it is replaced. Grouped layers still allocate.
template <typename T>
void ForwardFastInto(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                     const Tensor<T>& bias, Tensor<T>& z, int threads = 1);
template <typename T>
void InputGradPaddedFastInto(const ConvShape& s, const Tensor<T>& weight, const Tensor<T>& delta,
                             Tensor<T>& grad);

}  // namespace convbp
