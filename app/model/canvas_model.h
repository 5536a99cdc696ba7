// Plain-data description of what the canvas shows: every cell of every
// tensor of the current stage, with where it starts and ends in the current
// animation, its value and its style. Built once per change (not per frame)
// and drawn by GridRenderer; no GL, no ImGui, so tests can inspect it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.h"
#include "tensor.h"

namespace convbp::app {

enum class Palette { kBlueRed = 0, kPurpleOrange = 1 };

// Matches the constants in shaders/grid.frag.
enum class CellStyle {
  kNormal = 0,
  kInsertedZero = 1,  // zeros inserted between δ cells (stride − 1)
  kPadding = 2,       // zero frame: input padding or pδ's k−1 frame
  kRemainder = 3,     // rows/cols no window reaches (ρ)
  kGap = 4,           // rows/cols between windows when s > k
  kCropped = 5,       // border that eq 9 removes
  kGreyed = 6,        // eq-5 positions that belong to no weight: hatched, outside the bracket
  kPending = 7,       // not yet computed at this point of the stage
  kHole = 8,          // between the taps of a dilated kernel, read by no window (Reach::kHole)
};

// How each structural kind of cell (steps::ClassifyCell) is drawn: the one
// mapping from the step model's classification to the canvas's styles.
CellStyle StyleOfKind(steps::CellKind kind);

enum class Highlight { kNone = 0, kOperand = 1, kTarget = 2 };

// One cell, laid out for the instanced shader (grid_renderer.cpp binds
// these fields as they are). Packed because the canvas holds one per drawn
// cell — 1.3 M on a 1×1024×1024 layer, so each byte here is 1.3 MB: the
// three small enums are bytes, and a turning cell's pivot is not stored
// (TurnPivot derives it from `from` and `to`). 36 bytes; it was 13 floats.
struct CellInstance {
  float from_x, from_y;  // top-left before the animation (canvas units; 1 unit = 1 cell)
  float to_x, to_y;      // top-left after the animation
  float value;
  // value ÷ its tensor's colour scale (TensorBox::value_scale), so the
  // shader colours every tensor on its own range: a small pz next to a big
  // δ is not washed out. |shade| ≤ 1 except for a running sum.
  float shade;
  float alpha_from, alpha_to;
  uint8_t style;      // CellStyle
  uint8_t highlight;  // Highlight
  uint8_t mode;       // 0 slide from→to, 1 turn 180° about TurnPivot
};

// The centre a turning cell (mode 1) turns about: a half turn carries the
// cell from `from` to `to` exactly when it turns about the midpoint of the
// two cells' centres, (from + 0.5 + to + 0.5) / 2 — for rot180 W that is the
// kernel slice's centre. The vertex shader (shaders/grid.vert) does the same.
inline void TurnPivot(const CellInstance& c, float& x, float& y) {
  x = (c.from_x + c.to_x + 1) * 0.5f;
  y = (c.from_y + c.to_y + 1) * 0.5f;
}

// A tensor slice on the canvas: a label and the box its cells end up in.
struct TensorBox {
  steps::TensorId tensor = steps::TensorId::kNone;  // e.g. kGradOutputPadded
  std::string symbol;                               // e.g. "pδ" or "rot180 W"
  std::string detail;  // e.g. "C_out×(Hp+k1−1)×(Wp+k2−1) = 1×7×7"
  // UI-string key of a plain-words caption ("δ with zeros inserted"), drawn
  // in the UI language above the symbol; "" for none.
  std::string caption;
  float x = 0, y = 0, w = 0, h = 0;
  // False for a box drawn without a label of its own: the matrix scene's
  // vec(pz) and result columns, which C's label names ("C·vec(pz) = …").
  bool labelled = true;
  // The |value| that gets full colour in this tensor (its largest drawn
  // |value|; 1 when all are 0); the overlay shows it as "±scale".
  float value_scale = 1;
};

// Where one drawn cell sits and which tensor cell it shows; lets panels
// map mouse → cell.
struct CellRef {
  int box = -1;  // index into CanvasModel::boxes; −1: a moving copy, not hoverable
  steps::Cell cell;
};

// The CellRef of every drawn cell, parallel to CanvasModel::cells, read as
// `refs[k].box` / `refs[k].cell` (by value). Stored packed: a CellRef is 24
// bytes, and the canvas holds one per drawn cell (1.3 M on a 1×1024×1024
// layer). Nearly all of them are the cells of a few tensors, so each is kept
// as 8 bytes — which tensor of which box (a Source, one per placed tensor)
// and its flat index there — and made into a steps::Cell when read. A cell
// of no tensor (the matrix scene's C and vectors) is kept whole.
class CellRefs {
 public:
  size_t size() const { return packed_.size(); }
  bool empty() const { return packed_.empty(); }
  // Room for `n` refs in all (CanvasModel::ReserveCells).
  void Reserve(size_t n);
  // Empty, keeping the storage (CanvasModel::Recycle).
  void clear() { sources_.clear(), packed_.clear(), whole_.clear(); }
  // A cell of the tensor shown in `box`, of dims `dims` (rank ≤ 4), at flat
  // index `flat`; a moving copy of it is not `hoverable` (its CellRef::box
  // is −1).
  void PushTensorCell(int box, bool hoverable, steps::TensorId tensor, const std::vector<int>& dims,
                      size_t flat);
  // Any other cell, kept as it is.
  void PushCell(const CellRef& ref);
  CellRef operator[](size_t k) const { return {BoxOf(k), CellOf(k)}; }
  // Just the box (no index arithmetic): for loops over every cell.
  int BoxOf(size_t k) const {
    const Packed& p = packed_[k];
    if (p.source == kWhole) return whole_[p.index].box;
    const Source& s = sources_[p.source];
    return s.hoverable ? s.box : -1;
  }
  // The box whose tensor cell k shows, moving copies included (their
  // colour scale is that box's), and the cell's flat index in it; false
  // for a cell pushed whole.
  bool TensorCellOf(size_t k, int& box, size_t& flat) const {
    const Packed& p = packed_[k];
    if (p.source == kWhole) return false;
    box = sources_[p.source].box, flat = p.index;
    return true;
  }
  steps::Cell CellOf(size_t k) const;

