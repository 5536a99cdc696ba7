// Scene 5, the matrix view, against brute force over the windows and taps:
//   - product window r is row r of C: its terms are the entries of that row,
//     W[d,c',m,n]·pz at the cells the window's taps land on;
//   - transposed-product window col is column col of C: the slots whose
//     operand is a δ^l cell are exactly the windows with a tap on that pz
//     cell (looped over every window and tap), each with the weight of
//     that tap; every other slot multiplies a zero of pδ;
//   - step for step the transposed product is eq 8's slide: the same
//     products in the same order.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "matrix/conv_matrix_layout.h"
#include "notation.h"
#include "step.h"
#include "steps_test_util.h"

namespace convbp::steps {
namespace {

using testing::Case;
using testing::RandomProblem;
using testing::ShapeSweep;

class MatrixScene : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    problem_ = RandomProblem(GetParam().shape, 5);
    results_ = Compute(problem_);
  }
  const ConvShape& shape() const { return problem_.shape; }
  Problem<double> problem_;
  Results<double> results_;
};

TEST_P(MatrixScene, ProductWindowIsOneRowOfC) {
  const ConvShape& s = shape();
  const TensorId pz = CanonicalTensor(s, TensorId::kInputPadded);
  Step st;
  for (uint64_t r = 0; r < StepCount(s, Scene::kMatrix, Stage::kProduct, Granularity::kWindow);
       ++r) {
    StepAt(problem_, results_, Scene::kMatrix, Stage::kProduct, r, Granularity::kWindow, &st);
    // Row r of the row-major output is cell (d, i, j).
    const int d = int(r / (uint64_t(s.Ho()) * s.Wo())), i = int(r / s.Wo() % s.Ho()),
              j = int(r % s.Wo());
    ASSERT_EQ(st.target, Cell::Of(TensorId::kOutput, d, i, j));
    std::set<std::tuple<int, int, int, int, int, int>> want, got;  // (c',m,n) → (c,y,x)
    for (int cl = 0; cl < s.GroupInChannels(); ++cl)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n)
          want.insert({cl, m, n, (d / (s.c_out / s.groups)) * (s.c_in / s.groups) + cl,
                       i * s.s1 + m * s.d1, j * s.s2 + n * s.d2});
    for (const Term& t : st.terms) {
      ASSERT_EQ(t.a.cell.tensor, TensorId::kWeight);
      ASSERT_EQ(t.b.cell.tensor, pz);
      EXPECT_EQ(t.a.cell.idx[0], d);
      got.insert({t.a.cell.idx[1], t.a.cell.idx[2], t.a.cell.idx[3], t.b.cell.idx[0],
                  t.b.cell.idx[1], t.b.cell.idx[2]});
    }
    EXPECT_EQ(got, want) << "row " << r;
    EXPECT_NEAR(st.sum, results_.output[r], 1e-12 * std::max(1.0, std::abs(st.sum)));
  }
}

TEST_P(MatrixScene, TransposedProductWindowIsOneColumnOfC) {
  const ConvShape& s = shape();
  const uint64_t columns =
      StepCount(s, Scene::kMatrix, Stage::kTransposedProduct, Granularity::kWindow);
  ASSERT_EQ(columns, uint64_t(matrix::ColCount(s)));
  Step st, eq8;
  for (uint64_t col = 0; col < columns; ++col) {
    StepAt(problem_, results_, Scene::kMatrix, Stage::kTransposedProduct, col, Granularity::kWindow,
           &st);
    StepAt(problem_, results_, Scene::kInput, Stage::kSlide, col, Granularity::kWindow, &eq8);
    const int c = int(col / (uint64_t(s.Hp()) * s.Wp())), y = int(col / s.Wp() % s.Hp()),
              x = int(col % s.Wp());
    // Brute force: (d, i, j, m, n) of every window tap on (c, y, x).
    std::set<std::tuple<int, int, int, int, int>> want, got;
    for (int d = 0; d < s.c_out; ++d)
      for (int cl = 0; cl < s.GroupInChannels(); ++cl) {
        if ((d / (s.c_out / s.groups)) * (s.c_in / s.groups) + cl != c) continue;
        for (int i = 0; i < s.Ho(); ++i)
          for (int j = 0; j < s.Wo(); ++j)
            for (int m = 0; m < s.k1; ++m)
              for (int n = 0; n < s.k2; ++n)
                if (i * s.s1 + m * s.d1 == y && j * s.s2 + n * s.d2 == x)
                  want.insert({d, i, j, m, n});
      }
    ASSERT_EQ(st.terms.size(), eq8.terms.size());
    int64_t previous_row = -1;
    for (size_t k = 0; k < st.terms.size(); ++k) {
      const Term& t = st.terms[k];
      ASSERT_EQ(t.a.cell.tensor, TensorId::kWeight);
      // The same product as eq 8's term k (rot180 W · pδ).
      EXPECT_EQ(t.product, eq8.terms[k].product) << "column " << col << " slot " << k;
      if (t.b.cell.tensor == TensorId::kGradOutput) {
        const auto [d, i, j, unused] = t.b.cell.idx;
        got.insert({d, i, j, t.a.cell.idx[2], t.a.cell.idx[3]});
        const int64_t row = (int64_t(d) * s.Ho() + i) * s.Wo() + j;
        EXPECT_GT(row, previous_row) << "filled slots come in increasing row order";
        previous_row = row;
      } else {
        ASSERT_EQ(t.b.cell.tensor, TensorId::kGradOutputPadded);
        EXPECT_NE(t.b.kind, CellKind::kValue);
        EXPECT_EQ(t.b.value, 0.0);
      }
    }
    EXPECT_EQ(got, want) << "column " << col;
    EXPECT_EQ(int64_t(want.size()), matrix::EntriesInColumn(s, int64_t(col)));
    EXPECT_EQ(st.sum, eq8.sum);
  }
}

