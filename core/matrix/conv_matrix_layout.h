// Why it is called "transposed": a conv layer unrolled into one matrix.
//
// The forward pass (eq 4) is linear in pz, so it is a matrix product
//   vec(z^l) = C · vec(pz) + b        (b repeated over the H'·W' cells of d)
// with C of size (C_out·H'·W') × (C_in·Hp·Wp). vec() flattens row-major,
// exactly like Tensor's storage:
//   row    r   = (d·H' + i)·W' + j     ↔ output cell z^l[d,i,j]
//   column col = (c·Hp + y)·Wp + x     ↔ padded-input cell pz[c,y,x]
// Row r holds one *structural nonzero* per kernel tap of window (d,i,j): for
// every (c', m, n) the entry
//   C[r, col] = W_{m,n,c',d}   with c = γ·C_in/g + c', y = SlideAxis::Tap(i,m),
//                                   x = SlideAxis::Tap(j,n)
// (the taps of one window land on distinct cells, so every row has exactly
// C_in/g·k1·k2 entries; everything else in C is 0). Then
//   eq 8   ∂L/∂pz = Cᵀ · vec(δ^l)             (the chain rule of a linear map)
//   eq 9   δ^{l-1} = crop(∂L/∂pz)
//   eq 5   ∂L/∂W_{m,n,c',d} = Σ over the entries (r, col) holding that tap
//                             of δ[r] · pz[col]
// Column col of C lists the rows that read pz[c,y,x]: the output windows
// with a tap on it (SlideAxis::Covering on both axes, over c's group's
// output channels). A column with no entry is a cell no window reads —
// a gap (s > K), a dilation hole or one of the ρ remainder rows/columns —
// and Cᵀ gives it gradient exactly 0.
//
// Transposed mode (ConvTranspose2d): such a layer IS the transpose product.
// MatrixShapeOf(layer) returns layer.Adjoint(), the conv whose C is meant:
// the transposed layer computes y = crop(Cᵀ·vec(x)) + b with x in the place
// of δ, and its ∂L/∂x = C·vec(∂L/∂y) (the adjoint's forward, no bias).
// Every function below takes that conv shape (mode kConv).
//
// This header is Eigen-free and allocation-free except where a function
// returns a vector: the engine's matrix route (matrix_route.h), the step
// model and the app use it; conv_matrix.h builds the Eigen matrix from it.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "geometry.h"
#include "shape.h"

