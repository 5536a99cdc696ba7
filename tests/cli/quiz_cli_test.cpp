// `convbp-cli quiz` as a subprocess: answer keys against the PyTorch
// fixtures (tests/data/*.expected.json, made by make_torch_fixtures.py, not
// by this engine), the worksheet's layout, reproducibility, and bad flags
// as exit 2 with one line.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_run.h"

namespace convbp::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kData = CONVBP_TEST_DATA_DIR;
const std::string kSeedCase = (kData / "seed_5x5_k3_s2.case.json").string();

// The value at `index` of a nested JSON array, or nullopt past its end.
std::optional<double> At(const json& nested, const json& index) {
  const json* v = &nested;
  for (const json& k : index) {
    const size_t i = k.get<size_t>();
    if (!v->is_array() || i >= v->size()) return std::nullopt;
    v = &(*v)[i];
  }
  return v->is_number() ? std::optional<double>(v->get<double>()) : std::nullopt;
}

// The PyTorch fixture key holding the quiz cell's tensor. A transposed case
// is asked about as its adjoint conv: its weight gradient and rotated kernel
// are the layer's, and its output is the layer's ∂L/∂x (the adjoint has no
// bias); the remaining adjoint tensors have no PyTorch counterpart.
std::optional<std::string> TorchKey(const std::string& tensor, bool transposed) {
  if (!transposed) return tensor;
  if (tensor == "grad_weight" || tensor == "weight_rot180") return tensor;
  if (tensor == "output") return "grad_input";
  return std::nullopt;
}

