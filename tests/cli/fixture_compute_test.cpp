// `convbp-cli compute` against every PyTorch fixture in tests/data (made by
// tests/data/make_torch_fixtures.py): every key of NAME.expected.json must
// match to 1e-9 relative. The directory is globbed when the test runs, so a
// new fixture pair is checked without touching this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cli_run.h"

namespace convbp::testing {
namespace {

using nlohmann::json;
constexpr double kRel = 1e-9;

// Largest magnitude in a (nested) JSON value: the scale of "relative" for
// cells that cancel to ~0, as in tests/core's TensorsNear.
double Scale(const json& j) {
  if (j.is_number()) return std::abs(j.get<double>());
  double s = 0;
  if (j.is_array() || j.is_object())
    for (const auto& e : j) s = std::max(s, Scale(e));
  return s;
}

// Same structure; every number within kRel·max(|e|, scale); integers exact.
void ExpectNear(const json& actual, const json& expected, double scale, const std::string& path) {
  if (expected.is_number_integer() || expected.is_number_unsigned()) {
    EXPECT_EQ(actual, expected) << path;
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << path;
    const double a = actual.get<double>(), e = expected.get<double>();
    EXPECT_LE(std::abs(a - e), kRel * std::max({std::abs(e), scale, 1e-300}))
        << path << ": " << a << " vs " << e;
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array() && actual.size() == expected.size()) << path;
    for (size_t k = 0; k < expected.size(); ++k)
      ExpectNear(actual[k], expected[k], scale, path + "[" + std::to_string(k) + "]");
  } else if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      ASSERT_TRUE(actual.contains(key)) << path << "." << key;
      ExpectNear(actual[key], value, scale, path + "." + key);
    }
  } else {
    EXPECT_EQ(actual, expected) << path;
  }
}

TEST(CliFixtures, ComputeMatchesPyTorchOnEveryKeyOfEveryFixture) {
  size_t cases = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(CONVBP_TEST_DATA_DIR))
    if (e.path().string().ends_with(".case.json")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string stem = file.string();
    stem.resize(stem.size() - std::string(".case.json").size());
    SCOPED_TRACE(file.filename().string());
    ++cases;
    const json expected = json::parse(ReadWhole(stem + ".expected.json"));
    ASSERT_FALSE(expected.empty());
    for (const char* route : {"fast", "direct", "matrix"}) {
      const CliRun r = RunCli({"compute", "--route", route, file.string()});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      ASSERT_EQ(r.err, "");
      const json actual = json::parse(r.out);
      for (const auto& [key, value] : expected.items()) {
        ASSERT_TRUE(actual.contains(key)) << key;
        ExpectNear(actual[key], value, Scale(value), std::string(route) + ":" + key);
      }
    }
  }
  EXPECT_GE(cases, 1u) << "no *.case.json in " << CONVBP_TEST_DATA_DIR;
}

}  // namespace
}  // namespace convbp::testing
