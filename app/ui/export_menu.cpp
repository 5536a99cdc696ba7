// The Export menu (issue 6): pictures of the current scene (GIF, PNG, PNG
// frames) rendered by the platform's export pump a few frames per UI frame, with a progress
// window and Cancel; and the state copied as a PyTorch / NumPy script or the
// current step as a LaTeX / Markdown derivation.
#include <imgui.h>

#include <string>

#include "derivation.h"
#include "export_plan.h"
#include "i18n.h"
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
    job.message = TF("export.bad_path", {{"path", g_fields.path}});
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

// The last export's result: red when it failed, green otherwise.
void ResultLine(const ExportJob& job) {
  ImGui::TextColored(job.failed ? ImVec4(0.95f, 0.3f, 0.3f, 1) : ImVec4(0.5f, 0.85f, 0.5f, 1), "%s",
                     job.message.c_str());
}

void ProgressWindow(ExportJob& job) {
  if (!job.running && !job.show_result) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.3f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::Begin(TL("export.progress"), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted(job.settings.path.c_str());
  const std::string label = TF(
      "export.frames", {{"done", std::to_string(job.done)}, {"total", std::to_string(job.total)}});
  ImGui::ProgressBar(job.total ? float(job.done) / float(job.total) : 0.0f, {320, 0},
                     label.c_str());
  if (job.running) {
    if (ImGui::Button(TL("export.cancel"))) job.cancel = true;
  } else {
    ResultLine(job);
    if (ImGui::Button(TL("export.close"))) job.show_result = false;
  }
  ImGui::End();
}

}  // namespace

void DrawExportMenu(AppState& s) {
  ExportJob& job = s.export_job;
  if (ImGui::BeginMenu(TL("export.menu"))) {
    ImGui::TextDisabled("%s", T("export.picture"));
    ImGui::SetNextItemWidth(260);
    ImGui::InputText(TL("export.path"), g_fields.path, sizeof g_fields.path);
    ImGui::SetNextItemWidth(260);
    ImGui::InputInt2(TL("export.size"), g_fields.size);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt(TL("export.fps"), &g_fields.fps, 1, 50);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt(TL("export.max_steps"), &g_fields.max_steps, 1, 200);
    ImGui::Checkbox(TL("export.stage_only"), &g_fields.stage_only);
    ImGui::BeginDisabled(job.running);
    if (ImGui::Button(TL("export.start"))) {
      job.show_result = false;
      StartExport(s, job);
    }
    ImGui::EndDisabled();
    if (job.running) {
      ImGui::SameLine();
      if (ImGui::Button(TL("export.cancel"))) job.cancel = true;
      ImGui::ProgressBar(job.total ? float(job.done) / float(job.total) : 0.0f, {260, 0});
    }
    if (!job.message.empty()) ResultLine(job);
    ImGui::Separator();
    if (ImGui::MenuItem(TL("export.copy_torch"))) {
      ImGui::SetClipboardText(
          snippets::MakeSnippet(s.problem, snippets::SnippetLang::kTorch).c_str());
      job.copied = "export.copied_torch";
    }
    if (ImGui::MenuItem(TL("export.copy_numpy"))) {
      ImGui::SetClipboardText(
          snippets::MakeSnippet(s.problem, snippets::SnippetLang::kNumpy).c_str());
      job.copied = "export.copied_numpy";
    }
    if (ImGui::MenuItem(TL("export.copy_latex"))) {
      ImGui::SetClipboardText(snippets::MakeDerivation(s.problem.shape, s.current,
                                                       snippets::DerivationFormat::kLatex, s.lang)
                                  .c_str());
      job.copied = "export.copied_latex";
    }
    if (ImGui::MenuItem(TL("export.copy_markdown"))) {
      ImGui::SetClipboardText(snippets::MakeDerivation(s.problem.shape, s.current,
                                                       snippets::DerivationFormat::kMarkdown,
                                                       s.lang)
                                  .c_str());
      job.copied = "export.copied_markdown";
    }
    if (!job.copied.empty())
      ImGui::TextDisabled("%s", TF("export.copied", {{"what", T(job.copied)}}).c_str());
    ImGui::EndMenu();
  }
  ProgressWindow(job);
}

}  // namespace convbp::app
