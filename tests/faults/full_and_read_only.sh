#!/usr/bin/env bash
# Full and read-only disks, and corrupt state. Each save — the settings and
# the last problem (the app quitting), File → Save, an export — on a full
# filesystem (writes fail with ENOSPC) and on a read-only directory (every
# change fails with EROFS), through the fault library (fault_shim.cpp):
# the old files stay byte for byte, no temporary file is left, the path and
# the system's reason are said once, and the app keeps working. Then a
# corrupt settings.json and last_case.json: set aside as NAME.bad, the app
# starts clean and says so once.
#   full_and_read_only.sh CONVBP FAULT_SHIM SAVE_CASE_DRIVER   (under an X display)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/faults_common.sh"

declare -A reason=([ENOSPC]="No space left on device" [EROFS]="Read-only file system")

# Fails unless FILE has exactly one line matching PATTERN (grep -F).
once() {
  local file=$1 pattern=$2 what=$3 count
  count=$(grep -cF -- "$pattern" "$file")
  [ "$count" -eq 1 ] || { cat "$file" >&2; fail "$what: '$pattern' said $count times, not once"; }
}

make_old_settings
kept="imgui.ini
last_case.json
settings.json"

files=$work/files
mkdir -p "$files"
"$saver" "$files/problem.json" --input 3x16x16 --seed 1 >/dev/null || fail "the old File → Save failed"
cp "$files/problem.json" "$work/case.old"

out=$work/exports
mkdir -p "$out"
"$app" --export "$out/anim.gif" --input 1x4x4 --scene forward --max-steps 4 --size 200x150 2>/dev/null ||
  fail "the old export failed"
cp "$out/anim.gif" "$work/gif.old"

for fault in ENOSPC EROFS; do
  why=${reason[$fault]}
  # ---- settings and the last problem, saved as the app quits
  LD_PRELOAD=$shim CONVBP_FAULT_DIR=$cfg CONVBP_FAULT_ERRNO=$fault \
    run_and_quit "$work/quit.err" --size 900x700 --lang en --input 2x12x12 --seed 7
  [ "$rc" -eq 0 ] || fail "$fault settings: the app exited $rc"
  once "$work/quit.err" "$cfg/convbp/settings.json: cannot write: $why" "$fault settings"
  [ "$(grep -c "$cfg" "$work/quit.err")" -eq 1 ] || fail "$fault settings: the config path named more than once"
  for f in $kept; do
    cmp -s "$cfg/convbp/$f" "$work/settings.old/$f" || fail "$fault settings: $f changed"
  done
  [ "$(listing "$cfg/convbp")" = "$kept" ] || fail "$fault settings: files left: $(listing "$cfg/convbp")"
  echo "$name: $fault settings: old files kept, said once: $(grep -F "$cfg" "$work/quit.err")"

  # ---- File → Save, then again once the fault is gone (the app still works)
  "$saver" "$work/case.new" --input 3x16x16 --seed 2 >/dev/null
  faulty "$files" CONVBP_FAULT_ERRNO=$fault "$saver" "$files/problem.json" --retry \
    --input 3x16x16 --seed 2 >"$work/save.out" 2>&1
  code=$?
  [ "$code" -eq 0 ] || { cat "$work/save.out" >&2; fail "$fault File → Save: the retry failed ($code)"; }
  once "$work/save.out" "$files/problem.json: cannot write: $why" "$fault File → Save"
  [ "$(sed -n 2p "$work/save.out")" = unchanged ] || fail "$fault File → Save: the failed save changed the file"
  sed -n 3p "$work/save.out" | grep -qF "$files/problem.json" || fail "$fault File → Save: no success after the retry"
  cmp -s "$files/problem.json" "$work/case.new" || fail "$fault File → Save: the retry wrote something else"
  [ "$(listing "$files")" = problem.json ] || fail "$fault File → Save: files left: $(listing "$files")"
  cp "$work/case.old" "$files/problem.json"
  echo "$name: $fault File → Save: file kept, said once: $(head -n 1 "$work/save.out")"

  # ---- export
  faulty "$out" CONVBP_FAULT_ERRNO=$fault "$app" --export "$out/anim.gif" --input 1x5x5 \
    --scene weight --max-steps 6 --size 200x150 2>"$work/export.err"
  code=$?
  [ "$code" -eq 1 ] || fail "$fault export: exit $code, not 1"
  once "$work/export.err" "$out/anim.gif: $why" "$fault export"
  [ "$(grep -v 'exporting\|steps shown' "$work/export.err" | grep -c .)" -eq 1 ] ||
    { cat "$work/export.err" >&2; fail "$fault export: more than one error line"; }
  cmp -s "$out/anim.gif" "$work/gif.old" || fail "$fault export: the old file changed"
  [ "$(listing "$out")" = anim.gif ] || fail "$fault export: files left: $(listing "$out")"
  echo "$name: $fault export: old file kept, said once: $(grep -F "$why" "$work/export.err")"
