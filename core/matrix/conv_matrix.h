// C as an Eigen sparse matrix (the maths and the index maps are in
// conv_matrix_layout.h). Header-only; the CMake target convbp_matrix brings
// Eigen. The engine (convbp_core) stays Eigen-free: its matrix route
// multiplies by C row by row from the same layout (matrix_route.h).
#pragma once

#include <Eigen/SparseCore>

#include "matrix/conv_matrix_layout.h"
#include "tensor.h"

namespace convbp::matrix {

template <typename T>
using SparseMatrix = Eigen::SparseMatrix<T, Eigen::RowMajor>;

// C for the conv `s` (mode kConv; for a transposed layer pass
// MatrixShapeOf(layer) and its weight, which is the adjoint's OIHW weight
// as it is). Every structural nonzero is stored, even when its weight is 0,
// so the sparsity pattern is the layer's, not the values'.
//   weight: C_out × C_in/g × k1 × k2 (OIHW)
//   result: RowCount(s) × ColCount(s), NonzeroCount(s) stored entries.
// Precondition: NonzeroCount(s) ≤ kMaxMatrixEntries.
template <typename T>
SparseMatrix<T> BuildConvMatrix(const ConvShape& s, const Tensor<T>& weight) {
  assert(s.mode == ConvMode::kConv);
  assert(NonzeroCount(s) <= kMaxMatrixEntries);
  SparseMatrix<T> c(static_cast<Eigen::Index>(RowCount(s)), static_cast<Eigen::Index>(ColCount(s)));
  c.reserve(static_cast<Eigen::Index>(NonzeroCount(s)));
  // Rows in order, columns increasing inside a row: Eigen's low-level fill.
  for (int64_t r = 0; r < RowCount(s); ++r) {
    c.startVec(static_cast<Eigen::Index>(r));
    ForEachEntryInRow(s, r, [&](const Entry& e) {
      c.insertBack(static_cast<Eigen::Index>(e.row), static_cast<Eigen::Index>(e.col)) =
          weight(e.d, e.c_local, e.m, e.n);
    });
  }
  c.finalize();
  return c;
}

// vec(t): the tensor's row-major storage as a column vector (a copy).
template <typename T>
Eigen::Matrix<T, Eigen::Dynamic, 1> Vec(const Tensor<T>& t) {
  return Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>(t.data(),
                                                               static_cast<Eigen::Index>(t.size()));
}

}  // namespace convbp::matrix
