// The fourth route: every product through the unrolled matrix C
// (conv_matrix_layout.h), one row or one column of C at a time, so nothing
// of size nnz(C) is ever stored. Eigen-free: part of convbp_core.
//   forward       vec(z^l)    = C · vec(pz) + b          (row r = window (d,i,j))
//   input grad    vec(∂L/∂pz) = Cᵀ · vec(δ^l)            (column col = cell (c,y,x))
//   weight grad   ∂L/∂W_{m,n,c',d} = Σ_{entries holding that tap} δ[row]·pz[col]
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp::matrix {

// z^l = C·vec(pz) + b, reshaped to C_out × H' × W'.
//   pz: C_in × Hp × Wp, weight: C_out × C_in/g × k1 × k2, bias: C_out
template <typename T>
Tensor<T> ForwardMatrix(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                        const Tensor<T>& bias);

// ∂L/∂pz = Cᵀ·vec(δ^l), reshaped to C_in × Hp × Wp: column col of C
// dotted with vec(δ). An unread column (gap, hole, remainder) gives 0.
template <typename T>
Tensor<T> InputGradPaddedMatrix(const ConvShape& s, const Tensor<T>& weight,
                                const Tensor<T>& delta);

// ∂L/∂W: every structural nonzero (r, col) of C holding tap (d,c',m,n)
// adds δ[r]·pz[col] to that tap.   out: C_out × C_in/g × k1 × k2
template <typename T>
Tensor<T> WeightGradMatrix(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta);

}  // namespace convbp::matrix
