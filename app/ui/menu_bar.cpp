// The menu bar at the top of the Layer panel: File (CASE.json save/load and
// recent files), Language, View, and the export engineer's Export menu.
#include <imgui.h>

#include <cstring>

#include "i18n.h"
#include "panels.h"
#include "platform_io.h"
#include "state_link.h"

namespace convbp::app {

namespace {

// ImGui 1.86's InputText wants a fixed buffer.
void PathField(AppState& s) {
  char buf[1024];
  std::strncpy(buf, s.case_path.c_str(), sizeof buf - 1);
  buf[sizeof buf - 1] = '\0';
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
  if (ImGui::InputText(TL("file.path"), buf, sizeof buf)) s.case_path = buf;
}

void FileMenu(AppState& s) {
  ImGui::TextDisabled("%s", T("file.title"));
  PathField(s);
  if (ImGui::Button(TL("file.load"))) LoadCaseFromUi(s, s.case_path);
  ImGui::SameLine();
  if (ImGui::Button(TL("file.save"))) SaveCaseFromUi(s, s.case_path);
  if (Platform().pick_case_file) {  // the browser's file picker (platform_io.h)
    ImGui::SameLine();
    if (ImGui::Button(TL("file.open"))) Platform().pick_case_file();
  }
  if (ImGui::MenuItem(TL("file.copy_link"))) {
    const std::string link = LinkToState(s, Platform().link_base ? Platform().link_base() : "");
    ImGui::SetClipboardText(link.c_str());
    s.file_error = false;
    s.file_message = T("file.link_copied");
  }
  ImGui::Separator();
  ImGui::TextDisabled("%s", T("file.recent"));
  if (s.recent_cases.empty()) ImGui::TextDisabled("%s", T("file.none"));
  // Copy: loading reorders the list.
  const std::vector<std::string> recent = s.recent_cases;
  for (size_t k = 0; k < recent.size(); ++k) {
    ImGui::PushID(int(k));
    if (ImGui::MenuItem(recent[k].c_str())) LoadCaseFromUi(s, recent[k]);
    ImGui::PopID();
  }
}

}  // namespace

void DrawMenuBar(AppState& s) {
  // In the units glfwCreateWindow takes: with GLFW_SCALE_TO_MONITOR it
  // multiplies by the content scale again, so saving the scaled size would
  // grow the window on every run of a HiDPI screen.
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float scale = FontsFound().scale > 0 ? FontsFound().scale : 1;
  s.display_w = int(display.x / scale + 0.5f), s.display_h = int(display.y / scale + 0.5f);
  if (ImGui::BeginMenu(TL("menu.file"))) {
    FileMenu(s);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(TL("menu.language"))) {
    if (ImGui::MenuItem(UiTable(Lang::kEn).entries.at("lang.name").c_str(), nullptr,
                        s.lang == Lang::kEn))
      SetLanguage(s, Lang::kEn);
    if (ImGui::MenuItem(UiTable(Lang::kZh).entries.at("lang.name").c_str(), nullptr,
                        s.lang == Lang::kZh, FontsFound().cjk))
      SetLanguage(s, Lang::kZh);
    if (!FontsFound().cjk) ImGui::TextDisabled("%s", T("warn.no_cjk_font"));
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(TL("menu.view"))) {
    ImGui::MenuItem(TL("menu.lesson"), nullptr, &s.show_lesson);
    if (ImGui::MenuItem(TL("menu.reset_layout"))) s.panel_left = s.panel_right = s.panel_bottom = 0;
    ImGui::EndMenu();
  }
  // Export menu: see the export engineer (issue 6); DrawExportMenu draws its items.
  DrawExportMenu(s);
}

}  // namespace convbp::app
