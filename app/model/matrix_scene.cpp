#include "matrix_scene.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "step.h"

namespace convbp::app {

using matrix::Entry;
using steps::Cell;
using steps::TensorId;

bool MatrixAtCellLevel(const ConvShape& shape) {
  return matrix::RowCount(shape) * matrix::ColCount(shape) <= kMaxMatrixCells;
}

bool IsColumnStage(steps::Stage stage) { return stage == steps::Stage::kTransposedProduct; }

namespace {

std::vector<int64_t> Iota(int64_t first, int64_t count) {
  std::vector<int64_t> out(size_t(std::max<int64_t>(count, 0)));
  for (size_t k = 0; k < out.size(); ++k) out[k] = first + int64_t(k);
  return out;
}

// Sorted, without repeats.
void Normalise(std::vector<int64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

MatrixBlock WholeMatrix(const ConvShape& shape) {
  return {Iota(0, matrix::RowCount(shape)), Iota(0, matrix::ColCount(shape))};
}

MatrixBlock BandAround(const ConvShape& s, int64_t line, bool column) {
  constexpr int64_t kNeighbours = 4;
  const int64_t rows = matrix::RowCount(s), cols = matrix::ColCount(s);
  const int64_t along = column ? cols : rows;
  const int64_t first = std::clamp<int64_t>(line - kNeighbours, 0,
                                            std::max<int64_t>(0, along - (2 * kNeighbours + 1)));
  std::vector<int64_t> lines = Iota(first, std::min<int64_t>(along, 2 * kNeighbours + 1));
  std::vector<int64_t> across;
  if (column) {
    // The output rows (d, i) of every window that reads the column, all j.
    matrix::ForEachEntryInColumn(s, line, [&](const Entry& e) {
      for (int j = 0; j < s.Wo(); ++j) across.push_back(matrix::RowOf(s, e.d, e.i, j));
    });
    if (across.empty()) {  // an empty column: the rows of its neighbours
      for (int64_t l : lines)
        matrix::ForEachEntryInColumn(s, l, [&](const Entry& e) {
          for (int j = 0; j < s.Wo(); ++j) across.push_back(matrix::RowOf(s, e.d, e.i, j));
        });
    }
  } else {
    // The pz rows (c, y) the window's taps lie in, full width.
    matrix::ForEachEntryInRow(s, line, [&](const Entry& e) {
      for (int x = 0; x < s.Wp(); ++x) across.push_back(matrix::ColOf(s, e.c, e.y, x));
    });
  }
  Normalise(across);
  if (across.empty()) across = Iota(0, std::min<int64_t>(column ? rows : cols, 64));
  if (column) return {std::move(across), std::move(lines)};
  return {std::move(lines), std::move(across)};
}

void MatrixValues(const ConvShape& s, const Tensor<double>& weight, const MatrixBlock& b,
                  std::vector<double>& values, std::vector<char>& has_entry) {
  const size_t n_cols = b.cols.size();
  values.assign(b.rows.size() * n_cols, 0.0);
  has_entry.assign(b.rows.size() * n_cols, 0);
  for (size_t k = 0; k < b.rows.size(); ++k)
    matrix::ForEachEntryInRow(s, b.rows[k], [&](const Entry& e) {
      const auto it = std::lower_bound(b.cols.begin(), b.cols.end(), e.col);
      if (it == b.cols.end() || *it != e.col) return;
      const size_t at = k * n_cols + size_t(it - b.cols.begin());
      values[at] = weight(e.d, e.c_local, e.m, e.n);
      has_entry[at] = 1;
    });
}

std::optional<Cell> EntryWeight(const ConvShape& s, int64_t row, int64_t col) {
  const matrix::OutputIndex o = matrix::OutputOfRow(s, row);
  const matrix::PaddedIndex q = matrix::PaddedOfCol(s, col);
  if (s.GroupOf(o.d) != s.GroupOfInput(q.c)) return std::nullopt;
  const SlideAxis rows = matrix::RowSlide(s), cols = matrix::ColSlide(s);
  const int m = rows.TapIndex(o.i, q.y), n = cols.TapIndex(o.j, q.x);
  // A tap only if the window's tap m (n) lands exactly on y (x).
  if (m < 0 || m >= s.k1 || n < 0 || n >= s.k2 || rows.Tap(o.i, m) != q.y ||
      cols.Tap(o.j, n) != q.x)
    return std::nullopt;
  return Cell::Of(TensorId::kWeight, o.d, s.LocalInput(q.c), m, n);
}

std::vector<double> MatrixDensity(const ConvShape& s, int grid_rows, int grid_cols) {
  const int64_t rows = matrix::RowCount(s), cols = matrix::ColCount(s);
  std::vector<double> count(size_t(grid_rows) * size_t(grid_cols), 0.0);
  auto block_of = [](int64_t k, int64_t n, int grid) { return int(k * grid / n); };
  for (int64_t r = 0; r < rows; ++r) {
    const int gr = block_of(r, rows, grid_rows);
    matrix::ForEachEntryInRow(s, r, [&](const Entry& e) {
      count[size_t(gr) * size_t(grid_cols) + size_t(block_of(e.col, cols, grid_cols))] += 1;
    });
  }
  // Cells per block: rows and columns split as evenly as block_of splits them.
  auto first_of = [](int g, int64_t n, int grid) { return (int64_t(g) * n + grid - 1) / grid; };
  for (int gr = 0; gr < grid_rows; ++gr)
    for (int gc = 0; gc < grid_cols; ++gc) {
      const int64_t h = first_of(gr + 1, rows, grid_rows) - first_of(gr, rows, grid_rows);
      const int64_t w = first_of(gc + 1, cols, grid_cols) - first_of(gc, cols, grid_cols);
      double& c = count[size_t(gr) * size_t(grid_cols) + size_t(gc)];
      c = h * w > 0 ? c / double(h * w) : 0.0;
    }
  return count;
}

Reach ColumnReach(const ConvShape& s, int64_t col) {
  const matrix::PaddedIndex p = matrix::PaddedOfCol(s, col);
  const Reach row = ForRows(s).slide.ReachOf(p.y);
  return row != Reach::kCovered ? row : ForCols(s).slide.ReachOf(p.x);
}

bool MatrixLinks::ThreeViewsAgree() const {
  const double scale = std::max({1.0, std::fabs(by_matrix), std::fabs(by_slide)});
  return std::fabs(by_matrix - by_slide) <= 1e-9 * scale &&
         std::fabs(by_matrix - by_scatter) <= 1e-9 * scale;
}

MatrixLinks LinksOfRow(const ConvShape& s, int64_t row) {
  MatrixLinks l;
  l.line = row;
  const matrix::OutputIndex o = matrix::OutputOfRow(s, row);
  l.cell = Cell::Of(TensorId::kOutput, o.d, o.i, o.j);
  matrix::ForEachEntryInRow(s, row, [&](const Entry& e) {
    l.windows.push_back(Cell::Of(TensorId::kInputPadded, e.c, e.y, e.x));
  });
  return l;
}

MatrixLinks LinksOfColumn(const Problem<double>& p, const Results<double>& r, int64_t col) {
  const ConvShape& s = p.shape;
  MatrixLinks l;
  l.column = true;
  l.line = col;
  const matrix::PaddedIndex at = matrix::PaddedOfCol(s, col);
  l.cell = Cell::Of(TensorId::kGradInputPadded, at.c, at.y, at.x);
  const SlideAxis rows = matrix::RowSlide(s), cols = matrix::ColSlide(s);
  matrix::ForEachEntryInColumn(s, col, [&](const Entry& e) {
    l.by_matrix += p.weight(e.d, e.c_local, e.m, e.n) * r.grad_output(e.d, e.i, e.j);
    l.feeds.push_back(Cell::Of(TensorId::kGradOutput, e.d, e.i, e.j));
    for (int m = 0; m < s.k1; ++m)
      for (int n = 0; n < s.k2; ++n) {
        const Cell tap =
            Cell::Of(TensorId::kGradInputPadded, at.c, rows.Tap(e.i, m), cols.Tap(e.j, n));
        if (std::find(l.windows.begin(), l.windows.end(), tap) == l.windows.end())
          l.windows.push_back(tap);
      }
  });
  // Eq 8's slide window (c, y, x) is window number col of that stage: both
  // run row-major over C_in × Hp × Wp.
  steps::StepOptions no_text;
  no_text.formulas = false;
  l.by_slide = steps::StepAt(p, r, steps::Scene::kInput, steps::Stage::kSlide, uint64_t(col),
                             steps::Granularity::kWindow, no_text)
                   .sum;
  l.by_scatter =
      ScatterCellAfter(s, p.weight, r.grad_output, at.c, at.y, at.x, ScatterPrefix::All(s));
  return l;
}

bool LineOfHoveredCell(const ConvShape& s, steps::Stage stage, const Cell& h, int64_t& line,
                       bool& column) {
  switch (h.tensor) {
    case TensorId::kNone:
      if (h.rank != 3) return false;
      column = IsColumnStage(stage);
      line = column ? h.idx[2] : h.idx[1];
      return true;
    case TensorId::kOutput:
    case TensorId::kGradOutput:
      column = false;
      line = matrix::RowOf(s, h.idx[0], h.idx[1], h.idx[2]);
      return true;
    case TensorId::kInput:
    case TensorId::kGradInput:
      column = true;
      line = matrix::ColOf(s, h.idx[0], h.idx[1] + s.p1, h.idx[2] + s.p2);
      return true;
    case TensorId::kInputPadded:
    case TensorId::kGradInputPadded:
      column = true;
      line = matrix::ColOf(s, h.idx[0], h.idx[1], h.idx[2]);
      return true;
    default: return false;
  }
}

MatrixHoverMarks MarksOfLinks(const CanvasModel& m, const MatrixLinks& l) {
  auto less = [](const Cell& a, const Cell& b) {
    return std::tie(a.tensor, a.rank, a.idx) < std::tie(b.tensor, b.rank, b.idx);
  };
  std::vector<Cell> wanted = l.windows;
  wanted.insert(wanted.end(), l.feeds.begin(), l.feeds.end());
  wanted.push_back(l.cell);
  std::sort(wanted.begin(), wanted.end(), less);
  MatrixHoverMarks marks;
  for (size_t k = 0; k < m.refs.size(); ++k) {
    const CellRef& ref = m.refs[k];
    if (ref.box < 0) continue;
    if (ref.cell.tensor == TensorId::kNone) {
      if (ref.cell.rank == 3 && (l.column ? ref.cell.idx[2] : ref.cell.idx[1]) == l.line)
        marks.line.push_back(k);
    } else if (std::binary_search(wanted.begin(), wanted.end(), ref.cell, less)) {
      marks.lit.push_back(k);
    }
  }
  return marks;
}

}  // namespace convbp::app
