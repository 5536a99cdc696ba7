// conv_bench: the fast path (conv_fast.h) against the plain loops
// (conv_direct.h) on the four shapes of issue 2 §6, in float and double, plus
// the single-core Eigen GEMM peak the fast path is measured against.
//
// Names are  <route>/<op>/<dtype>/<shape>  e.g. fast/forward/f32/3x224x224to64_k7s2,
// and         peak/<sgemm|dgemm>/<n>.
// Every conv benchmark reports a FLOP/s counter (2 flops per multiply-add of
// the forward pass; the two gradients cost the same). After the run, main
// prints a summary: fast/plain time ratio per line and fast GFLOP/s as a
// share of the GEMM peak measured in the same process.
// tests/bench/compare_torch.py runs this binary and times PyTorch beside it.
// Everything runs on one thread, so iterations are sized and FLOP/s and the
// summary computed from the thread's CPU time, which a busy shared host
// disturbs less than wall time (both are in the JSON output). There, also
// prefer many short repetitions, whose median drops disturbed samples, e.g.
//   conv_bench --benchmark_repetitions=15 --benchmark_min_time=0.005
// (the summary then uses each benchmark's median).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <tuple>

#include "conv_direct.h"
#include "conv_fast.h"
#include "engine.h"
#include "presets.h"

