#!/usr/bin/env bash
# Runs one command on a private, freshly started Xvfb display:
#   with_xvfb.sh [--screen WxHxDEPTH] COMMAND [ARGS...]
# Exits with the command's status (1 if no display could be started).
#
# Why not `xvfb-run -a`: CTest runs our GUI tests in parallel, and
# xvfb-run -a hands out the lowest display number without a lock file. A
# number is then reused the moment a finished test's server lets go of it,
# and xvfb-run does not wait for the server it kills to exit. On a fast
# machine the next test's app then found no server behind its DISPLAY
# ("X11: Failed to open display :100", 1 run in 12 of the five GUI tests at
# -j8 here; once in CI). So this script
#   - picks display numbers from its own PID (a PID is not reused while its
#     process lives, and fresh PIDs rarely bring back a recent number),
#   - waits for the server's ready signal, then proves a client can connect,
#     and tries another number if either fails,
#   - on exit stops the server and waits until it is gone.
set -uo pipefail

screen=1920x1200x24
if [ "${1:-}" = "--screen" ]; then
  screen=$2
  shift 2
fi
[ $# -gt 0 ] || { echo "usage: with_xvfb.sh [--screen WxHxDEPTH] COMMAND [ARGS...]" >&2; exit 2; }

xvfb_pid=
xvfb_log=$(mktemp /tmp/convbp-xvfb-XXXXXX.log)
stop_server() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
    xvfb_pid=
  fi
}
trap 'stop_server; rm -f "$xvfb_log"' EXIT
trap 'exit 143' TERM INT

# Starts Xvfb on display $1; succeeds once a client has connected to it.
# Xvfb sends SIGUSR1 to its parent when it accepts connections if it
# inherits SIGUSR1 as ignored (the X server's documented start-up protocol).
start_server() {
  local display=$1 ready=0
  trap 'ready=1' USR1
  (trap '' USR1; exec Xvfb ":$display" -screen 0 "$screen" -nolisten tcp -noreset >"$xvfb_log" 2>&1) &
  xvfb_pid=$!
  # Poll rather than `wait`: a signal that lands before `wait` starts would
  # leave it blocked until the server exits.
  for _ in $(seq 1 200); do
    [ "$ready" = 1 ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
  done
  # Keep a no-op handler: the server signals again after every reset, and
  # the default action would kill this script (and so the test).
  trap : USR1
  if [ "$ready" = 1 ] && DISPLAY=":$display" xdotool getdisplaygeometry >/dev/null 2>&1; then
    return 0
  fi
  stop_server
  return 1
}

display=
for attempt in $(seq 0 19); do
  candidate=$((1000 + ($$ * 20 + attempt) % 30000))
  [ -e "/tmp/.X$candidate-lock" ] || [ -e "/tmp/.X11-unix/X$candidate" ] && continue
  if start_server "$candidate"; then
    display=$candidate
    break
  fi
done
if [ -z "$display" ]; then
  echo "with_xvfb: could not start Xvfb (20 display numbers tried); its last words:" >&2
  cat "$xvfb_log" >&2
  exit 1
fi

DISPLAY=":$display" "$@"
exit $?  # the EXIT trap stops the server
