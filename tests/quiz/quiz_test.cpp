// The quiz against an independent solver (quiz_test_util.h): over a sweep of
// layers (remainders, gaps s > k, padding, dilation holes, groups, a
// transposed layer walked as its adjoint) every generated question's key
// must agree with the solver, the key graded right, and wrong answers
// (neighbouring cells, sign flips, values outside the last digit, too few
// digits, other choices, off-by-one cell sets) never graded right.
#include "quiz.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>

#include "quiz_test_util.h"
#include "step.h"
#include "steps_test_util.h"
#include "transposed.h"

namespace convbp::quiz {
namespace {

using steps::Scene;
using steps::Stage;
using testing::Solver;

struct Layer {
  std::string name;
  Problem<double> problem;
  Results<double> results;
  Tensor<double> delta;
};

std::vector<Layer> Layers() {
  std::vector<Layer> out;
  uint32_t seed = 11;
  for (const steps::testing::Case& c : steps::testing::ShapeSweep()) {
    Problem<double> p = steps::testing::RandomProblem(c.shape, seed++);
    Results<double> r = Compute(p);
    Tensor<double> delta = p.loss_tensor;
    out.push_back({c.name, std::move(p), std::move(r), std::move(delta)});
  }
  // Exact zeros in δ and W, so "all products zero" and cancelling sums occur.
  {
    ConvShape s{1, 6, 6, 1, 3, 3, 1, 1, 0, 0};
    Problem<double> p = ZeroProblem<double>(s, LossKind::kGivenGrad);
    for (double& v : p.input.values()) v = 1;
    p.weight(0, 0, 0, 0) = 1;
    p.weight(0, 0, 0, 1) = 1;
    p.loss_tensor(0, 0, 0) = 1;
    p.loss_tensor(0, 0, 1) = -1;
    Results<double> r = Compute(p);
    out.push_back({"zeros_and_cancel", p, r, p.loss_tensor});
  }
  // A transposed layer: questions are asked on its adjoint conv.
  {
    ConvShape t{2, 3, 4, 2, 3, 2, 2, 3, 1, 0};
    t.mode = ConvMode::kTransposed;
    t.op1 = 1;
    EXPECT_EQ(ValidateShape(t), "");
    Problem<double> p = steps::testing::RandomProblem(t, 99);
    TransposedResults<double> tr = ComputeTransposed(p);
    Problem<double> a = tr.adjoint;
    Results<double> r = tr.adjoint_results;
    EXPECT_EQ(a.loss, LossKind::kGivenGrad);
    out.push_back({"transposed_adjoint", a, r, a.loss_tensor});
  }
  return out;
}

// `v` to `significant` digits; `keep_zeros`: trailing zeros written ("2.80").
std::string Typed(double v, int significant, bool keep_zeros = false) {
  char buf[64];
  std::snprintf(buf, sizeof buf, keep_zeros ? "%#.*g" : "%.*g", significant, v);
  return buf;
}

// The key agrees with the solver, and wrong answers are graded wrong.
void CheckNumber(const Layer& layer, const Solver& solver, const Question& q) {
  ASSERT_EQ(q.cells.size(), 1u);
  const double exact = solver.Value(q.cells[0]);
  EXPECT_NEAR(q.answer.number, exact, 1e-9 * (1 + std::abs(exact)))
      << layer.name << " " << q.prompt[0];
  EXPECT_TRUE(Grade(q, Typed(exact, 8)).right) << q.prompt[0] << " " << Typed(exact, 8);
  // Rungs 2 and 3 of a sum stop before its result; rung 4 gives it.
  if (!steps::IsMoveStage(q.stage)) {
    const std::string result = " = " + AnswerText(q, Lang::kEn);
    for (size_t l = 0; l < 2; ++l) {
      EXPECT_FALSE(q.hints.formula[l].ends_with(result)) << q.hints.formula[l];
      // (A one-cell sum, ∂L/∂b of a 1×1 output, is its own number.)
      const bool one_cell = q.hints.formula[l].find(" + ") == std::string::npos &&
                            q.hints.formula[l].find("·") == std::string::npos;
      EXPECT_TRUE(one_cell || !q.hints.terms[l].ends_with(result)) << q.hints.terms[l];
      EXPECT_TRUE(q.hints.answer[l].ends_with(result)) << q.hints.answer[l];
    }
  }
  EXPECT_TRUE(Grade(q, Typed(exact, 3, true)).right) << q.prompt[0] << " " << Typed(exact, 3, true);
  // Outside half a unit of the last digit typed (6 significant digits).
  if (exact != 0) {
    const double unit = std::pow(10.0, std::floor(std::log10(std::abs(exact))) - 5);
    EXPECT_FALSE(Grade(q, Typed(exact + 2 * unit, 6, true)).right)
        << q.prompt[0] << Typed(exact + 2 * unit, 6, true) << " " << exact << " tol "
        << q.tolerance;
    EXPECT_FALSE(Grade(q, Typed(exact - 2 * unit, 6, true)).right) << q.prompt[0];
    EXPECT_FALSE(Grade(q, Typed(-exact, 8)).right) << "sign flip " << q.prompt[0];
    EXPECT_FALSE(Grade(q, "0").right) << q.prompt[0];
  } else {
    EXPECT_FALSE(Grade(q, "0.001").right);
  }
  // Neighbouring cells of the same tensor (off by one in any index).
  const Cell c = q.cells[0];
  for (int axis = 0; axis < c.rank; ++axis)
    for (int delta : {-1, 1}) {
      Cell n = c;
      n.idx[static_cast<size_t>(axis)] += delta;
      if (!steps::CellInRange(layer.problem.shape, n)) continue;
      const double other = solver.Value(n);
      if (std::abs(other - exact) <= 1e-3 * std::max(1.0, std::abs(exact))) continue;
      EXPECT_FALSE(Grade(q, Typed(other, 8)).right) << q.prompt[0] << " vs " << other;
    }
}

void CheckIntegers(const Question& q, const std::vector<int64_t>& expected) {
  EXPECT_EQ(q.answer.integers, expected) << q.prompt[0];
  std::string text;
  for (size_t k = 0; k < expected.size(); ++k)
    text += (k ? " x " : "") + std::to_string(expected[k]);
  EXPECT_TRUE(Grade(q, text).right) << q.prompt[0] << " " << text;
  for (size_t k = 0; k < expected.size(); ++k)
    for (int64_t off : {-1, 1}) {
      std::vector<int64_t> wrong = expected;
      wrong[k] += off;
      std::string w;
      for (size_t m = 0; m < wrong.size(); ++m) w += (m ? "×" : "") + std::to_string(wrong[m]);
      EXPECT_FALSE(Grade(q, w).right) << q.prompt[0] << " " << w;
    }
}

void CheckChoice(const Question& q, const std::set<steps::Reason>& expected) {
  ASSERT_GE(q.choices.size(), 2u) << q.prompt[0];
  int right = -1;
  for (size_t k = 0; k < q.choices.size(); ++k) {
    const std::set<steps::Reason> said(q.choices[k].reasons.begin(), q.choices[k].reasons.end());
    if (said == expected) right = static_cast<int>(k);
    EXPECT_EQ(GradeChoice(q, static_cast<int>(k)).right, said == expected) << q.prompt[0];
  }
  EXPECT_EQ(q.answer.choice, right) << q.prompt[0];
  EXPECT_TRUE(Grade(q, std::string(1, char('A' + right))).right);
  EXPECT_FALSE(GradeChoice(q, -1).right);
  EXPECT_FALSE(GradeChoice(q, static_cast<int>(q.choices.size())).right);
}

void CheckCells(const Layer& layer, const Question& q, std::vector<Cell> expected) {
  std::sort(expected.begin(), expected.end(),
            [](const Cell& a, const Cell& b) { return a.idx < b.idx; });
  EXPECT_EQ(q.answer.cells, expected) << q.prompt[0];
  std::vector<Cell> shuffled(expected.rbegin(), expected.rend());
  shuffled.push_back(expected.front());  // a duplicate click
  EXPECT_TRUE(GradeCells(q, shuffled).right) << q.prompt[0];
  // One missing.
  std::vector<Cell> fewer(expected.begin() + 1, expected.end());
  if (!fewer.empty()) {
    EXPECT_FALSE(GradeCells(q, fewer).right);
  }
  // One cell shifted by one.
  for (int axis = 0; axis < 3; ++axis)
    for (int delta : {-1, 1}) {
      std::vector<Cell> moved = expected;
      moved.back().idx[static_cast<size_t>(axis)] += delta;
      if (!steps::CellInRange(layer.problem.shape, moved.back())) continue;
      if (std::find(expected.begin(), expected.end(), moved.back()) != expected.end()) continue;
      EXPECT_FALSE(GradeCells(q, moved).right) << q.prompt[0];
    }
  // One extra cell.
  for (int d = 0; d < layer.problem.shape.c_out; ++d) {
    const Cell extra = Cell::Of(steps::TensorId::kGradOutput, d, 0, 0);
    if (std::find(expected.begin(), expected.end(), extra) != expected.end()) continue;
    std::vector<Cell> more = expected;
    more.push_back(extra);
    EXPECT_FALSE(GradeCells(q, more).right) << q.prompt[0];
    break;
  }
}

void CheckQuestion(const Layer& layer, const Question& q) {
  const Solver solver(layer.problem, layer.delta);
  const ConvShape& s = layer.problem.shape;
  EXPECT_FALSE(q.prompt[0].empty());
  EXPECT_FALSE(q.prompt[1].empty());
  EXPECT_FALSE(q.hints.answer[0].empty()) << q.prompt[0];
  EXPECT_TRUE(steps::HasStage(s, q.scene, q.stage)) << q.prompt[0];
  switch (q.kind) {
    case Kind::kCellValue: CheckNumber(layer, solver, q); break;
    case Kind::kOutputShape: CheckIntegers(q, {solver.Ho(), solver.Wo()}); break;
    case Kind::kDilatedShape: CheckIntegers(q, {solver.DilatedH(), solver.DilatedW()}); break;
    case Kind::kPaddedDeltaShape:
      // A stride-1 slide of extent K giving Hp cells needs Hp + K − 1 rows.
      CheckIntegers(q, {solver.Hp() + solver.K1() - 1, solver.Wp() + solver.K2() - 1});
      break;
    case Kind::kWeightSlideShape: {
      auto positions = [](int n, int dilated, int dil) {
        int count = 0;
        while (count * dil + dilated <= n) ++count;
        return count;
      };
      CheckIntegers(q, {positions(solver.Hp(), solver.DilatedH(), s.d1),
                        positions(solver.Wp(), solver.DilatedW(), s.d2)});
      break;
    }
    case Kind::kWeightSlideGrads: CheckIntegers(q, {int64_t{s.k1} * s.k2}); break;
    case Kind::kProductsPerCell: {
      // Every (d of the group, m, n): count them.
      int64_t count = 0;
      for (int d = 0; d < s.c_out; ++d)
        if (d / (s.c_out / s.groups) == q.cells[0].idx[0] / (s.c_in / s.groups))
          count += s.k1 * s.k2;
      CheckIntegers(q, {count});
      break;
    }
    case Kind::kWindowsReading: {
      const Cell& c = q.cells[0];
      const int64_t n = int64_t(solver.RowsReading(c.idx[1] + s.p1).size()) *
                        int64_t(solver.ColsReading(c.idx[2] + s.p2).size());
      CheckIntegers(q, {n});
      break;
    }
    case Kind::kWhyZero: {
      const Cell& c = q.cells[0];
      EXPECT_EQ(solver.Value(c), 0) << q.prompt[0];
      if (c.tensor == steps::TensorId::kGradOutputPadded)
        CheckChoice(q, solver.WhyPaddedDeltaZero(c.idx[1], c.idx[2]));
      else CheckChoice(q, solver.WhyGradZero(c.idx[0], c.idx[1], c.idx[2]));
      break;
    }
    case Kind::kContributors: {
      const Cell& c = q.cells[0];
      CheckCells(layer, q, solver.Contributors(c.idx[0], c.idx[1], c.idx[2]));
      break;
    }
  }
}

TEST(Quiz, EveryKindOverTheSweepAgreesWithTheSolver) {
  for (const Layer& layer : Layers()) {
    SCOPED_TRACE(layer.name);
    std::set<Kind> seen;
    for (uint64_t seed : {1u, 2u, 3u}) {
      Options o;
      o.seed = seed;
      o.count = 30;
      for (const Question& q : Generate(layer.problem, layer.results, o)) {
        seen.insert(q.kind);
        CheckQuestion(layer, q);
      }
    }
    // Every kind is offered on these layers (each has a zero somewhere).
    for (Kind kind : OfferedKinds(layer.problem, layer.results))
      EXPECT_TRUE(seen.count(kind)) << KindName(kind);
    EXPECT_GE(OfferedKinds(layer.problem, layer.results).size(), 9u);
  }
}

TEST(Quiz, CellValuesOfEveryStageWindowAgreeWithTheSolver) {
  for (const Layer& layer : Layers()) {
    SCOPED_TRACE(layer.name);
    const Solver solver(layer.problem, layer.delta);
    for (const steps::testing::Stepped& st : steps::testing::AllStages(layer.problem.shape)) {
      std::optional<Cell> after;
      uint64_t asked = 0;
      while (auto q = NextStageQuestion(layer.problem, layer.results, st.scene, st.stage, after)) {
        ASSERT_EQ(q->window, asked) << steps::StageName(st.stage);
        EXPECT_NEAR(q->answer.number, solver.Value(q->cells[0]), 1e-9);
        after = q->cells[0];
        ++asked;
        if (asked > 200) break;  // the big stages: the first windows are enough
      }
      if (st.stage == Stage::kScatter) {
        EXPECT_EQ(asked, 0u);
        continue;
      }
      EXPECT_EQ(asked, std::min<uint64_t>(
                           201, steps::WindowCount(layer.problem.shape, st.scene, st.stage)));
    }
  }
}

// A position of the eq-5 slide past the k1×k2 weights (ρ > 0) is P, which
// no other question defines: its prompt must say what P is and that it
// belongs to no weight; the overlap count names the pz cell it counts.
TEST(Quiz, PromptsDefineTheEq5PositionsAndTheOverlapCount) {
  int positions = 0, counts = 0;
  for (const Layer& layer : Layers())
    for (const steps::testing::Stepped& st : steps::testing::AllStages(layer.problem.shape))
      for (uint64_t w = 0; w < 40; ++w) {
        const auto q = StageQuestion(layer.problem, layer.results, st.scene, st.stage, w);
        if (!q) break;
        const std::string en = q->prompt[0], zh = q->prompt[1];
        if (q->cells[0].tensor == steps::TensorId::kWeightPositions) {
          EXPECT_NE(en.find("belongs to no weight"), std::string::npos) << en;
          EXPECT_NE(zh.find("不属于任何权重"), std::string::npos) << zh;
          ++positions;
        }
        if (q->cells[0].tensor == steps::TensorId::kWindowCount) {
          EXPECT_NE(en.find("How many windows read "), std::string::npos) << en;
          ++counts;
        }
      }
  EXPECT_GT(positions, 0);
  EXPECT_GT(counts, 0);
}

TEST(Quiz, SameSeedSameQuestionsOtherSeedOthers) {
  const Layer layer = Layers()[1];
  Options o;
  o.count = 12;
  o.seed = 7;
  const std::vector<Question> a = Generate(layer.problem, layer.results, o);
  const std::vector<Question> b = Generate(layer.problem, layer.results, o);
  ASSERT_EQ(a.size(), 12u);
  ASSERT_EQ(a.size(), b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].prompt, b[k].prompt);
    EXPECT_EQ(AnswerText(a[k], Lang::kEn), AnswerText(b[k], Lang::kEn));
  }
  o.seed = 8;
  const std::vector<Question> c = Generate(layer.problem, layer.results, o);
  bool differs = false;
  for (size_t k = 0; k < std::min(a.size(), c.size()); ++k) differs |= a[k].prompt != c[k].prompt;
  EXPECT_TRUE(differs);
}

