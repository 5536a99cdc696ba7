// steps_bench: the step model must answer any step and any reverse lookup
// "at once" (goal < 1 ms) on real layers, with no allocation proportional
// to the layer size. Layers:
//   Small   1×8×8 → 2, k3, s2, p1          (the CTest smoke run)
//   Conv1   3×224×224 → 64, k7, s2, p0 and p3 (ResNet's first layer: p3;
//           p0 has ρ = 1 remainder rows/columns and no crop stage)
//   Res56   64×56×56 → 64, k3, s1, p0 and p1   (a ResNet stage-2 layer)
// StepAt: random indices of every scene/stage at both granularities, the
// formula strings built (StepOptions defaults), one reused Step.
// Lookup: Readers/Writers of random cells of every tensor, plus reading the
// first page of 16 refs and the last ref.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>
#include <string>

#include "lookup.h"
#include "step.h"

namespace convbp::steps {
namespace {

struct Layer {
  const char* name;
  ConvShape shape;
};
constexpr Layer kLayers[] = {
    {"Small", {1, 8, 8, 2, 3, 3, 2, 2, 1, 1}},
    {"Conv1_3x224x224_64_k7s2p0", {3, 224, 224, 64, 7, 7, 2, 2, 0, 0}},
    {"Conv1_3x224x224_64_k7s2p3", {3, 224, 224, 64, 7, 7, 2, 2, 3, 3}},
    {"Res56_64x56x56_64_k3s1p0", {64, 56, 56, 64, 3, 3, 1, 1, 0, 0}},
    {"Res56_64x56x56_64_k3s1p1", {64, 56, 56, 64, 3, 3, 1, 1, 1, 1}},
};

struct Computed {
  Problem<double> problem;
  Results<double> results;
};

// Built on first use, so a filtered run only computes the layers it needs.
const Computed& Get(const Layer& layer) {
  static std::map<std::string, std::unique_ptr<Computed>> cache;
  auto& slot = cache[layer.name];
  if (!slot) {
    slot = std::make_unique<Computed>();
    slot->problem = ZeroProblem<double>(layer.shape, LossKind::kGivenGrad);
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(-1, 1);
    for (Tensor<double>* t : {&slot->problem.input, &slot->problem.weight, &slot->problem.bias,
                              &slot->problem.loss_tensor})
      for (double& v : t->values()) v = u(rng);
    slot->results = Compute(slot->problem);
  }
  return *slot;
}

void BM_StepAt(benchmark::State& state, const Layer* layer, Scene scene, Stage stage,
               Granularity g) {
  const Computed& c = Get(*layer);
  const uint64_t count = StepCount(layer->shape, scene, stage, g);
  std::mt19937_64 rng(42);
  std::vector<uint64_t> indices(256);
  for (uint64_t& i : indices) i = rng() % count;
  Step st;
  size_t k = 0;
  for (auto _ : state) {
    StepAt(c.problem, c.results, scene, stage, indices[k++ % indices.size()], g, &st);
    benchmark::DoNotOptimize(st.sum);
  }
  state.counters["steps"] = static_cast<double>(count);
  state.counters["terms"] = static_cast<double>(st.terms.size());
}

void BM_Lookup(benchmark::State& state, const Layer* layer, TensorId tensor, Access access) {
  const ConvShape& s = layer->shape;
  const Dims d = TensorDims(s, tensor);
  std::mt19937 rng(7);
  std::vector<Cell> cells(256);
  for (Cell& cell : cells) {
    cell = Cell{tensor, d.rank, {}};
    for (int a = 0; a < d.rank; ++a)
      cell.idx[size_t(a)] = static_cast<int>(rng() % uint32_t(d.d[size_t(a)]));
  }
  std::array<StepRef, 16> page{};
  size_t k = 0;
  uint64_t total = 0;
  for (auto _ : state) {
    const CellRefs refs = Lookup(s, cells[k++ % cells.size()], access);
    total = refs.total();
    benchmark::DoNotOptimize(refs.Page(0, page.data(), 16));
    if (total) benchmark::DoNotOptimize(refs.At(total - 1));
  }
  state.counters["refs(last)"] = static_cast<double>(total);
}

void BM_ExplainValue(benchmark::State& state, const Layer* layer, TensorId tensor) {
  const Computed& c = Get(*layer);
  const Dims d = TensorDims(layer->shape, tensor);
  std::mt19937 rng(9);
  size_t k = 0;
  std::vector<Cell> cells(256);
  for (Cell& cell : cells) {
    cell = Cell{tensor, d.rank, {}};
    for (int a = 0; a < d.rank; ++a)
      cell.idx[size_t(a)] = static_cast<int>(rng() % uint32_t(d.d[size_t(a)]));
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(ExplainValue(c.problem, c.results, cells[k++ % cells.size()]));
}

void RegisterAll() {
  for (const Layer& layer : kLayers) {
    const std::string base = layer.name;
    for (Scene scene :
         {Scene::kForward, Scene::kBias, Scene::kWeight, Scene::kInput, Scene::kMatrix})
      for (Stage stage : StagesOf(layer.shape, scene))
        for (Granularity g : {Granularity::kWindow, Granularity::kMac}) {
          if (g == Granularity::kMac && IsMoveStage(stage)) continue;  // same as window
          const std::string name = "StepAt/" + base + "/" + SceneName(scene) + "/" +
                                   StageName(stage) +
                                   (g == Granularity::kWindow ? "/window" : "/mac");
          benchmark::RegisterBenchmark(name.c_str(), BM_StepAt, &layer, scene, stage, g)
              ->Unit(benchmark::kMicrosecond);
        }
    for (int t = 2; t < kTensorIdCount; ++t)
      for (Access access : {Access::kRead, Access::kWrite}) {
        const auto tensor = static_cast<TensorId>(t);
        const std::string name = std::string("Lookup/") + base + "/" + TensorName(tensor) +
                                 (access == Access::kRead ? "/readers" : "/writers");
        benchmark::RegisterBenchmark(name.c_str(), BM_Lookup, &layer, tensor, access)
            ->Unit(benchmark::kMicrosecond);
      }
    for (TensorId tensor : {TensorId::kGradInput, TensorId::kGradWeight, TensorId::kOutput}) {
      const std::string name = std::string("ExplainValue/") + base + "/" + TensorName(tensor);
      benchmark::RegisterBenchmark(name.c_str(), BM_ExplainValue, &layer, tensor)
          ->Unit(benchmark::kMicrosecond);
    }
  }
}

}  // namespace
}  // namespace convbp::steps

int main(int argc, char** argv) {
  convbp::steps::RegisterAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
