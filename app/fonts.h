// Finds fonts through fontconfig and loads them into the ImGui atlas at the
// window's content scale: a Latin/Greek/maths face and a CJK face merged in.
#pragma once

#include <string>

namespace convbp::app {

// Path of the best installed match for a fontconfig pattern
// (e.g. "DejaVu Sans"), or "" when none matches.
std::string FindFontFile(const std::string& pattern);

// Builds the atlas. Returns "" or a warning (missing font → ImGui's built-in
// font is used, which has no Greek letters).
// with_cjk merges a Chinese face (slower atlas build; only for --lang zh).
std::string LoadFonts(float content_scale, bool with_cjk);

}  // namespace convbp::app
