// Step-model invariants over a sweep of shapes: closed-form counts, every
// window's terms summing to the engine's value, replaying all steps
// reproducing every tensor, MAC steps agreeing with their windows.
#include "step.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "notation.h"
#include "steps_test_util.h"

namespace convbp::steps {
namespace {

using testing::AllStages;
using testing::Case;
using testing::RandomProblem;
using testing::ShapeSweep;

class StepSweep : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    problem_ = RandomProblem(GetParam().shape, 7);
    results_ = Compute(problem_);
  }
  const ConvShape& shape() const { return problem_.shape; }
  Problem<double> problem_;
  Results<double> results_;
};

double Tol(double v) { return 1e-12 * (1 + std::fabs(v)) * 64; }

TEST_P(StepSweep, CountsMatchClosedForms) {
  const ConvShape& s = shape();
  const uint64_t out = uint64_t(s.c_out) * s.Ho() * s.Wo();
  const uint64_t k = uint64_t(s.k1) * s.k2;
  // The stride-D slide of eq 5 fits ρ div D positions past the k weights.
  const uint64_t positions = uint64_t(s.k1 + s.rho1() / s.d1) * (s.k2 + s.rho2() / s.d2);
  // Groups: each output channel reads C_in/g inputs, each input feeds C_out/g outputs.
  const uint64_t cig = uint64_t(s.c_in / s.groups), cog = uint64_t(s.c_out / s.groups);
  struct Want {
    Scene scene;
    Stage stage;
    uint64_t windows, macs;
  };
  std::vector<Want> want = {
      {Scene::kForward, Stage::kSlide, out, out * cig * k},
      {Scene::kBias, Stage::kSum, uint64_t(s.c_out), out},
      {Scene::kWeight, Stage::kDilate, out, out},
      {Scene::kWeight, Stage::kSlide, uint64_t(s.c_out) * cig * positions,
       uint64_t(s.c_out) * cig * positions * s.Ho() * s.Wo()},
      {Scene::kInput, Stage::kDilate, out, out},
      {Scene::kInput, Stage::kPad, uint64_t(s.c_out) * s.DilatedH() * s.DilatedW(),
       uint64_t(s.c_out) * s.DilatedH() * s.DilatedW()},
      {Scene::kInput, Stage::kRotate, uint64_t(s.c_out) * cig * k, uint64_t(s.c_out) * cig * k},
      {Scene::kInput, Stage::kSlide, uint64_t(s.c_in) * s.Hp() * s.Wp(),
       uint64_t(s.c_in) * s.Hp() * s.Wp() * cog * k},
      {Scene::kInput, Stage::kScatter, uint64_t(s.c_in) * cog * s.Ho() * s.Wo(),
       uint64_t(s.c_in) * cog * s.Ho() * s.Wo() * k},
      {Scene::kInput, Stage::kOverlap, uint64_t(s.Hp()) * s.Wp(), uint64_t(s.Hp()) * s.Wp() * k},
      // One window per row of C, one MAC per entry; one window per column,
      // one MAC per slot (C_out/g·k1·k2 taps that could read the cell).
      {Scene::kMatrix, Stage::kProduct, out, out * cig * k},
      {Scene::kMatrix, Stage::kTransposedProduct, uint64_t(s.c_in) * s.Hp() * s.Wp(),
       uint64_t(s.c_in) * s.Hp() * s.Wp() * cog * k},
  };
  const bool padded = s.p1 > 0 || s.p2 > 0;
  if (padded)
    want.push_back(
        {Scene::kInput, Stage::kCrop, uint64_t(s.c_in) * s.h * s.w, uint64_t(s.c_in) * s.h * s.w});
  EXPECT_EQ(HasStage(s, Scene::kInput, Stage::kCrop), padded);
  EXPECT_EQ(AllStages(s).size(), want.size());
  for (const Want& w : want) {
    SCOPED_TRACE(std::string(SceneName(w.scene)) + "/" + StageName(w.stage));
    ASSERT_TRUE(HasStage(s, w.scene, w.stage));
    EXPECT_EQ(StepCount(s, w.scene, w.stage, Granularity::kWindow), w.windows);
    EXPECT_EQ(StepCount(s, w.scene, w.stage, Granularity::kMac), w.macs);
  }
}

