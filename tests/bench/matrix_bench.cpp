// matrix_bench: building the unrolled matrix C (core/matrix) and the matrix
// route's three products, on the issue-14 layer 3×32×32 → 8, k3, s2
// (C is 1800 × 3072 with 48600 entries) and on the seed layer.
//   matrix_bench --benchmark_filter=Build
// The target for the build of the 3×32×32 layer is under 5 ms.
#include <benchmark/benchmark.h>

#include <random>

#include "matrix/conv_matrix.h"
#include "matrix/matrix_route.h"

namespace convbp {
namespace {

ConvShape Layer(int c_in, int h, int w, int c_out, int k, int s) {
  ConvShape shape;
  shape.c_in = c_in, shape.h = h, shape.w = w, shape.c_out = c_out;
  shape.k1 = shape.k2 = k;
  shape.s1 = shape.s2 = s;
  shape.p1 = shape.p2 = 0;
  return shape;
}

template <typename T, typename Dims>
Tensor<T> Random(const Dims& dims, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  Tensor<T> t(dims);
  for (T& v : t.values()) v = static_cast<T>(u(rng));
  return t;
}

void BM_BuildConvMatrix(benchmark::State& state, ConvShape s) {
  const Tensor<double> w = Random<double>(s.WeightDims(), 1);
  for (auto _ : state) {
    matrix::SparseMatrix<double> c = matrix::BuildConvMatrix(s, w);
    benchmark::DoNotOptimize(c.valuePtr());
  }
  state.counters["entries"] = double(matrix::NonzeroCount(s));
}

void BM_AllEntries(benchmark::State& state, ConvShape s) {
  for (auto _ : state) benchmark::DoNotOptimize(matrix::AllEntries(s).data());
}

// The engine's matrix route: C·vec(pz), Cᵀ·vec(δ), ∂L/∂W, never storing C.
void BM_MatrixRoute(benchmark::State& state, ConvShape s) {
  const Tensor<double> pz = Random<double>(s.PaddedInputDims(), 2);
  const Tensor<double> w = Random<double>(s.WeightDims(), 3);
  const Tensor<double> b = Random<double>(std::array<int, 1>{s.c_out}, 4);
  const Tensor<double> delta = Random<double>(s.OutputDims(), 5);
  for (auto _ : state) {
    benchmark::DoNotOptimize(matrix::ForwardMatrix(s, pz, w, b).data());
    benchmark::DoNotOptimize(matrix::InputGradPaddedMatrix(s, w, delta).data());
    benchmark::DoNotOptimize(matrix::WeightGradMatrix(s, pz, delta).data());
  }
}

}  // namespace
}  // namespace convbp

int main(int argc, char** argv) {
  using convbp::Layer;
  const std::pair<const char*, convbp::ConvShape> layers[] = {
      {"seed_1x5x5to1_k3s2", Layer(1, 5, 5, 1, 3, 2)},
      {"3x32x32to8_k3s2", Layer(3, 32, 32, 8, 3, 2)},
  };
  for (const auto& [name, shape] : layers) {
    const std::string n = name;
    benchmark::RegisterBenchmark(("Build/" + n).c_str(), convbp::BM_BuildConvMatrix, shape)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("AllEntries/" + n).c_str(), convbp::BM_AllEntries, shape)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("Route/" + n).c_str(), convbp::BM_MatrixRoute, shape)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
