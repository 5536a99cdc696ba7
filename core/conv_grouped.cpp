#include "conv_grouped.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "simd.h"

namespace convbp {

namespace {

using simd::Simd;

// The vector at p, of which only lanes p < end are read (the rest are 0).
// Row tails read a little past their row; this keeps the last row of a
// buffer from reading past the buffer.
template <typename T>
typename Simd<T>::V LoadUpTo(const T* p, const T* end) {
  using S = Simd<T>;
  if (end - p >= S::kLanes) return S::Load(p);
  typename S::V v = S::Zero();
  std::memcpy(&v, p, sizeof(T) * static_cast<size_t>(std::max<ptrdiff_t>(end - p, 0)));
  return v;
}

// Lanes l < count of v, the others 0 (a select, so a NaN there vanishes too).
template <typename T>
typename Simd<T>::V FirstLanes(typename Simd<T>::V v, int count) {
  using S = Simd<T>;
  using Index = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef Index M __attribute__((vector_size(simd::kVectorBytes)));
  M lane;
  for (int l = 0; l < S::kLanes; ++l) lane[l] = l;
  return lane < Index(count) ? v : S::Zero();
}

// R consecutive output rows as sums of shifted source rows (row stride 1):
//   out[r·ldo + j] = init + Σ_{t < taps} w[t] · src[t][r·lds + j],   j < n.
// Register tiles of R rows × 4 vectors: every tap's weight is broadcast
// once per tile, and the R·4 independent sums hide the FMA latency.
template <typename T, int R, bool kInside>
void TapTile(int taps, const T* const* src, int64_t lds, const T* w, const T* end, T init, int j0,
             typename Simd<T>::V (&acc)[R][4]) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < 4; ++v) acc[r][v] = S::Splat(init);
  for (int t = 0; t < taps; ++t) {
    const typename S::V wv = S::Splat(w[t]);
    const T* p = src[t] + j0;
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
      for (int v = 0; v < 4; ++v) {
        const T* q = p + r * lds + v * L;
        acc[r][v] = S::Fma(wv, kInside ? S::Load(q) : LoadUpTo(q, end), acc[r][v]);
      }
  }
}

template <typename T, int R>
void TapRows(int taps, const T* const* src, const T* last, int64_t lds, const T* w, const T* end,
             T init, T* out, int64_t ldo, int n) {
  using S = Simd<T>;
  constexpr int L = S::kLanes, kTile = 4;
  for (int j0 = 0; j0 < n; j0 += kTile * L) {
    typename S::V acc[R][kTile];
    // Every read of the tile lies before `end` unless the furthest tap's
    // does not: then (the buffer's last rows only) reads are checked.
    if (end - (last + j0 + (R - 1) * lds) >= kTile * L)
      TapTile<T, R, true>(taps, src, lds, w, end, init, j0, acc);
    else TapTile<T, R, false>(taps, src, lds, w, end, init, j0, acc);
    const int count = std::min(kTile * L, n - j0);
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < kTile && v * L < count; ++v) {
        T* o = out + r * ldo + j0 + v * L;
        if (count - v * L >= L) S::Store(o, acc[r][v]);
        else std::memcpy(o, &acc[r][v], sizeof(T) * size_t(count - v * L));
      }
  }
}

// `rows` output rows by TapRows, two at a time; src[t] is tap t's source for
// row 0, and row r reads it r·lds further.
template <typename T>
void TapRowsAll(int rows, int taps, const T* const* src, int64_t lds, const T* w, const T* end,
                T init, T* out, int64_t ldo, int n) {
  thread_local std::vector<const T*> shifted;
  shifted.assign(src, src + taps);
  const T* last = *std::max_element(src, src + taps);  // the furthest tap
  int r = 0;
  for (; r + 2 <= rows; r += 2) {
    TapRows<T, 2>(taps, shifted.data(), last, lds, w, end, init, out + r * ldo, ldo, n);
    for (const T*& p : shifted) p += 2 * lds;
    last += 2 * lds;
  }
  if (r < rows) TapRows<T, 1>(taps, shifted.data(), last, lds, w, end, init, out + r * ldo, ldo, n);
}

