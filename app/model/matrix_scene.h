// The matrix scene (issue 14, "why it is called transposed"): the layer
// unrolled into C (core/matrix/conv_matrix_layout.h), so that
//   product             vec(z^l)    = C · vec(pz) + b   walks C row by row,
//   transposed_product  vec(∂L/∂pz) = Cᵀ · vec(δ^l)     walks C column by column.
// What the canvas needs beyond the index maps: which cells of C fit on
// screen, the values of a block of C, why an empty column is empty, and
// the cells a row or a column of C links to in the tensor pictures beside it
// (the same cells eq 8's slide and the scatter use). Pure model code.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "canvas_model.h"
#include "engine.h"
#include "geometry.h"
#include "matrix/conv_matrix_layout.h"
#include "model.h"

namespace convbp::app {

// Above this many cells C is not drawn cell by cell but as a density
// picture, with the current line drawn at cell level in a zoomed band.
inline constexpr int64_t kMaxMatrixCells = 24000;
bool MatrixAtCellLevel(const ConvShape& shape);

// The column stage walks C's columns (Cᵀ's rows); the product its rows.
bool IsColumnStage(steps::Stage stage);

// A block of C: the rows and columns shown, each increasing (not
// necessarily contiguous: a zoomed band keeps just the pz rows a window
// spans, in every channel it reads).
struct MatrixBlock {
  std::vector<int64_t> rows, cols;
};
MatrixBlock WholeMatrix(const ConvShape& shape);
// The band around row (or column) `line` of a C too large to draw: the
// line and up to four neighbours on each side, across every row of pz (of
// each channel) that the line's entries lie in — for a row of C its
// window's rows, full width; for a column the output rows (d, i) whose
// windows read it. So all of the line's entries are in the band.
MatrixBlock BandAround(const ConvShape& shape, int64_t line, bool column);

// C over `block`, rows × cols row-major: the kernel tap an entry holds
// (W_{m,n,c',d}), 0 where C has no structural nonzero. `has_entry` (same
// layout) says which cells are structural nonzeros — a 0 weight is still
// an entry.
void MatrixValues(const ConvShape& shape, const Tensor<double>& weight, const MatrixBlock& block,
                  std::vector<double>& values, std::vector<char>& has_entry);

// The kernel tap entry C[row, col] holds, as the weight cell W[d,c',m,n]
// (steps::CellSymbol writes it W_{m,n,c,d}); nullopt where C has no entry.
std::optional<steps::Cell> EntryWeight(const ConvShape& shape, int64_t row, int64_t col);

// Structural nonzeros of C per cell of a coarse grid (`grid_rows` ×
// `grid_cols` blocks of C), as a fraction of the block's cells: the
// density picture of a C too large to draw. Exact: counted from each row's
// entries.
std::vector<double> MatrixDensity(const ConvShape& shape, int grid_rows, int grid_cols);

// Why column col of C holds no entry: its pz cell lies in a gap (s > K), a
// dilation hole or the ρ remainder — no window reads it, so Cᵀ gives it
// gradient 0. kCovered for a column with entries.
Reach ColumnReach(const ConvShape& shape, int64_t col);

// What one line of C links to in the tensor pictures (cells with the ids
// the canvas draws: pz, z^l, δ^l, ∂L/∂pz).
//   row r = output cell (d,i,j): `cell` is z[d,i,j], `windows` the taps of
//     its window on pz (every c of d's group) — the forward picture's window.
//   column col = pz cell (c,y,x): `cell` is ∂L/∂pz[c,y,x], `windows` the
//     taps on ∂L/∂pz_c of every window (d,i,j) that reads pz[c,y,x] — the
//     windows eq 8's scatter adds into it — and `feeds` the δ[d,i,j] that
//     feed its gradient. Its gradient is computed three ways, which agree:
//     Cᵀ's row (Σ over the column's entries of W·δ), eq 8's slide window
//     (rot180 W over pδ) and the scatter (every window's push into it).
struct MatrixLinks {
  bool column = false;
  int64_t line = 0;
  steps::Cell cell;
  std::vector<steps::Cell> windows, feeds;
  double by_matrix = 0, by_slide = 0, by_scatter = 0;
  // |a − b| within rounding for all three (columns only).
  bool ThreeViewsAgree() const;
};
MatrixLinks LinksOfRow(const ConvShape& shape, int64_t row);
MatrixLinks LinksOfColumn(const Problem<double>& problem, const Results<double>& results,
                          int64_t col);

// The line of C a hovered canvas cell stands for: a cell of C itself
// (steps::Cell kNone, idx {0, row, col}: its row in the product, its column
// in the transposed product), an output-side cell z/δ[d,i,j] (its row) or
// an input-side cell pz/∂L/∂pz[c,y,x] (its column). False for anything else.
bool LineOfHoveredCell(const ConvShape& shape, steps::Stage stage, const steps::Cell& hovered,
                       int64_t& line, bool& column);

// What the canvas marks for a hovered line: `lit` the drawn cells (pictures
// and vectors) that are the line's cell, its windows' taps or its feeding δ
// cells; `line` the cells of C (or Cᵀ) on that line. Indices into
// CanvasModel::cells.
struct MatrixHoverMarks {
  std::vector<size_t> lit, line;
};
MatrixHoverMarks MarksOfLinks(const CanvasModel& canvas, const MatrixLinks& links);

}  // namespace convbp::app
