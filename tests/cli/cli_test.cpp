// convbp-cli as a user runs it: help, usage, compute's JSON on stdout,
// routes agreeing, gradcheck passing and failing for the right reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "cli_run.h"

namespace convbp::testing {
namespace {

const std::string kSmallCase = std::string(CONVBP_CLI_TEST_DIR) + "/small.case.json";

TEST(CliHelp, TopLevelAndEverySubcommandPrintHelpToStdout) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"},
                                               {"-h"},
                                               {"compute", "--help"},
                                               {"compute", "-h"},
                                               {"gradcheck", "--help"},
                                               {"gradcheck", "x.json", "-h"},
                                               {"compute", "--bogus", "--help"}}) {
    const CliRun r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_EQ(r.err, "") << args[0];
    EXPECT_NE(r.out.find("usage: convbp-cli"), std::string::npos) << r.out;
  }
  EXPECT_NE(RunCli({"--help"}).out.find("gradcheck"), std::string::npos);
  const std::string gc = RunCli({"gradcheck", "--help"}).out;
  EXPECT_NE(gc.find("default 1e-6"), std::string::npos) << gc;
  EXPECT_NE(gc.find("max(1, |a|, |f|)"), std::string::npos) << gc;
}

TEST(CliHelp, NoArgumentsIsAUsageError) {
  const CliRun r = RunCli({});
  EXPECT_TRUE(IsOneLineError(
      r, "usage: convbp-cli <compute|gradcheck|steps|snippet|derivation|matrix|quiz>"));
}

TEST(CliCompute, PrintsOneJsonObjectWithEveryKey) {
  const CliRun r = RunCli({"compute", kSmallCase});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"shapes", "remainder", "loss", "output", "grad_output", "grad_output_dilated",
        "grad_output_padded", "weight_rot180", "grad_weight", "grad_bias", "grad_input",
        "input_padded", "grad_input_padded", "weight_positions"})
    EXPECT_TRUE(j.contains(key)) << key;
  for (const char* key :
       {"input", "input_padded", "weight", "output", "grad_output_dilated", "grad_output_padded"})
    EXPECT_TRUE(j["shapes"].contains(key)) << key;
  // small.case.json: 1×5×4 input, padding (0,1), 2×2 kernel, stride 2 → ρ = (1, 0).
  EXPECT_EQ(j["remainder"], nlohmann::json({1, 0}));
  EXPECT_EQ(j["shapes"]["input_padded"], nlohmann::json({1, 5, 6}));
  EXPECT_EQ(j["shapes"]["output"], nlohmann::json({2, 2, 3}));
  // Hand-checked: pz rows 0–1 start (0, 1) and (0, 3), W_0 = [[1, −1], [0, 2]],
  // so z_{0,0,0} = 1·0 − 1·1 + 0·0 + 2·3 + 0.25.
  EXPECT_EQ(j["output"][0][0][0].get<double>(), 5.25);
}

TEST(CliCompute, EveryRouteGivesTheSameNumbers) {
  const auto fast = nlohmann::json::parse(RunCli({"compute", kSmallCase}).out);
  for (const char* route : {"direct", "derived", "scatter", "fast", "matrix"}) {
    const CliRun r = RunCli({"compute", "--route", route, kSmallCase});
    ASSERT_EQ(r.exit_code, 0) << route << ": " << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"output", "grad_input", "grad_weight", "grad_bias", "loss"}) {
      const auto a = nlohmann::json(j[key]).flatten(), b = nlohmann::json(fast[key]).flatten();
      ASSERT_EQ(a.size(), b.size());
      for (auto it = a.begin(); it != a.end(); ++it)
        EXPECT_NEAR(it->get<double>(), b[it.key()].get<double>(), 1e-12) << route << key;
    }
  }
  EXPECT_TRUE(IsOneLineError(RunCli({"compute", "--route=sideways", kSmallCase}),
                             "--route must be one of direct, derived, scatter, fast"));
}

