#include "scene_layout.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include "geometry.h"
#include "notation.h"
#include "tensor_of.h"

namespace convbp::app {

namespace {

using steps::Scene;
using steps::Stage;
using steps::TensorId;

constexpr float kTensorGap = 3.0f;  // canvas units between tensors
constexpr float kSliceGap =
    1.0f;  // between channel slices (whole cells: the canvas stays on an integer grid)
constexpr float kLabelSpace = 3.0f;  // room above each tensor for its label
// Above this many cells a tensor shows only the slice the step works on.
constexpr size_t kMaxCellsPerTensor = 20000;

// Whether a pz row (or column) is read by some window, and if not, why.
CellStyle StyleOfReach(Reach reach) {
  switch (reach) {
    case Reach::kCovered: break;
    case Reach::kGap:
    case Reach::kHole: return CellStyle::kGap;  // a hole style of its own: the app half's work
    case Reach::kRemainder: return CellStyle::kRemainder;
  }
  return CellStyle::kNormal;
}

std::string DimsText(const std::vector<int>& dims) {
  std::ostringstream s;
  for (size_t k = 0; k < dims.size(); ++k) s << (k ? "×" : "") << dims[k];
  return s.str();
}

// A tensor placed on the canvas. Rank-3 tensors stack their channels
// vertically; OIHW kernels form a C_out × C_in grid of k1×k2 slices;
// rank-1 tensors (bias) are a column.
struct Placed {
  TensorId id = TensorId::kNone;
  const Tensor<double>* t = nullptr;
  int box = -1;
  float x0 = 0, y0 = 0;
  int only_slice = -1;  // rank 3: the one channel shown; rank 4: flat (o·C_in + c)

  bool Visible(const std::vector<int>& cell) const {
    if (only_slice < 0) return true;
    if (t->rank() == 3) return cell[0] == only_slice;
    if (t->rank() == 4) return cell[0] * t->dim(1) + cell[1] == only_slice;
    return true;
  }
  // Top-left of `cell` in canvas units.
  void Position(const std::vector<int>& cell, float& x, float& y) const {
    if (t->rank() == 1) {
      x = x0;
      y = y0 + float(cell[0]);
    } else if (t->rank() == 3) {
      const int slot = only_slice < 0 ? cell[0] : 0;
      x = x0 + float(cell[2]);
      y = y0 + float(slot) * (float(t->dim(1)) + kSliceGap) + float(cell[1]);
    } else {
      const int row = only_slice < 0 ? cell[0] : 0, col = only_slice < 0 ? cell[1] : 0;
      x = x0 + float(col) * (float(t->dim(3)) + kSliceGap) + float(cell[3]);
      y = y0 + float(row) * (float(t->dim(2)) + kSliceGap) + float(cell[2]);
    }
  }
  void Extent(float& w, float& h) const {
    const int r = t->rank();
    if (r == 1) {
      w = 1;
      h = float(t->dim(0));
    } else if (r == 3) {
      const int slices = only_slice < 0 ? t->dim(0) : 1;
      w = float(t->dim(2));
      h = float(slices) * (float(t->dim(1)) + kSliceGap) - kSliceGap;
    } else {
      const int rows = only_slice < 0 ? t->dim(0) : 1, cols = only_slice < 0 ? t->dim(1) : 1;
      w = float(cols) * (float(t->dim(3)) + kSliceGap) - kSliceGap;
      h = float(rows) * (float(t->dim(2)) + kSliceGap) - kSliceGap;
    }
  }
  // Centre of the slice holding `cell` (rotation pivot).
  void SliceCentre(const std::vector<int>& cell, float& x, float& y) const {
    std::vector<int> corner = cell;
    corner[corner.size() - 1] = 0;
    corner[corner.size() - 2] = 0;
    Position(corner, x, y);
    x += float(t->dim(t->rank() - 1)) * 0.5f;
    y += float(t->dim(t->rank() - 2)) * 0.5f;
  }
};

// Calls f(cell) for every cell of `pl` that is on screen (all of them, or
// the one slice shown), in row-major order. The index is advanced like an
// odometer: no division per cell, no visit of hidden slices.
template <typename F>
void ForEachCell(const Placed& pl, F&& f) {
  const Tensor<double>& t = *pl.t;
  size_t first = 0, count = t.size();
  if (pl.only_slice >= 0 && t.rank() >= 3) {
    count = size_t(t.dim(t.rank() - 2)) * size_t(t.dim(t.rank() - 1));
    first = size_t(pl.only_slice) * count;
  }
  std::vector<int> cell(t.dims().size(), 0);
  size_t rest = first;
  for (int a = t.rank() - 1; a >= 0; --a) {
    cell[size_t(a)] = int(rest % size_t(t.dim(a)));
    rest /= size_t(t.dim(a));
  }
  for (size_t k = 0; k < count; ++k) {
    f(static_cast<const std::vector<int>&>(cell));
    for (int a = t.rank() - 1; a >= 0; --a) {
      if (++cell[size_t(a)] < t.dim(a)) break;
      cell[size_t(a)] = 0;
    }
  }
}

class Builder {
 public:
  Builder(const Problem<double>& p, const Results<double>& r, const StepFocus& f)
      : p_(p), r_(r), f_(f), s_(p.shape), crop_stage_(f.stage == Stage::kCrop) {}

