#!/usr/bin/env bash
# Installs the Debian 12 packages convbp builds, runs and tests with.
# Idempotent: when every package is already installed it does nothing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libeigen3-dev nlohmann-json3-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri
  libgif-dev
  fontconfig fonts-dejavu-core fonts-wqy-microhei
  libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth
  # Quality gates (README "Reliability"): libFuzzer/ASan with clang, the GUI
  # monkey test (xdotool; libx11-dev for its x11_probe helper), formatting
  # and static analysis.
  clang libclang-rt-14-dev xdotool libx11-dev clang-format clang-tidy
  # The exported PyTorch and NumPy snippets are run by the suite
  # (export snippet round trips) with Debian's /usr/bin/python3.
  python3-numpy python3-torch
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "convbp: installing ${missing[*]}" >&2
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The browser build and its tests (emscripten, chromium, fonttools, the
# Dear ImGui and giflib source packages): their own script.
bash "$(dirname "$0")/install-web-deps.sh"
