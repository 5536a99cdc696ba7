// The Export menu (issue 6): pictures of the current scene (GIF, PNG, PNG
// frames) rendered by PumpExport a few frames per UI frame, with a progress
// window and Cancel; and the state copied as a PyTorch / NumPy script or the
// current step as a LaTeX / Markdown derivation.
#include <imgui.h>

#include <cstdio>

#include "derivation.h"
#include "export.h"
#include "panels.h"
#include "snippet.h"

namespace convbp::app {

namespace {

struct MenuFields {
  char path[512] = "convbp_export.gif";
  int size[2] = {800, 600};
  int fps = 12;
  int max_steps = 30;
  bool stage_only = false;
};
MenuFields g_fields;

void StartExport(const AppState& s, ExportJob& job) {
  const auto kind = ExportKindOf(g_fields.path);
  if (!kind) {
    job.failed = true;
    job.message =
        std::string("'") + g_fields.path + "': expected OUT.gif, OUT.png or a directory DIR/";
    return;
  }
  ExportSettings& e = job.settings;
  e = ExportSettings{};
  e.path = g_fields.path;
  e.kind = *kind;
  e.scene = s.scene;
  if (g_fields.stage_only || *kind == ExportKind::kPng) e.stage = s.stage;
  e.width = std::clamp(g_fields.size[0], 16, 4096);
  e.height = std::clamp(g_fields.size[1], 16, 4096);
  e.fps = g_fields.fps;
  e.max_steps = g_fields.max_steps;
  e.step = s.granularity == steps::Granularity::kWindow ? s.step : s.window_step.index;
  e.progress = 1.0f;
  job.start = true;
  job.message.clear();
}

void ProgressWindow(ExportJob& job) {
  if (!job.running && !job.show_result) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.3f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::Begin("Exporting##export_progress", nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted(job.settings.path.c_str());
  char label[64];
  std::snprintf(label, sizeof label, "%zu / %zu frames", job.done, job.total);
  ImGui::ProgressBar(job.total ? float(job.done) / float(job.total) : 0.0f, {320, 0}, label);
  if (job.running) {
    if (ImGui::Button("Cancel")) job.cancel = true;
  } else {
    ImGui::TextColored(job.failed ? ImVec4(0.95f, 0.3f, 0.3f, 1) : ImVec4(0.5f, 0.85f, 0.5f, 1),
                       "%s", job.message.c_str());
    if (ImGui::Button("Close")) job.show_result = false;
  }
  ImGui::End();
}

}  // namespace

void DrawExportMenu(AppState& s) {
  ExportJob& job = GuiExportJob();
  if (ImGui::BeginMenu("Export")) {
    ImGui::TextDisabled("picture of the current scene");
    ImGui::SetNextItemWidth(260);
    ImGui::InputText("file: .gif, .png or dir/", g_fields.path, sizeof g_fields.path);
    ImGui::SetNextItemWidth(260);
    ImGui::InputInt2("size (pixels)", g_fields.size);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt("frames per second", &g_fields.fps, 1, 50);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt("steps per stage at most", &g_fields.max_steps, 1, 200);
    ImGui::Checkbox("only the current stage", &g_fields.stage_only);
    ImGui::BeginDisabled(job.running);
    if (ImGui::Button("Export")) {
      job.show_result = false;
      StartExport(s, job);
    }
    ImGui::EndDisabled();
    if (job.running) {
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) job.cancel = true;
      ImGui::ProgressBar(job.total ? float(job.done) / float(job.total) : 0.0f, {260, 0});
    }
    if (!job.message.empty())
      ImGui::TextColored(job.failed ? ImVec4(0.95f, 0.3f, 0.3f, 1) : ImVec4(0.5f, 0.85f, 0.5f, 1),
                         "%s", job.message.c_str());
    ImGui::Separator();
    if (ImGui::MenuItem("Copy as PyTorch")) {
      ImGui::SetClipboardText(
          snippets::MakeSnippet(s.problem, snippets::SnippetLang::kTorch).c_str());
      job.copied = "PyTorch script";
    }
    if (ImGui::MenuItem("Copy as NumPy")) {
      ImGui::SetClipboardText(
          snippets::MakeSnippet(s.problem, snippets::SnippetLang::kNumpy).c_str());
      job.copied = "NumPy script";
    }
    if (ImGui::MenuItem("Copy derivation (LaTeX)")) {
      ImGui::SetClipboardText(snippets::MakeDerivation(s.problem.shape, s.current,
                                                       snippets::DerivationFormat::kLatex, s.lang)
                                  .c_str());
      job.copied = "LaTeX derivation";
    }
    if (ImGui::MenuItem("Copy derivation (Markdown)")) {
      ImGui::SetClipboardText(snippets::MakeDerivation(s.problem.shape, s.current,
                                                       snippets::DerivationFormat::kMarkdown,
                                                       s.lang)
                                  .c_str());
      job.copied = "Markdown derivation";
    }
    if (!job.copied.empty()) ImGui::TextDisabled("copied: %s", job.copied.c_str());
    ImGui::EndMenu();
  }
  ProgressWindow(job);
}

}  // namespace convbp::app
