// IEEE 754 binary16 ("half") from a float, for the far path's texture
// (grid_renderer.cpp): a texel per cell at 8 bytes instead of 16 halves the
// texture the GPU holds and the bytes a change uploads. A half keeps 11
// significant bits: a colour shade in [−1, 1] lands within 2⁻¹¹ of itself,
// far below one step of an 8-bit colour; the small integers (style,
// highlight) and alphas 0 and 1 are exact.
#pragma once

#include <cstdint>
#include <cstring>

namespace convbp::app {

// Rounds to the nearest half (ties to even); beyond ±65504 gives ±inf,
// below 2⁻¹⁴ a subnormal or 0, NaN stays NaN.
inline uint16_t HalfOf(float f) {
  uint32_t bits = 0;  // std::bit_cast, which the browser build's libc++ lacks
  std::memcpy(&bits, &f, sizeof bits);
  const uint16_t sign = uint16_t((bits >> 16) & 0x8000u);
  const uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude >= 0x7f800000u)  // inf or NaN
    return uint16_t(sign | 0x7c00u | (magnitude > 0x7f800000u ? 0x200u : 0u));
  if (magnitude >= 0x477ff000u) return uint16_t(sign | 0x7c00u);  // rounds past 65504
  if (magnitude < 0x38800000u) {  // below 2⁻¹⁴: a subnormal half, in units of 2⁻²⁴
    if (magnitude < 0x33000000u) return sign;  // below half of 2⁻²⁴: zero
    const uint32_t exponent = magnitude >> 23;
    const uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126u - exponent;  // 14..24: 2^(e−127)·m/2²³ in units of 2⁻²⁴
    uint32_t half = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1), halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
    return uint16_t(sign | half);
  }
  // Normal: rebias the exponent (127 → 15) and round 23 mantissa bits to 10;
  // a carry out of the mantissa correctly bumps the exponent.
  const uint32_t rebased = magnitude - (uint32_t(127 - 15) << 23);
  uint32_t half = rebased >> 13;
  const uint32_t rest = rebased & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
  return uint16_t(sign | half);
}

}  // namespace convbp::app
