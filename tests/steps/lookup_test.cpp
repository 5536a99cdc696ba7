// Reverse lookup against a brute-force scan of every step, and the cells no
// window covers (remainder rows/columns, gaps when s > k).
#include "lookup.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "notation.h"
#include "step.h"
#include "steps_test_util.h"

namespace convbp::steps {
namespace {

using testing::AllStages;
using testing::AllTensors;
using testing::Case;
using testing::CellsOf;
using testing::RandomProblem;
using testing::ShapeSweep;

// (scene, stage, window, term); term −1 = used by the window without a term.
using Touch = std::tuple<int, int, uint64_t, int64_t>;
using CellKey = std::tuple<int, int, int, int, int>;

CellKey Key(const ConvShape& s, Cell c) {
  c.tensor = CanonicalTensor(s, c.tensor);
  return {static_cast<int>(c.tensor), c.idx[0], c.idx[1], c.idx[2], c.idx[3]};
}

class LookupSweep : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    problem_ = RandomProblem(GetParam().shape, 11);
    results_ = Compute(problem_);
    Scan();
  }
  const ConvShape& shape() const { return problem_.shape; }

  // Brute force: every window step of every stage, recording what it reads
  // and writes (the conventions of lookup.h).
  void Scan() {
    const ConvShape& s = shape();
    Step st;
    for (const auto& [scene, stage] : AllStages(s)) {
      const uint64_t n = StepCount(s, scene, stage, Granularity::kWindow);
      for (uint64_t w = 0; w < n; ++w) {
        StepAt(problem_, results_, scene, stage, w, Granularity::kWindow, &st,
               StepOptions{false, 0});
        auto touch = [&](std::map<CellKey, std::set<Touch>>& m, const Cell& c, int64_t term) {
          m[Key(s, c)].insert({static_cast<int>(scene), static_cast<int>(stage), w, term});
        };
        if (st.is_move) {
          touch(reads_, st.move.from, 0);
          touch(writes_, st.move.to, 0);
          continue;
        }
        if (st.has_bias) touch(reads_, Cell::Of(TensorId::kBias, st.target.idx[0]), -1);
        for (size_t t = 0; t < st.terms.size(); ++t) {
          const Term& term = st.terms[t];
          const auto k = static_cast<int64_t>(t);
          touch(reads_, term.a.cell, k);
          if (term.b.cell.tensor != TensorId::kOne) touch(reads_, term.b.cell, k);
          if (term.target.tensor != TensorId::kNone) {
            touch(writes_, term.target, k);
          } else {
            touch(writes_, st.target, k);
            if (st.target.tensor == TensorId::kGradWeight) {
              Cell pos = st.target;
              pos.tensor = TensorId::kWeightPositions;
              touch(writes_, pos, k);
            }
          }
        }
      }
    }
  }

  static std::set<Touch> Expand(const CellRefs& refs) {
    std::set<Touch> out;
    for (uint64_t k = 0; k < refs.total(); ++k) {
      const StepRef r = refs.At(k);
      const int scene = static_cast<int>(r.scene), stage = static_cast<int>(r.stage);
      if (r.term_count == 0) out.insert({scene, stage, r.window, -1});
      for (uint64_t t = 0; t < r.term_count; ++t)
        out.insert({scene, stage, r.window, static_cast<int64_t>(r.first_term + t)});
    }
    return out;
  }

  Problem<double> problem_;
  Results<double> results_;
  std::map<CellKey, std::set<Touch>> reads_, writes_;
};

TEST_P(LookupSweep, ReadersAndWritersEqualBruteForce) {
  const ConvShape& s = shape();
  const bool padded = HasPadding(s);
  for (TensorId id : AllTensors()) {
    for (const Cell& c : CellsOf(s, id)) {
      SCOPED_TRACE(CellSymbol(c, Form::kPlain));
      std::set<Touch> want_r = reads_[Key(s, c)], want_w = writes_[Key(s, c)];
      // With p > 0 the steps read pz, never the input itself.
      if (padded && id == TensorId::kInput) {
        EXPECT_TRUE(want_r.empty());
      }
      EXPECT_EQ(Expand(Readers(s, c)), want_r);
      EXPECT_EQ(Expand(Writers(s, c)), want_w);
    }
  }
}

