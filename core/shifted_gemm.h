// The pieces the fast kernels share (conv_fast.cpp, conv_winograd.cpp):
// per-thread scratch, pitches that dodge L1 set aliasing, and the
// register-tiled "shifted GEMM" (its full story is in conv_fast.cpp)
//
//   out[r][q] = Σ_k A(r, k) · src[off[k] + q]      r < M, q < Q.
//
// With off[k] = k·ld this is a plain GEMM of A (M × K) and a row-major
// K × Q matrix of row pitch ld. Internal to core/.
#pragma once

#include <cstdint>

#include "simd.h"

namespace convbp::fast {

inline int64_t RoundUp(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

// A pitch of at least n elements whose size is an odd number of 64-byte
// lines. Buffers read in parallel at a pitch of a multiple of 4 KiB (a
// 32×32 float plane, say) all map to the same L1 set and evict each other;
// an odd line count spreads them over every set.
template <typename T>
int64_t OddLinePitch(int64_t n) {
  constexpr int64_t line = 64 / sizeof(T);
  const int64_t lines = (n + line - 1) / line;
  return (lines | 1) * line;
}

// Q is padded to a multiple of every register-tile width (3, 4 and 6 vectors).
template <typename T>
constexpr int64_t kQPad = 12 * simd::Simd<T>::kLanes;

// Scratch buffers reused across calls (per thread, per element type); they
// only grow, so a shape's buffers are sized on its first call. Each slot is
// used by one role at a time. The returned pointer is 64-byte aligned, so
// rows at a pitch of whole lines load without splitting cache lines.
enum Slot { kSource, kPackedA, kOut, kMatrixA, kTransformed, kNumSlots };
template <typename T>
T* Scratch(Slot slot, int64_t n);

// Rows of A per register tile: 8 with 32 vector registers, 4 with 16.
constexpr int kPanelRows = simd::kWideRegisterFile ? 8 : 4;

// Where A(r, k) sits in the packed layout: panel by panel (rows
// m0 … m0 + R − 1, R = kPanelRows or fewer in the last), each as [k][R],
// panel m0 at m0·K.
inline int64_t PackedAIndex(int M, int K, int r, int k) {
  const int m0 = r / kPanelRows * kPanelRows;
  const int rows = M - m0 < kPanelRows ? M - m0 : kPanelRows;
  return int64_t{m0} * K + int64_t{k} * rows + (r - m0);
}

// A(r, k) = a[r·rs + k·ks] packed into the panel layout the tiles read
// (M·K values at apack), so a caller that multiplies one A by many
// right-hand sides packs it once.
template <typename T>
void PackA(int M, int K, const T* a, int64_t rs, int64_t ks, T* apack);

// out (M rows, pitch ldo ≥ RoundUp(Q, kQPad)) = A · shifted(src), A packed
// by PackA; with `add`, out += A · shifted(src). src must be readable up to max(off) + RoundUp(Q,
// kQPad); what lies past the real data only reaches the columns q ≥ Q.
template <typename T>
void PackedShiftedGemm(int M, int K, const T* apack, const int64_t* off, const T* src, int64_t Q,
                       T* out, int64_t ldo, bool add = false);

// The same with A packed into Scratch(kPackedA) first.
template <typename T>
void ShiftedGemm(int M, int K, const T* a, int64_t rs, int64_t ks, const int64_t* off, const T* src,
                 int64_t Q, T* out, int64_t ldo, bool add = false);

}  // namespace convbp::fast
