// Shape arithmetic of one 2-D convolution layer (core/README.md has the maths).
//
// Notation follows the seed derivation:
//   input z^{l-1}: C_in × H × W, kernel W: C_out × C_in × k1 × k2 (OIHW),
//   stride (s1, s2), zero padding (p1, p2) of the input.
// Derived sizes:
//   Hp = H + 2·p1                      padded input height
//   H' = floor((Hp − k1) / s1) + 1     output height
//   ρ1 = (Hp − k1) mod s1              rows of pz that no window reaches
// and likewise along the width.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace convbp {

// Caps that keep a typo from allocating gigabytes. Every tensor of a valid
// shape (including the intermediates of the derived routes) stays below
// kMaxTensorElements, i.e. at most 128 MiB in double.
inline constexpr int kMaxSpatial = 4096;   // H, W
inline constexpr int kMaxChannels = 4096;  // C_in, C_out
inline constexpr int kMaxKernel = 256;     // k1, k2
inline constexpr int kMaxStride = 256;     // s1, s2
inline constexpr int kMaxPadding = 256;    // p1, p2
inline constexpr int64_t kMaxTensorElements = int64_t{1} << 24;

struct ConvShape {
  int c_in = 1, h = 5, w = 5;  // input
  int c_out = 1;               // output channels
  int k1 = 3, k2 = 3;          // kernel
  int s1 = 2, s2 = 2;          // stride
  int p1 = 0, p2 = 0;          // zero padding of the input

  // Padded input pz.
  int Hp() const { return h + 2 * p1; }
  int Wp() const { return w + 2 * p2; }
  // Output z^l (and δ^l).
  int Ho() const { return (Hp() - k1) / s1 + 1; }
  int Wo() const { return (Wp() - k2) / s2 + 1; }
  // Stride remainders: trailing rows/columns of pz never under a window.
  int rho1() const { return (Hp() - k1) % s1; }
  int rho2() const { return (Wp() - k2) % s2; }
  // δ^{l_padding}: δ^l with s−1 zeros inserted between neighbouring cells.
  int DilatedH() const { return (Ho() - 1) * s1 + 1; }
  int DilatedW() const { return (Wo() - 1) * s2 + 1; }
  // pδ: δ^{l_padding} framed by k−1 zeros on every side plus ρ extra zeros
  // at the bottom/right, so that a stride-1 correlation with a k1×k2 kernel
  // yields exactly Hp × Wp cells: (Hp + k1 − 1) − k1 + 1 = Hp.
  int PaddedDeltaH() const { return DilatedH() + 2 * (k1 - 1) + rho1(); }
  int PaddedDeltaW() const { return DilatedW() + 2 * (k2 - 1) + rho2(); }
  // Positions of the eq-5 correlation (dilated δ slid over pz, stride 1):
  // (k1 + ρ1) × (k2 + ρ2); the first k1 × k2 are the weight gradient.
  int WeightPositionsH() const { return Hp() - DilatedH() + 1; }
  int WeightPositionsW() const { return Wp() - DilatedW() + 1; }

  std::array<int, 3> InputDims() const { return {c_in, h, w}; }
  std::array<int, 3> PaddedInputDims() const { return {c_in, Hp(), Wp()}; }
  std::array<int, 4> WeightDims() const { return {c_out, c_in, k1, k2}; }
  std::array<int, 3> OutputDims() const { return {c_out, Ho(), Wo()}; }
  std::array<int, 3> DilatedDims() const { return {c_out, DilatedH(), DilatedW()}; }
  std::array<int, 3> PaddedDeltaDims() const { return {c_out, PaddedDeltaH(), PaddedDeltaW()}; }

  // Multiply-adds of one forward pass: C_out·H'·W'·C_in·k1·k2.
  int64_t ForwardMacs() const;

  bool operator==(const ConvShape&) const = default;
};

// Returns "" when `shape` describes a computable layer, otherwise one line
// naming the parameter and the rule it breaks, e.g.
// "k1 = 7 is larger than the padded input height H + 2·p1 = 5".
std::string ValidateShape(const ConvShape& shape);

}  // namespace convbp
