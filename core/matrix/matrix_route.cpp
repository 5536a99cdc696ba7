#include "matrix/matrix_route.h"

#include "matrix/conv_matrix_layout.h"

namespace convbp::matrix {

template <typename T>
Tensor<T> ForwardMatrix(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                        const Tensor<T>& bias) {
  Tensor<T> z(std::array<int, 3>{s.c_out, s.Ho(), s.Wo()});
  for (int64_t r = 0; r < RowCount(s); ++r) {
    T acc = bias(OutputOfRow(s, r).d);
    ForEachEntryInRow(s, r, [&](const Entry& e) {
      acc += weight(e.d, e.c_local, e.m, e.n) * pz[static_cast<size_t>(e.col)];
    });
    z[static_cast<size_t>(r)] = acc;  // vec(z^l) is z's row-major storage
  }
  return z;
}

template <typename T>
Tensor<T> InputGradPaddedMatrix(const ConvShape& s, const Tensor<T>& weight,
                                const Tensor<T>& delta) {
  Tensor<T> g(s.PaddedInputDims());
  for (int64_t col = 0; col < ColCount(s); ++col) {
    T acc = 0;
    ForEachEntryInColumn(s, col, [&](const Entry& e) {
      acc += weight(e.d, e.c_local, e.m, e.n) * delta[static_cast<size_t>(e.row)];
    });
    g[static_cast<size_t>(col)] = acc;
  }
  return g;
}

template <typename T>
Tensor<T> WeightGradMatrix(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta) {
  Tensor<T> gw(s.WeightDims());
  for (int64_t r = 0; r < RowCount(s); ++r) {
    const T dr = delta[static_cast<size_t>(r)];
    ForEachEntryInRow(s, r, [&](const Entry& e) {
      gw(e.d, e.c_local, e.m, e.n) += dr * pz[static_cast<size_t>(e.col)];
    });
  }
  return gw;
}

#define CONVBP_INSTANTIATE(T)                                                                     \
  template Tensor<T> ForwardMatrix(const ConvShape&, const Tensor<T>&, const Tensor<T>&,          \
                                   const Tensor<T>&);                                             \
  template Tensor<T> InputGradPaddedMatrix(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> WeightGradMatrix(const ConvShape&, const Tensor<T>&, const Tensor<T>&);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp::matrix
