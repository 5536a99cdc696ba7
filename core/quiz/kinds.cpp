// Shapes, counts, why-zero and contributors questions. Answers come from
// the shape arithmetic (shape.h), the window geometry (geometry.h), the
// step model's classification (lookup.h's Explain) and the engine.
#include "kinds.h"

#include <algorithm>

#include "geometry.h"
#include "notation.h"
#include "question_text.h"
#include "step.h"

namespace convbp::quiz {

namespace {

using steps::Scene;
using steps::Stage;
using steps::TensorId;

std::string I(int v) { return std::to_string(v); }

// Windows of one axis with a tap on position y, in order.
std::vector<int> WindowsOn(const SlideAxis& axis, int y) {
  std::vector<int> out;
  const WindowSpan span = axis.Covering(y);
  for (int o = span.first; o < span.last; o += span.step) out.push_back(o);
  return out;
}

Question ShapeQuestion(Kind kind, Scene scene, Stage stage, QMsg prompt,
                       std::vector<int64_t> answer, const std::string& sizes,
                       const std::string& formula, const std::string& numbers) {
  Question q;
  q.kind = kind;
  q.scene = scene;
  q.stage = stage;
  q.prompt = BothLangs(prompt);
  q.answer.type = AnswerType::kIntegers;
  q.answer.integers = std::move(answer);
  q.hints.involved = BothLangs(QMsg::kHintSizes, {{"sizes", sizes}});
  q.hints.formula = Same(formula);
  q.hints.terms = Same(numbers);
  std::string a;
  for (size_t k = 0; k < q.answer.integers.size(); ++k)
    a += (k ? " × " : "") + std::to_string(q.answer.integers[k]);
  q.hints.answer = Same(a);
  return q;
}

// "Hp = H + 2·p1 = 7, K1 = (k1 − 1)·D1 + 1 = 3"
std::string PaddedAndExtent(const ConvShape& s) {
  return "Hp = H + 2·p1 = " + I(s.h) + " + 2·" + I(s.p1) + " = " + I(s.Hp()) + ", Wp = " + I(s.w) +
         " + 2·" + I(s.p2) + " = " + I(s.Wp()) + ", K1 = (k1 − 1)·D1 + 1 = " + I(s.K1()) +
         ", K2 = " + I(s.K2()) + ", s = (" + I(s.s1) + ", " + I(s.s2) + ")";
}

Question OutputShape(const ConvShape& s) {
  return ShapeQuestion(
      Kind::kOutputShape, Scene::kForward, Stage::kSlide, QMsg::kPromptOutputShape,
      {s.Ho(), s.Wo()}, PaddedAndExtent(s), "H' = ⌊(Hp − K1)/s1⌋ + 1,  W' = ⌊(Wp − K2)/s2⌋ + 1",
      "H' = ⌊(" + I(s.Hp()) + " − " + I(s.K1()) + ")/" + I(s.s1) + "⌋ + 1,  W' = ⌊(" + I(s.Wp()) +
          " − " + I(s.K2()) + ")/" + I(s.s2) + "⌋ + 1");
}

Question DilatedShape(const ConvShape& s) {
  return ShapeQuestion(
      Kind::kDilatedShape, Scene::kWeight, Stage::kDilate, QMsg::kPromptDilatedShape,
      {s.DilatedH(), s.DilatedW()},
      "H' × W' = " + I(s.Ho()) + " × " + I(s.Wo()) + ", s = (" + I(s.s1) + ", " + I(s.s2) + ")",
      "(H' − 1)·s1 + 1,  (W' − 1)·s2 + 1",
      "(" + I(s.Ho()) + " − 1)·" + I(s.s1) + " + 1,  (" + I(s.Wo()) + " − 1)·" + I(s.s2) + " + 1");
}

Question PaddedDeltaShape(const ConvShape& s) {
  return ShapeQuestion(
      Kind::kPaddedDeltaShape, Scene::kInput, Stage::kPad, QMsg::kPromptPaddedDeltaShape,
      {s.PaddedDeltaH(), s.PaddedDeltaW()},
      PaddedAndExtent(s) + ", " + steps::Symbol(TensorId::kGradOutputDilated, steps::Form::kPlain) +
          " = " + I(s.DilatedH()) + " × " + I(s.DilatedW()),
      "rows (H' − 1)·s1 + 1 + 2·(K1 − 1) + ρ1,  ρ1 = (Hp − K1) mod s1 (columns alike)",
      I(s.DilatedH()) + " + 2·(" + I(s.K1()) + " − 1) + " + I(s.rho1()) + ",  " + I(s.DilatedW()) +
          " + 2·(" + I(s.K2()) + " − 1) + " + I(s.rho2()));
}

Question WeightSlideShape(const ConvShape& s) {
  return ShapeQuestion(Kind::kWeightSlideShape, Scene::kWeight, Stage::kSlide,
                       QMsg::kPromptWeightSlideShape, {s.WeightPositionsH(), s.WeightPositionsW()},
                       "Hp × Wp = " + I(s.Hp()) + " × " + I(s.Wp()) + ", " +
                           steps::Symbol(TensorId::kGradOutputDilated, steps::Form::kPlain) +
                           " = " + I(s.DilatedH()) + " × " + I(s.DilatedW()) + ", D = (" + I(s.d1) +
                           ", " + I(s.d2) + ")",
                       "⌊(Hp − (H' − 1)·s1 − 1)/D1⌋ + 1 = k1 + ρ1 div D1 (columns alike)",
                       "⌊(" + I(s.Hp()) + " − " + I(s.DilatedH()) + ")/" + I(s.d1) + "⌋ + 1,  ⌊(" +
                           I(s.Wp()) + " − " + I(s.DilatedW()) + ")/" + I(s.d2) + "⌋ + 1");
}

Question WeightSlideGrads(const ConvShape& s) {
  return ShapeQuestion(Kind::kWeightSlideGrads, Scene::kWeight, Stage::kSlide,
                       QMsg::kPromptWeightSlideGrads, {int64_t{s.k1} * s.k2},
                       "k1 × k2 = " + I(s.k1) + " × " + I(s.k2) + ", positions " +
                           I(s.WeightPositionsH()) + " × " + I(s.WeightPositionsW()),
                       "k1·k2 (the first k1 rows and k2 columns of positions)",
                       I(s.k1) + "·" + I(s.k2));
}

// A random cell of ∂L/∂pz (canonical: δ^{l-1} when p = 0).
Cell RandomPaddedGradCell(const ConvShape& s, Random& rng) {
  return Cell::Of(steps::CanonicalTensor(s, TensorId::kGradInputPadded), rng.Below(s.c_in),
                  rng.Below(s.Hp()), rng.Below(s.Wp()));
}

uint64_t InputSlideWindow(const ConvShape& s, const Cell& pz) {
  return (uint64_t(pz.idx[0]) * uint64_t(s.Hp()) + uint64_t(pz.idx[1])) * uint64_t(s.Wp()) +
         uint64_t(pz.idx[2]);
}

Question ProductsPerCell(const Problem<double>& p, const Results<double>& r, Random& rng) {
  const ConvShape& s = p.shape;
  const Cell cell = RandomPaddedGradCell(s, rng);
  const std::string sizes =
      "C_out = " + I(s.c_out) + ", g = " + I(s.groups) + ", k1 × k2 = " + I(s.k1) + " × " + I(s.k2);
  Question q = ShapeQuestion(
      Kind::kProductsPerCell, Scene::kInput, Stage::kSlide, QMsg::kPromptProductsPerCell,
      {int64_t{s.GroupOutChannels()} * s.k1 * s.k2}, sizes, "(C_out/g)·k1·k2",
      "(" + I(s.c_out) + "/" + I(s.groups) + ")·" + I(s.k1) + "·" + I(s.k2));
  q.prompt = BothLangs(QMsg::kPromptProductsPerCell, {{"cell", CellText(cell)}});
  q.cells = {cell};
  // Rung 1: the operands of the eq-8 window itself (the step model's terms).
  steps::StepOptions opt;
  opt.formulas = false;
  opt.max_terms = 12;
  const steps::Step st = steps::StepAt(p, r, Scene::kInput, Stage::kSlide,
                                       InputSlideWindow(s, cell), steps::Granularity::kWindow, opt);
  for (const steps::Term& t : st.terms) {
    q.hints.cells.push_back(t.a.cell);
    q.hints.cells.push_back(t.b.cell);
  }
  q.hints.involved = BothLangs(QMsg::kHintUses, {{"cells", CellListText(q.hints.cells, 6)}});
  return q;
}

// The pz position of an input / δ^{l-1} cell.
std::pair<int, int> PaddedPosition(const ConvShape& s, const Cell& cell) {
  return {cell.idx[1] + s.p1, cell.idx[2] + s.p2};
}

Both RowsAndColsHint(const ConvShape& s, int y, int x) {
  const std::vector<int> rows = WindowsOn(ForRows(s).slide, y),
                         cols = WindowsOn(ForCols(s).slide, x);
  return BothLangs(QMsg::kHintRows, {{"rows", IntListText(rows)}, {"cols", IntListText(cols)}});
}

Question WindowsReading(const ConvShape& s, Random& rng) {
  const Cell cell = Cell::Of(TensorId::kInput, rng.Below(s.c_in), rng.Below(s.h), rng.Below(s.w));
  const int group = s.GroupOfInput(cell.idx[0]);
  const int d = group * s.GroupOutChannels() + rng.Below(s.GroupOutChannels());
  const auto [y, x] = PaddedPosition(s, cell);
  const std::vector<int> rows = WindowsOn(ForRows(s).slide, y),
                         cols = WindowsOn(ForCols(s).slide, x);
  Question q;
  q.kind = Kind::kWindowsReading;
  q.scene = Scene::kForward;
  q.stage = Stage::kSlide;
  q.cells = {cell};
  q.prompt = BothLangs(QMsg::kPromptWindowsReading, {{"cell", CellText(cell)}, {"d", I(d)}});
  q.answer.type = AnswerType::kIntegers;
  q.answer.integers = {int64_t(rows.size()) * int64_t(cols.size())};
  q.hints.cells = {Cell::Of(steps::CanonicalTensor(s, TensorId::kInputPadded), cell.idx[0], y, x)};
  q.hints.involved = RowsAndColsHint(s, y, x);
  q.hints.formula = Same(
      "#{i : i·s1 + m·D1 = y + p1} × #{j : j·s2 + n·D2 = x + p2}, 0 ≤ m < k1, "
      "0 ≤ n < k2, i < H', j < W'");
  q.hints.terms = Same(I(int(rows.size())) + " × " + I(int(cols.size())));
  q.hints.answer = Same(std::to_string(q.answer.integers[0]));
  return q;
}

// ---- why zero -----------------------------------------------------------

constexpr steps::Reason kGradReasons[] = {
    steps::Reason::kRemainderRow,  steps::Reason::kRemainderCol,    steps::Reason::kGapRow,
    steps::Reason::kGapCol,        steps::Reason::kHoleRow,         steps::Reason::kHoleCol,
    steps::Reason::kPaddingBorder, steps::Reason::kAllProductsZero, steps::Reason::kTermsCancel,
};
constexpr steps::Reason kZeroReasons[] = {
    steps::Reason::kInsertedZero,  steps::Reason::kFrameZero,       steps::Reason::kRemainderZero,
    steps::Reason::kPaddingBorder, steps::Reason::kAllProductsZero,
};

// Cells of δ^{l-1} whose value is exactly 0 with a reason the step model
// can name. Every cell for small layers, a sample for large ones.
std::vector<Cell> ZeroGradCells(const Problem<double>& p, const Results<double>& r) {
  const ConvShape& s = p.shape;
  std::vector<Cell> out;
  const int64_t n = int64_t(s.c_in) * s.h * s.w;
  const int64_t step = std::max<int64_t>(1, n / 4096);
  for (int64_t k = 0; k < n; k += step) {
    const Cell c = Cell::Of(TensorId::kGradInput, int(k / (int64_t(s.h) * s.w)), int(k / s.w % s.h),
                            int(k % s.w));
    if (steps::CellValue(p, r, c) != 0) continue;
    if (steps::ExplainValue(p, r, c).size > 0) out.push_back(c);
  }
  return out;
}

// pδ holds a zero it did not take from δ (frame, inserted or remainder)
// exactly when it is larger than δ.
bool HasStructuralZero(const ConvShape& s) {
  return int64_t(s.PaddedDeltaH()) * s.PaddedDeltaW() > int64_t(s.Ho()) * s.Wo();
}

// A random structural zero of pδ (frame, inserted or remainder).
std::optional<Cell> RandomPaddedDeltaZero(const ConvShape& s, Random& rng) {
  if (!HasStructuralZero(s)) return std::nullopt;
  for (int tries = 0; tries < 200; ++tries) {
    const Cell c = Cell::Of(TensorId::kGradOutputPadded, rng.Below(s.c_out),
                            rng.Below(s.PaddedDeltaH()), rng.Below(s.PaddedDeltaW()));
    if (steps::ClassifyCell(s, c) != steps::CellKind::kValue) return c;
  }
  return std::nullopt;
}

// A wrong option must still be worth thinking about: holes are offered only
// when the layer is dilated along that axis (elsewhere they cannot occur
// and would give the answer away by their wording).
bool Plausible(const ConvShape& s, steps::Reason reason) {
  if (reason == steps::Reason::kHoleRow) return s.d1 > 1;
  if (reason == steps::Reason::kHoleCol) return s.d2 > 1;
  return true;
}

template <size_t N>
Question WhyZeroChoices(const ConvShape& shape, const Cell& cell, const steps::Explanation& e,
                        const steps::Reason (&pool)[N], Random& rng) {
  Question q;
  q.kind = Kind::kWhyZero;
  q.cells = {cell};
  q.prompt = BothLangs(QMsg::kPromptWhyZero, {{"cell", CellText(cell)}});
  Choice right;
  for (steps::Reason reason : e)
    right.reasons.push_back(reason);  // (assign: a GCC 12 false -Wnonnull)
  for (Lang lang : {Lang::kEn, Lang::kZh})
    right.text[static_cast<size_t>(lang)] = steps::ExplanationText(e, lang);
  std::vector<steps::Reason> others;
  for (steps::Reason reason : pool)
    if (!e.Has(reason) && Plausible(shape, reason)) others.push_back(reason);
  std::vector<Choice> choices = {right};
  while (choices.size() < 4 && !others.empty()) {
    const size_t k = rng.Below(others.size());
    Choice c;
    c.reasons = {others[k]};
    for (Lang lang : {Lang::kEn, Lang::kZh})
      c.text[static_cast<size_t>(lang)] = steps::ReasonText(others[k], lang);
    choices.push_back(c);
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(k));
  }
  // Shuffle (Fisher–Yates on our own stream) and remember where the right one went.
  for (size_t k = choices.size(); k > 1; --k) std::swap(choices[k - 1], choices[rng.Below(k)]);
  for (size_t k = 0; k < choices.size(); ++k)
    if (choices[k].reasons == right.reasons) q.answer.choice = static_cast<int>(k);
  q.answer.type = AnswerType::kChoice;
  q.choices = std::move(choices);
  q.hints.answer = {AnswerText(q, Lang::kEn), AnswerText(q, Lang::kZh)};
  return q;
}

std::optional<Question> WhyZero(const Problem<double>& p, const Results<double>& r, Random& rng) {
  const ConvShape& s = p.shape;
  const std::vector<Cell> grads = ZeroGradCells(p, r);
  const std::optional<Cell> pd = RandomPaddedDeltaZero(s, rng);
  const bool use_grad = !grads.empty() && (!pd || rng.Below(2) == 0);
  if (use_grad) {
    const Cell cell = grads[rng.Below(grads.size())];
    Question q = WhyZeroChoices(s, cell, steps::ExplainValue(p, r, cell), kGradReasons, rng);
    q.scene = Scene::kInput;
    q.stage = Stage::kSlide;
    const auto [y, x] = PaddedPosition(s, cell);
    const Cell pz =
        Cell::Of(steps::CanonicalTensor(s, TensorId::kGradInputPadded), cell.idx[0], y, x);
    const steps::Step st = steps::StepAt(p, r, Scene::kInput, Stage::kSlide,
                                         InputSlideWindow(s, pz), steps::Granularity::kWindow);
    q.hints.cells = {pz};
    q.hints.involved = RowsAndColsHint(s, y, x);
    for (size_t l = 0; l < 2; ++l) {
      q.hints.formula[l] = st.formula[l].indices;
      q.hints.terms[l] = st.formula[l].numbers;
    }
    return q;
  }
  if (!pd) return std::nullopt;
  Question q = WhyZeroChoices(s, *pd, steps::Explain(s, *pd), kZeroReasons, rng);
  q.scene = Scene::kInput;
  q.stage = Stage::kPad;
  q.hints.cells = {*pd};
  const std::string dl = steps::Symbol(TensorId::kGradOutputDilated, steps::Form::kPlain);
  const std::string pdl = steps::Symbol(TensorId::kGradOutputPadded, steps::Form::kPlain);
  const std::string gl = steps::Symbol(TensorId::kGradOutput, steps::Form::kPlain);
  q.hints.involved =
      BothLangs(QMsg::kHintSizes,
                {{"sizes", pdl + " " + I(s.PaddedDeltaH()) + " × " + I(s.PaddedDeltaW()) + ", " +
                               dl + " " + I(s.DilatedH()) + " × " + I(s.DilatedW())}});
  q.hints.formula = Same(pdl + "[d, u + K1 − 1, v + K2 − 1] = " + dl + "[d,u,v],  " + dl +
                         "[d, i·s1, j·s2] = " + gl + "[d,i,j]");
  q.hints.terms =
      Same("K1 − 1 = " + I(s.K1() - 1) + ", K2 − 1 = " + I(s.K2() - 1) + ", s = (" + I(s.s1) +
           ", " + I(s.s2) + "), ρ = (" + I(s.rho1()) + ", " + I(s.rho2()) + ")");
  return q;
}

// ---- contributors -------------------------------------------------------

// A set a student can click through: cells with more contributors are not
// asked (with many output channels per group, pick a layer with fewer).
constexpr size_t kMaxContributors = 16;

std::vector<Cell> Contributors(const ConvShape& s, const Cell& grad_input_cell) {
  const auto [y, x] = PaddedPosition(s, grad_input_cell);
  const std::vector<int> rows = WindowsOn(ForRows(s).slide, y),
                         cols = WindowsOn(ForCols(s).slide, x);
  const int group = s.GroupOfInput(grad_input_cell.idx[0]);
  std::vector<Cell> out;
  for (int dl = 0; dl < s.GroupOutChannels(); ++dl)
    for (int i : rows)
      for (int j : cols)
        out.push_back(Cell::Of(TensorId::kGradOutput, group * s.GroupOutChannels() + dl, i, j));
  std::sort(out.begin(), out.end(), CellLess);
  return out;
}

std::optional<Question> ContributorsQuestion(const ConvShape& s, Random& rng) {
  for (int tries = 0; tries < 64; ++tries) {
    const Cell cell =
        Cell::Of(TensorId::kGradInput, rng.Below(s.c_in), rng.Below(s.h), rng.Below(s.w));
    std::vector<Cell> cells = Contributors(s, cell);
    if (cells.empty() || cells.size() > kMaxContributors) continue;
    const auto [y, x] = PaddedPosition(s, cell);
    Question q;
    q.kind = Kind::kContributors;
    q.scene = Scene::kInput;
    q.stage = Stage::kScatter;
    q.cells = {cell};
    q.prompt = BothLangs(QMsg::kPromptContributors, {{"cell", CellText(cell)}});
    q.answer.type = AnswerType::kCells;
    q.answer.cells = std::move(cells);
    q.hints.cells = {
        Cell::Of(steps::CanonicalTensor(s, TensorId::kGradInputPadded), cell.idx[0], y, x)};
    q.hints.involved = RowsAndColsHint(s, y, x);
    const std::string gl = steps::Symbol(TensorId::kGradOutput, steps::Form::kPlain);
    q.hints.formula = Same(gl +
                           "[d,i,j] with d in the group of c, i·s1 + m·D1 = y + p1, j·s2 + n·D2 = "
                           "x + p2 (0 ≤ m < k1, 0 ≤ n < k2)");
    const int group = s.GroupOfInput(cell.idx[0]);
    q.hints.terms = Same("d = " + I(group * s.GroupOutChannels()) + ".." +
                         I((group + 1) * s.GroupOutChannels() - 1) + ", y + p1 = " + I(y) +
                         ", x + p2 = " + I(x));
    q.hints.answer = Same(CellListText(q.answer.cells, q.answer.cells.size()));
    return q;
  }
  return std::nullopt;
}

bool AnyCoveredInterior(const ConvShape& s) {
  auto axis_has = [](const AxisGeometry& g) {
    for (int y = g.pad; y < g.pad + g.n; ++y)
      if (!g.slide.Covering(y).empty()) return true;
    return false;
  };
  return axis_has(ForRows(s)) && axis_has(ForCols(s));
}

// A random stage of the step model with questions (no scatter), the
// summing stages three times as likely as the moves.
std::pair<Scene, Stage> RandomValueStage(const ConvShape& s, Random& rng) {
  std::vector<std::pair<Scene, Stage>> pool;
  for (int sc = 0; sc < steps::kSceneCount; ++sc) {
    const Scene scene = static_cast<Scene>(sc);
    for (Stage stage : steps::StagesOf(s, scene)) {
      if (stage == Stage::kScatter) continue;
      const int weight = steps::IsMoveStage(stage) ? 1 : 3;
      for (int k = 0; k < weight; ++k) pool.push_back({scene, stage});
    }
  }
  return pool[rng.Below(pool.size())];
}

}  // namespace

