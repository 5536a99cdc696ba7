// `convbp-cli steps` run as a subprocess on the committed fixtures: every
// line must be exactly what the step model makes in-process (same loader,
// same Compute), and every bad request is exit 2 with one stderr line.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "../cli/cli_run.h"
#include "case_reader.h"
#include "step_text.h"
#include "transposed.h"

namespace convbp::steps {
namespace {

using convbp::testing::IsOneLineError;
using convbp::testing::RunCli;

std::vector<std::filesystem::path> Fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(CONVBP_TEST_DATA_DIR))
    if (e.path().string().ends_with(".case.json")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct Loaded {
  Problem<double> problem;
  Results<double> results;
};

Loaded Load(const std::filesystem::path& path) {
  json::CaseLoad c = json::LoadCaseFile(path);
  EXPECT_TRUE(c.ok()) << c.error;
  if (c.problem.shape.mode == ConvMode::kTransposed) {
    // Stepped as its adjoint conv (transposed.h).
    TransposedResults<double> t = ComputeTransposed(c.problem);
    return {t.adjoint, t.adjoint_results};
  }
  Loaded l{c.problem, {}};
  l.results = Compute(l.problem);
  return l;
}

// What the CLI must print for the whole scene, made in-process.
std::string Expected(const Loaded& l, Scene scene, Granularity g, bool json, Lang lang) {
  std::string out;
  Step st;
  for (Stage stage : StagesOf(l.problem.shape, scene)) {
    const uint64_t n = StepCount(l.problem.shape, scene, stage, g);
    for (uint64_t k = 0; k < n; ++k) {
      StepAt(l.problem, l.results, scene, stage, k, g, &st);
      out += (json ? StepJsonLine(st, lang) : StepTextLine(st, lang)) + "\n";
    }
  }
  return out;
}

TEST(StepsCli, EveryFixtureEverySceneMatchesTheStepModel) {
  const auto fixtures = Fixtures();
  ASSERT_GE(fixtures.size(), 5u);
  for (const auto& path : fixtures) {
    SCOPED_TRACE(path.filename().string());
    const Loaded l = Load(path);
    for (Scene scene :
         {Scene::kForward, Scene::kBias, Scene::kWeight, Scene::kInput, Scene::kMatrix}) {
      const auto run = RunCli({"steps", path.string(), "--scene", SceneName(scene), "--json"});
      ASSERT_EQ(run.exit_code, 0) << run.err;
      EXPECT_TRUE(run.err.empty());
      EXPECT_EQ(run.out, Expected(l, scene, Granularity::kWindow, true, Lang::kEn))
          << SceneName(scene);
    }
  }
}

TEST(StepsCli, MacTextInChinese) {
  const auto path = std::filesystem::path(CONVBP_TEST_DATA_DIR) / "padding_asymmetric.case.json";
  const Loaded l = Load(path);
  const auto run =
      RunCli({"steps", path.string(), "--scene", "weight", "--granularity", "mac", "--lang", "zh"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, Expected(l, Scene::kWeight, Granularity::kMac, false, Lang::kZh));
  EXPECT_NE(run.out.find("部分和"), std::string::npos);
}

TEST(StepsCli, RangesAndCounts) {
  const auto path = std::filesystem::path(CONVBP_TEST_DATA_DIR) / "seed_5x5_k3_s2.case.json";
  const Loaded l = Load(path);
  const auto run = RunCli({"steps", path.string(), "--scene", "input", "--stage", "slide", "--from",
                           "3", "--count", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Step a =
      StepAt(l.problem, l.results, Scene::kInput, Stage::kSlide, 3, Granularity::kWindow);
  const Step b =
      StepAt(l.problem, l.results, Scene::kInput, Stage::kSlide, 4, Granularity::kWindow);
  EXPECT_EQ(run.out, StepTextLine(a, Lang::kEn) + "\n" + StepTextLine(b, Lang::kEn) + "\n");
  EXPECT_EQ(run.out.rfind("δˡ⁻¹[0,0,3] = rot₁₈₀W[0,0,0,0]·pδ[0,0,3] + ", 0), 0u);

  // --count with no number (before or after the case path): counts only.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"steps", path.string(), "--scene", "input", "--count"},
        std::vector<std::string>{"steps", "--scene", "input", "--count", path.string()}}) {
    const auto counts = RunCli(args);
    ASSERT_EQ(counts.exit_code, 0) << counts.err;
    EXPECT_EQ(counts.out,
              "input/dilate  windows 4  MACs 4\n"
              "input/pad  windows 9  MACs 9\n"
              "input/rotate  windows 9  MACs 9\n"
              "input/slide  windows 25  MACs 225\n"
              "input/scatter  windows 4  MACs 36\n"
              "input/overlap  windows 25  MACs 225\n");
  }
  const auto json = RunCli({"steps", path.string(), "--scene", "forward", "--count", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, "{\"scene\":\"forward\",\"stage\":\"slide\",\"windows\":4,\"macs\":36}\n");
}

TEST(StepsCli, BadRequestsAreOneLineExitTwo) {
  const std::string seed =
      (std::filesystem::path(CONVBP_TEST_DATA_DIR) / "seed_5x5_k3_s2.case.json").string();
  struct Bad {
    std::vector<std::string> args;
    const char* needle;
  };
  const std::vector<Bad> bad = {
      {{"steps", seed, "--scene", "backward"}, "--scene backward is unknown"},
      {{"steps", seed}, "needs --scene"},
      {{"steps", seed, "--scene", "input", "--stage", "crop"}, "crop needs padding"},
      {{"steps", seed, "--scene", "forward", "--stage", "sum"}, "has no stage sum"},
      {{"steps", seed, "--scene", "forward", "--stage", "twirl"}, "--stage twirl is unknown"},
      // the list of known stages includes the ones added last
      {{"steps", seed, "--scene", "forward", "--stage", "twirl"}, "overlap, product"},
      {{"steps", seed, "--scene", "forward", "--from", "4"}, "step 4 is out of range"},
      {{"steps", seed, "--scene", "forward", "--from", "3", "--count", "2"}, "out of range"},
      {{"steps", seed, "--scene", "forward", "--granularity", "mac", "--from", "36"},
       "36 MAC steps"},
      {{"steps", seed, "--scene", "forward", "--count", "0"}, "--count must be at least 1"},
      {{"steps", seed, "--scene", "forward", "--count", "abc"},
       "--count 'abc': expected a whole number (or --count alone)"},
      {{"steps", seed, "--scene", "forward", "--from", "x"}, "is not a step number"},
      {{"steps", seed, "--scene", "forward", "--granularity", "cell"}, "--granularity cell"},
      {{"steps", seed, "--scene", "forward", "--lang", "fr"}, "--lang fr"},
      {{"steps", seed, "--scene", "forward", "--json=yes"}, "--json takes no value"},
      {{"steps", seed, "--scene", "forward", "--count", "--from", "1"}, "drop --from"},
      {{"steps", "/nonexistent/case.json", "--scene", "forward"}, "/nonexistent/case.json"},
  };
  for (const Bad& b : bad) {
    std::string joined;
    for (const std::string& a : b.args) joined += a + " ";
    EXPECT_TRUE(IsOneLineError(RunCli(b.args), b.needle)) << joined;
  }
}

TEST(StepsCli, Help) {
  const auto run = RunCli({"steps", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--granularity"), std::string::npos);
  EXPECT_NE(RunCli({"--help"}).out.find("steps"), std::string::npos);
  // The scene table names every stage a scene has.
  for (int k = 0; k < kStageCount; ++k)
    EXPECT_NE(run.out.find(StageName(Stage(k))), std::string::npos) << StageName(Stage(k));
}

}  // namespace
}  // namespace convbp::steps
