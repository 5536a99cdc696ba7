#include "scene_layout.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "geometry.h"
#include "matrix_scene.h"
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
constexpr float kLabelSpace = 3.0f;      // room above each tensor for its label
constexpr float kChannelNameRow = 1.0f;  // "c = 0" above each channel slice
// A narrow tensor (bias, a 2-wide output) still gets this much width, so its
// label ("C_out×H'×W'") has room before the next tensor's.
constexpr float kMinTensorWidth = 5.0f;
// Above this many cells a tensor shows only the slice the step works on.
constexpr size_t kMaxCellsPerTensor = 20000;

// Whether a pz row (or column) is read by some window, and if not, why.
CellStyle StyleOfReach(Reach reach) {
  switch (reach) {
    case Reach::kCovered: break;
    case Reach::kGap: return CellStyle::kGap;
    case Reach::kHole: return CellStyle::kHole;
    case Reach::kRemainder: return CellStyle::kRemainder;
  }
  return CellStyle::kNormal;
}

bool ReadsOutputChannels(TensorId id);

std::string DimsText(const std::vector<int>& dims) {
  std::ostringstream s;
  for (size_t k = 0; k < dims.size(); ++k) s << (k ? "×" : "") << dims[k];
  return s.str();
}

// The names of a tensor's axes, in storage order, so that "3×2×3×2" can be
// decoded: "C_out×C_in×k1×k2". Arrays the derivation builds (δ^{l_padding},
// pδ, eq 5's positions) have rows and columns of their own making.
std::string AxesText(const ConvShape& s, TensorId id) {
  const std::string c_in = s.groups > 1 ? "C_in/g" : "C_in";
  switch (id) {
    case TensorId::kInput:
    case TensorId::kGradInput: return "C_in×H×W";
    case TensorId::kInputPadded:
    case TensorId::kGradInputPadded: return steps::HasPadding(s) ? "C_in×Hp×Wp" : "C_in×H×W";
    case TensorId::kWeight:
    case TensorId::kWeightRot180:
    case TensorId::kGradWeight: return "C_out×" + c_in + "×k1×k2";
    case TensorId::kWeightPositions: return "C_out×" + c_in + "×rows×cols";
    case TensorId::kBias:
    case TensorId::kGradBias: return "C_out";
    case TensorId::kOutput:
    case TensorId::kGradOutput: return "C_out×H'×W'";
    case TensorId::kGradOutputDilated:
    case TensorId::kGradOutputPadded: return "C_out×rows×cols";
    default: return "";
  }
}

// "C_out×H'×W' = 3×3×2": the shape label of a tensor box.
std::string ShapeText(const ConvShape& s, TensorId id, const std::vector<int>& dims) {
  const std::string axes = AxesText(s, id);
  return axes.empty() ? DimsText(dims) : axes + " = " + DimsText(dims);
}

// The letter the formulas index a tensor's channels by: c for the input
// side, d for the output side.
const char* ChannelAxisOf(TensorId id) {
  switch (id) {
    case TensorId::kInput:
    case TensorId::kInputPadded:
    case TensorId::kGradInput:
    case TensorId::kGradInputPadded: return "c";
    default: return "d";
  }
}

// A tensor placed on the canvas. Rank-3 tensors lay their channels out in
// a grid of `cols` columns, row by row (channel 0 top-left), each slice
// under a one-unit row that names it when there is more than one; OIHW
// kernels form a C_out × C_in grid of k1×k2 slices; rank-1 tensors (bias)
// are a column. Everything sits on whole units: the canvas is an integer
// grid (the renderer's far-zoom texture relies on it).
struct Placed {
  TensorId id = TensorId::kNone;
  const Tensor<double>* t = nullptr;
  int box = -1;
  float x0 = 0, y0 = 0;
  int only_slice = -1;  // rank 3: the one channel shown; rank 4: flat (o·C_in + c)
  int cols = 1;         // rank 3: channel slices per row of the grid

  int Slices() const { return t->rank() == 3 && only_slice < 0 ? t->dim(0) : 1; }
  int GridRows() const { return (Slices() + cols - 1) / cols; }
  // Rank 3 with several channels: each slice has its name row above it.
  // Rank 4: the k1×k2 slices of the kernel grid shown (C_out·C_in, or 1).
  int KernelSlices() const { return t->rank() == 4 && only_slice < 0 ? t->dim(0) * t->dim(1) : 1; }
  // Several channels (rank 3) or kernel slices (rank 4): each slice has
  // its name row above it.
  float NameRow() const { return Slices() > 1 || KernelSlices() > 1 ? kChannelNameRow : 0.0f; }

