#include "lookup.h"

#include <algorithm>
#include <cassert>

#include "geometry.h"
#include "messages.h"
#include "step.h"

namespace convbp::steps {

namespace {

uint64_t U(int v) { return static_cast<uint64_t>(v); }
int64_t S(int v) { return v; }

uint64_t Count(WindowSpan sp) { return U(sp.size()); }

// Builds the RefSets of one lookup.
class Builder {
 public:
  explicit Builder(CellRefs& out) : out_(out) {}

  // A single step.
  void One(Scene scene, Stage stage, uint64_t window, uint64_t first_term, uint64_t term_count) {
    RefSet& r = Next(scene, stage);
    r.base_window = window;
    r.base_term = static_cast<int64_t>(first_term);
    r.term_count = term_count;
  }
  // A box of steps; axes with count 0 make the set empty (dropped).
  void Box(Scene scene, Stage stage, uint64_t base_window, int64_t base_term, uint64_t term_count,
           std::initializer_list<RefSet::Axis> axes) {
    for (const RefSet::Axis& a : axes)
      if (a.count == 0) return;
    RefSet& r = Next(scene, stage);
    r.base_window = base_window;
    r.base_term = base_term;
    r.term_count = term_count;
    for (const RefSet::Axis& a : axes) r.axes[static_cast<size_t>(r.axis_count++)] = a;
  }

 private:
  RefSet& Next(Scene scene, Stage stage) {
    assert(out_.set_count < static_cast<int>(out_.sets.size()));
    RefSet& r = out_.sets[static_cast<size_t>(out_.set_count++)];
    r = RefSet{};
    r.scene = scene;
    r.stage = stage;
    return r;
  }
  CellRefs& out_;
};

// Row-major flat index of `idx` over `dims`.
template <size_t N>
uint64_t Flat(const std::array<int, N>& dims, const std::array<int, N>& idx) {
  uint64_t f = 0;
  for (size_t k = 0; k < N; ++k) f = f * U(dims[k]) + U(idx[k]);
  return f;
}

Cell Canonical(const ConvShape& s, Cell c) {
  c.tensor = CanonicalTensor(s, c.tensor);
  return c;
}

}  // namespace

uint64_t RefSet::size() const {
  uint64_t n = 1;
  for (int k = 0; k < axis_count; ++k) n *= axes[static_cast<size_t>(k)].count;
  return n;
}

StepRef RefSet::operator[](uint64_t k) const {
  assert(k < size());
  int64_t window = static_cast<int64_t>(base_window), term = base_term;
  for (int a = axis_count; a-- > 0;) {
    const Axis& ax = axes[static_cast<size_t>(a)];
    const auto digit = static_cast<int64_t>(k % ax.count);
    k /= ax.count;
    window += digit * ax.window_step;
    term += digit * ax.term_step;
  }
  return {scene, stage, static_cast<uint64_t>(window), static_cast<uint64_t>(term), term_count};
}

std::optional<StepRef> RefSet::Find(uint64_t window) const {
  // Windows increase with k: find the first k whose window is ≥ `window`.
  uint64_t lo = 0, hi = size();
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if ((*this)[mid].window < window) lo = mid + 1;
    else hi = mid;
  }
  if (lo < size() && (*this)[lo].window == window) return (*this)[lo];
  return std::nullopt;
}

std::optional<StepRef> CellRefs::Find(Scene scene, Stage stage, uint64_t window) const {
  for (int k = 0; k < set_count; ++k) {
    const RefSet& r = sets[static_cast<size_t>(k)];
    if (r.scene != scene || r.stage != stage) continue;
    if (auto ref = r.Find(window)) return ref;
  }
  return std::nullopt;
}

uint64_t CellRefs::total() const {
  uint64_t n = 0;
  for (int k = 0; k < set_count; ++k) n += sets[static_cast<size_t>(k)].size();
  return n;
}

StepRef CellRefs::At(uint64_t k) const {
  for (int s = 0; s < set_count; ++s) {
    const RefSet& r = sets[static_cast<size_t>(s)];
    if (k < r.size()) return r[k];
    k -= r.size();
  }
  assert(false && "CellRefs::At out of range");
  return {};
}

