#!/usr/bin/python3
"""Time PyTorch (1 thread) and convbp's fast path on the same shapes, same run.

Run with Debian's interpreter, which has python3-torch:

    /usr/bin/python3 tests/bench/compare_torch.py [path/to/conv_bench]

Without a path the script looks for conv_bench under build*/tests/bench/.
For every (shape, op, dtype) it prints ONE JSON line:

    {"shape": "...", "op": "forward|grad_weight|grad_input", "dtype": "f32|f64",
     "ours_us": ..., "torch_us": ..., "ratio": ours/torch,            <- warm
     "first_ours_us": ..., "first_torch_us": ..., "first_ratio": ...,  <- first call
     "ours_spread": [min, max], "torch_spread": [...],
     "first_ours_spread": [...], "first_torch_spread": [...], "threads": 1}

All times are wall-clock microseconds of one call. Two protocols, because a
benchmark of short samples in fresh processes mixes two different things:

warm (steady state). Each side first runs for >= WARMUP_S, then takes
SAMPLES samples of >= SAMPLE_S each (many calls per sample; the sample's time
divided by its calls); the figure is the median of those samples. The samples
come in ROUNDS rounds that alternate ours and torch, so a burst of load on a
shared host hits both sides. Ours: conv_bench's fast/<op>/<dtype>/<shape>
(Google Benchmark repetitions, real time). Torch: F.conv2d (forward),
torch.nn.grad.conv2d_weight and torch.nn.grad.conv2d_input, called the way
a user would (Python call overhead included, which dominates the tiny shape).

first_call. The first call on the shape in a process that has never run a
convolution, FIRST_PROCESSES times per line, ours and torch alternated; the
figure is the median. Ours: a fresh conv_bench process running only
first_call/<op>/<dtype>/<shape> (one call, in a new thread with empty
scratch; its inputs are written just before). Torch: a child forked from
this script after `import torch` and torch.set_num_threads(1) but BEFORE
this script runs any convolution (all first-call measurements happen before
the warm ones), so each child's one timed call is the first convolution of
any kind in that process; it pays torch's lazy start-up (dispatcher,
oneDNN/native kernel selection, allocator) exactly as a user's first call
would, and we report that as it is. What neither side counts: process
start, loading libraries (`import torch`; the dynamic loader for ours) and
writing the inputs. One child or process per (shape, op, dtype) and sample
— never two timed calls in one process — so every first call is honest.

Load: the host may be shared; only the same-run ratios mean much, and the
spreads show how noisy a line was. A whole run takes about three minutes.
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
WARMUP_S = 0.05
SAMPLE_S = 0.05
ROUNDS = 3             # alternations of ours and torch per line (warm)
SAMPLES_PER_ROUND = 3  # so each side has ROUNDS * SAMPLES_PER_ROUND = 9 samples
FIRST_PROCESSES = 7
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


def run_bench(bench, name, extra):
    """Real times (µs) of every non-aggregate run of conv_bench's `name`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        subprocess.run([bench, f"--benchmark_filter=^{name}(/|$)",
                        "--benchmark_out=" + out, "--benchmark_out_format=json"] + extra,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(out) as f:
            report = json.load(f)
    times = [b["real_time"] for b in report["benchmarks"] if b.get("run_type") == "iteration"]
    if not times:
        sys.exit(f"conv_bench reported no {name}")
    assert all(b["time_unit"] == "us" for b in report["benchmarks"])
    return times


def ours_warm(bench, shape, op, dtype):
    return run_bench(bench, f"fast/{op}/{dtype}/{shape}",
                     [f"--benchmark_repetitions={SAMPLES_PER_ROUND}",
                      f"--benchmark_min_time={SAMPLE_S}",
                      f"--benchmark_min_warmup_time={WARMUP_S}"])


def ours_first(bench, shape, op, dtype):
    (t,) = run_bench(bench, f"first_call/{op}/{dtype}/{shape}", ["--benchmark_repetitions=1"])
    return t


