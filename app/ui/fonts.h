// Finds fonts through fontconfig and loads them into the ImGui atlas at the
// window's content scale: a Latin/Greek/maths face and a CJK face merged in.
// The glyph ranges are the code points the app's texts actually use (found
// at build time by convbp_glyph_scan), not whole Unicode blocks.
#pragma once

#include <string>

#include "i18n.h"

namespace convbp::app {

// Path of the best installed match for a fontconfig pattern
// (e.g. "DejaVu Sans"), or "" when none matches.
std::string FindFontFile(const std::string& pattern);

// Path of the first installed Chinese face we know (WenQuanYi Micro Hei,
// Noto Sans CJK SC, …), or "".
std::string FindCjkFontFile();

// Builds the atlas and records what was found in `found`. Returns ""
// or the warnings, one per line (a missing Latin face → ImGui's built-in
// font, which has no Greek; a missing CJK face → English only).
// with_cjk = false skips the Chinese face (benchmarks of the bare atlas).
std::string LoadFonts(float content_scale, bool with_cjk, FontStatus& found);

}  // namespace convbp::app
