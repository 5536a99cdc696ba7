#!/usr/bin/env bash
# GUI monkey test: drives the real convbp app with random mouse moves,
# clicks, drags, wheel, keys, typing and window resizes (xdotool), then checks
# that it is still alive, still paints (a final screenshot), closes cleanly
# (exit 0) and that what it saved in its config directory still loads.
#
#   monkey.sh CONVBP X11_PROBE [SECONDS] [SEED]
# Needs an X display (CTest runs it under tests/with_xvfb.sh; scripts/monkey.sh too).
# SECONDS (default 60) and SEED (default 20261127: the same actions each CI
# run) can also come from CONVBP_MONKEY_SECONDS / CONVBP_MONKEY_SEED. The seed
# is printed first: the same seed replays the same action sequence (timing
# may still differ). On failure the work directory (app stderr, the final
# screenshot, the action log) is kept and named.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app=$1
probe=$2
seconds=${CONVBP_MONKEY_SECONDS:-${3:-60}}
seed=${CONVBP_MONKEY_SEED:-${4:-20261127}}
echo "monkey: seed $seed, ${seconds}s (replay: CONVBP_MONKEY_SEED=$seed CONVBP_MONKEY_SECONDS=$seconds)"
RANDOM=$seed

work=$(mktemp -d /tmp/convbp-monkey-XXXXXX)
export XDG_CONFIG_HOME=$work/config HOME=$work/home
mkdir -p "$XDG_CONFIG_HOME" "$HOME" "$work/cwd"
cd "$work/cwd"
log=$work/actions.log
pid=

fail() {
  echo "monkey: FAIL (seed $seed): $*" >&2
  for f in "$work/app.err" "$work/restart.err"; do
    [ -s "$f" ] || continue
    echo "monkey: last lines of $f:" >&2
    tail -n 40 "$f" >&2
  done
  echo "monkey: last actions:" >&2
  tail -n 15 "$log" >&2
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  echo "monkey: kept $work" >&2
  exit 1
}

# alive, start_app, wait_exit.
source "$here/app_driver.sh"

# Closes it as a window manager would (WM_DELETE_WINDOW); it must exit 0
# within 30 s. Under ASan this is also where LeakSanitizer runs.
close_app() {
  "$probe" close "$wid" || fail "could not send WM_DELETE_WINDOW"
  wait_exit
  [ "$rc" -eq 0 ] || fail "the app exited with $rc after the close request"
}

start_app "$work/app.err" --size 1200x800
xdotool windowfocus "$wid" 2>/dev/null
w=1200 h=800

keys=(space Left Right shift+Left shift+Right Home End 1 2 3 4 Up Down Tab shift+Tab Return
      Escape BackSpace Delete minus plus Page_Up Page_Down ctrl+a ctrl+z ctrl+s ctrl+o F1 0 9 a z)
# Typed text: never '/', so a typed path cannot leave the work directory.
chars=(0 1 2 3 4 5 6 7 8 9 . - e x a b)


act() { echo "$*" >>"$log"; xdotool "$@" >/dev/null 2>&1; }