// o[j] += w · src[j·step], j < n: the strided rows' fallback.
template <typename T>
void AxpyRow(T w, const T* __restrict src, int step, T* __restrict o, int n) {
  for (int j = 0; j < n; ++j) o[j] += w * src[int64_t{j} * step];
}

// dst[j·step] += w · δ[j], j < n: the scatter of one δ row (strided layers).
template <typename T>
void ScatterRow(T w, const T* __restrict delta, T* __restrict dst, int step, int n) {
  for (int j = 0; j < n; ++j) dst[int64_t{j} * step] += w * delta[j];
}

// Σ_{i<rows} Σ_{j<cols} a[i·lda + j] · b[i·ldb + j·step]; b ends at b_end.
// Floating-point sums are not reassociated by the compiler, so the vector
// form is written out: lane-wise partial sums over all rows, the row tails
// masked, one horizontal sum at the end.
template <typename T>
T DotRows(const T* a, int64_t lda, const T* b, int64_t ldb, int step, int rows, int cols,
          const T* b_end) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  T sum = 0;
  if (step != 1) {
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) sum += a[i * lda + j] * b[i * ldb + int64_t{j} * step];
    return sum;
  }
  typename S::V acc0 = S::Zero(), acc1 = S::Zero(), acc2 = S::Zero();
  const int full = cols / L * L;
  const T* a_end = a + (rows - 1) * lda + cols;
  for (int i = 0; i < rows; ++i) {
    const T* ar = a + i * lda;
    const T* br = b + i * ldb;
    int j = 0;
    for (; j + 2 * L <= full; j += 2 * L) {
      acc0 = S::Fma(S::Load(ar + j), S::Load(br + j), acc0);
      acc1 = S::Fma(S::Load(ar + j + L), S::Load(br + j + L), acc1);
    }
    if (j < full) acc0 = S::Fma(S::Load(ar + j), S::Load(br + j), acc0);
    if (full < cols)
      acc2 += FirstLanes<T>(LoadUpTo(ar + full, a_end) * LoadUpTo(br + full, b_end), cols - full);
  }
  acc0 += acc1 + acc2;
  for (int l = 0; l < L; ++l) sum += acc0[l];
  return sum;
}

}  // namespace

bool UseGroupedRowKernels(const ConvShape& s) {
  // Measured (conv_bench): with ≤ 4 input channels per group the GEMMs'
  // K = (C_in/g)·k1·k2 is too short to pay for packing.
  return s.groups > 1 && s.GroupInChannels() <= 4;
}

// (4) row by row: z_{d,i,·} = b_d + Σ_{c,m,n} W_{d,c,m,n} · (row i·s1 + m·D1 of
// pz_c, from column n·D2, every s2-th cell).
template <typename T>
Tensor<T> ForwardGrouped(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                         const Tensor<T>& bias) {
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  const int ho = s.Ho(), wo = s.Wo();
  const int taps = ci * s.k1 * s.k2;
  const int64_t lds = int64_t{s.s1} * s.Wp();  // output row i reads i·s1 rows down
  const T* end = pz.data() + pz.size();
  Tensor<T> z(s.OutputDims());
  thread_local std::vector<const T*> src;
  src.resize(static_cast<size_t>(taps));
  for (int d = 0; d < s.c_out; ++d) {
    const int c0 = d / co * ci;        // first input channel of d's group
    const T* w = &weight(d, 0, 0, 0);  // W_{d,c,m,n} at tap (c·k1 + m)·k2 + n
    for (int c = 0, t = 0; c < ci; ++c)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n, ++t) src[size_t(t)] = &pz(c0 + c, m * s.d1, n * s.d2);
    if (s.s2 == 1) {
      TapRowsAll(ho, taps, src.data(), lds, w, end, bias(d), &z(d, 0, 0), wo, wo);
      continue;
    }
    for (int i = 0; i < ho; ++i) {
      T* o = &z(d, i, 0);
      std::fill_n(o, wo, bias(d));
      for (int t = 0; t < taps; ++t) AxpyRow(w[t], src[size_t(t)] + i * lds, s.s2, o, wo);
    }
  }
  return z;
}

