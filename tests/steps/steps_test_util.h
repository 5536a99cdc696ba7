// Shared helpers of the step-model tests: seeded random problems over a
// sweep of shapes, and enumeration of every step of every stage.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "engine.h"
#include "model.h"
#include "step.h"

namespace convbp::steps::testing {

struct Case {
  std::string name;
  ConvShape shape;
};

// Remainders, padding (both, one axis), stride > kernel, rectangular
// kernels/strides/inputs, 1×1 kernels, kernel = input, several channels,
// dilation (holes, ρ < D and ρ ≥ D, D not a multiple of s), groups (2,
// depthwise) and both together with padding.
inline std::vector<Case> ShapeSweep() {
  auto S = [](int c_in, int h, int w, int c_out, int k1, int k2, int s1, int s2, int p1, int p2,
              int d1 = 1, int d2 = 1, int g = 1) {
    return ConvShape{c_in, h, w, c_out, k1, k2, s1, s2, p1, p2, d1, d2, g};
  };
  return {
      {"seed_5x5_k3_s2", S(1, 5, 5, 1, 3, 3, 2, 2, 0, 0)},
      {"remainder_both", S(2, 6, 7, 3, 3, 2, 2, 3, 0, 0)},
      {"padding_remainder", S(2, 5, 6, 2, 3, 3, 2, 2, 1, 2)},
      {"padding_one_axis", S(1, 4, 5, 2, 3, 2, 2, 1, 0, 2)},
      {"stride_gt_kernel", S(1, 7, 8, 2, 2, 2, 3, 3, 0, 0)},
      {"stride_gt_kernel_padded", S(2, 6, 6, 2, 2, 1, 3, 4, 1, 0)},
      {"rect", S(3, 4, 9, 2, 2, 4, 1, 2, 0, 1)},
      {"kernel_equals_input", S(2, 3, 3, 2, 3, 3, 1, 1, 0, 0)},
      {"kernel_1x1_s2", S(2, 5, 5, 3, 1, 1, 2, 2, 0, 0)},
      {"stride1_padded", S(2, 4, 4, 2, 3, 3, 1, 1, 1, 1)},
      {"dilation_holes", S(1, 7, 7, 1, 3, 3, 1, 1, 0, 0, 2, 2)},
      {"dilation_remainder", S(2, 8, 9, 2, 3, 2, 2, 1, 0, 0, 2, 3)},
      {"dilation_rho_ge_d", S(1, 12, 11, 2, 2, 2, 4, 3, 0, 0, 2, 2)},
      {"dilation_s3_d2", S(1, 10, 9, 1, 2, 3, 3, 2, 1, 0, 2, 3)},
      {"groups_2", S(4, 5, 5, 6, 3, 3, 1, 1, 0, 0, 1, 1, 2)},
      {"depthwise", S(3, 6, 5, 3, 3, 3, 2, 1, 1, 1, 1, 1, 3)},
      {"dilation_groups_padding", S(4, 8, 7, 2, 2, 3, 2, 2, 2, 1, 2, 2, 2)},
  };
}

// Uniform values in [−1, 1]; δ given directly (L = Σ z·g).
inline Problem<double> RandomProblem(const ConvShape& shape, uint32_t seed) {
  Problem<double> p = ZeroProblem<double>(shape, LossKind::kGivenGrad);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  for (Tensor<double>* t : {&p.input, &p.weight, &p.bias, &p.loss_tensor})
    for (double& v : t->values()) v = u(rng);
  return p;
}

struct Stepped {
  Scene scene;
  Stage stage;
};

// Every (scene, stage) of the shape, in scene order.
inline std::vector<Stepped> AllStages(const ConvShape& s) {
  std::vector<Stepped> out;
  for (int k = 0; k < kSceneCount; ++k)
    for (Stage stage : StagesOf(s, static_cast<Scene>(k)))
      out.push_back({static_cast<Scene>(k), stage});
  return out;
}

// All tensors a step can name, canonical or not.
inline std::vector<TensorId> AllTensors() {
  std::vector<TensorId> out;
  for (int k = 2; k < kTensorIdCount; ++k) out.push_back(static_cast<TensorId>(k));
  return out;
}

// Every in-range cell of `t`.
inline std::vector<Cell> CellsOf(const ConvShape& s, TensorId t) {
  std::vector<Cell> out;
  const Dims d = TensorDims(s, t);
  std::array<int, 4> idx{};
  int n = 1;
  for (int k = 0; k < d.rank; ++k) n *= d.d[static_cast<size_t>(k)];
  for (int flat = 0; flat < n; ++flat) {
    int rest = flat;
    for (int k = d.rank; k-- > 0;) {
      idx[static_cast<size_t>(k)] = rest % d.d[static_cast<size_t>(k)];
      rest /= d.d[static_cast<size_t>(k)];
    }
    out.push_back(Cell{t, d.rank, idx});
  }
  return out;
}

}  // namespace convbp::steps::testing