int CellRefs::Page(uint64_t first, StepRef* out, int n) const {
  int written = 0;
  for (int s = 0; s < set_count && written < n; ++s) {
    const RefSet& r = sets[static_cast<size_t>(s)];
    const uint64_t size = r.size();
    if (first >= size) {
      first -= size;
      continue;
    }
    for (uint64_t k = first; k < size && written < n; ++k) out[written++] = r[k];
    first = 0;
  }
  return written;
}

Cell PaddedCell(const ConvShape& s, const Cell& c) {
  Cell out = c;
  if (c.tensor == TensorId::kInput) out.tensor = TensorId::kInputPadded;
  else if (c.tensor == TensorId::kGradInput) out.tensor = TensorId::kGradInputPadded;
  else return c;
  out.idx[1] += s.p1;
  out.idx[2] += s.p2;
  return Canonical(s, out);
}

namespace {

// `c` is canonical and in range.
void AddReaders(const ConvShape& s, const Cell& c, Builder& b) {
  const auto& x = c.idx;
  const int ho = s.Ho(), wo = s.Wo(), p1 = s.WeightPositionsH(), p2 = s.WeightPositionsW();
  const uint64_t out_cells = U(ho) * U(wo);
  const TensorId pz = CanonicalTensor(s, TensorId::kInputPadded);

  if (c.tensor == pz) {
    const int ch = x[0], y = x[1], xx = x[2];
    const int cl = s.LocalInput(ch), d0 = s.GroupOfInput(ch) * s.GroupOutChannels();
    const uint64_t cog = U(s.GroupOutChannels());
    // forward: windows (d, i, j) of ch's group with a tap on (y, x); term
    // (c', m, n) with m = (y − i·s1)/D1. The next covering window, `step`
    // rows on, reads it through tap m − step·s1/D1.
    // The matrix product reads it in the same windows and terms: row r of C
    // is forward window r.
    const SlideAxis rows = ForRows(s).slide, cols = ForCols(s).slide;
    const WindowSpan si = rows.Covering(y), sj = cols.Covering(xx);
    auto windows_reading = [&](Scene scene, Stage stage) {
      if (si.empty() || sj.empty()) return;
      b.Box(scene, stage, U(d0) * out_cells + U(si.first) * U(wo) + U(sj.first),
            (S(cl) * s.k1 + rows.TapIndex(si.first, y)) * s.k2 + cols.TapIndex(sj.first, xx), 1,
            {{cog, static_cast<int64_t>(out_cells), 0},
             {Count(si), S(si.step) * wo, -S(si.step) * s.s1 / s.d1 * s.k2},
             {Count(sj), sj.step, -S(sj.step) * s.s2 / s.d2}});
    };
    windows_reading(Scene::kForward, Stage::kSlide);
    // weight slide: windows (d, c', m, n) with m·D1 + i·s1 = y, m < P1 (the
    // positions of the stride-D slide), for a δ row i: the windows of a
    // P1-tap slide with dilation D1 over pz rows; increasing m is
    // decreasing i. Term (i, j).
    const SlideAxis prow{s.Hp(), p1, s.s1, ho, s.d1}, pcol{s.Wp(), p2, s.s2, wo, s.d2};
    const WindowSpan wi = prow.Covering(y), wj = pcol.Covering(xx);
    if (!wi.empty() && !wj.empty()) {
      const int i_last = wi.back(), j_last = wj.back();
      const int m0 = prow.TapIndex(i_last, y), n0 = pcol.TapIndex(j_last, xx);
      const int64_t positions = S(s.GroupInChannels()) * p1 * p2;
      b.Box(Scene::kWeight, Stage::kSlide,
            U(d0) * static_cast<uint64_t>(positions) + (U(cl) * U(p1) + U(m0)) * U(p2) + U(n0),
            S(i_last) * wo + j_last, 1,
            {{cog, positions, 0},
             {Count(wi), S(wi.step) * s.s1 / s.d1 * p2, -S(wi.step) * wo},
             {Count(wj), S(wj.step) * s.s2 / s.d2, -S(wj.step)}});
    }
    windows_reading(Scene::kMatrix, Stage::kProduct);
    return;
  }
  switch (c.tensor) {
    case TensorId::kWeight: {
      const int d = x[0], cl = x[1], m = x[2], n = x[3];
      const uint64_t t = (U(m) * U(s.k2) + U(n));
      b.Box(Scene::kForward, Stage::kSlide, U(d) * out_cells,
            static_cast<int64_t>((U(cl) * U(s.k1) * U(s.k2)) + t), 1, {{out_cells, 1, 0}});
      b.One(Scene::kInput, Stage::kRotate, Flat(s.WeightDims(), {d, cl, m, n}), 0, 1);
      b.Box(Scene::kInput, Stage::kScatter, ScatterWindow(s, s.InputChannel(d, cl), d, 0, 0),
            static_cast<int64_t>(t), 1, {{out_cells, 1, 0}});
      // Every row of output channel d holds it (as the forward windows do);
      // every column of input channel c has its slot (d', k1−1−m, k2−1−n).
      b.Box(Scene::kMatrix, Stage::kProduct, U(d) * out_cells,
            static_cast<int64_t>((U(cl) * U(s.k1) * U(s.k2)) + t), 1, {{out_cells, 1, 0}});
      const uint64_t plane = U(s.Hp()) * U(s.Wp());
      b.Box(Scene::kMatrix, Stage::kTransposedProduct, U(s.InputChannel(d, cl)) * plane,
            (S(d % s.GroupOutChannels()) * s.k1 + (s.k1 - 1 - m)) * s.k2 + (s.k2 - 1 - n), 1,
            {{plane, 1, 0}});
      break;
    }
    case TensorId::kBias:
      b.Box(Scene::kForward, Stage::kSlide, U(x[0]) * out_cells, 0, 0, {{out_cells, 1, 0}});
      b.Box(Scene::kMatrix, Stage::kProduct, U(x[0]) * out_cells, 0, 0, {{out_cells, 1, 0}});
      break;
    case TensorId::kGradOutput: {
      const uint64_t w = Flat(s.OutputDims(), {x[0], x[1], x[2]});
      b.One(Scene::kBias, Stage::kSum, U(x[0]), U(x[1]) * U(wo) + U(x[2]), 1);
      b.One(Scene::kWeight, Stage::kDilate, w, 0, 1);
      b.One(Scene::kInput, Stage::kDilate, w, 0, 1);
      // scatter windows (c, d', i, j) for the input channels c of d's group
      b.Box(
          Scene::kInput, Stage::kScatter,
          ScatterWindow(s, s.InputChannel(x[0], 0), x[0], x[1], x[2]), 0, U(s.k1) * U(s.k2),
          {{U(s.GroupInChannels()), static_cast<int64_t>(U(s.GroupOutChannels()) * out_cells), 0}});
      // Cᵀ: the columns (c, i·s1+m·D1, j·s2+n·D2) of d's group's input
      // channels, through slot (d', k1−1−m, k2−1−n); m, n count up.
      const int hp = s.Hp(), wp = s.Wp();
      b.Box(Scene::kMatrix, Stage::kTransposedProduct,
            U(s.InputChannel(x[0], 0)) * U(hp) * U(wp) + U(x[1] * s.s1) * U(wp) + U(x[2] * s.s2),
            (S(x[0] % s.GroupOutChannels()) * s.k1 + s.k1 - 1) * s.k2 + s.k2 - 1, 1,
            {{U(s.GroupInChannels()), S(hp) * wp, 0},
             {U(s.k1), S(s.d1) * wp, -S(s.k2)},
             {U(s.k2), s.d2, -1}});
      break;
    }
    case TensorId::kGradOutputDilated: {
      const int d = x[0], u = x[1], v = x[2];
      if (u % s.s1 == 0 && v % s.s2 == 0) {  // inserted zeros are skipped by the slide
        const uint64_t positions = U(s.GroupInChannels()) * U(p1) * U(p2);
        b.Box(Scene::kWeight, Stage::kSlide, U(d) * positions, S(u / s.s1) * wo + v / s.s2, 1,
              {{positions, 1, 0}});
      }
      b.One(Scene::kInput, Stage::kPad, Flat(s.DilatedDims(), {d, u, v}), 0, 1);
      break;
    }
    case TensorId::kWeightRot180: {
      // input slide windows of channel c = (d's group, c'); term (d', m, n).
      const uint64_t plane = U(s.Hp()) * U(s.Wp());
      const int dl = x[0] % s.GroupOutChannels();
      b.Box(Scene::kInput, Stage::kSlide, U(s.InputChannel(x[0], x[1])) * plane,
            (S(dl) * s.k1 + x[2]) * s.k2 + x[3], 1, {{plane, 1, 0}});
      break;
    }
    case TensorId::kGradOutputPadded: {
      // input slide windows (c, y, x) of d's group with y = u − m·D1,
      // x = v − n·D2 inside Hp × Wp; term (d', m, n). Windows D rows apart
      // read it through neighbouring taps.
      const int d = x[0], u = x[1], v = x[2], hp = s.Hp(), wp = s.Wp();
      const SlideAxis ry{s.PaddedDeltaH(), s.k1, 1, hp, s.d1},
          rx{s.PaddedDeltaW(), s.k2, 1, wp, s.d2};
      const WindowSpan sy = ry.Covering(u), sx = rx.Covering(v);
      const int dl = d % s.GroupOutChannels();
      // The transposed product's empty slots are eq 8's zeros of pδ, in the
      // same windows and terms (model.h); its filled slots read δ^l instead.
      auto slide_windows = [&](Scene scene, Stage stage) {
        if (sy.empty() || sx.empty()) return;
        b.Box(scene, stage,
              U(s.InputChannel(d, 0)) * U(hp) * U(wp) + U(sy.first) * U(wp) + U(sx.first),
              (S(dl) * s.k1 + ry.TapIndex(sy.first, u)) * s.k2 + rx.TapIndex(sx.first, v), 1,
              {{U(s.GroupInChannels()), S(hp) * wp, 0},
               {Count(sy), S(sy.step) * wp, -S(s.k2)},
               {Count(sx), sx.step, -1}});
      };
      slide_windows(Scene::kInput, Stage::kSlide);
      if (ClassifyCell(s, c) != CellKind::kValue)
        slide_windows(Scene::kMatrix, Stage::kTransposedProduct);
      break;
    }
    case TensorId::kGradInputPadded:  // p > 0 here (canonical)
      if (!IsPaddingBorder(s, x[1], x[2]))
        b.One(Scene::kInput, Stage::kCrop, Flat(s.InputDims(), {x[0], x[1] - s.p1, x[2] - s.p2}), 0,
              1);
      break;
    default: break;  // input (p > 0), outputs and gradients nobody reads
  }
}

void AddWriters(const ConvShape& s, const Cell& c, Builder& b) {
  const auto& x = c.idx;
  const int ho = s.Ho(), wo = s.Wo();
  const uint64_t out_cells = U(ho) * U(wo);
  const TensorId gpz = CanonicalTensor(s, TensorId::kGradInputPadded);

  if (c.tensor == gpz) {
    const int ch = x[0], y = x[1], xx = x[2];
    const uint64_t column = Flat(s.PaddedInputDims(), {ch, y, xx});
    b.One(Scene::kInput, Stage::kSlide, column, 0, MacsPerWindow(s, Scene::kInput, Stage::kSlide));
    // scatter windows (c, d', i, j) with a tap on (y, x).
    const SlideAxis rows = ForRows(s).slide, cols = ForCols(s).slide;
    const WindowSpan si = rows.Covering(y), sj = cols.Covering(xx);
    if (!si.empty() && !sj.empty())
      b.Box(Scene::kInput, Stage::kScatter,
            ScatterWindow(s, ch, s.GroupOfInput(ch) * s.GroupOutChannels(), si.first, sj.first),
            S(rows.TapIndex(si.first, y)) * s.k2 + cols.TapIndex(sj.first, xx), 1,
            {{U(s.GroupOutChannels()), static_cast<int64_t>(out_cells), 0},
             {Count(si), S(si.step) * wo, -S(si.step) * s.s1 / s.d1 * s.k2},
             {Count(sj), sj.step, -S(sj.step) * s.s2 / s.d2}});
    b.One(Scene::kMatrix, Stage::kTransposedProduct, column, 0,
          MacsPerWindow(s, Scene::kMatrix, Stage::kTransposedProduct));
    return;
  }
  switch (c.tensor) {
    case TensorId::kOutput: {
      const uint64_t row = Flat(s.OutputDims(), {x[0], x[1], x[2]});
      b.One(Scene::kForward, Stage::kSlide, row, 0,
            MacsPerWindow(s, Scene::kForward, Stage::kSlide));
      b.One(Scene::kMatrix, Stage::kProduct, row, 0,
            MacsPerWindow(s, Scene::kMatrix, Stage::kProduct));
      break;
    }
    case TensorId::kGradBias: b.One(Scene::kBias, Stage::kSum, U(x[0]), 0, out_cells); break;
    case TensorId::kGradOutputDilated:
      if (x[1] % s.s1 == 0 && x[2] % s.s2 == 0) {
        const uint64_t w = Flat(s.OutputDims(), {x[0], x[1] / s.s1, x[2] / s.s2});
        b.One(Scene::kWeight, Stage::kDilate, w, 0, 1);
        b.One(Scene::kInput, Stage::kDilate, w, 0, 1);
      }
      break;
    case TensorId::kGradOutputPadded: {
      const int u = x[1] - (s.K1() - 1), v = x[2] - (s.K2() - 1);
      if (u >= 0 && u < s.DilatedH() && v >= 0 && v < s.DilatedW())
        b.One(Scene::kInput, Stage::kPad, Flat(s.DilatedDims(), {x[0], u, v}), 0, 1);
      break;
    }
    case TensorId::kWeightRot180:
      b.One(Scene::kInput, Stage::kRotate,
            Flat(s.WeightDims(), {x[0], x[1], s.k1 - 1 - x[2], s.k2 - 1 - x[3]}), 0, 1);
      break;
    case TensorId::kGradWeight:
    case TensorId::kWeightPositions:
      b.One(Scene::kWeight, Stage::kSlide,
            Flat<4>(s.WeightPositionsDims(), {x[0], x[1], x[2], x[3]}), 0, out_cells);
      break;
    case TensorId::kGradInput:  // p > 0 here (canonical)
      b.One(Scene::kInput, Stage::kCrop, Flat(s.InputDims(), {x[0], x[1], x[2]}), 0, 1);
      break;
    case TensorId::kWindowCount:
      b.One(Scene::kInput, Stage::kOverlap, U(x[1]) * U(s.Wp()) + U(x[2]), 0,
            MacsPerWindow(s, Scene::kInput, Stage::kOverlap));
      break;
    default: break;  // given tensors and pz: no step writes them
  }
}

}  // namespace

