// Command-line flags of the convbp app, parsed without touching GL so the
// parser is testable and bad flags fail before a window opens.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "presets.h"
#include "shape.h"

namespace convbp::app {

struct LaunchOptions {
  bool help = false;
  std::string screenshot_path;  // --screenshot OUT.png: render, save, exit
  int width = 1600, height = 1000;
  std::optional<int> frames;  // --frames N: run N frames and exit
  // Problem: a case file, or a shape with generated values.
  std::string case_path;
  ConvShape shape;
  bool shape_given = false;
  ValuePreset values = ValuePreset::kSmallIntegers;
  uint64_t seed = 1;
  // Where to start.
  std::string scene = "forward", stage;  // stage "" = the scene's first
  std::optional<uint64_t> step;
  float progress = 1.0f;  // how far into the step's animation (0..1)
  // --pair CxD: the channel explorer's pair (input channel c, output d).
  std::optional<std::array<int, 2>> pair;
  std::string lang = "en";
  // Export (issue 6, export.h): --export OUT.gif|OUT.png|DIR/, --fps, --max-steps.
  std::string export_path;
  int fps = 12;
  int max_steps = 30;
  std::string export_stages;  // --stages a,b,c: these stages, in the scene's order
  bool size_given = false;    // --size given (an export defaults to 800x600)
  int worksheet_blanks = 0;   // --worksheet N: the PNG export is a worksheet (worksheet.h)
  bool practice = false;      // --practice: start in practice mode
  // Settings (settings.h): interactive runs restore and save them unless
  // --no-settings; flags the user gave (`given`) override restored values.
  bool no_settings = false;
  std::set<std::string> given;
  // --link URL (state_link.h): the page's link, applied like these flags;
  // parameters it refused, one line each (the rest still loads).
  std::vector<std::string> link_warnings;
};

// Parses argv[1..]. Returns "" or one line naming the bad flag and why.
std::string ParseLaunchOptions(const std::vector<std::string>& args, LaunchOptions& out);

const char* LaunchUsage();

}  // namespace convbp::app