TEST_P(StepSweep, WindowTermsSumToEngineValue) {
  const ConvShape& s = shape();
  Step st;
  for (const auto& [scene, stage] : AllStages(s)) {
    if (IsMoveStage(stage)) continue;
    const uint64_t n = StepCount(s, scene, stage, Granularity::kWindow);
    for (uint64_t w = 0; w < n; ++w) {
      StepAt(problem_, results_, scene, stage, w, Granularity::kWindow, &st);
      ASSERT_EQ(st.terms.size(), MacsPerWindow(s, scene, stage));
      double sum = st.has_bias ? st.bias : 0;
      for (const Term& t : st.terms) {
        EXPECT_EQ(t.product, t.a.value * t.b.value);
        EXPECT_EQ(t.a.value, CellValue(problem_, results_, t.a.cell));
        EXPECT_EQ(t.b.value, CellValue(problem_, results_, t.b.cell));
        sum += t.product;
      }
      EXPECT_NEAR(st.sum, sum, Tol(sum));
      if (stage != Stage::kScatter) {
        // The target's engine value (bias included for forward).
        const double engine = CellValue(problem_, results_, st.target);
        EXPECT_NEAR(sum, engine, Tol(engine)) << CellSymbol(st.target, Form::kPlain);
      }
      EXPECT_EQ(st.has_bias, scene == Scene::kForward || stage == Stage::kProduct);
      EXPECT_EQ(st.no_weight, st.target.tensor == TensorId::kWeightPositions);
    }
  }
}

// StepOptions::max_terms keeps fewer Terms but changes neither the sum nor
// the formulas, which make the missing terms again on demand.
TEST_P(StepSweep, MaxTermsKeepsSumAndFormulas) {
  const ConvShape& s = shape();
  Step full, capped;
  StepOptions cap;
  cap.max_terms = 2;
  for (const auto& [scene, stage] : AllStages(s)) {
    if (IsMoveStage(stage)) continue;
    const uint64_t n = StepCount(s, scene, stage, Granularity::kWindow);
    for (uint64_t w = 0; w < n; w += 3) {
      StepAt(problem_, results_, scene, stage, w, Granularity::kWindow, &full);
      StepAt(problem_, results_, scene, stage, w, Granularity::kWindow, &capped, cap);
      ASSERT_EQ(capped.terms.size(), std::min<uint64_t>(2, full.terms.size()));
      EXPECT_EQ(capped.sum, full.sum);
      EXPECT_EQ(capped.formula[0].indices, full.formula[0].indices);
      EXPECT_EQ(capped.formula[1].numbers, full.formula[1].numbers);
    }
  }
}