CellRefs Lookup(const ConvShape& s, const Cell& cell, Access access) {
  CellRefs refs;
  if (!CellInRange(s, cell)) return refs;
  Builder b(refs);
  const Cell c = Canonical(s, cell);
  if (access == Access::kRead) AddReaders(s, c, b);
  else AddWriters(s, c, b);
  return refs;
}

CellRefs Readers(const ConvShape& s, const Cell& cell) { return Lookup(s, cell, Access::kRead); }
CellRefs Writers(const ConvShape& s, const Cell& cell) { return Lookup(s, cell, Access::kWrite); }

// ---- explanations -------------------------------------------------------

bool Explanation::Has(Reason r) const { return std::find(begin(), end(), r) != end(); }

namespace {

void Add(Explanation& e, Reason r) {
  if (e.size < static_cast<int>(e.reasons.size())) e.reasons[static_cast<size_t>(e.size++)] = r;
}

// Why no tap reads a pz row (or column): past the last window (remainder),
// between two windows (gap) or between the taps of a dilated window
// (hole). Returns false when some tap reads it.
bool Uncovered(Reach reach, Reason remainder, Reason gap, Reason hole, Explanation& e) {
  if (reach == Reach::kCovered) return false;
  Add(e, reach == Reach::kRemainder ? remainder : reach == Reach::kGap ? gap : hole);
  return true;
}

// Machine names, in Reason order; the sentences are in messages.cpp.
constexpr const char* kReasonNames[kReasonCount] = {
    "remainder_row", "remainder_col", "gap_row",        "gap_col",   "padding_border",
    "inserted_zero", "frame_zero",    "remainder_zero", "no_weight", "all_products_zero",
    "terms_cancel",  "hole_row",      "hole_col",
};

}  // namespace

