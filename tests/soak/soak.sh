#!/usr/bin/env bash
# Soak test: hours of real use in minutes. Drives the real convbp app with
# xdotool on a 3×64×64 → 8 layer — every scene played in turn, with slider
# changes, value edits (seed buttons, a canvas cell typed in), language
# switches and GUI exports in between — and samples its resident memory
# (VmRSS) every second. After a warm-up (the first minute; half of runs
# under three minutes) the samples must stay within 10 % of each other and
# the least-squares line through them must not climb more than 5 % over
# the window: a leak or an unbounded cache shows as a slope.
#
#   soak.sh CONVBP X11_PROBE [SECONDS] [SEED]
# SECONDS (default 60) and SEED (default 20261129) can also come from
# CONVBP_SOAK_SECONDS / CONVBP_SOAK_SEED; the seed is printed first and
# replays the same action sequence. Needs an X display (CTest and
# scripts/soak.sh run it under tests/with_xvfb.sh). Prints the RSS series
# (KiB, one sample a second) and the fitted slope; on failure keeps and
# names its work directory (app stderr, action log, samples).
#
# The clicks land on the widgets of a 1200×800 window in the panel layout
# of app/model/panel_layout.h (Layer panel on the left, timeline at the
# bottom); each kind of action is checked to have had its effect (an export
# file appears, the language in the saved settings), so a layout change
# that makes the clicks miss fails the test instead of soaking nothing.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app=$1
probe=$2
seconds=${CONVBP_SOAK_SECONDS:-${3:-60}}
seed=${CONVBP_SOAK_SEED:-${4:-20261129}}
echo "soak: seed $seed, ${seconds}s (replay: CONVBP_SOAK_SEED=$seed CONVBP_SOAK_SECONDS=$seconds)"
RANDOM=$seed

work=$(mktemp -d /tmp/convbp-soak-XXXXXX)
export XDG_CONFIG_HOME=$work/config HOME=$work/home
mkdir -p "$XDG_CONFIG_HOME" "$HOME" "$work/cwd"
cd "$work/cwd"
log=$work/actions.log
samples=$work/rss.txt
pid=

fail() {
  echo "soak: FAIL (seed $seed): $*" >&2
  [ -s "$work/app.err" ] && { echo "soak: last lines of the app's stderr:" >&2; tail -n 30 "$work/app.err" >&2; }
  echo "soak: last actions:" >&2
  tail -n 10 "$log" >&2
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  echo "soak: kept $work" >&2
  exit 1
}

# alive, start_app, wait_exit, rss_kib.
source "$here/../monkey/app_driver.sh"

start_app "$work/app.err" --size 1200x800 --input 3x64x64 --out-channels 8
xdotool windowfocus "$wid" 2>/dev/null
app_pid=$pid

# One RSS sample a second, in the background, until the app exits.
( while kill -0 "$app_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$app_pid/status" 2>/dev/null)
    [ -n "$rss" ] && echo "$rss"
    sleep 1
  done >"$samples" ) &
sampler=$!

act() { echo "$*" >>"$log"; xdotool "$@" >/dev/null 2>&1; }
click() { act mousemove --window "$wid" "$1" "$2" click 1; sleep 0.15; }

