#!/usr/bin/env bash
# Builds convbp for the browser (WebAssembly + WebGL2) into build-web/ and
# serves the page on 127.0.0.1, printing its URL. The page is the static
# folder build-web/site (index.html, convbp.js, convbp.wasm): any web server
# can host it as it is.
#   bash scripts/web.sh              build, then serve on port 8765 (PORT=…)
#   bash scripts/web.sh --build      build only
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-web-deps.sh

# Debian's emscripten with Debian's tools: its python, and its own node
# modules (acorn, for the JS optimizer) even when another node is on PATH.
export EMSDK_PYTHON=/usr/bin/python3
export NODE_PATH=/usr/share/nodejs

# The glyph list the fonts are cut to comes from a host tool of the desktop
# build (one small file to compile when build/ does not have it yet).
if [ ! -x build/app/convbp_glyph_scan ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build --target convbp_glyph_scan -j"$(nproc)" >/dev/null
fi

if [ ! -f build-web/CMakeCache.txt ]; then
  emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=Release -DCONVBP_NATIVE=OFF \
    -DCONVBP_BUILD_TESTS=OFF -DCONVBP_BUILD_BENCHMARKS=OFF \
    -DCONVBP_HOST_GLYPH_SCAN="$PWD/build/app/convbp_glyph_scan" \
    -DCMAKE_CXX_FLAGS="-msimd128" -DCMAKE_C_FLAGS="-msimd128" >/dev/null
fi
cmake --build build-web --target convbp_web -j"$(nproc)"
echo "convbp: page built in build-web/site ($(du -cb build-web/site/* | tail -n1 | cut -f1) bytes)"

[ "${1:-}" = "--build" ] && exit 0
PORT=${PORT:-8765}
echo "convbp: serving http://127.0.0.1:$PORT/ (Ctrl+C stops)"
exec /usr/bin/python3 -m http.server "$PORT" --bind 127.0.0.1 --directory build-web/site
