#include "lookup.h"

#include <algorithm>
#include <cassert>

#include "geometry.h"
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
    // forward: windows (d, i, j) covering (y, x); term (c, y−i·s1, x−j·s2).
    const WindowSpan si = ForRows(s).slide.Covering(y), sj = ForCols(s).slide.Covering(xx);
    if (!si.empty() && !sj.empty())
      b.Box(Scene::kForward, Stage::kSlide, U(si.first) * U(wo) + U(sj.first),
            (S(ch) * s.k1 + y - S(si.first) * s.s1) * s.k2 + xx - S(sj.first) * s.s2, 1,
            {{U(s.c_out), static_cast<int64_t>(out_cells), 0},
             {Count(si), wo, -S(s.s1) * s.k2},
             {Count(sj), 1, -S(s.s2)}});
    // weight slide: windows (d, c, m, n) with m = y − i·s1 ∈ [0, k1+ρ1) for a
    // δ row i — the δ rows i whose (k1+ρ1)-row strip from i·s1 holds y;
    // increasing m is decreasing i. Term (i, j).
    const WindowSpan wi = SlideAxis{s.Hp(), p1, s.s1, ho}.Covering(y),
                     wj = SlideAxis{s.Wp(), p2, s.s2, wo}.Covering(xx);
    if (!wi.empty() && !wj.empty()) {
      const int i_last = wi.last - 1, j_last = wj.last - 1;
      const int m0 = y - i_last * s.s1, n0 = xx - j_last * s.s2;
      b.Box(Scene::kWeight, Stage::kSlide, (U(ch) * U(p1) + U(m0)) * U(p2) + U(n0),
            S(i_last) * wo + j_last, 1,
            {{U(s.c_out), S(s.c_in) * p1 * p2, 0},
             {Count(wi), S(s.s1) * p2, -S(wo)},
             {Count(wj), S(s.s2), -1}});
    }
    return;
  }
  switch (c.tensor) {
    case TensorId::kWeight: {
      const int d = x[0], ch = x[1], m = x[2], n = x[3];
      const uint64_t t = (U(m) * U(s.k2) + U(n));
      b.Box(Scene::kForward, Stage::kSlide, U(d) * out_cells,
            static_cast<int64_t>((U(ch) * U(s.k1) * U(s.k2)) + t), 1, {{out_cells, 1, 0}});
      b.One(Scene::kInput, Stage::kRotate, Flat(s.WeightDims(), {d, ch, m, n}), 0, 1);
      b.Box(Scene::kInput, Stage::kScatter, (U(ch) * U(s.c_out) + U(d)) * out_cells,
            static_cast<int64_t>(t), 1, {{out_cells, 1, 0}});
      break;
    }
    case TensorId::kBias:
      b.Box(Scene::kForward, Stage::kSlide, U(x[0]) * out_cells, 0, 0, {{out_cells, 1, 0}});
      break;
    case TensorId::kGradOutput: {
      const uint64_t w = Flat(s.OutputDims(), {x[0], x[1], x[2]});
      b.One(Scene::kBias, Stage::kSum, U(x[0]), U(x[1]) * U(wo) + U(x[2]), 1);
      b.One(Scene::kWeight, Stage::kDilate, w, 0, 1);
      b.One(Scene::kInput, Stage::kDilate, w, 0, 1);
      b.Box(Scene::kInput, Stage::kScatter, w, 0, U(s.k1) * U(s.k2),
            {{U(s.c_in), static_cast<int64_t>(U(s.c_out) * out_cells), 0}});
      break;
    }
    case TensorId::kGradOutputDilated: {
      const int d = x[0], u = x[1], v = x[2];
      if (u % s.s1 == 0 && v % s.s2 == 0) {  // inserted zeros are skipped by the slide
        const uint64_t positions = U(s.c_in) * U(p1) * U(p2);
        b.Box(Scene::kWeight, Stage::kSlide, U(d) * positions, S(u / s.s1) * wo + v / s.s2, 1,
              {{positions, 1, 0}});
      }
      b.One(Scene::kInput, Stage::kPad, Flat(s.DilatedDims(), {d, u, v}), 0, 1);
      break;
    }
    case TensorId::kWeightRot180: {
      const uint64_t plane = U(s.Hp()) * U(s.Wp());
      b.Box(Scene::kInput, Stage::kSlide, U(x[1]) * plane, (S(x[0]) * s.k1 + x[2]) * s.k2 + x[3], 1,
            {{plane, 1, 0}});
      break;
    }
    case TensorId::kGradOutputPadded: {
      // input slide windows (c, y, x) with y = u − m, x = v − n inside Hp × Wp.
      const int d = x[0], u = x[1], v = x[2], hp = s.Hp(), wp = s.Wp();
      const WindowSpan sy = SlideAxis{s.PaddedDeltaH(), s.k1, 1, hp}.Covering(u),
                       sx = SlideAxis{s.PaddedDeltaW(), s.k2, 1, wp}.Covering(v);
      if (!sy.empty() && !sx.empty())
        b.Box(Scene::kInput, Stage::kSlide, U(sy.first) * U(wp) + U(sx.first),
              (S(d) * s.k1 + u - sy.first) * s.k2 + v - sx.first, 1,
              {{U(s.c_in), S(hp) * wp, 0}, {Count(sy), wp, -S(s.k2)}, {Count(sx), 1, -1}});
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
    b.One(Scene::kInput, Stage::kSlide, Flat(s.PaddedInputDims(), {ch, y, xx}), 0,
          MacsPerWindow(s, Scene::kInput, Stage::kSlide));
    // scatter windows (c, d, i, j) whose k1×k2 window covers (y, x).
    const WindowSpan si = ForRows(s).slide.Covering(y), sj = ForCols(s).slide.Covering(xx);
    if (!si.empty() && !sj.empty())
      b.Box(Scene::kInput, Stage::kScatter, ScatterWindow(s, ch, 0, si.first, sj.first),
            (S(y) - S(si.first) * s.s1) * s.k2 + xx - S(sj.first) * s.s2, 1,
            {{U(s.c_out), static_cast<int64_t>(out_cells), 0},
             {Count(si), wo, -S(s.s1) * s.k2},
             {Count(sj), 1, -S(s.s2)}});
    return;
  }
  switch (c.tensor) {
    case TensorId::kOutput:
      b.One(Scene::kForward, Stage::kSlide, Flat(s.OutputDims(), {x[0], x[1], x[2]}), 0,
            MacsPerWindow(s, Scene::kForward, Stage::kSlide));
      break;
    case TensorId::kGradBias: b.One(Scene::kBias, Stage::kSum, U(x[0]), 0, out_cells); break;
    case TensorId::kGradOutputDilated:
      if (x[1] % s.s1 == 0 && x[2] % s.s2 == 0) {
        const uint64_t w = Flat(s.OutputDims(), {x[0], x[1] / s.s1, x[2] / s.s2});
        b.One(Scene::kWeight, Stage::kDilate, w, 0, 1);
        b.One(Scene::kInput, Stage::kDilate, w, 0, 1);
      }
      break;
    case TensorId::kGradOutputPadded: {
      const int u = x[1] - (s.k1 - 1), v = x[2] - (s.k2 - 1);
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
            Flat<4>({s.c_out, s.c_in, s.WeightPositionsH(), s.WeightPositionsW()},
                    {x[0], x[1], x[2], x[3]}),
            0, out_cells);
      break;
    case TensorId::kGradInput:  // p > 0 here (canonical)
      b.One(Scene::kInput, Stage::kCrop, Flat(s.InputDims(), {x[0], x[1], x[2]}), 0, 1);
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

// Why no window reaches a pz row (or column): past the last window
// (remainder) or between two (gap). Returns false when some window covers it.
bool Uncovered(Reach reach, Reason remainder, Reason gap, Explanation& e) {
  if (reach == Reach::kCovered) return false;
  Add(e, reach == Reach::kRemainder ? remainder : gap);
  return true;
}

struct ReasonInfo {
  const char* name;
  const char* en;
  const char* zh;
};
constexpr ReasonInfo kReasons[kReasonCount] = {
    {"remainder_row",
     "a remainder row: the last ρ1 rows of pz are under no window, so its gradient is 0",
     "余数行：pz 的最后 ρ1 行不在任何窗口之下，所以梯度为 0"},
    {"remainder_col",
     "a remainder column: the last ρ2 columns of pz are under no window, so its gradient is 0",
     "余数列：pz 的最后 ρ2 列不在任何窗口之下，所以梯度为 0"},
    {"gap_row",
     "a gap row: with stride s1 > k1 the rows between neighbouring windows are never read, so "
     "its gradient is 0",
     "间隙行：步长 s1 > k1 时，相邻窗口之间的行从未被读取，所以梯度为 0"},
    {"gap_col",
     "a gap column: with stride s2 > k2 the columns between neighbouring windows are never "
     "read, so its gradient is 0",
     "间隙列：步长 s2 > k2 时，相邻窗口之间的列从未被读取，所以梯度为 0"},
    {"padding_border",
     "the padding border: a zero added around the input; its gradient is computed, then "
     "cropped away (eq 9)",
     "填充边框：输入四周补的零；它的梯度会被算出，随后被裁掉（式 9）"},
    {"inserted_zero", "an inserted zero: one of the s−1 zeros placed between δ cells",
     "插入的零：δ 相邻格之间插入的 s−1 个零之一"},
    {"frame_zero", "the k−1 zero frame around δ^{l_padding}", "δ^{l_padding} 四周 k−1 圈零框"},
    {"remainder_zero", "one of the ρ extra zero rows/columns that make ∂L/∂pz come out Hp × Wp",
     "为使 ∂L/∂pz 恰为 Hp × Wp 而补的 ρ 行/列零之一"},
    {"no_weight", "an extra eq-5 position from the remainder ρ: it belongs to no weight",
     "余数 ρ 带来的额外位置（式 5）：不属于任何权重"},
    {"all_products_zero", "every product in its sum is 0", "求和中的每个乘积都为 0"},
    {"terms_cancel", "its products are not all 0 but cancel out", "各乘积不全为 0，但相互抵消"},
};

}  // namespace

const char* ReasonName(Reason r) { return kReasons[static_cast<int>(r)].name; }
const char* ReasonText(Reason r, Lang lang) {
  const ReasonInfo& i = kReasons[static_cast<int>(r)];
  return lang == Lang::kZh ? i.zh : i.en;
}

std::string ExplanationText(const Explanation& e, Lang lang) {
  std::string out;
  for (Reason r : e) {
    if (!out.empty()) out += lang == Lang::kZh ? "；" : "; ";
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
      const bool row =
          Uncovered(ForRows(s).slide.ReachOf(y), Reason::kRemainderRow, Reason::kGapRow, e);
      const bool col =
          Uncovered(ForCols(s).slide.ReachOf(x), Reason::kRemainderCol, Reason::kGapCol, e);
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