// Replays every step of every scene into fresh tensors: window targets get
// their terms (and bias), scatter terms go to their own targets, moves copy
// values. Each rebuilt tensor must equal the engine's.
TEST_P(StepSweep, ReplayReproducesEveryTensor) {
  const ConvShape& s = shape();
  // Separate replays for the two views of eq 8 (slide vs scatter).
  std::map<std::pair<TensorId, bool>, Tensor<double>> replay;
  auto tensor = [&](TensorId id, bool scatter) -> Tensor<double>& {
    auto it = replay.find({id, scatter});
    if (it == replay.end()) {
      const Dims d = TensorDims(s, id);
      it = replay
               .emplace(std::pair{id, scatter},
                        Tensor<double>(std::vector<int>(d.d.begin(), d.d.begin() + d.rank)))
               .first;
    }
    return it->second;
  };
  auto at = [](Tensor<double>& t, const Cell& c) -> double& {
    return t[t.OffsetOf(std::vector<int>(c.idx.begin(), c.idx.begin() + c.rank))];
  };
  Step st;
  for (const auto& [scene, stage] : AllStages(s)) {
    const bool scatter = stage == Stage::kScatter;
    const uint64_t n = StepCount(s, scene, stage, Granularity::kWindow);
    for (uint64_t w = 0; w < n; ++w) {
      StepAt(problem_, results_, scene, stage, w, Granularity::kWindow, &st, StepOptions{false, 0});
      if (st.is_move) {
        at(tensor(st.move.to.tensor, false), st.move.to) = st.move.value;
        continue;
      }
      if (scatter) {
        for (const Term& t : st.terms) {
          double& cell = at(tensor(t.target.tensor, true), t.target);
          cell += t.product;
          EXPECT_NEAR(cell, t.accumulated, Tol(cell)) << CellSymbol(t.target, Form::kPlain);
        }
        continue;
      }
      double& cell = at(tensor(st.target.tensor, false), st.target);
      cell = st.has_bias ? st.bias : 0;
      for (const Term& t : st.terms) cell += t.product;
      if (st.target.tensor == TensorId::kGradWeight)  // also a position of eq 5
        at(tensor(TensorId::kWeightPositions, false), st.target) = cell;
      if (st.no_weight) at(tensor(TensorId::kWeightPositions, false), st.target) = cell;
    }
  }
  const TensorId gpz = CanonicalTensor(s, TensorId::kGradInputPadded);
  struct Expect {
    TensorId id;
    bool scatter;
    const Tensor<double>* engine;
  };
  const std::vector<Expect> expect = {
      {TensorId::kOutput, false, &results_.output},
      {TensorId::kGradBias, false, &results_.grad_bias},
      {TensorId::kGradOutputDilated, false, &results_.grad_output_dilated},
      {TensorId::kWeightPositions, false, &results_.weight_positions},
      {TensorId::kGradWeight, false, &results_.grad_weight},
      {TensorId::kGradOutputPadded, false, &results_.grad_output_padded},
      {TensorId::kWeightRot180, false, &results_.weight_rot180},
      {gpz, false, &results_.grad_input_padded},
      {gpz, true, &results_.grad_input_padded},
      {TensorId::kGradInput, false, &results_.grad_input},
      {TensorId::kWindowCount, false, &results_.window_count},
  };
  for (const Expect& e : expect) {
    SCOPED_TRACE(std::string(TensorName(e.id)) + (e.scatter ? " (scatter)" : ""));
    const Tensor<double>& got = tensor(e.id, e.scatter);
    ASSERT_EQ(got.dims(), e.engine->dims());
    for (size_t k = 0; k < got.size(); ++k)
      EXPECT_NEAR(got[k], (*e.engine)[k], Tol((*e.engine)[k]));
  }
}

// The overlap stage against brute force over every window and tap: N[0,y,x]
// counts the windows (i, j) with a tap (m, n) on (y, x), and each counted
// tap names exactly that window.
TEST_P(StepSweep, OverlapCountsEveryWindowWithATapOnTheCell) {
  const ConvShape& s = shape();
  std::map<std::pair<int, int>, std::vector<std::array<int, 4>>> readers;  // (y,x) → (i,j,m,n)
  for (int i = 0; i < s.Ho(); ++i)
    for (int j = 0; j < s.Wo(); ++j)
      for (int m = 0; m < s.k1; ++m)
        for (int n = 0; n < s.k2; ++n)
          readers[{i * s.s1 + m * s.d1, j * s.s2 + n * s.d2}].push_back({i, j, m, n});
  Step st;
  for (int y = 0; y < s.Hp(); ++y)
    for (int x = 0; x < s.Wp(); ++x) {
      StepAt(problem_, results_, Scene::kInput, Stage::kOverlap, uint64_t(y) * s.Wp() + x,
             Granularity::kWindow, &st);
      ASSERT_EQ(st.target, Cell::Of(TensorId::kWindowCount, 0, y, x));
      const auto& want = readers[{y, x}];
      EXPECT_EQ(st.sum, double(want.size())) << "N[" << y << "," << x << "]";
      size_t counted = 0;
      for (const auto& [i, j, m, n] : want) {
        const Term& t = st.terms[size_t(m * s.k2 + n)];
        EXPECT_EQ(t.window, Cell::Of(TensorId::kGradOutput, 0, i, j));
        EXPECT_EQ(t.product, 1);
        ++counted;
      }
      size_t windows = 0;
      for (const Term& t : st.terms) windows += t.window.tensor != TensorId::kNone;
      EXPECT_EQ(windows, counted);  // no tap names a window that does not read (y, x)
      // "no window reads it" exactly when the cell's gradient is structurally 0.
      EXPECT_EQ(st.note[0].find("no window") != std::string::npos, want.empty()) << st.note[0];
      // The scatter view's pushes into the cell: one per window and output
      // channel of its group (brute force: every (d, i, j, m, n) landing on
      // it for input channel 0), which a second student tour found said as
      // N on grouped layers.
      int pushes = 0;
      for (int d = 0; d < s.c_out; ++d)
        if (s.GroupOf(d) == s.GroupOfInput(0)) pushes += int(want.size());
      if (want.size() > 1) {
        const std::string said =
            s.GroupOutChannels() == 1
                ? "in the scatter view " + std::to_string(want.size()) + " windows add"
                : "in the scatter view " + std::to_string(pushes) + " pushes add";
        EXPECT_NE(st.note[0].find(said), std::string::npos) << st.note[0];
      }
    }
}