  // Places tensor `id` to the right of what is already there.
  Placed Place(TensorId id) {
    Placed pl;
    pl.id = id;
    const auto override = overrides_.find(id);
    pl.t = override != overrides_.end() && override->second ? override->second
                                                            : steps::TensorOf(p_, r_, id);
    if (pl.t->size() > kMaxCellsPerTensor && pl.t->rank() >= 3) pl.only_slice = ActiveSlice(pl);
    pl.x0 = cursor_x_;
    pl.y0 = kLabelSpace;
    float w = 0, h = 0;
    pl.Extent(w, h);
    TensorBox box;
    box.tensor = id;
    box.symbol = TensorLabel(s_, id);
    box.detail = DimsText(pl.t->dims());
    box.caption = CaptionKey(id);
    if (pl.only_slice >= 0) box.detail += "  (one slice shown)";
    box.x = pl.x0;
    box.y = pl.y0;
    box.w = w;
    box.h = h;
    pl.box = int(m_.boxes.size());
    m_.boxes.push_back(box);
    cursor_x_ += std::max(w, 4.0f) + kTensorGap;
    m_.width = std::max(m_.width, pl.x0 + w);
    m_.height = std::max(m_.height, pl.y0 + h);
    return pl;
  }

  // Adds every visible cell of `pl` at rest.
  void AddStatic(const Placed& pl) {
    ForEachCell(pl, [&](const std::vector<int>& cell) {
      if (!pl.Visible(cell)) return;
      float x, y;
      pl.Position(cell, x, y);
      Add(pl, cell, x, y, x, y, StyleOf(pl, cell), 1, 1);
    });
  }

  // A tensor filled step by step: cells before the current target are
  // done, the target shows its value, later ones are pending.
  void AddFilling(const Placed& pl) {
    size_t target_flat = pl.t->size();  // no target → everything done
    for (const steps::Cell& t : f_.targets)
      if (t.tensor == pl.id && pl.t->Contains(t.Index()))
        target_flat = std::min(target_flat, pl.t->OffsetOf(t.Index()));
    const bool all_done = f_.count > 0 && f_.index + 1 >= f_.count;
    ForEachCell(pl, [&](const std::vector<int>& cell) {
      if (!pl.Visible(cell)) return;
      float x, y;
      pl.Position(cell, x, y);
      CellStyle style = StyleOf(pl, cell);
      const size_t flat = pl.t->OffsetOf(cell);
      if (style == CellStyle::kNormal && !all_done && flat > target_flat)
        style = CellStyle::kPending;
      CellInstance& c = Add(pl, cell, x, y, x, y, style, 1, 1);
      if (flat == target_flat && f_.running_sum) c.value = float(*f_.running_sum);
    });
  }

  // Bias: every δ_{d,i,j} of the current window flows into ∂L/∂b_d.
  void AddFlowIntoTarget(const Placed& from, const Placed& into) {
    if (f_.targets.empty() || !into.t->Contains(f_.targets[0].Index())) return;
    float tx, ty;
    into.Position(f_.targets[0].Index(), tx, ty);
    for (const steps::Cell& op : f_.operands) {
      const std::vector<int> cell = op.Index();
      if (op.tensor != from.id || !from.t->Contains(cell) || !from.Visible(cell)) continue;
      float x, y;
      from.Position(cell, x, y);
      Add(from, cell, x, y, tx, ty, CellStyle::kNormal, 0.9f, 0.15f);
      m_.refs.back().box = -1;  // a moving copy: not hoverable, not lit
    }
  }

