#include "conv_fast.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "conv_grouped.h"
#include "conv_winograd.h"
#include "shifted_gemm.h"
#include "simd.h"
#include "threads.h"

namespace convbp {

namespace {

using simd::kVectorBytes;
using simd::kWideRegisterFile;
using simd::Simd;

using fast::kQPad;
using fast::OddLinePitch;
using fast::RoundUp;
using fast::Scratch;
using fast::ShiftedGemm;
using enum fast::Slot;

int CeilDiv(int a, int b) { return (a + b - 1) / b; }

// Transposes one L×L block (L = lanes): out[l·ldo + r] = in[r·ldi + l].
// log2(L) stages; the stage for block size B swaps the off-diagonal B×B
// sub-blocks, exchanging cell (r, l) with (r + B, l − B) where r & B = 0
// and l & B ≠ 0.
template <typename T, int B, size_t... l>
[[gnu::always_inline]] inline void TransposeStage(typename Simd<T>::V* row,
                                                  std::index_sequence<l...>) {
  constexpr int L = Simd<T>::kLanes;
  // Lane l of the new row i: keep a[l] or take b[l − B] (index L + l − B);
  // of the new row i + B: take a[l + B] or keep b[l] (index L + l).
#if defined(__clang__)  // clang (fuzz build, clang-tidy) has no __builtin_shuffle
  for (int i = 0; i < L; ++i) {
    if (i & B) continue;
    const typename Simd<T>::V a = row[i], b = row[i + B];
    row[i] = __builtin_shufflevector(a, b, ((l & B) == 0 ? l : L + l - B)...);
    row[i + B] = __builtin_shufflevector(a, b, ((l & B) == 0 ? l + B : L + l)...);
  }
#else
  using Index = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef Index M __attribute__((vector_size(kVectorBytes)));
  constexpr M lo = {Index((l & B) == 0 ? l : L + l - B)...};
  constexpr M hi = {Index((l & B) == 0 ? l + B : L + l)...};
  for (int i = 0; i < L; ++i) {
    if (i & B) continue;
    const typename Simd<T>::V a = row[i], b = row[i + B];
    row[i] = __builtin_shuffle(a, b, lo);
    row[i + B] = __builtin_shuffle(a, b, hi);
  }
#endif
}

template <typename T, int B>
[[gnu::always_inline]] inline void TransposeStages(typename Simd<T>::V* row) {
  if constexpr (B >= 1) {
    TransposeStage<T, B>(row, std::make_index_sequence<Simd<T>::kLanes>());
    TransposeStages<T, B / 2>(row);
  }
}

#if defined(__AVX512F__)
// The 16×16 float block with AVX-512's own shuffles: interleave pairs of
// rows (unpack ps), then pairs of pairs (unpack pd), which leaves the 4×4
// sub-blocks transposed inside each 128-bit quarter; two rounds of quarter
// shuffles (0x88: quarters 0, 2 of a then of b; 0xDD: 1, 3) put the
// quarters in place. The in-quarter steps need no index vectors, which the
// generic stages hold for their permutes and, with 16 rows live, spill:
// this halved the δ transpose of the 7×7 stem's weight gradient (~9 % →
// ~5 % of the call). GCC 12 takes the intrinsics' own "undefined vector"
// idiom for an uninitialized read; it is not one.
#if !defined(__clang__)  // clang knows neither the warning nor the false alarm
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
[[gnu::always_inline]] inline void TransposeBlock16(const float* in, int64_t ldi, float* out,
                                                    int64_t ldo, int count) {
  __m512 r[16], t[16];
  for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(in + i * ldi);
  for (int i = 0; i < 16; i += 2) {  // t[i] = r_i[0] r_{i+1}[0] r_i[1] r_{i+1}[1] | …
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  // r[4g + c], quarter h: rows 4g … 4g + 3 of column 4h + c.
  for (int g = 0; g < 16; g += 4) {
    const __m512d lo0 = _mm512_castps_pd(t[g]), hi0 = _mm512_castps_pd(t[g + 1]);
    const __m512d lo1 = _mm512_castps_pd(t[g + 2]), hi1 = _mm512_castps_pd(t[g + 3]);
    r[g + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(lo0, lo1));
    r[g + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(lo0, lo1));
    r[g + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(hi0, hi1));
    r[g + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(hi0, hi1));
  }
  for (int c = 0; c < 4; ++c) {
    const __m512 even01 = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x88);
    const __m512 odd01 = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xDD);
    const __m512 even23 = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x88);
    const __m512 odd23 = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xDD);
    t[c] = _mm512_shuffle_f32x4(even01, even23, 0x88);      // column c
    t[8 + c] = _mm512_shuffle_f32x4(even01, even23, 0xDD);  // column 8 + c
    t[4 + c] = _mm512_shuffle_f32x4(odd01, odd23, 0x88);    // column 4 + c
    t[12 + c] = _mm512_shuffle_f32x4(odd01, odd23, 0xDD);   // column 12 + c
  }
  for (int i = 0; i < count; ++i) _mm512_storeu_ps(out + i * ldo, t[i]);
}
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

// Only the first `count` rows of the transpose are stored (the block's
// first `count` columns of in); all L of every input row are read.
template <typename T>
void TransposeBlock(const T* in, int64_t ldi, T* out, int64_t ldo, int count = Simd<T>::kLanes) {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<T, float>) return TransposeBlock16(in, ldi, out, ldo, count);
#endif
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  typename S::V row[L];
  for (int r = 0; r < L; ++r) row[r] = S::Load(in + r * ldi);
  TransposeStages<T, L / 2>(row);
  for (int r = 0; r < count; ++r) S::Store(out + r * ldo, row[r]);
}

// ---------------------------------------------------------------------------
// The one kernel behind forward and input gradient: a "shifted GEMM"
//
//   out[r][q] = Σ_k A(r, k) · src[off[k] + q]      r < M, q < Q
//
// Row k of the right-hand matrix is not stored anywhere: it is the source
// buffer read from offset off[k]. Laying a stride-1 correlation out on a
// "virtual" output grid whose row pitch equals the source row pitch makes
// every kernel tap (c, m, n) a constant shift of the whole output,
//   src[c][i + m][j + n] = src[c·plane + m·pitch + n + (i·pitch + j)],
// so im2col disappears: off[k] = c·plane + m·pitch + n and q = i·pitch + j.
// The pitch − width columns at the end of each virtual row are computed and
// thrown away. Strided layers are first split into stride phases so that
// every correlation is stride 1 (see PhasePlanes).
//
// Register tile: R rows of A (broadcast) × V vectors of consecutive q.
//   out[r·ldo + t] (+)= Σ_k apanel[k·R + r] · src[off[k] + t],  t < V·lanes
// `add` sums onto what out holds (a later block of k), else overwrites.
template <typename T, int R, int V>
[[gnu::always_inline]] inline void AccumulateTaps(int K, const T* apanel, const int64_t* off,
                                                  const T* src, typename Simd<T>::V (&acc)[R][V]) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  for (int k = 0; k < K; ++k) {
    const T* b = src + off[k];
    typename S::V bv[V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) bv[v] = S::Load(b + v * L);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const typename S::V a = S::Splat(apanel[int64_t{k} * R + r]);
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) acc[r][v] = S::Fma(a, bv[v], acc[r][v]);
    }
  }
}

