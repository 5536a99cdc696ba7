// convbp_json's writers: CASE.json round-trips bit-exactly, numbers carry 17
// significant digits, and the `compute` object holds every Results tensor.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "case_io.h"
#include "cli_run.h"
#include "engine.h"
#include "json_text.h"

namespace convbp::json {
namespace {

ConvShape Shape(int c_in, int h, int w, int c_out, int k1, int k2, int s1, int s2, int p1, int p2) {
  ConvShape s;
  s.c_in = c_in, s.h = h, s.w = w, s.c_out = c_out, s.k1 = k1, s.k2 = k2;
  s.s1 = s1, s.s2 = s2, s.p1 = p1, s.p2 = p2;
  return s;
}

// Values that stress the number format: random, tiny, huge, subnormal, ±0.
Problem<double> AwkwardProblem(LossKind loss, unsigned seed) {
  Problem<double> p = ZeroProblem<double>(Shape(2, 5, 4, 3, 3, 2, 2, 1, 1, 0), loss);
  std::mt19937_64 rng(seed);
  const double specials[] = {0.0,
                             -0.0,
                             0.1,
                             1.0 / 3,
                             1e308,
                             -1e-308,
                             4.9e-324,
                             std::numeric_limits<double>::max(),
                             123456789012345678.0,
                             -7};
  size_t k = 0;
  for (Tensor<double>* t : {&p.input, &p.weight, &p.bias, &p.loss_tensor})
    for (double& v : t->values()) {
      if (k < std::size(specials)) {
        v = specials[k++];
        continue;
      }
      const uint64_t bits = rng();
      std::memcpy(&v, &bits, sizeof v);
      if (!std::isfinite(v)) v = 1.5;
    }
  return p;
}

bool SameBits(const Tensor<double>& a, const Tensor<double>& b) {
  return a.dims() == b.dims() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(JsonText, SeventeenSignificantDigits) {
  EXPECT_EQ(FormatNumber(3), "3");
  EXPECT_EQ(FormatNumber(-0.0), "-0.0");
  EXPECT_EQ(FormatNumber(0.0), "0");
  EXPECT_EQ(FormatNumber(0.1), "0.10000000000000001");
  EXPECT_EQ(FormatNumber(1.0 / 3), "0.33333333333333331");
  EXPECT_EQ(FormatNumber(1e300), "1.0000000000000001e+300");
  EXPECT_EQ(FormatNumber(std::nan("")), "null");
  EXPECT_EQ(FormatNumber(-INFINITY), "null");
}

TEST(JsonText, SanitizeKeepsValidUtf8AndReplacesTheRest) {
  EXPECT_EQ(SanitizeLine("k1 ≥ 1 · δ"), "k1 ≥ 1 · δ");
  EXPECT_EQ(SanitizeLine("a\nb\tc\x7f"), "a?b?c?");
  EXPECT_EQ(SanitizeLine("\xff\xc3(x\xe2\x89"),
            "?"
            "?(x?"
            "?");
}

TEST(JsonText, CellIndexText) {
  EXPECT_EQ(CellIndexText({2, 3, 4}, 0), "[0][0][0]");
  EXPECT_EQ(CellIndexText({2, 3, 4}, 23), "[1][2][3]");
  EXPECT_EQ(CellIndexText({5}, 4), "[4]");
}

std::string LossName(const ::testing::TestParamInfo<LossKind>& p) {
  switch (p.param) {
    case LossKind::kHalfSquare: return "HalfSquare";
    case LossKind::kTarget: return "Target";
    case LossKind::kGivenGrad: break;
  }
  return "GivenGrad";
}

class CaseRoundTrip : public ::testing::TestWithParam<LossKind> {};

TEST_P(CaseRoundTrip, WriteThenReadGivesTheSameBits) {
  const Problem<double> p = AwkwardProblem(GetParam(), 5);
  const std::string text = CaseToJsonText(p);
  const CaseLoad back = ParseCaseText(text);
  ASSERT_TRUE(back.ok()) << back.error;
  EXPECT_EQ(back.problem.shape, p.shape);
  EXPECT_EQ(back.problem.loss, p.loss);
  EXPECT_TRUE(SameBits(back.problem.input, p.input));
  EXPECT_TRUE(SameBits(back.problem.weight, p.weight));
  EXPECT_TRUE(SameBits(back.problem.bias, p.bias));
  if (p.loss != LossKind::kHalfSquare) {
    EXPECT_TRUE(SameBits(back.problem.loss_tensor, p.loss_tensor));
  }
  EXPECT_EQ(CaseToJsonText(back.problem), text);  // stable
}

INSTANTIATE_TEST_SUITE_P(AllLosses, CaseRoundTrip,
                         ::testing::Values(LossKind::kHalfSquare, LossKind::kTarget,
                                           LossKind::kGivenGrad),
                         LossName);

// Dilation, groups and transposed mode survive a save and a load: every
// PyTorch fixture's case, written and read back, is the same layer.
TEST(CaseWriter, EveryFixtureLayerRoundTripsWithItsDilationGroupsAndMode) {
  int cases = 0, beyond_the_seed = 0;
  for (const auto& e : std::filesystem::directory_iterator(CONVBP_TEST_DATA_DIR)) {
    const std::string name = e.path().filename().string();
    if (name.size() < 10 || name.substr(name.size() - 10) != ".case.json") continue;
    const CaseLoad p = LoadCaseFile(e.path());
    ASSERT_TRUE(p.ok()) << name << ": " << p.error;
    const CaseLoad back = ParseCaseText(CaseToJsonText(p.problem));
    ASSERT_TRUE(back.ok()) << name << ": " << back.error;
    EXPECT_EQ(back.problem.shape, p.problem.shape) << name;
    EXPECT_TRUE(SameBits(back.problem.weight, p.problem.weight)) << name;
    const ConvShape& s = p.problem.shape;
    beyond_the_seed += s.d1 != 1 || s.d2 != 1 || s.groups != 1 || s.mode != ConvMode::kConv;
    ++cases;
  }
  EXPECT_GE(cases, 20);
  EXPECT_GE(beyond_the_seed, 10) << "the dilation/groups/transposed fixtures were read";
}

TEST(CaseWriter, WritesOihwNestedArraysAndOnlyTheLossFieldInUse) {
  Problem<double> p = ZeroProblem<double>(Shape(1, 2, 2, 2, 1, 2, 1, 1, 0, 0));
  p.weight(1, 0, 0, 1) = 7;
  const auto j = nlohmann::json::parse(CaseToJsonText(p));
  EXPECT_EQ(j["weight"][1][0][0][1], 7);
  EXPECT_EQ(j["stride"], nlohmann::json({1, 1}));
  EXPECT_EQ(j["padding"], nlohmann::json({0, 0}));
  EXPECT_FALSE(j.contains("grad_output"));
  EXPECT_FALSE(j.contains("target"));
}

TEST(CaseWriter, SaveAndLoadAFile) {
  const auto dir = testing::ScratchDir();
  const Problem<double> p = AwkwardProblem(LossKind::kTarget, 9);
  ASSERT_EQ(SaveCaseFile(dir / "saved.json", p), "");
  const CaseLoad back = LoadCaseFile(dir / "saved.json");
  ASSERT_TRUE(back.ok()) << back.error;
  EXPECT_TRUE(SameBits(back.problem.input, p.input));
  // Nothing but the file itself: the temporary file was renamed into place.
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"saved.json"});
  const std::string why = SaveCaseFile(dir / "no_such_dir" / "x.json", p);
  EXPECT_NE(why.find("cannot write"), std::string::npos) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos);
}

