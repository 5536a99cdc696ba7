#include "quit_signals.h"

#include <GLFW/glfw3.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

namespace convbp::app {

namespace {

std::atomic<GLFWwindow*> g_window{nullptr};

sigset_t QuitSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void BlockQuitSignals() {
  const sigset_t set = QuitSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

QuitSignalWatch::QuitSignalWatch(GLFWwindow* window) {
  g_window = window;
  // Detached: it sleeps in sigwait for the life of the process.
  std::thread([] {
    const sigset_t set = QuitSet();
    for (int received = 0;; ++received) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) return;
      GLFWwindow* w = g_window.load();
      if (received > 0 || !w) _exit(128 + sig);  // already closing: stop now
      glfwSetWindowShouldClose(w, GLFW_TRUE);    // both may be called from any thread
      glfwPostEmptyEvent();
    }
  }).detach();
}

QuitSignalWatch::~QuitSignalWatch() { g_window = nullptr; }

}  // namespace convbp::app
