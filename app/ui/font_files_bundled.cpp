// Where the fonts come from in the browser: no system fonts, so the page
// ships DejaVu Sans and WenQuanYi Micro Hei, subset at build time to the
// glyphs the UI uses (platform/web/subset_fonts.py), embedded in the
// WebAssembly module's file system under /fonts.
#include "fonts.h"

namespace convbp::app {

std::string FindFontFile(const std::string& pattern) {
  return pattern == "DejaVu Sans" ? "/fonts/DejaVuSans.ttf" : "";
}

std::string FindCjkFontFile() { return "/fonts/WenQuanYiMicroHei.ttf"; }

}  // namespace convbp::app
