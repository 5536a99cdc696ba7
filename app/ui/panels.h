// One free function per panel, each in its own file. They read AppState,
// change its control fields and set dirty flags; none of them computes.
#pragma once

#include <string_view>
#include <vector>

#include "app_state.h"
#include "panel_layout.h"

namespace convbp::app {

// The three side panels return the rectangle their window covers: the
// renderer fills their background (UiPass::opaque_panels).
Rect DrawControlsPanel(AppState& s, const Rect& r);
Rect DrawTimelinePanel(AppState& s, const Rect& r);
Rect DrawStepPanel(AppState& s, const Rect& r);
// ImGui::Begin for a side panel: the same window with its title bar, menu
// bar and border, but no background (UiPass::opaque_panels). Returns the
// window's rectangle; End it with ImGui::End as usual.
Rect BeginSidePanel(const char* title, int imgui_window_flags);
// A paragraph typeset piece by piece (so δ^l_d gets its scripts), wrapped
// at the panel's edge between words or Chinese characters (step_panel.cpp).
void FlowParagraph(std::string_view paragraph);
// Practice mode's part of the step panel (practice_panel.cpp): question,
// answer field, verdict, hints, score.
void DrawPracticeSection(AppState& s);
// The canvas panel is transparent: the grid renderer draws the cells under
// it; this draws the overlay (canvas_overlay.h) and handles pan, zoom, hover
// and click-to-edit. Returns how canvas units map to the region's pixels,
// for the renderer.
CanvasTransform DrawCanvasPanel(AppState& s, const Rect& r);
// The channel explorer (channel_explorer_panel.cpp): the strip it takes
// from the canvas's bottom (0 when hidden: the View menu, or a scene or
// layer it does not apply to), and the strip itself.
float ChannelExplorerHeight(const AppState& s, float canvas_h);
void DrawChannelExplorer(AppState& s, const Rect& r);
// The menu bar of the Layer panel (menu_bar.cpp): File, Language, View,
// then DrawExportMenu (export_menu.cpp; its own ImGui::BeginMenu).
void DrawMenuBar(AppState& s);
void DrawExportMenu(AppState& s);
// The tooltip `key` (assets/i18n) on the last item when it is hovered: every
// button says what it does.
void ItemTip(const AppState& s, const char* key);
// A key press as GLFW reported it (its key codes). The window queues every
// press and repeat, and HandleKeyboard consumes the queue: ImGui 1.86 only
// sees whether a key is down at frame time, so a tap whose press and release
// arrive in the same frame (fast typing, xdotool) would be lost.
struct KeyPress {
  int key;  // GLFW_KEY_*: 32 space, 262 →, 263 ←, 268 Home, 269 End, '1'–'5', 'Z'
  bool shift;
  bool ctrl = false;  // Ctrl (or ⌘ on a Mac) held
};
inline constexpr int kKeySpace = 32, kKeyRight = 262, kKeyLeft = 263, kKeyHome = 268, kKeyEnd = 269,
                     kKeyZ = 'Z', kKeyY = 'Y', kKeyP = 'P', kKeyTab = 258, kKeyEnter = 257,
                     kKeyPadEnter = 335;

// The UI pass of one frame, after ImGui::NewFrame(): keys, every panel,
// ImGui::Render(), then the one recompute of the frame. AppWindow::Frame
// wraps it with GL; the headless tests call it alone. The recompute may
// leave the backward pass waiting (ApplyMode::kForwardFirst): the caller
// calls FinishBackward once it has drawn the frame (the window starts it
// with StartBackward as soon as the frame is on screen).
struct UiPass {
  PanelLayout layout;
  CanvasTransform canvas;  // the canvas view
  // Where the controls, step and timeline panels' windows are this frame
  // (a dragged edge moves a window before the layout follows). Their
  // backgrounds are left to the renderer: ImGui would draw each as blended,
  // textured triangles, which a software GL (llvmpipe, SwiftShader in the
  // browser) shades at ~2.8 ms a frame at 1600×1000, where a scissored
  // clear of the same pixels costs a few hundredths of that.
  std::vector<Rect> opaque_panels;
};
UiPass RunUiPass(AppState& s, float scale, const std::vector<KeyPress>& keys);

// Space, ←/→, Shift+←/→, Home/End, 1–4, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y),
// P practice mode. Ignored while a text field has focus (it has its own
// undo) — except, in practice mode, Tab (the answer field takes the keys)
// and Enter in the answer field or outside any field (submit).
void HandleKeyboard(AppState& s, const std::vector<KeyPress>& presses);

}  // namespace convbp::app