  bool Visible(const std::vector<int>& cell) const {
    if (only_slice < 0) return true;
    if (t->rank() == 3) return cell[0] == only_slice;
    if (t->rank() == 4) return cell[0] * t->dim(1) + cell[1] == only_slice;
    return true;
  }
  // Top-left of channel `slot`'s slice (rank 3), below its name row.
  void SliceOrigin(int slot, float& x, float& y) const {
    const int col = slot % cols, row = slot / cols;
    x = x0 + float(col) * (float(t->dim(2)) + kSliceGap);
    y = y0 + float(row) * (float(t->dim(1)) + std::max(kSliceGap, NameRow())) + NameRow();
  }
  // Top-left of `cell` in canvas units.
  void Position(const std::vector<int>& cell, float& x, float& y) const {
    if (t->rank() == 1) {
      x = x0;
      y = y0 + float(cell[0]);
    } else if (t->rank() == 3) {
      SliceOrigin(only_slice < 0 ? cell[0] : 0, x, y);
      x += float(cell[2]);
      y += float(cell[1]);
    } else {
      const int row = only_slice < 0 ? cell[0] : 0, col = only_slice < 0 ? cell[1] : 0;
      x = x0 + float(col) * (float(t->dim(3)) + kSliceGap) + float(cell[3]);
      y = y0 + NameRow() + float(row) * (float(t->dim(2)) + std::max(kSliceGap, NameRow())) +
          float(cell[2]);
    }
  }
  void Extent(float& w, float& h) const {
    const int r = t->rank();
    if (r == 1) {
      w = 1;
      h = float(t->dim(0));
    } else if (r == 3) {
      const int used_cols = std::min(cols, Slices());
      w = float(used_cols) * (float(t->dim(2)) + kSliceGap) - kSliceGap;
      h = float(GridRows()) * (float(t->dim(1)) + std::max(kSliceGap, NameRow())) -
          std::max(kSliceGap, NameRow()) + NameRow();
    } else {
      const int rows = only_slice < 0 ? t->dim(0) : 1, cols4 = only_slice < 0 ? t->dim(1) : 1;
      w = float(cols4) * (float(t->dim(3)) + kSliceGap) - kSliceGap;
      h = float(rows) * (float(t->dim(2)) + std::max(kSliceGap, NameRow())) -
          std::max(kSliceGap, NameRow()) + NameRow();
    }
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
  Builder(const Problem<double>& p, const Results<double>& r, const StepFocus& f, float aspect,
          CanvasModel recycled)
      : p_(p),
        r_(r),
        f_(f),
        s_(p.shape),
        crop_stage_(f.stage == Stage::kCrop),
        aspect_(std::clamp(aspect, 0.2f, 5.0f)),
        m_(CanvasModel::Recycle(std::move(recycled))) {}

  // Places the tensors `ids` left to right. Their channel grids share one
  // number of rows, chosen so that the whole row of tensors is as large as
  // possible in a region of width/height `aspect_` (fit-to-view): a 3×10×7
  // pδ becomes three slices side by side in a wide canvas, not a strip.
  std::vector<Placed> PlaceRow(std::initializer_list<TensorId> ids) {
    std::vector<Placed> row;
    int most_slices = 1;
    for (TensorId id : ids) {
      row.push_back(Prepare(id));
      most_slices = std::max(most_slices, row.back().Slices());
    }
    int best_rows = 1;
    float best_scale = -1;
    for (int rows = 1; rows <= most_slices; ++rows) {
      for (Placed& pl : row) pl.cols = std::max(1, (pl.Slices() + rows - 1) / rows);
      float w = 0, h = 0;
      RowExtent(row, w, h);
      // Pixels per unit in a region 1 tall and aspect_ wide, with FitCanvas's margins.
      const float scale = std::min(aspect_ / (w + 2), 1.0f / (h + 2));
      if (scale > best_scale * 1.0001f) best_scale = scale, best_rows = rows;
    }
    size_t cells = m_.cells.size();
    for (Placed& pl : row) {
      pl.cols = std::max(1, (pl.Slices() + best_rows - 1) / best_rows);
      Commit(pl);
      cells += pl.t ? pl.t->size() : 0;
    }
    // Every scene draws each placed tensor's cells about once: room for
    // them now, so the cell vectors (44 bytes a cell; 1.3 M cells on a
    // 1×1024×1024 layer) are not grown by doubling to up to twice that.
    m_.ReserveCells(cells);
    return row;
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
      // A moving copy: not hoverable, not lit.
      Add(from, cell, x, y, tx, ty, CellStyle::kNormal, 0.9f, 0.15f, /*hoverable=*/false);
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

  // Groups: a band left of every channel slice in the colour of its group
  // (CanvasModel::GroupBand). Kernels (rank 4) are indexed by their output
  // channel d; images by an input or an output channel as the tensor is.
  void AddGroupBands(const std::vector<Placed>& placed) {
    if (s_.groups <= 1) return;
    constexpr float kBandWidth = 0.35f, kBandGap = 0.2f;
    for (const Placed& pl : placed) {
      const int rank = pl.t->rank();
      if (rank != 3 && rank != 4) continue;
      const int slices = rank == 3 ? pl.t->dim(0) : pl.t->dim(0) * pl.t->dim(1);
      for (int k = 0; k < slices; ++k) {
        const std::vector<int> corner =
            rank == 3 ? std::vector<int>{k, 0, 0}
                      : std::vector<int>{k / pl.t->dim(1), k % pl.t->dim(1), 0, 0};
        if (!pl.Visible(corner)) continue;
        const int group = rank == 4 || ReadsOutputChannels(pl.id) ? s_.GroupOf(corner[0])
                                                                  : s_.GroupOfInput(corner[0]);
        float x, y;
        pl.Position(corner, x, y);
        const float h = float(pl.t->dim(rank - 2));
        m_.group_bands.push_back(
            {{x - kBandGap - kBandWidth, y, kBandWidth, h}, group, steps::Cell::Of(pl.id, corner)});
      }
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
    // The cell on its way is added last: cells are drawn in the model's
    // order, and the destination's pending cells lie on its path.
    struct Move {
      std::vector<int> to_cell;
      float sx, sy, dx, dy;
    };
    std::optional<Move> moving;
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
      } else if (flat > current) {
        // Not moved yet: an empty (pending) cell keeps the box its full shape.
        Add(dst, to_cell, dx, dy, dx, dy, CellStyle::kPending, 1, 1);
      } else {
        moving = {to_cell, sx, sy, dx, dy};
      }
    });
    ForEachCell(dst, [&](const std::vector<int>& cell) {
      if (arrived[dst.t->OffsetOf(cell)] || !dst.Visible(cell)) return;
      float x, y;
      dst.Position(cell, x, y);
      // A frame cell whose ring has not begun to fade in is an empty
      // (pending) cell meanwhile: the box never looks hollow or smaller.
      const float alpha = FadeIn(dst, cell, stage_done);
      if (alpha <= 0) Add(dst, cell, x, y, x, y, CellStyle::kPending, 1, 1);
      else
        Add(dst, cell, x, y, x, y, StyleOf(dst, cell), std::max(alpha, 0.35f),
            std::max(alpha, 0.35f));
    });
    if (!moving) return;
    CellInstance& c = Add(dst, moving->to_cell, moving->sx, moving->sy, moving->dx, moving->dy,
                          StyleOf(dst, moving->to_cell), 1, 1);
    c.highlight = uint8_t(Highlight::kTarget);
    // Turns about the slice's centre: to_cell is rot180 of the cell within
    // its slice, so that centre is TurnPivot's midpoint.
    if (rotate_about_slice) c.mode = 1;
  }

