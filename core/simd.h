// One vector register of T for the hand-tiled kernels (conv_fast.cpp,
// conv_grouped.cpp): GCC vector extensions sized for the widest registers
// the build targets, FMA when the CPU has it. Internal to core/.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>

#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

// Our 64-byte vectors are passed by value between inline helpers; without
// AVX-512 GCC notes that such calls have a different ABI than in AVX-512
// builds. They never cross a library boundary, so the note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace convbp::simd {

// The register tiles of the kernels are sized for the register file: 32 registers with AVX-512
// (tiles of 24 accumulators), 16 otherwise (tiles of ≤ 12).
#if defined(__AVX512F__)
constexpr int kVectorBytes = 64;
constexpr bool kWideRegisterFile = true;
#elif defined(__AVX__)
constexpr int kVectorBytes = 32;
constexpr bool kWideRegisterFile = false;
#else
constexpr int kVectorBytes = 16;
constexpr bool kWideRegisterFile = false;
#endif

template <typename T>
struct Simd {
  typedef T V __attribute__((vector_size(kVectorBytes)));
  static constexpr int kLanes = kVectorBytes / sizeof(T);
  static V Zero() { return V{}; }
  static V Load(const T* p) {
    V v;
    std::memcpy(&v, p, sizeof v);  // an unaligned vector load
    return v;
  }
  static void Store(T* p, V v) { std::memcpy(p, &v, sizeof v); }
  // Lanes lo ≤ l < hi of v to p[0], p[1], … (hi − lo values; 0 ≤ lo < hi ≤ L).
  static void StoreLanes(T* p, V v, int lo, int hi) {
#if defined(__AVX512F__)
    if constexpr (sizeof(T) == 4) {
      const __mmask16 keep = static_cast<__mmask16>((1u << hi) - (1u << lo));
      const __m512 packed = lo == 0 ? v : _mm512_maskz_compress_ps(keep, v);
      return _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << (hi - lo)) - 1), packed);
    } else {
      const __mmask8 keep = static_cast<__mmask8>((1u << hi) - (1u << lo));
      const __m512d packed = lo == 0 ? v : _mm512_maskz_compress_pd(keep, v);
      return _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1u << (hi - lo)) - 1), packed);
    }
#else
    T lanes[kLanes];
    std::memcpy(lanes, &v, sizeof v);
    std::copy(lanes + lo, lanes + hi, p);
#endif
  }
  // x − 0 is x for every x (−0 included, where 0 + x would give +0), so the
  // compiler may drop the subtraction and fold the splat into the FMA's
  // memory operand (an embedded broadcast). 0 + x cost an add and a
  // register broadcast per splat: 16 extra ops per 24 FMAs in the tiles.
  static V Splat(T x) { return x - V{}; }
  // lo = a0 b0 a1 b1 …, hi = the second halves' interleave: a row's even
  // (a) and odd (b) columns back in order.
  static void Interleave(V a, V b, V& lo, V& hi) {
    InterleaveLanes(a, b, lo, hi, std::make_index_sequence<kLanes>());
  }
  template <size_t... l>
  static void InterleaveLanes(V a, V b, V& lo, V& hi, std::index_sequence<l...>) {
    lo = __builtin_shufflevector(a, b, (l % 2 ? kLanes + l / 2 : l / 2)...);
    hi = __builtin_shufflevector(a, b,
                                 (l % 2 ? kLanes + kLanes / 2 + l / 2 : kLanes / 2 + l / 2)...);
  }
  // The inverse: a row's 2·L values (a then b) split into its even and odd
  // columns — the two column phases of a stride-2 layer.
  static void Deinterleave(V a, V b, V& even, V& odd) {
    DeinterleaveLanes(a, b, even, odd, std::make_index_sequence<kLanes>());
  }
  template <size_t... l>
  static void DeinterleaveLanes(V a, V b, V& even, V& odd, std::index_sequence<l...>) {
    even = __builtin_shufflevector(a, b, (2 * l)...);
    odd = __builtin_shufflevector(a, b, (2 * l + 1)...);
  }
  static V Fma(V a, V b, V c) {
#if defined(__AVX512F__)
    if constexpr (sizeof(T) == 4) return _mm512_fmadd_ps(a, b, c);
    else return _mm512_fmadd_pd(a, b, c);
#elif defined(__AVX__) && defined(__FMA__)
    if constexpr (sizeof(T) == 4) return _mm256_fmadd_ps(a, b, c);
    else return _mm256_fmadd_pd(a, b, c);
#else
    return a * b + c;
#endif
  }
};

}  // namespace convbp::simd