namespace convbp::matrix {

// The conv whose matrix C a layer of either mode is about: the layer itself
// for a conv, its Adjoint() for a transposed layer (see above).
inline ConvShape MatrixShapeOf(const ConvShape& layer) {
  return layer.mode == ConvMode::kTransposed ? layer.Adjoint() : layer;
}

// ---- sizes ----------------------------------------------------------------

// Rows of C: C_out·H'·W' = the length of vec(z^l) and vec(δ^l).
inline int64_t RowCount(const ConvShape& s) { return int64_t{s.c_out} * s.Ho() * s.Wo(); }
// Columns of C: C_in·Hp·Wp = the length of vec(pz).
inline int64_t ColCount(const ConvShape& s) { return int64_t{s.c_in} * s.Hp() * s.Wp(); }
// Structural nonzeros per row: one per kernel tap (c', m, n).
inline int64_t EntriesPerRow(const ConvShape& s) {
  return int64_t{s.GroupInChannels()} * s.k1 * s.k2;
}
// All structural nonzeros of C (= ForwardMacs()).
inline int64_t NonzeroCount(const ConvShape& s) { return RowCount(s) * EntriesPerRow(s); }

// ---- index maps -------------------------------------------------------------

struct OutputIndex {  // z^l[d,i,j] / δ^l[d,i,j]
  int d = 0, i = 0, j = 0;
  bool operator==(const OutputIndex&) const = default;
};
struct PaddedIndex {  // pz[c,y,x] / ∂L/∂pz[c,y,x]
  int c = 0, y = 0, x = 0;
  bool operator==(const PaddedIndex&) const = default;
};

// r = (d·H' + i)·W' + j, and back.
inline int64_t RowOf(const ConvShape& s, int d, int i, int j) {
  assert(d >= 0 && d < s.c_out && i >= 0 && i < s.Ho() && j >= 0 && j < s.Wo());
  return (int64_t{d} * s.Ho() + i) * s.Wo() + j;
}
inline int64_t RowOf(const ConvShape& s, const OutputIndex& o) { return RowOf(s, o.d, o.i, o.j); }
inline OutputIndex OutputOfRow(const ConvShape& s, int64_t row) {
  assert(row >= 0 && row < RowCount(s));
  const int64_t wo = s.Wo(), ho = s.Ho();
  return {static_cast<int>(row / (wo * ho)), static_cast<int>(row / wo % ho),
          static_cast<int>(row % wo)};
}

// col = (c·Hp + y)·Wp + x, and back.
inline int64_t ColOf(const ConvShape& s, int c, int y, int x) {
  assert(c >= 0 && c < s.c_in && y >= 0 && y < s.Hp() && x >= 0 && x < s.Wp());
  return (int64_t{c} * s.Hp() + y) * s.Wp() + x;
}
inline int64_t ColOf(const ConvShape& s, const PaddedIndex& p) { return ColOf(s, p.c, p.y, p.x); }
inline PaddedIndex PaddedOfCol(const ConvShape& s, int64_t col) {
  assert(col >= 0 && col < ColCount(s));
  const int64_t wp = s.Wp(), hp = s.Hp();
  return {static_cast<int>(col / (wp * hp)), static_cast<int>(col / wp % hp),
          static_cast<int>(col % wp)};
}

// ---- structural nonzeros ----------------------------------------------------

// One structural nonzero C[row, col] and the kernel tap it holds:
// weight(d, c_local, m, n) in storage order, W_{m,n,c',d} in the formulas.
// (d, i, j) is OutputOfRow(row), (c, y, x) is PaddedOfCol(col).
struct Entry {
  int64_t row = 0, col = 0;
  int d = 0, c_local = 0, m = 0, n = 0;  // the tap: weight(d, c_local, m, n)
  int i = 0, j = 0;                      // the window (output cell) of the row
  int c = 0, y = 0, x = 0;               // the padded-input cell of the column
  bool operator==(const Entry&) const = default;
};

// The slides of pz's rows and columns (the one tap formula lives there).
inline SlideAxis RowSlide(const ConvShape& s) { return SlideAxis::Over(s.Hp(), s.k1, s.s1, s.d1); }
inline SlideAxis ColSlide(const ConvShape& s) { return SlideAxis::Over(s.Wp(), s.k2, s.s2, s.d2); }

// Calls f(const Entry&) for every structural nonzero of row `row`, in
// increasing column order (= the forward window's term order (c', m, n)).
template <typename F>
void ForEachEntryInRow(const ConvShape& s, int64_t row, F&& f) {
  const OutputIndex o = OutputOfRow(s, row);
  const SlideAxis rows = RowSlide(s), cols = ColSlide(s);
  Entry e;
  e.row = row;
  e.d = o.d;
  e.i = o.i;
  e.j = o.j;
  for (int cl = 0; cl < s.GroupInChannels(); ++cl) {
    e.c_local = cl;
    e.c = s.InputChannel(o.d, cl);
    for (int m = 0; m < s.k1; ++m) {
      e.m = m;
      e.y = rows.Tap(o.i, m);
      for (int n = 0; n < s.k2; ++n) {
        e.n = n;
        e.x = cols.Tap(o.j, n);
        e.col = ColOf(s, e.c, e.y, e.x);
        f(static_cast<const Entry&>(e));
      }
    }
  }
}

// Calls f(const Entry&) for every structural nonzero of column `col` — one
// per output window with a tap on pz[c,y,x] — in increasing row order
// (d over c's group, then i, then j). No call for a gap, hole or remainder
// cell. These are the rows Cᵀ·vec(δ) sums for ∂L/∂pz[c,y,x] (eq 8).
template <typename F>
void ForEachEntryInColumn(const ConvShape& s, int64_t col, F&& f) {
  const PaddedIndex p = PaddedOfCol(s, col);
  const SlideAxis rows = RowSlide(s), cols = ColSlide(s);
  const WindowSpan wi = rows.Covering(p.y), wj = cols.Covering(p.x);
  if (wi.empty() || wj.empty()) return;
  Entry e;
  e.col = col;
  e.c = p.c;
  e.y = p.y;
  e.x = p.x;
  e.c_local = s.LocalInput(p.c);
  const int group = s.GroupOfInput(p.c), per_group = s.GroupOutChannels();
  for (int d = group * per_group; d < (group + 1) * per_group; ++d) {
    e.d = d;
    for (int i = wi.first; i < wi.last; i += wi.step) {
      e.i = i;
      e.m = rows.TapIndex(i, p.y);
      for (int j = wj.first; j < wj.last; j += wj.step) {
        e.j = j;
        e.n = cols.TapIndex(j, p.x);
        e.row = RowOf(s, d, i, j);
        f(static_cast<const Entry&>(e));
      }
    }
  }
}

// Number of structural nonzeros in column `col` (0 for an unread cell).
inline int64_t EntriesInColumn(const ConvShape& s, int64_t col) {
  const PaddedIndex p = PaddedOfCol(s, col);
  return int64_t{s.GroupOutChannels()} * RowSlide(s).Covering(p.y).size() *
         ColSlide(s).Covering(p.x).size();
}

// Row r's entries / column col's entries, as vectors (same order as above).
inline std::vector<Entry> RowEntries(const ConvShape& s, int64_t row) {
  std::vector<Entry> out;
  out.reserve(static_cast<size_t>(EntriesPerRow(s)));
  ForEachEntryInRow(s, row, [&](const Entry& e) { out.push_back(e); });
  return out;
}
inline std::vector<Entry> ColumnEntries(const ConvShape& s, int64_t col) {
  std::vector<Entry> out;
  out.reserve(static_cast<size_t>(EntriesInColumn(s, col)));
  ForEachEntryInColumn(s, col, [&](const Entry& e) { out.push_back(e); });
  return out;
}

// "Hovered column ↔ reading windows": the rows of C with a nonzero in
// column col, increasing — the output cells (windows) whose forward sum
// reads pz[c,y,x], and the δ cells eq 8 gathers into ∂L/∂pz[c,y,x].
inline std::vector<int64_t> RowsReadingColumn(const ConvShape& s, int64_t col) {
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(EntriesInColumn(s, col)));
  ForEachEntryInColumn(s, col, [&](const Entry& e) { out.push_back(e.row); });
  return out;
}

// Every structural nonzero of C in row-major order (row, then column).
// Precondition: NonzeroCount(s) ≤ kMaxMatrixEntries (the CLI refuses bigger
// layers; the engine's route never materialises the list).
inline constexpr int64_t kMaxMatrixEntries = int64_t{1} << 24;
inline std::vector<Entry> AllEntries(const ConvShape& s) {
  assert(NonzeroCount(s) <= kMaxMatrixEntries);
  std::vector<Entry> out;
  out.reserve(static_cast<size_t>(NonzeroCount(s)));
  for (int64_t r = 0; r < RowCount(s); ++r)
    ForEachEntryInRow(s, r, [&](const Entry& e) { out.push_back(e); });
  return out;
}

}  // namespace convbp::matrix
