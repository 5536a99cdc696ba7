# Sourced by the scripts that drive the real app under X (monkey.sh,
# soak.sh, tests/faults/*.sh). The caller sets $app (the convbp binary) and
# defines fail MESSAGE; these set $pid (the app's process) and $wid (its
# window).

alive() { kill -0 "$pid" 2>/dev/null; }

# Starts the app in the background ($pid) and waits for its window ($wid;
# GLFW sets _NET_WM_PID). ASan builds start slowly: wait up to 60 s.
#   start_app STDERR_FILE [APP FLAGS...]
start_app() {
  local err=$1
  shift
  "$app" "$@" >/dev/null 2>"$err" &
  pid=$!
  wid=
  for _ in $(seq 1 600); do
    wid=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -n 1)
    [ -n "$wid" ] && return 0
    alive || fail "the app exited before its window appeared"
    sleep 0.1
  done
  fail "no window after 60 s"
}

# Waits up to 30 s for the app to exit; sets $rc to its exit status.
wait_exit() {
  for _ in $(seq 1 300); do alive || break; sleep 0.1; done
  alive && fail "the app did not exit within 30 s"
  wait "$pid"
  rc=$?
  pid=
}

# Resident set size of $pid in KiB (VmRSS), or nothing once it has exited.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null; }