template <typename T, int R, int V>
void BroadcastTile(int K, const T* apanel, const int64_t* off, const T* src, T* out, int64_t ldo,
                   bool add = false) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  typename S::V acc[R][V];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) acc[r][v] = add ? S::Load(out + r * ldo + v * L) : S::Zero();
  AccumulateTaps<T, R, V>(K, apanel, off, src, acc);
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) S::Store(out + r * ldo + v * L, acc[r][v]);
}

// Full panels use 8 rows × 3 vectors (24 accumulators; 4 × 3 with 16
// registers). A last panel of fewer rows widens in q to keep enough
// independent accumulators in flight.
using fast::kPanelRows;
template <int R>
constexpr int kTileVecs = kWideRegisterFile ? (R >= 6   ? 3
                                               : R >= 4 ? 4
                                                        : 6)
                                            : (R >= 3   ? 3
                                               : R == 2 ? 4
                                                        : 6);
static_assert(kQPad<float> % (int64_t{kTileVecs<1>} * Simd<float>::kLanes) == 0 &&
              kQPad<float> % (int64_t{kTileVecs<kPanelRows>} * Simd<float>::kLanes) == 0);

// The last panel runs its taps in blocks: one tile's source segments for a
// block (taps × tile width) stay within ~24 KiB of L1 while the q tiles
// move along, so what the next tap (n + 1: the same lines) and the next
// kernel row (one source row further: a recent tile's lines) read is still
// there. A few rows with a long K — the 7×7 stride-2 input gradient has
// M = C_in = 3 and K = 64 channels × 16 taps — otherwise stream every
// segment from L2 (blocking made that case 2–6× faster, conv_bench). Full
// panels reuse each segment 8 times already and measured no gain.
template <int R>
constexpr int kTapBlock = 24 * 1024 / (kTileVecs<R> * kVectorBytes);

template <typename T, int R>
void PanelRows(int K, const T* apanel, const int64_t* off, const T* src, int64_t Q, T* out,
               int64_t ldo, bool add) {
  constexpr int64_t tile = kTileVecs<R> * Simd<T>::kLanes;
  for (int k0 = 0; k0 < K; k0 += kTapBlock<R>) {
    const int kb = std::min(kTapBlock<R>, K - k0);
    for (int64_t q0 = 0; q0 < Q; q0 += tile)
      BroadcastTile<T, R, kTileVecs<R>>(kb, apanel + int64_t{k0} * R, off + k0, src + q0, out + q0,
                                        ldo, add || k0 > 0);
  }
}

}  // namespace

namespace fast {

template <typename T>
T* Scratch(Slot slot, int64_t n) {
  constexpr size_t kAlignSlack = 64 / sizeof(T);
  thread_local std::vector<T> buffers[kNumSlots];
  std::vector<T>& b = buffers[slot];
  if (b.size() < static_cast<size_t>(n) + kAlignSlack)
    b.resize(static_cast<size_t>(n) + kAlignSlack);
  const uintptr_t address = reinterpret_cast<uintptr_t>(b.data());
  return b.data() + ((64 - address % 64) % 64) / sizeof(T);
}

template <typename T>
void PackA(int M, int K, const T* a, int64_t rs, int64_t ks, T* apack) {
  for (int m0 = 0; m0 < M; m0 += kPanelRows) {
    const int rows = std::min(kPanelRows, M - m0);
    T* dst = apack + PackedAIndex(M, K, m0, 0);
    for (int k = 0; k < K; ++k)
      for (int r = 0; r < rows; ++r) dst[int64_t{k} * rows + r] = a[(m0 + r) * rs + k * ks];
  }
}

template <typename T>
void PackedShiftedGemm(int M, int K, const T* apack, const int64_t* off, const T* src, int64_t Q,
                       T* out, int64_t ldo, bool add) {
  // Full panels: q tiles outermost, so one tile's source rows stay in cache
  // while every panel of A passes over them.
  const int full = M / kPanelRows;
  constexpr int64_t tile = kTileVecs<kPanelRows> * Simd<T>::kLanes;
  for (int64_t q0 = 0; q0 < Q && full > 0; q0 += tile)
    for (int p = 0; p < full; ++p)
      BroadcastTile<T, kPanelRows, kTileVecs<kPanelRows>>(
          K, apack + int64_t{p} * kPanelRows * K, off, src + q0,
          out + int64_t{p} * kPanelRows * ldo + q0, ldo, add);
  const int m0 = full * kPanelRows;
  const T* ap = apack + int64_t{m0} * K;
  T* op = out + m0 * ldo;
  switch (M - m0) {
    case 1: return PanelRows<T, 1>(K, ap, off, src, Q, op, ldo, add);
    case 2: return PanelRows<T, 2>(K, ap, off, src, Q, op, ldo, add);
    case 3: return PanelRows<T, 3>(K, ap, off, src, Q, op, ldo, add);
    case 4: return PanelRows<T, 4>(K, ap, off, src, Q, op, ldo, add);
    case 5: return PanelRows<T, 5>(K, ap, off, src, Q, op, ldo, add);
    case 6: return PanelRows<T, 6>(K, ap, off, src, Q, op, ldo, add);
    case 7: return PanelRows<T, 7>(K, ap, off, src, Q, op, ldo, add);
    default: return;
  }
}

template <typename T>
void ShiftedGemm(int M, int K, const T* a, int64_t rs, int64_t ks, const int64_t* off, const T* src,
                 int64_t Q, T* out, int64_t ldo, bool add) {
  T* apack = Scratch<T>(kPackedA, int64_t{M} * K);
  PackA(M, K, a, rs, ks, apack);
  PackedShiftedGemm(M, K, apack, off, src, Q, out, ldo, add);
}

// The element types the fast path runs (shifted_gemm.h declares these).
template float* Scratch(Slot, int64_t);
template double* Scratch(Slot, int64_t);
template void PackA(int, int, const float*, int64_t, int64_t, float*);
template void PackA(int, int, const double*, int64_t, int64_t, double*);
template void PackedShiftedGemm(int, int, const float*, const int64_t*, const float*, int64_t,
                                float*, int64_t, bool);
template void PackedShiftedGemm(int, int, const double*, const int64_t*, const double*, int64_t,
                                double*, int64_t, bool);
template void ShiftedGemm(int, int, const float*, int64_t, int64_t, const int64_t*, const float*,
                          int64_t, float*, int64_t, bool);
template void ShiftedGemm(int, int, const double*, int64_t, int64_t, const int64_t*, const double*,
                          int64_t, double*, int64_t, bool);
#undef CONVBP_INSTANTIATE

}  // namespace fast

