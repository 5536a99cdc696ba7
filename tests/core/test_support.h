// Helpers shared by the core test files: seeded random problems, the shape
// sweeps, and tensor comparison with a stated tolerance rule.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"

namespace convbp::testing {

inline std::string Describe(const ConvShape& s) {
  std::ostringstream o;
  o << s.c_in << "x" << s.h << "x" << s.w << "->" << s.c_out << " k" << s.k1 << "x" << s.k2 << " s"
    << s.s1 << "x" << s.s2 << " p" << s.p1 << "x" << s.p2;
  if (s.d1 != 1 || s.d2 != 1) o << " D" << s.d1 << "x" << s.d2;
  if (s.groups != 1) o << " g" << s.groups;
  if (s.mode == ConvMode::kTransposed) o << " transposed op" << s.op1 << "x" << s.op2;
  return o.str();
}

inline ConvShape MakeShape(int c_in, int h, int w, int c_out, int k1, int k2, int s1, int s2,
                           int p1 = 0, int p2 = 0) {
  ConvShape s;
  s.c_in = c_in, s.h = h, s.w = w, s.c_out = c_out;
  s.k1 = k1, s.k2 = k2, s.s1 = s1, s.s2 = s2, s.p1 = p1, s.p2 = p2;
  return s;
}

// Hand-picked shapes that each exercise one edge of the index math (named
// in core/shape.h). Every one is valid.
inline std::vector<ConvShape> EdgeShapes() {
  return {
      MakeShape(1, 5, 5, 1, 3, 3, 2, 2),          // the seed
      MakeShape(2, 6, 8, 3, 3, 3, 2, 2),          // remainder on both axes (ρ = 1, 1)
      MakeShape(2, 7, 6, 3, 3, 2, 3, 2, 2, 1),    // padding + remainder + rect kernel/stride
      MakeShape(3, 6, 6, 5, 3, 3, 1, 1),          // C_in ≠ C_out, stride 1
      MakeShape(3, 5, 5, 2, 1, 1, 2, 2),          // 1×1 kernel, strided
      MakeShape(4, 6, 5, 3, 1, 1, 1, 1),          // 1×1 kernel, stride 1 (a plain GEMM)
      MakeShape(2, 4, 4, 3, 4, 4, 1, 1),          // kernel = input → 1×1 output
      MakeShape(2, 4, 5, 3, 4, 5, 3, 2),          // kernel = input, stride irrelevant
      MakeShape(2, 9, 10, 2, 2, 2, 3, 3),         // stride > kernel: gaps and ρ = 1, 2
      MakeShape(2, 7, 7, 2, 1, 1, 3, 3, 1, 1),    // stride > kernel with padding
      MakeShape(1, 3, 9, 2, 1, 4, 1, 5),          // stride > kernel on one axis only
      MakeShape(2, 3, 3, 2, 3, 3, 2, 2, 2, 2),    // padding wider than half the input
      MakeShape(16, 12, 11, 24, 3, 3, 1, 1),      // enough channels to block GEMMs
      MakeShape(3, 23, 21, 8, 7, 7, 2, 2, 3, 3),  // a 7×7 stem with padding
  };
}

// `count` random valid shapes from a fixed seed: small channels and spatial
// sizes, every kernel/stride/padding combination possible.
inline std::vector<ConvShape> RandomShapes(unsigned seed, int count, int max_hw = 11) {
  std::mt19937 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<ConvShape> out;
  while (static_cast<int>(out.size()) < count) {
    ConvShape s = MakeShape(uni(1, 4), uni(1, max_hw), uni(1, max_hw), uni(1, 4), uni(1, 5),
                            uni(1, 5), uni(1, 4), uni(1, 4), uni(0, 2), uni(0, 2));
    if (ValidateShape(s).empty()) out.push_back(s);
  }
  return out;
}

// The same shape with dilation (D1, D2) and g groups.
inline ConvShape WithDilationGroups(ConvShape s, int d1, int d2, int groups) {
  s.d1 = d1, s.d2 = d2, s.groups = groups;
  return s;
}

// Hand-picked dilated and grouped shapes; every one is valid.
inline std::vector<ConvShape> DilationGroupEdgeShapes() {
  return {
      WithDilationGroups(MakeShape(1, 7, 7, 1, 3, 3, 1, 1), 2, 2, 1),          // holes, ρ = 0
      WithDilationGroups(MakeShape(2, 8, 9, 2, 3, 2, 2, 1), 2, 3, 1),          // ρ1 = 1 < D
      WithDilationGroups(MakeShape(1, 10, 10, 1, 2, 2, 1, 1, 0, 0), 3, 3, 1),  // s1 = 1: ρ = 0
      WithDilationGroups(MakeShape(2, 12, 11, 2, 2, 2, 4, 3), 2, 2, 1),  // ρ ≥ D: extra positions
      WithDilationGroups(MakeShape(4, 6, 6, 6, 3, 3, 1, 1), 1, 1, 2),    // groups 2
      WithDilationGroups(MakeShape(4, 7, 6, 4, 3, 3, 2, 1, 1, 1), 1, 1, 4),     // depthwise
      WithDilationGroups(MakeShape(6, 9, 8, 3, 2, 3, 2, 3, 2, 1), 2, 2, 3),     // all together
      WithDilationGroups(MakeShape(8, 13, 12, 16, 3, 3, 1, 1, 2, 2), 2, 2, 8),  // enough for GEMMs
  };
}

// Random valid shapes with dilation 1..3 and groups dividing both channel
// counts (channels are multiples of g).
inline std::vector<ConvShape> RandomDilatedGroupedShapes(unsigned seed, int count,
                                                         int max_hw = 13) {
  std::mt19937 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<ConvShape> out;
  while (static_cast<int>(out.size()) < count) {
    const int g = uni(1, 3);
    ConvShape s = MakeShape(g * uni(1, 2), uni(1, max_hw), uni(1, max_hw), g * uni(1, 2), uni(1, 4),
                            uni(1, 4), uni(1, 3), uni(1, 3), uni(0, 2), uni(0, 2));
    s = WithDilationGroups(s, uni(1, 3), uni(1, 3), g);
    if (ValidateShape(s).empty()) out.push_back(s);
  }
  return out;
}

// Values uniform in [−1, 1]; the loss tensor (target or given δ) likewise.
template <typename T>
Problem<T> RandomProblem(const ConvShape& s, LossKind loss, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  Problem<T> p = ZeroProblem<T>(s, loss);
  for (Tensor<T>* t : {&p.input, &p.weight, &p.bias, &p.loss_tensor})
    for (T& v : t->values()) v = static_cast<T>(uni(rng));
  return p;
}

// Random tensor of the given dims, uniform in [−1, 1].
template <typename T, typename Dims>
Tensor<T> RandomTensor(const Dims& dims, std::mt19937& rng) {
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  Tensor<T> t(dims);
  for (T& v : t.values()) v = static_cast<T>(uni(rng));
  return t;
}

// Tolerance rule used throughout: |a − b| ≤ rel · max(|b_k|, ‖b‖∞, floor).
// Scaling by the tensor's largest magnitude keeps cells that cancel to ~0
// (sums of many ± terms) from demanding impossible per-cell precision;
// `floor` keeps an all-zero expectation from turning into an exact check.
template <typename T>
::testing::AssertionResult TensorsNear(const Tensor<T>& actual, const Tensor<T>& expected,
                                       double rel, double floor = 1e-300) {
  if (actual.dims() != expected.dims()) {
    std::ostringstream o;
    o << "dims differ: [";
    for (int d : actual.dims()) o << d << ",";
    o << "] vs [";
    for (int d : expected.dims()) o << d << ",";
    o << "]";
    return ::testing::AssertionFailure() << o.str();
  }
  double scale = floor;
  for (T v : expected.values()) scale = std::max(scale, std::abs(double(v)));
  size_t bad = 0, worst = 0;
  double worst_err = 0;
  for (size_t k = 0; k < expected.size(); ++k) {
    const double err = std::abs(double(actual[k]) - double(expected[k]));
    if (!(err <= rel * scale) || std::isnan(double(actual[k]))) {
      if (bad == 0 || err > worst_err || std::isnan(err)) worst = k, worst_err = err;
      ++bad;
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << bad << " of " << expected.size() << " cells differ by more than " << rel << " × "
         << scale << "; worst at flat " << worst << ": " << double(actual[worst]) << " vs "
         << double(expected[worst]);
}

// All tensors of two Results, by name, for route-against-route checks.
template <typename T>
std::vector<std::pair<const char*, const Tensor<T>*>> NamedTensors(const Results<T>& r) {
  return {{"input_padded", &r.input_padded},
          {"output", &r.output},
          {"grad_output", &r.grad_output},
          {"grad_output_dilated", &r.grad_output_dilated},
          {"grad_output_padded", &r.grad_output_padded},
          {"weight_rot180", &r.weight_rot180},
          {"weight_positions", &r.weight_positions},
          {"grad_weight", &r.grad_weight},
          {"grad_bias", &r.grad_bias},
          {"grad_input_padded", &r.grad_input_padded},
          {"grad_input", &r.grad_input}};
}

inline const std::vector<Route>& AllRoutes() {
  static const std::vector<Route> routes = {Route::kDirect, Route::kDerived, Route::kScatter,
                                            Route::kFast, Route::kMatrix};
  return routes;
}

inline const char* RouteName(Route r) {
  switch (r) {
    case Route::kDirect: return "direct";
    case Route::kDerived: return "derived";
    case Route::kScatter: return "scatter";
    case Route::kFast: return "fast";
    case Route::kMatrix: return "matrix";
  }
  return "?";
}

}  // namespace convbp::testing
