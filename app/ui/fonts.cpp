#include "fonts.h"

#include <imgui.h>

#include "glyph_ranges.h"
#include "i18n.h"

namespace convbp::app {

namespace {

// The glyph ranges of the atlas, built once and never changed (ImGui keeps
// a pointer to them until the atlas is built).
const ImWchar* GlyphRanges() {
  // Latin, Latin-1, Greek, general punctuation (·, …, superscripts),
  // arrows, mathematical operators (∂, Σ, ≤), geometric shapes (▶, ■) —
  // plus every code point the translation tables, lessons and sources use.
  static const ImWchar kMathRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000,
                                        0x206F, 0x2070, 0x209F, 0x2190, 0x21FF,
                                        0x2200, 0x22FF, 0x25A0, 0x25FF, 0};
  static const ImVector<ImWchar> ranges = [] {
    ImVector<ImWchar> built;
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(kMathRanges);
    builder.AddRanges(reinterpret_cast<const ImWchar*>(kUsedGlyphRanges));
    builder.BuildRanges(&built);
    return built;
  }();
  return ranges.Data;
}

}  // namespace

std::string LoadFonts(float scale, bool with_cjk, FontStatus& found) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float size = 16.0f * scale;
  found.scale = scale;
  std::string warning;
  const std::string latin = FindFontFile("DejaVu Sans");
  found.latin =
      !latin.empty() && io.Fonts->AddFontFromFileTTF(latin.c_str(), size, nullptr, GlyphRanges());
  if (!found.latin) {
    warning +=
        "font 'DejaVu Sans' not found (install fonts-dejavu-core); Greek letters will not show\n";
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * scale;
    io.Fonts->AddFontDefault(&cfg);
  }
  if (with_cjk) {
    // Merged into the face above: glyphs it lacks (the Chinese ones) come
    // from here; glyphs it has stay its own.
    const std::string cjk = FindCjkFontFile();
    ImFontConfig merge;
    merge.MergeMode = true;
    found.cjk =
        !cjk.empty() && io.Fonts->AddFontFromFileTTF(cjk.c_str(), size, &merge, GlyphRanges());
    if (!found.cjk)
      warning +=
          "no Chinese font found (install fonts-wqy-microhei or fonts-noto-cjk); "
          "the interface stays in English\n";
  } else {
    found.cjk = false;
  }
  if (!warning.empty()) warning.pop_back();
  return warning;
}

}  // namespace convbp::app