// The written-out sum of a column is that column of C: its entries W·δ are
// written (even one that is 0), the slots that are no entry of C (taps on
// pδ zeros) are counted as such, never as "products with a zero factor".
// A student tour found the seed's column 2 written as W·pδ + 8 products
// with a zero factor.
TEST_P(MatrixScene, ColumnSumWritesTheEntriesOfTheColumn) {
  const ConvShape& s = shape();
  const uint64_t columns =
      StepCount(s, Scene::kMatrix, Stage::kTransposedProduct, Granularity::kWindow);
  const int cap = StepOptions{}.max_formula_terms;
  Step st;
  int checked = 0, empty_checked = 0;
  for (uint64_t col = 0; col < columns; ++col) {
    StepAt(problem_, results_, Scene::kMatrix, Stage::kTransposedProduct, col, Granularity::kWindow,
           &st);
    const std::string& f = st.formula[0].indices;
    const int64_t entries = matrix::EntriesInColumn(s, int64_t(col));
    const int64_t slots = int64_t(st.terms.size());
    if (entries == 0) {
      // An empty column writes no term at all, only the count (a second
      // tour found one pδ slot written as if it were an entry).
      const std::string count =
          std::to_string(slots) + (slots == 1 ? " tap on a pδ zero" : " taps on pδ zeros");
      EXPECT_EQ(f.find(" = " + count + " (not in C) = 0"), f.find(" = ")) << f;
      EXPECT_EQ(f.find("pδ["), std::string::npos) << f;
      ++empty_checked;
      continue;
    }
    if (entries >= cap) continue;  // "…" for some of them
    ++checked;
    for (const Term& t : st.terms) {
      const std::string label = CellSymbol(t.b.cell, Form::kPlain);
      if (t.b.cell.tensor == TensorId::kGradOutput)
        EXPECT_NE(f.find(label), std::string::npos) << "column " << col << ": " << f;
      else EXPECT_EQ(f.find(label), std::string::npos) << "column " << col << ": " << f;
    }
    const int64_t off = slots - entries;
    const std::string counted = std::to_string(off) + (off == 1 ? " tap on a pδ zero (not in C)"
                                                                : " taps on pδ zeros (not in C)");
    if (off > 0) {
      EXPECT_NE(f.find(counted), std::string::npos) << f;
    } else {
      EXPECT_EQ(f.find("not in C"), std::string::npos) << f;
    }
    EXPECT_EQ(f.find("zero factor"), std::string::npos) << f;
  }
  if (s.k1 * s.k2 * s.GroupOutChannels() > cap) {
    EXPECT_GT(checked, 0);
  }
  if (s.rho1() > 0 || s.rho2() > 0 || s.s1 > s.k1 || s.s2 > s.k2) {
    EXPECT_GT(empty_checked, 0) << "a remainder or gap leaves columns no window reads";
  }
}

TEST_P(MatrixScene, NotesNameTheRowOrColumnOfC) {
  const ConvShape& s = shape();
  const Step row =
      StepAt(problem_, results_, Scene::kMatrix, Stage::kProduct, 0, Granularity::kWindow);
  EXPECT_NE(row.note[0].find("row 0 of C"), std::string::npos) << row.note[0];
  EXPECT_NE(row.note[1].find("C 的第 0 行"), std::string::npos) << row.note[1];
  const uint64_t last = uint64_t(matrix::ColCount(s)) - 1;
  const Step col = StepAt(problem_, results_, Scene::kMatrix, Stage::kTransposedProduct, last,
                          Granularity::kWindow);
  const std::string name = "column " + std::to_string(last) + " of C";
  EXPECT_NE(col.note[0].find(name), std::string::npos) << col.note[0];
}

INSTANTIATE_TEST_SUITE_P(Shapes, MatrixScene, ::testing::ValuesIn(ShapeSweep()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace convbp::steps
