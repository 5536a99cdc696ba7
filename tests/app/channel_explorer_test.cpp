// The channel explorer (issue 14): which window each stage shows for a
// channel pair, the focus it puts on every scene, and eq 8's sum split by
// output channel — each checked against the step model or brute-force loops.
#include "channel_explorer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "app_state.h"
#include "engine.h"
#include "presets.h"
#include "started.h"
#include "state_link.h"

namespace convbp::app {
namespace {

using steps::Scene;
using steps::Stage;
using steps::TensorId;

// Groups, padding, stride, dilation and a remainder all at once: 4 input
// channels, 6 output channels in 2 groups.
ConvShape GroupedShape() {
  ConvShape s;
  s.c_in = 4, s.h = 7, s.w = 6, s.c_out = 6, s.k1 = 3, s.k2 = 2, s.s1 = 2, s.s2 = 1;
  s.p1 = 1, s.p2 = 0, s.d1 = 2, s.d2 = 1, s.groups = 2;
  return s;
}

// What channel(s) a step works on, read off the step model's own cells.
struct Channels {
  int c = -1, d = -1;
};
Channels ChannelsOfStep(const ConvShape& s, const steps::Step& st) {
  Channels ch;
  auto note = [&](const steps::Cell& cell) {
    switch (cell.tensor) {
      case TensorId::kInput:
      case TensorId::kInputPadded:
      case TensorId::kGradInput:
      case TensorId::kGradInputPadded: ch.c = cell.idx[0]; break;
      case TensorId::kOutput:
      case TensorId::kGradOutput:
      case TensorId::kGradOutputDilated:
      case TensorId::kGradBias:
      case TensorId::kBias: ch.d = cell.idx[0]; break;
      case TensorId::kWeight:
      case TensorId::kWeightRot180:
      case TensorId::kGradWeight:
      case TensorId::kWeightPositions:
        ch.d = cell.idx[0], ch.c = s.InputChannel(cell.idx[0], cell.idx[1]);
        break;
      default: break;
    }
  };
  if (st.is_move) note(st.move.from), note(st.move.to);
  note(st.target);
  // The forward window sums over every c' of d's group and eq 8's slide
  // over every d' of c's group: only eq 5's windows and the scatter's read
  // one pair (eq 8's slide is checked apart).
  if (st.stage == Stage::kScatter || (st.scene == Scene::kWeight && st.stage == Stage::kSlide))
    for (const steps::Term& t : st.terms) note(t.a.cell), note(t.b.cell);
  return ch;
}

TEST(ChannelExplorer, GroupsLeaveOffDiagonalPairsUnconnected) {
  const ConvShape s = GroupedShape();
  int connected = 0;
  for (int c = 0; c < s.c_in; ++c)
    for (int d = 0; d < s.c_out; ++d) {
      // Group of c: c div (C_in/g) = c div 2; of d: d div (C_out/g) = d div 3.
      EXPECT_EQ(PairConnected(s, {c, d}), c / 2 == d / 3) << c << "," << d;
      connected += PairConnected(s, {c, d});
    }
  EXPECT_EQ(connected, 2 * 2 * 3);  // g blocks of (C_in/g) × (C_out/g)
  EXPECT_FALSE(PairConnected(s, {4, 0}));
}

TEST(ChannelExplorer, EveryStageStartsAtAWindowOfThePair) {
  const ConvShape s = GroupedShape();
  ASSERT_EQ(ValidateShape(s), "");
  const Problem<double> p =
      MakePresetProblem(s, ValuePreset::kSmallIntegers, 3, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  for (Scene scene : {Scene::kForward, Scene::kBias, Scene::kWeight, Scene::kInput, Scene::kMatrix})
    for (Stage stage : steps::StagesOf(s, scene))
      for (int c = 0; c < s.c_in; ++c)
        for (int d = 0; d < s.c_out; ++d) {
          // The overlap count is one picture for every channel pair.
          if (!PairConnected(s, {c, d}) || stage == Stage::kOverlap) continue;
          const uint64_t w = WindowOfPair(s, scene, stage, {c, d}, 0);
          const steps::Step st = steps::StepAt(p, r, scene, stage, w, steps::Granularity::kWindow);
          const Channels ch = ChannelsOfStep(s, st);
          SCOPED_TRACE(std::string(steps::SceneName(scene)) + "/" + steps::StageName(stage) +
                       " c=" + std::to_string(c) + " d=" + std::to_string(d));
          // Stages by output channel name only d; by input channel only c.
          if (ch.d >= 0) {
            EXPECT_EQ(ch.d, d);
          }
          if (ch.c >= 0) {
            EXPECT_EQ(ch.c, c);
          }
          EXPECT_TRUE(ch.c >= 0 || ch.d >= 0);
          if (scene == Scene::kInput && stage == Stage::kSlide) {
            bool reads_d = false;  // eq 8: output channel d is one of the sum's layers
            for (const steps::Term& t : st.terms) reads_d |= t.b.cell.idx[0] == d;
            EXPECT_TRUE(reads_d);
          }
          // The pair's first window is the slice's first: the window before
          // it (if any) belongs to another slice.
          if (w > 0) {
            const steps::Step before =
                steps::StepAt(p, r, scene, stage, w - 1, steps::Granularity::kWindow);
            const Channels b = ChannelsOfStep(s, before);
            EXPECT_TRUE(b.c != ch.c || b.d != ch.d);
          }
        }
}

TEST(ChannelExplorer, ChangingThePairKeepsThePlaceInsideTheSlice) {
  const ConvShape s = GroupedShape();
  const Problem<double> p =
      MakePresetProblem(s, ValuePreset::kSmallIntegers, 3, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  // Forward window (d=1, i=2, j=3) moved to d = 4: (4, 2, 3).
  const uint64_t from = (1ull * s.Ho() + 2) * s.Wo() + 3;
  const uint64_t to = WindowOfPair(s, Scene::kForward, Stage::kSlide, {3, 4}, from);
  const steps::Step st =
      steps::StepAt(p, r, Scene::kForward, Stage::kSlide, to, steps::Granularity::kWindow);
  EXPECT_EQ(st.target, steps::Cell::Of(TensorId::kOutput, 4, 2, 3));
  // Eq 8 window (c=0, y=5, x=1) moved to c = 2: (2, 5, 1).
  const uint64_t from8 = (0ull * s.Hp() + 5) * s.Wp() + 1;
  const uint64_t to8 = WindowOfPair(s, Scene::kInput, Stage::kSlide, {2, 3}, from8);
  const steps::Step st8 =
      steps::StepAt(p, r, Scene::kInput, Stage::kSlide, to8, steps::Granularity::kWindow);
  EXPECT_EQ(st8.target, steps::Cell::Of(TensorId::kGradInputPadded, 2, 5, 1));
}

// Eq 8 by definition (the scatter view): output channel d adds
// δ_{d,i,j}·W_{m,n,c,d} to ∂L/∂pz_{c,y,x} wherever y = i·s1 + m·D1 and
// x = j·s2 + n·D2.
double ContributionOfD(const ConvShape& s, const Problem<double>& p, const Results<double>& r,
                       int c, int y, int x, int d) {
  double sum = 0;
  for (int m = 0; m < s.k1; ++m)
    for (int n = 0; n < s.k2; ++n)
      for (int i = 0; i < s.Ho(); ++i)
        for (int j = 0; j < s.Wo(); ++j)
          if (i * s.s1 + m * s.d1 == y && j * s.s2 + n * s.d2 == x)
            sum += r.grad_output(d, i, j) * p.weight(d, s.LocalInput(c), m, n);
  return sum;
}

TEST(ChannelExplorer, EqEightSplitsIntoOneLayerPerOutputChannel) {
  const ConvShape s = GroupedShape();
  const Problem<double> p = MakePresetProblem(s, ValuePreset::kRandom, 5, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  // Eq 8's slide and the rows of Cᵀ (the matrix scene) split alike.
  for (const auto& [scene, stage] : {std::pair{Scene::kInput, Stage::kSlide},
                                     std::pair{Scene::kMatrix, Stage::kTransposedProduct}})
    for (uint64_t w = 0; w < steps::WindowCount(s, scene, stage); ++w) {
      const steps::Step st = steps::StepAt(p, r, scene, stage, w, steps::Granularity::kWindow);
      const OutputChannelSplit split = SplitByOutputChannel(s, st);
      ASSERT_EQ(split.d.size(), size_t(s.GroupOutChannels()));
      const int c = split.c, y = split.y, x = split.x;
      double total = 0;
      for (size_t k = 0; k < split.d.size(); ++k) {
        EXPECT_EQ(s.GroupOf(split.d[k]), s.GroupOfInput(c));
        EXPECT_NEAR(split.contribution[k], ContributionOfD(s, p, r, c, y, x, split.d[k]), 1e-9);
        total += split.contribution[k];
      }
      EXPECT_NEAR(total, r.grad_input_padded(c, y, x), 1e-9);
      EXPECT_NEAR(split.total, r.grad_input_padded(c, y, x), 1e-9);
    }
  // Another stage has no such split.
  const steps::Step other =
      steps::StepAt(p, r, Scene::kForward, Stage::kSlide, 0, steps::Granularity::kWindow);
  EXPECT_TRUE(SplitByOutputChannel(s, other).d.empty());
}

std::vector<std::string> GroupedFlags() {
  return {"--input",   "4x7x6", "--out-channels", "6",   "--kernel", "3x2", "--stride", "2x1",
          "--padding", "1x0",   "--dilation",     "2x1", "--groups", "2"};
}

TEST(ChannelExplorer, ClickingAPairFocusesEveryScene) {
  std::vector<std::string> flags = GroupedFlags();
  flags.insert(flags.end(), {"--scene", "weight", "--stage", "slide"});
  AppState s = Started(flags);
  ASSERT_TRUE(FocusChannelPair(s, {3, 4}));  // c = 3 is c' = 1 of group 1; d = 4 is in group 1
  ApplyPendingChanges(s);
  EXPECT_EQ(s.derived.current.target, steps::Cell::Of(TensorId::kGradWeight, 4, 1, 0, 0));
  // The input scene's slide, reached by the stage buttons, starts at c = 3.
  SetScene(s, Scene::kInput);
  SetStage(s, Stage::kSlide);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.derived.current.target.idx[0], 3);
  EXPECT_EQ(s.derived.current.target.tensor, TensorId::kGradInputPadded);
  // The scatter: window (c = 3, d' = 1, 0, 0) reads δ[4, 0, 0].
  SetStage(s, Stage::kScatter);
  ApplyPendingChanges(s);
  bool reads = false;
  for (const steps::Term& t : s.derived.current.terms)
    reads |= t.a.cell == steps::Cell::Of(TensorId::kGradOutput, 4, 0, 0) ||
             t.b.cell == steps::Cell::Of(TensorId::kGradOutput, 4, 0, 0);
  EXPECT_TRUE(reads);
  // MAC granularity lands on the window's first MAC.
  SetGranularity(s, steps::Granularity::kMac);
  SetScene(s, Scene::kForward);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.derived.current.target.idx[0], 4);
  EXPECT_EQ(s.derived.current.term, 0u);
}

TEST(ChannelExplorer, UnconnectedPairsAndVanishedChannelsAreRefused) {
  AppState s = Started(GroupedFlags());
  EXPECT_FALSE(FocusChannelPair(s, {0, 5}));  // group 0 input, group 1 output
  EXPECT_FALSE(s.nav.pair.has_value());
  ASSERT_TRUE(FocusChannelPair(s, {3, 5}));
  // Fewer input channels: the pair is gone, and the stages start at 0 again.
  s.controls.edit_shape.c_in = 2;
  s.dirty.problem = true;
  ApplyPendingChanges(s);
  EXPECT_FALSE(s.nav.pair.has_value());
}

// The picked pair travels in links (state_link.h) like the place does.
TEST(ChannelExplorer, ThePairRoundTripsThroughALink) {
  std::vector<std::string> flags = GroupedFlags();
  flags.insert(flags.end(), {"--scene", "input", "--stage", "slide"});
  AppState s = Started(flags);
  ASSERT_TRUE(FocusChannelPair(s, {2, 5}));
  ApplyPendingChanges(s);
  const std::string link = LinkToState(s, "");
  EXPECT_NE(link.find("pair=2x5"), std::string::npos) << link;
  LaunchOptions o;
  EXPECT_TRUE(ApplyLink(link, o).empty());
  AppState back;
  std::vector<std::string> warnings;
  InitFromLinkOptions(back, o, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_TRUE(back.nav.pair.has_value());
  EXPECT_EQ(*back.nav.pair, (ChannelPair{2, 5}));
  EXPECT_EQ(back.derived.current.target, s.derived.current.target);
  // A pair the layer does not connect is named and dropped; the rest loads.
  LaunchOptions bad;
  EXPECT_TRUE(ApplyLink("?input=4x7x6&out-channels=6&groups=2&pair=0x5", bad).empty());
  AppState partial;
  InitFromLinkOptions(partial, bad, warnings);
  EXPECT_FALSE(warnings.empty());
  EXPECT_FALSE(partial.nav.pair.has_value());
  EXPECT_EQ(partial.problem.shape.groups, 2);
}

}  // namespace
}  // namespace convbp::app
