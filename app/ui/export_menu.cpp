// The Export menu: pictures of the current scene (GIF, PNG, PNG
// frames) rendered by the platform's export pump a few frames per UI frame, with a progress
// window and Cancel; and the state copied as a PyTorch / NumPy script or the
// current step as a LaTeX / Markdown derivation.
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "derivation.h"
#include "export_plan.h"
#include "i18n.h"
#include "panels.h"
#include "snippet.h"
#include "worksheet.h"

namespace convbp::app {

namespace {

void StartExport(const AppState& s, ExportJob& job) {
  const ExportForm& form = s.export_form;
  const auto kind = ExportKindOf(form.path);
  if (!kind) {
    job.failed = true;
    job.message = TF(s.lang, "export.bad_path", {{"path", form.path}});
    return;
  }
  ExportSettings& e = job.settings;
  e = ExportSettings{};
  e.path = form.path;
  e.kind = *kind;
  e.scene = s.nav.scene;
  if (form.stage_only || *kind == ExportKind::kPng) e.stage = s.nav.stage;
  e.width = std::clamp(form.size[0], 16, 4096);
  e.height = std::clamp(form.size[1], 16, 4096);
  e.fps = form.fps;
  e.max_steps = form.max_steps;
  e.step =
      s.nav.granularity == steps::Granularity::kWindow ? s.nav.step : s.derived.window_step.index;
  e.progress = 1.0f;
  job.start = true;
  job.message.clear();
}

// Export ▸ Worksheet: the Markdown now, the picture through the export
// pump (a PNG of the finished stage whose state carries the blanks).
void StartWorksheet(AppState& s, ExportJob& job) {
  const ExportForm& form = s.export_form;
  const std::string path = form.sheet_path;
  job.message.clear();
  job.failed = false;
  if (ExportKindOf(path) != ExportKind::kPng) {
    job.failed = true;
    job.message = TF(s.lang, "export.bad_path", {{"path", path}});
    return;
  }
  const Worksheet sheet =
      MakeWorksheet(s, form.sheet_blanks, std::filesystem::path(path).filename().string());
  if (sheet.blanks.empty()) {
    job.failed = true;
    job.message = T(s.lang, "export.sheet_none");
    return;
  }
  if (const std::string error = WriteWorksheetMarkdown(sheet, path); !error.empty()) {
    job.failed = true;
    job.message = error;
    return;
  }
  NotifyFileWritten(s.platform, WorksheetMarkdownPath(path));
  ExportSettings& e = job.settings;
  e = ExportSettings{};
  e.path = path;
  e.kind = ExportKind::kPng;
  e.scene = sheet.scene;
  e.stage = sheet.stage;
  e.step = sheet.step;
  e.width = std::clamp(form.size[0], 16, 4096);
  e.height = std::clamp(form.size[1], 16, 4096);
  e.blanks = sheet.blanks;
  job.start = true;
}

// The last export's result: red when it failed, green otherwise.
void ResultLine(const ExportJob& job) {
  ImGui::TextColored(job.failed ? ImVec4(0.95f, 0.3f, 0.3f, 1) : ImVec4(0.5f, 0.85f, 0.5f, 1), "%s",
                     job.message.c_str());
}

void ProgressWindow(AppState& s) {
  ExportJob& job = s.export_job;
  if (!job.running && !job.show_result) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.3f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::Begin(TL(s.lang, "export.progress"), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted(job.settings.path.c_str());
  const std::string label =
      TF(s.lang, "export.frames",
         {{"done", std::to_string(job.done)}, {"total", std::to_string(job.total)}});
  ImGui::ProgressBar(job.total ? float(job.done) / float(job.total) : 0.0f, {320, 0},
                     label.c_str());
  if (job.running) {
    if (ImGui::Button(TL(s.lang, "export.cancel"))) job.cancel = true;
    ItemTip(s, "tip.export_cancel");
  } else {
    ResultLine(job);
    if (ImGui::Button(TL(s.lang, "export.close"))) job.show_result = false;
    ItemTip(s, "tip.export_close");
  }
  ImGui::End();
}

}  // namespace

void DrawExportMenu(AppState& s) {
  ExportJob& job = s.export_job;
  ExportForm& form = s.export_form;
  if (ImGui::BeginMenu(TL(s.lang, "export.menu"))) {
    ImGui::TextDisabled("%s", T(s.lang, "export.picture"));
    ImGui::SetNextItemWidth(260);
    ImGui::InputText(TL(s.lang, "export.path"), form.path, sizeof form.path);
    ImGui::SetNextItemWidth(260);
    ImGui::InputInt2(TL(s.lang, "export.size"), form.size);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt(TL(s.lang, "export.fps"), &form.fps, 1, 50);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt(TL(s.lang, "export.max_steps"), &form.max_steps, 1, 200);
    ImGui::Checkbox(TL(s.lang, "export.stage_only"), &form.stage_only);
    ImGui::BeginDisabled(job.running);
    if (ImGui::Button(TL(s.lang, "export.start"))) {
      job.show_result = false;
      StartExport(s, job);
    }
    ItemTip(s, "tip.export_start");
    ImGui::EndDisabled();
    if (job.running) {
      ImGui::SameLine();
      if (ImGui::Button(TL(s.lang, "export.cancel"))) job.cancel = true;
      ItemTip(s, "tip.export_cancel");
      ImGui::ProgressBar(job.total ? float(job.done) / float(job.total) : 0.0f, {260, 0});
    }
    if (!job.message.empty()) ResultLine(job);
    ImGui::Separator();
    ImGui::TextDisabled("%s", T(s.lang, "export.worksheet"));
    ImGui::SetNextItemWidth(260);
    ImGui::InputText(TL(s.lang, "export.sheet_path"), form.sheet_path, sizeof form.sheet_path);
    ImGui::SetNextItemWidth(260);
    ImGui::SliderInt(TL(s.lang, "export.sheet_blanks"), &form.sheet_blanks, 1, kMaxWorksheetBlanks);
    ImGui::BeginDisabled(job.running || !PracticeAsks(s.nav.stage));
    if (ImGui::Button(TL(s.lang, "export.sheet_write"))) {
      job.show_result = false;
      StartWorksheet(s, job);
    }
    ItemTip(s, "tip.sheet_write");
    ImGui::EndDisabled();
    ImGui::Separator();
    // The layer as the user describes it (a ConvTranspose2d stays one); the
    // NumPy script writes only the plain conv, so it is greyed out otherwise.
    if (ImGui::MenuItem(TL(s.lang, "export.copy_torch"))) {
      ImGui::SetClipboardText(
          snippets::MakeSnippet(s.layer, snippets::SnippetLang::kTorch).c_str());
      job.copied = "export.copied_torch";
    }
    const std::string numpy_refuses =
        snippets::SnippetSupports(s.layer, snippets::SnippetLang::kNumpy);
    if (ImGui::MenuItem(TL(s.lang, "export.copy_numpy"), nullptr, false, numpy_refuses.empty())) {
      ImGui::SetClipboardText(
          snippets::MakeSnippet(s.layer, snippets::SnippetLang::kNumpy).c_str());
      job.copied = "export.copied_numpy";
    }
    if (!numpy_refuses.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", numpy_refuses.c_str());
    if (ImGui::MenuItem(TL(s.lang, "export.copy_latex"))) {
      ImGui::SetClipboardText(snippets::MakeDerivation(s.problem.shape, s.derived.current,
                                                       snippets::DerivationFormat::kLatex, s.lang)
                                  .c_str());
      job.copied = "export.copied_latex";
    }
    if (ImGui::MenuItem(TL(s.lang, "export.copy_markdown"))) {
      ImGui::SetClipboardText(snippets::MakeDerivation(s.problem.shape, s.derived.current,
                                                       snippets::DerivationFormat::kMarkdown,
                                                       s.lang)
                                  .c_str());
      job.copied = "export.copied_markdown";
    }
    if (!job.copied.empty())
      ImGui::TextDisabled("%s",
                          TF(s.lang, "export.copied", {{"what", T(s.lang, job.copied)}}).c_str());
    ImGui::EndMenu();
  }
  ProgressWindow(s);
}

}  // namespace convbp::app