# The menu bar of the Layer panel (y 33). x = 70 is on "Language" and on
# "语言" alike, so a switch works whatever language is showing (and puts
# $lang right again should a click ever miss); the Export menu's x depends
# on the language (the labels' widths differ). The Language menu's rows:
# English at y 60, 中文 at y 80.
lang=en
language_x=70
declare -A export_x=([en]=207 [zh]=157)
bar_y=33
open_menu() {  # first Escape: no cell editor or popup in the way
  act key Escape
  click "$1" "$bar_y"
  act mousemove --window "$wid" "$(($1 + 2))" "$((bar_y + 1))"; sleep 0.2
}
switch_language() {
  local to=$1 row=60
  [ "$to" = zh ] && row=80
  open_menu "$language_x"
  click "$language_x" "$row"
  lang=$to
}
exports=0
start_export() {  # Export menu → its start button (under "only the current stage")
  open_menu "${export_x[$lang]}"
  click "$((export_x[$lang] - 7))" 213
  act key Escape
  exports=$((exports + 1))
}
# Layer panel sliders (x from 8 to 170): kernel, stride, padding; a few
# fixed positions so every layer they make is met in the warm-up round.
slider_y=(223 249 275)
slider_x=(20 60 100)
random_slider() { click "${slider_x[$((RANDOM % 3))]}" "${slider_y[$((RANDOM % 3))]}"; }
edit_values() {
  case $((RANDOM % 3)) in
    0) click 135 375 ;;  # seed −
    1) click 160 375 ;;  # seed +
    2)  # a canvas cell: click it, type a value, Return
      click $((300 + RANDOM % 480)) $((60 + RANDOM % 600))
      act type --delay 1 "$((RANDOM % 9)).$((RANDOM % 10))"
      act key Return ;;
  esac
}
play_scene() {  # jump to scene 1–4, play a while, a stage forward
  act key "$1"
  act key space
  sleep 0.$((5 + RANDOM % 5))
  act key space
  act key shift+Right
}

end=$((SECONDS + seconds))
round=0
while [ $SECONDS -lt $end ]; do
  round=$((round + 1))
  if [ $round -eq 1 ]; then  # the warm-up round meets every layer the sliders make
    for y in "${slider_y[@]}"; do for x in "${slider_x[@]}"; do click "$x" "$y"; done; done
  fi
  start_export
  for scene in 1 2 3 4; do
    play_scene "$scene"
    random_slider
    edit_values
    [ $SECONDS -lt $end ] || break
  done
  if [ "$lang" = en ]; then switch_language zh; else switch_language en; fi
  alive || fail "the app died in round $round"
done
alive || fail "the app died in round $round"
# Last, Chinese: the saved settings say whether the switches worked.
switch_language zh
sleep 1
"$probe" close "$wid" || fail "could not send WM_DELETE_WINDOW"
wait_exit
[ "$rc" -eq 0 ] || fail "the app exited with $rc after the close request"
wait "$sampler" 2>/dev/null

# The actions had their effect: exports wrote files, the last language
# switch (to Chinese) reached the saved settings.
ls "$work/cwd"/*.gif >/dev/null 2>&1 || fail "no export was written ($exports started): the Export clicks miss"
grep -q '"lang": "zh"' "$XDG_CONFIG_HOME/convbp/settings.json" 2>/dev/null ||
  fail "the language switches did not reach the settings: the Language clicks miss"
echo "soak: $round rounds, $exports exports started, app alive and closed cleanly"

# The series and its verdict.
n=$(wc -l <"$samples")
warmup=60
[ "$seconds" -lt 180 ] && warmup=$((seconds / 2))
echo "soak: RSS (KiB), one sample a second, $n samples; warm-up ${warmup} s:"
paste -sd' ' "$samples" | fold -s -w 100 | sed 's/^/  /'
awk -v warmup="$warmup" '
  { rss[NR] = $1 }
  END {
    first = warmup + 1
    if (NR - first + 1 < 10) { print "soak: FAIL: fewer than 10 samples after the warm-up"; exit 1 }
    min = max = rss[first]; sx = sy = sxx = sxy = 0; m = 0
    for (i = first; i <= NR; i++) {
      x = i - first; y = rss[i]; m++
      sx += x; sy += y; sxx += x * x; sxy += x * y
      if (y < min) min = y; if (y > max) max = y
    }
    slope = (m * sxy - sx * sy) / (m * sxx - sx * sx)   # KiB per second
    mean = sy / m
    spread = 100 * (max - min) / min
    rise = 100 * slope * (m - 1) / mean                   # % along the window
    printf "soak: first RSS %d KiB, last %d KiB (after warm-up: first %d, min %d, max %d, mean %.0f)\n", rss[1], rss[NR], rss[first], min, max, mean
    printf "soak: spread %.1f %% (limit 10 %%), slope %.2f KiB/s = %.1f MiB/h, fitted rise over the window %.2f %% (limit 5 %%)\n", spread, slope, slope * 3600 / 1024, rise
    exit (spread > 10 || rise > 5) ? 1 : 0
  }' "$samples" || fail "RSS grew (above)"
rm -rf "$work"
echo "soak: ok"
