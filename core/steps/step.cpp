#include "step.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "geometry.h"
#include "matrix/conv_matrix_layout.h"
#include "messages.h"
#include "notation.h"
#include "number_text.h"
#include "shown_terms.h"
#include "tensor_of.h"

namespace convbp::steps {

namespace {

int I(uint64_t v) { return static_cast<int>(v); }

// Splits a row-major flat index over `dims` (outermost first).
// `U` is uint64_t for window numbers and uint32_t for term numbers (a
// window has fewer than 2^32 terms), whose division is much cheaper.
template <size_t N, typename U = uint64_t>
std::array<int, N> Unravel(U flat, const std::array<int, N>& dims) {
  std::array<int, N> out{};
  for (size_t k = N; k-- > 0;) {
    const auto d = static_cast<U>(dims[k]);
    out[k] = static_cast<int>(flat % d);
    flat /= d;
  }
  return out;
}
template <size_t N>
std::array<int, N> UnravelTerm(uint64_t t, const std::array<int, N>& dims) {
  return Unravel<N, uint32_t>(static_cast<uint32_t>(t), dims);
}
std::array<int, 4> Pad4(const std::array<int, 3>& a) { return {a[0], a[1], a[2], 0}; }

template <typename T>
double At(const Tensor<T>& t, const Cell& c) {
  switch (c.rank) {
    case 1: return t(c.idx[0]);
    case 3: return t(c.idx[0], c.idx[1], c.idx[2]);
    default: return t(c.idx[0], c.idx[1], c.idx[2], c.idx[3]);
  }
}

// Everything one stage's step needs: the tensors and the canonical ids of
// the padded input and its gradient (plain input/δ^{l-1} when p = 0).
struct Ctx {
  const Problem<double>& p;
  const Results<double>& r;
  const ConvShape& s;
  Scene scene;
  Stage stage;
  TensorId pz, gpz;
  SlideAxis rows, cols;  // the slide over pz's rows and columns

  Operand Op(const Cell& c) const { return {c, CellValue(p, r, c), ClassifyCell(s, c)}; }

  Term Product(const Cell& a, const Cell& b) const {
    Term t;
    t.a = Op(a);
    t.b = Op(b);
    t.product = t.a.value * t.b.value;
    return t;
  }

  // The indices a window is numbered by: (d,i,j) forward and matrix
  // product (row r of C), (d) bias, (d,c,m,n) weight slide, (c,y,x) input
  // slide and transposed product (column col of C), (c,d,i,j) scatter.
  std::array<int, 4> WindowIndex(uint64_t w) const {
    switch (stage) {
      case Stage::kSlide:
        if (scene == Scene::kForward) return Pad4(Unravel<3>(w, s.OutputDims()));
        if (scene == Scene::kWeight) return Unravel<4>(w, s.WeightPositionsDims());
        return Pad4(Unravel<3>(w, s.PaddedInputDims()));
      case Stage::kSum: return {I(w), 0, 0, 0};
      case Stage::kOverlap: {  // (0, y, x)
        const auto [y, x] = Unravel<2>(w, {s.Hp(), s.Wp()});
        return {0, y, x, 0};
      }
      case Stage::kProduct: {
        const matrix::OutputIndex o = matrix::OutputOfRow(s, static_cast<int64_t>(w));
        return {o.d, o.i, o.j, 0};
      }
      case Stage::kTransposedProduct: {
        const matrix::PaddedIndex c = matrix::PaddedOfCol(s, static_cast<int64_t>(w));
        return {c.c, c.y, c.x, 0};
      }
      case Stage::kScatter: {
        // (c, d', i, j) → (c, d, i, j): d' counts the output channels of c's group.
        std::array<int, 4> wi = Unravel<4>(w, {s.c_in, s.GroupOutChannels(), s.Ho(), s.Wo()});
        wi[1] += s.GroupOfInput(wi[0]) * s.GroupOutChannels();
        return wi;
      }
      default: return {};
    }
  }

