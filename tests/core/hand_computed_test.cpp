// Cases small enough to compute on paper. Each expected number is derived in
// the comment next to it, not copied from the engine.
#include <gtest/gtest.h>

#include "engine.h"

namespace convbp {
namespace {

// The seed's example: 5×5 input, 3×3 kernel, stride 2 → 2×2 output.
// input x(i,j) = 5i + j (0..24), kernel all ones, bias 0, δ given.
Problem<double> SeedProblem() {
  ConvShape s;  // defaults: 1×5×5 → 1, k3, s2, p0
  Problem<double> p = ZeroProblem<double>(s, LossKind::kGivenGrad);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) p.input(0, i, j) = 5 * i + j;
  p.weight.Fill(1.0);
  // δ = [[1, 2], [3, 4]]
  p.loss_tensor(0, 0, 0) = 1;
  p.loss_tensor(0, 0, 1) = 2;
  p.loss_tensor(0, 1, 0) = 3;
  p.loss_tensor(0, 1, 1) = 4;
  return p;
}

TEST(HandComputed, SeedShapes) {
  const ConvShape s;
  EXPECT_EQ(s.Ho(), 2);  // (5 − 3)/2 + 1
  EXPECT_EQ(s.Wo(), 2);
  EXPECT_EQ(s.rho1(), 0);          // (5 − 3) mod 2
  EXPECT_EQ(s.DilatedH(), 3);      // (2 − 1)·2 + 1
  EXPECT_EQ(s.PaddedDeltaH(), 7);  // 3 + 2·(3 − 1)
  EXPECT_EQ(s.ForwardMacs(), 36);  // 1·2·2·1·3·3
}

class HandComputedRoutes : public ::testing::TestWithParam<Route> {};

TEST_P(HandComputedRoutes, SeedExample) {
  const Results<double> r = Compute(SeedProblem(), GetParam());
  // z(0,0): window rows 0–2, cols 0–2 of 5i+j: Σ = 9·(5·1 + 1) = 54 (mean 6).
  // z(0,1): cols 2–4, mean 5·1 + 3 = 8 → 72. z(1,0): mean 16 → 144. z(1,1): 18 → 162.
  EXPECT_DOUBLE_EQ(r.output(0, 0, 0), 54);
  EXPECT_DOUBLE_EQ(r.output(0, 0, 1), 72);
  EXPECT_DOUBLE_EQ(r.output(0, 1, 0), 144);
  EXPECT_DOUBLE_EQ(r.output(0, 1, 1), 162);
  // L = Σ z·δ = 54 + 144 + 432 + 648.
  EXPECT_DOUBLE_EQ(r.loss, 1278);
  // ∂L/∂b = 1 + 2 + 3 + 4.
  EXPECT_DOUBLE_EQ(r.grad_bias(0), 10);
  // ∂L/∂W(m,n) = Σ δ_ij x(2i+m, 2j+n) = 1·x(m,n) + 2·x(m,n+2) + 3·x(m+2,n) + 4·x(m+2,n+2)
  //            = 10·x(m,n) + 2·2 + 3·10 + 4·12 = 10·(5m+n) + 82.
  for (int m = 0; m < 3; ++m)
    for (int n = 0; n < 3; ++n) EXPECT_DOUBLE_EQ(r.grad_weight(0, 0, m, n), 10 * (5 * m + n) + 82);
  // ∂L/∂x with all-ones kernel: sum of δ over the windows covering the cell.
  // Rows 0–1 are covered by window row 0 only, row 2 by both, rows 3–4 by row 1.
  const double expect[5][5] = {
      {1, 1, 3, 2, 2}, {1, 1, 3, 2, 2}, {4, 4, 10, 6, 6}, {3, 3, 7, 4, 4}, {3, 3, 7, 4, 4}};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j)
      EXPECT_DOUBLE_EQ(r.grad_input(0, i, j), expect[i][j]) << i << "," << j;
  // δ^{l_padding}: 3×3 with δ at the corners and zeros between.
  EXPECT_DOUBLE_EQ(r.grad_output_dilated(0, 0, 2), 2);
  EXPECT_DOUBLE_EQ(r.grad_output_dilated(0, 1, 1), 0);
  EXPECT_DOUBLE_EQ(r.grad_output_dilated(0, 2, 0), 3);
  // pδ: framed by k − 1 = 2 zeros, so δ(0,0) sits at (2,2) and δ(1,1) at (4,4).
  EXPECT_DOUBLE_EQ(r.grad_output_padded(0, 2, 2), 1);
  EXPECT_DOUBLE_EQ(r.grad_output_padded(0, 4, 4), 4);
  EXPECT_DOUBLE_EQ(r.grad_output_padded(0, 0, 0), 0);
}

