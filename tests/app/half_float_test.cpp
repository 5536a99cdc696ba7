// HalfOf (the far path's texels) against a brute-force reference: every
// finite half decoded by its definition, and the nearest one found by search.
#include "half_float.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace convbp::app {
namespace {

// binary16 by its definition: (−1)^s · 2^(e−15) · (1 + m/1024), subnormals
// 2^−14 · m/1024.
double DecodeHalf(uint16_t h) {
  const int sign = h >> 15, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  const double magnitude = exponent == 0 ? std::ldexp(mantissa / 1024.0, -14)
                                         : std::ldexp(1 + mantissa / 1024.0, exponent - 15);
  return sign ? -magnitude : magnitude;
}

// The nearest non-negative finite half to |x| (ties to an even mantissa),
// or +inf's pattern when |x| is at least halfway past the largest.
uint16_t NearestHalf(const std::vector<uint16_t>& ordered, double x) {
  const double a = std::fabs(x);
  uint16_t best = 0;
  for (uint16_t h : ordered) {
    const double d = std::fabs(DecodeHalf(h) - a), e = std::fabs(DecodeHalf(best) - a);
    if (d < e || (d == e && (h & 1) == 0)) best = h;
  }
  if (a >= 65520.0) best = 0x7c00;
  return uint16_t(best | (x < 0 ? 0x8000 : 0));
}

TEST(HalfFloat, EveryHalfComesBackAsItself) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    if ((h & 0x7c00) == 0x7c00) continue;  // inf and NaN
    EXPECT_EQ(HalfOf(float(DecodeHalf(uint16_t(h)))), h) << std::hex << h;
  }
}

TEST(HalfFloat, RoundsToTheNearestHalf) {
  // The halves near each sample, searched exhaustively (a window around the
  // candidate keeps the search short but independent of HalfOf's arithmetic).
  std::vector<uint16_t> finite;
  for (uint16_t h = 0; h < 0x7c00; ++h) finite.push_back(h);
  std::mt19937 rng(16);
  std::uniform_real_distribution<double> exponent(-27, 17), unit(-1, 1);
  std::vector<float> samples = {0.0f, 1.0f, -1.0f, 0.5f, 65504.0f, 65519.0f, 1e-8f, 3e-8f, 1e-5f};
  for (int k = 0; k < 2000; ++k) samples.push_back(float(unit(rng) * std::exp2(exponent(rng))));
  for (uint16_t h : {uint16_t(0x3c00), uint16_t(0x0001), uint16_t(0x03ff), uint16_t(0x7bfe)}) {
    // Exactly between two neighbours: ties go to the even mantissa.
    samples.push_back(float((DecodeHalf(h) + DecodeHalf(uint16_t(h + 1))) / 2));
  }
  for (float x : samples) {
    const double a = std::fabs(double(x));
    std::vector<uint16_t> near;
    for (uint16_t h : finite)
      if (std::fabs(DecodeHalf(h) - a) <= std::max(a, 1e-7) * 2e-3 + 1e-7) near.push_back(h);
    if (near.empty()) near.push_back(0x7bff);
    EXPECT_EQ(HalfOf(x), NearestHalf(near, double(x))) << x;
  }
}

TEST(HalfFloat, InfinityAndNaN) {
  EXPECT_EQ(HalfOf(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(HalfOf(-1e6f), 0xfc00);
  const uint16_t nan = HalfOf(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7c00, 0x7c00);
  EXPECT_NE(nan & 0x3ff, 0);
}

}  // namespace
}  // namespace convbp::app
