// Shape arithmetic of one 2-D convolution layer (core/README.md has the maths).
//
// Notation follows the seed derivation:
//   input z^{l-1}: C_in × H × W, kernel W: C_out × C_in/g × k1 × k2 (OIHW),
//   stride (s1, s2), zero padding (p1, p2) of the input, dilation (D1, D2),
//   groups g (output channel d reads only the C_in/g input channels of its
//   group γ = d div (C_out/g): c = γ·C_in/g + c').
// Derived sizes:
//   Hp = H + 2·p1                      padded input height
//   K1 = (k1 − 1)·D1 + 1               dilated kernel extent
//   H' = floor((Hp − K1) / s1) + 1     output height
//   ρ1 = (Hp − K1) mod s1              rows of pz that no window reaches
// and likewise along the width.
//
// Transposed mode (PyTorch's ConvTranspose2d): the fields are the transposed
// layer's own arguments — c_in, h, w its input x, c_out its output
// channels, output padding (op1, op2), weight C_in × C_out/g × k1 × k2 — and
// its forward pass is eq 8 (+ the crop of eq 9) of the conv Adjoint(): the
// conv whose input is this layer's output. Only InputDims, OutputDims,
// WeightDims and Adjoint() are meaningful on a transposed shape; every other
// size below is conv geometry: ask Adjoint() for it.
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
inline constexpr int kMaxDilation = 256;   // D1, D2
inline constexpr int64_t kMaxTensorElements = int64_t{1} << 24;

enum class ConvMode : uint8_t { kConv, kTransposed };

struct ConvShape {
  int c_in = 1, h = 5, w = 5;  // input
  int c_out = 1;               // output channels
  int k1 = 3, k2 = 3;          // kernel
  int s1 = 2, s2 = 2;          // stride
  int p1 = 0, p2 = 0;          // zero padding of the input
  int d1 = 1, d2 = 1;          // dilation: tap m of a window sits m·D from its first
  int groups = 1;              // g: C_in and C_out split into g independent groups
  ConvMode mode = ConvMode::kConv;
  int op1 = 0, op2 = 0;  // output_padding, transposed mode only

  // Dilated kernel extent: positions from a window's first tap to its last.
  int K1() const { return (k1 - 1) * d1 + 1; }
  int K2() const { return (k2 - 1) * d2 + 1; }
  // Channels per group: input channels one output channel reads, and
  // output channels reading one group of input channels.
  int GroupInChannels() const { return c_in / groups; }
  int GroupOutChannels() const { return c_out / groups; }
  // Group of output channel d, and the input channel its kernel slice c' reads.
  int GroupOf(int d) const { return d / GroupOutChannels(); }
  int InputChannel(int d, int c_local) const { return GroupOf(d) * GroupInChannels() + c_local; }
  // Group of input channel c, and its index c' inside the group's kernels.
  int GroupOfInput(int c) const { return c / GroupInChannels(); }
  int LocalInput(int c) const { return c % GroupInChannels(); }

  // Padded input pz.
  int Hp() const { return h + 2 * p1; }
  int Wp() const { return w + 2 * p2; }
  // Output z^l (and δ^l).
  int Ho() const { return (Hp() - K1()) / s1 + 1; }
  int Wo() const { return (Wp() - K2()) / s2 + 1; }
  // Stride remainders: trailing rows/columns of pz never under a window.
  int rho1() const { return (Hp() - K1()) % s1; }
  int rho2() const { return (Wp() - K2()) % s2; }
  // δ^{l_padding}: δ^l with s−1 zeros inserted between neighbouring cells.
  int DilatedH() const { return (Ho() - 1) * s1 + 1; }
  int DilatedW() const { return (Wo() - 1) * s2 + 1; }
  // pδ: δ^{l_padding} framed by K−1 zeros on every side plus ρ extra zeros
  // at the bottom/right, so that a stride-1 correlation with the dilated
  // kernel (extent K) yields exactly Hp × Wp cells: (Hp + K − 1) − K + 1 = Hp.
  int PaddedDeltaH() const { return DilatedH() + 2 * (K1() - 1) + rho1(); }
  int PaddedDeltaW() const { return DilatedW() + 2 * (K2() - 1) + rho2(); }
  // Positions of the eq-5 correlation (δ^{l_padding} slid over pz with
  // stride D — stride and dilation swap roles): position m reads pz from
  // row m·D1, and fits while m·D1 + DilatedH ≤ Hp, so there are
  // k1 + ρ1 div D1 of them; the first k1 × k2 are the weight gradient.
  int WeightPositionsH() const { return (Hp() - DilatedH()) / d1 + 1; }
  int WeightPositionsW() const { return (Wp() - DilatedW()) / d2 + 1; }

  // ---- transposed mode -------------------------------------------------
  // Output size of ConvTranspose2d: (H − 1)·s − 2p + (k − 1)·D + op + 1.
  int TransposedOutH() const { return (h - 1) * s1 - 2 * p1 + (k1 - 1) * d1 + op1 + 1; }
  int TransposedOutW() const { return (w - 1) * s2 - 2 * p2 + (k2 - 1) * d2 + op2 + 1; }
  // The conv whose input gradient (eq 8, 9) is this transposed layer's
  // forward: its input is our output (C_out × TransposedOut), its δ our
  // input x, its OIHW weight our C_in × C_out/g weight, unchanged. Its
  // remainder ρ is op mod s; its H' is h + op div s (= h unless op ≥ s,
  // possible only when D > s: then δ has op div s trailing zero rows x lacks).
  ConvShape Adjoint() const;

  // The layer's own tensors, in either mode.
  std::array<int, 3> InputDims() const { return {c_in, h, w}; }
  std::array<int, 4> WeightDims() const {
    return mode == ConvMode::kConv ? std::array<int, 4>{c_out, c_in / groups, k1, k2}
                                   : std::array<int, 4>{c_in, c_out / groups, k1, k2};
  }
  std::array<int, 3> OutputDims() const {
    return mode == ConvMode::kConv ? std::array<int, 3>{c_out, Ho(), Wo()}
                                   : std::array<int, 3>{c_out, TransposedOutH(), TransposedOutW()};
  }
  std::array<int, 3> PaddedInputDims() const { return {c_in, Hp(), Wp()}; }
  std::array<int, 3> DilatedDims() const { return {c_out, DilatedH(), DilatedW()}; }
  std::array<int, 3> PaddedDeltaDims() const { return {c_out, PaddedDeltaH(), PaddedDeltaW()}; }

  std::array<int, 4> WeightPositionsDims() const {
    return {c_out, c_in / groups, WeightPositionsH(), WeightPositionsW()};
  }

  // Multiply-adds of one forward pass: C_out·H'·W'·(C_in/g)·k1·k2.
  int64_t ForwardMacs() const;

  bool operator==(const ConvShape&) const = default;
};

// Returns "" when `shape` describes a computable layer, otherwise one line
// naming the parameter and the rule it breaks, e.g.
// "k1 = 7 is larger than the padded input height H + 2·p1 = 5". Checks
// dilation ≥ 1, groups dividing C_in and C_out, the dilated kernel fitting
// the padded input and, in transposed mode, output_padding < max(s, D) and
// a positive output size.
std::string ValidateShape(const ConvShape& shape);

}  // namespace convbp
