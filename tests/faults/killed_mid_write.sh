#!/usr/bin/env bash
# Killed mid-write: SIGKILL at every point of each kind of save — the
# settings and the last problem (the app quitting), File → Save, and an
# export — and what the next start finds: each file is the old one or the
# new one byte for byte, never a mix, and the killed writer's temporary
# files are gone after the next start.
#
# How: the fault library (fault_shim.cpp) counts the file operations under
# one directory (opening for writing, each ≤512-byte write chunk, fsync,
# close, rename); a clean run of the save tells how many points it has, and
# each later run is killed just before point k. Up to CONVBP_KILL_POINTS
# (default 40) points per save, spread evenly when a save has more.
#   killed_mid_write.sh CONVBP FAULT_SHIM SAVE_CASE_DRIVER   (under an X display)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/faults_common.sh"
max_points=${CONVBP_KILL_POINTS:-40}

# The points to try for a save of N points: all, or max_points evenly
# spread with the first and the last.
points() {
  local n=$1
  if [ "$n" -le "$max_points" ]; then seq 1 "$n"; return; fi
  for i in $(seq 0 $((max_points - 1))); do echo $((1 + i * (n - 1) / (max_points - 1))); done
}

# Counts the points of one clean run of COMMAND... (under the library, no kill).
count_points() {
  local dir=$1 log=$work/points.log
  shift
  rm -f "$log"
  faulty "$dir" CONVBP_FAULT_LOG="$log" "$@" >/dev/null 2>&1
  [ -s "$log" ] || fail "no file operation under $dir was seen (is the fault library working?)"
  wc -l <"$log"
}

# Every file in DIR but the ones a save keeps there (a leftover of any name).
stale() {
  local dir=$1
  shift
  find "$dir" -type f | grep -vxF -f <(printf '%s\n' "${@/#/$dir/}") | sort
}
kept=(convbp/settings.json convbp/last_case.json convbp/imgui.ini)

# ---- 1. Settings and the last problem: the app quitting saves
# settings.json, last_case.json and imgui.ini.
make_old_settings
# The new files: the same start from the old files with other flags.
new_flags=(--size 900x700 --lang en --input 2x12x12 --seed 7 --scene forward)
rm -f "$work/points.log"
LD_PRELOAD=$shim CONVBP_FAULT_DIR=$cfg CONVBP_FAULT_LOG=$work/points.log \
  run_and_quit "$work/new.err" "${new_flags[@]}"
[ "$rc" -eq 0 ] || fail "the counted settings run exited $rc"
n=$(wc -l <"$work/points.log")
cp -r "$cfg/convbp" "$work/settings.new"
for f in settings.json last_case.json imgui.ini; do
  cmp -s "$work/settings.old/$f" "$work/settings.new/$f" && fail "setup: old and new $f are the same"
done
tried=0 killed=0
previous_stale=
for k in $(points "$n"); do
  for f in settings.json last_case.json imgui.ini; do cp "$work/settings.old/$f" "$cfg/convbp/$f"; done
  LD_PRELOAD=$shim CONVBP_FAULT_DIR=$cfg CONVBP_FAULT_KILL_AT=$k run_and_quit "$work/kill.err" "${new_flags[@]}"
  tried=$((tried + 1))
  [ "$rc" -eq 137 ] && killed=$((killed + 1))
  # This start was the next start of the previous killed one: its leftovers are gone.
  for f in $previous_stale; do [ -e "$f" ] && fail "settings, point $k: $f from the previous kill was not removed on start"; done
  for f in settings.json last_case.json imgui.ini; do
    old_or_new "$cfg/convbp/$f" "$work/settings.old/$f" "$work/settings.new/$f" "settings, killed at point $k of $n"
  done
  previous_stale=$(stale "$cfg" "${kept[@]}")
done
[ "$killed" -eq "$tried" ] || fail "settings: only $killed of $tried runs were killed (the points moved?)"
# The next start after the last kill: clean, no warning, no leftover.
run_and_quit "$work/next.err"
[ "$rc" -eq 0 ] || fail "the start after the last kill exited $rc"
[ -z "$(stale "$cfg" "${kept[@]}")" ] ||
  fail "settings: temporary files left after the next start: $(stale "$cfg" "${kept[@]}")"
