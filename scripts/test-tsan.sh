#!/usr/bin/env bash
# The tests that run convbp on more than one thread, built with
# ThreadSanitizer (preset "tsan" in CMakePresets.json: RelWithDebInfo at -O1,
# into build-tsan/). Which threads there are:
#   - Compute (core/engine.cpp) runs the weight gradient on a second thread
#     (std::async) while the input gradient runs on the caller's, on layers
#     of kParallelMacs multiply-adds and more: core_tests, steps_tests and
#     app_tests all compute such layers;
#   - the app's GUI export renders a slice of frames per UI frame, from a
#     copy of the state, while the UI keeps running and Compute may start
#     its second thread (export_app_tests' GuiExport tests, under Xvfb; the
#     command-line exports there run no thread of ours and take minutes
#     under TSan, so they stay with the other gates).
# Only these targets are built (a full TSan build would cost CI minutes for
# tests that never start a thread). Any report fails: halt_on_error=1.
# Suppressions: scripts/sanitizers/tsan.supp (third-party code only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset tsan >/dev/null
targets=(core_tests steps_tests app_tests export_app_tests)
cmake --build --preset tsan -j"$(nproc)" --target "${targets[@]}"
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=0:second_deadlock_stack=1:report_signal_unsafe=1:suppressions=$PWD/scripts/sanitizers/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
b=build-tsan/tests
status=0
run() {  # name, then the command
  local name=$1 start=$SECONDS
  shift
  if "$@" >"build-tsan/$name.log" 2>&1; then
    echo "test-tsan.sh: $name clean ($(grep -o '[0-9]* tests\? from [0-9]* test suites\? ran' "build-tsan/$name.log" | tail -1), $((SECONDS - start)) s)"
  else
    status=1
    echo "test-tsan.sh: $name FAILED — build-tsan/$name.log:" >&2
    grep -A40 -m1 'WARNING: ThreadSanitizer' "build-tsan/$name.log" >&2 || tail -n 40 "build-tsan/$name.log" >&2
  fi
}
run core_tests "$b/core/core_tests"
run steps_tests "$b/steps/steps_tests"
run app_tests "$b/app/app_tests"
run export_app_tests bash tests/with_xvfb.sh --screen 1280x1024x24 "$b/export/export_app_tests" \
  --gtest_filter='GuiExport.*'
exit $status
