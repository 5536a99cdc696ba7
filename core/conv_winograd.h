// Winograd F(2×2, 3×3): the float fast path of 3×3 stride-1 layers.
//
// One output tile. A 3-tap correlation producing 2 outputs,
//   y0 = d0·g0 + d1·g1 + d2·g2,   y1 = d1·g0 + d2·g1 + d3·g2,
// costs 6 multiplies done directly. Winograd's minimal filtering writes it
// as y = Aᵀ[(G g) ⊙ (Bᵀ d)] with
//        ⎡1  0 −1  0⎤        ⎡ 1    0    0 ⎤
//   Bᵀ = ⎢0  1  1  0⎥    G = ⎢1/2  1/2  1/2⎥    Aᵀ = ⎡1 1  1  0⎤
//        ⎢0 −1  1  0⎥        ⎢1/2 −1/2  1/2⎥         ⎣0 1 −1 −1⎦
//        ⎣0  1  0 −1⎦        ⎣ 0    0    1 ⎦
// (expand m0 + m1 + m2 and m1 − m2 − m3 of m = (G g) ⊙ (Bᵀ d) to get y0
// and y1 back): 4 multiplies instead of 6. Nesting it along rows and columns gives the 2D
// form for a 2×2 output tile read from a 4×4 input patch d:
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
// 4·4 = 16 elementwise multiplies where the direct 2×2 tile needs
// 2·2·9 = 36. The transforms are only additions (and halvings, in G).
//
// A layer. Summing over input channels commutes with Aᵀ(·)A, so with
//   U[ξ][o][i] = (G g_{o,i} Gᵀ)_ξ      (filters: once per call)
//   V[ξ][i][p] = (Bᵀ d_{i,p} B)_ξ      (input patch of tile p)
// every ξ of the 16 is an independent GEMM, M[ξ] = U[ξ] · V[ξ]
// (C_out × C_in times C_in × tiles), and Y_{o,p} = Aᵀ M[·][o][p] A. The
// GEMMs are 16·C_in·C_out multiply-adds per tile against 36·C_in·C_out
// directly: 2.25× fewer, paid for by the transforms (O(C_in + C_out) adds
// per tile), so it wins when both channel counts are large.
//
// Where it runs: eq 4 (forward) on f32 layers with a 3×3 kernel, stride 1,
// dilation 1, one group; and eq 8 (input gradient) on the same layers, which
// is then also a 3×3 stride-1 correlation: of δ framed by 2 zeros (pδ) with
// rot180 W, input and output channels swapped. f64 never uses it: its
// results must stay exact to 1e-12 against the direct loops, and the
// transforms round differently (the f32 error bound is in
// tests/core/winograd_test.cpp).
#pragma once

#include "shape.h"
#include "tensor.h"

namespace convbp {

// True where the fast path takes the Winograd route for element type T:
// float only, 3×3 kernel, stride 1, dilation 1, one group, and channel
// counts large enough that the transforms pay for themselves (measured
// with tests/bench/conv_bench).
template <typename T>
bool UseWinograd(const ConvShape& s);

// (4) z = conv(pz, W) + b into z (C_out × H' × W', resized if its dims
// differ). Precondition: the shape is eligible (UseWinograd's geometry).
void ForwardWinograd(const ConvShape& s, const Tensor<float>& pz, const Tensor<float>& weight,
                     const Tensor<float>& bias, Tensor<float>& z);

// (8) ∂L/∂pz = full correlation of δ with rot180 W into grad (C_in × Hp × Wp).
void InputGradPaddedWinograd(const ConvShape& s, const Tensor<float>& weight,
                             const Tensor<float>& delta, Tensor<float>& grad);

}  // namespace convbp
