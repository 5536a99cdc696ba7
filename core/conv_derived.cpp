#include "conv_derived.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "geometry.h"

namespace convbp {

namespace {

// δ_{d,i,j} onto t_{d, top + i·s1, left + j·s2}; t is zeros elsewhere.
// Row by row through pointers: on a big layer (64 × 109 × 109 values of
// the 7×7 stem's δ into 64 × 229 × 229) this runs after every change.
template <typename T, size_t R>
Tensor<T> SpreadDelta(const ConvShape& s, const Tensor<T>& delta, const std::array<int, R>& dims,
                      int top, int left) {
  Tensor<T> t(dims);
  for (int d = 0; d < s.c_out; ++d)
    for (int i = 0; i < s.Ho(); ++i) {
      const T* from = &delta(d, i, 0);
      T* to = &t(d, top + i * s.s1, left);
      for (int j = 0; j < s.Wo(); ++j) to[int64_t{j} * s.s2] = from[j];
    }
  return t;
}

}  // namespace

template <typename T>
Tensor<T> DilateGradOutput(const ConvShape& s, const Tensor<T>& delta) {
  return SpreadDelta(s, delta, s.DilatedDims(), 0, 0);
}

template <typename T>
Tensor<T> PadDilatedGradOutput(const ConvShape& s, const Tensor<T>& dilated) {
  Tensor<T> padded(s.PaddedDeltaDims());
  for (int d = 0; d < s.c_out; ++d)
    for (int u = 0; u < s.DilatedH(); ++u)  // each row of δ^{l_padding} whole
      std::copy_n(&dilated(d, u, 0), s.DilatedW(), &padded(d, u + s.K1() - 1, s.K2() - 1));
  return padded;
}

template <typename T>
Tensor<T> DilateAndPadGradOutput(const ConvShape& s, const Tensor<T>& delta) {
  return SpreadDelta(s, delta, s.PaddedDeltaDims(), s.K1() - 1, s.K2() - 1);
}

template <typename T>
Tensor<T> RotateKernel180(const ConvShape& s, const Tensor<T>& weight) {
  Tensor<T> rot(s.WeightDims());
  for (int d = 0; d < s.c_out; ++d)
    for (int c = 0; c < s.GroupInChannels(); ++c)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n) rot(d, c, m, n) = weight(d, c, s.k1 - 1 - m, s.k2 - 1 - n);
  return rot;
}

template <typename T>
Tensor<T> InputGradPaddedDerived(const ConvShape& s, const Tensor<T>& weight_rot180,
                                 const Tensor<T>& padded_delta) {
  Tensor<T> grad(s.PaddedInputDims());
  for (int c = 0; c < s.c_in; ++c)
    for (int i = 0; i < s.Hp(); ++i)
      for (int j = 0; j < s.Wp(); ++j) {
        T sum = 0;
        const int cl = s.LocalInput(c), d0 = s.GroupOfInput(c) * s.GroupOutChannels();
        for (int d = d0; d < d0 + s.GroupOutChannels(); ++d)
          for (int m = 0; m < s.k1; ++m)
            for (int n = 0; n < s.k2; ++n)
              sum += weight_rot180(d, cl, m, n) * padded_delta(d, i + m * s.d1, j + n * s.d2);
        grad(c, i, j) = sum;
      }
  return grad;
}

template <typename T>
Tensor<T> InputGradPaddedScatter(const ConvShape& s, const Tensor<T>& weight,
                                 const Tensor<T>& delta) {
  return PartialScatter(s, weight, delta, ScatterPrefix::All(s));
}

template <typename T>
Tensor<T> WeightPositionsDerived(const ConvShape& s, const Tensor<T>& pz,
                                 const Tensor<T>& dilated) {
  const int ph = s.WeightPositionsH(), pw = s.WeightPositionsW();
  Tensor<T> pos(s.WeightPositionsDims());
  for (int d = 0; d < s.c_out; ++d)
    for (int cl = 0; cl < s.GroupInChannels(); ++cl)
      for (int m = 0; m < ph; ++m)
        for (int n = 0; n < pw; ++n) {
          const int c = s.InputChannel(d, cl);
          T sum = 0;
          for (int u = 0; u < s.DilatedH(); ++u)
            for (int v = 0; v < s.DilatedW(); ++v)
              sum += dilated(d, u, v) * pz(c, m * s.d1 + u, n * s.d2 + v);
          pos(d, cl, m, n) = sum;
        }
  return pos;
}

template <typename T>
Tensor<T> WeightGradFromPositions(const ConvShape& s, const Tensor<T>& positions) {
  Tensor<T> dw(s.WeightDims());
  for (int d = 0; d < s.c_out; ++d)
    for (int c = 0; c < s.GroupInChannels(); ++c)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n) dw(d, c, m, n) = positions(d, c, m, n);
  return dw;
}

#define CONVBP_INSTANTIATE(T)                                                                      \
  template Tensor<T> DilateGradOutput(const ConvShape&, const Tensor<T>&);                         \
  template Tensor<T> PadDilatedGradOutput(const ConvShape&, const Tensor<T>&);                     \
  template Tensor<T> DilateAndPadGradOutput(const ConvShape&, const Tensor<T>&);                   \
  template Tensor<T> RotateKernel180(const ConvShape&, const Tensor<T>&);                          \
  template Tensor<T> InputGradPaddedDerived(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> InputGradPaddedScatter(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> WeightPositionsDerived(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> WeightGradFromPositions(const ConvShape&, const Tensor<T>&);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
