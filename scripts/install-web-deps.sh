#!/usr/bin/env bash
# Installs what the browser build and its tests need, all from Debian 12:
#   emscripten          C++ → WebAssembly (its own GLFW 3, WebGL2)
#   chromium            headless browser for the tests (nothing downloads one)
#   python3-fonttools   subsets the bundled fonts to the glyphs the UI uses
#   python3-websocket   drives Chromium over its DevTools protocol
#   dpkg-dev            `apt-get source` (Dear ImGui's and giflib's sources)
# and unpacks the source packages of Dear ImGui and giflib into
# third_party/web-src/ (ignored by git). Source packages need a deb-src entry:
# one is derived from the machine's own apt sources (same mirrors, suites and
# components), never a hard-coded host. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(emscripten chromium python3-fonttools python3-websocket dpkg-dev
          fonts-dejavu-core fonts-wqy-microhei libimgui-dev libstb-dev libeigen3-dev
          nlohmann-json3-dev)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

# deb-src entries mirroring the deb ones: deb822 files get a twin with
# "Types: deb-src"; one-line sources.list entries get a "deb-src" copy.
SRC_LIST=/etc/apt/sources.list.d/convbp-deb-src.sources
LEGACY_SRC_LIST=/etc/apt/sources.list.d/convbp-deb-src.list
added_src=0
if ! grep -rqsE '^\s*(Types:.*deb-src|deb-src\s)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  tmp=$(mktemp)
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    # Paragraphs whose Types include "deb", rewritten to deb-src.
    awk 'BEGIN { RS=""; ORS="\n\n" } /(^|\n)Types:([^\n]*[ \t])?deb([ \t]|\n|$)/ {
           sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >>"$tmp"
  done
  if [ -s "$tmp" ]; then
    $SUDO install -m 644 "$tmp" "$SRC_LIST"
    added_src=1
  fi
  : >"$tmp"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    sed -nE 's/^\s*deb(\s)/deb-src\1/p' "$f" >>"$tmp"
  done
  if [ -s "$tmp" ]; then
    $SUDO install -m 644 "$tmp" "$LEGACY_SRC_LIST"
    added_src=1
  fi
  rm -f "$tmp"
fi

SRC_DIR=third_party/web-src
need_sources=0
[ -f "$SRC_DIR/imgui/imgui.cpp" ] || need_sources=1
[ -f "$SRC_DIR/giflib/egif_lib.c" ] || need_sources=1

if [ ${#missing[@]} -gt 0 ] || [ "$added_src" = 1 ] || [ "$need_sources" = 1 ]; then
  $SUDO apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "convbp: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Source packages, unpacked once; the folders are renamed to version-free
# names so the build does not depend on Debian's revision.
fetch_source() {  # package, folder name
  local pkg=$1 name=$2 work
  [ -d "$SRC_DIR/$name" ] && return 0
  mkdir -p "$SRC_DIR"
  work=$(mktemp -d)
  (cd "$work" && apt-get source -q "$pkg" >/dev/null)
  local unpacked
  unpacked=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
  mv "$unpacked" "$SRC_DIR/$name"
  rm -rf "$work"
}
if [ "$need_sources" = 1 ]; then
  fetch_source imgui imgui
  fetch_source giflib giflib
fi