  // Crop: the p border of ∂L/∂pz fades as the stage runs. It stays where
  // it is: a border that slid over the inner block would overprint its
  // numbers and look like a change in the maths.
  void AddFadingBorder(const Placed& pl) {
    const float done = f_.count ? std::min(1.0f, float(f_.index + 1) / float(f_.count)) : 1.0f;
    ForEachCell(pl, [&](const std::vector<int>& cell) {
      if (!pl.Visible(cell)) return;
      float x, y;
      pl.Position(cell, x, y);
      const CellStyle style = StyleOf(pl, cell);
      const float alpha = style == CellStyle::kCropped ? 1 - 0.75f * done : 1.0f;
      Add(pl, cell, x, y, x, y, style, alpha, alpha);
    });
  }

  // Lights the cells the step reads and writes, and outlines the windows.
  void ApplyFocus(const std::vector<Placed>& placed) {
    lit_.assign(m_.boxes.size(), {});
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
    LightMarkedCells();
  }

  // Each tensor gets its own colour scale, its largest drawn |value|, and
  // every cell its value on that scale (the shader's input).
  CanvasModel Finish() {
    std::vector<float> biggest(m_.boxes.size(), 0.0f);
    for (size_t k = 0; k < m_.cells.size(); ++k) {
      const size_t b = size_t(ColourBoxOf(k));
      biggest[b] = std::max(biggest[b], std::fabs(m_.cells[k].value));
    }
    for (size_t b = 0; b < m_.boxes.size(); ++b)
      m_.boxes[b].value_scale = biggest[b] > 0 ? biggest[b] : 1.0f;
    for (size_t k = 0; k < m_.cells.size(); ++k)
      m_.cells[k].shade = m_.cells[k].value / m_.boxes[size_t(ColourBoxOf(k))].value_scale;
    return std::move(m_);
  }

  const ConvShape& shape() const { return s_; }

  // Boxes and cells that are not a tensor's (the matrix scene's C and its
  // vectors): placed by the caller, coloured on their box's own scale, and
  // hoverable through `ref`.
  int AddPlainBox(TensorBox box) {
    m_.boxes.push_back(std::move(box));
    const TensorBox& b = m_.boxes.back();
    m_.width = std::max(m_.width, b.x + b.w);
    m_.height = std::max(m_.height, b.y + b.h);
    return int(m_.boxes.size()) - 1;
  }
  CellInstance& AddPlainCell(int box, float x, float y, double value, CellStyle style,
                             const steps::Cell& ref, Highlight h = Highlight::kNone) {
    CellInstance c{};
    c.from_x = c.to_x = x, c.from_y = c.to_y = y;
    c.value = float(value);
    c.style = uint8_t(style);
    c.highlight = uint8_t(h);
    c.alpha_from = c.alpha_to = 1;
    m_.cells.push_back(c);
    m_.refs.PushCell({box, ref});
    return m_.cells.back();
  }
  void AddWindow(const CanvasModel::Rect& r) { m_.windows.push_back(r); }
  void AddTarget(const CanvasModel::Rect& r) { m_.targets.push_back(r); }
  // Where the next PlaceRow starts (canvas units from the left).
  float& cursor_x() { return cursor_x_; }

