#include "web_bridge.h"

#include <emscripten/html5.h>

#include <cstdlib>

namespace {

// Strings from JavaScript arrive malloc'ed (stringToNewUTF8-style).
std::string Take(char* text) {
  std::string out = text ? text : "";
  std::free(text);
  return out;
}

}  // namespace

// The JavaScript side: library_convbp.js.
extern "C" {
char* convbp_js_page_url(int base_only);
unsigned convbp_js_event_count();
void convbp_js_mark_first_frame();
void convbp_js_download(const char* path);
void convbp_js_copy_text(const char* text);
void convbp_js_pick_case_file();
void convbp_js_persist();
void convbp_js_replace_url(const char* url);
}

namespace convbp::app::web {

std::string PageUrl() { return Take(convbp_js_page_url(0)); }
std::string PageBase() { return Take(convbp_js_page_url(1)); }

void CanvasPixels(int& width, int& height) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const double ratio = emscripten_get_device_pixel_ratio();
  width = int(css_w * ratio + 0.5), height = int(css_h * ratio + 0.5);
}

unsigned EventCount() { return convbp_js_event_count(); }
void Download(const std::string& path) { convbp_js_download(path.c_str()); }
void CopyText(const std::string& text) { convbp_js_copy_text(text.c_str()); }
void PickCaseFile() { convbp_js_pick_case_file(); }
void PersistSettings() { convbp_js_persist(); }
void ReplaceUrl(const std::string& url) { convbp_js_replace_url(url.c_str()); }
void MarkFirstFrame() { convbp_js_mark_first_frame(); }

}  // namespace convbp::app::web
