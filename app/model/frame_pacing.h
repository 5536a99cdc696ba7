// When the interactive loop may sleep. Idle frames cost nothing, but one
// frame per event is not enough: ImGui answers some input a frame or two
// later (a click opens a popup that is drawn the next frame, a window that
// appears measures itself before it sizes itself, a tooltip follows the
// hover). So after every event the loop draws a few more frames, and it
// never sleeps while something animates or an export runs.
#pragma once

#include <algorithm>

namespace convbp::app {

struct AppState;

// Frames drawn after the last input before the loop may sleep again.
inline constexpr int kSettleFrames = 4;

struct FramePacer {
  int owed = 0;  // frames still to draw before sleeping

  // Whether the loop may wait for the next event; `busy`: something moves
  // or works (NeedsFrames).
  bool MaySleep(bool busy) const { return !busy && owed == 0; }
  // Once per frame, after the events were handled: `input` says whether
  // any arrived since the last frame (or the loop woke up), `busy` whether
  // something still moves. The end of an animation or an export owes
  // frames too: its last state (a result window) appears a frame later.
  void Count(bool input, bool busy) {
    owed = input || busy ? kSettleFrames : std::max(0, owed - 1);
  }
};

// True while the app must keep drawing without input: an animation, a
// language switch's redraw, an export starting or running (app_state.h).
bool NeedsFrames(const AppState& s);

}  // namespace convbp::app