 private:
  CellInstance& Add(const Placed& pl, const std::vector<int>& cell, float fx, float fy, float tx,
                    float ty, CellStyle style, float a0, float a1, bool hoverable = true) {
    const size_t flat = pl.t->OffsetOf(cell);
    CellInstance c{};
    c.from_x = fx, c.from_y = fy, c.to_x = tx, c.to_y = ty;
    c.value = float((*pl.t)[flat]);
    c.style = uint8_t(style);
    c.alpha_from = a0, c.alpha_to = a1;
    m_.cells.push_back(c);
    m_.refs.PushTensorCell(pl.box, hoverable, pl.id, pl.t->dims(), flat);
    return m_.cells.back();
  }

  // Marks a tensor cell for LightMarkedCells (the strongest mark wins).
  void Light(const Placed& pl, const std::vector<int>& cell, Highlight h) {
    std::vector<uint8_t>& marks = lit_[size_t(pl.box)];
    if (marks.empty()) marks.assign(pl.t->size(), 0);
    uint8_t& mark = marks[pl.t->OffsetOf(cell)];
    mark = std::max(mark, uint8_t(h));
  }
  // Lights the first drawn cell of every marked tensor cell, in one pass
  // over the cells: a byte per cell of a lit tensor only, where a table of
  // where every tensor cell landed took 4 bytes per drawn cell.
  void LightMarkedCells() {
    for (size_t k = 0; k < m_.cells.size(); ++k) {
      int box = -1;
      size_t flat = 0;
      if (!m_.refs.TensorCellOf(k, box, flat) || lit_[size_t(box)].empty()) continue;
      uint8_t& mark = lit_[size_t(box)][flat];
      if (mark == 0) continue;
      m_.cells[k].highlight = std::max(m_.cells[k].highlight, mark);
      mark = 0;  // the first cell drawn for it only
    }
  }

  // The box whose colour scale cell k uses: its tensor's, moving copies too.
  int ColourBoxOf(size_t k) const {
    int box = -1;
    size_t flat = 0;
    return m_.refs.TensorCellOf(k, box, flat) ? box : m_.refs.BoxOf(k);
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
    const int u = cell[1] - (s.K1() - 1), v = cell[2] - (s.K2() - 1);
    const int ring = std::max({-u, -v, u - (s.DilatedH() - 1), v - (s.DilatedW() - 1), 0});
    if (ring == 0) return stage_done;  // an inserted zero inside δ^{l_padding}
    const int rings = std::max({s.K1() - 1 + s.rho1(), s.K2() - 1 + s.rho2(), 1});
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
      case TensorId::kWindowCount:
        return f_.transposed ? "caption.window_count_transposed" : "caption.window_count";
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
    const CellStyle row = ReachStyles(row_styles_, ForRows(s_).slide)[size_t(y)];
    if (row != CellStyle::kNormal) return row;
    return ReachStyles(col_styles_, ForCols(s_).slide)[size_t(x)];
  }

  // The style of every position along a padded axis (ReachOf for each),
  // made once per canvas: a 3×224×224 input asks for it 150 k times.
  static const std::vector<CellStyle>& ReachStyles(std::vector<CellStyle>& styles,
                                                   const SlideAxis& axis) {
    if (styles.empty())
      for (int y = 0; y < axis.n_in; ++y) styles.push_back(StyleOfReach(axis.ReachOf(y)));
    return styles;
  }

  // A tensor as it will be drawn (which values, which slice), not yet placed.
  Placed Prepare(TensorId id) const {
    Placed pl;
    pl.id = id;
    const auto override = overrides_.find(id);
    pl.t = override != overrides_.end() && override->second ? override->second
                                                            : steps::TensorOf(p_, r_, id);
    if (pl.t->size() > kMaxCellsPerTensor && pl.t->rank() >= 3) pl.only_slice = ActiveSlice(pl);
    return pl;
  }

  // Width and height of `row` placed side by side (label space included).
  static void RowExtent(const std::vector<Placed>& row, float& w, float& h) {
    w = 0, h = 0;
    for (size_t k = 0; k < row.size(); ++k) {
      float tw = 0, th = 0;
      row[k].Extent(tw, th);
      w += std::max(tw, kMinTensorWidth) + (k ? kTensorGap : 0.0f);
      h = std::max(h, kLabelSpace + th);
    }
  }

