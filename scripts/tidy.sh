#!/usr/bin/env bash
# clang-tidy (bugprone-*, performance-*; see .clang-tidy) over every source
# file of core/ — the engine, the step model, the JSON reader and the CLI.
# Needs a configured build for compile_commands.json (default build/, made
# by scripts/build.sh; or pass another build directory). Exit 1 on any
# finding (.clang-tidy sets WarningsAsErrors).
#   bash scripts/tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy.sh: no $build/compile_commands.json (run bash scripts/build.sh first)" >&2
  exit 2
fi
files=$(git ls-files 'core/*.cpp')
[ -n "$files" ] || files=$(find core -name '*.cpp' | sort)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# -Wno-unknown-warning-option: the database holds g++ flags clang does not know.
if echo "$files" | xargs -P"$(nproc)" -n4 clang-tidy -p "$build" --quiet \
    --extra-arg=-Wno-unknown-warning-option >"$log" 2>&1; then
  echo "tidy.sh: $(echo "$files" | wc -l) files in core/ clean"
else
  grep -E 'error:|warning:' -A3 "$log" | grep -v 'warnings generated' >&2 || cat "$log" >&2
  echo "tidy.sh: clang-tidy found problems in core/ (above)" >&2
  exit 1
fi
