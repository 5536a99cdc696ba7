// Export: pictures of any scene — an animated GIF, one PNG, or numbered PNG
// frames — rendered off-screen with the app's own renderer. This header is
// the model's half, shared by the Export menu and `convbp --export`:
//
//   model/export_plan.*       settings, which (stage, step, progress) each
//                             frame shows (pure, testable), the GUI job
//   ui/export_menu.cpp        the Export menu (ImGui)
//   platform/export_render.*  off-screen frames (FBO), files, the CLI run,
//                             the GUI pump
//   platform/export_gif.*     the GIF encoder: fixed palette + frame deltas
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.h"
#include "practice.h"
#include "shape.h"

namespace convbp::app {

enum class ExportKind { kGif, kPng, kFrames };

// OUT.gif → GIF, OUT.png → one PNG, DIR/ (or an existing directory) → frames.
std::optional<ExportKind> ExportKindOf(const std::string& path);

struct ExportSettings {
  std::string path;
  ExportKind kind = ExportKind::kGif;
  steps::Scene scene = steps::Scene::kInput;
  std::optional<steps::Stage> stage;  // nullopt: every stage of the scene
  std::vector<steps::Stage> stages;   // non-empty: only these (still in the scene's order)
  int fps = 12;
  int width = 800, height = 600;
  // Big layers have thousands of windows per stage: at most this many steps
  // of each stage are shown, evenly spaced, first and last included.
  int max_steps = 30;
  // PNG: the one step shown.
  uint64_t step = 0;
  float progress = 1.0f;
  // A worksheet (worksheet.h): these cells drawn blank with their numbers.
  std::vector<BlankCell> blanks;
};

// One picture of the animation.
struct ExportFrame {
  steps::Stage stage = steps::Stage::kSlide;
  uint64_t step = 0;
  float progress = 1.0f;  // 0..1 into the step's animation (eased when drawn)
  int delay_cs = 8;       // GIF delay in 1/100 s
};

struct ExportPlan {
  std::vector<ExportFrame> frames;
  std::string note;  // e.g. "slide: 24 of 3072 steps shown"
};

// Each shown step animates in over kExportSubsteps frames and then holds
// (its last frame's delay is longer); each stage ends with a longer pause.
inline constexpr int kExportSubsteps = 3;
ExportPlan PlanExport(const ConvShape& shape, const ExportSettings& settings);

// The steps of a stage of `count` that an export shows (≤ max_steps).
std::vector<uint64_t> ShownSteps(uint64_t count, int max_steps);

// The Export menu's fields as the user left them (C strings for ImGui's
// InputText).
struct ExportForm {
  char path[512] = "convbp_export.gif";
  int size[2] = {800, 600};
  int fps = 12;
  int max_steps = 30;
  bool stage_only = false;
  // Export ▸ Worksheet: where the PNG goes (the Markdown beside it, .md)
  // and how many cells are blanked.
  char sheet_path[512] = "convbp_worksheet.png";
  int sheet_blanks = 6;
};

// The GUI's export: the Export menu fills `settings` and sets `start`; the
// window loop (PumpExport, export_render.cpp) renders a few frames per UI
// frame with a copy of the state, so the UI stays responsive.
struct ExportJob {
  ExportSettings settings;
  bool start = false;   // menu → pump: begin with these settings
  bool cancel = false;  // menu → pump: stop and delete the partial file
  bool running = false;
  size_t done = 0, total = 0;
  std::string message;  // last result ("wrote …" or the error)
  bool failed = false;
  bool show_result = false;  // the progress window stays with the result until closed
  std::string copied;        // UI-string key of the last Copy ("export.copied_torch" …)
};

}  // namespace convbp::app
