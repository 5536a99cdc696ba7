// `convbp-cli matrix` against an independent construction of C: column col
// is the forward conv (direct loops, no bias) of the unit impulse at pz cell
// col. For a transposed case C belongs to the adjoint conv, and
// crop(Cᵀ·vec(x)) + b must be the layer's output as `compute` prints it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "case_reader.h"
#include "cli_run.h"
#include "conv_direct.h"

namespace convbp::testing {
namespace {

using nlohmann::json;
using Dense = std::vector<std::vector<double>>;

std::vector<std::filesystem::path> Fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(CONVBP_TEST_DATA_DIR))
    if (e.path().string().ends_with(".case.json")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The conv whose C is meant, and C by unit impulses.
ConvShape ConvOf(const ConvShape& layer) {
  return layer.mode == ConvMode::kTransposed ? layer.Adjoint() : layer;
}
Dense BruteForceC(const ConvShape& s, const Tensor<double>& weight) {
  Tensor<double> impulse(s.PaddedInputDims());
  const Tensor<double> no_bias(std::vector<int>{s.c_out});
  Dense c(size_t(s.c_out) * s.Ho() * s.Wo(), std::vector<double>(impulse.size(), 0.0));
  for (size_t col = 0; col < impulse.size(); ++col) {
    impulse.Fill(0);
    impulse[col] = 1;
    const Tensor<double> z = ForwardDirect(s, impulse, weight, no_bias);
    for (size_t r = 0; r < z.size(); ++r) c[r][col] = z[r];
  }
  return c;
}
Dense Transposed(const Dense& c) {
  Dense t(c.empty() ? 0 : c[0].size(), std::vector<double>(c.size()));
  for (size_t r = 0; r < c.size(); ++r)
    for (size_t k = 0; k < c[r].size(); ++k) t[k][r] = c[r][k];
  return t;
}

bool NonZero(double v) { return v != 0.0; }

// C from the JSON, dense or triplets; counts the triplets.
Dense FromJson(const json& j, size_t* triplets) {
  Dense m(j["rows"].get<size_t>(), std::vector<double>(j["cols"].get<size_t>(), 0.0));
  *triplets = 0;
  if (j.contains("dense")) {
    for (size_t r = 0; r < m.size(); ++r)
      for (size_t k = 0; k < m[r].size(); ++k) m[r][k] = j["dense"][r][k].get<double>();
  } else {
    for (const json& t : j["triplets"]) {
      m[t[0].get<size_t>()][t[1].get<size_t>()] = t[2].get<double>();
      ++*triplets;
    }
  }
  return m;
}

TEST(CliMatrix, EveryFixtureMatchesUnitImpulsesBothWays) {
  int dense = 0, triplets = 0, with_zero_weight = 0;
  for (const auto& file : Fixtures()) {
    SCOPED_TRACE(file.filename().string());
    const convbp::json::CaseLoad c = convbp::json::LoadCaseFile(file);
    ASSERT_TRUE(c.ok()) << c.error;
    const ConvShape s = ConvOf(c.problem.shape);
    const Dense want = BruteForceC(s, c.problem.weight);
    for (bool transpose : {false, true}) {
      std::vector<std::string> args = {"matrix", file.string()};
      if (transpose) args.push_back("--transpose");
      const CliRun r = RunCli(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const json j = json::parse(r.out);
      EXPECT_EQ(j["matrix"], transpose ? "C^T" : "C");
      // entries: one per (window, tap), a 0 weight included; nonzeros:
      // the non-zero values of the brute-force C.
      EXPECT_EQ(j["entries"].get<int64_t>(), s.ForwardMacs());
      int64_t nonzero = 0;
      for (const auto& row : want) nonzero += std::count_if(row.begin(), row.end(), NonZero);
      EXPECT_EQ(j["nonzeros"].get<int64_t>(), nonzero);
      if (!transpose && nonzero < s.ForwardMacs()) ++with_zero_weight;
      const json rows = j[transpose ? "col_index" : "row_index"];
      const json cols = j[transpose ? "row_index" : "col_index"];
      EXPECT_EQ(rows["dims"], json({s.c_out, s.Ho(), s.Wo()}));
      EXPECT_EQ(cols["dims"], json({s.c_in, s.Hp(), s.Wp()}));
      size_t listed = 0;
      EXPECT_EQ(FromJson(j, &listed), transpose ? Transposed(want) : want);
      if (j.contains("dense")) {
        ++dense;
      } else {
        ++triplets;
        EXPECT_EQ(int64_t(listed), s.ForwardMacs());
      }
    }
  }
  EXPECT_GT(dense, 0);
  EXPECT_GT(triplets, 0);
  EXPECT_GT(with_zero_weight, 0);  // the two counts were told apart at least once
}

// The Matrix Market file holds the same entries, 1-based.
TEST(CliMatrix, MatrixMarketHoldsTheSameEntries) {
  const auto file =
      std::filesystem::path(CONVBP_TEST_DATA_DIR) / "dilation_groups_padding.case.json";
  const convbp::json::CaseLoad c = convbp::json::LoadCaseFile(file);
  ASSERT_TRUE(c.ok()) << c.error;
  const ConvShape& s = c.problem.shape;
  const Dense want = BruteForceC(s, c.problem.weight);
  const CliRun r = RunCli({"matrix", file.string(), "--format", "mtx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "%%MatrixMarket matrix coordinate real general");
  while (in.peek() == '%') std::getline(in, line);
  size_t rows = 0, cols = 0, nnz = 0;
  in >> rows >> cols >> nnz;
  ASSERT_EQ(rows, want.size());
  ASSERT_EQ(cols, want[0].size());
  EXPECT_EQ(int64_t(nnz), s.ForwardMacs());
  Dense got(rows, std::vector<double>(cols, 0.0));
  size_t r1 = 0, c1 = 0;
  double v = 0;
  for (size_t k = 0; k < nnz && (in >> r1 >> c1 >> v); ++k) got[r1 - 1][c1 - 1] = v;
  EXPECT_EQ(got, want);
}

// A transposed layer is the transpose product of its adjoint's C:
// y = crop(Cᵀ·vec(x)) + b equals `compute`'s output.
TEST(CliMatrix, TransposedCaseIsTheTransposeProduct) {
  int checked = 0;
  for (const auto& file : Fixtures()) {
    const convbp::json::CaseLoad c = convbp::json::LoadCaseFile(file);
    ASSERT_TRUE(c.ok()) << c.error;
    const ConvShape& t = c.problem.shape;
    if (t.mode != ConvMode::kTransposed) continue;
    SCOPED_TRACE(file.filename().string());
    ++checked;
    const CliRun m = RunCli({"matrix", file.string(), "--transpose"});
    ASSERT_EQ(m.exit_code, 0) << m.err;
    const json jm = json::parse(m.out);
    EXPECT_EQ(jm["layer"], "transposed");
    size_t listed = 0;
    const Dense ct = FromJson(jm, &listed);
    const ConvShape a = t.Adjoint();
    // vec(x), with zero rows/columns where the adjoint's δ is larger than x.
    std::vector<double> x(size_t(a.c_out) * a.Ho() * a.Wo(), 0.0);
    for (int ch = 0; ch < t.c_in; ++ch)
      for (int i = 0; i < t.h; ++i)
        for (int j = 0; j < t.w; ++j)
          x[(size_t(ch) * a.Ho() + i) * a.Wo() + j] = c.problem.input(ch, i, j);
    const json y = json::parse(RunCli({"compute", file.string()}).out)["output"];
    for (int d = 0; d < a.c_in; ++d)
      for (int i = 0; i < a.h; ++i)
        for (int j = 0; j < a.w; ++j) {
          const size_t col = (size_t(d) * a.Hp() + i + a.p1) * a.Wp() + j + a.p2;
          double sum = c.problem.bias(d);
          for (size_t k = 0; k < x.size(); ++k) sum += ct[col][k] * x[k];
          EXPECT_NEAR(sum, y[d][i][j].get<double>(), 1e-12) << d << "," << i << "," << j;
        }
  }
  EXPECT_GT(checked, 0);
}

TEST(CliMatrix, BadInputIsOneLineAndExit2) {
  const std::string small = std::string(CONVBP_CLI_TEST_DIR) + "/small.case.json";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"matrix", small, "--format", "xml"},
        std::vector<std::string>{"matrix", "/nonexistent/case.json"},
        std::vector<std::string>{"matrix", small, "--transpose=yes"},
        std::vector<std::string>{"matrix"}}) {
    const CliRun r = RunCli(args);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    EXPECT_TRUE(r.out.empty()) << args.back();
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  const CliRun help = RunCli({"matrix", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("vec(z) = C·vec(pz) + b"), std::string::npos);
}

}  // namespace
}  // namespace convbp::testing