grep -q '^convbp: ' "$work/next.err" && fail "the start after the kills warned: $(cat "$work/next.err")"
echo "$name: settings + last problem + imgui.ini: $n points, killed at $tried, every file old or new, leftovers removed on the next start"

# ---- 2. File → Save (SaveCaseFromUi, through save_case_driver).
files=$work/files
mkdir -p "$files"
"$saver" "$files/problem.json" --input 3x16x16 --seed 1 >/dev/null || fail "File → Save: the old save failed"
cp "$files/problem.json" "$work/case.old"
n=$(count_points "$files" "$saver" "$files/problem.json" --input 3x16x16 --seed 2 --out-channels 2)
cp "$files/problem.json" "$work/case.new"
cmp -s "$work/case.old" "$work/case.new" && fail "File → Save setup: old and new are the same"
tried=0
for k in $(points "$n"); do
  cp "$work/case.old" "$files/problem.json"
  faulty "$files" CONVBP_FAULT_KILL_AT="$k" "$saver" "$files/problem.json" --input 3x16x16 --seed 2 \
    --out-channels 2 >/dev/null 2>&1
  code=$?
  [ "$code" -eq 137 ] || fail "File → Save: point $k of $n did not kill the save (exit $code)"
  tried=$((tried + 1))
  old_or_new "$files/problem.json" "$work/case.old" "$work/case.new" "File → Save, killed at point $k of $n"
done
left=$(stale "$files" problem.json | wc -l)
# The next start of the app knows the file (recent list) and sweeps its folder.
mkdir -p "$cfg/convbp"
printf '{"version": 1, "recent": ["%s"]}\n' "$files/problem.json" >"$cfg/convbp/settings.json"
run_and_quit "$work/next.err"
[ -z "$(stale "$files" problem.json)" ] ||
  fail "File → Save: temporary files left after the next start: $(stale "$files" problem.json)"
echo "$name: File → Save: $n points, killed at $tried, the file old or new each time, $left leftovers removed on the next start"

# ---- 3. Export (convbp --export, the same exporter as the Export menu).
out=$work/exports
mkdir -p "$out"
export_flags=(--input 1x5x5 --scene weight --stage slide --max-steps 6 --size 200x150)
"$app" --export "$out/anim.gif" --input 1x4x4 --scene forward --max-steps 4 --size 200x150 2>/dev/null ||
  fail "export: the old export failed"
cp "$out/anim.gif" "$work/gif.old"
n=$(count_points "$out" "$app" --export "$out/anim.gif" "${export_flags[@]}")
cp "$out/anim.gif" "$work/gif.new"
cmp -s "$work/gif.old" "$work/gif.new" && fail "export setup: old and new are the same"
tried=0
previous_stale=
for k in $(points "$n"); do
  cp "$work/gif.old" "$out/anim.gif"
  faulty "$out" CONVBP_FAULT_KILL_AT="$k" "$app" --export "$out/anim.gif" "${export_flags[@]}" 2>/dev/null
  code=$?
  [ "$code" -eq 137 ] || fail "export: point $k of $n did not kill the export (exit $code)"
  tried=$((tried + 1))
  # This export was the next start of the previous killed one: its leftover is gone.
  for f in $previous_stale; do [ -e "$f" ] && fail "export, point $k: $f from the previous kill was not removed"; done
  old_or_new "$out/anim.gif" "$work/gif.old" "$work/gif.new" "export, killed at point $k of $n"
  previous_stale=$(stale "$out" anim.gif)
done
"$app" --export "$out/anim.gif" "${export_flags[@]}" 2>/dev/null || fail "export after the kills failed"
cmp -s "$out/anim.gif" "$work/gif.new" || fail "export after the kills differs from a clean one"
[ "$(listing "$out")" = "anim.gif" ] || fail "export: files left after the next export: $(listing "$out")"
echo "$name: export (GIF): $n points, killed at $tried, the file old or new each time, leftovers removed on the next export"
rm -rf "$work"
echo "$name: ok"
