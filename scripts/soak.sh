#!/usr/bin/env bash
# The soak test (tests/soak/soak.sh) for longer runs than CI's 60 s:
#   bash scripts/soak.sh [SECONDS] [SEED]
# Default 1200 s (20 min) with a fresh seed (printed first: pass it back as
# SEED to replay). Builds build/ (scripts/build.sh) unless CONVBP_APP names
# a binary, and runs it under Xvfb. Prints the RSS series and its slope.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1200}
seed=${2:-$(( $(date +%s) % 100000000 ))}
app=${CONVBP_APP:-}
if [ -z "$app" ]; then
  bash scripts/build.sh >/dev/null
  app=$PWD/build/app/convbp
fi
CONVBP_SOAK_SECONDS=$seconds CONVBP_SOAK_SEED=$seed \
  bash tests/with_xvfb.sh \
  bash tests/soak/soak.sh "$app" "$PWD/build/tests/monkey/x11_probe"