  // The cell window `w` writes (for scatter: where its first term lands).
  Cell Target(uint64_t w) const {
    if (IsMoveStage(stage)) return MoveAt(w).to;
    const auto [a, b, c, d] = WindowIndex(w);
    switch (stage) {
      case Stage::kSlide:
        if (scene == Scene::kForward) return Cell::Of(TensorId::kOutput, a, b, c);
        if (scene == Scene::kWeight)  // (d,c,m,n): a weight, or a position of no weight
          return Cell::Of(c < s.k1 && d < s.k2 ? TensorId::kGradWeight : TensorId::kWeightPositions,
                          a, b, c, d);
        return Cell::Of(gpz, a, b, c);
      case Stage::kSum: return Cell::Of(TensorId::kGradBias, a);
      case Stage::kOverlap: return Cell::Of(TensorId::kWindowCount, a, b, c);
      case Stage::kProduct: return Cell::Of(TensorId::kOutput, a, b, c);
      case Stage::kTransposedProduct: return Cell::Of(gpz, a, b, c);
      default:  // scatter (c,d,i,j): its term (0,0)
        return Cell::Of(gpz, a, rows.Tap(c, 0), cols.Tap(d, 0));
    }
  }

  // Term `t` of the window with indices `wi` (not for moves). Scatter terms
  // get their target and accumulated value.
  Term TermAt(const std::array<int, 4>& wi, uint64_t t) const {
    switch (stage) {
      case Stage::kProduct: return ForwardTerm(wi, t);  // row r of C: the same products
      case Stage::kTransposedProduct: return ColumnSlotTerm(wi, t);
      case Stage::kSlide:
        if (scene == Scene::kForward) return ForwardTerm(wi, t);
        if (scene == Scene::kWeight) {
          // P[d,c',m,n] ← δ^{l_padding}[d, i·s1, j·s2]·pz[c, m·D1+i·s1, n·D2+j·s2]
          const auto [d, cl, m, n] = wi;
          const auto [i, j] = UnravelTerm<2>(t, {s.Ho(), s.Wo()});
          return Product(Cell::Of(TensorId::kGradOutputDilated, d, i * s.s1, j * s.s2),
                         Cell::Of(pz, s.InputChannel(d, cl), rows.Tap(i, m), cols.Tap(j, n)));
        }
        {
          // ∂L/∂pz[c,y,x] ← rot180W[d,c',m,n]·pδ[d, y+m·D1, x+n·D2], d in c's group
          const auto [c, y, x, unused] = wi;
          const auto [dl, m, n] = UnravelTerm<3>(t, {s.GroupOutChannels(), s.k1, s.k2});
          const int d = s.GroupOfInput(c) * s.GroupOutChannels() + dl;
          return Product(Cell::Of(TensorId::kWeightRot180, d, s.LocalInput(c), m, n),
                         Cell::Of(TensorId::kGradOutputPadded, d, y + m * s.d1, x + n * s.d2));
        }
      case Stage::kSum: {
        // ∂L/∂b[d] ← δ^l[d,i,j]·1
        const auto [i, j] = UnravelTerm<2>(t, {s.Ho(), s.Wo()});
        return Product(Cell::Of(TensorId::kGradOutput, wi[0], i, j), Cell{TensorId::kOne, 0, {}});
      }
      case Stage::kOverlap: {
        // N[0,y,x] ← 1·1 for tap (m,n) when window (i, j) with i·s1 + m·D1 = y,
        // j·s2 + n·D2 = x exists (Term::window names it), else 0·1.
        const auto [m, n] = UnravelTerm<2>(t, {s.k1, s.k2});
        const int i = rows.WindowOfTap(wi[1], m), j = cols.WindowOfTap(wi[2], n);
        const Cell one{TensorId::kOne, 0, {}};
        Term term = Product(i >= 0 && j >= 0 ? one : Cell{}, one);
        if (i >= 0 && j >= 0) term.window = Cell::Of(TensorId::kGradOutput, 0, i, j);
        return term;
      }
      case Stage::kScatter: {
        // ∂L/∂pz[c, i·s1+m·D1, j·s2+n·D2] += δ^l[d,i,j]·W[d,c',m,n]
        const auto [c, d, i, j] = wi;
        const auto [m, n] = UnravelTerm<2>(t, {s.k1, s.k2});
        Term term = Product(Cell::Of(TensorId::kGradOutput, d, i, j),
                            Cell::Of(TensorId::kWeight, d, s.LocalInput(c), m, n));
        term.target = Cell::Of(gpz, c, rows.Tap(i, m), cols.Tap(j, n));
        // The target's value after this window: its other terms land elsewhere.
        term.accumulated =
            ScatterCellAfter(s, p.weight, r.grad_output, c, term.target.idx[1], term.target.idx[2],
                             ScatterPrefix::ThroughWindow(s, ScatterWindow(s, c, d, i, j)));
        return term;
      }
      default: assert(false); return {};
    }
  }

