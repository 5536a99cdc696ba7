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
  std::strncpy(buf, s.files.case_path.c_str(), sizeof buf - 1);
  buf[sizeof buf - 1] = '\0';
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
  if (ImGui::InputText(TL(s.lang, "file.path"), buf, sizeof buf)) s.files.case_path = buf;
}

void FileMenu(AppState& s) {
  ImGui::TextDisabled("%s", T(s.lang, "file.title"));
  PathField(s);
  if (ImGui::Button(TL(s.lang, "file.load"))) LoadCaseFromUi(s, s.files.case_path);
  ItemTip(s, "tip.load");
  ImGui::SameLine();
  if (ImGui::Button(TL(s.lang, "file.save"))) SaveCaseFromUi(s, s.files.case_path);
  ItemTip(s, "tip.save");
  if (s.platform.pick_case_file) {  // the browser's file picker (platform_io.h)
    ImGui::SameLine();
    if (ImGui::Button(TL(s.lang, "file.open"))) s.platform.pick_case_file();
    ItemTip(s, "tip.open");
  }
  if (ImGui::MenuItem(TL(s.lang, "file.copy_link"))) {
    const std::string link = LinkToState(s, s.platform.link_base ? s.platform.link_base() : "");
    ImGui::SetClipboardText(link.c_str());
    s.files.error = false;
    s.files.message = T(s.lang, "file.link_copied");
  }
  ImGui::Separator();
  ImGui::TextDisabled("%s", T(s.lang, "file.recent"));
  if (s.files.recent.empty()) ImGui::TextDisabled("%s", T(s.lang, "file.none"));
  // Copy: loading reorders the list.
  const std::vector<std::string> recent = s.files.recent;
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
  const float scale = s.fonts.scale > 0 ? s.fonts.scale : 1;
  s.view.display_w = int(display.x / scale + 0.5f),
  s.view.display_h = int(display.y / scale + 0.5f);
  if (ImGui::BeginMenu(TL(s.lang, "menu.file"))) {
    FileMenu(s);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(TL(s.lang, "menu.language"))) {
    if (ImGui::MenuItem(UiTable(Lang::kEn).entries.at("lang.name").c_str(), nullptr,
                        s.lang == Lang::kEn))
      SetLanguage(s, Lang::kEn);
    if (ImGui::MenuItem(UiTable(Lang::kZh).entries.at("lang.name").c_str(), nullptr,
                        s.lang == Lang::kZh, s.fonts.cjk))
      SetLanguage(s, Lang::kZh);
    if (!s.fonts.cjk) ImGui::TextDisabled("%s", T(s.lang, "warn.no_cjk_font"));
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(TL(s.lang, "menu.view"))) {
    ImGui::MenuItem(TL(s.lang, "menu.lesson"), nullptr, &s.view.show_lesson);
    ImGui::MenuItem(TL(s.lang, "menu.channels"), nullptr, &s.view.show_channels);
    if (ImGui::MenuItem(TL(s.lang, "menu.reset_layout")))
      s.view.panel_left = s.view.panel_right = s.view.panel_bottom = 0;
    ImGui::EndMenu();
  }
  // Export menu: see the export engineer (issue 6); DrawExportMenu draws its items.
  DrawExportMenu(s);
}

}  // namespace convbp::app
