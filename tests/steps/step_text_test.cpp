// Text and JSON lines of the step model and the `steps` query runner the
// CLI wires up (everything but reading the case file).
#include "step_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "steps_test_util.h"

namespace convbp::steps {
namespace {

struct QueryRun {
  int code;
  std::string out, err;
};

QueryRun RunArgs(const Problem<double>& p, const Results<double>& r,
                 std::vector<std::string_view> args) {
  StepsQuery q;
  QueryRun run{0, "", ""};
  run.err = ParseStepsArgs(args, &q);
  if (!run.err.empty()) {
    run.code = 2;
    return run;
  }
  std::ostringstream out;
  run.code = RunStepsQuery(p, r, q, out, &run.err);
  run.out = out.str();
  return run;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class StepsQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 5×5, k3, s2, p1 → pz 7×7, H' = 3, crop stage present.
    p_ = testing::RandomProblem(ConvShape{1, 5, 5, 2, 3, 3, 2, 2, 1, 1}, 5);
    r_ = Compute(p_);
  }
  Problem<double> p_;
  Results<double> r_;
};

TEST_F(StepsQueryTest, TextLinesAreTheFormulas) {
  const QueryRun run =
      RunArgs(p_, r_, {"--scene", "input", "--stage", "slide", "--from", "8", "--count", "2"});
  ASSERT_EQ(run.code, 0) << run.err;
  const auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 2u);
  const Step st = StepAt(p_, r_, Scene::kInput, Stage::kSlide, 8, Granularity::kWindow);
  EXPECT_EQ(lines[0], st.formula[0].indices);
  // 18 terms (2 channels × 3×3): the long sum shows its non-zero products
  // and counts those with a zero factor (pδ's inserted zeros and frame).
  EXPECT_EQ(lines[0].rfind("∂L/∂pz[0,1,1] = rot₁₈₀W[", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(" products with a zero factor = "), std::string::npos) << lines[0];
}

TEST_F(StepsQueryTest, JsonLinesCarryTermsAndMoves) {
  const QueryRun run = RunArgs(p_, r_, {"--scene", "forward", "--count", "3", "--json"});
  ASSERT_EQ(run.code, 0) << run.err;
  const auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 3u);
  for (size_t k = 0; k < lines.size(); ++k) {
    const auto j = nlohmann::json::parse(lines[k]);
    EXPECT_EQ(j["scene"], "forward");
    EXPECT_EQ(j["stage"], "slide");
    EXPECT_EQ(j["index"], k);
    EXPECT_EQ(j["count"], 2 * 3 * 3);
    EXPECT_EQ(j["target"]["tensor"], "output");
    ASSERT_EQ(j["terms"].size(), 9u);
    double sum = j["bias"].get<double>();
    for (const auto& t : j["terms"]) {
      EXPECT_EQ(t["a"]["tensor"], "weight");
      EXPECT_EQ(t["b"]["tensor"], "input_padded");
      EXPECT_EQ(t["a"]["cell"].size(), 4u);
      sum += t["product"].get<double>();
    }
    const auto& cell = j["target"]["cell"];
    EXPECT_NEAR(sum, r_.output(cell[0], cell[1], cell[2]), 1e-12);
    EXPECT_DOUBLE_EQ(j["sum"].get<double>(), sum);
  }
  const QueryRun crop =
      RunArgs(p_, r_, {"--scene", "input", "--stage", "crop", "--json", "--count", "1"});
  ASSERT_EQ(crop.code, 0) << crop.err;
  const auto j = nlohmann::json::parse(crop.out);
  EXPECT_EQ(j["from"]["tensor"], "grad_input_padded");
  EXPECT_EQ(j["from"]["cell"], nlohmann::json::array({0, 1, 1}));
  EXPECT_EQ(j["to"]["tensor"], "grad_input");
  EXPECT_EQ(j["to"]["cell"], nlohmann::json::array({0, 0, 0}));
  EXPECT_TRUE(j["terms"].empty());
  // Scatter terms have their own targets; MAC granularity.
  const QueryRun sc = RunArgs(p_, r_,
                              {"--scene", "input", "--stage", "scatter", "--granularity", "mac",
                               "--from", "4", "--count", "1", "--json", "--lang", "zh"});
  ASSERT_EQ(sc.code, 0) << sc.err;
  const auto s = nlohmann::json::parse(sc.out);
  EXPECT_EQ(s["granularity"], "mac");
  EXPECT_EQ(s["terms"][0]["target"]["tensor"], "grad_input_padded");
  EXPECT_EQ(s["terms"][0]["target"]["cell"], nlohmann::json::array({0, 1, 1}));
  EXPECT_NE(s["note"].get<std::string>().find("第 5 项"), std::string::npos);
}

