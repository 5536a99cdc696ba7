#!/usr/bin/env bash
# Configures and builds convbp into build/ (Release). Extra arguments go to
# the CMake configure step, e.g. -DCONVBP_NATIVE=OFF for a portable build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
