// Where the fonts come from on the desktop: fontconfig finds the installed
// faces (fonts-dejavu-core, fonts-wqy-microhei, …). The browser build links
// font_files_bundled.cpp instead.
#include <fontconfig/fontconfig.h>

#include "fonts.h"

namespace convbp::app {

std::string FindFontFile(const std::string& pattern_text) {
  if (!FcInit()) return "";
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(pattern_text.c_str()));
  if (!pattern) return "";
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pattern, &result);
  std::string path;
  FcChar8* file = nullptr;
  FcChar8* family = nullptr;
  if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
      FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch) {
    // fontconfig always returns *some* font; accept it only when the family
    // is the one asked for, so a missing font is reported, not hidden.
    const std::string got = reinterpret_cast<const char*>(family);
    const std::string want = pattern_text.substr(0, pattern_text.find(':'));
    if (got.find(want) != std::string::npos || want.find(got) != std::string::npos)
      path = reinterpret_cast<const char*>(file);
  }
  if (match) FcPatternDestroy(match);
  FcPatternDestroy(pattern);
  return path;
}

std::string FindCjkFontFile() {
  for (const char* family : {"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC",
                             "Source Han Sans SC", "Droid Sans Fallback", "AR PL UMing CN"}) {
    std::string path = FindFontFile(family);
    if (!path.empty()) return path;
  }
  return "";
}

}  // namespace convbp::app
