#!/usr/bin/env bash
# The GUI monkey test on its own, for longer runs than CI's 60 s:
#   bash scripts/monkey.sh [SECONDS] [SEED]
# Default 300 s with a fresh seed (printed first: pass it back as SEED to
# replay). Builds build/ (scripts/build.sh) and runs tests/monkey/monkey.sh
# under Xvfb. CI runs the same script as the CTest test app.monkey.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
seed=${2:-$(( $(date +%s) % 100000000 ))}
bash scripts/build.sh >/dev/null
CONVBP_MONKEY_SECONDS=$seconds CONVBP_MONKEY_SEED=$seed \
  bash tests/with_xvfb.sh \
  bash tests/monkey/monkey.sh "$PWD/build/app/convbp" "$PWD/build/tests/monkey/x11_probe"