TEST(ResultsWriter, EveryKeyWithTheDimsOfItsTensor) {
  Problem<double> p = AwkwardProblem(LossKind::kGivenGrad, 1);
  for (Tensor<double>* t : {&p.input, &p.weight, &p.bias, &p.loss_tensor})
    for (double& v : t->values()) v = std::fmod(v, 3.0);  // keep Compute finite
  const Results<double> r = Compute(p);
  ASSERT_EQ(FirstNonFinite(r), "");
  const auto j = nlohmann::json::parse(ComputeToJsonText(p.shape, r));
  EXPECT_EQ(j["remainder"], nlohmann::json({p.shape.rho1(), p.shape.rho2()}));
  EXPECT_EQ(j["shapes"]["input_padded"], nlohmann::json(r.input_padded.dims()));
  EXPECT_EQ(j["shapes"]["grad_output_padded"], nlohmann::json(r.grad_output_padded.dims()));
  EXPECT_EQ(j["loss"].get<double>(), r.loss);
  const std::pair<const char*, const Tensor<double>*> tensors[] = {
      {"output", &r.output},
      {"grad_output", &r.grad_output},
      {"grad_output_dilated", &r.grad_output_dilated},
      {"grad_output_padded", &r.grad_output_padded},
      {"weight_rot180", &r.weight_rot180},
      {"grad_weight", &r.grad_weight},
      {"grad_bias", &r.grad_bias},
      {"grad_input", &r.grad_input},
      {"input_padded", &r.input_padded},
      {"grad_input_padded", &r.grad_input_padded},
      {"weight_positions", &r.weight_positions}};
  for (const auto& [name, t] : tensors) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(j.contains(name));
    std::vector<double> flat;
    std::vector<int> dims;
    const nlohmann::json* cur = &j[name];
    for (; cur->is_array(); cur = &(*cur)[0]) dims.push_back(static_cast<int>(cur->size()));
    EXPECT_EQ(dims, t->dims());
    auto walk = [&](auto&& self, const nlohmann::json& n) -> void {
      if (n.is_array())
        for (const auto& e : n) self(self, e);
      else flat.push_back(n.get<double>());
    };
    walk(walk, j[name]);
    ASSERT_EQ(flat.size(), t->size());
    for (size_t k = 0; k < flat.size(); ++k) ASSERT_EQ(flat[k], (*t)[k]) << k;  // exact
  }
}

TEST(ResultsWriter, StreamingGivesTheSameTextAcrossChunks) {
  // ~90k cells per tensor at ~20 characters: several 1 MiB chunks.
  Problem<double> p = ZeroProblem<double>(Shape(1, 300, 300, 1, 3, 3, 1, 1, 1, 1));
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> uni(-1, 1);
  for (double& v : p.input.values()) v = uni(rng);
  p.weight(0, 0, 1, 1) = 0.3;
  const Results<double> r = Compute(p);
  std::ostringstream streamed;
  WriteComputeJson(streamed, p.shape, r);
  const std::string text = ComputeToJsonText(p.shape, r);
  EXPECT_GT(text.size(), size_t{3} << 20);
  EXPECT_TRUE(streamed.str() == text);
}

TEST(ResultsWriter, FirstNonFiniteNamesTheCell) {
  Problem<double> p = ZeroProblem<double>(Shape(1, 3, 3, 1, 2, 2, 1, 1, 0, 0));
  p.input(0, 1, 1) = 1e300;
  p.weight(0, 0, 0, 0) = 1e300;
  const Results<double> r = Compute(p, Route::kDirect);
  EXPECT_EQ(FirstNonFinite(r), "loss is inf");
  Results<double> only_cell = r;
  only_cell.loss = 0;
  EXPECT_EQ(FirstNonFinite(only_cell), "output[0][1][1] is inf");
}

}  // namespace
}  // namespace convbp::json