// 6×6 input, k3, s2: (6 − 3) = 3 = 1·2 + 1, so ρ = 1: the last row and
// column are never under a window and must get zero gradient.
TEST_P(HandComputedRoutes, StrideRemainder) {
  ConvShape s;
  s.h = s.w = 6;
  Problem<double> p = ZeroProblem<double>(s, LossKind::kGivenGrad);
  for (size_t k = 0; k < p.input.size(); ++k) p.input[k] = double(k % 7) - 3;
  for (size_t k = 0; k < p.weight.size(); ++k) p.weight[k] = double(k) - 4;  // −4..4
  p.loss_tensor.Fill(1.0);
  const Results<double> r = Compute(p, GetParam());
  ASSERT_EQ(s.rho1(), 1);
  ASSERT_EQ(s.Ho(), 2);
  for (int j = 0; j < 6; ++j) EXPECT_EQ(r.grad_input(0, 5, j), 0.0) << "row 5 is a remainder row";
  for (int i = 0; i < 6; ++i) EXPECT_EQ(r.grad_input(0, i, 5), 0.0) << "col 5 is a remainder col";
  // Cell (2,2) is under all four windows at kernel offsets (2,2), (2,0), (0,2), (0,0):
  // W(2,2) + W(2,0) + W(0,2) + W(0,0) = 4 + 2 + (−2) + (−4) = 0 with δ = 1.
  EXPECT_DOUBLE_EQ(r.grad_input(0, 2, 2), 0);
  // Cell (1,1) only under window (0,0) at offset (1,1): W(1,1) = 0. Cell (1,2): windows
  // (0,0) at (1,2) and (0,1) at (1,0): W(1,2) + W(1,0) = 1 + (−1) = 0. Cell (0,3): window
  // (0,1) at (0,1): W(0,1) = −3.
  EXPECT_DOUBLE_EQ(r.grad_input(0, 0, 3), -3);
  // pδ has (2−1)·2+1 + 2·2 + ρ = 8 rows: the result has 8 − 3 + 1 = 6 = Hp rows.
  EXPECT_EQ(r.grad_output_padded.dim(1), 8);
  // Eq-5 positions: (k + ρ) = 4 per axis; the extra ones belong to no weight.
  EXPECT_EQ(r.weight_positions.dim(2), 4);
  EXPECT_EQ(r.weight_positions.dim(3), 4);
}

INSTANTIATE_TEST_SUITE_P(AllRoutes, HandComputedRoutes,
                         ::testing::Values(Route::kDirect, Route::kDerived, Route::kScatter,
                                           Route::kMatrix, Route::kFast));

TEST(ShapeValidation, MessagesNameTheRule) {
  ConvShape s;
  s.k1 = 7;
  EXPECT_NE(ValidateShape(s).find("k1 = 7"), std::string::npos) << ValidateShape(s);
  s = ConvShape{};
  s.s2 = 0;
  EXPECT_NE(ValidateShape(s).find("s2 = 0"), std::string::npos);
  s = ConvShape{};
  s.h = -1;
  EXPECT_NE(ValidateShape(s).find("H = -1"), std::string::npos);
  s = ConvShape{};
  s.c_in = 4000;
  s.h = s.w = 4000;
  EXPECT_NE(ValidateShape(s).find("cap"), std::string::npos);
  s = ConvShape{};
  s.p1 = 2;  // padding makes a 7-row kernel fit: 5 + 4 = 9 ≥ 7
  s.k1 = 7;
  EXPECT_EQ(ValidateShape(s), "");
}

}  // namespace
}  // namespace convbp