std::optional<Question> MakeQuestion(Kind kind, const Problem<double>& p, const Results<double>& r,
                                     Random& rng) {
  const ConvShape& s = p.shape;
  switch (kind) {
    case Kind::kCellValue: {
      const auto [scene, stage] = RandomValueStage(s, rng);
      const uint64_t n = steps::WindowCount(s, scene, stage);
      return StageQuestion(p, r, scene, stage, rng.Below(n));
    }
    case Kind::kOutputShape: return OutputShape(s);
    case Kind::kDilatedShape: return DilatedShape(s);
    case Kind::kPaddedDeltaShape: return PaddedDeltaShape(s);
    case Kind::kWeightSlideShape: return WeightSlideShape(s);
    case Kind::kWeightSlideGrads: return WeightSlideGrads(s);
    case Kind::kProductsPerCell: return ProductsPerCell(p, r, rng);
    case Kind::kWindowsReading: return WindowsReading(s, rng);
    case Kind::kWhyZero: return WhyZero(p, r, rng);
    case Kind::kContributors: return ContributorsQuestion(s, rng);
  }
  return std::nullopt;
}

bool HasQuestion(Kind kind, const Problem<double>& p, const Results<double>& r) {
  const ConvShape& s = p.shape;
  switch (kind) {
    case Kind::kWhyZero: return HasStructuralZero(s) || !ZeroGradCells(p, r).empty();
    case Kind::kContributors:
      return AnyCoveredInterior(s) && size_t(s.GroupOutChannels()) <= kMaxContributors;
    default: return true;
  }
}

}  // namespace convbp::quiz
