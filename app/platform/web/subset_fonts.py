#!/usr/bin/python3
"""Build-time step of the browser build: the page ships its own fonts, cut
down to the code points the UI can show.

  subset_fonts.py GLYPH_RANGES.h FONTS.cpp OUT_DIR

The code points are the ones the atlas asks for (ui/fonts.cpp): its fixed
ranges (kMathRanges: Latin-1, Greek, punctuation, arrows, maths, shapes)
plus every non-ASCII code point the texts use (glyph_ranges.h, written by
convbp_glyph_scan). DejaVu Sans keeps what it has of them; WenQuanYi Micro
Hei (merged into the atlas for the glyphs DejaVu lacks) keeps the rest.
"""
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # fonts-wqy-microhei


def ranges_in(text, name):
    """The 0x… pairs of the C array `name` in text."""
    match = re.search(name + r"\[\]\s*=\s*\{(.*?)\}", text, re.S)
    if not match:
        sys.exit(f"subset_fonts.py: no {name} found")
    values = [int(v, 16) for v in re.findall(r"0x([0-9A-Fa-f]+)", match.group(1))]
    if len(values) % 2:
        sys.exit(f"subset_fonts.py: {name} has an odd number of bounds")
    return [(values[k], values[k + 1]) for k in range(0, len(values), 2)]


def cut(source, font_number, codepoints, out):
    options = subset.Options()
    options.font_number = font_number
    options.layout_features = []  # ImGui draws glyph by glyph: no shaping tables
    options.hinting = False  # stb_truetype rasterises without hints
    options.name_IDs = [0, 1, 2, 4, 6]  # keep copyright and names (licence notice)
    options.notdef_outline = True
    font = subset.load_font(source, options)
    cmap = font.getBestCmap()
    keep = sorted(c for c in codepoints if c in cmap)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    subset.save_font(font, out, options)
    return set(keep)


def main():
    glyphs_h, fonts_cpp, out_dir = sys.argv[1:4]
    wanted = set(range(0x20, 0x7F))
    for lo, hi in ranges_in(Path(fonts_cpp).read_text(), "kMathRanges") + ranges_in(
        Path(glyphs_h).read_text(), "kUsedGlyphRanges"
    ):
        wanted.update(range(lo, hi + 1))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    latin = cut(DEJAVU, 0, wanted, out / "DejaVuSans.ttf")
    cjk = cut(WQY, 0, wanted - latin, out / "WenQuanYiMicroHei.ttf")
    missing = wanted - latin - cjk
    print(f"subset_fonts.py: DejaVu Sans {len(latin)} glyphs, WenQuanYi Micro Hei {len(cjk)}, "
          f"{len(missing)} code points in neither")


if __name__ == "__main__":
    main()
