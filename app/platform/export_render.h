// The platform's half of export (model/export_plan.h has the plan): frames
// rendered off-screen into a framebuffer with the window's own renderer,
// encoded as GIF or PNG, for `convbp --export` and for the GUI's Export menu.
#pragma once

#include <memory>

#include "app_state.h"
#include "export_plan.h"
#include "launch_options.h"

namespace convbp::app {

class AppWindow;
class Exporter;  // one export in progress (export_render.cpp)

// `convbp --export …`: opens a hidden window of the requested size, renders
// and writes. Returns the exit code (0 ok, 1 I/O failure naming the path).
int RunExport(AppState& state, const LaunchOptions& options);

// The GUI's export, owned by the window: the Export menu fills
// state.export_job and sets `start`; Pump, called once per UI frame, renders
// a slice of frames with a copy of the state so the UI stays responsive.
class GuiExportPump {
 public:
  GuiExportPump();
  ~GuiExportPump();
  GuiExportPump(const GuiExportPump&) = delete;
  GuiExportPump& operator=(const GuiExportPump&) = delete;
  void Pump(AppWindow& window, AppState& state);

 private:
  std::unique_ptr<Exporter> exporter_;
};

}  // namespace convbp::app