namespace {

// ---------------------------------------------------------------------------
// Stride phases. Window (i, j) reads pz_{c, i·s1 + m, j·s2 + n}. Writing
// m = a + s1·u (a = m mod s1) and y = r·s1 + a splits pz into s1·s2 phase
// planes,
//   plane(c, a, b)[r][t] = pz_{c, r·s1 + a, t·s2 + b},   Hq × Wq cells,
// and the read becomes plane(c, m mod s1, n mod s2)[i + m div s1][j + n div s2]:
// a stride-1 correlation. With s1 = s2 = 1 there is one plane per channel,
// pz's own.
template <typename T>
struct PhasePlanes {
  const T* data;
  int hq, wq;
  int64_t plane;  // ≥ hq · wq (see OddLinePitch)
};

// even[t] = row[2t], odd[t] = row[2t + 1] for 2t (+ 1) < n: one row of pz
// into its two column phases, 2·L values per step.
template <typename T>
void DeinterleaveRow(const T* row, int n, T* even, T* odd) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  int x = 0;
  for (; x + 2 * L <= n; x += 2 * L) {
    typename S::V e, o;
    S::Deinterleave(S::Load(row + x), S::Load(row + x + L), e, o);
    S::Store(even + x / 2, e);
    S::Store(odd + x / 2, o);
  }
  // The rest in pairs; an odd n ends on an even column.
  for (; x + 1 < n; x += 2) {
    even[x / 2] = row[x];
    odd[x / 2] = row[x + 1];
  }
  if (x < n) even[x / 2] = row[x];
}

// Zeros the cells of the phase planes (hq × wq cells at pitch `plane`, then
// `slack`) that no pz value lands on: the end of a phase row past pz's last
// column, phase rows past pz's last row, each plane's padding up to its
// pitch, and the slack. Clearing the whole buffer first instead (650 KB on
// the 7×7 stem) cost ~1 % of its forward call.
template <typename T>
void ClearPhaseGaps(const ConvShape& s, T* dst, int hq, int wq, int64_t plane, int64_t slack) {
  const int hp = s.Hp(), wp = s.Wp(), s1 = s.s1, s2 = s.s2;
  T* p = dst;
  for (int c = 0; c < s.c_in; ++c)
    for (int a = 0; a < s1; ++a)
      for (int b = 0; b < s2; ++b, p += plane) {
        const int count = CeilDiv(wp - b, s2);  // x = b + t·s2 < wp
        for (int r = 0; r < hq; ++r)
          std::fill(p + int64_t{r} * wq + (r * s1 + a < hp ? count : 0), p + int64_t{r + 1} * wq,
                    T(0));
        std::fill(p + int64_t{hq} * wq, p + plane, T(0));
      }
  std::fill_n(p, slack, T(0));
}

// Copies pz into phase planes followed by `slack` zeros.
template <typename T>
PhasePlanes<T> SplitPhases(const ConvShape& s, const Tensor<T>& pz, int64_t slack) {
  const int hq = CeilDiv(s.Hp(), s.s1), wq = CeilDiv(s.Wp(), s.s2);
  const int64_t plane = OddLinePitch<T>(int64_t{hq} * wq);
  const int64_t total = int64_t{s.c_in} * s.s1 * s.s2 * plane + slack;
  T* dst = Scratch<T>(kSource, total);
  const int hp = s.Hp(), wp = s.Wp(), s1 = s.s1, s2 = s.s2;
  // On small layers one fill of everything is quicker than a fill per row.
  if (total <= 4096) std::fill_n(dst, total, T(0));
  else ClearPhaseGaps(s, dst, hq, wq, plane, slack);
  for (int c = 0; c < s.c_in; ++c)
    for (int y = 0; y < hp; ++y) {
      // Row y of pz is row y div s1 of the phase-(y mod s1, b) planes.
      const T* row = pz.data() + (int64_t{c} * hp + y) * wp;
      T* out = dst + int64_t{c * s1 + y % s1} * s2 * plane + int64_t{y / s1} * wq;
      if (s2 == 1) {
        std::copy_n(row, wp, out);
        continue;
      }
      if (s2 == 2) {
        DeinterleaveRow(row, wp, out, out + plane);
        continue;
      }
      for (int b = 0; b < s2; ++b, out += plane) {
        const int count = CeilDiv(wp - b, s2);  // x = b + t·s2 < wp
        const T* in = row + b;
        for (int t = 0; t < count; ++t) out[t] = in[int64_t{t} * s2];
      }
    }
  return {dst, hq, wq, plane};
}

// Window geometry: kernel kh × kw slid with the layer's stride over pz,
// giving oh × ow windows. Normally kh = k1; WeightPositionsFast enlarges it
// by the remainder.
struct Windows {
  int kh, kw, oh, ow;
  int Taps(const ConvShape& s) const { return s.c_in * kh * kw; }
};

Windows LayerWindows(const ConvShape& s) { return {s.k1, s.k2, s.Ho(), s.Wo()}; }

// off[k] for tap k = (c·kh + m)·kw + n: where that tap's source row starts
// in the phase planes (see PhasePlanes); with dilation tap m reads pz row
// i·s1 + m·D1, so m·D1 takes the place of m. Entries past the last tap up to
// `padded` are 0 (valid reads whose results are discarded).
template <typename T>
int64_t* TapOffsets(const ConvShape& s, const Windows& win, const PhasePlanes<T>& pl, int padded) {
  thread_local std::vector<int64_t> off;
  off.assign(static_cast<size_t>(std::max(padded, win.Taps(s))), 0);
  for (int c = 0; c < s.c_in; ++c)
    for (int m = 0; m < win.kh; ++m)
      for (int n = 0; n < win.kw; ++n) {
        // Tap m sits m·D1 rows below the window's start: phase (m·D1) mod s1,
        // (m·D1) div s1 rows down that phase plane.
        const int y = m * s.d1, x = n * s.d2;
        off[(static_cast<size_t>(c) * win.kh + m) * win.kw + n] =
            int64_t{(c * s.s1 + y % s.s1) * s.s2 + x % s.s2} * pl.plane +
            int64_t{y / s.s1} * pl.wq + x / s.s2;
      }
  return off.data();
}

