#include "canvas_model.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace convbp::app {

CellStyle StyleOfKind(steps::CellKind kind) {
  switch (kind) {
    case steps::CellKind::kValue:
    case steps::CellKind::kConstantOne: return CellStyle::kNormal;
    case steps::CellKind::kInputPadding:
    case steps::CellKind::kFrameZero: return CellStyle::kPadding;
    case steps::CellKind::kInsertedZero: return CellStyle::kInsertedZero;
    case steps::CellKind::kRemainderZero: return CellStyle::kRemainder;
    case steps::CellKind::kNoWeight: return CellStyle::kGreyed;
  }
  return CellStyle::kNormal;
}

void CellRefs::PushTensorCell(int box, bool hoverable, steps::TensorId tensor,
                              const std::vector<int>& dims, size_t flat) {
  assert(dims.size() <= 4 && flat < kWhole);
  const auto same = [&](const Source& o) {
    return o.box == box && o.hoverable == hoverable && o.tensor == tensor &&
           o.rank == dims.size() && std::equal(dims.begin(), dims.end(), o.dims.begin());
  };
  // Cells come tensor by tensor: the last source almost always matches.
  size_t at = sources_.size();
  if (at > 0 && same(sources_.back())) at -= 1;
  else at = size_t(std::find_if(sources_.begin(), sources_.end(), same) - sources_.begin());
  if (at == sources_.size()) {
    Source source{box, hoverable, tensor, uint8_t(dims.size()), {}};
    std::copy(dims.begin(), dims.end(), source.dims.begin());
    sources_.push_back(source);
  }
  packed_.push_back({uint32_t(at), uint32_t(flat)});
}

void CellRefs::PushCell(const CellRef& ref) {
  packed_.push_back({kWhole, uint32_t(whole_.size())});
  whole_.push_back(ref);
}

steps::Cell CellRefs::CellOf(size_t k) const {
  const Packed& p = packed_[k];
  if (p.source == kWhole) return whole_[p.index].cell;
  const Source& s = sources_[p.source];
  steps::Cell cell{s.tensor, s.rank, {}};
  size_t rest = p.index;
  for (int a = int(s.rank) - 1; a >= 0; --a) {
    cell.idx[size_t(a)] = int(rest % size_t(s.dims[size_t(a)]));
    rest /= size_t(s.dims[size_t(a)]);
  }
  return cell;
}

const CanvasModel::Blank* CanvasModel::BlankAt(size_t k) const {
  const auto it = std::lower_bound(blanks.begin(), blanks.end(), k,
                                   [](const Blank& b, size_t cell) { return b.cell < cell; });
  return it != blanks.end() && it->cell == k ? &*it : nullptr;
}

CanvasModel CanvasModel::Recycle(CanvasModel old) {
  CanvasModel m;
  m.cells = std::move(old.cells);
  m.cells.clear();
  m.refs = std::move(old.refs);
  m.refs.clear();
  return m;
}

namespace {

// Room for n elements in v. Storage over twice that is given back; storage
// too small grows with an eighth to spare, so that the next change of a
// slider (k 3 → 2 adds a row and a column of z) fits in it, and is let go
// first when v holds nothing yet, so the old and the new block (~50 MB
// each on a big layer) are never held at once.
template <typename T>
void ReserveAbout(std::vector<T>& v, size_t n) {
  if (v.capacity() > 2 * n) {
    std::vector<T> fitted;
    fitted.reserve(std::max(n, v.size()));
    fitted.assign(v.begin(), v.end());
    v.swap(fitted);
  }
  if (v.capacity() >= n) return;
  if (v.empty()) v = {};
  v.reserve(n + n / 8);
}

}  // namespace

void CellRefs::Reserve(size_t n) { ReserveAbout(packed_, n); }

void CanvasModel::ReserveCells(size_t n) {
  ReserveAbout(cells, n);
  refs.Reserve(n);
}

CanvasTransform FitCanvas(const CanvasModel& m, float w, float h, float zoom, float pan_x,
                          float pan_y) {
  constexpr float kMargin = 1.0f;        // canvas units kept free around the model
  constexpr float kLabelPixels = 76.0f;  // caption, symbol and two shape lines above the cells
  const float top = std::min(kLabelPixels, h * 0.3f);
  CanvasTransform t;
  t.fit =
      std::max(1e-3f, std::min(w / (m.width + 2 * kMargin), (h - top) / (m.height + 2 * kMargin)));
  t.pixels_per_unit = t.fit * zoom;
  t.origin_x = m.width * 0.5f - w / t.pixels_per_unit * 0.5f + pan_x;
  t.origin_y =
      m.height * 0.5f - (h - top) / t.pixels_per_unit * 0.5f - top / t.pixels_per_unit + pan_y;
  return t;
}

void CellCentreAt(const CellInstance& c, float t, float& x, float& y) {
  if (c.mode == 1) {
    // Same turn as the vertex shader: rotate the centre about the pivot.
    const float angle = 3.14159265f * t;
    float px, py;
    TurnPivot(c, px, py);
    const float dx = c.from_x + 0.5f - px, dy = c.from_y + 0.5f - py;
    x = px + std::cos(angle) * dx - std::sin(angle) * dy;
    y = py + std::sin(angle) * dx + std::cos(angle) * dy;
    return;
  }
  x = c.from_x + (c.to_x - c.from_x) * t + 0.5f;
  y = c.from_y + (c.to_y - c.from_y) * t + 0.5f;
}

}  // namespace convbp::app