namespace convbp {
namespace {

// The plain loops would be skipped where one iteration takes over ~2 s, but
// none does on these shapes: the slowest, InputGradPaddedDirect on the 224×224
// stem (3·224²·64·49 ≈ 472M branchy steps), measured ~0.7 s. So every plain
// loop runs, once per iteration, as the same-process baseline.
struct BenchShape {
  const char* name;
  ConvShape shape;
};

ConvShape Make(int c_in, int hw, int c_out, int k, int s, int dilation = 1, int groups = 1) {
  ConvShape sh;
  sh.c_in = c_in, sh.h = sh.w = hw, sh.c_out = c_out;
  sh.k1 = sh.k2 = k, sh.s1 = sh.s2 = s, sh.p1 = sh.p2 = 0;
  sh.d1 = sh.d2 = dilation, sh.groups = groups;
  return sh;
}

const BenchShape kShapes[] = {
    {"3x7x7to2_k3s2", Make(3, 7, 2, 3, 2)},
    {"16x64x64to32_k3s2", Make(16, 64, 32, 3, 2)},
    {"3x224x224to64_k7s2", Make(3, 224, 64, 7, 2)},
    {"64x56x56to64_k3s1", Make(64, 56, 64, 3, 1)},
    {"32x56x56to32_k3s1_g32", Make(32, 56, 32, 3, 1, 1, 32)},  // depthwise
    {"16x64x64to32_k3s2_d2", Make(16, 64, 32, 3, 2, 2)},       // dilation 2
};

enum class Op { kForward, kGradWeight, kGradInput };
const char* OpName(Op op) {
  return op == Op::kForward ? "forward" : op == Op::kGradWeight ? "grad_weight" : "grad_input";
}

template <typename T>
Tensor<T> Random(const std::array<int, 3>& dims, std::mt19937& rng) {
  std::uniform_real_distribution<T> uni(-1, 1);
  Tensor<T> t(dims);
  for (T& v : t.values()) v = uni(rng);
  return t;
}

template <typename T>
struct Inputs {
  Tensor<T> pz, weight, bias, delta;
  explicit Inputs(const ConvShape& s) {
    std::mt19937 rng(1);
    pz = Random<T>(s.PaddedInputDims(), rng);
    delta = Random<T>(s.OutputDims(), rng);
    const std::array<int, 4> wd = s.WeightDims();
    weight = Tensor<T>(wd);
    std::uniform_real_distribution<T> uni(-1, 1);
    for (T& v : weight.values()) v = uni(rng);
    bias = Tensor<T>(std::vector<int>{s.c_out}, T(0.5));
  }
};

template <typename T>
Tensor<T> RunOp(const ConvShape& s, const Inputs<T>& in, Op op, bool fast) {
  switch (op) {
    case Op::kForward:
      return fast ? ForwardFast(s, in.pz, in.weight, in.bias)
                  : ForwardDirect(s, in.pz, in.weight, in.bias);
    case Op::kGradWeight:
      return fast ? WeightGradFast(s, in.pz, in.delta) : WeightGradDirect(s, in.pz, in.delta);
    case Op::kGradInput:
      return fast ? InputGradPaddedFast(s, in.weight, in.delta)
                  : InputGradPaddedDirect(s, in.weight, in.delta);
  }
  return {};
}

template <typename T>
void BM_Conv(benchmark::State& state, ConvShape s, Op op, bool fast) {
  const Inputs<T> in(s);
  for (auto _ : state) {
    Tensor<T> out = RunOp(s, in, op, fast);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.counters["FLOP/s"] = benchmark::Counter(2.0 * double(s.ForwardMacs()),
                                                benchmark::Counter::kIsIterationInvariantRate);
}

// The first fast call on a shape: each iteration starts a new thread, whose
// thread_local scratch is empty, writes fresh inputs there and times one
// call (manual time: the thread start and input writing are not counted).
// The forward and input-gradient outputs are handed in (*Into, allocated
// with the inputs, as a caller that keeps its result tensors does); the
// weight gradient (C_out·C_in/g·k1·k2 values) is returned as usual.
// Run alone in a fresh process (compare_torch.py does:
//   conv_bench --benchmark_filter='^first_call/forward/f32/<shape>/'
// ) the call is also the process's first.
template <typename T>
void BM_FirstCall(benchmark::State& state, ConvShape s, Op op) {
  for (auto _ : state) {
    double seconds = 0;
    std::thread([&] {
      const Inputs<T> in(s);
      const std::array<int, 3> dims =
          op == Op::kForward ? s.OutputDims() : s.PaddedInputDims();  // unused for kGradWeight
      Tensor<T> out(dims);
      const auto t0 = std::chrono::steady_clock::now();
      switch (op) {
        case Op::kForward: ForwardFastInto(s, in.pz, in.weight, in.bias, out); break;
        case Op::kGradInput: InputGradPaddedFastInto(s, in.weight, in.delta, out); break;
        case Op::kGradWeight: out = WeightGradFast(s, in.pz, in.delta); break;
      }
      benchmark::DoNotOptimize(out.data());
      benchmark::ClobberMemory();
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }).join();
    state.SetIterationTime(seconds);
  }
}

// How the whole engine (Compute<double>, as the app calls it: every result
// and intermediate) grows with the layer: scale/<input> on the 3×224×224 →
// 64 k7 s2 layer's other parameters, input sizes 1×8×8 … 3×224×224.
// results_mb counts the bytes of every tensor Compute returns; peak_rss_mb
// is the process's peak so far (the series runs smallest first).
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  double kb = 0;
  while (status >> key)
    if (key == "VmHWM:" && status >> kb) return kb / 1024;
  return 0;
}

void BM_ComputeScale(benchmark::State& state, ConvShape s) {
  Problem<double> p = MakePresetProblem(s, ValuePreset::kRandom, 1, LossKind::kGivenGrad);
  double bytes = 0;
  for (auto _ : state) {
    const Results<double> r = Compute(p);
    benchmark::DoNotOptimize(r.grad_input.data());
    bytes = 0;
    for (const Tensor<double>* t :
         {&r.input_padded, &r.output, &r.grad_output, &r.grad_output_dilated, &r.grad_output_padded,
          &r.weight_rot180, &r.weight_positions, &r.grad_weight, &r.grad_bias, &r.grad_input_padded,
          &r.grad_input})
      bytes += double(t->size() * sizeof(double));
  }
  state.counters["macs"] = double(s.ForwardMacs());
  state.counters["results_mb"] = bytes / (1 << 20);
  state.counters["peak_rss_mb"] = PeakRssMb();
}

// Single-core GEMM peak: C = A·B with n×n row-major matrices, Eigen's own
// kernel (the one the fast path calls), no threads (no -fopenmp).
template <typename T>
void BM_GemmPeak(benchmark::State& state, Eigen::Index n) {
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const M a = M::Random(n, n), b = M::Random(n, n);
  M c(n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["FLOP/s"] = benchmark::Counter(2.0 * double(n) * double(n) * double(n),
                                                benchmark::Counter::kIsIterationInvariantRate);
}

std::string Name(const char* route, Op op, const char* dtype, const char* shape) {
  return std::string(route) + "/" + OpName(op) + "/" + dtype + "/" + shape;
}

template <typename T>
void RegisterConv(const char* dtype) {
  for (const BenchShape& b : kShapes)
    for (Op op : {Op::kForward, Op::kGradWeight, Op::kGradInput}) {
      benchmark::RegisterBenchmark(Name("fast", op, dtype, b.name).c_str(), BM_Conv<T>, b.shape, op,
                                   true)
          ->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark(Name("plain", op, dtype, b.name).c_str(), BM_Conv<T>, b.shape,
                                   op, false)
          ->Unit(benchmark::kMicrosecond);
      // Iterations(1): one first call per repetition; repeat for a median.
      benchmark::RegisterBenchmark(Name("first_call", op, dtype, b.name).c_str(), BM_FirstCall<T>,
                                   b.shape, op)
          ->Unit(benchmark::kMicrosecond)
          ->UseManualTime()
          ->Iterations(1);
    }
}

// Console output as usual, and every run's time and GFLOP/s remembered for
// the summary. With --benchmark_repetitions the median aggregate wins.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  struct Entry {
    double us = 0, real_us = 0, gflops = 0;
  };
  std::map<std::string, Entry> runs;