const char* ReasonName(Reason r) { return kReasonNames[static_cast<int>(r)]; }
std::string ReasonText(Reason r, Lang lang) {
  return Message(static_cast<Msg>(static_cast<int>(Msg::kReasonRemainderRow) + static_cast<int>(r)),
                 lang);
}

std::string ExplanationText(const Explanation& e, Lang lang) {
  std::string out;
  for (Reason r : e) {
    if (!out.empty()) out += Message(Msg::kListSeparator, lang);
    out += ReasonText(r, lang);
  }
  return out;
}

Explanation Explain(const ConvShape& s, const Cell& cell) {
  Explanation e;
  if (!CellInRange(s, cell)) return e;
  switch (cell.tensor) {
    case TensorId::kInput:
    case TensorId::kGradInput:
    case TensorId::kInputPadded:
    case TensorId::kGradInputPadded: {
      // Gradient of a pz cell: covered by a window in both directions or not.
      Cell p = cell;
      if (cell.tensor == TensorId::kInput || cell.tensor == TensorId::kGradInput) {
        p.idx[1] += s.p1;
        p.idx[2] += s.p2;
      }
      const int y = p.idx[1], x = p.idx[2];
      const bool row = Uncovered(ForRows(s).slide.ReachOf(y), Reason::kRemainderRow,
                                 Reason::kGapRow, Reason::kHoleRow, e);
      const bool col = Uncovered(ForCols(s).slide.ReachOf(x), Reason::kRemainderCol,
                                 Reason::kGapCol, Reason::kHoleCol, e);
      e.untouched = row || col;
      if (IsPaddingBorder(s, y, x)) Add(e, Reason::kPaddingBorder);
      break;
    }
    case TensorId::kGradOutputDilated:
    case TensorId::kGradOutputPadded:
    case TensorId::kWeightPositions:
      switch (ClassifyCell(s, cell)) {
        case CellKind::kInsertedZero: Add(e, Reason::kInsertedZero); break;
        case CellKind::kFrameZero: Add(e, Reason::kFrameZero); break;
        case CellKind::kRemainderZero: Add(e, Reason::kRemainderZero); break;
        case CellKind::kNoWeight: Add(e, Reason::kNoWeight); break;
        default: break;
      }
      break;
    default: break;
  }
  return e;
}

