// Ctrl+C (SIGINT), kill (SIGTERM) or a closed terminal (SIGHUP) close the
// window the way its close button does, so the interactive loop ends
// normally and the session is saved (settings.h). A second signal while
// saving ends the process at once.
#pragma once

struct GLFWwindow;

namespace convbp::app {

// Blocks the three signals in this thread and every thread started after
// it (the GL driver starts some when the window opens), so they wait for
// QuitSignalWatch instead of killing the process. Call before Open().
void BlockQuitSignals();

// A thread that waits for the blocked signals and asks `window` to close.
// Destroy it before the window.
class QuitSignalWatch {
 public:
  explicit QuitSignalWatch(GLFWwindow* window);
  ~QuitSignalWatch();
  QuitSignalWatch(const QuitSignalWatch&) = delete;
  QuitSignalWatch& operator=(const QuitSignalWatch&) = delete;
};

}  // namespace convbp::app
