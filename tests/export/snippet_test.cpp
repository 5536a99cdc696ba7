// `convbp-cli snippet`: the generated PyTorch and NumPy scripts, run with
// Debian's /usr/bin/python3, print the same numbers as `convbp-cli compute`
// (1e-9 relative to each tensor's scale) on every fixture in tests/data —
// and their text has the expected shape even when Python is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "../cli/cli_run.h"

namespace convbp::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kPython = "/usr/bin/python3";

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(CONVBP_TEST_DATA_DIR))
    if (e.path().string().ends_with(".case.json")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

bool PythonHas(const char* module) {
  if (!fs::exists(kPython)) return false;
  const std::string cmd = std::string(kPython) + " -c 'import " + module + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Runs a script with python3; stdout into *out. True on exit 0.
bool RunPython(const fs::path& script, std::string* out) {
  const fs::path stdout_path = script.string() + ".out";
  const std::string cmd =
      std::string(kPython) + " '" + script.string() + "' > '" + stdout_path.string() + "'";
  const int rc = std::system(cmd.c_str());
  *out = ReadWhole(stdout_path);
  return rc == 0;
}

double Scale(const json& j) {
  if (j.is_number()) return std::abs(j.get<double>());
  double s = 0;
  for (const auto& e : j) s = std::max(s, Scale(e));
  return s;
}

void ExpectNear(const json& a, const json& e, double scale, const std::string& path) {
  if (e.is_number()) {
    ASSERT_TRUE(a.is_number()) << path;
    const double tol = 1e-9 * std::max({1.0, scale, std::abs(e.get<double>())});
    EXPECT_NEAR(a.get<double>(), e.get<double>(), tol) << path;
    return;
  }
  ASSERT_TRUE(a.is_array() && e.is_array()) << path;
  ASSERT_EQ(a.size(), e.size()) << path;
  for (size_t k = 0; k < e.size(); ++k)
    ExpectNear(a[k], e[k], scale, path + "[" + std::to_string(k) + "]");
}

void RoundTrip(const char* lang, const char* module) {
  if (!PythonHas(module))
    GTEST_SKIP() << kPython << " has no " << module << " (apt-get install python3-" << module
                 << "): the " << lang << " snippet round trip was not run";
  const fs::path dir = ScratchDir();
  const std::vector<fs::path> cases = Cases();
  ASSERT_FALSE(cases.empty());
  for (const fs::path& c : cases) {
    SCOPED_TRACE(c.filename().string());
    const CliRun snippet = RunCli({"snippet", c.string(), "--lang", lang});
    const std::string text = ReadWhole(c.string());
    const bool beyond_plain = text.find("\"dilation\"") != std::string::npos ||
                              text.find("\"groups\"") != std::string::npos ||
                              text.find("\"mode\"") != std::string::npos;
    if (std::string(lang) == "numpy" && beyond_plain) {
      // The NumPy script spells out the plain conv only; it says so.
      EXPECT_EQ(snippet.exit_code, 2);
      EXPECT_NE(snippet.err.find("use --lang torch"), std::string::npos) << snippet.err;
      continue;
    }
    ASSERT_EQ(snippet.exit_code, 0) << snippet.err;
    const fs::path script = dir / (c.stem().string() + "." + lang + ".py");
    WriteWhole(script, snippet.out);
    std::string printed;
    ASSERT_TRUE(RunPython(script, &printed)) << script;
    const CliRun compute = RunCli({"compute", c.string()});
    ASSERT_EQ(compute.exit_code, 0) << compute.err;
    const json got = json::parse(printed), want = json::parse(compute.out);
    for (const char* key :
         {"loss", "output", "grad_output", "grad_bias", "grad_weight", "grad_input"}) {
      ASSERT_TRUE(got.contains(key)) << key;
      ExpectNear(got[key], want[key], Scale(want[key]), key);
    }
  }
}

TEST(Snippet, TorchScriptPrintsTheSameGradientsAsCompute) { RoundTrip("torch", "torch"); }
TEST(Snippet, NumpyScriptPrintsTheSameGradientsAsCompute) { RoundTrip("numpy", "numpy"); }

TEST(Snippet, ScriptsAreSelfContainedAndNameTheirTensors) {
  const fs::path seed = fs::path(CONVBP_TEST_DATA_DIR) / "seed_5x5_k3_s2.case.json";
  for (const char* lang : {"torch", "numpy"}) {
    const CliRun r = RunCli({"snippet", seed.string(), "--lang", lang});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("#!/usr/bin/env python3\n"));
    for (const char* needle : {"x = ", "w = ", "b = ", "g = ", "stride = (2, 2)", "json.dumps",
                               "\"grad_input\"", "-3.0, 1.0, 0.0, -1.0, 2.0"})
      EXPECT_NE(r.out.find(needle), std::string::npos) << lang << ": " << needle;
    EXPECT_EQ(r.out.find("open("), std::string::npos) << "reads no file";
  }
  EXPECT_NE(RunCli({"snippet", seed.string()}).out.find("import torch"), std::string::npos);
}

TEST(Snippet, BadLanguageIsOneLineError) {
  const fs::path seed = fs::path(CONVBP_TEST_DATA_DIR) / "seed_5x5_k3_s2.case.json";
  EXPECT_TRUE(IsOneLineError(RunCli({"snippet", seed.string(), "--lang", "julia"}), "--lang"));
  EXPECT_TRUE(IsOneLineError(RunCli({"snippet", "/nonexistent.json"}), "/nonexistent.json"));
}

}  // namespace
}  // namespace convbp::testing
