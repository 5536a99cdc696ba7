// convbp in the browser: the desktop app's model, panels, renderer and
// shaders in a WebGL2 canvas. What differs from platform/main.cpp:
//   - the loop is the browser's (emscripten_set_main_loop on
//     requestAnimationFrame) and draws only while something moves or after
//     input, so an idle page costs nothing;
//   - the canvas follows the browser window and its device pixel ratio;
//   - the page's URL is a link to a state (state_link.h), and the app keeps
//     the URL up to date;
//   - settings live in browser storage, files the user asks for become
//     downloads, copies go to the system clipboard (web_bridge.h).
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app_state.h"
#include "app_window.h"
#include "gl_api.h"
#include "platform_io.h"
#include "settings.h"
#include "state_link.h"
#include "web_bridge.h"

namespace convbp::app {
namespace {

// Frames drawn after the last input event: ImGui settles hover and menus
// over a couple of frames.
constexpr int kFramesAfterInput = 8;
// Settings are written at most this often while the user works (and when
// the page is hidden).
constexpr double kSaveEverySeconds = 2.0;

struct WebApp {
  AppWindow window;
  AppState state;
  Session session;
  unsigned seen_events = 0;
  int frames_left = kFramesAfterInput;
  int width = 0, height = 0;
  double last_time = 0, last_save = 0;
  bool unsaved = false;
  std::string pending_case;  // a file the picker delivered
  std::string shown_link;    // what the address bar says
};

WebApp* g_app = nullptr;

void SaveNow(WebApp& app) {
  if (!app.session.enabled) return;
  size_t size = 0;
  const char* layout = ImGui::SaveIniSettingsToMemory(&size);
  const std::string error = SaveSession(app.session, app.state, std::string_view(layout, size));
  if (!error.empty()) std::fprintf(stderr, "convbp: settings not saved: %s\n", error.c_str());
  web::PersistSettings();
  app.unsaved = false;
}

// Keeps the address bar a link to what is shown; edited problems (whose
// link carries every value) only when their case is small enough to share.
void UpdateUrl(WebApp& app) {
  std::string link = LinkToState(app.state, web::PageBase());
  if (link.size() > 8000) link = web::PageBase();
  if (link != app.shown_link) {
    web::ReplaceUrl(link);
    app.shown_link = link;
  }
}

void Frame(void* arg) {
  WebApp& app = *static_cast<WebApp*>(arg);
  int w = 0, h = 0;
  web::CanvasPixels(w, h);
  if (w > 0 && h > 0 && (w != app.width || h != app.height)) {
    glfwSetWindowSize(app.window.handle(), w, h);
    app.width = w, app.height = h;
    app.frames_left = kFramesAfterInput;
  }
  const unsigned events = web::EventCount();
  if (events != app.seen_events) {
    app.seen_events = events;
    app.frames_left = kFramesAfterInput;
    app.unsaved = true;
  }
  if (!app.pending_case.empty()) {
    LoadCaseFromUi(app.state, app.pending_case);
    app.pending_case.clear();
    app.frames_left = kFramesAfterInput;
  }
  const double now = emscripten_get_now() / 1000.0;
  const bool busy =
      Animating(app.state) || app.state.export_job.running || app.state.export_job.start;
  if (busy || app.frames_left > 0) {
    app.window.Frame(app.state, float(std::min(0.1, now - app.last_time)));
    app.window.PumpExport(app.state);
    web::MarkFirstFrame();
    if (!busy) --app.frames_left;
    UpdateUrl(app);
  }
  app.last_time = now;
  if (app.unsaved && now - app.last_save > kSaveEverySeconds) {
    SaveNow(app);
    app.last_save = now;
  }
}

}  // namespace
}  // namespace convbp::app

extern "C" {

// The file picker's answer (web_bridge.cpp).
EMSCRIPTEN_KEEPALIVE void convbp_web_open_case(const char* path) {
  if (convbp::app::g_app) convbp::app::g_app->pending_case = path;
}

// The page is being hidden or closed: keep the settings now.
EMSCRIPTEN_KEEPALIVE void convbp_web_save() {
  if (convbp::app::g_app) convbp::app::SaveNow(*convbp::app::g_app);
}

// For the browser tests and the speed comparison with the desktop app: a
// layer given as a link, `frames` frames of its animation playing (the
// desktop app_bench's FrameMedium loop), GPU work included. Returns the
// mean milliseconds per frame; the app's own state is left untouched.
EMSCRIPTEN_KEEPALIVE double convbp_web_time_frames(const char* link, int frames) {
  using namespace convbp::app;
  if (!g_app) return -1;
  LaunchOptions options;
  std::vector<std::string> warnings = ApplyLink(link, options);
  AppState s;
  InitFromLinkOptions(s, options, warnings);
  s.nav.playing = true;
  s.nav.speed = 4;
  g_app->window.Frame(s, 1.0f / 60);  // first frame uploads the canvas
  const double start = emscripten_get_now();
  for (int n = 0; n < frames; ++n) {
    g_app->window.Frame(s, 1.0f / 60);
    glFinish();
    if (!s.nav.playing) s.nav.playing = true;
  }
  const double ms = (emscripten_get_now() - start) / std::max(1, frames);
  g_app->window.InvalidateGrid();  // the app's own canvas goes back on the GPU
  g_app->frames_left = kFramesAfterInput;
  return ms;
}

}  // extern "C"

int main() {
  using namespace convbp::app;
  // settings.cpp keeps its files under $XDG_CONFIG_HOME/convbp; the page
  // mirrors that folder in IndexedDB.
  setenv("XDG_CONFIG_HOME", web::kPersistDir, 1);
  static WebApp app;  // lives as long as the page (main returns into the browser's loop)
  g_app = &app;
  LaunchOptions options;
  std::vector<std::string> warnings = ApplyLink(web::PageUrl(), options);
  app.session = OpenSession(options);
  InitFromLinkOptions(app.state, options, warnings);
  RestoreSession(app.session, app.state, options);
  warnings.insert(warnings.end(), app.session.warnings.begin(), app.session.warnings.end());
  web::CanvasPixels(app.width, app.height);
  const std::string error =
      app.window.Open(std::max(app.width, 1), std::max(app.height, 1), /*with_cjk=*/true);
  if (!error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", error.c_str());
    return 1;
  }
  if (const auto layout = LoadUiLayout(app.session))
    ImGui::LoadIniSettingsFromMemory(layout->data(), layout->size());
  app.state.fonts = app.window.fonts();
  AfterWindowOpen(app.session, app.state);
  for (const std::string& w : warnings) {
    std::fprintf(stderr, "convbp: %s\n", w.c_str());
    app.state.notices.push_back(w);
  }
  // The browser's I/O (platform_io.h).
  app.state.platform.file_written = web::Download;
  app.state.platform.pick_case_file = web::PickCaseFile;
  app.state.platform.link_base = web::PageBase;
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = [](void*, const char* text) { web::CopyText(text); };
  app.last_time = emscripten_get_now() / 1000.0;
  emscripten_set_main_loop_arg(Frame, &app, 0, /*simulate_infinite_loop=*/true);
  return 0;
}