TEST(Quiz, KindsOptionSelectsKinds) {
  const Layer layer = Layers()[0];
  Options o;
  o.count = 5;
  o.kinds = {Kind::kCellValue};
  for (const Question& q : Generate(layer.problem, layer.results, o))
    EXPECT_EQ(q.kind, Kind::kCellValue);
  // A shape question exists once: asking for ten gives one.
  o.kinds = {Kind::kOutputShape};
  o.count = 10;
  EXPECT_EQ(Generate(layer.problem, layer.results, o).size(), 1u);
  for (int k = 0; k < kKindCount; ++k)
    EXPECT_EQ(ParseKind(KindName(static_cast<Kind>(k))), static_cast<Kind>(k));
  EXPECT_FALSE(ParseKind("values"));
}

// Hand-made number questions: the grading rule itself.
Question NumberQuestion(double exact) {
  Question q;
  q.answer.type = AnswerType::kNumber;
  q.answer.number = exact;
  q.tolerance = 1e-12;
  return q;
}

TEST(QuizGrade, NumbersToTheDigitsTyped) {
  const Question q = NumberQuestion(1.2345);
  EXPECT_TRUE(Grade(q, "1.23").right);
  EXPECT_TRUE(Grade(q, "1.235").right);  // 1.2345 is within half of 0.001
  EXPECT_TRUE(Grade(q, "1.2345").right);
  EXPECT_TRUE(Grade(q, " 1.2345 ").right);
  EXPECT_FALSE(Grade(q, "1.24").right);
  EXPECT_FALSE(Grade(q, "1.22").right);
  EXPECT_FALSE(Grade(q, "1.2346").right);
  EXPECT_FALSE(Grade(q, "1.2").right);  // too few digits
  EXPECT_FALSE(Grade(q, "1.2").readable);
  EXPECT_FALSE(Grade(q, "1").right);
  EXPECT_FALSE(Grade(q, "-1.23").right);
  EXPECT_FALSE(Grade(q, "abc").right);
  EXPECT_FALSE(Grade(q, "abc").readable);
  EXPECT_FALSE(Grade(q, "inf").right);
  EXPECT_FALSE(Grade(q, "").right);
  EXPECT_TRUE(Grade(q, "123e-2").right);
  EXPECT_TRUE(Grade(q, "1.23E0").right);

  const Question neg = NumberQuestion(-0.0751);
  EXPECT_TRUE(Grade(neg, "−0.0751").right);  // the real minus sign
  EXPECT_TRUE(Grade(neg, "-0.0751").right);
  EXPECT_FALSE(Grade(neg, "0.0751").right);
  EXPECT_FALSE(Grade(neg, "-0.075").right);  // 2 significant digits only
  EXPECT_FALSE(Grade(neg, "-0.0752").right);

  // Fewer digits are fine when the exact value has fewer.
  EXPECT_TRUE(Grade(NumberQuestion(0.5), "0.5").right);
  EXPECT_TRUE(Grade(NumberQuestion(2), "2").right);
  EXPECT_TRUE(Grade(NumberQuestion(-12), "-12").right);
  EXPECT_FALSE(Grade(NumberQuestion(-12), "-1e1").right);
  EXPECT_TRUE(Grade(NumberQuestion(0), "0").right);
  EXPECT_TRUE(Grade(NumberQuestion(0), "-0").right);
  EXPECT_TRUE(Grade(NumberQuestion(0), "0.000").right);
  EXPECT_FALSE(Grade(NumberQuestion(0.0004), "0.000").right);  // a typed zero is only right for 0
  EXPECT_FALSE(Grade(NumberQuestion(0), "0.001").right);
  EXPECT_FALSE(Grade(NumberQuestion(0.54), "0.5").right);
  EXPECT_TRUE(Grade(NumberQuestion(0.54), "0.54").right);
  // Values carry rounding: 0.1 + 0.2 typed as 0.3 is right.
  EXPECT_TRUE(Grade(NumberQuestion(0.1 + 0.2), "0.3").right);
  EXPECT_TRUE(Grade(NumberQuestion(0.1 + 0.2), "0.300000000000000000").right);
  EXPECT_TRUE(Grade(NumberQuestion(1234.5), "1.23e3").right);
  EXPECT_FALSE(Grade(NumberQuestion(1234.5), "1.24e3").right);
}

TEST(QuizGrade, MessagesInBothLanguages) {
  const Question q = NumberQuestion(1.2345);
  const Verdict right = Grade(q, "1.23");
  EXPECT_NE(right.message[0].find("1.2345"), std::string::npos);
  EXPECT_NE(right.message[1].find("1.2345"), std::string::npos);
  EXPECT_NE(right.message[0], right.message[1]);
  const Verdict few = Grade(q, "1.2");
  EXPECT_NE(few.message[0].find('3'), std::string::npos);
  EXPECT_EQ(Grade(q, "9").message[0].find("1.2345"), std::string::npos);  // no giveaway
}

}  // namespace
}  // namespace convbp::quiz