  // Eq 5's slide positions: a bracket labelled ∂L/∂W round the k1×k2
  // weight gradients of every slice, so the ρ positions outside it (no
  // weight) cannot pass for gradients.
  void AddWeightBrackets(const Placed& pl) {
    if (s_.rho1() == 0 && s_.rho2() == 0) return;
    for (int d = 0; d < pl.t->dim(0); ++d)
      for (int c = 0; c < pl.t->dim(1); ++c) {
        if (!pl.Visible({d, c, 0, 0})) continue;
        float x, y;
        pl.Position({d, c, 0, 0}, x, y);
        m_.brackets.push_back({{x, y, float(s_.k2), float(s_.k1)}, "∂L/∂W"});
      }
  }

  // Draw `id` from `t` instead of the final results (partial sums).
  void Override(TensorId id, const Tensor<double>* t) { overrides_[id] = t; }

  // Transform stage: the cells of `dst` arrive from `src` one move at a
  // time (row-major over the source). `map` gives each source cell's
  // destination; destination cells no source lands on (inserted zeros,
  // frames) fade in over the stage.
  void AddMoves(const Placed& src, const Placed& dst,
                const std::function<std::vector<int>(const std::vector<int>&)>& map,
                bool rotate_about_slice) {
    const size_t current = f_.move_from && src.t->Contains(f_.move_from->Index())
                               ? src.t->OffsetOf(f_.move_from->Index())
                               : src.t->size();
    const float stage_done =
        f_.count ? std::min(1.0f, float(f_.index + 1) / float(f_.count)) : 1.0f;
    std::vector<char> arrived(dst.t->size(), 0);
    ForEachCell(src, [&](const std::vector<int>& cell) {
      const std::vector<int> to_cell = map(cell);
      if (!dst.t->Contains(to_cell) || !dst.Visible(to_cell)) return;
      arrived[dst.t->OffsetOf(to_cell)] = 1;
      float sx, sy, dx, dy;
      dst.Position(to_cell, dx, dy);
      const size_t flat = src.t->OffsetOf(cell);
      if (rotate_about_slice) {
        // The moving cell starts unrotated inside the destination slice and
        // turns about the slice centre; later cells are not there yet.
        dst.Position(cell, sx, sy);
      } else {
        src.Position(cell, sx, sy);
      }
      if (flat < current) {
        Add(dst, to_cell, dx, dy, dx, dy, StyleOf(dst, to_cell), 1, 1);
      } else if (flat == current) {
        CellInstance& c = Add(dst, to_cell, sx, sy, dx, dy, StyleOf(dst, to_cell), 1, 1);
        c.highlight = float(Highlight::kTarget);
        if (rotate_about_slice) {
          c.mode = 1;
          dst.SliceCentre(to_cell, c.pivot_x, c.pivot_y);
        }
      }
    });
    ForEachCell(dst, [&](const std::vector<int>& cell) {
      if (arrived[dst.t->OffsetOf(cell)] || !dst.Visible(cell)) return;
      float x, y;
      dst.Position(cell, x, y);
      const float alpha = FadeIn(dst, cell, stage_done);
      Add(dst, cell, x, y, x, y, StyleOf(dst, cell), alpha, alpha);
    });
  }

  // Crop: the p border of ∂L/∂pz drifts down and fades as the stage runs.
  void AddFallingBorder(const Placed& pl) {
    const float done = f_.count ? std::min(1.0f, float(f_.index + 1) / float(f_.count)) : 1.0f;
    ForEachCell(pl, [&](const std::vector<int>& cell) {
      if (!pl.Visible(cell)) return;
      float x, y;
      pl.Position(cell, x, y);
      const CellStyle style = StyleOf(pl, cell);
      if (style != CellStyle::kCropped) {
        Add(pl, cell, x, y, x, y, style, 1, 1);
        return;
      }
      const float drop = 1.5f * done;
      Add(pl, cell, x, y + drop, x, y + drop, style, 1 - 0.85f * done, 1 - 0.85f * done);
    });
  }

