// The page around the app: what the browser platform asks of JavaScript
// (library_convbp.js holds the JavaScript). Everything the
// desktop does with files, the clipboard and the window has its browser
// counterpart here.
#pragma once

#include <string>

namespace convbp::app::web {

// Where the settings live: a folder of the module's file system that the
// page keeps in IndexedDB (page.js restores it before main() starts).
inline constexpr const char* kPersistDir = "/persist";

std::string PageUrl();   // location.href
std::string PageBase();  // origin + path: what a link to a state starts with

// The canvas in device pixels (CSS size × devicePixelRatio).
void CanvasPixels(int& width, int& height);

// Input events the page has seen (pointer, touch, wheel, keys, resize):
// while it does not change and nothing animates, no frame is drawn.
unsigned EventCount();

// The file at `path` (or every file in the folder `path`, one download
// each) handed to the browser as a download.
void Download(const std::string& path);

// Text to the system clipboard (navigator.clipboard, else a hidden
// textarea and execCommand).
void CopyText(const std::string& text);

// Opens the browser's file picker; the chosen file is copied into the
// module's file system and handed to convbp_web_open_case(path).
void PickCaseFile();

// Writes the settings folder back to IndexedDB (asynchronous).
void PersistSettings();

// Puts the app's link into the address bar (history.replaceState), so
// reloading or bookmarking keeps the state.
void ReplaceUrl(const std::string& url);

// Records when the first frame was drawn (Module.convbpFirstFrameMs, for
// the start-up figure the tests print).
void MarkFirstFrame();

}  // namespace convbp::app::web
