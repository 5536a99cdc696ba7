// `convbp-cli derivation` and snippets::MakeDerivation: LaTeX and Markdown
// of one step — structure (blocks balanced, the stage's formula, the step's
// indices and numbers, one table row per term) for every stage of the seed.
#include "derivation.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "../cli/cli_run.h"
#include "engine.h"
#include "presets.h"
#include "step.h"

namespace convbp::testing {
namespace {

namespace fs = std::filesystem;
const std::string kSeed = (fs::path(CONVBP_TEST_DATA_DIR) / "seed_5x5_k3_s2.case.json").string();

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

// Braces balance and never go negative (ignoring escaped \{ \}).
bool BracesBalance(const std::string& s) {
  int depth = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '\\' && k + 1 < s.size() && (s[k + 1] == '{' || s[k + 1] == '}')) {
      ++k;
      continue;
    }
    if (s[k] == '{') ++depth;
    if (s[k] == '}' && --depth < 0) return false;
  }
  return depth == 0;
}

TEST(Derivation, SeedInputSlideStepAsLatex) {
  const CliRun r =
      RunCli({"derivation", kSeed, "--scene", "input", "--stage", "slide", "--step", "6"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  EXPECT_EQ(Count(t, "\\["), 3u) << t;
  EXPECT_EQ(Count(t, "\\]"), 3u) << t;
  EXPECT_TRUE(BracesBalance(t)) << t;
  EXPECT_NE(t.find("% convbp: Input gradient"), std::string::npos) << t;
  // The general formula, kernels in the formulas' order W_{m,n,c,d}.
  EXPECT_NE(t.find("{\\mathrm{rot}_{180^{\\circ}}W}_{m,n,c,d}"), std::string::npos) << t;
  // Window (0,1,1) reads pδ rows and columns 1..3: only pδ[0,2,2] = δ[0,0,0]
  // = −1 is not an inserted or framing zero; it meets rot180W(m,n,c,d) =
  // (1,1,0,0) = W[0,0,1,1] = −1. The other 8 products have a zero factor.
  EXPECT_NE(t.find("{\\mathrm{rot}_{180^{\\circ}}W}_{1,1,0,0}\\, {p\\delta}_{0,2,2} + "
                   "\\text{8 products with a zero factor}"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("= (-1) \\cdot (-1) + \\text{8 products with a zero factor} = 1"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\\cdot"), std::string::npos) << t;
  EXPECT_EQ(t.find("−"), std::string::npos) << "ASCII minus only in LaTeX";
}

TEST(Derivation, SeedInputSlideStepAsMarkdown) {
  const CliRun r = RunCli({"derivation", kSeed, "--scene", "input", "--stage", "slide", "--step",
                           "6", "--format", "markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  EXPECT_TRUE(t.starts_with("### Input gradient")) << t;
  EXPECT_EQ(Count(t, "$$\n"), 6u) << t;  // three display blocks
  EXPECT_NE(t.find("| # | a | b | a·b |\n|---|---|---|---|\n"), std::string::npos) << t;
  EXPECT_EQ(Count(t, "\n| "), 1u + 9u) << t;  // header + one row per term (C_out·k1·k2 = 9)
  EXPECT_NE(t.find("`rot₁₈₀W[0,0,0,0]`"), std::string::npos) << t;
  EXPECT_NE(t.find("Sum: "), std::string::npos) << t;
}

// Every stage of every scene, both formats, through the library.
TEST(Derivation, EveryStageOfEverySceneHasItsBlocks) {
  const ConvShape shape{
      .c_in = 2, .h = 5, .w = 5, .c_out = 2, .k1 = 3, .k2 = 3, .s1 = 2, .s2 = 2, .p1 = 1, .p2 = 1};
  const Problem<double> p =
      MakePresetProblem(shape, ValuePreset::kSmallIntegers, 3, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  for (int sc = 0; sc < steps::kSceneCount; ++sc) {
    const auto scene = steps::Scene(sc);
    for (steps::Stage stage : steps::StagesOf(shape, scene)) {
      const uint64_t n = steps::StepCount(shape, scene, stage, steps::Granularity::kWindow);
      for (uint64_t index : {uint64_t(0), n - 1}) {
        const steps::Step step =
            steps::StepAt(p, r, scene, stage, index, steps::Granularity::kWindow);
        const std::string tex =
            snippets::MakeDerivation(shape, step, snippets::DerivationFormat::kLatex);
        const std::string md =
            snippets::MakeDerivation(shape, step, snippets::DerivationFormat::kMarkdown);
        SCOPED_TRACE(std::string(steps::SceneName(scene)) + "/" + steps::StageName(stage));
        EXPECT_EQ(Count(tex, "\\["), Count(tex, "\\]"));
        // Scatter has no numbers line: its products land in different cells.
        EXPECT_GE(Count(tex, "\\["), stage == steps::Stage::kScatter ? 2u : 3u);
        EXPECT_EQ(Count(tex, "\\begin{align*}"), Count(tex, "\\end{align*}"));
        EXPECT_TRUE(BracesBalance(tex)) << tex;
        EXPECT_TRUE(BracesBalance(md)) << md;
        EXPECT_TRUE(md.starts_with("### ")) << md;
        EXPECT_EQ(Count(md, "$$") % 2, 0u);
        EXPECT_NE(md.find("|---|"), std::string::npos) << md;
        EXPECT_NE(tex.find(" = "), std::string::npos);
        if (stage == steps::Stage::kScatter) {  // products land in different cells: no Σ
          EXPECT_EQ(tex.find("\\sum ="), std::string::npos) << tex;
          EXPECT_EQ(md.find("Sum:"), std::string::npos) << md;
          EXPECT_NE(md.find("| into | value after |"), std::string::npos) << md;
        }
      }
    }
  }
}

TEST(Derivation, LongSumsAreShortened) {
  const ConvShape shape{
      .c_in = 1, .h = 9, .w = 9, .c_out = 4, .k1 = 5, .k2 = 5, .s1 = 1, .s2 = 1, .p1 = 0, .p2 = 0};
  const Problem<double> p = MakePresetProblem(shape, ValuePreset::kRandom, 1, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  const steps::Step step = steps::StepAt(p, r, steps::Scene::kInput, steps::Stage::kSlide, 40,
                                         steps::Granularity::kWindow);
  ASSERT_EQ(step.terms.size(), 100u);
  const std::string tex = snippets::MakeDerivation(shape, step, snippets::DerivationFormat::kLatex);
  EXPECT_EQ(Count(tex, "\\cdots"), 2u) << tex;  // indices line and numbers line
  const std::string md =
      snippets::MakeDerivation(shape, step, snippets::DerivationFormat::kMarkdown);
  EXPECT_NE(md.find("(36 more terms not listed.)"), std::string::npos) << md;
}

// The matrix scene prints C itself for a small layer: the seed's C is 4 × 25,
// row (i,j) holding W_{m,n,0,0} in column (2i+m)·5 + (2j+n) (hand-derived
// from the tap formula, stride 2), 0 elsewhere.
TEST(Derivation, MatrixSceneWritesCWhenItFits) {
  const CliRun r = RunCli(
      {"derivation", kSeed, "--scene", "matrix", "--stage", "transposed_product", "--step", "6"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  EXPECT_TRUE(BracesBalance(t)) << t;
  EXPECT_NE(t.find("\\setcounter{MaxMatrixCols}{25}"), std::string::npos) << t;
  const size_t begin = t.find("\\begin{bmatrix}\n"), end = t.find("\\end{bmatrix}");
  ASSERT_NE(begin, std::string::npos) << t;
  ASSERT_NE(end, std::string::npos) << t;
  std::string body = t.substr(begin + 16, end - begin - 16);
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  for (size_t k = 0; k < body.size(); ++k) {
    if (body.compare(k, 2, "\\\\") == 0) {
      rows.emplace_back(1);
      ++k;
    } else if (body[k] == '&') {
      rows.back().emplace_back();
    } else if (body[k] != ' ' && body[k] != '\n') {
      rows.back().back() += body[k];
    }
  }
  ASSERT_EQ(rows.size(), 4u) << body;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      const auto& row = rows[size_t(i * 2 + j)];
      ASSERT_EQ(row.size(), 25u);
      std::vector<std::string> want(25, "0");
      for (int m = 0; m < 3; ++m)
        for (int n = 0; n < 3; ++n)
          want[size_t((2 * i + m) * 5 + 2 * j + n)] =
              "{W}_{" + std::to_string(m) + "," + std::to_string(n) + ",0,0}";
      EXPECT_EQ(row, want) << "row " << i * 2 + j;
    }
}

TEST(Derivation, MatrixSceneOmitsABigCAndSaysItsSize) {
  const ConvShape shape{
      .c_in = 2, .h = 6, .w = 6, .c_out = 2, .k1 = 3, .k2 = 3, .s1 = 1, .s2 = 1, .p1 = 0, .p2 = 0};
  const Problem<double> p = MakePresetProblem(shape, ValuePreset::kRandom, 1, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  const steps::Step step = steps::StepAt(p, r, steps::Scene::kMatrix, steps::Stage::kProduct, 0,
                                         steps::Granularity::kWindow);
  // C: 2·4·4 = 32 rows × 2·6·6 = 72 columns, 32 · 2·3·3 = 576 entries.
  for (auto format : {snippets::DerivationFormat::kLatex, snippets::DerivationFormat::kMarkdown}) {
    const std::string t = snippets::MakeDerivation(shape, step, format);
    EXPECT_EQ(t.find("bmatrix"), std::string::npos) << t;
    EXPECT_NE(t.find("C is 32 × 72 with 576 entries: too large to print"), std::string::npos) << t;
  }
  const std::string zh =
      snippets::MakeDerivation(shape, step, snippets::DerivationFormat::kLatex, steps::Lang::kZh);
  EXPECT_NE(zh.find("C 为 32 × 72，含 576 个非零元"), std::string::npos) << zh;
}

TEST(Derivation, BadFlagsAreOneLineErrors) {
  EXPECT_TRUE(IsOneLineError(RunCli({"derivation", kSeed}), "--scene"));
  EXPECT_TRUE(IsOneLineError(RunCli({"derivation", kSeed, "--scene", "sideways"}), "--scene"));
  EXPECT_TRUE(IsOneLineError(RunCli({"derivation", kSeed, "--scene", "input", "--format", "rtf"}),
                             "--format"));
  EXPECT_TRUE(
      IsOneLineError(RunCli({"derivation", kSeed, "--scene", "input", "--stage", "crop"}), "crop"));
  EXPECT_TRUE(IsOneLineError(RunCli({"derivation", kSeed, "--scene", "input", "--step", "99999"}),
                             "99999"));
  EXPECT_TRUE(
      IsOneLineError(RunCli({"derivation", kSeed, "--scene", "input", "--step", "-1"}), "--step"));
}

}  // namespace
}  // namespace convbp::testing
