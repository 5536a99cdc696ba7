#include "app_window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "gl_api.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/html5.h>
#endif

#include "export_render.h"
#include "fonts.h"
#include "panels.h"

namespace convbp::app {

static_assert(kKeySpace == GLFW_KEY_SPACE && kKeyRight == GLFW_KEY_RIGHT &&
              kKeyLeft == GLFW_KEY_LEFT && kKeyHome == GLFW_KEY_HOME && kKeyEnd == GLFW_KEY_END &&
              GLFW_KEY_1 == '1' && kKeyZ == GLFW_KEY_Z && kKeyY == GLFW_KEY_Y &&
              kKeyP == GLFW_KEY_P && kKeyTab == GLFW_KEY_TAB && kKeyEnter == GLFW_KEY_ENTER &&
              kKeyPadEnter == GLFW_KEY_KP_ENTER);

namespace {

void GlfwError(int code, const char* text) {
  std::fprintf(stderr, "convbp: GLFW error %d: %s\n", code, text);
}

void NoteInputOf(GLFWwindow* w) {
  static_cast<AppWindow*>(glfwGetWindowUserPointer(w))->NoteInput();
}

// The colour ImGui's window background (translucent in the dark style)
// would give over the canvas background: its 8-bit colour blended as GL
// blends it, so the panels look as they did when ImGui drew them.
ClearColour PanelBackground() {
  const ImU32 c = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const float alpha = float((c >> IM_COL32_A_SHIFT) & 0xFF) / 255;
  const auto over = [&](int shift, float under) {
    const float top = float((c >> shift) & 0xFF) / 255;
    return top * alpha + std::round(under * 255) / 255 * (1 - alpha);
  };
  return {over(IM_COL32_R_SHIFT, kCanvasBackground.r), over(IM_COL32_G_SHIFT, kCanvasBackground.g),
          over(IM_COL32_B_SHIFT, kCanvasBackground.b)};
}

// Fills the side panels' rectangles (window coordinates, top-left origin)
// with their background: a scissored clear, which even a software GL does
// at memory speed (UiPass::opaque_panels says why ImGui does not).
void FillPanelBackgrounds(const std::vector<Rect>& panels, float fb_scale, int fb_h) {
  const ClearColour c = PanelBackground();
  glClearColor(c.r, c.g, c.b, 1);
  glEnable(GL_SCISSOR_TEST);
  for (const Rect& r : panels) {
    const int x0 = int(std::lround(r.x * fb_scale)), x1 = int(std::lround((r.x + r.w) * fb_scale));
    const int y0 = int(std::lround(r.y * fb_scale)), y1 = int(std::lround((r.y + r.h) * fb_scale));
    if (x1 <= x0 || y1 <= y0) continue;
    glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace

AppWindow::~AppWindow() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_) {
    grid_.reset();  // its GL objects need the context alive
    glfwDestroyWindow(window_);
    glfwTerminate();
  }
}

std::string AppWindow::Open(int width, int height, bool with_cjk, bool visible) {
  glfwSetErrorCallback(GlfwError);
  if (!glfwInit()) return "cannot initialise GLFW (is there a display? try xvfb-run -a)";
#ifdef __EMSCRIPTEN__
  // The browser's GLFW (3.2) draws into the page's canvas with WebGL2; the
  // canvas holds device pixels, so the UI scales by the device pixel ratio
  // just as a HiDPI desktop scales by the monitor's content scale.
  (void)visible;
  window_ = glfwCreateWindow(width, height, "convbp", nullptr, nullptr);
  if (!window_) return "cannot create a WebGL2 context";
  glfwMakeContextCurrent(window_);
  scale_ = std::max(1.0f, float(emscripten_get_device_pixel_ratio()));
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(width, height, "convbp — how a convolution layer back-propagates",
                             nullptr, nullptr);
  if (!window_) return "cannot open a window with an OpenGL 3.3 core context";
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  float sx = 1, sy = 1;
  glfwGetWindowContentScale(window_, &sx, &sy);
  scale_ = std::max(1.0f, std::max(sx, sy));
#endif

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // settings.cpp saves imgui.ini atomically itself
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(scale_);
  const std::string font_warning = LoadFonts(scale_, with_cjk, fonts_);
  if (!font_warning.empty()) std::fprintf(stderr, "convbp: %s\n", font_warning.c_str());
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  // Chain our key callback after ImGui's (installed just above) so every
  // press reaches HandleKeyboard, however short.
  glfwSetWindowUserPointer(window_, this);
  glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
    AppWindow& self = *static_cast<AppWindow*>(glfwGetWindowUserPointer(w));
    self.NoteInput();
    if (action == GLFW_PRESS || action == GLFW_REPEAT)
      self.key_presses_.push_back(
          {key, (mods & GLFW_MOD_SHIFT) != 0, (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0});
  });
  // Every other input also owes ImGui a few frames (frame_pacing.h): wrap
  // the backend's callbacks (or, for what it polls, add one) to count it.
  glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    NoteInputOf(w);
  });
  glfwSetScrollCallback(window_, [](GLFWwindow* w, double dx, double dy) {
    ImGui_ImplGlfw_ScrollCallback(w, dx, dy);
    NoteInputOf(w);
  });
  glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned c) {
    ImGui_ImplGlfw_CharCallback(w, c);
    NoteInputOf(w);
  });
  glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int focused) {
    ImGui_ImplGlfw_WindowFocusCallback(w, focused);
    NoteInputOf(w);
  });
  glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(w, entered);
    NoteInputOf(w);
  });
  glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) { NoteInputOf(w); });
  glfwSetWindowSizeCallback(window_, [](GLFWwindow* w, int, int) { NoteInputOf(w); });
  glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) { NoteInputOf(w); });
  ImGui_ImplOpenGL3_Init(kGlslVersion);
  // The font atlas goes to the GPU now, and its copies in our memory go:
  // its pixels (alpha and RGBA: 5 bytes a texel, several MB with the
  // Chinese glyphs) and the font files read to build it (the CJK face is
  // ~5 MB). The atlas is built once (LoadFonts above) and never again.
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  ImGui::GetIO().Fonts->ClearTexData();
  ImGui::GetIO().Fonts->ClearInputData();
  imgui_ready_ = true;
  grid_ = std::make_unique<GridRenderer>();
  return grid_->Init();
}

