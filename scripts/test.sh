#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test under CTest
# (GUI tests run under Xvfb, so no display is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
