#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer + UBSan (preset
# "asan" in CMakePresets.json: RelWithDebInfo at -O1, CONVBP_NATIVE off,
# into build-asan/). Any sanitizer report fails its test: halt_on_error,
# -fno-sanitize-recover=all, LeakSanitizer on. Leak suppressions are for
# third-party libraries only (scripts/sanitizers/lsan.supp says why each).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$(nproc)"
ctest --preset asan -j"$(nproc)"