// ---------------------------------------------------------------------------
// Weight gradient. (5) sums over output positions q, and its result
// dW[d][k] has no axis that is contiguous in any source. So we compute the
// transpose,
//   dWᵀ[k][d] = Σ_q src[off[k] + q] · δᵀ[q][d],
// with δᵀ (one row of C_out values per virtual output position, zero in the
// discarded columns) as the vector operand and the tap reads broadcast: the
// register tile of BroadcastTile with the sum running along q instead of
// along taps. R taps × V vectors of output channels:
//   out[r·ldo + v·L + l] += Σ_{q0 ≤ q < q1} src[off[r] + q] · dT[q·ldd + v·L + l]
// The positions a tile sums over: virtual q0 ≤ q < q1, without the
// discarded columns j = q mod wq ≥ W' of each virtual row (their δ is 0:
// skipping them saves 2 of every 56 columns on 64×56×56, 3 of 112 on the
// 7×7 stem, and their δᵀ rows need not even be written).
struct QRange {
  int64_t q0, q1;
  int wq, ow;
};

template <typename T, int R, int V>
void TapTile(const QRange& qr, const int64_t* off, const T* src, const T* dT, int64_t ldd, T* out,
             int64_t ldo) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  const T* tap[R];
  for (int r = 0; r < R; ++r) tap[r] = src + off[r];
  typename S::V acc[R][V];
#pragma GCC unroll 12
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) acc[r][v] = S::Zero();
  for (int64_t q = qr.q0; q < qr.q1;) {
    const int64_t j = q % qr.wq;
    if (j >= qr.ow) {  // discarded columns: skip to the next virtual row
      q += qr.wq - j;
      continue;
    }
    for (const int64_t end = std::min(qr.q1, q + (qr.ow - j)); q < end; ++q) {
      typename S::V bv[V];
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) bv[v] = S::Load(dT + q * ldd + v * L);
#pragma GCC unroll 12
      for (int r = 0; r < R; ++r) {
        const typename S::V a = S::Splat(tap[r][q]);
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) acc[r][v] = S::Fma(a, bv[v], acc[r][v]);
      }
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) {
      T* o = out + r * ldo + v * L;
      S::Store(o, S::Load(o) + acc[r][v]);
    }
}

// Taps per tile for V vectors of channels: 24 accumulators (12 when V = 1);
// with 16 registers, 8–9.
template <int V>
constexpr int kTapRows = kWideRegisterFile ? (V == 1 ? 12 : 24 / V)
                                           : (V == 1   ? 8
                                              : V == 2 ? 4
                                              : V == 3 ? 3
                                                       : 2);
constexpr int kTapPad = 24;  // a multiple of every kTapRows

template <typename T, int V, int R = kTapRows<V> - 1>
void TapRemainder(int taps, const QRange& qr, const int64_t* off, const T* src, const T* dT,
                  int64_t ldd, T* out) {
  if constexpr (R >= 1) {
    if (taps == R) return TapTile<T, R, V>(qr, off, src, dT, ldd, out, ldd);
    TapRemainder<T, V, R - 1>(taps, qr, off, src, dT, ldd, out);
  }
}

template <typename T, int V>
void TapTiles(int K, const QRange& qr, const int64_t* off, const T* src, const T* dT, int64_t ldd,
              T* out) {
  constexpr int R = kTapRows<V>;
  const int full = K / R * R;
  for (int k0 = 0; k0 < full; k0 += R)
    TapTile<T, R, V>(qr, off + k0, src, dT, ldd, out + int64_t{k0} * ldd, ldd);
  // The last K mod R taps in a tile of their own size, not a full tile
  // half of padding (147 = 24·6 + 3 taps on the 7×7 stem).
  if (full < K)
    TapRemainder<T, V>(K - full, qr, off + full, src, dT, ldd, out + int64_t{full} * ldd);
}

// δᵀ rows q0 ≤ q < q1 of the virtual grid: dT[(q − q0)·ldd + d] = δ_{d,i,j}
// at q = i·wq + j for the real columns j < W' (the tiles skip the others),
// and 0 in the padding channels d ≥ C_out.
template <typename T>
void TransposeDelta(const ConvShape& s, const Windows& win, const Tensor<T>& delta, int wq,
                    int64_t q0, int64_t q1, T* dT, int64_t ldd) {
  constexpr int L = Simd<T>::kLanes;
  const int64_t channel = int64_t{win.oh} * win.ow;  // δ_{d,i,j} → δ_{d+1,i,j}
  // The rows of the discarded columns are left as they are (the tiles skip
  // them), so zeros are needed only in padding channels (zeroing every
  // chunk anyway cost ~3 % of the 7×7 stem's call).
  if (s.c_out % L != 0) std::fill_n(dT, (q1 - q0) * ldd, T(0));
  const int64_t size = channel * s.c_out;
  for (int64_t q = q0; q < q1;) {
    const int i = static_cast<int>(q / wq), j = static_cast<int>(q % wq);
    const int64_t run = std::min<int64_t>(q1 - q, wq - j);  // rest of virtual row i
    const int valid = static_cast<int>(std::clamp<int64_t>(win.ow - j, 0, run));
    const T* src = delta.data() + int64_t{i} * win.ow + j;  // δ_{0,i,j}
    T* dst = dT + (q - q0) * ldd;                           // δᵀ row q
    // Whole L×L blocks (L channels × L positions) by register transpose,
    // the ragged edges cell by cell.
    // The ragged last columns too, by a block that reads past them (into
    // δ's next row) and stores only the real ones — unless that read would
    // leave δ.
    int d = 0;
    for (; d + L <= s.c_out; d += L) {
      int t = 0;
      for (; t + L <= valid; t += L)
        TransposeBlock(src + d * channel + t, channel, dst + t * ldd + d, ldd);
      const int64_t last_read = (src - delta.data()) + (d + L - 1) * channel + t + L;
      if (t < valid && last_read <= size) {
        TransposeBlock(src + d * channel + t, channel, dst + t * ldd + d, ldd, valid - t);
        t = valid;
      }
      for (; t < valid; ++t)
        for (int e = d; e < d + L; ++e) dst[t * ldd + e] = src[e * channel + t];
    }
    for (; d < s.c_out; ++d)
      for (int t = 0; t < valid; ++t) dst[t * ldd + d] = src[d * channel + t];
    q += run;
  }
}