bool AppWindow::ShouldClose() const { return glfwWindowShouldClose(window_); }

void AppWindow::Frame(AppState& s, float dt, bool swap) {
  // The UI pass may leave a backward pass running while this frame draws
  // (ApplyMode::kForwardFirst); it is joined when the frame is done, however
  // it ends, so no partial results outlive Frame.
  struct FinishBackwardAtEnd {
    AppState& s;
    ~FinishBackwardAtEnd() { FinishBackward(s); }
  } finish{s};
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  s.fonts = fonts_;  // the panels and the language menu read what the atlas has
  Tick(s, dt);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const UiPass ui = RunUiPass(s, scale_, key_presses_);
  key_presses_.clear();
  const PanelLayout& layout = ui.layout;

  if (fb_w <= 0 || fb_h <= 0) return;  // minimised
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(kCanvasBackground.r, kCanvasBackground.g, kCanvasBackground.b, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  // ImGui works in window coordinates; the framebuffer may be larger (HiDPI).
  const float fb_scale = display.x > 0 ? float(fb_w) / display.x : 1;
  FillPanelBackgrounds(ui.opaque_panels, fb_scale, fb_h);
  // Upload whenever the model was rebuilt, also by a panel that loaded a
  // case during the UI pass.
  if (s.derived.canvas.generation != uploaded_generation_) {
    grid_->Upload(s.derived.canvas);
    uploaded_generation_ = s.derived.canvas.generation;
  }
  GridView view;
  view.origin_x = ui.canvas.origin_x, view.origin_y = ui.canvas.origin_y;
  view.pixels_per_unit = ui.canvas.pixels_per_unit * fb_scale;
  view.region_x = int(layout.canvas.x * fb_scale), view.region_y = int(layout.canvas.y * fb_scale);
  view.region_w = int(layout.canvas.w * fb_scale), view.region_h = int(layout.canvas.h * fb_scale);
  view.framebuffer_w = fb_w, view.framebuffer_h = fb_h;
  grid_->Draw(s.derived.canvas, view, Eased(s.nav.progress), s.view.palette);
  glViewport(0, 0, fb_w, fb_h);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!swap) return;
  glfwSwapBuffers(window_);
  last_frame_shown_ = std::chrono::steady_clock::now();
  StartBackward(s);  // what the frame did not show, now that it is shown
}

std::string AppWindow::SavePng(const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  if (w <= 0 || h <= 0) return "the window has no pixels to save";
  std::vector<unsigned char> rgba(size_t(w) * size_t(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  for (size_t k = 3; k < rgba.size(); k += 4) rgba[k] = 255;  // opaque PNG
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(path.c_str(), w, h, 4, rgba.data(), w * 4)) return "cannot write " + path;
  return "";
}

int RunInteractive(AppWindow& w, AppState& s, int frames) {
  double last = glfwGetTime();
  FramePacer pacer;
  for (int n = 0; (frames <= 0 || n < frames) && !w.ShouldClose(); ++n) {
    // Sleep until input arrives unless something moves or ImGui still
    // settles the last input (frame_pacing.h).
    const bool sleep = frames <= 0 && pacer.MaySleep(NeedsFrames(s));
    if (sleep) glfwWaitEvents();  // something woke us: it counts as input
    else glfwPollEvents();
    pacer.Count(w.TakeInput() || sleep, NeedsFrames(s));
    const double now = glfwGetTime();
    w.Frame(s, float(std::min(0.1, now - last)));
    w.PumpExport(s);
    last = now;
  }
  return 0;
}

int RunScreenshot(AppWindow& w, AppState& s, const std::string& path) {
  // The picture must not depend on where the pointer happens to be (under
  // Xvfb it sits mid-screen, over the canvas, and would raise a tooltip).
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;
  const float progress = s.nav.progress;
  for (int n = 0; n < 3; ++n) {
    glfwPollEvents();
    s.nav.progress = progress;  // hold the requested animation moment
    w.Frame(s, 0, /*swap=*/n < 2);
  }
  const std::string error = w.SavePng(path);
  if (!error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace convbp::app