  void ReportRuns(const std::vector<Run>& reports) override {
    for (const Run& r : reports) {
      if (r.error_occurred) continue;
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if (r.run_type == Run::RT_Aggregate && !median) continue;
      const std::string name = r.run_name.function_name;
      if (median || !runs.count(name)) {
        Entry e;
        e.us = r.GetAdjustedCPUTime();  // in the benchmark's unit: µs
        e.real_us = r.GetAdjustedRealTime();
        const auto it = r.counters.find("FLOP/s");
        if (it != r.counters.end()) e.gflops = 1e-9 * it->second.value;
        runs[name] = e;
      }
    }
    ConsoleReporter::ReportRuns(reports);
  }

  void PrintSummary() const {
    auto find = [&](const std::string& key) -> const Entry* {
      const auto it = runs.find(key);
      return it == runs.end() ? nullptr : &it->second;
    };
    std::printf(
        "\nsummary (thread CPU time; medians when repeated): fast/plain = fast time ÷ plain-loop "
        "time\n");
    for (const char* dtype : {"f32", "f64"}) {
      const Entry* peak =
          find(std::string("peak/") + (dtype[1] == '3' ? "sgemm" : "dgemm") + "/1024");
      if (peak)
        std::printf("%s GEMM peak (Eigen, 1 core, n=1024): %.1f GFLOP/s\n", dtype, peak->gflops);
      for (const BenchShape& b : kShapes)
        for (Op op : {Op::kForward, Op::kGradWeight, Op::kGradInput}) {
          const Entry* f = find(Name("fast", op, dtype, b.name));
          if (!f) continue;
          const Entry* p = find(Name("plain", op, dtype, b.name));  // absent if filtered
          std::printf("  %-22s %-12s %s fast %10.1f us %7.1f GFLOP/s", b.name, OpName(op), dtype,
                      f->us, f->gflops);
          if (peak) std::printf(" (%5.1f%% of peak)", 100 * f->gflops / peak->gflops);
          if (p) std::printf("  plain %11.1f us  fast/plain %.4f", p->us, f->us / p->us);
          else std::printf("  plain (not run)");
          // First call against the steady state, both in wall time.
          if (const Entry* first = find(Name("first_call", op, dtype, b.name)))
            std::printf("  first %9.1f us first/warm %.2f", first->real_us,
                        first->real_us / f->real_us);
          std::printf("\n");
        }
    }
  }
};

}  // namespace
}  // namespace convbp

int main(int argc, char** argv) {
  using namespace convbp;
  benchmark::RegisterBenchmark("peak/sgemm/1024", BM_GemmPeak<float>, 1024)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("peak/dgemm/1024", BM_GemmPeak<double>, 1024)
      ->Unit(benchmark::kMicrosecond);
  RegisterConv<float>("f32");
  RegisterConv<double>("f64");
  for (const auto& [name, c, hw] :
       {std::tuple{"1x8x8", 1, 8}, std::tuple{"1x32x32", 1, 32}, std::tuple{"3x64x64", 3, 64},
        std::tuple{"3x128x128", 3, 128}, std::tuple{"3x224x224", 3, 224}})
    benchmark::RegisterBenchmark((std::string("scale/") + name).c_str(), BM_ComputeScale,
                                 Make(c, hw, 64, 7, 2))
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintSummary();
  benchmark::Shutdown();
  return 0;
}