  // Lights the cells the step reads and writes, and outlines the windows.
  void ApplyFocus(const std::vector<Placed>& placed) {
    for (const Placed& pl : placed) {
      // One window outline per slice (channel) the operands lie in.
      std::map<std::vector<int>, CanvasModel::Rect> windows;
      std::map<std::vector<int>, int> lit;
      for (const steps::Cell& op_cell : f_.operands) {
        const std::vector<int> cell = op_cell.Index();
        if (op_cell.tensor != pl.id || !pl.t->Contains(cell) || !pl.Visible(cell)) continue;
        float x, y;
        pl.Position(cell, x, y);
        const std::vector<int> slice(cell.begin(), cell.end() - std::min<size_t>(2, cell.size()));
        auto [it, fresh] = windows.try_emplace(slice, CanvasModel::Rect{x, y, 1, 1});
        CanvasModel::Rect& w = it->second;
        if (!fresh) {
          const float x1 = std::max(w.x + w.w, x + 1), y1 = std::max(w.y + w.h, y + 1);
          w.x = std::min(w.x, x), w.y = std::min(w.y, y);
          w.w = x1 - w.x, w.h = y1 - w.y;
        }
        ++lit[slice];
        Light(pl, cell, Highlight::kOperand);
      }
      for (const auto& [slice, w] : windows)
        if (lit[slice] > 1) m_.windows.push_back(w);
      for (const steps::Cell& t : f_.targets) {
        const std::vector<int> cell = t.Index();
        if (t.tensor == pl.id && pl.t->Contains(cell) && pl.Visible(cell)) {
          Light(pl, cell, Highlight::kTarget);
          float x, y;
          pl.Position(cell, x, y);
          m_.targets.push_back({x, y, 1, 1});
        }
      }
    }
  }

  CanvasModel Finish() {
    double biggest = 0;
    for (const CellInstance& c : m_.cells) biggest = std::max(biggest, double(std::fabs(c.value)));
    m_.value_scale = biggest > 0 ? float(biggest) : 1.0f;
    return std::move(m_);
  }

  const ConvShape& shape() const { return s_; }

 private:
  CellInstance& Add(const Placed& pl, const std::vector<int>& cell, float fx, float fy, float tx,
                    float ty, CellStyle style, float a0, float a1) {
    CellInstance c{};
    c.from_x = fx, c.from_y = fy, c.to_x = tx, c.to_y = ty;
    c.value = float((*pl.t)[pl.t->OffsetOf(cell)]);
    c.style = float(style);
    c.alpha_from = a0, c.alpha_to = a1;
    // Remember where each tensor cell landed so Light() finds it at once.
    if (slots_.size() <= size_t(pl.box)) slots_.resize(size_t(pl.box) + 1);
    std::vector<int>& slot = slots_[size_t(pl.box)];
    if (slot.empty()) slot.assign(pl.t->size(), -1);
    const size_t flat = pl.t->OffsetOf(cell);
    if (slot[flat] < 0) slot[flat] = int(m_.cells.size());
    m_.cells.push_back(c);
    m_.refs.push_back({pl.box, steps::Cell::Of(pl.id, cell)});
    return m_.cells.back();
  }

  void Light(const Placed& pl, const std::vector<int>& cell, Highlight h) {
    if (size_t(pl.box) >= slots_.size() || slots_[size_t(pl.box)].empty()) return;
    const int k = slots_[size_t(pl.box)][pl.t->OffsetOf(cell)];
    if (k >= 0) m_.cells[size_t(k)].highlight = std::max(m_.cells[size_t(k)].highlight, float(h));
  }

  // For big tensors: the channel (or kernel slice) the current step uses.
  int ActiveSlice(const Placed& pl) const {
    auto slice_of = [&](const steps::Cell& l) {
      if (l.tensor != pl.id || l.rank != pl.t->rank()) return -1;
      return pl.t->rank() == 4 ? l.idx[0] * pl.t->dim(1) + l.idx[1] : l.idx[0];
    };
    for (const steps::Cell& t : f_.targets)
      if (slice_of(t) >= 0) return slice_of(t);
    for (const steps::Cell& op : f_.operands)
      if (slice_of(op) >= 0) return slice_of(op);
    if (f_.move_to && slice_of(*f_.move_to) >= 0) return slice_of(*f_.move_to);
    if (f_.move_from && slice_of(*f_.move_from) >= 0) return slice_of(*f_.move_from);
    return 0;
  }