  class Iterator {
   public:
    Iterator(const CellRefs& refs, size_t k) : refs_(&refs), k_(k) {}
    CellRef operator*() const { return (*refs_)[k_]; }
    Iterator& operator++() { return ++k_, *this; }
    bool operator!=(const Iterator& o) const { return k_ != o.k_; }

   private:
    const CellRefs* refs_;
    size_t k_;
  };
  Iterator begin() const { return {*this, 0}; }
  Iterator end() const { return {*this, size()}; }

 private:
  static constexpr uint32_t kWhole = UINT32_MAX;  // Packed::index is into whole_
  struct Source {
    int box = -1;
    bool hoverable = true;
    steps::TensorId tensor = steps::TensorId::kNone;
    uint8_t rank = 0;
    std::array<int, 4> dims{};
  };
  struct Packed {
    uint32_t source;  // into sources_, or kWhole
    uint32_t index;   // flat index in the source's tensor, or into whole_
  };
  std::vector<Source> sources_;
  std::vector<Packed> packed_;
  std::vector<CellRef> whole_;
};

struct CanvasModel {
  std::vector<CellInstance> cells;
  CellRefs refs;  // parallel to cells
  std::vector<TensorBox> boxes;
  float width = 0, height = 0;  // bounds of everything, canvas units
  // The sliding window outline(s) of the current step, canvas units.
  struct Rect {
    float x, y, w, h;
  };
  std::vector<Rect> windows;
  // Cells the current step writes (drawn as outlines too, so they stay
  // visible when cells are a pixel or two wide).
  std::vector<Rect> targets;
  // Parts of a tensor bracketed and labelled: eq 5's k1×k2 weight gradients
  // among its slide positions (those outside, kGreyed, belong to no weight).
  struct Bracket {
    Rect r;
    std::string label;
  };
  std::vector<Bracket> brackets;
  // Groups (g > 1): a coloured band beside every channel slice, one colour
  // per group γ, so output channel d's slices (of W, z, δ, …) share a colour
  // with the input channels c = γ·C_in/g + c' (of pz, ∂L/∂pz, …) they read.
  struct GroupBand {
    Rect r;
    int group = 0;
    steps::Cell slice;  // the slice's first cell: its channel(s) in the tensor
  };
  std::vector<GroupBand> group_bands;
  // A channel's name above its slice ("c = 1", "d = 0") when a tensor
  // shows more than one channel: `r` is the one-unit row above the slice.
  std::vector<Bracket> slice_labels;
  // Cells whose number is withheld (practice mode's unanswered targets, a
  // worksheet's questions): the index into `cells` and the label drawn in
  // its place ("?", "?3"); sorted by index. Their value and shade are 0.
  struct Blank {
    size_t cell = 0;
    std::string label;
  };
  std::vector<Blank> blanks;
  // The blank drawn in cell k, or null.
  const Blank* BlankAt(size_t k) const;
  // An empty model that keeps `old`'s cell storage, for the next build.
  static CanvasModel Recycle(CanvasModel old);
  // Room for `n` cells in all in `cells` and `refs`; storage more than
  // twice that (a recycled bigger layer's) is given back.
  void ReserveCells(size_t n);
  // Set each time the model is rebuilt, so the renderer knows to upload it
  // again whatever triggered the rebuild (0: never built).
  uint64_t generation = 0;
};

// Canvas units → screen pixels for a region of size w × h: the model is
// fitted into the region (with a margin), then zoomed and panned.
struct CanvasTransform {
  float fit = 1;                     // pixels per unit at zoom 1
  float pixels_per_unit = 1;         // fit × zoom
  float origin_x = 0, origin_y = 0;  // canvas point at the region's top-left
  float ScreenX(float region_x, float cx) const {
    return region_x + (cx - origin_x) * pixels_per_unit;
  }
  float ScreenY(float region_y, float cy) const {
    return region_y + (cy - origin_y) * pixels_per_unit;
  }
};
CanvasTransform FitCanvas(const CanvasModel& m, float w, float h, float zoom, float pan_x,
                          float pan_y);

// Cell centre at animation progress t (0..1, eased), canvas units.
void CellCentreAt(const CellInstance& c, float t, float& x, float& y);

}  // namespace convbp::app