// Asks for δ's cells of virtual rows q0 ≤ q < q1 (every channel) to be
// brought into L2 ahead of their TransposeDelta. Channel d's cells are one
// run of δ's memory, but all C_out runs advance together: 64 streams on the
// 7×7 stem, more than the hardware prefetcher follows, so without this
// each chunk's transpose waited on memory (~50 µs per call there, as long
// as all the transposes' shuffles; the tiles of the chunk before cover the
// wait now).
template <typename T>
void PrefetchDelta(const ConvShape& s, const Windows& win, const Tensor<T>& delta, int wq,
                   int64_t q0, int64_t q1) {
  if (q0 >= q1) return;
  // Flat index i·W' + min(j, W') of virtual q = i·wq + j: monotone in q.
  auto flat = [&](int64_t q) { return q / wq * win.ow + std::min<int64_t>(q % wq, win.ow); };
  const int64_t p0 = flat(q0), p1 = flat(q1), channel = int64_t{win.oh} * win.ow;
  constexpr int64_t line = 64 / sizeof(T);
  for (int d = 0; d < s.c_out; ++d)
    for (int64_t p = p0; p < p1; p += line)
      __builtin_prefetch(delta.data() + d * channel + p, 0, 2);
}

// ∂L/∂W for any window size (the layer's, or the enlarged one of the eq-5
// positions): dW[d][k] = Σ_{i,j} δ_{d,i,j} · src[off[k] + i·wq + j].
template <typename T>
Tensor<T> WeightGradWithWindows(const ConvShape& s, const Windows& win, const Tensor<T>& pz,
                                const Tensor<T>& delta) {
  constexpr int L = Simd<T>::kLanes;
  const int K = win.Taps(s);
  const int k_pad = static_cast<int>(RoundUp(K, kTapPad));
  const int vecs = CeilDiv(s.c_out, L);  // vectors of output channels
  const int64_t ldd = int64_t{vecs} * L;
  // Virtual grid: q = i·wq + j, up to the last real output (the discarded
  // columns after it would only add zeros).
  const int wq = CeilDiv(s.Wp(), s.s2);
  const int64_t Q = int64_t{win.oh - 1} * wq + win.ow;
  // With stride 1 the one phase plane per channel is pz itself, and every
  // read stays inside it: the last real output's window ends on pz's last
  // cell. Otherwise split pz into phases.
  const PhasePlanes<T> pl =
      s.s1 == 1 && s.s2 == 1 ? PhasePlanes<T>{pz.data(), s.Hp(), s.Wp(), int64_t{s.Hp()} * s.Wp()}
                             : SplitPhases(s, pz, Q);
  const int64_t* off = TapOffsets(s, win, pl, k_pad);
  T* dwT = Scratch<T>(kMatrixA, k_pad * ldd);
  std::fill_n(dwT, k_pad * ldd, T(0));
  // Chunks of q small enough that the chunk of δᵀ (≤ 128 rows × 4 vectors
  // = 32 KiB in float per block of channels) stays in L1 while every block
  // of taps sums over it.
  constexpr int64_t kChunk = 128;
  T* dT = Scratch<T>(kOut, kChunk * ldd);
  // Chunks span virtual rows; the tiles skip the discarded columns inside.
  // (Ending chunks at the real end of each row instead measured the same on
  // the 7×7 stem and 3 % slower on 64×56×56's short rows.)
  for (int64_t q0 = 0; q0 < Q; q0 += kChunk) {
    const int64_t q1 = std::min(Q, q0 + kChunk);
    TransposeDelta(s, win, delta, wq, q0, q1, dT, ldd);
    PrefetchDelta(s, win, delta, wq, q1, std::min(Q, q1 + kChunk));
    const QRange qr{q0, q1, wq, win.ow};
    for (int v0 = 0; v0 < vecs; v0 += 4) {
      // The tile reads row q of δᵀ at dT + q·ldd: shift the chunk so that
      // absolute q indexes it.
      const T* dcols = dT - q0 * ldd + int64_t{v0} * L;
      T* ocols = dwT + int64_t{v0} * L;
      switch (std::min(4, vecs - v0)) {
        case 4: TapTiles<T, 4>(K, qr, off, pl.data, dcols, ldd, ocols); break;
        case 3: TapTiles<T, 3>(K, qr, off, pl.data, dcols, ldd, ocols); break;
        case 2: TapTiles<T, 2>(K, qr, off, pl.data, dcols, ldd, ocols); break;
        default: TapTiles<T, 1>(K, qr, off, pl.data, dcols, ldd, ocols); break;
      }
    }
  }
  Tensor<T> dw(std::vector<int>{s.c_out, s.c_in, win.kh, win.kw});
  for (int d = 0; d < s.c_out; ++d)
    for (int k = 0; k < K; ++k) dw[int64_t{d} * K + k] = dwT[int64_t{k} * ldd + d];
  return dw;
}

// dst[j] = src[j] + b for j < n, by vectors; a ragged end by one more
// vector that overlaps the last whole one (the cells both write get the
// same value), not cell by cell: on the 7×7 stem's rows of 109 the scalar
// tail was 13 of every 109 cells and most of the copy's time.
template <typename T>
void AddBiasRow(const T* src, T b, int n, T* dst) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  if (n < L) {
    for (int j = 0; j < n; ++j) dst[j] = src[j] + b;
    return;
  }
  const typename S::V bv = S::Splat(b);
  for (int j = 0; j + L <= n; j += L) S::Store(dst + j, S::Load(src + j) + bv);
  if (n % L) S::Store(dst + n - L, S::Load(src + n - L) + bv);
}

// The forward's tiles can write the layer's z (C_out × H' × W') directly,
// the virtual grid's discarded columns dropped on the way: virtual q =
// i·wq + j is z(d, i, j) for j < W'. A vector of the tile that crosses the
// end of a virtual row puts its lanes j < W' on row i and its lanes from
// j = wq on at the start of row i + 1 (wq ≥ L: it never reaches i + 2).
// This saves the round trip through a scratch grid and the copy-out pass
// after it (~6 % of the 7×7 stem's call).
template <typename T>
struct LayerOut {
  T* z;
  const T* bias;
  int64_t channel;  // H'·W'
  int wq, wo, oh;
};

