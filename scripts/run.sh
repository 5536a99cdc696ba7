#!/usr/bin/env bash
# Installs what is missing, builds, and launches the convbp app.
# Arguments are passed to the app (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./build/app/convbp "$@"
