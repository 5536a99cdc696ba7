// Issue 13 in the app: dilation, groups and transposed mode travel through
// the flags, links and settings, the g slider offers only divisors, and a
// transposed layer's app state carries the same numbers as core's
// ComputeTransposed.
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "app_state.h"
#include "settings.h"
#include "started.h"
#include "state_link.h"

namespace convbp::app {
namespace {

TEST(ConvArgs, FlagsSetDilationGroupsModeAndOutputPadding) {
  const LaunchOptions o =
      Parsed({"--input", "4x6x7", "--out-channels", "2", "--dilation", "2x3", "--groups", "2",
              "--mode", "transposed", "--output-padding", "1x0"});
  EXPECT_EQ(o.shape.d1, 2);
  EXPECT_EQ(o.shape.d2, 3);
  EXPECT_EQ(o.shape.groups, 2);
  EXPECT_EQ(o.shape.mode, ConvMode::kTransposed);
  EXPECT_EQ(o.shape.op1, 1);
  EXPECT_EQ(o.shape.op2, 0);
  EXPECT_TRUE(o.shape_given);
}

TEST(ConvArgs, BadFlagValuesAreNamed) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--dilation", "0x1"},
                                               {"--dilation", "2"},
                                               {"--groups", "0"},
                                               {"--groups", "x"},
                                               {"--mode", "deconv"},
                                               {"--output-padding", "-1x0"}}) {
    LaunchOptions o;
    const std::string error = ParseLaunchOptions(args, o);
    EXPECT_EQ(error.rfind(args[0] + " '", 0), 0u) << error;
  }
}

// A layer the flags accept but ValidateShape refuses is refused at start-up
// with ValidateShape's own line.
TEST(ConvArgs, AnImpossibleLayerIsRefusedByName) {
  AppState s;
  const std::string why = InitFromLaunchOptions(
      s, Parsed({"--input", "3x5x5", "--out-channels", "2", "--groups", "2"}));
  EXPECT_NE(why.find("groups"), std::string::npos) << why;
}

TEST(ConvArgs, TheGroupSliderOffersExactlyTheCommonDivisors) {
  for (int c_in = 1; c_in <= 8; ++c_in)
    for (int c_out = 1; c_out <= 8; ++c_out) {
      ConvShape shape;
      shape.c_in = c_in, shape.c_out = c_out;
      std::vector<int> brute;
      for (int g = 1; g <= 8; ++g)
        if (c_in % g == 0 && c_out % g == 0) brute.push_back(g);
      EXPECT_EQ(GroupChoices(shape), brute) << c_in << " " << c_out;
      for (int g : GroupChoices(shape)) {
        shape.groups = g;
        EXPECT_EQ(ValidateShape(shape), "") << c_in << " " << c_out << " g=" << g;
      }
    }
}

void ExpectLinkRoundTrip(const std::vector<std::string>& args) {
  AppState a;
  ASSERT_EQ(InitFromLaunchOptions(a, Parsed(args)), "");
  const std::string link = LinkToState(a, "http://host/");
  EXPECT_NE(link.find("input="), std::string::npos) << link;  // a preset: no case text
  LaunchOptions back;
  std::vector<std::string> warnings = ApplyLink(link, back);
  AppState b;
  InitFromLinkOptions(b, back, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(b.layer.shape, a.layer.shape) << link;
  EXPECT_EQ(b.layer.input.values(), a.layer.input.values());
  EXPECT_EQ(b.problem.shape, a.problem.shape);
}

TEST(ConvArgs, LinksRoundTripTheNewParameters) {
  ExpectLinkRoundTrip({"--input", "4x9x8", "--out-channels", "2", "--kernel", "3x2", "--stride",
                       "1x2", "--dilation", "2x3", "--groups", "2"});
  ExpectLinkRoundTrip({"--input", "2x3x4", "--out-channels", "4", "--kernel", "3x3", "--stride",
                       "2x2", "--padding", "1x0", "--dilation", "1x2", "--groups", "2", "--mode",
                       "transposed", "--output-padding", "1x1"});
}

TEST(ConvArgs, SettingsCarryTheNewParametersAndReadTheOldShape) {
  Settings st;
  st.edit_shape.d1 = 3, st.edit_shape.d2 = 2, st.edit_shape.groups = 2;
  st.edit_shape.c_in = 2, st.edit_shape.c_out = 4;
  st.edit_shape.mode = ConvMode::kTransposed, st.edit_shape.op1 = 1;
  Settings back;
  ASSERT_EQ(ParseSettings(SettingsToJson(st), back), "");
  EXPECT_EQ(back.edit_shape, st.edit_shape);
  // A settings file from before issue 13 has 10 shape fields.
  Settings old;
  ASSERT_EQ(ParseSettings(R"({"version": 1, "shape": [2, 6, 6, 3, 3, 3, 1, 1, 0, 0]})", old), "");
  EXPECT_EQ(old.edit_shape.c_in, 2);
  EXPECT_EQ(old.edit_shape.d1, 1);
  EXPECT_EQ(old.edit_shape.mode, ConvMode::kConv);
}

// The app walks a transposed layer as its adjoint conv; the tensors it
// shows are the adjoint's, and they carry the layer's y (before the bias) and
// ∂L/∂x exactly as core computes them.
TEST(ConvArgs, TransposedStateHoldsCoresTransposedResults) {
  AppState s;
  ASSERT_EQ(InitFromLaunchOptions(
                s, Parsed({"--input", "2x3x3", "--out-channels", "2", "--kernel", "3x3", "--stride",
                           "2x2", "--padding", "1x1", "--mode", "transposed", "--output-padding",
                           "1x1", "--scene", "input"})),
            "");
  const TransposedResults<double> want = ComputeTransposed(s.layer);
  EXPECT_EQ(s.problem.shape, s.layer.shape.Adjoint());
  EXPECT_EQ(s.transposed.output.values(), want.output.values());
  EXPECT_EQ(s.results.grad_input.values(), want.adjoint_results.grad_input.values());
  // Independently: y = crop(∂L/∂pz) + b, cell by cell.
  const auto dims = s.layer.shape.OutputDims();
  for (int d = 0; d < dims[0]; ++d)
    for (int y = 0; y < dims[1]; ++y)
      for (int x = 0; x < dims[2]; ++x)
        EXPECT_DOUBLE_EQ(s.transposed.output(d, y, x),
                         s.results.grad_input(d, y, x) + s.layer.bias(d));
  // The input scene's δ is the layer's input x.
  for (int c = 0; c < s.layer.shape.c_in; ++c)
    for (int i = 0; i < s.layer.shape.h; ++i)
      for (int j = 0; j < s.layer.shape.w; ++j)
        EXPECT_EQ(s.results.grad_output(c, i, j), s.layer.input(c, i, j));
  EXPECT_FALSE(IsEditable(s, steps::TensorId::kWeight));
}

}  // namespace
}  // namespace convbp::app
