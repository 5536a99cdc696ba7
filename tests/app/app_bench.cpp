// Interactive-speed benchmarks of the real app (issue 4), run under Xvfb:
//   - one frame at 1600×1000 while an animation plays (default problem and
//     8×32×32→8 k3 s2), GPU work included (glFinish);
//   - a slider change on 3×224×224→64 k7 s2 until the next frame is drawn;
//   - cold start: launching `convbp --frames 1` until it exits.
// Goals: ≤ 16.7 ms, ≤ 16 ms and ≤ 0.5 s. Run: bash tests/with_xvfb.sh build/tests/app/app_bench
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

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
void BM_BigLayerCompute(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st) benchmark::DoNotOptimize(Compute(s.problem));
}
void BM_BigLayerCanvas(benchmark::State& st) {
  AppState s = StateFor(kBigLayer);
  for (auto _ : st)
    benchmark::DoNotOptimize(BuildSceneCanvas(s.problem, s.results, s.derived.focus));
}

void BM_ColdStart(benchmark::State& st) {
  const std::string cmd = std::string(CONVBP_APP) + " --frames 1 --size 1600x1000";
  for (auto _ : st) {
    if (std::system(cmd.c_str()) != 0) st.SkipWithError("convbp --frames 1 failed");
  }
}

BENCHMARK(BM_FrameDefault)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_FrameMedium)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_FrameMatrix)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_FrameMatrixMedium)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_SliderChangeBigLayer)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_FrameBigLayer)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BigLayerApplyChange)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BigLayerCompute)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BigLayerCanvas)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ColdStart)->Unit(benchmark::kMillisecond)->Iterations(5);

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
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