TEST(QuizCli, CellValueKeysMatchThePyTorchFixtures) {
  int checked = 0;
  for (const auto& e : std::filesystem::directory_iterator(kData)) {
    const std::string path = e.path().string();
    if (!path.ends_with(".case.json")) continue;
    SCOPED_TRACE(e.path().filename().string());
    const std::string stem = path.substr(0, path.size() - std::string(".case.json").size());
    const json expected = json::parse(ReadWhole(stem + ".expected.json"));
    const bool transposed = expected.value("mode", "conv") == "transposed";
    const CliRun r = RunCli({"quiz", path, "--kinds", "cell_value", "--count", "40", "--seed", "5",
                             "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json questions = json::parse(r.out);
    ASSERT_FALSE(questions.empty());
    for (const json& q : questions) {
      ASSERT_EQ(q["answer"]["type"], "number");
      const json& cell = q["cells"][0];
      const auto key = TorchKey(cell["tensor"].get<std::string>(), transposed);
      if (!key || !expected.contains(*key)) continue;
      const std::optional<double> torch = At(expected[*key], cell["index"]);
      if (!torch) continue;  // a transposed adjoint's output row past x (op ≥ s)
      EXPECT_NEAR(q["answer"]["value"].get<double>(), *torch, 1e-6 * (1 + std::abs(*torch)))
          << q["prompt"];
      ++checked;
    }
  }
  EXPECT_GE(checked, 200);
}

TEST(QuizCli, WorksheetHasTheLayerQuestionsThenTheKey) {
  const CliRun r = RunCli({"quiz", kSeedCase, "--count", "10", "--seed", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty());
  const size_t questions = r.out.find("## Questions"), key = r.out.find("## Answer key");
  ASSERT_NE(questions, std::string::npos);
  ASSERT_NE(key, std::string::npos);
  EXPECT_LT(questions, key);
  // The layer's numbers before the questions: x's first row and δ.
  EXPECT_LT(r.out.find("| **0** | −3 | 1 | 0 | −1 | 2 |"), questions);
  EXPECT_LT(r.out.find("stride (2, 2)"), questions);
  // Ten numbered questions, and ten numbered answers after the key heading.
  for (int k = 1; k <= 10; ++k) {
    const std::string n = "\n" + std::to_string(k) + ". ";
    const size_t q = r.out.find(n, questions), a = r.out.find(n, key);
    EXPECT_LT(q, key) << k;
    EXPECT_NE(a, std::string::npos) << k;
  }
  EXPECT_EQ(r.out.find("\n11. "), std::string::npos);
  const CliRun same = RunCli({"quiz", kSeedCase, "--count", "10", "--seed", "1"});
  EXPECT_EQ(same.out, r.out);
  const CliRun other = RunCli({"quiz", kSeedCase, "--count", "10", "--seed", "2"});
  EXPECT_NE(other.out, r.out);
}

// The seed's forward pass by hand: z = W ⋆ x + b over the four 3×3 windows at
// stride 2, e.g. z[0,1,1] = (−2)(2) + (−1)(2) + 0(3) + (−1)(−1) + (−1)(−3)
// + 2(1) + 1(−1) + 0(−2) + (−1)(3) + (−1) = −5.
TEST(QuizCli, SeedForwardValuesMatchAHandCalculation) {
  const double z[2][2] = {{-1, 6}, {-3, -5}};
  const CliRun r =
      RunCli({"quiz", kSeedCase, "--kinds", "cell_value", "--count", "40", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int asked = 0;
  for (const json& q : json::parse(r.out)) {
    if (q["cells"][0]["tensor"] != "output") continue;
    const json& i = q["cells"][0]["index"];
    EXPECT_EQ(q["answer"]["value"].get<double>(), z[i[1].get<int>()][i[2].get<int>()])
        << q["prompt"];
    ++asked;
  }
  EXPECT_GE(asked, 1);
}

// The README shows the sheet of its own command: it must still be what the
// command prints (headings are demoted there; the "Made by" line names the
// case by its path in the repository, here it is absolute).
TEST(QuizCli, ReadmeWorksheetIsCurrent) {
  const std::string readme =
      ReadWhole(std::filesystem::path(CONVBP_CLI_TEST_DIR) / ".." / ".." / "README.md");
  const CliRun r = RunCli({"quiz", kSeedCase, "--count", "10", "--seed", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  int checked = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("#") || line.starts_with("*Made by")) continue;
    EXPECT_NE(readme.find(line), std::string::npos) << line;
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST(QuizCli, ChineseWorksheet) {
  const CliRun r = RunCli({"quiz", kSeedCase, "--count", "3", "--lang", "zh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("## 题目"), std::string::npos);
  EXPECT_NE(r.out.find("## 答案"), std::string::npos);
  EXPECT_EQ(r.out.find("Answer key"), std::string::npos);
}

TEST(QuizCli, JsonIsAnArrayOfQuestionObjects) {
  const CliRun r = RunCli({"quiz", kSeedCase, "--count", "10", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = json::parse(r.out);
  ASSERT_TRUE(all.is_array());
  ASSERT_EQ(all.size(), 10u);
  for (size_t k = 0; k < all.size(); ++k) {
    EXPECT_EQ(all[k]["number"], k + 1);
    for (const char* field : {"kind", "scene", "stage", "prompt", "answer", "hints", "choices"})
      EXPECT_TRUE(all[k].contains(field)) << field;
    EXPECT_FALSE(all[k]["answer"]["text"].get<std::string>().empty());
  }
}

TEST(QuizCli, BadFlagsAreOneLineExitTwo) {
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--count", "0"}), "--count"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--count", "ten"}), "--count"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--count", "1001"}), "--count"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--seed", "-1"}), "--seed"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--lang", "fr"}), "--lang"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--format", "html"}), "--format"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--kinds", "cell_value,nope"}), "nope"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--kinds", ""}), "--kinds"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", kSeedCase, "--bogus", "1"}), "--bogus"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz"}), "CASE.json"));
  EXPECT_TRUE(IsOneLineError(RunCli({"quiz", (kData / "missing.case.json").string()}), "missing"));
}

TEST(QuizCli, Help) {
  const CliRun r = RunCli({"quiz", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--kinds"), std::string::npos);
  const CliRun top = RunCli({"--help"});
  EXPECT_NE(top.out.find("quiz"), std::string::npos);
}

}  // namespace
}  // namespace convbp::testing