Explanation ExplainValue(const Problem<double>& p, const Results<double>& r, const Cell& cell) {
  const ConvShape& s = p.shape;
  Explanation e = Explain(s, cell);
  if (!CellInRange(s, cell) || e.untouched) return e;
  // The summed cell behind `cell` and the window that computes it.
  Cell sum = PaddedCell(s, cell);
  if (sum.tensor == TensorId::kInputPadded) sum.tensor = TensorId::kGradInputPadded;
  if (sum.tensor == TensorId::kInput) sum.tensor = TensorId::kGradInput;
  Scene scene;
  switch (sum.tensor) {
    case TensorId::kOutput: scene = Scene::kForward; break;
    case TensorId::kGradBias: scene = Scene::kBias; break;
    case TensorId::kGradWeight:
    case TensorId::kWeightPositions: scene = Scene::kWeight; break;
    case TensorId::kGradInput:
    case TensorId::kGradInputPadded: scene = Scene::kInput; break;
    default: return e;
  }
  if (CellValue(p, r, sum) != 0) return e;
  const Stage stage = scene == Scene::kBias ? Stage::kSum : Stage::kSlide;
  const CellRefs w = Writers(s, sum);
  for (int k = 0; k < w.set_count; ++k) {
    const RefSet& set = w.sets[static_cast<size_t>(k)];
    if (set.scene != scene || set.stage != stage) continue;
    const Step st =
        StepAt(p, r, scene, stage, set[0].window, Granularity::kWindow, StepOptions{false, 0});
    const bool all_zero = std::all_of(st.terms.begin(), st.terms.end(),
                                      [](const Term& t) { return t.product == 0; }) &&
                          st.bias == 0;
    Add(e, all_zero ? Reason::kAllProductsZero : Reason::kTermsCancel);
    break;
  }
  return e;
}

}  // namespace convbp::steps
