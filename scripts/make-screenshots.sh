#!/usr/bin/env bash
# Renders the README's screenshots into assets/screenshots/ with the app's
# own --screenshot flag (under Xvfb when there is no display).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
APP=./build/app/convbp
RUN=()
[ -n "${DISPLAY:-}" ] || RUN=(bash tests/with_xvfb.sh)
OUT=assets/screenshots
mkdir -p "$OUT"
shot() {  # name, then flags
  local name=$1; shift
  "${RUN[@]}" "$APP" --screenshot "$OUT/$name.png" --size 1600x1000 "$@"
  echo "$OUT/$name.png"
}
# The seed's example: 5×5 input, 3×3 kernel, stride 2.
shot forward   --scene forward --step 1
shot bias      --scene bias --out-channels 2
shot weight    --scene weight --stage slide --input 1x6x6 --step 5
shot input_pad --scene input --stage pad --step 3 --progress 0.5
shot input_rotate --scene input --stage rotate --step 2 --progress 0.5
shot input_slide  --scene input --stage slide --input 2x5x5 --out-channels 2 --padding 1x1 --step 8
shot input_scatter --scene input --stage scatter --step 1
# The Chinese interface, on a layer whose last row no window reaches (ρ = 1).
shot input_slide_zh --lang zh --scene input --stage slide --input 1x6x6 --step 7
# Transposed mode (ConvTranspose2d) with output_padding: the overlap count
# stage, x relabelled from the adjoint conv's δ, N the checkerboard.
shot transposed_output_padding --mode transposed --input 1x3x3 --kernel 3x3 --stride 2x2 \
  --padding 1x1 --output-padding 1x1 --scene input --stage overlap --step 40
# Issue 14: the layer as one matrix C (row 7 of C·vec(pz) on a layer with
# gaps and a remainder: their empty columns are hatched), and the channel
# explorer on a grouped layer (the pairs outside a group are not connected).
shot matrix_product --scene matrix --stage product --input 2x9x10 --out-channels 2 --kernel 2x2 \
  --stride 3x3 --step 7
shot channel_explorer --scene weight --stage slide --input 4x6x6 --out-channels 6 --groups 2 \
  --kernel 3x3 --stride 2x2 --pair 3x4
