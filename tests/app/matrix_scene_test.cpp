// The matrix scene (issue 14): what a hovered row or column of C lights,
// checked against the step model's own eq 4 and eq 8 windows (not against
// the matrix layout), on the seed's example and on layers with a remainder,
// gaps (s > k), dilation holes and groups; C's empty columns; the density
// picture of a large C.
#include "matrix_scene.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "app_state.h"
#include "lesson.h"
#include "lookup.h"
#include "started.h"

namespace convbp::app {
namespace {

using steps::Cell;
using steps::Scene;
using steps::Stage;
using steps::TensorId;

struct CellLess {
  bool operator()(const Cell& a, const Cell& b) const {
    return std::tie(a.tensor, a.rank, a.idx) < std::tie(b.tensor, b.rank, b.idx);
  }
};
using CellSet = std::set<Cell, CellLess>;

// Eq 8's reading windows of ∂L/∂pz[c,y,x], from the step model's scatter:
// every scatter window (c, d', i, j) that writes into the cell — its k1×k2
// target cells (the window on ∂L/∂pz_c) and the δ^l cell it pushes.
CellSet ScatterWindowsInto(const Problem<double>& p, const Results<double>& r, int c, int y,
                           int x) {
  const ConvShape& s = p.shape;
  CellSet out;
  const Cell cell = steps::Cell::Of(steps::CanonicalTensor(s, TensorId::kGradInputPadded), c, y, x);
  const steps::CellRefs writers = steps::Writers(s, cell);
  for (uint64_t k = 0; k < writers.total(); ++k) {
    const steps::StepRef ref = writers.At(k);
    if (ref.scene != Scene::kInput || ref.stage != Stage::kScatter) continue;
    const steps::Step st = steps::StepAt(p, r, Scene::kInput, Stage::kScatter, ref.window,
                                         steps::Granularity::kWindow);
    for (const steps::Term& t : st.terms) {
      out.insert(DrawnCell(s, t.target));
      for (const Cell& op : {t.a.cell, t.b.cell})
        if (op.tensor == TensorId::kGradOutput) out.insert(op);
    }
  }
  return out;
}

std::vector<std::vector<std::string>> Layers() {
  return {
      {},  // the seed's example: 1×5×5, k 3, s 2
      // remainder (ρ = 1, 2) and gaps (s = 3 > k = 2), two channels each way
      {"--input", "2x9x10", "--out-channels", "2", "--kernel", "2x2", "--stride", "3x3"},
      // dilation holes, padding, groups
      {"--input", "4x7x6", "--out-channels", "2", "--kernel", "2x2", "--stride", "2x1", "--padding",
       "1x0", "--dilation", "2x2", "--groups", "2"},
  };
}

TEST(MatrixScene, HoveredColumnLightsExactlyEqEightsReadingWindows) {
  for (std::vector<std::string> flags : Layers()) {
    const bool seed = flags.empty();
    flags.insert(flags.end(), {"--scene", "matrix", "--stage", "transposed_product"});
    AppState s = Started(flags);
    const ConvShape& sh = s.problem.shape;
    ASSERT_TRUE(MatrixAtCellLevel(sh));
    int empty = 0;
    for (int64_t col = 0; col < matrix::ColCount(sh); ++col) {
      const MatrixLinks links = LinksOfColumn(s.problem, s.results, col);
      const matrix::PaddedIndex at = matrix::PaddedOfCol(sh, col);
      SCOPED_TRACE("col " + std::to_string(col));
      CellSet expected = ScatterWindowsInto(s.problem, s.results, at.c, at.y, at.x);
      // What the canvas lights: pictures and vectors (each tensor cell may be
      // drawn twice, in its picture and in vec(δ) or the result column).
      const MatrixHoverMarks marks = MarksOfLinks(s.derived.canvas, links);
      CellSet lit;
      for (size_t k : marks.lit) lit.insert(s.derived.canvas.refs[k].cell);
      expected.insert(links.cell);  // the hovered cell itself, in its picture
      EXPECT_EQ(lit, expected);
      // Every lit index is a cell the canvas draws, and the line is the whole
      // row of Cᵀ (one cell per output cell).
      EXPECT_EQ(marks.line.size(), size_t(matrix::RowCount(sh)));
      // The three views agree with the engine.
      EXPECT_TRUE(links.ThreeViewsAgree());
      EXPECT_NEAR(links.by_matrix, s.results.grad_input_padded[size_t(col)], 1e-9);
      if (links.feeds.empty()) {
        ++empty;
        EXPECT_NE(ColumnReach(sh, col), Reach::kCovered);
        EXPECT_EQ(links.by_matrix, 0.0);
      }
    }
    // The seed has no unread cell; the others have gaps, remainder or holes.
    EXPECT_EQ(empty > 0, !seed);
  }
}

TEST(MatrixScene, HoveredRowLightsTheForwardWindow) {
  for (std::vector<std::string> flags : Layers()) {
    flags.insert(flags.end(), {"--scene", "matrix", "--stage", "product"});
    AppState s = Started(flags);
    const ConvShape& sh = s.problem.shape;
    for (int64_t row = 0; row < matrix::RowCount(sh); ++row) {
      const MatrixLinks links = LinksOfRow(sh, row);
      // The forward window `row` (eq 4 runs row-major over (d, i, j)) reads these pz cells.
      const steps::Step st = steps::StepAt(s.problem, s.results, Scene::kForward, Stage::kSlide,
                                           uint64_t(row), steps::Granularity::kWindow);
      CellSet expected;
      for (const steps::Term& t : st.terms) expected.insert(DrawnCell(sh, t.b.cell));
      expected.insert(DrawnCell(sh, st.target));
      const MatrixHoverMarks marks = MarksOfLinks(s.derived.canvas, links);
      CellSet lit;
      for (size_t k : marks.lit) lit.insert(s.derived.canvas.refs[k].cell);
      EXPECT_EQ(lit, expected) << "row " << row;
      EXPECT_EQ(marks.line.size(), size_t(matrix::ColCount(sh)));
    }
  }
}

// Each entry is named by the weight it holds: the forward window's own
// pairing of W[d,c',m,n] with pz[c,y,x] (eq 4's terms), and nothing else.
TEST(MatrixScene, EntriesNameTheWeightTheForwardWindowPairsWithThatCell) {
  for (const std::vector<std::string>& flags : Layers()) {
    AppState s = Started(flags);
    const ConvShape& sh = s.problem.shape;
    int64_t named = 0;
    for (int64_t row = 0; row < matrix::RowCount(sh); ++row) {
      const steps::Step st = steps::StepAt(s.problem, s.results, Scene::kForward, Stage::kSlide,
                                           uint64_t(row), steps::Granularity::kWindow);
      for (const steps::Term& t : st.terms) {
        const Cell pz = DrawnCell(sh, t.b.cell);
        const auto w = EntryWeight(sh, row, matrix::ColOf(sh, pz.idx[0], pz.idx[1], pz.idx[2]));
        ASSERT_TRUE(w.has_value());
        EXPECT_EQ(*w, t.a.cell);
      }
      for (int64_t col = 0; col < matrix::ColCount(sh); ++col)
        named += EntryWeight(sh, row, col).has_value();
    }
    EXPECT_EQ(named, matrix::NonzeroCount(sh));
  }
}

TEST(MatrixScene, EmptyColumnsOfCAreDrawnAsTheGapsAndRemainderTheyAre) {
  AppState s = Started({"--input", "2x9x10", "--out-channels", "2", "--kernel", "2x2", "--stride",
                        "3x3", "--scene", "matrix", "--stage", "product"});
  const ConvShape& sh = s.problem.shape;
  const CanvasModel& m = s.derived.canvas;
  int checked = 0;
  for (size_t k = 0; k < m.refs.size(); ++k) {
    const Cell& ref = m.refs[k].cell;
    if (ref.tensor != TensorId::kNone || ref.rank != 3) continue;
    const int64_t row = ref.idx[1], col = ref.idx[2];
    // Is pz cell `col` a tap of window `row`? By eq 4 directly.
    const matrix::OutputIndex o = matrix::OutputOfRow(sh, row);
    const matrix::PaddedIndex q = matrix::PaddedOfCol(sh, col);
    bool tap = false;
    for (int m1 = 0; m1 < sh.k1; ++m1)
      for (int n1 = 0; n1 < sh.k2; ++n1)
        tap |= o.i * sh.s1 + m1 * sh.d1 == q.y && o.j * sh.s2 + n1 * sh.d2 == q.x &&
               sh.GroupOf(o.d) == sh.GroupOfInput(q.c);
    const auto style = CellStyle(int(m.cells[k].style));
    if (tap) {
      EXPECT_EQ(style, CellStyle::kNormal);
      continue;
    }
    // Windows start at 0, 3, 6 and cover two cells: positions ≡ 2 mod 3 are
    // gaps (s = 3 > k = 2), those past the last window (y = 8; x = 8, 9) the
    // remainder. The pz row's reason is named first, then the column's.
    auto reason = [](int v) {
      return v >= 8 ? CellStyle::kRemainder : v % 3 == 2 ? CellStyle::kGap : CellStyle::kNormal;
    };
    CellStyle expected = reason(q.y);
    if (expected == CellStyle::kNormal) expected = reason(q.x);
    if (expected == CellStyle::kNormal) expected = CellStyle::kPending;  // a plain (faint) zero
    EXPECT_EQ(style, expected) << row << "," << col;
    ++checked;
  }
  EXPECT_GT(checked, 0);
  // The lesson says so.
  const std::vector<std::string> keys = LessonKeys(sh, Scene::kMatrix, Stage::kProduct);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "note.matrix_empty"), keys.end());
}

