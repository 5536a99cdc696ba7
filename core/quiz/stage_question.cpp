// cell_value questions: the target of one stage window, with the step
// model's own formula as the hint ladder (StepAt, step.h).
#include <algorithm>
#include <cmath>

#include "notation.h"
#include "question_text.h"
#include "quiz.h"
#include "step.h"

namespace convbp::quiz {

namespace {

using steps::Scene;
using steps::Stage;

// The step formulas end in " = result"; a hint must not give the result
// away, so rungs 2 and 3 drop it.
std::string WithoutResult(const std::string& formula, double result) {
  const std::string tail = " = " + NumberText(result);
  if (formula.size() > tail.size() && formula.ends_with(tail))
    return formula.substr(0, formula.size() - tail.size());
  return formula;
}

// The operands a step reads, first appearance first, at most `max`.
std::vector<Cell> Operands(const steps::Step& st, size_t max) {
  std::vector<Cell> out;
  auto add = [&](const Cell& c) {
    if (c.tensor == steps::TensorId::kNone || c.tensor == steps::TensorId::kOne) return;
    if (out.size() < max && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  if (st.has_bias) add(Cell::Of(steps::TensorId::kBias, st.target.idx[0]));
  if (st.is_move) add(st.move.from);
  for (const steps::Term& t : st.terms) {
    add(t.a.cell);
    add(t.b.cell);
    add(t.window);  // overlap: the windows counted, by their δ cells
  }
  return out;
}

constexpr size_t kHintCells = 24;
// Terms written out in the hints before the rest are counted (a 3×3 kernel's
// nine products and the bias fit; shown_terms.h says how longer sums shrink).
constexpr int kFormulaTerms = 12;

}  // namespace

std::optional<Question> StageQuestion(const Problem<double>& problem,
                                      const Results<double>& results, Scene scene, Stage stage,
                                      uint64_t window) {
  const ConvShape& s = problem.shape;
  if (stage == Stage::kScatter) return std::nullopt;
  if (!steps::CheckStepQuery(s, scene, stage, window, steps::Granularity::kWindow).empty())
    return std::nullopt;
  steps::StepOptions options;
  options.max_formula_terms = kFormulaTerms;
  const steps::Step st =
      steps::StepAt(problem, results, scene, stage, window, steps::Granularity::kWindow, options);
  Question q;
  q.kind = Kind::kCellValue;
  q.scene = scene;
  q.stage = stage;
  q.window = window;
  q.cells = {st.target};
  q.answer.type = AnswerType::kNumber;
  q.answer.number = steps::CellValue(problem, results, st.target);
  // The engine's routes agree to rounding of the sum: forgive that much.
  double scale = std::abs(st.bias) + (st.is_move ? std::abs(st.move.value) : 0);
  for (const steps::Term& t : st.terms) scale += std::abs(t.product);
  q.tolerance = 1e-9 * std::max(1.0, scale);

  const std::string cell = CellText(st.target);
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    const size_t l = static_cast<size_t>(lang);
    // The overlap count asks about the pz cell whose readers it counts.
    const Cell read = Cell::Of(steps::CanonicalTensor(s, steps::TensorId::kInputPadded), 0,
                               st.target.idx[1], st.target.idx[2]);
    const QMsg prompt = stage == Stage::kOverlap ? QMsg::kPromptWindowCount
                        : st.no_weight           ? QMsg::kPromptNoWeightPosition
                        : st.is_move             ? QMsg::kPromptMoveValue
                                                 : QMsg::kPromptCellValue;
    q.prompt[l] = QMessage(prompt, lang,
                           {{"cell", cell},
                            {"read", CellText(read)},
                            {"scene", steps::SceneTitle(scene, lang)},
                            {"stage", steps::StageTitle(stage, lang)}});
    const double result = st.is_move ? st.move.value : st.sum;
    q.hints.formula[l] = WithoutResult(st.formula[l].indices, result);
    q.hints.terms[l] =
        st.is_move ? st.formula[l].numbers : WithoutResult(st.formula[l].numbers, result);
  }
  q.hints.cells = Operands(st, kHintCells);
  q.hints.involved = st.is_move
                         ? BothLangs(QMsg::kHintMovedFrom, {{"cell", CellText(st.move.from)}})
                         : BothLangs(QMsg::kHintUses, {{"cells", CellListText(q.hints.cells)}});
  q.hints.answer = Same(cell + " = " + NumberText(q.answer.number));
  return q;
}

std::optional<Question> NextStageQuestion(const Problem<double>& problem,
                                          const Results<double>& results, Scene scene, Stage stage,
                                          const std::optional<Cell>& after) {
  const ConvShape& s = problem.shape;
  if (stage == Stage::kScatter || !steps::HasStage(s, scene, stage)) return std::nullopt;
  uint64_t next = 0;
  if (after) {
    if (!steps::CellInRange(s, *after)) return std::nullopt;
    const steps::CellRefs writers = steps::Writers(s, *after);
    std::optional<uint64_t> window;
    for (int k = 0; k < writers.set_count && !window; ++k) {
      const steps::RefSet& set = writers.sets[static_cast<size_t>(k)];
      if (set.scene == scene && set.stage == stage && set.size() > 0) window = set[0].window;
    }
    if (!window) return std::nullopt;
    next = *window + 1;
  }
  if (next >= steps::WindowCount(s, scene, stage)) return std::nullopt;
  return StageQuestion(problem, results, scene, stage, next);
}

}  // namespace convbp::quiz