// Tile rows d0 … d0 + R − 1 (output channels) × V vectors from virtual q0:
// z = Σ taps, then + b (the order the scratch path added them in).
template <typename T, int R, int V>
void BroadcastTileToLayer(int K, const T* apanel, const int64_t* off, const T* src, int d0,
                          int64_t q0, const LayerOut<T>& out) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  typename S::V acc[R][V] = {};
  AccumulateTaps<T, R, V>(K, apanel, off, src, acc);
  for (int v = 0; v < V; ++v) {
    const int64_t q = q0 + int64_t{v} * L;
    const int i = static_cast<int>(q / out.wq), j = static_cast<int>(q % out.wq);
    if (i >= out.oh) return;  // past the last row: padding of Q
    T* row = out.z + int64_t{d0} * out.channel + int64_t{i} * out.wo;
    if (j + L <= out.wo) {
#pragma GCC unroll 8
      for (int r = 0; r < R; ++r)
        S::Store(row + r * out.channel + j, acc[r][v] + S::Splat(out.bias[d0 + r]));
      continue;
    }
    const int here = std::max(out.wo - j, 0), next = out.wq - j;  // lanes < here, ≥ next
    const bool wraps = next < L && i + 1 < out.oh;
    for (int r = 0; r < R; ++r) {
      const typename S::V zv = acc[r][v] + S::Splat(out.bias[d0 + r]);
      T* zr = row + r * out.channel;
      if (here > 0) S::StoreLanes(zr + j, zv, 0, here);
      if (wraps) S::StoreLanes(zr + out.wo, zv, next, L);
    }
  }
}

// Whether the forward writes z from its tiles: whole panels of output
// channels (a last, smaller panel would run in tap blocks that sum into the
// output, and z has no room for the discarded columns) and virtual rows of
// at least one vector.
template <typename T>
bool TilesWriteLayer(const ConvShape& s, int wq) {
  return s.c_out % fast::kPanelRows == 0 && wq >= Simd<T>::kLanes;
}

// (4) z = W · shifted(planes) + b on the virtual grid q = i·wq + j, then the
// j < W' columns are kept.
template <typename T>
void ForwardFastOneGroup(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                         const Tensor<T>& bias, Tensor<T>& z, int threads = 1) {
  const Windows win = LayerWindows(s);
  const int K = win.Taps(s);
  const int wq = CeilDiv(s.Wp(), s.s2);
  const int64_t Q = int64_t{s.Ho()} * wq;
  // The virtual grid is computed a block of output rows at a time into a
  // scratch of ~256 KiB, which stays in L2 until its rows are copied out: a
  // whole-grid scratch (3 MB for 64 × 109 × 109 floats) would be written
  // once, read back from memory and, on the first call, page-faulted in.
  const int rows = static_cast<int>(std::clamp<int64_t>(
      (int64_t{256} << 10) / (int64_t{s.c_out} * wq * int64_t{sizeof(T)}), 1, s.Ho()));
  const int64_t ldo = OddLinePitch<T>(RoundUp(int64_t{rows} * wq, kQPad<T>));
  const PhasePlanes<T> pl = SplitPhases(s, pz, RoundUp(Q, kQPad<T>) + kQPad<T>);
  const int64_t* off = TapOffsets(s, win, pl, K);
  // W packed once for all blocks (13 on the 7×7 stem; packing per block
  // cost ~2 % of the call).
  T* wpack = Scratch<T>(kPackedA, int64_t{s.c_out} * K);
  fast::PackA(s.c_out, K, weight.data(), K, 1, wpack);
  if (TilesWriteLayer<T>(s, wq)) {
    // Full panels only; q tiles outermost, as in PackedShiftedGemm.
    using fast::kPanelRows;
    constexpr int V = kTileVecs<kPanelRows>;
    constexpr int64_t tile = int64_t{V} * Simd<T>::kLanes;
    const LayerOut<T> out{z.data(), bias.data(), int64_t{s.Ho()} * s.Wo(), wq, s.Wo(), s.Ho()};
    const auto tiles = [&](int64_t q_begin, int64_t q_end) {
      for (int64_t q0 = q_begin; q0 < q_end; q0 += tile)
        for (int d0 = 0; d0 < s.c_out; d0 += kPanelRows)
          BroadcastTileToLayer<T, kPanelRows, V>(K, wpack + int64_t{d0} * K, off, pl.data + q0, d0,
                                                 q0, out);
    };
    // Two threads take the first and second half of the tiles. Each z cell
    // (d, i, j) belongs to the one tile that holds q = i·wq + j (a lane past
    // a row's end is q of the next row), so the halves write apart; both
    // read this thread's packed W, tap offsets and phase planes, which stay
    // put until both are done.
    const int64_t tile_count = (Q + tile - 1) / tile;
    InTwoHalves<int64_t>(threads > 1, 0, (tile_count + 1) / 2 * tile, Q, tiles);
    return;
  }
  T* zv = Scratch<T>(kOut, s.c_out * ldo);
  for (int i0 = 0; i0 < s.Ho(); i0 += rows) {
    const int n = std::min(rows, s.Ho() - i0);
    fast::PackedShiftedGemm(s.c_out, K, wpack, off, pl.data + int64_t{i0} * wq, int64_t{n} * wq, zv,
                            ldo);
    for (int d = 0; d < s.c_out; ++d)
      for (int i = 0; i < n; ++i)
        AddBiasRow(zv + d * ldo + int64_t{i} * wq, bias(d), s.Wo(), &z(d, i0 + i, 0));
  }
}

