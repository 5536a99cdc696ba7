// Every quantity of the maths (eq 4–9, core/README.md) by its direct definition: plain loops whose
// index arithmetic is the formula. These are the reference the other routes
// (derived, scatter, fast) are tested against.
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp {

// pz = z^{l-1} with p1 zero rows above/below and p2 zero columns left/right.
//   in: C_in × H × W   out: C_in × Hp × Wp
template <typename T>
Tensor<T> PadInput(const ConvShape& s, const Tensor<T>& input);

// (9) δ^{l-1} = ∂L/∂pz without its p border.
//   in: C_in × Hp × Wp   out: C_in × H × W
template <typename T>
Tensor<T> CropPadding(const ConvShape& s, const Tensor<T>& grad_input_padded);

// Groups: output channel d reads only input channels c = γ·C_in/g + c' of
// its group γ, through kernel slice c' (weight C_out × C_in/g × k1 × k2).
// Dilation: tap m of window i sits at row i·s1 + m·D1.

// (4) z_{d,i,j} = Σ_c' Σ_m Σ_n W_{m,n,c',d} · pz_{c, i·s1+m·D1, j·s2+n·D2} + b_d
//   pz: C_in × Hp × Wp, weight: C_out × C_in/g × k1 × k2, bias: C_out
//   out: C_out × H' × W'
template <typename T>
Tensor<T> ForwardDirect(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                        const Tensor<T>& bias);

// (6) ∂L/∂b_d = Σ_i Σ_j δ_{d,i,j}
//   delta: C_out × H' × W'   out: C_out
template <typename T>
Tensor<T> BiasGradDirect(const ConvShape& s, const Tensor<T>& delta);

// (5) ∂L/∂W_{m,n,c',d} = Σ_i Σ_j δ_{d,i,j} · pz_{c, i·s1+m·D1, j·s2+n·D2}
//   out: C_out × C_in/g × k1 × k2
template <typename T>
Tensor<T> WeightGradDirect(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta);

// ∂L/∂pz by the chain rule, gathered cell by cell:
//   ∂L/∂pz_{c,y,x} = Σ_{d ∈ group(c)} Σ_{i,j,m,n : i·s1+m·D1 = y, j·s2+n·D2 = x}
//                    δ_{d,i,j} · W_{m,n,c',d}
// A cell no tap reads (remainder, gap or dilation hole) gets an empty sum, i.e. 0.
//   out: C_in × Hp × Wp
template <typename T>
Tensor<T> InputGradPaddedDirect(const ConvShape& s, const Tensor<T>& weight,
                                const Tensor<T>& delta);

}  // namespace convbp