done

# ---- a disk that fills in the middle of an export (after 350 points: past the header and colour map, a few frames in)
faulty "$out" CONVBP_FAULT_ERRNO=ENOSPC CONVBP_FAULT_AFTER=350 "$app" --export "$out/anim.gif" \
  --input 1x5x5 --scene weight --max-steps 6 --size 200x150 2>"$work/export.err"
code=$?
[ "$code" -eq 1 ] || fail "export filling the disk: exit $code, not 1"
once "$work/export.err" "cannot write $out/anim.gif: No space left on device" "export filling the disk"
grep -q 'exporting' "$work/export.err" || fail "export filling the disk: it failed before the first frame"
cmp -s "$out/anim.gif" "$work/gif.old" || fail "export filling the disk: the old file changed"
[ "$(listing "$out")" = anim.gif ] || fail "export filling the disk: files left: $(listing "$out")"
echo "$name: ENOSPC mid-export: old file kept, said once: $(grep -F "No space" "$work/export.err")"

# ---- corrupt settings.json: set aside, defaults, said once; the next start is clean
echo '{"version": 1, "lang": "en", "window": [900, 7' >"$cfg/convbp/settings.json"
cp "$cfg/convbp/settings.json" "$work/corrupt.json"
run_and_quit "$work/corrupt.err"
[ "$rc" -eq 0 ] || fail "corrupt settings: the app exited $rc"
once "$work/corrupt.err" "set aside as settings.json.bad" "corrupt settings"
[ "$(grep -c '^convbp: ' "$work/corrupt.err")" -eq 1 ] || fail "corrupt settings: more than one warning"
cmp -s "$cfg/convbp/settings.json.bad" "$work/corrupt.json" || fail "corrupt settings: the .bad file is not the corrupt one"
run_and_quit "$work/after.err"
grep -q '^convbp: ' "$work/after.err" && fail "the start after the corrupt one warned: $(cat "$work/after.err")"
echo "$name: corrupt settings.json: $(grep '^convbp: ' "$work/corrupt.err")"

# ---- corrupt last_case.json (the settings say there is a problem to restore)
grep -q '"has_case": true' "$cfg/convbp/settings.json" || fail "setup: the settings hold no last problem"
printf '{"input": [[[1, 2], [3' >"$cfg/convbp/last_case.json"
run_and_quit "$work/case.err"
[ "$rc" -eq 0 ] || fail "corrupt last problem: the app exited $rc"
once "$work/case.err" "set aside as last_case.json.bad" "corrupt last problem"
[ "$(grep -c '^convbp: ' "$work/case.err")" -eq 1 ] || fail "corrupt last problem: more than one warning"
run_and_quit "$work/after.err"
grep -q '^convbp: ' "$work/after.err" && fail "the start after the corrupt problem warned: $(cat "$work/after.err")"
echo "$name: corrupt last_case.json: $(grep '^convbp: ' "$work/case.err")"
rm -rf "$work"
echo "$name: ok"
