#!/usr/bin/env bash
# Hostile flag sets for the convbp app (issue 7): every line of FLAGS_FILE is
# one command line (bash words: quotes and $'\xff' work; '#' starts a comment;
# @DATA@ is tests/data, @HOSTILE@ tests/cli/hostile, @TMP@ a scratch dir).
# Each must: exit 2, print exactly one line on stderr starting "convbp: ",
# print nothing on stdout, and leave --screenshot's file unwritten. No X
# display is given, so a flag set the app wrongly accepts cannot pass by
# opening a window.
#   hostile_flags.sh CONVBP FLAGS_FILE
set -uo pipefail
app=$1
list=$2
root=$(cd "$(dirname "$list")/../.." && pwd)
tmp=$(mktemp -d /tmp/convbp-hostile-flags-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dir"
unset DISPLAY WAYLAND_DISPLAY
failed=0 count=0
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  count=$((count + 1))
  line=${line//@DATA@/$root/tests/data}
  line=${line//@HOSTILE@/$root/tests/cli/hostile}
  line=${line//@TMP@/$tmp}
  eval "args=($line)"
  rm -f "$tmp/out.png"
  "$app" --screenshot "$tmp/out.png" "${args[@]}" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  why=
  lines=$(wc -l <"$tmp/stderr")
  if [ "$rc" -ne 2 ]; then why="exit $rc, not 2"
  elif [ -s "$tmp/stdout" ]; then why="wrote to stdout"
  elif [ "$lines" -ne 1 ]; then why="$lines lines on stderr, not 1"
  elif ! grep -q '^convbp: ' "$tmp/stderr"; then why="stderr does not start with 'convbp: '"
  elif [ -e "$tmp/out.png" ]; then why="wrote the screenshot file"
  fi
  if [ -n "$why" ]; then
    failed=$((failed + 1))
    echo "FAIL [$line]: $why" >&2
    sed 's/^/  stderr: /' "$tmp/stderr" | head -n 5 >&2
  else
    echo "ok   [$line]: $(cat "$tmp/stderr")"
  fi
done <"$list"
echo "hostile_flags: $count flag sets, $failed failed"
[ "$count" -ge 40 ] || { echo "hostile_flags: expected at least 40 flag sets" >&2; exit 1; }
[ "$failed" -eq 0 ]