TEST(CliCompute, FlagsMayUseEqualsAndDoubleDashEndsFlags) {
  EXPECT_EQ(RunCli({"compute", "--route=direct", kSmallCase}).exit_code, 0);
  EXPECT_EQ(RunCli({"compute", "--", kSmallCase}).exit_code, 0);
  EXPECT_TRUE(IsOneLineError(RunCli({"compute", "--", "--route"}), "--route: cannot open"));
}

// Parses the gradcheck table: tensor → {max_abs, max_rel, result}.
struct Row {
  double max_abs = -1, max_rel = -1;
  std::string result;
};
std::map<std::string, Row> ParseTable(const std::string& out) {
  std::map<std::string, Row> rows;
  const std::regex line(R"((input|weight|bias)\s+\d+\s+(\S+)\s+(\S+)\s+\S+\s+(ok|FAIL))");
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it)
    rows[(*it)[1]] = {std::stod((*it)[2]), std::stod((*it)[3]), (*it)[4]};
  return rows;
}

TEST(CliGradcheck, PassesOnAValidCase) {
  const CliRun r = RunCli({"gradcheck", kSmallCase});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("PASS"), std::string::npos) << r.out;
  const auto rows = ParseTable(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  for (const auto& [name, row] : rows) {
    EXPECT_EQ(row.result, "ok") << name;
    EXPECT_LE(row.max_rel, 1e-6) << name;
  }
}

TEST(CliGradcheck, PassesOnEveryPyTorchFixture) {
  size_t cases = 0;
  for (const auto& e : std::filesystem::directory_iterator(CONVBP_TEST_DATA_DIR)) {
    if (!e.path().string().ends_with(".case.json")) continue;
    ++cases;
    const CliRun r = RunCli({"gradcheck", e.path().string()});
    EXPECT_EQ(r.exit_code, 0) << e.path() << "\n" << r.out << r.err;
  }
  EXPECT_GT(cases, 0u);
}

// With values that are not small integers, the central difference carries
// rounding error of about 1e-16·|L|/eps: nonzero, far below the default
// tolerance. A tolerance of 1e-30 must then fail on that rounding alone —
// the same errors the passing run reports, not a wrong gradient.
TEST(CliGradcheck, FailsWhenTheToleranceIsBelowRoundingError) {
  const std::string fixture = std::string(CONVBP_TEST_DATA_DIR) + "/remainder_both_axes.case.json";
  const CliRun pass = RunCli({"gradcheck", fixture, "--eps", "1e-4"});
  ASSERT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  const CliRun fail = RunCli({"gradcheck", fixture, "--eps", "1e-4", "--tol", "1e-30"});
  EXPECT_EQ(fail.exit_code, 1) << fail.out << fail.err;
  EXPECT_EQ(fail.err, "");
  EXPECT_NE(fail.out.find("FAIL"), std::string::npos);
  const auto passed = ParseTable(pass.out), failed = ParseTable(fail.out);
  ASSERT_EQ(failed.size(), 3u) << fail.out;
  for (const auto& [name, row] : failed) {
    SCOPED_TRACE(name);
    EXPECT_EQ(row.result, "FAIL");
    EXPECT_GT(row.max_rel, 1e-30);  // really over the tolerance …
    EXPECT_LT(row.max_rel, 1e-8);   // … by rounding only
    EXPECT_EQ(row.max_rel, passed.at(name).max_rel);
  }
}

TEST(CliGradcheck, AcceptsEveryRouteAndExplicitDefaults) {
  for (const char* route : {"direct", "derived", "scatter", "fast", "matrix"}) {
    const CliRun r =
        RunCli({"gradcheck", kSmallCase, "--route", route, "--eps=1e-6", "--tol=1e-6"});
    EXPECT_EQ(r.exit_code, 0) << route << r.out << r.err;
  }
}

}  // namespace
}  // namespace convbp::testing
