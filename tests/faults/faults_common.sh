# Sourced by killed_mid_write.sh and full_and_read_only.sh: arguments, the
# work directory, failure reporting and how to run a command under the
# fault library (fault_shim.cpp).
#   SCRIPT CONVBP FAULT_SHIM SAVE_CASE_DRIVER
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app=$(realpath "$1")
shim=$(realpath "$2")
saver=$(realpath "$3")
name=$(basename "$0" .sh)
work=$(mktemp -d "/tmp/convbp-$name-XXXXXX")
export HOME=$work/home
mkdir -p "$HOME"
pid=
# ASan builds: the fault library is preloaded ahead of the sanitizer runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

fail() {
  echo "$name: FAIL: $*" >&2
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  echo "$name: kept $work" >&2
  exit 1
}

# alive, start_app, wait_exit.
source "$here/../monkey/app_driver.sh"

# Runs the rest of the line with the fault library preloaded, watching DIR:
#   faulty DIR [VAR=VALUE...] COMMAND...
faulty() {
  local dir=$1
  shift
  env LD_PRELOAD="$shim" CONVBP_FAULT_DIR="$dir" "$@"
}

# Starts the app (interactive: it loads and will save the settings in
# $XDG_CONFIG_HOME), waits for its window, then asks it to quit with
# SIGTERM — as Ctrl+C or a logout would — which makes it save and exit.
# $rc is its exit status; its stderr goes to STDERR_FILE.
#   run_and_quit STDERR_FILE [APP FLAGS...]
run_and_quit() {
  start_app "$@"
  # A second of frames first: the window size and the panel layout it
  # saves are the ones the first frames measure.
  sleep 1
  kill -TERM "$pid"
  wait_exit
}

# The files of DIR (recursively), without the directory prefix.
listing() { (cd "$1" && find . -type f | sed 's|^\./||' | sort); }

# Fails unless FILE is byte for byte OLD or NEW (a kill may leave either).
old_or_new() {
  local file=$1 old=$2 new=$3 what=$4
  [ -f "$file" ] || fail "$what: $file is missing (the old one must stay until the new one is whole)"
  cmp -s "$file" "$old" || cmp -s "$file" "$new" ||
    fail "$what: $file is neither the old nor the new file (a mix or a truncation)"
}

# The "old" files every save test starts from: a config directory ($cfg,
# also $XDG_CONFIG_HOME) holding what a session in Chinese on a 2×6×6
# layer, weight scene, saved — copied to $work/settings.old — and the
# working directory $work/cwd.
make_old_settings() {
  cfg=$work/config
  export XDG_CONFIG_HOME=$cfg
  mkdir -p "$work/cwd" && cd "$work/cwd" || fail "no working directory"
  run_and_quit "$work/old.err" --size 1000x760 --lang zh --input 2x6x6 --scene weight
  [ "$rc" -eq 0 ] || fail "setting up the old settings: exit $rc"
  cp -r "$cfg/convbp" "$work/settings.old"
}
