// Interactive-speed benchmarks of the real app (issues 4 and 16), run under Xvfb:
//   - one frame at 1600×1000 while an animation plays (default problem and
//     8×32×32→8 k3 s2), GPU work included (glFinish);
//   - a slider change on 3×224×224→64 k7 s2 until the next frame is drawn,
//     alternated with a plain default-layer frame (BM_SliderChangeVsPlainFrame
//     reports both medians and their ratio);
//   - cold start: launching `convbp --frames 1` until it exits;
//   - BM_Scale/<layer>: how Compute, the canvas model, a change-to-frame and
//     the process's memory grow with the layer, 1×8×8 to 3×224×224, and the
//     memory of a 1×1024×1024 layer (typed into the H field).
// Goals: ≤ 16.7 ms, ≤ 16 ms, ≤ 0.5 s, < 300 MB. All times are wall time
// (UseRealTime: the GPU and the helper threads work off the main thread).
// Run: bash tests/with_xvfb.sh build/tests/app/app_bench
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app_state.h"
#include "app_window.h"
#include "memory_policy.h"

namespace convbp::app {
namespace {

AppWindow* g_window = nullptr;

AppState StateFor(const std::vector<std::string>& flags) {
  LaunchOptions o;
  ParseLaunchOptions(flags, o);
  AppState s;
  InitFromLaunchOptions(s, o);
  return s;
}

void FramesWhilePlaying(benchmark::State& st, const std::vector<std::string>& flags) {
  AppState s = StateFor(flags);
  s.nav.playing = true;
  s.nav.speed = 4;
  for (auto _ : st) {
    g_window->Frame(s, 1.0f / 60);
    glFinish();
    if (!s.nav.playing) s.nav.playing = true;  // keep animating through stage ends
  }
  st.counters["cells"] = double(s.derived.canvas.cells.size());
}

void BM_FrameDefault(benchmark::State& st) {
  FramesWhilePlaying(st, {"--scene", "input", "--stage", "slide"});
}
void BM_FrameMedium(benchmark::State& st) {
  FramesWhilePlaying(st, {"--input", "8x32x32", "--out-channels", "8", "--kernel", "3x3",
                          "--stride", "2x2", "--scene", "input", "--stage", "slide"});
}

// Issue 14's matrix scene: C drawn cell by cell (the seed, 4×25), and a
// layer whose C (2048×8192) is a density picture with a zoomed band.
void BM_FrameMatrix(benchmark::State& st) {
  FramesWhilePlaying(st, {"--scene", "matrix", "--stage", "transposed_product"});
}
void BM_FrameMatrixMedium(benchmark::State& st) {
  FramesWhilePlaying(st, {"--input", "8x32x32", "--out-channels", "8", "--kernel", "3x3",
                          "--stride", "2x2", "--scene", "matrix", "--stage", "product"});
}

// The big layer: 3×224×224 → 64, k 7×7, stride 2, forward scene.
const std::vector<std::string> kBigLayer = {"--input",  "3x224x224", "--out-channels", "64",
                                            "--kernel", "7x7",       "--stride",       "2x2",
                                            "--scene",  "forward"};

// What a kernel-size slider moving between 7 and 5 does to the state.
void FlipKernelSize(AppState& s) {
  const int k = s.controls.edit_shape.k1 == 7 ? 5 : 7;
  s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = k;
  s.dirty.problem = true;
}

// A slider change on the big layer: recompute (values, engine, step,
// canvas) and draw the next frame.
void BM_SliderChangeBigLayer(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st) {
    FlipKernelSize(s);
    g_window->Frame(s, 1.0f / 60);
    glFinish();
  }
  st.counters["cells"] = double(s.derived.canvas.cells.size());
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double MsBetween(std::chrono::steady_clock::time_point t0,
                 std::chrono::steady_clock::time_point t1) {
  return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return MsBetween(t0, std::chrono::steady_clock::now());
}

// The slider change beside a plain frame of the default layer, alternated,
// so that the ratio shows what the change adds on the same (possibly busy)
// machine: slider_ms and plain_ms are medians over the iterations.
void BM_SliderChangeVsPlainFrame(benchmark::State& st) {
  AppState big = StateFor(kBigLayer);
  AppState plain = StateFor({"--scene", "input", "--stage", "slide"});
  plain.nav.playing = true;
  std::vector<double> shown, ready, frame;
  for (auto _ : st) {
    auto t0 = std::chrono::steady_clock::now();
    FlipKernelSize(big);
    g_window->Frame(big, 1.0f / 60);
    glFinish();
    shown.push_back(MsBetween(t0, g_window->last_frame_shown()));
    ready.push_back(MsSince(t0));
    t0 = std::chrono::steady_clock::now();
    g_window->Frame(plain, 1.0f / 60);
    glFinish();
    frame.push_back(MsSince(t0));
    if (!plain.nav.playing) plain.nav.playing = true;
  }
  // slider_ms: the change until its frame was on screen; ready_ms: until
  // Frame returned, with the backward pass (which the forward scene does
  // not show) joined — the earliest the next input is handled.
  st.counters["slider_ms"] = Median(shown);
  st.counters["ready_ms"] = Median(ready);
  st.counters["plain_ms"] = Median(frame);
  st.counters["ratio"] = Median(shown) / std::max(Median(frame), 1e-9);
}

// The parts of a slider change, to see where the time goes: drawing the
// big layer without any change (GPU + ImGui), the change without drawing
// (new values, engine, step, canvas model), the engine alone, the canvas
// model alone.
void BM_FrameBigLayer(benchmark::State& st) { FramesWhilePlaying(st, kBigLayer); }
void BM_BigLayerApplyChange(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st) {
    FlipKernelSize(s);
    ApplyPendingChanges(s);
  }
}
// What the frame waits for on a change in the forward scene: the backward
// pass is left waiting (and done outside the timing).
void BM_BigLayerApplyForwardFirst(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st) {
    FlipKernelSize(s);
    ApplyPendingChanges(s, ApplyMode::kForwardFirst);
    st.PauseTiming();
    FinishBackward(s);
    st.ResumeTiming();
  }
}
void BM_BigLayerCompute(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st) benchmark::DoNotOptimize(Compute(s.problem));
}
void BM_BigLayerCanvas(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st)
    benchmark::DoNotOptimize(BuildSceneCanvas(s.problem, s.results, s.derived.focus));
}