// (5): one masked dot product over all of δ_d per (d, c, m, n).
template <typename T>
Tensor<T> WeightGradGrouped(const ConvShape& s, int kh, int kw, const Tensor<T>& pz,
                            const Tensor<T>& delta) {
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  const int ho = s.Ho(), wo = s.Wo(), wp = s.Wp();
  const T* end = pz.data() + pz.size();
  Tensor<T> dw(std::vector<int>{s.c_out, ci, kh, kw});
  for (int d = 0; d < s.c_out; ++d) {
    const int c0 = d / co * ci;
    for (int c = 0; c < ci; ++c)
      for (int m = 0; m < kh; ++m)
        for (int n = 0; n < kw; ++n)
          dw(d, c, m, n) = DotRows(&delta(d, 0, 0), wo, &pz(c0 + c, m * s.d1, n * s.d2),
                                   int64_t{s.s1} * wp, s.s2, ho, wo, end);
  }
  return dw;
}

// (8). Stride 1: the seed's picture exactly — δ framed by P = (k−1)·D zeros
// on every side (pδ), then every row of ∂L/∂pz_c is a sum of framed δ_d rows
// of c's group, weighted by the rotated kernel:
//   ∂L/∂pz_{c,y,x} = Σ_{d,m,n} W_{d,c,m,n} · pδ_{d, y+P1−m·D1, x+P2−n·D2}.
// Strided layers scatter each δ row into the pz rows its windows read.
template <typename T>
Tensor<T> InputGradPaddedGrouped(const ConvShape& s, const Tensor<T>& weight,
                                 const Tensor<T>& delta) {
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  const int ho = s.Ho(), wo = s.Wo();
  Tensor<T> grad(s.PaddedInputDims());  // cells no window reads (ρ) stay 0
  if (s.s1 != 1 || s.s2 != 1) {
    for (int d = 0; d < s.c_out; ++d) {
      const int c0 = d / co * ci;
      for (int c = 0; c < ci; ++c)
        for (int i = 0; i < ho; ++i)
          for (int m = 0; m < s.k1; ++m) {
            T* row = &grad(c0 + c, i * s.s1 + m * s.d1, 0);
            for (int n = 0; n < s.k2; ++n)
              ScatterRow(weight(d, c, m, n), &delta(d, i, 0), row + n * s.d2, s.s2, wo);
          }
    }
    return grad;
  }
  const int p1 = (s.k1 - 1) * s.d1, p2 = (s.k2 - 1) * s.d2;
  const int fh = ho + 2 * p1, fw = wo + 2 * p2;  // framed δ plane
  const int64_t plane = int64_t{fh} * fw;
  thread_local std::vector<T> framed;
  framed.assign(static_cast<size_t>(s.c_out * plane), T(0));
  for (int d = 0; d < s.c_out; ++d)
    for (int i = 0; i < ho; ++i)
      std::copy_n(&delta(d, i, 0), wo, framed.data() + d * plane + int64_t{i + p1} * fw + p2);
  const T* end = framed.data() + framed.size();
  const int taps = co * s.k1 * s.k2;
  thread_local std::vector<const T*> src;
  thread_local std::vector<T> w;
  src.resize(static_cast<size_t>(taps));
  w.resize(static_cast<size_t>(taps));
  for (int c = 0; c < s.c_in; ++c) {
    const int g = c / ci, cl = c - g * ci;  // group, channel within it
    for (int d = 0, t = 0; d < co; ++d)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n, ++t) {
          w[size_t(t)] = weight(g * co + d, cl, m, n);
          src[size_t(t)] =
              framed.data() + (g * co + d) * plane + int64_t{p1 - m * s.d1} * fw + p2 - n * s.d2;
        }
    TapRowsAll(s.Hp(), taps, src.data(), fw, w.data(), end, T(0), &grad(c, 0, 0), s.Wp(), s.Wp());
  }
  return grad;
}

#define CONVBP_INSTANTIATE(T)                                                             \
  template Tensor<T> ForwardGrouped(const ConvShape&, const Tensor<T>&, const Tensor<T>&, \
                                    const Tensor<T>&);                                    \
  template Tensor<T> WeightGradGrouped(const ConvShape&, int, int, const Tensor<T>&,      \
                                       const Tensor<T>&);                                 \
  template Tensor<T> InputGradPaddedGrouped(const ConvShape&, const Tensor<T>&, const Tensor<T>&);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