// (8) by stride phases. Cell y = r·s1 + a of ∂L/∂pz receives δ_{d,i,·} only
// through the kernel rows m whose tap offset m·D1 has phase (m·D1) mod s1 = a,
// from output row i = r − u with u = (m·D1) div s1; likewise for columns
// (x = t·s2 + b). So for each phase (a, b)
//   ∂L/∂pz_{c, r·s1+a, t·s2+b} = Σ_d Σ_{m ∈ rows(a)} Σ_{n ∈ cols(b)} W_{d,c,m,n} · δ_{d, r−u_m,
//   t−v_n}
// is a stride-1 "full" correlation of δ (zero outside H'×W') with the
// phase's sub-kernel — the pδ / rot180 picture of the seed, one phase at a
// time. δ is framed by Pu = ((k1−1)·D1) div s1 rows above (Pv columns left)
// so that r − u never goes negative: it is read at row r + Pu − u of the frame.
// Phases whose sub-kernel is empty (gap rows when s > K, or rows only holes
// reach) and cells past the last window (the ρ remainder) keep their 0.
template <typename T>
void InputGradPaddedFastOneGroup(const ConvShape& s, const Tensor<T>& weight,
                                 const Tensor<T>& delta, Tensor<T>& grad) {
  const int pu = (s.k1 - 1) * s.d1 / s.s1, pv = (s.k2 - 1) * s.d2 / s.s2;
  const int hq = CeilDiv(s.Hp(), s.s1), wq = CeilDiv(s.Wp(), s.s2);
  // Framed δ: hd rows of pitch wd per output channel, δ_{d,i,j} at
  // [i + pu][j + pv], zeros elsewhere. The zero columns right of a row and
  // the pv zero columns left of the next row are shared: a read at column
  // wd + e (e < pv) lands on column e of the next row, which is 0 — as the
  // frame would be. So wd = W' + pv suffices (and ≥ wq, the widest phase
  // output), and with stride 1 it equals Wp: no discarded columns at all.
  // The extra bottom row keeps the last row's wrap-around inside zeros.
  const int hd = hq + pu + 1, wd = std::max(s.Wo() + pv, wq);
  const int64_t frame = OddLinePitch<T>(int64_t{hd} * wd);
  const int64_t ldo = OddLinePitch<T>(RoundUp(int64_t{hq} * wd, kQPad<T>));
  // δ is framed a block of output channels at a time, each block's taps
  // summed onto every phase's grid: the framed copy is scratch, and a first
  // call pages in every byte of it (fresh memory measured ~0.5 µs per KiB
  // on our shared VM). Whole, the 7×7 stem's f64 frame is 6.6 MB, ≈ 3 ms
  // of page faults at that rate against a 2.3–2.7 ms call; in blocks,
  // later blocks reuse the first one's pages. Each block sums onto the
  // kept phase grids, though (C_in·s1·s2 of them: 0.6 MB in float, 1.2 MB
  // in double on the stem), one more pass over them per block. In float
  // 512 KiB blocks (10 channels on the stem) brought its first call from
  // ~1.6× to ~1.0× its warm time with the warm time unchanged; in double
  // the grids outgrow L2 and such blocks (4 channels) cost 3–7 % warm, so
  // double keeps 2 MB blocks (its first call measured ≤ 1.2× with them).
  constexpr int64_t kFrameBytes = sizeof(T) == 4 ? int64_t{512} << 10 : int64_t{2} << 20;
  const int block =
      static_cast<int>(std::clamp<int64_t>(kFrameBytes / (frame * int64_t{sizeof(T)}), 1, s.c_out));
  const int64_t total = block * frame + ldo;
  T* framed = Scratch<T>(kSource, total);
  // The phases' virtual grids, q = r·wd + t, one after the other (one
  // phase's when there is a single block: nothing to keep between blocks).
  const int kept = block < s.c_out ? s.s1 * s.s2 : 1;
  T* grids = Scratch<T>(kOut, int64_t{kept} * s.c_in * ldo);

  thread_local std::vector<int64_t> off;
  thread_local std::vector<int> rows, cols;  // kernel rows m / columns n of a phase
  for (int d0 = 0; d0 < s.c_out; d0 += block) {
    const int nd = std::min(block, s.c_out - d0);
    const bool last = d0 + nd == s.c_out;
    std::fill_n(framed, total, T(0));
    for (int d = 0; d < nd; ++d)
      for (int i = 0; i < s.Ho(); ++i)
        std::copy_n(&delta(d0 + d, i, 0), s.Wo(), framed + d * frame + int64_t{i + pu} * wd + pv);
    for (int a = 0; a < s.s1; ++a)
      for (int b = 0; b < s.s2; ++b) {
        rows.clear(), cols.clear();
        for (int m = 0; m < s.k1; ++m)
          if (m * s.d1 % s.s1 == a) rows.push_back(m);
        for (int n = 0; n < s.k2; ++n)
          if (n * s.d2 % s.s2 == b) cols.push_back(n);
        const int ku = static_cast<int>(rows.size()), kv = static_cast<int>(cols.size());
        const int hr = CeilDiv(s.Hp() - a, s.s1), wt = CeilDiv(s.Wp() - b, s.s2);
        if (ku == 0 || kv == 0 || hr <= 0 || wt <= 0) continue;
        // A[c][(d·ku + e)·kv + f] = W_{d0+d,c,m_e,n_f}, read at frame shift
        // (pu − u_e, pv − v_f).
        const int K = nd * ku * kv;
        T* a_mat = Scratch<T>(kMatrixA, int64_t{s.c_in} * K);
        off.assign(static_cast<size_t>(K), 0);
        for (int d = 0; d < nd; ++d)
          for (int e = 0; e < ku; ++e)
            for (int f = 0; f < kv; ++f) {
              const int m = rows[static_cast<size_t>(e)], n = cols[static_cast<size_t>(f)];
              const int u = m * s.d1 / s.s1, v = n * s.d2 / s.s2;
              const int k = (d * ku + e) * kv + f;
              off[static_cast<size_t>(k)] = d * frame + int64_t{pu - u} * wd + (pv - v);
              for (int c = 0; c < s.c_in; ++c) a_mat[int64_t{c} * K + k] = weight(d0 + d, c, m, n);
            }
        T* gv = grids + int64_t{kept > 1 ? a * s.s2 + b : 0} * s.c_in * ldo;
        ShiftedGemm(s.c_in, K, a_mat, K, 1, off.data(), framed, int64_t{hr} * wd, gv, ldo, d0 > 0);
        if (!last) continue;
        for (int c = 0; c < s.c_in; ++c)
          for (int r = 0; r < hr; ++r) {
            const T* src = gv + c * ldo + int64_t{r} * wd;
            T* dst = &grad(c, r * s.s1 + a, b);
            if (s.s2 == 1) std::copy_n(src, wt, dst);
            else
              for (int t = 0; t < wt; ++t) dst[int64_t{t} * s.s2] = src[t];
          }
      }
  }
}

// ---------------------------------------------------------------------------
// Groups: the g groups are g independent convolutions (C_in/g → C_out/g
// channels each), so each runs as its own set of GEMMs on its slice of
// channels. Channel blocks are contiguous in every tensor involved.

// The shape of one group's convolution.
ConvShape OneGroup(const ConvShape& s) {
  ConvShape g = s;
  g.c_in = s.GroupInChannels(), g.c_out = s.GroupOutChannels(), g.groups = 1;
  return g;
}