  // Puts `pl` to the right of what is already there, with its box and the
  // names of its channels.
  void Commit(Placed& pl) {
    pl.x0 = cursor_x_;
    pl.y0 = kLabelSpace;
    float w = 0, h = 0;
    pl.Extent(w, h);
    TensorBox box;
    box.tensor = pl.id;
    box.symbol = TensorLabel(s_, pl.id);
    if (const std::string relabel = f_.transposed ? TransposedLabel(pl.id) : ""; !relabel.empty())
      box.symbol = relabel + "  (= " + box.symbol + ")";
    box.detail = ShapeText(s_, pl.id, pl.t->dims());
    box.caption = CaptionKey(pl.id);
    if (pl.only_slice >= 0) box.detail += "  (one slice shown)";
    box.x = pl.x0;
    box.y = pl.y0;
    box.w = w;
    box.h = h;
    pl.box = int(m_.boxes.size());
    m_.boxes.push_back(box);
    if (pl.NameRow() > 0 && pl.t->rank() == 4) {
      // Kernel slice W_{:,:,c,d} (stored at [d][c]) is named by both indices.
      // In a grouped layer the stored index is c', the slice's place in d's
      // group, as the formulas and step lines write it.
      const std::string in_channel = s_.groups > 1 ? ", c' = " : ", c = ";
      for (int d = 0; d < pl.t->dim(0); ++d)
        for (int c = 0; c < pl.t->dim(1); ++c) {
          float x, y;
          pl.Position({d, c, 0, 0}, x, y);
          m_.slice_labels.push_back({{x, y - pl.NameRow(), float(pl.t->dim(3)), pl.NameRow()},
                                     "d = " + std::to_string(d) + in_channel + std::to_string(c)});
        }
    } else if (pl.NameRow() > 0) {
      const char* axis = ChannelAxisOf(pl.id);
      for (int c = 0; c < pl.Slices(); ++c) {
        float x, y;
        pl.SliceOrigin(c, x, y);
        m_.slice_labels.push_back({{x, y - pl.NameRow(), float(pl.t->dim(2)), pl.NameRow()},
                                   std::string(axis) + " = " + std::to_string(c)});
      }
    }
    cursor_x_ += std::max(w, kMinTensorWidth) + kTensorGap;
    m_.width = std::max(m_.width, pl.x0 + w);
    m_.height = std::max(m_.height, pl.y0 + h);
  }

  const Problem<double>& p_;
  const Results<double>& r_;
  const StepFocus& f_;
  const ConvShape& s_;
  const bool crop_stage_;
  const float aspect_;  // width / height of the canvas region
  CanvasModel m_;
  float cursor_x_ = 0;
  std::map<TensorId, const Tensor<double>*> overrides_;
  std::vector<std::vector<uint8_t>> lit_;  // per box: Highlight marked per tensor cell (or empty)
  mutable std::vector<CellStyle> row_styles_, col_styles_;  // ReachStyles, pz's rows and columns
};

// Whether a rank-3 tensor's channels are output channels d (z, δ and its
// zero-inserted and framed forms) rather than input channels c.
bool ReadsOutputChannels(TensorId id) {
  return id == TensorId::kOutput || id == TensorId::kGradOutput ||
         id == TensorId::kGradOutputDilated || id == TensorId::kGradOutputPadded;
}

std::vector<int> Dilate(const ConvShape& s, const std::vector<int>& c) {
  return {c[0], c[1] * s.s1, c[2] * s.s2};
}

// ---- the matrix scene --------------------------------------------------------
// vec(pz)ᵀ above C, and z = C·vec(pz) + b beside it (product); vec(δ)ᵀ above
// Cᵀ, and ∂L/∂pz = Cᵀ·vec(δ) beside it (transposed product). Each column of
// the drawn matrix stands under the vector entry it multiplies and each row
// beside the result it makes, so a line's dot product reads straight across
// (and a long vec(pz) adds no height).
// The tensor pictures (pz and z, or δ and ∂L/∂pz) come first, on the left.
class MatrixPainter {
 public:
  MatrixPainter(Builder& b, const Problem<double>& p, const Results<double>& r, const StepFocus& f)
      : b_(b), p_(p), r_(r), f_(f), s_(p.shape), column_(IsColumnStage(f.stage)) {
    bool column = column_;
    if (f.targets.empty() || !LineOfHoveredCell(s_, f.stage, f.targets[0], line_, column))
      line_ = 0;
    all_done_ = f.count > 0 && f.index + 1 >= f.count;
  }

  // Sets the builder's cursor after what it placed: the pictures follow.
  void Paint() {
    const bool cells = MatrixAtCellLevel(s_);
    float x = b_.cursor_x();
    if (!cells) x = PaintDensity(x, kLabelSpace);
    b_.cursor_x() = PaintBlock(cells ? WholeMatrix(s_) : BandAround(s_, line_, column_), x,
                               kLabelSpace, !cells);
  }

 private:
  // Which of `across` (C's columns, or for Cᵀ its rows) the current line
  // has an entry in.
  std::vector<char> LineMarks(const std::vector<int64_t>& across) const {
    std::vector<char> marks(across.size(), 0);
    auto mark = [&](int64_t k) {
      const auto it = std::lower_bound(across.begin(), across.end(), k);
      if (it != across.end() && *it == k) marks[size_t(it - across.begin())] = 1;
    };
    if (column_) {
      matrix::ForEachEntryInColumn(s_, line_, [&](const matrix::Entry& e) { mark(e.row); });
    } else {
      matrix::ForEachEntryInRow(s_, line_, [&](const matrix::Entry& e) { mark(e.col); });
    }
    return marks;
  }

