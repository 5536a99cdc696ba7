// The GLFW window, the OpenGL 3.3 core context, Dear ImGui and the grid
// renderer: everything with a lifetime tied to the window.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "app_state.h"
#include "export_render.h"
#include "grid_renderer.h"
#include "panels.h"

struct GLFWwindow;

namespace convbp::app {

class AppWindow {
 public:
  AppWindow() = default;
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;
  ~AppWindow();

  // Returns "" or why the window could not open (no display, no GL 3.3).
  // visible = false: a hidden window (headless export renders off-screen).
  std::string Open(int width, int height, bool with_cjk, bool visible = true);
  // One frame: input → UI → ApplyPendingChanges → draw → (swap).
  void Frame(AppState& s, float dt, bool swap = true);
  // Writes the last rendered frame (back buffer) as PNG. "" or the error.
  std::string SavePng(const std::string& path);
  bool ShouldClose() const;
  GLFWwindow* handle() const { return window_; }
  // What the font loader found when the window opened.
  const FontStatus& fonts() const { return fonts_; }
  // For the off-screen export (export_render.cpp), which draws with the same
  // renderer and then makes the window re-upload its own cells.
  GridRenderer& grid() { return *grid_; }
  void InvalidateGrid() { uploaded_generation_ = 0; }
  // A slice of a running GUI export (export_render.h), once per UI frame.
  void PumpExport(AppState& s) { export_pump_.Pump(*this, s); }
  // Whether any input (mouse, keys, text, window changes) arrived since the
  // last call (frame_pacing.h).
  bool TakeInput() {
    const bool any = input_events_ != 0;
    input_events_ = 0;
    return any;
  }
  void NoteInput() { ++input_events_; }
  // When the last frame was handed to the display (its swap returned; a
  // software GL has finished drawing it by then). What follows in Frame —
  // the backward pass the forward scene does not show (app/README.md, "A
  // change in the forward scene") — comes after the user saw the frame;
  // app_bench measures a change to this moment.
  std::chrono::steady_clock::time_point last_frame_shown() const { return last_frame_shown_; }

 private:
  GLFWwindow* window_ = nullptr;
  std::unique_ptr<GridRenderer> grid_;
  uint64_t uploaded_generation_ = 0;   // canvas generation on the GPU; 0: none
  std::vector<KeyPress> key_presses_;  // since the last frame
  unsigned input_events_ = 0;          // since the last TakeInput
  float scale_ = 1;
  FontStatus fonts_;
  bool imgui_ready_ = false;
  GuiExportPump export_pump_;
  std::chrono::steady_clock::time_point last_frame_shown_;
};

// The interactive loop (sleeps in glfwWaitEvents while nothing animates),
// or `frames` frames when given. Returns the process exit code.
int RunInteractive(AppWindow& w, AppState& s, int frames);

// Renders the state a few frames (so ImGui settles its layout), saves a PNG.
int RunScreenshot(AppWindow& w, AppState& s, const std::string& path);

}  // namespace convbp::app
