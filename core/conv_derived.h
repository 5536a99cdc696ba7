// The derived routes of the seed: each backward quantity rebuilt from the
// intermediates a student sees animated — δ with zeros inserted (δ^{l_padding}),
// that tensor framed by k−1 zeros (pδ), and the kernel turned by 180°.
// Plus the scatter (transposed-convolution) picture of eq 8.
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp {

// δ^{l_padding}: s−1 zeros between neighbouring rows/columns of δ.
//   δ_{d,i,j} lands on δ^{l_padding}_{d, i·s1, j·s2}.
//   in: C_out × H' × W'   out: C_out × ((H'−1)s1+1) × ((W'−1)s2+1)
template <typename T>
Tensor<T> DilateGradOutput(const ConvShape& s, const Tensor<T>& delta);

// pδ: δ^{l_padding} framed by K1−1 zero rows above and below, K2−1 zero
// columns left and right (K = (k−1)·D+1, the dilated kernel extent), plus
// ρ1 extra rows at the bottom and ρ2 extra columns at the right (the rows
// of pz no window reached).
//   δ^{l_padding}_{d,u,v} lands on pδ_{d, u+K1−1, v+K2−1}.
//   out: C_out × (Hp+K1−1) × (Wp+K2−1)
template <typename T>
Tensor<T> PadDilatedGradOutput(const ConvShape& s, const Tensor<T>& dilated);

// pδ straight from δ (the two steps above at once): δ_{d,i,j} lands on
// pδ_{d, i·s1+K1−1, j·s2+K2−1}, every other cell is 0. The engine's way:
// it writes only δ's cells into the zeros instead of copying δ^{l_padding}'s
// mostly-zero rows (4× δ with stride 2).
template <typename T>
Tensor<T> DilateAndPadGradOutput(const ConvShape& s, const Tensor<T>& delta);

// rot180(W)_{m,n,c,d} = W_{k1−1−m, k2−1−n, c, d}; same OIHW dims as W.
template <typename T>
Tensor<T> RotateKernel180(const ConvShape& s, const Tensor<T>& weight);

// (8) ∂L/∂pz_{c,i,j} = Σ_{d ∈ group(c)} Σ_m Σ_n rot180(W)_{m,n,c',d} · pδ_{d, i+m·D1, j+n·D2}
// A stride-1 correlation of pδ with the rotated kernel, itself dilated
// (holes of D−1), channels swapped: only the output channels of c's group.
//   out: C_in × Hp × Wp
template <typename T>
Tensor<T> InputGradPaddedDerived(const ConvShape& s, const Tensor<T>& weight_rot180,
                                 const Tensor<T>& padded_delta);

// Scatter view of (8): each δ_{d,i,j} adds δ_{d,i,j} · W_{:,:,c',d} into the
// taps of the window at (i·s1, j·s2) of ∂L/∂pz_c, for the input channels c
// of d's group; overlapping windows add up.
// It is geometry.h's PartialScatter with every window.
//   out: C_in × Hp × Wp
template <typename T>
Tensor<T> InputGradPaddedScatter(const ConvShape& s, const Tensor<T>& weight,
                                 const Tensor<T>& delta);

// (5), derived: slide δ^{l_padding}_d as a kernel over pz_c with stride D
// (stride and dilation swap roles).
//   P_{d,c',m,n} = Σ_u Σ_v δ^{l_padding}_{d,u,v} · pz_{c, m·D1+u, n·D2+v}
// There are (k1 + ρ1 div D1) × (k2 + ρ2 div D2) positions; the first
// k1 × k2 equal ∂L/∂W, the extra ones belong to no weight.
//   out: C_out × C_in/g × WeightPositionsH × WeightPositionsW
template <typename T>
Tensor<T> WeightPositionsDerived(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& dilated);

// The first k1 × k2 positions: ∂L/∂W, C_out × C_in/g × k1 × k2.
template <typename T>
Tensor<T> WeightGradFromPositions(const ConvShape& s, const Tensor<T>& positions);

}  // namespace convbp