  static std::string MatrixDims(int64_t down, int64_t across) {
    return std::to_string(down) + "×" + std::to_string(across);
  }

  // C's size in the layer's letters: (C_out·H'·W') × (C_in·Hp·Wp).
  std::string MatrixDetail() const {
    const std::string rows = "C_out·H'·W'",
                      cols = steps::HasPadding(s_) ? "C_in·Hp·Wp" : "C_in·H·W";
    const int64_t nr = matrix::RowCount(s_), nc = matrix::ColCount(s_);
    return column_ ? "(" + cols + ")×(" + rows + ") = " + MatrixDims(nc, nr)
                   : "(" + rows + ")×(" + cols + ") = " + MatrixDims(nr, nc);
  }

  // Whether some column of C is empty (a pz row or column no window reads).
  bool HasEmptyColumns() const {
    const SlideAxis rows = ForRows(s_).slide, cols = ForCols(s_).slide;
    for (int y = 0; y < s_.Hp(); ++y)
      if (rows.ReachOf(y) != Reach::kCovered) return true;
    for (int x = 0; x < s_.Wp(); ++x)
      if (cols.ReachOf(x) != Reach::kCovered) return true;
    return false;
  }

  // x of the box after one `w` wide at x (labels get at least kMinTensorWidth).
  static float NextX(float x, float w) { return x + std::max(w, kMinTensorWidth) + kTensorGap; }

  // C too large for cells: the fraction of structural nonzeros per block,
  // the current line outlined. Returns where the next box goes.
  float PaintDensity(float x0, float y0) {
    const int64_t down = column_ ? matrix::ColCount(s_) : matrix::RowCount(s_);
    const int64_t across = column_ ? matrix::RowCount(s_) : matrix::ColCount(s_);
    const int g_down = int(std::min<int64_t>(down, 90));
    const int g_across = int(std::min<int64_t>(across, 160));
    const std::vector<double> density =
        column_ ? MatrixDensity(s_, g_across, g_down) : MatrixDensity(s_, g_down, g_across);
    TensorBox box;
    box.symbol = column_ ? "C^{T}" : "C";
    box.detail = MatrixDetail();
    box.caption = "caption.matrix_density";
    box.x = x0, box.y = y0, box.w = float(g_across), box.h = float(g_down);
    const int id = b_.AddPlainBox(box);
    for (int k = 0; k < g_down; ++k)
      for (int a = 0; a < g_across; ++a) {
        const size_t at = column_ ? size_t(a) * size_t(g_down) + size_t(k)
                                  : size_t(k) * size_t(g_across) + size_t(a);
        b_.AddPlainCell(id, x0 + float(a), y0 + float(k), density[at], CellStyle::kNormal,
                        steps::Cell{});
      }
    const float line_y = y0 + float(double(line_) * double(g_down) / double(down));
    b_.AddWindow({x0, line_y, float(g_across), 1});
    return NextX(x0, float(g_across));
  }