TEST_P(LookupSweep, SetsAreOrderedAndPagesAgreeWithAt) {
  const ConvShape& s = shape();
  for (TensorId id : AllTensors()) {
    for (const Cell& c : CellsOf(s, id)) {
      for (Access access : {Access::kRead, Access::kWrite}) {
        const CellRefs refs = Lookup(s, c, access);
        for (int k = 0; k < refs.set_count; ++k) {
          const RefSet& set = refs.sets[static_cast<size_t>(k)];
          ASSERT_GT(set.size(), 0u);
          for (uint64_t j = 1; j < set.size(); ++j) ASSERT_LT(set[j - 1].window, set[j].window);
        }
        std::array<StepRef, 5> page{};
        for (uint64_t first = 0; first < refs.total(); first += 5) {
          const int n = refs.Page(first, page.data(), 5);
          ASSERT_EQ(uint64_t(n), std::min<uint64_t>(5, refs.total() - first));
          for (int j = 0; j < n; ++j) EXPECT_EQ(page[size_t(j)], refs.At(first + uint64_t(j)));
        }
        EXPECT_EQ(refs.Page(refs.total(), page.data(), 5), 0);
      }
    }
  }
}

// What is checked, precisely, for every pz cell Explain calls untouched
// (a remainder or gap row/column):
//   eq 4  no forward term reads pz there;
//   eq 5  no weight-slide term of a *weight* (m < k1, n < k2) reads it — only
//         the ρ extra positions, which belong to no weight, may;
//   eq 8  no scatter term writes ∂L/∂pz there, and every pδ operand of its
//         slide window is a structural zero (inserted, frame or remainder),
//         never a δ value; the engine's gradient there is exactly 0.
// And every other pz cell is read by at least one forward window.
TEST_P(LookupSweep, RemainderAndGapCellsAreReadByNoStep) {
  const ConvShape& s = shape();
  const TensorId pz = CanonicalTensor(s, TensorId::kInputPadded);
  const TensorId gpz = CanonicalTensor(s, TensorId::kGradInputPadded);
  for (const Cell& c : CellsOf(s, TensorId::kInputPadded)) {
    Cell pc = c, gc = c;
    pc.tensor = pz;
    gc.tensor = gpz;
    const Explanation e = Explain(s, c);
    const auto& reads = reads_[Key(s, pc)];
    bool forward = false;
    for (const auto& [scene, stage, w, t] : reads) {
      if (scene == int(Scene::kForward)) forward = true;
      if (scene == int(Scene::kWeight) && e.untouched) {
        const Step st = StepAt(problem_, results_, Scene::kWeight, Stage::kSlide, w,
                               Granularity::kWindow, StepOptions{false, 0});
        EXPECT_TRUE(st.no_weight) << CellSymbol(c, Form::kPlain);
      }
    }
    EXPECT_EQ(forward, !e.untouched) << CellSymbol(c, Form::kPlain);
    if (!e.untouched) continue;
    EXPECT_TRUE(e.Has(Reason::kRemainderRow) || e.Has(Reason::kRemainderCol) ||
                e.Has(Reason::kGapRow) || e.Has(Reason::kGapCol) || e.Has(Reason::kHoleRow) ||
                e.Has(Reason::kHoleCol));
    for (const auto& [scene, stage, w, t] : writes_[Key(s, gc)])
      EXPECT_NE(stage, int(Stage::kScatter)) << CellSymbol(c, Form::kPlain);
    // The eq-8 slide window and the (empty) column of C only.
    EXPECT_EQ(Writers(s, gc).total(), 2u);
    const Step st = StepAt(problem_, results_, Scene::kInput, Stage::kSlide,
                           Writers(s, gc).At(0).window, Granularity::kWindow);
    for (const Term& term : st.terms) EXPECT_NE(term.b.kind, CellKind::kValue);
    const StepRef column = Writers(s, gc).At(1);
    EXPECT_EQ(column.stage, Stage::kTransposedProduct);
    const Step col = StepAt(problem_, results_, Scene::kMatrix, Stage::kTransposedProduct,
                            column.window, Granularity::kWindow);
    for (const Term& term : col.terms)  // no row of C: every slot is a zero of pδ
      EXPECT_EQ(term.b.cell.tensor, TensorId::kGradOutputPadded) << CellSymbol(c, Form::kPlain);
    EXPECT_EQ(CellValue(problem_, results_, gc), 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, LookupSweep, ::testing::ValuesIn(ShapeSweep()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(Explain, RemainderGapAndPadding) {
  // 6×6, k2, s3, p1: Hp = 8, H' = 3, windows rows {0,1},{3,4},{6,7}: gaps 2, 5.
  // 7 wide, k2, s2, p0: Wp = 7, W' = 3, windows cols ..{4,5}: col 6 remainder.
  const ConvShape s{1, 6, 7, 1, 2, 2, 3, 2, 1, 0};
  auto ex = [&](TensorId t, int y, int x) { return Explain(s, Cell::Of(t, 0, y, x)); };
  EXPECT_TRUE(ex(TensorId::kGradInputPadded, 2, 0).Has(Reason::kGapRow));
  EXPECT_TRUE(ex(TensorId::kGradInputPadded, 2, 0).untouched);
  EXPECT_TRUE(ex(TensorId::kGradInputPadded, 0, 6).Has(Reason::kRemainderCol));
  EXPECT_TRUE(ex(TensorId::kGradInputPadded, 0, 6).Has(Reason::kPaddingBorder));
  EXPECT_FALSE(ex(TensorId::kGradInputPadded, 1, 1).untouched);
  EXPECT_EQ(ex(TensorId::kGradInputPadded, 1, 1).size, 0);
  // grad_input[0,1,0] is pz row 2: the gap.
  EXPECT_TRUE(ex(TensorId::kGradInput, 1, 0).Has(Reason::kGapRow));
  EXPECT_TRUE(ex(TensorId::kInput, 4, 6).Has(Reason::kGapRow));
  EXPECT_TRUE(ex(TensorId::kInput, 4, 6).Has(Reason::kRemainderCol));
  const Explanation e = ex(TensorId::kGradInput, 1, 6);
  EXPECT_EQ(ExplanationText(e, Lang::kEn).find("a gap row"), 0u);
  EXPECT_NE(ExplanationText(e, Lang::kZh).find("余数列"), std::string::npos);
}

TEST(Explain, ZerosOfTheDerivedRoute) {
  // k3, s2 on 5×6: H' = 2, W' = 2, ρ = (0, 1); δ^{l_padding} 3×3; pδ 7×8.
  const ConvShape s{1, 5, 6, 1, 3, 3, 2, 2, 0, 0};
  auto kind = [&](int y, int x) {
    return ClassifyCell(s, Cell::Of(TensorId::kGradOutputPadded, 0, y, x));
  };
  EXPECT_EQ(kind(0, 0), CellKind::kFrameZero);
  EXPECT_EQ(kind(2, 2), CellKind::kValue);
  EXPECT_EQ(kind(2, 3), CellKind::kInsertedZero);
  EXPECT_EQ(kind(6, 2), CellKind::kFrameZero);
  EXPECT_EQ(kind(2, 7), CellKind::kRemainderZero);
  EXPECT_TRUE(
      Explain(s, Cell::Of(TensorId::kGradOutputPadded, 0, 2, 7)).Has(Reason::kRemainderZero));
  EXPECT_TRUE(
      Explain(s, Cell::Of(TensorId::kGradOutputDilated, 0, 1, 0)).Has(Reason::kInsertedZero));
  EXPECT_TRUE(Explain(s, Cell::Of(TensorId::kWeightPositions, 0, 0, 0, 3)).Has(Reason::kNoWeight));
}

TEST(Explain, ValueZeros) {
  // δ = 0 except δ[0,0,0] = 1; input all 1; W = [[1, −1]]: grad_input cells
  // under window (0,0) get W values, others get products that are all 0.
  Problem<double> p =
      ZeroProblem<double>(ConvShape{1, 2, 4, 1, 1, 2, 1, 2, 0, 0}, LossKind::kGivenGrad);
  p.input.Fill(1);
  p.weight(0, 0, 0, 0) = 1;
  p.weight(0, 0, 0, 1) = -1;
  p.loss_tensor(0, 0, 0) = 1;
  const Results<double> r = Compute(p);
  EXPECT_TRUE(
      ExplainValue(p, r, Cell::Of(TensorId::kGradInput, 0, 1, 1)).Has(Reason::kAllProductsZero));
  EXPECT_EQ(ExplainValue(p, r, Cell::Of(TensorId::kGradInput, 0, 0, 0)).size, 0);
  // z = x·1 + x·(−1) = 0 with non-zero products: they cancel.
  EXPECT_TRUE(ExplainValue(p, r, Cell::Of(TensorId::kOutput, 0, 0, 0)).Has(Reason::kTermsCancel));
}

TEST(Lookup, BigLayerIsPagedNotMaterialised) {
  const ConvShape s{3, 224, 224, 64, 7, 7, 2, 2, 3, 3};
  const CellRefs w = Readers(s, Cell::Of(TensorId::kWeight, 5, 1, 3, 3));
  // forward: all 112·112 windows of channel 5; rotate: 1; scatter: 112·112;
  // matrix: the 112·112 rows of C of channel 5 and the 230·230 columns of
  // input channel 1 (every column has a slot for each tap).
  EXPECT_EQ(w.total(), 3u * 112 * 112 + 1 + 230 * 230);
  const StepRef last_scatter = w.At(3u * 112 * 112 + 1 - 1 - 112 * 112);
  EXPECT_EQ(last_scatter.stage, Stage::kScatter);
  EXPECT_EQ(last_scatter.window, ((1u * 64 + 5) * 112 + 111) * 112 + 111);
  const StepRef last = w.At(w.total() - 1);
  EXPECT_EQ(last.stage, Stage::kTransposedProduct);
  EXPECT_EQ(last.window, (1u * 230 + 229) * 230 + 229);
  const CellRefs g = Writers(s, Cell::Of(TensorId::kGradInputPadded, 2, 100, 101));
  // slide window + 64 channels × ⌈7/2⌉ × ⌈7/2⌉ covering scatter windows +
  // the column of C.
  EXPECT_EQ(g.total(), 1u + 64 * 4 * 3 + 1);
}

}  // namespace
}  // namespace convbp::steps

namespace convbp::steps {
namespace {

// A layer too big for the brute-force scan: sampled window steps of every
// stage must be found, with the right term, in the lookups of every cell
// they read and write; and Find says no for the neighbouring windows that
// do not touch the cell.
bool IsCellOperand(const Cell& c) {
  return c.tensor != TensorId::kOne && c.tensor != TensorId::kNone;
}

TEST(Lookup, SampledStepsAreFoundInTheirCellsLookups) {
  const ConvShape s{3, 23, 26, 5, 4, 3, 3, 2, 2, 1};
  const Problem<double> p = testing::RandomProblem(s, 21);
  const Results<double> r = Compute(p);
  std::mt19937_64 rng(5);
  Step st;
  auto expect_found = [&](const CellRefs& refs, Scene scene, Stage stage, uint64_t w, int64_t term,
                          const Cell& cell) {
    const auto ref = refs.Find(scene, stage, w);
    ASSERT_TRUE(ref) << CellSymbol(cell, Form::kPlain) << " window " << w;
    if (term < 0) {
      EXPECT_EQ(ref->term_count, 0u);
    } else {
      EXPECT_LE(ref->first_term, uint64_t(term));
      EXPECT_LT(uint64_t(term), ref->first_term + ref->term_count)
          << CellSymbol(cell, Form::kPlain);
    }
  };
  for (const auto& [scene, stage] : testing::AllStages(s)) {
    const uint64_t n = StepCount(s, scene, stage, Granularity::kWindow);
    for (int sample = 0; sample < 40; ++sample) {
      const uint64_t w = rng() % n;
      StepAt(p, r, scene, stage, w, Granularity::kWindow, &st, StepOptions{false, 0});
      if (st.is_move) {
        expect_found(Readers(s, st.move.from), scene, stage, w, 0, st.move.from);
        expect_found(Writers(s, st.move.to), scene, stage, w, 0, st.move.to);
        continue;
      }
      if (st.stage != Stage::kScatter)
        expect_found(Writers(s, st.target), scene, stage, w, 0, st.target);
      for (uint64_t t = 0; t < st.terms.size(); t += 7) {
        const Term& term = st.terms[t];
        // The overlap stage's operands are the constant 1 or no cell: they read nothing.
        if (IsCellOperand(term.a.cell))
          expect_found(Readers(s, term.a.cell), scene, stage, w, int64_t(t), term.a.cell);
        if (term.b.cell.tensor != TensorId::kOne)
          expect_found(Readers(s, term.b.cell), scene, stage, w, int64_t(t), term.b.cell);
        if (term.target.tensor != TensorId::kNone)
          expect_found(Writers(s, term.target), scene, stage, w, int64_t(t), term.target);
      }
      // A window that touches none of the first term's a-cell's refs is not found.
      if (!st.terms.empty() && IsCellOperand(st.terms[0].a.cell)) {
        const CellRefs refs = Readers(s, st.terms[0].a.cell);
        for (uint64_t other : {w + 1, w == 0 ? n - 1 : w - 1}) {
          if (other >= n) continue;
          const Step o =
              StepAt(p, r, scene, stage, other, Granularity::kWindow, StepOptions{false, 0});
          bool reads = false;
          for (const Term& t : o.terms)
            reads = reads || t.a.cell == st.terms[0].a.cell || t.b.cell == st.terms[0].a.cell;
          EXPECT_EQ(refs.Find(scene, stage, other).has_value(), reads);
        }
      }
    }
  }
}

}  // namespace
}  // namespace convbp::steps

namespace convbp::steps {
namespace {

// Windows at rows 0, 3, 6 (s1 = 3) with taps 2 apart (D1 = 2, k1 = 2) read
// rows 0, 2, 3, 5, 6, 8: rows 1, 4, 7 are holes, read by no step at all.
TEST(LookupHoles, DilationHolesAreExplainedAndReadByNothing) {
  const ConvShape s{1, 9, 4, 1, 2, 1, 3, 1, 0, 0, 2, 1, 1};
  ASSERT_EQ(ValidateShape(s), "");
  for (int y = 0; y < s.Hp(); ++y) {
    const Cell c = Cell::Of(TensorId::kInput, 0, y, 1);
    const Explanation e = Explain(s, c);
    const bool hole = y % 3 == 1;
    EXPECT_EQ(e.Has(Reason::kHoleRow), hole) << y;
    EXPECT_EQ(e.untouched, hole) << y;
    if (hole) EXPECT_EQ(Readers(s, c).total(), 0u) << y;
    else EXPECT_GT(Readers(s, c).total(), 0u) << y;
  }
}

}  // namespace
}  // namespace convbp::steps
