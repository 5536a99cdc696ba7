#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (preset "fuzz",
# into build-fuzz/) and runs them, each for a bounded time.
#   bash scripts/fuzz.sh                  every target, 20 s each (what CI runs)
#   bash scripts/fuzz.sh case_json 3600   one target for an hour (a campaign)
#   bash scripts/fuzz.sh all 600          every target, 10 min each
# Targets: case_json (CASE.json loader), cli_args (convbp-cli command line),
# app_flags (the app's flags); see tests/fuzz/CMakeLists.txt.
# The committed seeds in tests/fuzz/corpus/NAME are only read; what the
# fuzzer finds goes to build-fuzz/corpus/NAME and is reused by the next run.
# A crash stops the run with exit 1 and its input in build-fuzz/artifacts/NAME/;
# commit that file into tests/fuzz/corpus/NAME/ (as crash-WHAT) together
# with the fix: fuzz.replay.NAME then replays it in every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
seconds=${2:-20}
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;; esac

all=()
for f in tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$f" .cpp); all+=("${name#fuzz_}")
done
if [ "$which" = all ]; then
  targets=("${all[@]}")
elif [ -f "tests/fuzz/fuzz_$which.cpp" ]; then
  targets=("$which")
else
  echo "fuzz.sh: unknown target '$which' (targets: ${all[*]})" >&2; exit 2
fi

bash scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

# libFuzzer's own flags decide; these only make ASan/UBSan reports fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/artifacts/$t"
  log="build-fuzz/artifacts/$t/last-run.log"
  echo "fuzz.sh: $t for ${seconds}s (log: $log)"
  start=$(date +%s)
  # A fixed seed (CONVBP_FUZZ_SEED, default 1) makes a CI run's inputs
  # repeatable; long campaigns may pass any seed.
  if build-fuzz/tests/fuzz/fuzz_"$t" -seed="${CONVBP_FUZZ_SEED:-1}" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -dict="$PWD/tests/fuzz/dict/$t.dict" \
      -artifact_prefix="$PWD/build-fuzz/artifacts/$t/" \
      "$PWD/build-fuzz/corpus/$t" "$PWD/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "fuzz.sh: $t ok: ${runs:-?} runs, ${cov:-cov ?}, $(($(date +%s) - start))s"
  else
    status=1
    echo "fuzz.sh: $t FAILED — last lines of $log:" >&2
    tail -n 60 "$log" >&2
    echo "fuzz.sh: reproduce with build-fuzz/tests/fuzz/fuzz_$t build-fuzz/artifacts/$t/<crash-file>;" \
         "commit the input into tests/fuzz/corpus/$t/ with the fix" >&2
  fi
done
exit $status