  // A block of C (or Cᵀ) with the vector it multiplies above it and the
  // result beside it, as in C·vec(pz) = vec(z) − b. Returns the right edge.
  float PaintBlock(const MatrixBlock& block, float x0, float y0, bool zoomed) {
    // Drawn down / across: C's rows / columns, or for Cᵀ its columns / rows.
    const std::vector<int64_t>& down = column_ ? block.cols : block.rows;
    const std::vector<int64_t>& across = column_ ? block.rows : block.cols;
    const int64_t down_n = int64_t(down.size()), across_n = int64_t(across.size());
    const std::vector<char> marks = LineMarks(across);
    // The matrix: entries coloured by their weight, zeros faint, the
    // columns no window reads hatched as the pz cells they stand for.
    TensorBox mat;
    // One label for the product: the vector and result columns have none.
    mat.symbol = column_ ? "C^{T}·vec(δ^{l}) = ∂L/∂vec(pz)" : "C·vec(pz) = vec(z^{l}) − b";
    mat.detail = zoomed ? std::to_string(down_n) + "×" + std::to_string(across_n) +
                              " (zoom: the lines near " + std::to_string(line_) +
                              ", the cells they read)"
                        : MatrixDetail();
    if (HasEmptyColumns())
      mat.caption = column_ ? "caption.matrix_empty_rows" : "caption.matrix_empty_columns";
    // The box (and its label) spans the vector row above the matrix too.
    const float my = y0 + 1 + kVectorGap;  // the matrix's top row
    mat.x = x0, mat.y = y0, mat.w = float(across_n), mat.h = my - y0 + float(down_n);
    const int mat_box = b_.AddPlainBox(mat);
    std::vector<double> values;
    std::vector<char> has_entry;
    MatrixValues(s_, p_.weight, block, values, has_entry);
    std::vector<CellStyle> empty_style(block.cols.size(), CellStyle::kPending);
    for (size_t c = 0; c < block.cols.size(); ++c) {
      const Reach reach = ColumnReach(s_, block.cols[c]);
      if (reach != Reach::kCovered) empty_style[c] = StyleOfReach(reach);
    }
    const size_t n_cols = block.cols.size();
    int64_t line_at = -1;
    for (int64_t k = 0; k < down_n; ++k) {
      if (down[size_t(k)] == line_) line_at = k;
      for (int64_t a = 0; a < across_n; ++a) {
        const size_t r = size_t(column_ ? a : k), c = size_t(column_ ? k : a);
        const size_t at = r * n_cols + c;
        const bool lit = down[size_t(k)] == line_ && has_entry[at];
        const CellStyle style = has_entry[at] ? CellStyle::kNormal : empty_style[c];
        b_.AddPlainCell(mat_box, x0 + float(a), my + float(k), values[at], style,
                        steps::Cell::Of(TensorId::kNone, 0, int(block.rows[r]), int(block.cols[c])),
                        lit ? Highlight::kOperand : Highlight::kNone);
      }
    }
    if (line_at >= 0) b_.AddWindow({x0, my + float(line_at), float(across_n), 1});
    // The vector the lines multiply, as a row above the matrix: entry a
    // stands over the column it meets.
    TensorBox vec;
    vec.symbol = column_ ? "vec(δ^{l})" : "vec(pz)";
    vec.detail = std::to_string(column_ ? matrix::RowCount(s_) : matrix::ColCount(s_)) + "×1";
    vec.x = x0, vec.y = y0, vec.w = float(across_n), vec.h = 1;
    vec.labelled = false;
    const int vec_box = b_.AddPlainBox(vec);
    for (int64_t a = 0; a < across_n; ++a) {
      const auto [ref, value] =
          VecEntry(column_ ? TensorId::kGradOutput : TensorId::kInputPadded, across[size_t(a)]);
      // pz's padding zeros look as they do in pz.
      const CellStyle style = StyleOfKind(steps::ClassifyCell(s_, ref));
      b_.AddPlainCell(vec_box, x0 + float(a), y0, value, style, ref,
                      marks[size_t(a)] ? Highlight::kOperand : Highlight::kNone);
    }
    // The result, filled line by line, each entry beside its line.
    TensorBox res;
    res.symbol = column_ ? "∂L/∂vec(pz)" : "vec(z^{l})";
    res.detail = std::to_string(column_ ? matrix::ColCount(s_) : matrix::RowCount(s_)) + "×1";
    res.x = x0 + float(across_n) + kVectorGap, res.y = my, res.w = 1, res.h = float(down_n);
    res.labelled = false;
    const int res_box = b_.AddPlainBox(res);
    for (int64_t k = 0; k < down_n; ++k) {
      const int64_t line = down[size_t(k)];
      const auto [ref, value] =
          VecEntry(column_ ? TensorId::kGradInputPadded : TensorId::kOutput, line);
      const bool target = line == line_;
      const CellStyle style = !all_done_ && line > line_ ? CellStyle::kPending : CellStyle::kNormal;
      CellInstance& c = b_.AddPlainCell(res_box, res.x, my + float(k), value, style, ref,
                                        target ? Highlight::kTarget : Highlight::kNone);
      if (target) {
        if (f_.running_sum) c.value = float(*f_.running_sum);
        b_.AddTarget({res.x, my + float(k), 1, 1});
      }
    }
    // The label above C spans the product; the pictures start after it.
    return NextX(x0, res.x + 1 - x0);
  }

  static constexpr float kVectorGap = 2.0f;  // between C, its vector and its result

  // Entry k of vec(t) for the tensor `id`: the tensor cell it is — (d,i,j)
  // of an output-side tensor (k a row of C), (c,y,x) of an input-side one
  // (k a column) — and its value (vec is row-major storage order).
  std::pair<steps::Cell, double> VecEntry(TensorId id, int64_t k) const {
    steps::Cell cell;
    if (id == TensorId::kOutput || id == TensorId::kGradOutput) {
      const matrix::OutputIndex o = matrix::OutputOfRow(s_, k);
      cell = steps::Cell::Of(id, o.d, o.i, o.j);
    } else {
      const matrix::PaddedIndex q = matrix::PaddedOfCol(s_, k);
      cell = steps::Cell::Of(id, q.c, q.y, q.x);
    }
    return {cell, (*steps::TensorOf(p_, r_, id))[size_t(k)]};
  }

  Builder& b_;
  const Problem<double>& p_;
  const Results<double>& r_;
  const StepFocus& f_;
  const ConvShape& s_;
  const bool column_;  // the transposed product: lines are C's columns
  int64_t line_ = 0;   // the row (or column) of C the current step works on
  bool all_done_ = false;
};

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