// Channels [first, first + count) of a tensor whose outermost axis is channels.
template <typename T>
Tensor<T> ChannelSlice(const Tensor<T>& t, int first, int count) {
  std::vector<int> dims = t.dims();
  const size_t per = t.size() / static_cast<size_t>(dims[0]);
  dims[0] = count;
  Tensor<T> out(dims);
  std::copy_n(t.data() + per * static_cast<size_t>(first), out.size(), out.data());
  return out;
}

template <typename T>
void PutChannels(Tensor<T>& t, int first, const Tensor<T>& part) {
  const size_t per = t.size() / static_cast<size_t>(t.dim(0));
  std::copy_n(part.data(), part.size(), t.data() + per * static_cast<size_t>(first));
}

// A result of dims `dims` whose channel block γ (`outer` channels per
// group) is f(one group's shape, γ).
template <typename T, size_t R, typename F>
Tensor<T> PerGroup(const ConvShape& s, const std::array<int, R>& dims, int outer, F&& f) {
  Tensor<T> out(dims);
  const ConvShape gs = OneGroup(s);
  for (int g = 0; g < s.groups; ++g) PutChannels(out, g * outer, f(gs, g));
  return out;
}

// t with dims `dims`: its own storage when the dims match (zeroed if asked;
// a new tensor is zeros anyway), else a new tensor.
template <typename T, size_t R>
void SizedAs(Tensor<T>& t, const std::array<int, R>& dims, bool zeroed) {
  if (t.dims() == std::vector<int>(dims.begin(), dims.end())) {
    if (zeroed) t.Fill(T(0));
    return;
  }
  t = Tensor<T>(dims);
}

}  // namespace

template <typename T>
void ForwardFastInto(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                     const Tensor<T>& bias, Tensor<T>& z, int threads) {
  if constexpr (std::is_same_v<T, float>)
    if (UseWinograd<T>(s)) return ForwardWinograd(s, pz, weight, bias, z);
  if (s.groups == 1) {
    SizedAs(z, s.OutputDims(), /*zeroed=*/false);  // every cell is written
    ForwardFastOneGroup(s, pz, weight, bias, z, threads);
    return;
  }
  z = ForwardFast(s, pz, weight, bias);
}

template <typename T>
Tensor<T> ForwardFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& weight,
                      const Tensor<T>& bias, int threads) {
  if (s.groups == 1) {
    Tensor<T> z;
    ForwardFastInto(s, pz, weight, bias, z, threads);
    return z;
  }
  if (UseGroupedRowKernels(s)) return ForwardGrouped(s, pz, weight, bias);
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  return PerGroup<T>(s, s.OutputDims(), co, [&](const ConvShape& gs, int g) {
    Tensor<T> z(gs.OutputDims());
    ForwardFastOneGroup(gs, ChannelSlice(pz, g * ci, ci), ChannelSlice(weight, g * co, co),
                        ChannelSlice(bias, g * co, co), z);
    return z;
  });
}

template <typename T>
Tensor<T> WeightGradFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta) {
  if (s.groups == 1) return WeightGradWithWindows(s, LayerWindows(s), pz, delta);
  if (UseGroupedRowKernels(s)) return WeightGradGrouped(s, s.k1, s.k2, pz, delta);
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  return PerGroup<T>(s, s.WeightDims(), co, [&](const ConvShape& gs, int g) {
    return WeightGradWithWindows(gs, LayerWindows(gs), ChannelSlice(pz, g * ci, ci),
                                 ChannelSlice(delta, g * co, co));
  });
}

template <typename T>
Tensor<T> WeightPositionsFast(const ConvShape& s, const Tensor<T>& pz, const Tensor<T>& delta) {
  const Windows win{s.WeightPositionsH(), s.WeightPositionsW(), s.Ho(), s.Wo()};
  if (s.groups == 1) return WeightGradWithWindows(s, win, pz, delta);
  if (UseGroupedRowKernels(s)) return WeightGradGrouped(s, win.kh, win.kw, pz, delta);
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  return PerGroup<T>(s, s.WeightPositionsDims(), co, [&](const ConvShape& gs, int g) {
    return WeightGradWithWindows(gs, win, ChannelSlice(pz, g * ci, ci),
                                 ChannelSlice(delta, g * co, co));
  });
}

template <typename T>
void InputGradPaddedFastInto(const ConvShape& s, const Tensor<T>& weight, const Tensor<T>& delta,
                             Tensor<T>& grad) {
  if constexpr (std::is_same_v<T, float>)
    if (UseWinograd<T>(s)) return InputGradPaddedWinograd(s, weight, delta, grad);
  if (s.groups == 1) {
    // Cells no window reads (ρ, phases without taps) are not written: 0.
    SizedAs(grad, s.PaddedInputDims(), /*zeroed=*/true);
    InputGradPaddedFastOneGroup(s, weight, delta, grad);
    return;
  }
  grad = InputGradPaddedFast(s, weight, delta);
}

template <typename T>
Tensor<T> InputGradPaddedFast(const ConvShape& s, const Tensor<T>& weight, const Tensor<T>& delta) {
  if (s.groups == 1) {
    Tensor<T> grad;
    InputGradPaddedFastInto(s, weight, delta, grad);
    return grad;
  }
  if (UseGroupedRowKernels(s)) return InputGradPaddedGrouped(s, weight, delta);
  const int ci = s.GroupInChannels(), co = s.GroupOutChannels();
  return PerGroup<T>(s, s.PaddedInputDims(), ci, [&](const ConvShape& gs, int g) {
    Tensor<T> grad(gs.PaddedInputDims());
    InputGradPaddedFastOneGroup(gs, ChannelSlice(weight, g * co, co),
                                ChannelSlice(delta, g * co, co), grad);
    return grad;
  });
}

#define CONVBP_INSTANTIATE(T)                                                                   \
  template void ForwardFastInto(const ConvShape&, const Tensor<T>&, const Tensor<T>&,           \
                                const Tensor<T>&, Tensor<T>&, int);                             \
  template void InputGradPaddedFastInto(const ConvShape&, const Tensor<T>&, const Tensor<T>&,   \
                                        Tensor<T>&);                                            \
  template Tensor<T> ForwardFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&,          \
                                 const Tensor<T>&, int);                                        \
  template Tensor<T> WeightGradFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&);      \
  template Tensor<T> WeightPositionsFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&); \
  template Tensor<T> InputGradPaddedFast(const ConvShape&, const Tensor<T>&, const Tensor<T>&);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