TEST_F(StepsQueryTest, CountsOnlyListsEveryStage) {
  const QueryRun run = RunArgs(p_, r_, {"--scene", "input", "--count"});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(Lines(run.out), (std::vector<std::string>{
                                "input/dilate  windows 18  MACs 18",
                                "input/pad  windows 50  MACs 50",
                                "input/rotate  windows 18  MACs 18",
                                "input/slide  windows 49  MACs 882",
                                "input/crop  windows 25  MACs 25",
                                "input/scatter  windows 18  MACs 162",
                                "input/overlap  windows 49  MACs 441",
                            }));
  const QueryRun json = RunArgs(p_, r_, {"--scene", "bias", "--count", "--json"});
  ASSERT_EQ(json.code, 0);
  EXPECT_EQ(json.out, "{\"scene\":\"bias\",\"stage\":\"sum\",\"windows\":2,\"macs\":18}\n");
  const QueryRun zh = RunArgs(p_, r_, {"--scene", "bias", "--count", "--lang", "zh"});
  EXPECT_EQ(zh.out, "bias/sum  窗口 2  乘加 18\n");
}

TEST_F(StepsQueryTest, ErrorsAreOneLineAndExitTwo) {
  const std::vector<std::vector<std::string_view>> bad = {
      {"--scene", "backward"},
      {"--stage", "slide"},
      {"--scene", "forward", "--stage", "crop"},
      {"--scene", "forward", "--from", "18"},
      {"--scene", "forward", "--from", "17", "--count", "2"},
      {"--scene", "forward", "--from", "-1"},
      {"--scene", "forward", "--granularity", "cell"},
      {"--scene", "forward", "--lang", "fr"},
      {"--scene", "forward", "--count", "0"},
      {"--scene", "forward", "--bogus"},
      {"--scene"},
  };
  for (const auto& args : bad) {
    const QueryRun run = RunArgs(p_, r_, args);
    EXPECT_EQ(run.code, 2);
    EXPECT_TRUE(run.out.empty());
    EXPECT_FALSE(run.err.empty());
    EXPECT_EQ(run.err.find('\n'), std::string::npos) << run.err;
  }
  EXPECT_EQ(RunArgs(p_, r_, {"--scene", "forward", "--from", "18"}).err,
            "step 18 is out of range: forward/slide has 18 window steps (0..17)");
  // Without padding the input scene has no crop stage.
  const Problem<double> p0 = testing::RandomProblem(ConvShape{1, 5, 5, 1, 3, 3, 2, 2, 0, 0}, 1);
  const Results<double> r0 = Compute(p0);
  const QueryRun crop = RunArgs(p0, r0, {"--scene", "input", "--stage", "crop"});
  EXPECT_EQ(crop.code, 2);
  EXPECT_NE(crop.err.find("crop needs padding"), std::string::npos);
}

TEST_F(StepsQueryTest, WholeStagesByDefault) {
  const QueryRun run = RunArgs(p_, r_, {"--scene", "weight", "--granularity", "mac"});
  ASSERT_EQ(run.code, 0);
  const uint64_t want = StepCount(p_.shape, Scene::kWeight, Stage::kDilate, Granularity::kMac) +
                        StepCount(p_.shape, Scene::kWeight, Stage::kSlide, Granularity::kMac);
  EXPECT_EQ(Lines(run.out).size(), want);
}

}  // namespace
}  // namespace convbp::steps