std::string TransposedLabel(TensorId id) {
  switch (id) {
    case TensorId::kGradOutput: return "x";
    case TensorId::kGradOutputDilated: return "x^{(s)}";  // x with s − 1 zeros inserted
    case TensorId::kGradOutputPadded: return "px";
    case TensorId::kGradInputPadded: return "p(y − b)";
    case TensorId::kGradInput: return "y − b";
    case TensorId::kInput: return "∂L/∂y";
    case TensorId::kInputPadded: return "p(∂L/∂y)";
    case TensorId::kOutput: return "∂L/∂x";
    case TensorId::kBias: return "0";
    case TensorId::kGradBias: return "Σx";
    default: return "";
  }
}

CanvasModel BuildSceneCanvas(const Problem<double>& p, const Results<double>& r, const StepFocus& f,
                             float region_aspect, CanvasModel recycled) {
  Builder b(p, r, f, region_aspect, std::move(recycled));
  const ConvShape& s = p.shape;
  std::vector<Placed> placed;
  auto dilate = [&](const std::vector<int>& c) { return Dilate(s, c); };

  if (f.scene == Scene::kMatrix) {
    // The tensors as the other scenes draw them, then the same product as
    // one matrix (its wide label last, where it has the room).
    const bool column = IsColumnStage(f.stage);
    placed = column ? b.PlaceRow({TensorId::kGradOutput, TensorId::kGradInputPadded})
                    : b.PlaceRow({TensorId::kInputPadded, TensorId::kOutput});
    b.AddStatic(placed[0]);
    b.AddFilling(placed[1]);
    MatrixPainter(b, p, r, f).Paint();
  } else if (f.scene == Scene::kForward) {
    placed = b.PlaceRow({TensorId::kInputPadded, TensorId::kWeight, TensorId::kOutput});
    b.AddStatic(placed[0]);
    b.AddStatic(placed[1]);
    b.AddFilling(placed[2]);
  } else if (f.scene == Scene::kBias) {
    placed = b.PlaceRow({TensorId::kGradOutput, TensorId::kGradBias});
    b.AddStatic(placed[0]);
    b.AddFilling(placed[1]);
    b.AddFlowIntoTarget(placed[0], placed[1]);
  } else if (f.stage == Stage::kDilate) {
    placed = b.PlaceRow({TensorId::kGradOutput, TensorId::kGradOutputDilated});
    b.AddStatic(placed[0]);
    b.AddMoves(placed[0], placed[1], dilate, false);
  } else if (f.scene == Scene::kWeight) {  // slide
    placed = b.PlaceRow(
        {TensorId::kInputPadded, TensorId::kGradOutputDilated, TensorId::kWeightPositions});
    b.AddStatic(placed[0]);
    b.AddStatic(placed[1]);
    b.AddFilling(placed[2]);
    b.AddWeightBrackets(placed[2]);
  } else if (f.stage == Stage::kPad) {
    placed = b.PlaceRow({TensorId::kGradOutputDilated, TensorId::kGradOutputPadded});
    b.AddStatic(placed[0]);
    b.AddMoves(
        placed[0], placed[1],
        [&](const std::vector<int>& c) {
          return std::vector<int>{c[0], c[1] + s.K1() - 1, c[2] + s.K2() - 1};
        },
        false);
  } else if (f.stage == Stage::kRotate) {
    placed = b.PlaceRow({TensorId::kWeight, TensorId::kWeightRot180});
    b.AddStatic(placed[0]);
    b.AddMoves(
        placed[0], placed[1],
        [&](const std::vector<int>& c) {
          return std::vector<int>{c[0], c[1], s.k1 - 1 - c[2], s.k2 - 1 - c[3]};
        },
        true);
  } else if (f.stage == Stage::kSlide) {
    placed = b.PlaceRow(
        {TensorId::kGradOutputPadded, TensorId::kWeightRot180, TensorId::kGradInputPadded});
    b.AddStatic(placed[0]);
    b.AddStatic(placed[1]);
    b.AddFilling(placed[2]);
  } else if (f.stage == Stage::kCrop) {
    placed = b.PlaceRow({TensorId::kGradInputPadded, TensorId::kGradInput});
    b.AddFadingBorder(placed[0]);
    b.AddMoves(
        placed[0], placed[1],
        [&](const std::vector<int>& c) {
          return std::vector<int>{c[0], c[1] - s.p1, c[2] - s.p2};
        },
        false);
  } else if (f.stage == Stage::kScatter) {  // ∂L/∂pz shows what the windows so far have added
    b.Override(TensorId::kGradInputPadded, f.partial_grad_input);
    placed = b.PlaceRow({TensorId::kGradOutput, TensorId::kWeight, TensorId::kGradInputPadded});
    for (const Placed& pl : placed) b.AddStatic(pl);
  } else {  // overlap: N fills in beside δ^l, whose counted windows are lit
    placed = b.PlaceRow({TensorId::kGradOutput, TensorId::kWindowCount});
    b.AddStatic(placed[0]);
    b.AddFilling(placed[1]);
  }
  b.AddGroupBands(placed);
  b.ApplyFocus(placed);
  return b.Finish();
}

}  // namespace convbp::app
