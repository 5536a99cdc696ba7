// The frame plan of an export and the GUI job's storage (no GL, no ImGui).
#include "export_plan.h"

#include <algorithm>
#include <filesystem>

namespace convbp::app {

std::optional<ExportKind> ExportKindOf(const std::string& path) {
  if (path.empty()) return std::nullopt;
  auto ends = [&](const char* ext) {
    const std::string e = ext;
    if (path.size() <= e.size()) return false;
    std::string tail = path.substr(path.size() - e.size());
    for (char& c : tail) c = char(std::tolower(static_cast<unsigned char>(c)));
    return tail == e;
  };
  if (ends(".gif")) return ExportKind::kGif;
  if (ends(".png")) return ExportKind::kPng;
  std::error_code ec;
  if (path.back() == '/' || std::filesystem::is_directory(path, ec)) return ExportKind::kFrames;
  return std::nullopt;
}

std::vector<uint64_t> ShownSteps(uint64_t count, int max_steps) {
  std::vector<uint64_t> out;
  const uint64_t cap = uint64_t(std::max(max_steps, 1));
  if (count <= cap) {
    for (uint64_t k = 0; k < count; ++k) out.push_back(k);
    return out;
  }
  // Evenly spaced, first and last included: round(k·(count−1)/(cap−1)).
  for (uint64_t k = 0; k < cap; ++k)
    out.push_back(cap == 1 ? 0 : (k * (count - 1) + (cap - 1) / 2) / (cap - 1));
  return out;
}

ExportPlan PlanExport(const ConvShape& shape, const ExportSettings& s) {
  ExportPlan plan;
  const int base = std::max(1, (100 + s.fps / 2) / std::max(s.fps, 1));  // 1/100 s per frame
  for (steps::Stage stage : steps::StagesOf(shape, s.scene)) {
    if (s.stage && stage != *s.stage) continue;
    if (!s.stages.empty() && std::find(s.stages.begin(), s.stages.end(), stage) == s.stages.end())
      continue;
    const uint64_t count = steps::StepCount(shape, s.scene, stage, steps::Granularity::kWindow);
    const std::vector<uint64_t> shown = ShownSteps(count, s.max_steps);
    if (shown.size() < count) {
      if (!plan.note.empty()) plan.note += "; ";
      plan.note += std::string(steps::StageName(stage)) + ": " + std::to_string(shown.size()) +
                   " of " + std::to_string(count) + " steps shown";
    }
    for (uint64_t step : shown) {
      for (int k = 1; k <= kExportSubsteps; ++k) {
        ExportFrame f;
        f.stage = stage;
        f.step = step;
        f.progress = float(k) / kExportSubsteps;
        f.delay_cs = k == kExportSubsteps ? base * 4 : base;  // hold the finished step
        plan.frames.push_back(f);
      }
    }
    if (!plan.frames.empty())
      plan.frames.back().delay_cs = std::max(plan.frames.back().delay_cs, 150);
  }
  return plan;
}

}  // namespace convbp::app