  // z^l[d,i,j] ← W[d,c',m,n]·pz[c, i·s1+m·D1, j·s2+n·D2]: a term of forward
  // window (d,i,j), and the entry C[RowOf(d,i,j), ColOf(c,y,x)]·pz of row r.
  Term ForwardTerm(const std::array<int, 4>& wi, uint64_t t) const {
    const auto [d, i, j, unused] = wi;
    const auto [cl, m, n] = UnravelTerm<3>(t, {s.GroupInChannels(), s.k1, s.k2});
    return Product(Cell::Of(TensorId::kWeight, d, cl, m, n),
                   Cell::Of(pz, s.InputChannel(d, cl), rows.Tap(i, m), cols.Tap(j, n)));
  }

  // Slot (d', a, b) of column (c,y,x) of C (model.h): tap m = k1−1−a,
  // n = k2−1−b. If window (i,j) reads the cell through that tap, the entry
  // C[RowOf(d,i,j), col]·δ = W[d,c',m,n]·δ^l[d,i,j]; otherwise the slot is
  // empty and eq 8 multiplies W[d,c',m,n] by a zero of pδ there.
  Term ColumnSlotTerm(const std::array<int, 4>& wi, uint64_t t) const {
    const auto [c, y, x, unused] = wi;
    const auto [dl, a, b] = UnravelTerm<3>(t, {s.GroupOutChannels(), s.k1, s.k2});
    const int d = s.GroupOfInput(c) * s.GroupOutChannels() + dl;
    const int m = s.k1 - 1 - a, n = s.k2 - 1 - b;
    const Cell w = Cell::Of(TensorId::kWeight, d, s.LocalInput(c), m, n);
    const int u = y - m * s.d1, v = x - n * s.d2;  // the window's first tap, if any
    const bool read = u >= 0 && v >= 0 && u % s.s1 == 0 && v % s.s2 == 0 && u / s.s1 < s.Ho() &&
                      v / s.s2 < s.Wo();
    if (read) return Product(w, Cell::Of(TensorId::kGradOutput, d, u / s.s1, v / s.s2));
    return Product(w, Cell::Of(TensorId::kGradOutputPadded, d, y + a * s.d1, x + b * s.d2));
  }

