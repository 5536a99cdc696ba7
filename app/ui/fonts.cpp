#include "fonts.h"

#include <imgui.h>

#include "glyph_ranges.h"
#include "i18n.h"

namespace convbp::app {

std::string LoadFonts(float scale, bool with_cjk) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float size = 16.0f * scale;
  // Latin, Latin-1, Greek, general punctuation (·, …, superscripts),
  // arrows, mathematical operators (∂, Σ, ≤), geometric shapes (▶, ■) —
  // plus every code point the translation tables, lessons and sources use.
  static const ImWchar kMathRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000,
                                        0x206F, 0x2070, 0x209F, 0x2190, 0x21FF,
                                        0x2200, 0x22FF, 0x25A0, 0x25FF, 0};
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(kMathRanges);
    builder.AddRanges(reinterpret_cast<const ImWchar*>(kUsedGlyphRanges));
    builder.BuildRanges(&ranges);
  }
  FontStatus& found = FontsFound();
  found.scale = scale;
  std::string warning;
  const std::string latin = FindFontFile("DejaVu Sans");
  found.latin =
      !latin.empty() && io.Fonts->AddFontFromFileTTF(latin.c_str(), size, nullptr, ranges.Data);
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
        !cjk.empty() && io.Fonts->AddFontFromFileTTF(cjk.c_str(), size, &merge, ranges.Data);
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