  // How far into a transform stage a cell that is not moved in (inserted
  // zero, frame) is shown. pδ's frame grows ring by ring from the inside.
  float FadeIn(const Placed& pl, const std::vector<int>& cell, float stage_done) const {
    if (pl.id != TensorId::kGradOutputPadded) return stage_done;
    const ConvShape& s = s_;
    const int u = cell[1] - (s.k1 - 1), v = cell[2] - (s.k2 - 1);
    const int ring = std::max({-u, -v, u - (s.DilatedH() - 1), v - (s.DilatedW() - 1), 0});
    if (ring == 0) return stage_done;  // an inserted zero inside δ^{l_padding}
    const int rings = std::max({s.k1 - 1 + s.rho1(), s.k2 - 1 + s.rho2(), 1});
    return std::clamp(stage_done * float(rings) - float(ring - 1), 0.0f, 1.0f);
  }

  // The plain-words caption of a tensor (UI-string key), where its symbol
  // alone is easy to misread: the two zero-padded δ arrays, pz, and eq 8's
  // ∂L/∂pz, which is δ^{l-1} itself unless there is padding to crop.
  std::string CaptionKey(TensorId id) const {
    const bool padded = steps::HasPadding(s_);
    switch (id) {
      case TensorId::kGradOutputDilated:  // the input scene's dilate makes eq 5's array again
        return f_.scene == Scene::kInput && f_.stage == Stage::kDilate
                   ? "caption.delta_dilated_again"
                   : "caption.delta_dilated";
      case TensorId::kGradOutputPadded: return "caption.delta_framed";
      case TensorId::kInputPadded: return padded ? "caption.pz_padded" : "caption.pz_same";
      case TensorId::kGradInputPadded:
        return padded ? "caption.grad_pz_cropped" : "caption.grad_pz_same";
      case TensorId::kWeightPositions:
        return s_.rho1() > 0 || s_.rho2() > 0 ? "caption.no_weight" : "";
      default: return "";
    }
  }

  // The step model classifies every cell by structure (steps::ClassifyCell:
  // padding, inserted zero, frame, ρ, no weight); the canvas adds, for pz and
  // ∂L/∂pz, why a row or column gets no gradient (gap, remainder) and the
  // border that the crop stage removes.
  CellStyle StyleOf(const Placed& pl, const std::vector<int>& cell) const {
    const steps::CellKind kind = steps::ClassifyCell(s_, steps::Cell::Of(pl.id, cell));
    if (kind != steps::CellKind::kValue) return StyleOfKind(kind);
    if (pl.id != TensorId::kInputPadded && pl.id != TensorId::kGradInputPadded)
      return CellStyle::kNormal;
    const int y = cell[1], x = cell[2];
    if (pl.id == TensorId::kGradInputPadded && crop_stage_ && IsPaddingBorder(s_, y, x))
      return CellStyle::kCropped;
    const CellStyle row = StyleOfReach(ForRows(s_).slide.ReachOf(y));
    if (row != CellStyle::kNormal) return row;
    return StyleOfReach(ForCols(s_).slide.ReachOf(x));
  }