TEST(MatrixScene, LargeLayersDrawADensityPictureAndAZoomedBand) {
  AppState s = Started({"--input", "8x32x32", "--out-channels", "8", "--kernel", "3x3", "--stride",
                        "2x2", "--scene", "matrix", "--stage", "product", "--step", "700"});
  const ConvShape& sh = s.problem.shape;
  ASSERT_FALSE(MatrixAtCellLevel(sh));
  // The density picture counts every structural nonzero once.
  const int gr = 64, gc = 128;
  const std::vector<double> density = MatrixDensity(sh, gr, gc);
  double total = 0;
  const int64_t rows = matrix::RowCount(sh), cols = matrix::ColCount(sh);
  for (int a = 0; a < gr; ++a)
    for (int b = 0; b < gc; ++b) {
      const int64_t h = (int64_t(a + 1) * rows + gr - 1) / gr - (int64_t(a) * rows + gr - 1) / gr;
      const int64_t w = (int64_t(b + 1) * cols + gc - 1) / gc - (int64_t(b) * cols + gc - 1) / gc;
      total += density[size_t(a * gc + b)] * double(h * w);
    }
  EXPECT_NEAR(total, double(matrix::NonzeroCount(sh)), 1e-6 * total);
  // The band holds the current row (700) with all of its entries, at cell level.
  const CanvasModel& m = s.derived.canvas;
  EXPECT_LT(m.cells.size(), 60000u);
  int entries_on_line = 0;
  for (size_t k = 0; k < m.refs.size(); ++k) {
    const Cell& ref = m.refs[k].cell;
    if (ref.tensor == TensorId::kNone && ref.rank == 3 && ref.idx[1] == 700 &&
        CellStyle(int(m.cells[k].style)) == CellStyle::kNormal)
      ++entries_on_line;
  }
  EXPECT_EQ(entries_on_line, matrix::EntriesPerRow(sh));
}

// The timeline names the matrix stages by their own titles (a merge once
// shifted the titles by one stage: the product was called "overlap count").
TEST(MatrixScene, StagesCarryTheirOwnTitles) {
  for (steps::Lang lang : {steps::Lang::kEn, steps::Lang::kZh}) {
    EXPECT_NE(std::string(steps::StageTitle(Stage::kProduct, lang)).find("C·vec(pz)"),
              std::string::npos);
    EXPECT_NE(std::string(steps::StageTitle(Stage::kTransposedProduct, lang)).find("vec(δ"),
              std::string::npos);
  }
  EXPECT_EQ(std::string(steps::StageTitle(Stage::kOverlap, steps::Lang::kEn)), "Overlap count");
  EXPECT_EQ(std::string(steps::StageTitle(Stage::kScatter, steps::Lang::kEn)),
            "Scatter (transposed convolution)");
}

}  // namespace
}  // namespace convbp::app
