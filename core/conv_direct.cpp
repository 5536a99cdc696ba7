#include "conv_direct.h"

namespace convbp {

template <typename T>
Tensor<T> PadInput(const ConvShape& s, const Tensor<T>& input) {
  Tensor<T> pz(s.PaddedInputDims());
  for (int c = 0; c < s.c_in; ++c)
    for (int i = 0; i < s.h; ++i)
      for (int j = 0; j < s.w; ++j) pz(c, i + s.p1, j + s.p2) = input(c, i, j);
  return pz;
}

template <typename T>
Tensor<T> CropPadding(const ConvShape& s, const Tensor<T>& grad_input_padded) {
  Tensor<T> out(s.InputDims());
  for (int c = 0; c < s.c_in; ++c)
    for (int i = 0; i < s.h; ++i)
      for (int j = 0; j < s.w; ++j) out(c, i, j) = grad_input_padded(c, i + s.p1, j + s.p2);
  return out;
}

template <typename T>
Tensor<T> ForwardDirect(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                        const Tensor<T>& bias) {
  Tensor<T> z(s.OutputDims());
  for (int d = 0; d < s.c_out; ++d)
    for (int i = 0; i < s.Ho(); ++i)
      for (int j = 0; j < s.Wo(); ++j) {
        T sum = 0;
        for (int cl = 0; cl < s.GroupInChannels(); ++cl)
          for (int m = 0; m < s.k1; ++m)
            for (int n = 0; n < s.k2; ++n)
              sum += weight(d, cl, m, n) *
                     pz(s.InputChannel(d, cl), i * s.s1 + m * s.d1, j * s.s2 + n * s.d2);
        z(d, i, j) = sum + bias(d);
      }
  return z;
}

template <typename T>
Tensor<T> BiasGradDirect(const ConvShape& s, const Tensor<T>& delta) {
  Tensor<T> db(std::vector<int>{s.c_out});
  for (int d = 0; d < s.c_out; ++d) {
    T sum = 0;
    for (int i = 0; i < s.Ho(); ++i)
      for (int j = 0; j < s.Wo(); ++j) sum += delta(d, i, j);
    db(d) = sum;
  }
  return db;
}

template <typename T>
Tensor<T> WeightGradDirect(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta) {
  Tensor<T> dw(s.WeightDims());
  for (int d = 0; d < s.c_out; ++d)
    for (int cl = 0; cl < s.GroupInChannels(); ++cl)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n) {
          const int c = s.InputChannel(d, cl);
          T sum = 0;
          for (int i = 0; i < s.Ho(); ++i)
            for (int j = 0; j < s.Wo(); ++j)
              sum += delta(d, i, j) * pz(c, i * s.s1 + m * s.d1, j * s.s2 + n * s.d2);
          dw(d, cl, m, n) = sum;
        }
  return dw;
}

template <typename T>
Tensor<T> InputGradPaddedDirect(const ConvShape& s, const Tensor<T>& weight,
                                const Tensor<T>& delta) {
  Tensor<T> grad(s.PaddedInputDims());
  for (int c = 0; c < s.c_in; ++c)
    for (int y = 0; y < s.Hp(); ++y)
      for (int x = 0; x < s.Wp(); ++x) {
        T sum = 0;
        // Only the output channels of c's group read input channel c.
        const int cl = s.LocalInput(c), d0 = s.GroupOfInput(c) * s.GroupOutChannels();
        for (int d = d0; d < d0 + s.GroupOutChannels(); ++d)
          for (int m = 0; m < s.k1; ++m) {
            // Output row i whose window puts kernel row m on pz row y.
            const int row = y - m * s.d1;
            if (row < 0 || row % s.s1 != 0 || row / s.s1 >= s.Ho()) continue;
            const int i = row / s.s1;
            for (int n = 0; n < s.k2; ++n) {
              const int col = x - n * s.d2;
              if (col < 0 || col % s.s2 != 0 || col / s.s2 >= s.Wo()) continue;
              sum += delta(d, i, col / s.s2) * weight(d, cl, m, n);
            }
          }
        grad(c, y, x) = sum;
      }
  return grad;
}

#define CONVBP_INSTANTIATE(T)                                                                \
  template Tensor<T> PadInput(const ConvShape&, const Tensor<T>&);                           \
  template Tensor<T> CropPadding(const ConvShape&, const Tensor<T>&);                        \
  template Tensor<T> ForwardDirect(const ConvShape&, const Tensor<T>&, const Tensor<T>&,     \
                                   const Tensor<T>&);                                        \
  template Tensor<T> BiasGradDirect(const ConvShape&, const Tensor<T>&);                     \
  template Tensor<T> WeightGradDirect(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> InputGradPaddedDirect(const ConvShape&, const Tensor<T>&, const Tensor<T>&);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
