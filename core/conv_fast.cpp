#include "conv_fast.h"

#include <Eigen/Core>

namespace convbp {

namespace {

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using MatrixMap = Eigen::Map<RowMatrix<T>>;
template <typename T>
using ConstMatrixMap = Eigen::Map<const RowMatrix<T>>;

// Window geometry: kernel kh × kw slid with the layer's stride over pz,
// giving oh × ow windows. Normally kh = k1; WeightPositionsFast enlarges it.
struct Windows {
  int kh, kw, oh, ow;
  int64_t Rows(const ConvShape& s) const { return int64_t{s.c_in} * kh * kw; }
  int64_t Cols() const { return int64_t{oh} * ow; }
};

Windows LayerWindows(const ConvShape& s) { return {s.k1, s.k2, s.Ho(), s.Wo()}; }

template <typename T>
void Im2Col(const ConvShape& s, const Windows& win, const Tensor<T>& pz, T* cols) {
  const int64_t ncols = win.Cols();
  for (int c = 0; c < s.c_in; ++c)
    for (int m = 0; m < win.kh; ++m)
      for (int n = 0; n < win.kw; ++n) {
        T* row = cols + ((int64_t{c} * win.kh + m) * win.kw + n) * ncols;
        for (int i = 0; i < win.oh; ++i) {
          const T* src = &pz(c, i * s.s1 + m, n);
          T* dst = row + int64_t{i} * win.ow;
          if (s.s2 == 1) {
            for (int j = 0; j < win.ow; ++j) dst[j] = src[j];
          } else {
            for (int j = 0; j < win.ow; ++j) dst[j] = src[int64_t{j} * s.s2];
          }
        }
      }
}

template <typename T>
void Col2ImAdd(const ConvShape& s, const Windows& win, const T* cols, Tensor<T>& grad_pz) {
  const int64_t ncols = win.Cols();
  for (int c = 0; c < s.c_in; ++c)
    for (int m = 0; m < win.kh; ++m)
      for (int n = 0; n < win.kw; ++n) {
        const T* row = cols + ((int64_t{c} * win.kh + m) * win.kw + n) * ncols;
        for (int i = 0; i < win.oh; ++i) {
          T* dst = &grad_pz(c, i * s.s1 + m, n);
          const T* src = row + int64_t{i} * win.ow;
          for (int j = 0; j < win.ow; ++j) dst[int64_t{j} * s.s2] += src[j];
        }
      }
}

template <typename T>
Tensor<T> WeightGradWithWindows(const ConvShape& s, const Windows& win, const Tensor<T>& pz,
                                const Tensor<T>& delta) {
  std::vector<T> cols(static_cast<size_t>(win.Rows(s) * win.Cols()));
  Im2Col(s, win, pz, cols.data());
  Tensor<T> dw(std::vector<int>{s.c_out, s.c_in, win.kh, win.kw});
  ConstMatrixMap<T> d(delta.data(), s.c_out, win.Cols());
  ConstMatrixMap<T> x(cols.data(), win.Rows(s), win.Cols());
  MatrixMap<T>(dw.data(), s.c_out, win.Rows(s)).noalias() = d * x.transpose();
  return dw;
}

}  // namespace

template <typename T>
Tensor<T> ForwardFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                      const Tensor<T>& bias) {
  const Windows win = LayerWindows(s);
  std::vector<T> cols(static_cast<size_t>(win.Rows(s) * win.Cols()));
  Im2Col(s, win, pz, cols.data());
  Tensor<T> z(s.OutputDims());
  MatrixMap<T> out(z.data(), s.c_out, win.Cols());
  out.noalias() = ConstMatrixMap<T>(weight.data(), s.c_out, win.Rows(s)) *
                  ConstMatrixMap<T>(cols.data(), win.Rows(s), win.Cols());
  for (int d = 0; d < s.c_out; ++d) out.row(d).array() += bias(d);
  return z;
}

template <typename T>
Tensor<T> WeightGradFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta) {
  return WeightGradWithWindows(s, LayerWindows(s), pz, delta);
}

template <typename T>
Tensor<T> WeightPositionsFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta) {
  const Windows win{s.WeightPositionsH(), s.WeightPositionsW(), s.Ho(), s.Wo()};
  return WeightGradWithWindows(s, win, pz, delta);
}

template <typename T>
Tensor<T> InputGradPaddedFast(const ConvShape& s, const Tensor<T>& weight,
                              const Tensor<T>& delta) {
  const Windows win = LayerWindows(s);
  std::vector<T> cols(static_cast<size_t>(win.Rows(s) * win.Cols()));
  MatrixMap<T>(cols.data(), win.Rows(s), win.Cols()).noalias() =
      ConstMatrixMap<T>(weight.data(), s.c_out, win.Rows(s)).transpose() *
      ConstMatrixMap<T>(delta.data(), s.c_out, win.Cols());
  Tensor<T> grad(s.PaddedInputDims());
  Col2ImAdd(s, win, cols.data(), grad);
  return grad;
}

#define CONVBP_INSTANTIATE(T)                                                                  \
  template Tensor<T> ForwardFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&,         \
                                 const Tensor<T>&);                                            \
  template Tensor<T> WeightGradFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&);     \
  template Tensor<T> WeightPositionsFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> InputGradPaddedFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
