#!/usr/bin/env bash
# Fails when a C++ source is not formatted by .clang-format (Google style,
# 100 columns). Fix with:  git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.h')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if echo "$files" | xargs clang-format --dry-run --Werror 2>"$log"; then
  echo "check-format.sh: $(echo "$files" | wc -l) files formatted"
else
  grep -o '^[^:]*:[0-9]*:[0-9]*: ' "$log" | cut -d: -f1 | sort | uniq -c >&2
  echo "check-format.sh: the files above are not clang-formatted;" \
       "fix: git ls-files '*.cpp' '*.h' | xargs clang-format -i" >&2
  exit 1
fi