  Move MoveAt(uint64_t w) const {
    Move mv;
    switch (stage) {
      case Stage::kDilate: {
        const auto [d, i, j] = Unravel<3>(w, s.OutputDims());
        mv.from = Cell::Of(TensorId::kGradOutput, d, i, j);
        mv.to = Cell::Of(TensorId::kGradOutputDilated, d, i * s.s1, j * s.s2);
        break;
      }
      case Stage::kPad: {
        const auto [d, u, v] = Unravel<3>(w, s.DilatedDims());
        mv.from = Cell::Of(TensorId::kGradOutputDilated, d, u, v);
        mv.to = Cell::Of(TensorId::kGradOutputPadded, d, u + s.K1() - 1, v + s.K2() - 1);
        break;
      }
      case Stage::kRotate: {
        const auto [d, c, m, n] = Unravel<4>(w, s.WeightDims());
        mv.from = Cell::Of(TensorId::kWeight, d, c, m, n);
        mv.to = Cell::Of(TensorId::kWeightRot180, d, c, s.k1 - 1 - m, s.k2 - 1 - n);
        break;
      }
      default: {  // crop
        const auto [c, y, x] = Unravel<3>(w, s.InputDims());
        mv.from = Cell::Of(TensorId::kGradInputPadded, c, y + s.p1, x + s.p2);
        mv.to = Cell::Of(TensorId::kGradInput, c, y, x);
        break;
      }
    }
    mv.value = CellValue(p, r, mv.from);
    return mv;
  }
};

// ---- formula text -------------------------------------------------------

// Formula numbers: %.6g with a real minus sign (number_text.h).
std::string Number(double v) { return convbp::FormatNumber(v, NumberStyle::kTerm); }
// Cells in plain-text notation, kernels as (m,n,c,d) (notation.h).
std::string CellLabel(const Cell& c) { return CellSymbol(c, Form::kPlain); }

std::string Factor(double v) {
  if (v >= 0) return Number(v);
  std::string out = "(";  // appended piecewise: GCC 12 warns falsely on "(" + s + ")"
  out += Number(v);
  out += ')';
  return out;
}

std::string TermIndices(const Term& t) {
  if (t.b.cell.tensor == TensorId::kOne) return CellLabel(t.a.cell);
  return CellLabel(t.a.cell) + "·" + CellLabel(t.b.cell);
}
std::string TermNumbers(const Term& t, bool first) {
  if (t.b.cell.tensor == TensorId::kOne) return first ? Number(t.a.value) : Factor(t.a.value);
  return Factor(t.a.value) + "·" + Factor(t.b.value);
}

// "x, y, …, z" over items [0, n): the first max−1, "…", the last.
template <typename TermFn, typename Text>
std::string JoinList(uint64_t n, int max_terms, const TermFn& term_at, const Text& text) {
  std::string out;
  const uint64_t cap = max_terms < 2 ? 2 : static_cast<uint64_t>(max_terms);
  auto add = [&](uint64_t k) {
    if (!out.empty()) out += ", ";
    out += text(term_at(k));
  };
  if (n <= cap) {
    for (uint64_t k = 0; k < n; ++k) add(k);
  } else {
    for (uint64_t k = 0; k + 1 < cap; ++k) add(k);
    out += ", …";
    add(n - 1);
  }
  return out;
}

// The terms of a sum as `shown` picks them, "x + y + … + z", then the count
// of products left out for a zero factor ("+ 7 products with a zero factor").
template <typename TermFn, typename Text>
std::string JoinSum(const ShownTerms& shown, const TermFn& term_at, const Text& text,
                    bool after_bias, Stage stage, Lang lang) {
  std::string out;
  for (uint64_t k : shown.indices) {
    const bool first = out.empty() && !after_bias;
    if (shown.more_nonzero > 0 && k == shown.ellipsis_before) out += " + …";
    if (!out.empty() || after_bias) out += " + ";
    out += text(term_at(k), first);
  }
  if (shown.zero_factor > 0)
    out +=
        (out.empty() && !after_bias ? "" : " + ") + LeftOutPhrase(shown.zero_factor, stage, lang);
  return out;
}

std::string IndexRange(int lo, int hi) {
  return lo == hi ? std::to_string(lo) : std::to_string(lo) + ".." + std::to_string(hi);
}

void SetBothLangs(Step* st, const std::string& indices, const std::string& numbers) {
  for (Formula& f : st->formula) {
    f.indices = indices;
    f.numbers = numbers;
  }
}

void BuildFormulas(const Ctx& ctx, Step* st, const StepOptions& opt) {
  const ConvShape& s = ctx.s;
  const std::string lhs = CellLabel(st->target);
  const std::string result = Number(st->sum);
  if (st->is_move) {
    const Move& mv = st->move;
    SetBothLangs(st, CellLabel(mv.to) + " ← " + CellLabel(mv.from) + " = " + Number(mv.value),
                 CellLabel(mv.to) + " ← " + Number(mv.value));
    return;
  }
  if (st->stage == Stage::kScatter) {
    if (st->granularity == Granularity::kMac) {
      const Term& t = st->terms[0];
      const std::string to = CellLabel(t.target) + " += ";
      SetBothLangs(st, to + TermIndices(t) + " → " + result,
                   to + TermNumbers(t, true) + " → " + result);
      return;
    }
    // ∂L/∂pz[c, y0..y1, x0..x1] += δˡ[d,i,j]·W[0..k1−1,0..k2−1,c,d] (kernels
    // read (m,n,c,d); w0.idx is the storage [d,c,m,n]).
    const Term& t0 = st->terms.front();
    const Cell& w0 = t0.b.cell;
    const Cell& tg = t0.target;
    const std::string to = std::string(Symbol(tg.tensor, Form::kPlain)) + "[" +
                           std::to_string(tg.idx[0]) + "," +
                           IndexRange(tg.idx[1], tg.idx[1] + s.K1() - 1) + "," +
                           IndexRange(tg.idx[2], tg.idx[2] + s.K2() - 1) + "] += ";
    const std::string w = std::string(Symbol(TensorId::kWeight, Form::kPlain)) + "[" +
                          IndexRange(0, s.k1 - 1) + "," + IndexRange(0, s.k2 - 1) + "," +
                          std::to_string(w0.idx[1]) + "," + std::to_string(w0.idx[0]) + "]";
    const uint64_t n = st->terms_per_window;
    const std::array<int, 4> wi = ctx.WindowIndex(st->window);
    // Terms past StepOptions::max_terms are made again on demand.
    auto term_at = [&](uint64_t k) -> Term {
      return k < st->terms.size() ? st->terms[k] : ctx.TermAt(wi, k);
    };
    auto list = [&](auto text) {
      return "[" + JoinList(n, opt.max_formula_terms, term_at, text) + "]";
    };
    SetBothLangs(st, to + CellLabel(t0.a.cell) + "·" + w,
                 to + Factor(t0.a.value) + "·" +
                     list([](const Term& t) { return Number(t.b.value); }) + " = " +
                     list([](const Term& t) { return Number(t.product); }));
    return;
  }
  if (st->stage == Stage::kOverlap) {
    // Window: N[0,y,x] = #{δˡ[0,i,j], …} = count, the windows present.
    // MAC: the tap's window (or none) and the running count.
    auto tap = [&](uint64_t k) {
      return "(" + std::to_string(k / static_cast<uint64_t>(s.k2)) + "," +
             std::to_string(k % static_cast<uint64_t>(s.k2)) + ")";
    };
    if (st->granularity == Granularity::kMac) {
      const Term& t = st->terms[0];
      for (Lang lang : {Lang::kEn, Lang::kZh}) {
        Formula& f = st->formula[static_cast<size_t>(lang)];
        const std::string window = t.window.tensor == TensorId::kNone
                                       ? Message(Msg::kOverlapNoWindow, lang)
                                       : CellLabel(t.window);
        f.indices = lhs + " ← " + tap(st->term) + ": " + window + " → " + result;
        f.numbers = lhs + " ← " + Number(t.product) + " → " + result;
      }
      return;
    }
    const std::array<int, 4> wi = ctx.WindowIndex(st->window);
    std::string set, ones;
    for (uint64_t k = 0; k < st->terms_per_window; ++k) {
      const Term t = k < st->terms.size() ? st->terms[k] : ctx.TermAt(wi, k);
      if (t.window.tensor == TensorId::kNone) continue;
      set += (set.empty() ? "" : ", ") + CellLabel(t.window);
      ones += ones.empty() ? "1" : " + 1";
    }
    // "#{…}": how many windows; |…| would read as an absolute value.
    SetBothLangs(st, lhs + " = #{" + set + "} = " + result,
                 lhs + " = " + (ones.empty() ? "0" : ones + " = " + result));
    return;
  }
  // Sums: window → all terms; MAC → terms 0..term of the window (running sum).
  const uint64_t n = st->granularity == Granularity::kWindow ? st->terms_per_window : st->term + 1;
  const std::array<int, 4> wi = ctx.WindowIndex(st->window);
  auto term_at = [&](uint64_t k) -> Term {
    if (st->granularity == Granularity::kWindow)
      return k < st->terms.size() ? st->terms[k] : ctx.TermAt(wi, k);  // past max_terms
    return k == st->term ? st->terms[0] : ctx.TermAt(wi, k);
  };
  std::string bias_i, bias_n;
  if (st->has_bias) {
    bias_i = CellLabel(Cell::Of(TensorId::kBias, st->target.idx[0]));
    bias_n = Number(st->bias);
  }
  // Long sums show their non-zero products; MAC: always the current one.
  const ShownTerms shown =
      PickShownTermsOf(st->stage, n, opt.max_formula_terms, term_at,
                       st->granularity == Granularity::kMac ? int64_t(st->term) : -1);
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    Formula& f = st->formula[static_cast<size_t>(lang)];
    f.indices = lhs + " = " + bias_i +
                JoinSum(
                    shown, term_at, [](const Term& t, bool) { return TermIndices(t); },
                    st->has_bias, st->stage, lang) +
                " = " + result;
    f.numbers = lhs + " = " + bias_n +
                JoinSum(shown, term_at, TermNumbers, st->has_bias, st->stage, lang) + " = " +
                result;
  }
}

void AddNote(Step* st, Msg msg, MessageArgs args = {}) {
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    std::string& n = st->note[static_cast<size_t>(lang)];
    if (!n.empty()) n += Message(Msg::kListSeparator, lang);
    n += Message(msg, lang, args);
  }
}

