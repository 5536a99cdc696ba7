#!/usr/bin/python3
"""Time PyTorch (1 thread) and convbp's fast path on the same shapes, same run.

Run with Debian's interpreter, which has python3-torch:

    /usr/bin/python3 tests/bench/compare_torch.py [path/to/conv_bench]

Without a path the script looks for conv_bench under build*/tests/bench/.
For every (shape, op, dtype) it prints ONE JSON line:

    {"shape": "...", "op": "forward|grad_weight|grad_input", "dtype": "f32|f64",
     "ours_us": ..., "torch_us": ..., "ratio": ours/torch, "threads": 1,
     "ours_cpu_us": ..., "torch_cpu_us": ..., "cpu_ratio": ...}

ours_us / torch_us are wall-clock times; the *_cpu_us fields are the same
medians in CPU time of the timed thread, which a busy shared host disturbs
less (preemption is not counted; cache and frequency effects still are).

Both sides are medians of repeated runs, alternated ROUNDS times per line so
that a burst of load on a shared host hits both. Ours: conv_bench's median
aggregate over REPEATS short repetitions (real time). Torch: the median of
REPEATS timed samples after a warm-up, for F.conv2d (forward),
torch.nn.grad.conv2d_weight and torch.nn.grad.conv2d_input, called the way a
user would (Python call overhead included, which dominates the tiny shape).
"""

import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

# Names match conv_bench's kShapes: C_in x H x W -> C_out, kernel k, stride s.
SHAPES = {
    "3x7x7to2_k3s2": (3, 7, 2, 3, 2),
    "16x64x64to32_k3s2": (16, 64, 32, 3, 2),
    "3x224x224to64_k7s2": (3, 224, 64, 7, 2),
    "64x56x56to64_k3s1": (64, 56, 64, 3, 1),
    # (c_in, hw, c_out, k, s, dilation, groups)
    "32x56x56to32_k3s1_g32": (32, 56, 32, 3, 1, 1, 32),
    "16x64x64to32_k3s2_d2": (16, 64, 32, 3, 2, 2, 1),
}
DTYPES = {"f32": torch.float32, "f64": torch.float64}
OPS = ("forward", "grad_weight", "grad_input")
# CONVBP_SHAPES="a,b" times only those shapes (all when unset).
ONLY = [n for n in os.environ.get("CONVBP_SHAPES", "").split(",") if n]
# Both sides take REPEATS samples of ≥ SAMPLE_S seconds each and keep the
# median: short samples let the median drop the ones a preemption hit.
REPEATS = 15
SAMPLE_S = 0.005
ROUNDS = 3  # alternations of ours and torch per line
THREADS = 1


def find_bench():
    if len(sys.argv) > 1:
        return sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    found = sorted(glob.glob(os.path.join(root, "build*", "tests", "bench", "conv_bench")),
                   key=os.path.getmtime, reverse=True)
    if not found:
        sys.exit("conv_bench not found under build*/tests/bench; pass its path")
    return found[0]


def time_ours(bench, shape, op, dtype):
    """Median (wall µs, thread-CPU µs) of conv_bench's fast/<op>/<dtype>/<shape>."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        subprocess.run([bench, f"--benchmark_filter=^fast/{op}/{dtype}/{shape}(/|$)",
                        f"--benchmark_repetitions={REPEATS}",
                        "--benchmark_report_aggregates_only=true",
                        f"--benchmark_min_time={SAMPLE_S}",
                        "--benchmark_out=" + out, "--benchmark_out_format=json"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(out) as f:
            report = json.load(f)
    for b in report["benchmarks"]:
        if b.get("aggregate_name") == "median":
            assert b["time_unit"] == "us", b["time_unit"]
            return b["real_time"], b["cpu_time"]
    sys.exit(f"conv_bench reported no fast/{op}/{dtype}/{shape}")


def time_torch(shape, op, dtype):
    c_in, hw, c_out, k, s, d, groups = (SHAPES[shape] + (1, 1))[:7]
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(1, c_in, hw, hw, generator=gen, dtype=dtype) * 2 - 1
    w = torch.rand(c_out, c_in // groups, k, k, generator=gen, dtype=dtype) * 2 - 1
    b = torch.full((c_out,), 0.5, dtype=dtype)
    geo = dict(stride=s, dilation=d, groups=groups)
    g = torch.rand_like(F.conv2d(x, w, **geo)) * 2 - 1
    call = {
        "forward": lambda: F.conv2d(x, w, b, **geo),
        "grad_weight": lambda: torch.nn.grad.conv2d_weight(x, w.shape, g, **geo),
        "grad_input": lambda: torch.nn.grad.conv2d_input(x.shape, w, g, **geo),
    }[op]
    with torch.no_grad():
        # Enough calls per sample that a sample lasts ≥ SAMPLE_S.
        t0 = time.perf_counter()
        call()
        once = time.perf_counter() - t0
        inner = max(1, int(SAMPLE_S / max(once, 1e-7)))
        for _ in range(3):
            call()
        wall, cpu = [], []
        for _ in range(REPEATS):
            t0, c0 = time.perf_counter(), time.thread_time()
            for _ in range(inner):
                call()
            wall.append((time.perf_counter() - t0) / inner)
            cpu.append((time.thread_time() - c0) / inner)
    return statistics.median(wall) * 1e6, statistics.median(cpu) * 1e6


def main():
    torch.set_num_threads(THREADS)
    bench = find_bench()
    for dtype_name, dtype in DTYPES.items():
        for shape in [n for n in SHAPES if not ONLY or n in ONLY]:
            for op in OPS:
                # Ours and torch alternate, ROUNDS times, so that both see
                # the same machine load (the host may be shared); each side
                # reports the median of its per-round medians.
                ours, theirs = [], []
                for _ in range(ROUNDS):
                    ours.append(time_ours(bench, shape, op, dtype_name))
                    theirs.append(time_torch(shape, op, dtype))
                ours_us, ours_cpu = (statistics.median(t) for t in zip(*ours))
                torch_us, torch_cpu = (statistics.median(t) for t in zip(*theirs))
                print(json.dumps({"shape": shape, "op": op, "dtype": dtype_name,
                                  "ours_us": round(ours_us, 3),
                                  "torch_us": round(torch_us, 3),
                                  "ratio": round(ours_us / torch_us, 4),
                                  "threads": THREADS,
                                  "ours_cpu_us": round(ours_cpu, 3),
                                  "torch_cpu_us": round(torch_cpu, 3),
                                  "cpu_ratio": round(ours_cpu / torch_cpu, 4)}),
                      flush=True)


if __name__ == "__main__":
    main()