end=$((SECONDS + seconds))
n=0
while [ $SECONDS -lt $end ]; do
  n=$((n + 1))
  x=$((RANDOM % w)) y=$((RANDOM % h))
  case $((RANDOM % 20)) in
    0 | 1 | 2 | 3) act mousemove --window "$wid" "$x" "$y" ;;
    4 | 5 | 6) act mousemove --window "$wid" "$x" "$y" click 1 ;;
    7) act mousemove --window "$wid" "$x" "$y" click --repeat 2 1 ;;
    8) act mousemove --window "$wid" "$x" "$y" click 3 ;;
    9 | 10)  # drag: press, a few moves, release
      act mousemove --window "$wid" "$x" "$y" mousedown 1
      for _ in 1 2 3; do act mousemove --window "$wid" "$((RANDOM % "$w"))" "$((RANDOM % "$h"))"; done
      act mouseup 1 ;;
    11 | 12) act mousemove --window "$wid" "$x" "$y" click --repeat $((1 + $((RANDOM % 8)))) $((4 + $((RANDOM % 2)))) ;;
    13 | 14 | 15) act key "${keys[$((RANDOM % ${#keys[@]}))]}" ;;
    16)  # ctrl+click turns an ImGui slider into a text field; then type into it
      text=
      for _ in $(seq 0 "$((RANDOM % 6))"); do text+=${chars[$((RANDOM % ${#chars[@]}))]}; done
      act mousemove --window "$wid" "$x" "$y" keydown ctrl click 1 keyup ctrl
      act type --delay 1 "$text"
      act key Return ;;
    17)  # resize, sometimes to almost nothing
      if [ "$((RANDOM % 3))" -eq 0 ]; then w=$((1 + $((RANDOM % 40)))) h=$((1 + $((RANDOM % 40))))
      else w=$((100 + $((RANDOM % 1500)))) h=$((80 + $((RANDOM % 1000)))); fi
      act windowsize "$wid" "$w" "$h" ;;
    18) act windowsize "$wid" 1200 800; w=1200 h=800 ;;
    19) sleep 0.$((RANDOM % 3)) ;;
  esac
  if [ $((n % 25)) -eq 0 ]; then alive || fail "the app died after $n actions"; fi
done
alive || fail "the app died after $n actions"
echo "monkey: $n actions, app alive"

# Final screenshot: shrink, then grow the window; the area that was outside
# the small window must get painted with real content (a hung app leaves it
# as the X background: 1–2 colours).
xdotool mouseup 1 >/dev/null 2>&1
xdotool windowsize "$wid" 320 240 >/dev/null 2>&1
sleep 1
xdotool windowsize "$wid" 1000 700 >/dev/null 2>&1
xdotool mousemove --window "$wid" 999 699 >/dev/null 2>&1   # wake it; keep hover off the panels
colors=0
for _ in $(seq 1 150); do
  sleep 0.2
  colors=$("$probe" colors "$wid" 320 240 680 460 2>/dev/null || echo 0)
  [ "$colors" -ge 8 ] && break
done
"$probe" shot "$wid" "$work/final.ppm" 2>/dev/null
alive || fail "the app died while resizing for the final screenshot"
[ "$colors" -ge 8 ] || fail "the final screenshot shows an unpainted window ($colors colours; $work/final.ppm)"
echo "monkey: final screenshot painted ($colors colours in the grown area)"

close_app
echo "monkey: closed cleanly"

# What it saved (settings.json, last_case.json, imgui.ini) must load again:
# a fresh interactive start with the same config directory opens its window,
# warns about nothing, and closes cleanly.
saved=$(find "$XDG_CONFIG_HOME" "$HOME" -type f 2>/dev/null | sort)
if [ -n "$saved" ]; then
  echo "monkey: saved files:"; echo "$saved" | sed 's/^/  /'
  if find "$XDG_CONFIG_HOME" "$HOME" \( -name '*.tmp*' -o -name '*.convbp-tmp-*' \) | grep -q .; then
    fail "a temporary file was left behind (writes must be temp file + rename)"
  fi
  start_app "$work/restart.err"
  sleep 2
  alive || fail "the app died on restart with the saved config"
  close_app
  # Only the app's own lines ("convbp: …"), not sanitizer statistics.
  if grep '^convbp: ' "$work/restart.err" |
      grep -Eiq 'settings|last_case|imgui\.ini|default|corrupt|cannot|config'; then
    cat "$work/restart.err" >&2
    fail "restart with the saved config complained"
  fi
  echo "monkey: restart with the saved config is clean"
else
  echo "monkey: the app saved no files (nothing to reload)"
fi
rm -rf "$work"
echo "monkey: ok"