// The process's resident memory now and at its peak, MB (/proc/self/status).
std::pair<double, double> ResidentMb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  double rss = 0, peak = 0;
  while (status >> key) {
    double kb = 0;
    if (key == "VmRSS:" && status >> kb) rss = kb / 1024;
    else if (key == "VmHWM:" && status >> kb) peak = kb / 1024;
  }
  return {rss, peak};
}

// One layer of the scale series: a change (flip k between two values) to
// the next drawn frame and the process's memory after those changes, then
// Compute and the canvas model alone (medians of 3). The series runs
// smallest first, so `peak_mb` is the peak of the layers so far; the
// process holds ~115 MB before any layer (GL, llvmpipe, fonts).
void BM_Scale(benchmark::State& st, std::vector<std::string> flags) {
  AppState s = StateFor(flags);
  std::vector<double> compute, canvas, change;
  const int k = s.controls.edit_shape.k1, other = k > 1 ? k - 1 : k + 1;
  for (auto _ : st) {
    const auto t0 = std::chrono::steady_clock::now();
    s.controls.edit_shape.k1 = s.controls.edit_shape.k2 = s.controls.edit_shape.k1 == k ? other : k;
    s.dirty.problem = true;
    g_window->Frame(s, 1.0f / 60);
    glFinish();
    change.push_back(MsSince(t0));
  }
  // The memory of the app's own path (changes and frames), before the
  // timings below make their own temporary results and canvas.
  const auto [rss, peak] = ResidentMb();
  for (int n = 0; n < 3; ++n) {
    auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(Compute(s.problem));
    compute.push_back(MsSince(t0));
    t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(BuildSceneCanvas(s.problem, s.results, s.derived.focus));
    canvas.push_back(MsSince(t0));
  }
  st.counters["compute_ms"] = Median(compute);
  st.counters["canvas_ms"] = Median(canvas);
  st.counters["change_frame_ms"] = Median(change);
  st.counters["cells"] = double(s.derived.canvas.cells.size());
  st.counters["rss_mb"] = rss;
  st.counters["peak_mb"] = peak;
}

void BM_ColdStart(benchmark::State& st) {
  const std::string cmd = std::string(CONVBP_APP) + " --frames 1 --size 1600x1000";
  for (auto _ : st) {
    if (std::system(cmd.c_str()) != 0) st.SkipWithError("convbp --frames 1 failed");
  }
}

BENCHMARK(BM_FrameDefault)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_FrameMedium)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_FrameMatrix)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_FrameMatrixMedium)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_SliderChangeBigLayer)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_SliderChangeVsPlainFrame)->Unit(benchmark::kMillisecond)->Iterations(40);
BENCHMARK(BM_FrameBigLayer)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_BigLayerApplyChange)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BigLayerApplyForwardFirst)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BigLayerCompute)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BigLayerCanvas)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ColdStart)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

// The scale series: one input size after another, the 3×224×224 → 64 k7 s2
// layer's other parameters throughout; last, the 1×1024×1024 default layer.
void RegisterScaleSeries() {
  const std::vector<std::string> big = {"--out-channels", "64",  "--kernel", "7x7",
                                        "--stride",       "2x2", "--scene",  "forward"};
  for (const char* input : {"1x8x8", "1x32x32", "3x64x64", "3x128x128", "3x224x224"}) {
    std::vector<std::string> flags = {"--input", input};
    flags.insert(flags.end(), big.begin(), big.end());
    benchmark::RegisterBenchmark((std::string("BM_Scale/") + input).c_str(), BM_Scale, flags)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(5);
  }
  benchmark::RegisterBenchmark("BM_Scale/1x1024x1024_default", BM_Scale,
                               std::vector<std::string>{"--input", "1x1024x1024"})
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3);
}

}  // namespace
}  // namespace convbp::app

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  convbp::app::KeepFreedBuffersForReuse();  // as the app does (memory_policy.h)
  convbp::app::AppWindow window;
  const std::string error = window.Open(1600, 1000, false);
  if (!error.empty()) {
    std::fprintf(stderr, "app_bench: %s (run under xvfb-run -a)\n", error.c_str());
    return 1;
  }
  convbp::app::g_window = &window;
  convbp::app::RegisterScaleSeries();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