void BuildNotes(const Ctx& ctx, Step* st) {
  if (st->no_weight) AddNote(st, Msg::kNoteNoWeight);
  // The input scene makes again the array eq 5 already made: say so.
  if (st->scene == Scene::kInput && st->stage == Stage::kDilate)
    AddNote(st, Msg::kNoteSameDilatedAsEq5);
  if (st->is_move && ClassifyCell(ctx.s, st->move.from) == CellKind::kInsertedZero)
    AddNote(st, Msg::kNoteInsertedZero);
  if (st->stage == Stage::kOverlap && st->granularity == Granularity::kWindow) {
    if (st->sum == 0) AddNote(st, Msg::kNoteOverlapNone);
    else if (st->sum == 1) AddNote(st, Msg::kNoteOverlapOne);
    else if (ctx.s.GroupOutChannels() == 1)
      AddNote(st, Msg::kNoteOverlapSome, {{"n", Number(st->sum)}});
    else  // every output channel of c's group pushes from each of the N windows
      AddNote(st, Msg::kNoteOverlapSomeChannels,
              {{"n", Number(st->sum)},
               {"d", std::to_string(ctx.s.GroupOutChannels())},
               {"pushes", Number(st->sum * ctx.s.GroupOutChannels())}});
  }
  if (st->stage == Stage::kProduct)
    AddNote(st, Msg::kNoteMatrixRow,
            {{"row", std::to_string(st->window)}, {"n", std::to_string(st->terms_per_window)}});
  if (st->stage == Stage::kTransposedProduct) {
    const std::string col = std::to_string(st->window);
    const int64_t rows = matrix::EntriesInColumn(ctx.s, static_cast<int64_t>(st->window));
    if (rows == 0) AddNote(st, Msg::kNoteMatrixEmptyColumn, {{"col", col}});
    else AddNote(st, Msg::kNoteMatrixColumn, {{"col", col}, {"n", std::to_string(rows)}});
    if (st->granularity == Granularity::kMac &&
        st->terms[0].b.cell.tensor == TensorId::kGradOutputPadded)
      AddNote(st, Msg::kNoteMatrixNoRow);
  }
  if (st->granularity == Granularity::kMac && !st->is_move) {
    const std::string k = std::to_string(st->term + 1), n = std::to_string(st->terms_per_window);
    AddNote(st, st->stage == Stage::kScatter ? Msg::kNoteTermScatter : Msg::kNoteTermRunningSum,
            {{"k", k}, {"n", n}});
  }
}

}  // namespace

