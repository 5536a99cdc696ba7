// The unrolled matrix C (core/matrix): checked against constructions that
// do not use the layout code.
//   - column col of C is the forward conv (eq 4, no bias, the direct loops)
//     of the unit impulse at pz cell col;
//   - the columns with no entry are exactly the cells no window's tap
//     reaches (remainder, gaps s > K, dilation holes), found by brute force;
//   - the rows reading a column are the windows whose taps land on it,
//     found by looping over every window and tap;
//   - C·vec(pz) + b, Cᵀ·vec(δ) and the entry sum for ∂L/∂W equal eq 4, 8, 5;
//   - a transposed layer is crop(Cᵀ·vec(x)) + b of its adjoint's C;
//   - the index maps round-trip.
#include "matrix/conv_matrix.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "conv_direct.h"
#include "test_support.h"
#include "transposed.h"

namespace convbp {
namespace {

using matrix::BuildConvMatrix;
using testing::Describe;
using testing::MakeShape;
using testing::TensorsNear;
using testing::WithDilationGroups;

std::vector<ConvShape> MatrixShapes() {
  std::vector<ConvShape> shapes = testing::EdgeShapes();
  for (const ConvShape& s : testing::DilationGroupEdgeShapes()) shapes.push_back(s);
  for (const ConvShape& s : testing::RandomDilatedGroupedShapes(/*seed=*/20261129, /*count=*/30))
    shapes.push_back(s);
  return shapes;
}

// C as a dense array from its Eigen form: dense[r][col].
std::vector<std::vector<double>> Dense(const matrix::SparseMatrix<double>& c) {
  std::vector<std::vector<double>> out(size_t(c.rows()), std::vector<double>(size_t(c.cols()), 0));
  for (int r = 0; r < c.outerSize(); ++r)
    for (matrix::SparseMatrix<double>::InnerIterator it(c, r); it; ++it)
      out[size_t(r)][size_t(it.col())] = it.value();
  return out;
}

// Brute force: the set of (d, i, j) whose window has a tap on pz[c, y, x].
std::set<std::tuple<int, int, int>> WindowsReading(const ConvShape& s, int c, int y, int x) {
  std::set<std::tuple<int, int, int>> out;
  for (int d = 0; d < s.c_out; ++d)
    for (int cl = 0; cl < s.GroupInChannels(); ++cl) {
      if (s.InputChannel(d, cl) != c) continue;
      for (int i = 0; i < s.Ho(); ++i)
        for (int j = 0; j < s.Wo(); ++j)
          for (int m = 0; m < s.k1; ++m)
            for (int n = 0; n < s.k2; ++n)
              if (i * s.s1 + m * s.d1 == y && j * s.s2 + n * s.d2 == x) out.insert({d, i, j});
    }
  return out;
}

TEST(ConvMatrix, IndexMapsRoundTrip) {
  for (const ConvShape& s : MatrixShapes()) {
    SCOPED_TRACE(Describe(s));
    int64_t expect_row = 0;
    for (int d = 0; d < s.c_out; ++d)
      for (int i = 0; i < s.Ho(); ++i)
        for (int j = 0; j < s.Wo(); ++j) {
          // Row-major order: the rows count up in (d, i, j) order.
          ASSERT_EQ(matrix::RowOf(s, d, i, j), expect_row++);
          EXPECT_EQ(matrix::OutputOfRow(s, matrix::RowOf(s, d, i, j)),
                    (matrix::OutputIndex{d, i, j}));
        }
    EXPECT_EQ(expect_row, matrix::RowCount(s));
    int64_t expect_col = 0;
    for (int c = 0; c < s.c_in; ++c)
      for (int y = 0; y < s.Hp(); ++y)
        for (int x = 0; x < s.Wp(); ++x) {
          ASSERT_EQ(matrix::ColOf(s, c, y, x), expect_col++);
          EXPECT_EQ(matrix::PaddedOfCol(s, matrix::ColOf(s, c, y, x)),
                    (matrix::PaddedIndex{c, y, x}));
        }
    EXPECT_EQ(expect_col, matrix::ColCount(s));
  }
}

TEST(ConvMatrix, ColumnsAreTheForwardConvOfUnitImpulses) {
  std::mt19937 rng(7);
  int zero_columns = 0;
  for (const ConvShape& s : MatrixShapes()) {
    SCOPED_TRACE(Describe(s));
    if (matrix::RowCount(s) * matrix::ColCount(s) > (int64_t{1} << 20)) continue;  // dense copy
    const Tensor<double> w = testing::RandomTensor<double>(s.WeightDims(), rng);
    const matrix::SparseMatrix<double> c = BuildConvMatrix(s, w);
    ASSERT_EQ(c.rows(), int64_t{s.c_out} * s.Ho() * s.Wo());
    ASSERT_EQ(c.cols(), int64_t{s.c_in} * s.Hp() * s.Wp());
    EXPECT_EQ(c.nonZeros(), s.ForwardMacs());
    const auto dense = Dense(c);
    const Tensor<double> no_bias(std::vector<int>{s.c_out});
    Tensor<double> impulse(s.PaddedInputDims());
    for (size_t col = 0; col < impulse.size(); ++col) {
      impulse.Fill(0);
      impulse[col] = 1;
      const Tensor<double> z = ForwardDirect(s, impulse, w, no_bias);
      bool all_zero = true;
      for (size_t r = 0; r < z.size(); ++r) {
        ASSERT_EQ(dense[r][col], z[r]) << "row " << r << " col " << col;
        all_zero = all_zero && z[r] == 0;
      }
      zero_columns += all_zero;
    }
  }
  EXPECT_GT(zero_columns, 0);
}

// The empty columns are exactly the pz cells no tap reaches, by brute
// force; and the sweep holds remainder, gap (s > K), hole and group cases.
TEST(ConvMatrix, EmptyColumnsAreTheUnreadCells) {
  int remainder = 0, gap = 0, hole = 0, grouped = 0;
  for (const ConvShape& s : MatrixShapes()) {
    SCOPED_TRACE(Describe(s));
    remainder += s.rho1() > 0 || s.rho2() > 0;
    gap += s.s1 > s.K1() || s.s2 > s.K2();
    hole += s.d1 > 1 || s.d2 > 1;
    grouped += s.groups > 1;
    for (int c = 0; c < s.c_in; ++c)
      for (int y = 0; y < s.Hp(); ++y)
        for (int x = 0; x < s.Wp(); ++x) {
          const int64_t col = matrix::ColOf(s, c, y, x);
          const bool read = !WindowsReading(s, c, y, x).empty();
          ASSERT_EQ(matrix::EntriesInColumn(s, col) > 0, read) << c << "," << y << "," << x;
        }
  }
  EXPECT_GT(remainder, 0);
  EXPECT_GT(gap, 0);
  EXPECT_GT(hole, 0);
  EXPECT_GT(grouped, 0);
}

// The rows of C reading a column are the windows (eq 4) and the δ cells
// (eq 8) that touch the padded-input cell. This is the identity the app's
// "hover a column, light up its windows" relies on.
void ExpectRowsReadingAreTheWindowsOnTheCell(const ConvShape& s) {
  SCOPED_TRACE(Describe(s));
  for (int c = 0; c < s.c_in; ++c)
    for (int y = 0; y < s.Hp(); ++y)
      for (int x = 0; x < s.Wp(); ++x) {
        const int64_t col = matrix::ColOf(s, c, y, x);
        std::set<std::tuple<int, int, int>> got;
        int64_t previous = -1;
        for (int64_t r : matrix::RowsReadingColumn(s, col)) {
          EXPECT_GT(r, previous) << "rows must increase";
          previous = r;
          const matrix::OutputIndex o = matrix::OutputOfRow(s, r);
          got.insert({o.d, o.i, o.j});
        }
        EXPECT_EQ(got, WindowsReading(s, c, y, x)) << "cell " << c << "," << y << "," << x;
        EXPECT_EQ(int64_t(got.size()), matrix::EntriesInColumn(s, col));
      }
}

TEST(ConvMatrix, RowsReadingAColumnAreTheWindowsOnThatCell) {
  // The seed example (1×5×5, k3, s2) and a layer with remainder and gaps
  // (s = 3 > k = 2, ρ = 1 and 2), then dilation with groups.
  ExpectRowsReadingAreTheWindowsOnTheCell(MakeShape(1, 5, 5, 1, 3, 3, 2, 2));
  ExpectRowsReadingAreTheWindowsOnTheCell(MakeShape(2, 9, 10, 2, 2, 2, 3, 3, 1, 0));
  ExpectRowsReadingAreTheWindowsOnTheCell(
      WithDilationGroups(MakeShape(4, 9, 8, 6, 3, 2, 2, 1, 1, 2), 2, 3, 2));
}

// Row and column visits list the same entries: Cᵀ's rows are C's columns.
TEST(ConvMatrix, ColumnEntriesAreTheTransposeOfRowEntries) {
  for (const ConvShape& s : MatrixShapes()) {
    SCOPED_TRACE(Describe(s));
    std::vector<std::vector<matrix::Entry>> by_col(size_t(matrix::ColCount(s)));
    for (int64_t r = 0; r < matrix::RowCount(s); ++r) {
      const auto row = matrix::RowEntries(s, r);
      ASSERT_EQ(int64_t(row.size()), matrix::EntriesPerRow(s));
      for (size_t k = 1; k < row.size(); ++k) ASSERT_LT(row[k - 1].col, row[k].col);
      for (const matrix::Entry& e : row) by_col[size_t(e.col)].push_back(e);
    }
    for (int64_t col = 0; col < matrix::ColCount(s); ++col)
      ASSERT_EQ(matrix::ColumnEntries(s, col), by_col[size_t(col)]) << "column " << col;
  }
}

// The three products of the matrix view, with Eigen, equal eq 4, 8 and 5
// computed by the direct loops.
TEST(ConvMatrix, ProductsAreForwardInputGradAndWeightGrad) {
  unsigned seed = 3;
  for (const ConvShape& s : MatrixShapes()) {
    SCOPED_TRACE(Describe(s));
    const Problem<double> p = testing::RandomProblem<double>(s, LossKind::kGivenGrad, seed++);
    const Tensor<double> pz = PadInput(s, p.input);
    const Tensor<double>& delta = p.loss_tensor;
    const matrix::SparseMatrix<double> c = BuildConvMatrix(s, p.weight);

    Tensor<double> z(s.OutputDims());
    Eigen::Map<Eigen::VectorXd>(z.data(), Eigen::Index(z.size())) = c * matrix::Vec(pz);
    for (size_t r = 0; r < z.size(); ++r) z[r] += p.bias(matrix::OutputOfRow(s, int64_t(r)).d);
    EXPECT_TRUE(TensorsNear(z, ForwardDirect(s, pz, p.weight, p.bias), 1e-12));

    Tensor<double> g(s.PaddedInputDims());
    Eigen::Map<Eigen::VectorXd>(g.data(), Eigen::Index(g.size())) =
        c.transpose() * matrix::Vec(delta);
    EXPECT_TRUE(TensorsNear(g, InputGradPaddedDirect(s, p.weight, delta), 1e-12));

    Tensor<double> gw(s.WeightDims());
    for (const matrix::Entry& e : matrix::AllEntries(s))
      gw(e.d, e.c_local, e.m, e.n) += delta[size_t(e.row)] * pz[size_t(e.col)];
    EXPECT_TRUE(TensorsNear(gw, WeightGradDirect(s, pz, delta), 1e-12));
  }
}

// ConvTranspose2d is the transpose product of its adjoint conv's C:
// y = crop(Cᵀ·vec(x)) + b, and ∂L/∂x = C·vec(∂L/∂y).
TEST(ConvMatrix, TransposedLayerIsTheTransposeProduct) {
  auto transposed = [](ConvShape s, int op1, int op2) {
    s.mode = ConvMode::kTransposed;
    s.op1 = op1, s.op2 = op2;
    return s;
  };
  unsigned seed = 11;
  for (const ConvShape& t :
       {transposed(MakeShape(1, 3, 3, 1, 3, 3, 2, 2), 0, 0),
        transposed(MakeShape(2, 3, 4, 3, 3, 2, 3, 3, 1, 0), 2, 1),
        transposed(WithDilationGroups(MakeShape(4, 4, 3, 6, 3, 3, 2, 1, 1, 1), 2, 2, 2), 1, 0)}) {
    SCOPED_TRACE(Describe(t));
    ASSERT_EQ(ValidateShape(t), "");
    const Problem<double> p = testing::RandomProblem<double>(t, LossKind::kHalfSquare, seed++);
    const TransposedResults<double> want = ComputeTransposed(p, Route::kDirect);
    const ConvShape a = matrix::MatrixShapeOf(t);
    ASSERT_EQ(a, t.Adjoint());
    const matrix::SparseMatrix<double> c = BuildConvMatrix(a, p.weight);
    // x, with the op div s zero rows the adjoint's δ may have beyond it.
    const Tensor<double>& x = want.adjoint.loss_tensor;
    Tensor<double> pz(a.PaddedInputDims());
    Eigen::Map<Eigen::VectorXd>(pz.data(), Eigen::Index(pz.size())) =
        c.transpose() * matrix::Vec(x);
    Tensor<double> y = CropPadding(a, pz);
    for (size_t k = 0; k < y.size(); ++k) y[k] += p.bias(int(k / (y.dim(1) * y.dim(2))));
    EXPECT_TRUE(TensorsNear(y, want.output, 1e-12));

    Tensor<double> gx(a.OutputDims());
    Eigen::Map<Eigen::VectorXd>(gx.data(), Eigen::Index(gx.size())) =
        c * matrix::Vec(PadInput(a, want.grad_output));
    for (int ch = 0; ch < t.c_in; ++ch)
      for (int i = 0; i < t.h; ++i)
        for (int j = 0; j < t.w; ++j) EXPECT_NEAR(gx(ch, i, j), want.grad_input(ch, i, j), 1e-12);
  }
}

}  // namespace
}  // namespace convbp