def torch_call(shape, op, dtype):
    """Fresh inputs and the user-level call for (shape, op, dtype).

    The gradient's shape comes from the formula, not from running F.conv2d,
    so that building the call runs no convolution."""
    c_in, hw, c_out, k, s, d, groups = (SHAPES[shape] + (1, 1))[:7]
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(1, c_in, hw, hw, generator=gen, dtype=dtype) * 2 - 1
    w = torch.rand(c_out, c_in // groups, k, k, generator=gen, dtype=dtype) * 2 - 1
    b = torch.full((c_out,), 0.5, dtype=dtype)
    out_hw = (hw - d * (k - 1) - 1) // s + 1
    g = torch.rand(1, c_out, out_hw, out_hw, generator=gen, dtype=dtype) * 2 - 1
    geo = dict(stride=s, dilation=d, groups=groups)
    return {
        "forward": lambda: F.conv2d(x, w, b, **geo),
        "grad_weight": lambda: torch.nn.grad.conv2d_weight(x, w.shape, g, **geo),
        "grad_input": lambda: torch.nn.grad.conv2d_input(x.shape, w, g, **geo),
    }[op]


def torch_first(shape, op, dtype):
    """The first call, in a child forked before this process ran any conv."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: one timed call, its time down the pipe, exit
        os.close(read)
        status = 1
        try:
            with torch.no_grad():
                call = torch_call(shape, op, dtype)
                t0 = time.perf_counter()
                call()
                dt = time.perf_counter() - t0
            os.write(write, repr(dt * 1e6).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read) as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not text:
        sys.exit(f"torch first-call child failed for {shape} {op}")
    return float(text)


def torch_warm(shape, op, dtype):
    call = torch_call(shape, op, dtype)
    with torch.no_grad():
        t0 = time.perf_counter()
        calls = 0
        while time.perf_counter() - t0 < WARMUP_S:
            call()
            calls += 1
        # Enough calls per sample that a sample lasts >= SAMPLE_S.
        inner = max(1, int(calls * SAMPLE_S / (time.perf_counter() - t0)) + 1)
        samples = []
        for _ in range(SAMPLES_PER_ROUND):
            t0 = time.perf_counter()
            for _ in range(inner):
                call()
            samples.append((time.perf_counter() - t0) / inner * 1e6)
    return samples


def lines():
    for dtype_name, dtype in DTYPES.items():
        for shape in [n for n in SHAPES if not ONLY or n in ONLY]:
            for op in OPS:
                yield shape, op, dtype_name, dtype


def spread(xs):
    return [round(min(xs), 3), round(max(xs), 3)]


def main():
    torch.set_num_threads(THREADS)
    bench = find_bench()
    # First calls before anything else: the torch children must be forked
    # from a process that has not run a convolution yet.
    first = {}
    for shape, op, dtype_name, dtype in lines():
        ours, theirs = [], []
        for _ in range(FIRST_PROCESSES):
            ours.append(ours_first(bench, shape, op, dtype_name))
            theirs.append(torch_first(shape, op, dtype))
        first[shape, op, dtype_name] = ours, theirs
    for shape, op, dtype_name, dtype in lines():
        ours, theirs = [], []
        for _ in range(ROUNDS):
            ours += ours_warm(bench, shape, op, dtype_name)
            theirs += torch_warm(shape, op, dtype)
        first_ours, first_theirs = first[shape, op, dtype_name]
        ours_us, torch_us = statistics.median(ours), statistics.median(theirs)
        f_ours, f_torch = statistics.median(first_ours), statistics.median(first_theirs)
        print(json.dumps({"shape": shape, "op": op, "dtype": dtype_name,
                          "ours_us": round(ours_us, 3), "torch_us": round(torch_us, 3),
                          "ratio": round(ours_us / torch_us, 4),
                          "first_ours_us": round(f_ours, 3), "first_torch_us": round(f_torch, 3),
                          "first_ratio": round(f_ours / f_torch, 4),
                          "ours_spread": spread(ours), "torch_spread": spread(theirs),
                          "first_ours_spread": spread(first_ours),
                          "first_torch_spread": spread(first_theirs),
                          "threads": THREADS}),
              flush=True)


if __name__ == "__main__":
    main()