double CellValue(const Problem<double>& p, const Results<double>& r, const Cell& c) {
  if (c.tensor == TensorId::kOne) return 1;
  const Tensor<double>* t = TensorOf(p, r, c.tensor);
  return t ? At(*t, c) : 0;
}

std::string CheckStepQuery(const ConvShape& s, Scene scene, Stage stage, uint64_t index,
                           Granularity g) {
  if (!HasStage(s, scene, stage)) {
    std::string why = std::string("scene ") + SceneName(scene) + " has no stage " +
                      StageName(stage) + " (stages:";
    for (Stage st : StagesOf(s, scene)) why += std::string(" ") + StageName(st);
    if (scene == Scene::kInput && stage == Stage::kCrop) why += "; crop needs padding p1 or p2 > 0";
    return why + ")";
  }
  const uint64_t count = StepCount(s, scene, stage, g);
  if (index >= count) {
    std::ostringstream why;
    why << "step " << index << " is out of range: " << SceneName(scene) << "/" << StageName(stage)
        << " has " << count << (g == Granularity::kWindow ? " window" : " MAC") << " steps (0.."
        << count - 1 << ")";
    return why.str();
  }
  return "";
}

void StepAt(const Problem<double>& p, const Results<double>& r, Scene scene, Stage stage,
            uint64_t index, Granularity g, Step* st, const StepOptions& opt) {
  const ConvShape& s = p.shape;
  assert(CheckStepQuery(s, scene, stage, index, g).empty());
  const Ctx ctx{p,
                r,
                s,
                scene,
                stage,
                CanonicalTensor(s, TensorId::kInputPadded),
                CanonicalTensor(s, TensorId::kGradInputPadded),
                ForRows(s).slide,
                ForCols(s).slide};
  st->scene = scene;
  st->stage = stage;
  st->granularity = g;
  st->index = index;
  st->count = StepCount(s, scene, stage, g);
  st->terms_per_window = MacsPerWindow(s, scene, stage);
  const MacPos pos =
      g == Granularity::kWindow ? MacPos{index, 0} : MacToWindow(s, scene, stage, index);
  st->window = pos.window;
  st->term = pos.term;
  st->terms.clear();
  st->left_out_past_kept = 0;
  st->has_bias = scene == Scene::kForward || stage == Stage::kProduct;
  st->bias = 0;
  st->is_move = IsMoveStage(stage);
  st->move = {};
  st->target = ctx.Target(pos.window);
  st->no_weight = st->target.tensor == TensorId::kWeightPositions;
  for (auto& n : st->note) n.clear();

  if (st->is_move) {
    st->move = ctx.MoveAt(pos.window);
    st->sum = st->move.value;
  } else {
    if (st->has_bias) st->bias = p.bias(st->target.idx[0]);
    double acc = st->bias;
    const std::array<int, 4> wi = ctx.WindowIndex(pos.window);
    if (g == Granularity::kWindow) {
      const uint64_t kept = std::min(st->terms_per_window, opt.max_terms);
      st->terms.reserve(static_cast<size_t>(kept));
      for (uint64_t t = 0; t < st->terms_per_window; ++t) {
        if (t < kept) {
          st->terms.push_back(ctx.TermAt(wi, t));
          acc += st->terms.back().product;
        } else {
          const Term term = ctx.TermAt(wi, t);
          acc += term.product;
          st->left_out_past_kept += LeftOutOfSum(stage, term);
        }
      }
    } else {
      // Running sum: the products before this MAC, then this one.
      st->terms.push_back(ctx.TermAt(wi, pos.term));
      if (stage == Stage::kScatter) {
        acc = st->terms[0].accumulated;
      } else {
        for (uint64_t t = 0; t < pos.term; ++t) acc += ctx.TermAt(wi, t).product;
        acc += st->terms[0].product;
      }
    }
    st->sum = acc;
  }
  if (opt.formulas) {
    BuildFormulas(ctx, st, opt);
    BuildNotes(ctx, st);
  } else {
    for (Formula& f : st->formula) f = {};
  }
}

Step StepAt(const Problem<double>& p, const Results<double>& r, Scene scene, Stage stage,
            uint64_t index, Granularity g, const StepOptions& opt) {
  Step st;
  StepAt(p, r, scene, stage, index, g, &st, opt);
  return st;
}

}  // namespace convbp::steps