TEST_P(StepSweep, MacStepsAgreeWithTheirWindows) {
  const ConvShape& s = shape();
  Step win, mac;
  for (const auto& [scene, stage] : AllStages(s)) {
    SCOPED_TRACE(std::string(SceneName(scene)) + "/" + StageName(stage));
    const uint64_t macs = StepCount(s, scene, stage, Granularity::kMac);
    const uint64_t per = MacsPerWindow(s, scene, stage);
    for (uint64_t k = 0; k < macs; ++k) {
      const MacPos pos = MacToWindow(s, scene, stage, k);
      ASSERT_EQ(WindowToMac(s, scene, stage, pos.window, pos.term), k);
      ASSERT_LT(pos.term, per);
      if (pos.term == 0)
        StepAt(problem_, results_, scene, stage, pos.window, Granularity::kWindow, &win);
      StepAt(problem_, results_, scene, stage, k, Granularity::kMac, &mac);
      EXPECT_EQ(mac.window, pos.window);
      EXPECT_EQ(mac.term, pos.term);
      EXPECT_EQ(mac.target, win.target);
      if (IsMoveStage(stage)) {
        EXPECT_EQ(mac.move.from, win.move.from);
        EXPECT_EQ(mac.sum, win.sum);
        continue;
      }
      ASSERT_EQ(mac.terms.size(), 1u);
      const Term& t = mac.terms[0];
      const Term& w = win.terms[static_cast<size_t>(pos.term)];
      EXPECT_EQ(t.a.cell, w.a.cell);
      EXPECT_EQ(t.b.cell, w.b.cell);
      EXPECT_EQ(t.product, w.product);
      if (stage == Stage::kScatter) {
        EXPECT_EQ(mac.sum, w.accumulated);  // same function, same rounding
      } else {
        double running = win.has_bias ? win.bias : 0;
        for (uint64_t j = 0; j <= pos.term; ++j) running += win.terms[j].product;
        EXPECT_EQ(mac.sum, running);
        if (pos.term + 1 == per) {
          EXPECT_NEAR(mac.sum, win.sum, Tol(win.sum));
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, StepSweep, ::testing::ValuesIn(ShapeSweep()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(StepCounts, LargeLayersDoNotOverflow) {
  const ConvShape s{512, 256, 256, 512, 7, 7, 1, 1, 3, 3};
  const uint64_t want = uint64_t{512} * 256 * 256 * 512 * 49;  // ~8.4e11, > 2^32
  EXPECT_EQ(StepCount(s, Scene::kForward, Stage::kSlide, Granularity::kMac), want);
  EXPECT_GT(StepCount(s, Scene::kInput, Stage::kSlide, Granularity::kMac), uint64_t{1} << 32);
  const uint64_t mac = StepCount(s, Scene::kInput, Stage::kScatter, Granularity::kMac) - 1;
  const MacPos pos = MacToWindow(s, Scene::kInput, Stage::kScatter, mac);
  EXPECT_EQ(pos.term, 48u);
  EXPECT_EQ(WindowToMac(s, Scene::kInput, Stage::kScatter, pos.window, pos.term), mac);
}

TEST(StepNames, RoundTrip) {
  for (int k = 0; k < kSceneCount; ++k) {
    const auto scene = static_cast<Scene>(k);
    EXPECT_EQ(ParseScene(SceneName(scene)), scene);
    EXPECT_STRNE(SceneTitle(scene, Lang::kEn), SceneTitle(scene, Lang::kZh));
  }
  for (int k = 0; k < kStageCount; ++k) {
    const auto stage = static_cast<Stage>(k);
    EXPECT_EQ(ParseStage(StageName(stage)), stage);
    EXPECT_STRNE(StageTitle(stage, Lang::kEn), StageTitle(stage, Lang::kZh));
  }
  for (const char* name :
       {"input", "input_padded", "weight", "weight_rot180", "bias", "output", "grad_output",
        "grad_output_dilated", "grad_output_padded", "grad_input_padded", "grad_input",
        "grad_weight", "grad_bias", "weight_positions"}) {
    const auto id = ParseTensor(name);
    ASSERT_TRUE(id) << name;
    EXPECT_STREQ(TensorName(*id), name);
  }
  EXPECT_FALSE(ParseScene("backward"));
  EXPECT_FALSE(ParseTensor("one"));
}

// Hand-computed: input 1..9 (3×3), W = [[1, 0], [0, −1]], b = 0.5, s = 1.
//   z[0,0,0] = 0.5 + 1·1 + 0·2 + 0·4 + (−1)·5 = −3.5
class HandStep : public ::testing::Test {
 protected:
  void SetUp() override {
    p_ = ZeroProblem<double>(ConvShape{1, 3, 3, 1, 2, 2, 1, 1, 0, 0}, LossKind::kGivenGrad);
    for (int k = 0; k < 9; ++k) p_.input[static_cast<size_t>(k)] = k + 1;
    p_.weight(0, 0, 0, 0) = 1;
    p_.weight(0, 0, 1, 1) = -1;
    p_.bias(0) = 0.5;
    p_.loss_tensor.Fill(1);  // δ = 1 everywhere
    r_ = Compute(p_);
  }
  Problem<double> p_;
  Results<double> r_;
};

TEST_F(HandStep, ForwardWindowFormula) {
  const Step st = StepAt(p_, r_, Scene::kForward, Stage::kSlide, 0, Granularity::kWindow);
  EXPECT_EQ(st.sum, -3.5);
  EXPECT_EQ(st.formula[0].indices,
            "zˡ[0,0,0] = b[0] + W[0,0,0,0]·zˡ⁻¹[0,0,0] + W[0,1,0,0]·zˡ⁻¹[0,0,1] + "
            "W[1,0,0,0]·zˡ⁻¹[0,1,0] + W[1,1,0,0]·zˡ⁻¹[0,1,1] = −3.5");
  EXPECT_EQ(st.formula[0].numbers, "zˡ[0,0,0] = 0.5 + 1·1 + 0·2 + 0·4 + (−1)·5 = −3.5");
  EXPECT_EQ(st.formula[1].numbers, st.formula[0].numbers);
  EXPECT_TRUE(st.note[0].empty());
}

TEST_F(HandStep, MacFormulaIsTheRunningSum) {
  // MAC 1 of window 1 (z[0,0,1]): b + W[0,0,0,0]·z[0,0,1] + W[0,0,0,1]·z[0,0,2] = 0.5 + 2 + 0.
  const Step st = StepAt(p_, r_, Scene::kForward, Stage::kSlide, 5, Granularity::kMac);
  EXPECT_EQ(st.window, 1u);
  EXPECT_EQ(st.term, 1u);
  EXPECT_EQ(st.sum, 2.5);
  EXPECT_EQ(st.formula[0].numbers, "zˡ[0,0,1] = 0.5 + 1·2 + 0·3 = 2.5");
  EXPECT_EQ(st.note[0], "term 2 of 4; running sum");
  EXPECT_EQ(st.note[1], "第 2 项（共 4 项）；部分和");
}

TEST_F(HandStep, LongSumsShowTheirNonZeroProductsAndCountTheRest) {
  // Input slide window (0,1,1): 4 terms rot180W·pδ. rot180W is W turned,
  // so rot180W[0,0,0,0] = W[0,0,1,1] = −1 and rot180W[0,0,1,1] = W[0,0,0,0]
  // = 1; the other two kernel cells are 0. pδ = 1 inside its frame. Keep 2:
  // the two non-zero products, and the two with a zero factor counted.
  StepOptions opt;
  opt.max_formula_terms = 2;
  const Step st = StepAt(p_, r_, Scene::kInput, Stage::kSlide, 4, Granularity::kWindow, opt);
  EXPECT_EQ(st.formula[0].indices,
            "δˡ⁻¹[0,1,1] = rot₁₈₀W[0,0,0,0]·pδ[0,1,1] + rot₁₈₀W[1,1,0,0]·pδ[0,2,2] + 2 "
            "products with a zero factor = 0");
  EXPECT_EQ(st.formula[0].numbers,
            "δˡ⁻¹[0,1,1] = (−1)·1 + 1·1 + 2 products with a zero factor = 0");
  EXPECT_EQ(st.formula[1].numbers, "δˡ⁻¹[0,1,1] = (−1)·1 + 1·1 + 2 个含零因子的乘积 = 0");
}

TEST_F(HandStep, BiasSumAndMoves) {
  const Step bias = StepAt(p_, r_, Scene::kBias, Stage::kSum, 0, Granularity::kWindow);
  EXPECT_EQ(bias.sum, 4);
  EXPECT_EQ(bias.formula[0].indices,
            "∂L/∂b[0] = δˡ[0,0,0] + δˡ[0,0,1] + δˡ[0,1,0] + δˡ[0,1,1] = 4");
  const Step rot = StepAt(p_, r_, Scene::kInput, Stage::kRotate, 0, Granularity::kWindow);
  ASSERT_TRUE(rot.is_move);
  EXPECT_EQ(rot.move.to, Cell::Of(TensorId::kWeightRot180, 0, 0, 1, 1));
  EXPECT_EQ(rot.formula[0].indices, "rot₁₈₀W[1,1,0,0] ← W[0,0,0,0] = 1");
  EXPECT_EQ(rot.formula[0].numbers, "rot₁₈₀W[1,1,0,0] ← 1");
}

TEST(StepNotes, PadOfAnInsertedZeroAndNoWeightPositions) {
  // 5×5, k2, s2: H' = 2, ρ = 1 → positions 3×3, dilated δ 3×3.
  const Problem<double> p = RandomProblem(ConvShape{1, 5, 5, 1, 2, 2, 2, 2, 0, 0}, 3);
  const Results<double> r = Compute(p);
  const Step pad = StepAt(p, r, Scene::kInput, Stage::kPad, 1, Granularity::kWindow);
  EXPECT_EQ(pad.move.from, Cell::Of(TensorId::kGradOutputDilated, 0, 0, 1));
  EXPECT_EQ(pad.move.to, Cell::Of(TensorId::kGradOutputPadded, 0, 1, 2));
  EXPECT_EQ(pad.note[0], "an inserted zero");
  EXPECT_EQ(pad.sum, 0);
  const Step extra = StepAt(p, r, Scene::kWeight, Stage::kSlide, 8, Granularity::kWindow);
  EXPECT_TRUE(extra.no_weight);
  EXPECT_EQ(extra.target, Cell::Of(TensorId::kWeightPositions, 0, 0, 2, 2));
  EXPECT_NE(extra.note[0].find("belongs to no weight"), std::string::npos);
  EXPECT_NE(extra.note[1].find("不属于任何权重"), std::string::npos);
}

TEST(StepQuery, ChecksStagesAndRanges) {
  const ConvShape s{1, 5, 5, 1, 3, 3, 2, 2, 0, 0};
  EXPECT_EQ(CheckStepQuery(s, Scene::kForward, Stage::kSlide, 3, Granularity::kWindow), "");
  EXPECT_NE(CheckStepQuery(s, Scene::kForward, Stage::kSlide, 4, Granularity::kWindow), "");
  EXPECT_EQ(CheckStepQuery(s, Scene::kForward, Stage::kSlide, 35, Granularity::kMac), "");
  EXPECT_NE(CheckStepQuery(s, Scene::kInput, Stage::kCrop, 0, Granularity::kWindow)
                .find("crop needs padding"),
            std::string::npos);
  EXPECT_NE(CheckStepQuery(s, Scene::kBias, Stage::kSlide, 0, Granularity::kWindow), "");
}

}  // namespace
}  // namespace convbp::steps