  const Problem<double>& p_;
  const Results<double>& r_;
  const StepFocus& f_;
  const ConvShape& s_;
  const bool crop_stage_;
  CanvasModel m_;
  float cursor_x_ = 0;
  std::map<TensorId, const Tensor<double>*> overrides_;
  std::vector<std::vector<int>> slots_;  // per box: tensor flat index → cell, −1 when not drawn
};

std::vector<int> Dilate(const ConvShape& s, const std::vector<int>& c) {
  return {c[0], c[1] * s.s1, c[2] * s.s2};
}

}  // namespace

steps::Cell DrawnCell(const ConvShape& shape, steps::Cell cell) {
  if (!steps::HasPadding(shape)) {
    if (cell.tensor == TensorId::kInput) cell.tensor = TensorId::kInputPadded;
    if (cell.tensor == TensorId::kGradInput) cell.tensor = TensorId::kGradInputPadded;
  }
  // ∂L/∂W[d,c,m,n] is position (m, n) of the eq-5 correlation.
  if (cell.tensor == TensorId::kGradWeight) cell.tensor = TensorId::kWeightPositions;
  return cell;
}

std::string TensorLabel(const ConvShape& shape, TensorId id) {
  // The eq-5 correlation shows ∂L/∂W in its first k1×k2 positions.
  if (id == TensorId::kWeightPositions) {
    std::string label = steps::Symbol(TensorId::kGradWeight, steps::Form::kTex);
    if (shape.rho1() > 0 || shape.rho2() > 0) label += "  (+ρ positions)";
    return label;
  }
  return steps::Symbol(id, steps::Form::kTex);
}

CanvasModel BuildSceneCanvas(const Problem<double>& p, const Results<double>& r,
                             const StepFocus& f) {
  Builder b(p, r, f);
  const ConvShape& s = p.shape;
  std::vector<Placed> placed;
  auto dilate = [&](const std::vector<int>& c) { return Dilate(s, c); };

  if (f.scene == Scene::kForward) {
    placed = {b.Place(TensorId::kInputPadded), b.Place(TensorId::kWeight),
              b.Place(TensorId::kOutput)};
    b.AddStatic(placed[0]);
    b.AddStatic(placed[1]);
    b.AddFilling(placed[2]);
  } else if (f.scene == Scene::kBias) {
    placed = {b.Place(TensorId::kGradOutput), b.Place(TensorId::kGradBias)};
    b.AddStatic(placed[0]);
    b.AddFilling(placed[1]);
    b.AddFlowIntoTarget(placed[0], placed[1]);
  } else if (f.stage == Stage::kDilate) {
    placed = {b.Place(TensorId::kGradOutput), b.Place(TensorId::kGradOutputDilated)};
    b.AddStatic(placed[0]);
    b.AddMoves(placed[0], placed[1], dilate, false);
  } else if (f.scene == Scene::kWeight) {  // slide
    placed = {b.Place(TensorId::kInputPadded), b.Place(TensorId::kGradOutputDilated),
              b.Place(TensorId::kWeightPositions)};
    b.AddStatic(placed[0]);
    b.AddStatic(placed[1]);
    b.AddFilling(placed[2]);
    b.AddWeightBrackets(placed[2]);
  } else if (f.stage == Stage::kPad) {
    placed = {b.Place(TensorId::kGradOutputDilated), b.Place(TensorId::kGradOutputPadded)};
    b.AddStatic(placed[0]);
    b.AddMoves(
        placed[0], placed[1],
        [&](const std::vector<int>& c) {
          return std::vector<int>{c[0], c[1] + s.k1 - 1, c[2] + s.k2 - 1};
        },
        false);
  } else if (f.stage == Stage::kRotate) {
    placed = {b.Place(TensorId::kWeight), b.Place(TensorId::kWeightRot180)};
    b.AddStatic(placed[0]);
    b.AddMoves(
        placed[0], placed[1],
        [&](const std::vector<int>& c) {
          return std::vector<int>{c[0], c[1], s.k1 - 1 - c[2], s.k2 - 1 - c[3]};
        },
        true);
  } else if (f.stage == Stage::kSlide) {
    placed = {b.Place(TensorId::kGradOutputPadded), b.Place(TensorId::kWeightRot180),
              b.Place(TensorId::kGradInputPadded)};
    b.AddStatic(placed[0]);
    b.AddStatic(placed[1]);
    b.AddFilling(placed[2]);
  } else if (f.stage == Stage::kCrop) {
    placed = {b.Place(TensorId::kGradInputPadded), b.Place(TensorId::kGradInput)};
    b.AddFallingBorder(placed[0]);
    b.AddMoves(
        placed[0], placed[1],
        [&](const std::vector<int>& c) {
          return std::vector<int>{c[0], c[1] - s.p1, c[2] - s.p2};
        },
        false);
  } else {  // scatter: ∂L/∂pz shows what the windows so far have added
    b.Override(TensorId::kGradInputPadded, f.partial_grad_input);
    placed = {b.Place(TensorId::kGradOutput), b.Place(TensorId::kWeight),
              b.Place(TensorId::kGradInputPadded)};
    for (const Placed& pl : placed) b.AddStatic(pl);
  }
  b.ApplyFocus(placed);
  return b.Finish();
}

}  // namespace convbp::app
