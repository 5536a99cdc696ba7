// The quiz's random stream: splitmix64, so a seed gives the same questions
// with every compiler and standard library (std distributions differ
// between libstdc++ and the web build's libc++).
#pragma once

#include <cstdint>
#include <type_traits>

namespace convbp::quiz {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for quiz choices (n ≥ 1; the modulo bias is
  // below 2⁻⁴⁰ for the sizes used here), in n's own type: one template, not
  // overloads, because size_t is uint64_t here but 32 bits in the web build.
  template <typename N>
  requires std::is_integral_v<N> N Below(N n) {
    return static_cast<N>(Next() % static_cast<uint64_t>(n));
  }

 private:
  uint64_t state_;
};

}  // namespace convbp::quiz
