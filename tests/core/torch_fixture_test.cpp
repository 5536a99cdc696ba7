// Every PyTorch fixture pair in tests/data (NAME.case.json + NAME.expected.json,
// made by tests/data/make_torch_fixtures.py) run through every Route in
// double. Each tensor must match PyTorch to 1e-9 relative, and the routes must
// match each other to 1e-12. The directory is globbed at run time, so a new
// fixture pair is picked up without touching this file.
//
// The reader here is deliberately tiny and test-local (nlohmann_json only):
// the product's loader in core/json is tested on its own, and a bug there
// must not be able to hide a bug in the engine.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "test_support.h"
#include "transposed.h"

namespace convbp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::AllRoutes;
using testing::RouteName;
using testing::TensorsNear;

constexpr double kTorchTol = 1e-9;
constexpr double kRouteTol = 1e-12;

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  const std::string suffix = ".case.json";
  std::error_code ec;  // a missing directory yields no names (and a failing test), not a throw
  for (const auto& e : fs::directory_iterator(CONVBP_TEST_DATA_DIR, ec)) {
    const std::string f = e.path().filename().string();
    if (f.size() > suffix.size() && f.ends_with(suffix))
      names.push_back(f.substr(0, f.size() - suffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return json::parse(in);
}

// Flattens a nested array of numbers into a Tensor, recording its dims and
// rejecting ragged nesting (so a malformed fixture fails loudly).
Tensor<double> ToTensor(const json& j, const char* name) {
  std::vector<int> dims;
  for (const json* cur = &j; cur->is_array(); cur = &(*cur)[0]) {
    dims.push_back(static_cast<int>(cur->size()));
    if (cur->empty()) break;
  }
  if (dims.empty()) throw std::runtime_error(std::string(name) + " is not an array");
  Tensor<double> t(dims);
  size_t k = 0;
  auto walk = [&](auto&& self, const json& node, size_t depth) -> void {
    if (depth == dims.size()) {
      if (!node.is_number()) throw std::runtime_error(std::string(name) + ": non-number");
      t[k++] = node.get<double>();
      return;
    }
    if (!node.is_array() || static_cast<int>(node.size()) != dims[depth])
      throw std::runtime_error(std::string(name) + ": ragged nesting");
    for (const json& child : node) self(self, child, depth + 1);
  };
  walk(walk, j, 0);
  return t;
}

Problem<double> ReadCase(const json& c) {
  const Tensor<double> input = ToTensor(c.at("input"), "input");
  const Tensor<double> weight = ToTensor(c.at("weight"), "weight");
  ConvShape s;
  if (c.contains("groups")) s.groups = c["groups"];
  if (c.contains("dilation")) s.d1 = c["dilation"][0], s.d2 = c["dilation"][1];
  if (c.contains("output_padding")) s.op1 = c["output_padding"][0], s.op2 = c["output_padding"][1];
  const bool transposed = c.value("mode", "conv") == "transposed";
  s.mode = transposed ? ConvMode::kTransposed : ConvMode::kConv;
  s.c_in = input.dim(0), s.h = input.dim(1), s.w = input.dim(2);
  // conv weight [C_out][C_in/g][k1][k2]; ConvTranspose2d's [C_in][C_out/g][k1][k2]
  s.c_out = transposed ? weight.dim(1) * s.groups : weight.dim(0);
  s.k1 = weight.dim(2), s.k2 = weight.dim(3);
  s.s1 = c.at("stride")[0], s.s2 = c.at("stride")[1];
  if (c.contains("padding")) s.p1 = c["padding"][0], s.p2 = c["padding"][1];
  Problem<double> p;
  p.shape = s;
  p.input = input;
  p.weight = weight;
  p.bias = ToTensor(c.at("bias"), "bias");
  if (c.contains("grad_output")) {
    p.loss = LossKind::kGivenGrad;
    p.loss_tensor = ToTensor(c["grad_output"], "grad_output");
  } else if (c.contains("target")) {
    p.loss = LossKind::kTarget;
    p.loss_tensor = ToTensor(c["target"], "target");
  }
  return p;
}

TEST(TorchFixtures, DirectoryHoldsCompletePairs) {
  const std::vector<std::string> names = FixtureNames();
  EXPECT_GE(names.size(), 1u) << "no *.case.json in " << CONVBP_TEST_DATA_DIR;
  for (const std::string& n : names)
    EXPECT_TRUE(fs::exists(fs::path(CONVBP_TEST_DATA_DIR) / (n + ".expected.json")))
        << n << ".case.json has no .expected.json partner";
}

// A ConvTranspose2d fixture: the layer's tensors and the eq-8 intermediates
// of its forward pass (read off the adjoint conv, see transposed.h).
void ExpectTransposedMatches(const Problem<double>& p, const json& e) {
  auto dims_of = [](const auto& a) { return std::vector<int>(a.begin(), a.end()); };
  EXPECT_EQ(e.at("shapes").at("output").get<std::vector<int>>(), dims_of(p.shape.OutputDims()));
  EXPECT_EQ(e.at("shapes").at("weight").get<std::vector<int>>(), dims_of(p.shape.WeightDims()));
  std::vector<TransposedResults<double>> all;
  for (Route route : AllRoutes()) {
    SCOPED_TRACE(RouteName(route));
    TransposedResults<double> r = ComputeTransposed(p, route);
    const double loss = e.at("loss").get<double>();
    EXPECT_NEAR(r.loss, loss, kTorchTol * std::max(1.0, std::abs(loss)));
    const Results<double>& a = r.adjoint_results;
    for (const auto& [name, tensor] : std::vector<std::pair<const char*, const Tensor<double>*>>{
             {"output", &r.output},
             {"grad_output", &r.grad_output},
             {"grad_input", &r.grad_input},
             {"grad_weight", &r.grad_weight},
             {"grad_bias", &r.grad_bias},
             {"input_dilated", &a.grad_output_dilated},
             {"input_framed", &a.grad_output_padded},
             {"weight_rot180", &a.weight_rot180},
             {"output_before_crop", &a.grad_input_padded}})
      EXPECT_TRUE(TensorsNear(*tensor, ToTensor(e.at(name), name), kTorchTol)) << name;
    all.push_back(std::move(r));
  }
  for (size_t k = 1; k < all.size(); ++k) {
    EXPECT_TRUE(TensorsNear(all[k].output, all[0].output, kRouteTol));
    EXPECT_TRUE(TensorsNear(all[k].grad_input, all[0].grad_input, kRouteTol));
    EXPECT_TRUE(TensorsNear(all[k].grad_weight, all[0].grad_weight, kRouteTol));
  }
}

class TorchFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(TorchFixture, EveryRouteMatchesPyTorch) {
  const fs::path dir(CONVBP_TEST_DATA_DIR);
  const json c = ReadJson((dir / (GetParam() + ".case.json")).string());
  const json e = ReadJson((dir / (GetParam() + ".expected.json")).string());
  const Problem<double> p = ReadCase(c);
  ASSERT_EQ(ValidateShape(p.shape), "");
  ASSERT_EQ(ValidateProblemTensors(p), "");
  if (p.shape.mode == ConvMode::kTransposed) return ExpectTransposedMatches(p, e);
  const ConvShape& s = p.shape;

  // Shapes and remainder, as PyTorch reported them.
  const json& shapes = e.at("shapes");
  auto dims_of = [](const std::array<int, 3>& a) { return std::vector<int>(a.begin(), a.end()); };
  EXPECT_EQ(shapes.at("input").get<std::vector<int>>(), dims_of(s.InputDims()));
  EXPECT_EQ(shapes.at("input_padded").get<std::vector<int>>(), dims_of(s.PaddedInputDims()));
  EXPECT_EQ(shapes.at("output").get<std::vector<int>>(), dims_of(s.OutputDims()));
  EXPECT_EQ(shapes.at("grad_output_dilated").get<std::vector<int>>(), dims_of(s.DilatedDims()));
  EXPECT_EQ(shapes.at("grad_output_padded").get<std::vector<int>>(), dims_of(s.PaddedDeltaDims()));
  EXPECT_EQ(e.at("remainder").get<std::vector<int>>(), (std::vector<int>{s.rho1(), s.rho2()}));

  std::vector<Results<double>> all;
  for (Route route : AllRoutes()) {
    SCOPED_TRACE(RouteName(route));
    Results<double> r = Compute(p, route);
    const double loss = e.at("loss").get<double>();
    EXPECT_NEAR(r.loss, loss, kTorchTol * std::max(1.0, std::abs(loss)));
    for (const auto& [name, tensor] : testing::NamedTensors(r)) {
      if (std::string(name) == "weight_positions") continue;  // not a PyTorch quantity
      ASSERT_TRUE(e.contains(name)) << "fixture lacks " << name;
      EXPECT_TRUE(TensorsNear(*tensor, ToTensor(e[name], name), kTorchTol)) << name;
    }
    all.push_back(std::move(r));
  }
  for (size_t k = 1; k < all.size(); ++k) {
    SCOPED_TRACE(std::string(RouteName(AllRoutes()[k])) + " vs direct");
    const auto ref = testing::NamedTensors(all[0]);
    const auto got = testing::NamedTensors(all[k]);
    for (size_t t = 0; t < ref.size(); ++t)
      EXPECT_TRUE(TensorsNear(*got[t].second, *ref[t].second, kRouteTol)) << ref[t].first;
  }
}

INSTANTIATE_TEST_SUITE_P(Data, TorchFixture, ::testing::ValuesIn(FixtureNames()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string id = param_info.param;  // gtest names: [A-Za-z0-9_]
                           for (char& ch : id)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return id;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TorchFixture);  // DirectoryHolds… reports it

}  // namespace
}  // namespace convbp
