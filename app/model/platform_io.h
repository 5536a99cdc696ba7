// What the UI asks of the platform beyond drawing, as hooks the platform
// fills in at start-up (AppState::platform). The desktop leaves them empty: files stay where they
// were written, ImGui's clipboard goes through GLFW, the File menu's path
// field is the way to open a case. The browser sets them (platform/web):
// written files become downloads, "Open…" shows the browser's file picker,
// links start with the page's address.
#pragma once

#include <functional>
#include <string>

namespace convbp::app {

struct PlatformIo {
  // A file the user asked for was written (Save, an export; a folder of
  // frames for a frames export).
  std::function<void(const std::string& path)> file_written;
  // Lets the user pick a CASE.json; the platform loads it when chosen.
  std::function<void()> pick_case_file;
  // What a link to a state starts with ("" on the desktop: a bare "?…"
  // query, which `convbp --link` accepts).
  std::function<std::string()> link_base;
};

inline void NotifyFileWritten(const PlatformIo& io, const std::string& path) {
  if (io.file_written) io.file_written(path);
}

}  // namespace convbp::app
