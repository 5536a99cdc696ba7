#include <imgui.h>

#include <cfloat>
#include <string>

#include "i18n.h"
#include "panels.h"

namespace convbp::app {

namespace {

// A slider bound to one shape field; with the square lock, its twin follows.
bool ShapeSlider(const char* label, int* value, int lo, int hi, int* twin) {
  if (!ImGui::SliderInt(label, value, lo, hi, "%d", ImGuiSliderFlags_AlwaysClamp)) return false;
  if (twin) *twin = *value;
  return true;
}

// ImGui 1.86 has no SeparatorText: a rule and a dim heading.
// Combo items "a\0b\0" from translation keys.
std::string Items(std::initializer_list<const char*> labels) {
  std::string out;
  for (const char* l : labels) out += std::string(l) + '\0';
  return out;
}

// The broken rule in the UI language for the two the sliders can break;
// anything else as the engine words it.
std::string ShapeErrorText(const AppState& s) {
  const ConvShape& e = s.controls.edit_shape;
  auto n = [](int x) { return std::to_string(x); };
  if (e.k1 > e.Hp()) return TF(s.lang, "controls.k1_too_big", {{"k1", n(e.k1)}, {"Hp", n(e.Hp())}});
  if (e.k2 > e.Wp()) return TF(s.lang, "controls.k2_too_big", {{"k2", n(e.k2)}, {"Wp", n(e.Wp())}});
  return s.controls.shape_error;
}

void Section(const char* title) {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled("%s", title);
}

}  // namespace

void DrawControlsPanel(AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  // Only the right edge moves (its width is remembered in settings).
  ImGui::SetNextWindowSizeConstraints({1, r.h}, {FLT_MAX, r.h});
  ImGui::Begin(TL(s.lang, "window.layer"), nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_MenuBar);
  RememberPanelSize(r.w, ImGui::GetWindowSize().x, s.view.panel_left);
  if (ImGui::BeginMenuBar()) {
    DrawMenuBar(s);
    ImGui::EndMenuBar();
  }
  ConvShape& e = s.controls.edit_shape;
  int* twin_w = s.controls.square_lock ? &e.w : nullptr;
  int* twin_k = s.controls.square_lock ? &e.k2 : nullptr;
  int* twin_s = s.controls.square_lock ? &e.s2 : nullptr;
  int* twin_p = s.controls.square_lock ? &e.p2 : nullptr;
  bool changed = false;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  // Toggling the lock only changes the values when it changes the shape.
  if (ImGui::Checkbox(TL(s.lang, "controls.square"), &s.controls.square_lock) &&
      s.controls.square_lock) {
    const ConvShape before = e;
    e.w = e.h, e.k2 = e.k1, e.s2 = e.s1, e.p2 = e.p1;
    changed |= !(e == before);
  }
  Section(T(s.lang, "controls.input"));
  changed |= ShapeSlider("C_in", &e.c_in, 1, 8, nullptr);
  changed |= ShapeSlider(s.controls.square_lock ? "H = W" : "H", &e.h, 1, 32, twin_w);
  if (!s.controls.square_lock) changed |= ShapeSlider("W", &e.w, 1, 32, nullptr);
  Section(T(s.lang, "controls.kernel"));
  changed |= ShapeSlider("C_out", &e.c_out, 1, 8, nullptr);
  changed |= ShapeSlider(s.controls.square_lock ? "k1 = k2" : "k1", &e.k1, 1, 9, twin_k);
  if (!s.controls.square_lock) changed |= ShapeSlider("k2", &e.k2, 1, 9, nullptr);
  changed |= ShapeSlider(s.controls.square_lock ? "s1 = s2" : "s1", &e.s1, 1, 6, twin_s);
  if (!s.controls.square_lock) changed |= ShapeSlider("s2", &e.s2, 1, 6, nullptr);
  changed |= ShapeSlider(s.controls.square_lock ? "p1 = p2" : "p1", &e.p1, 0, 4, twin_p);
  if (!s.controls.square_lock) changed |= ShapeSlider("p2", &e.p2, 0, 4, nullptr);
  if (!s.controls.shape_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 60, 60, 255));
    ImGui::TextWrapped("%s", ShapeErrorText(s).c_str());
    ImGui::TextWrapped("%s", T(s.lang, "controls.last_valid"));
    ImGui::PopStyleColor();
  } else {
    const ConvShape& v = s.problem.shape;
    auto n = [](int x) { return std::to_string(x); };
    ImGui::TextDisabled("%s", TF(s.lang, "controls.output",
                                 {{"c", n(v.c_out)},
                                  {"h", n(v.Ho())},
                                  {"w", n(v.Wo())},
                                  {"r1", n(v.rho1())},
                                  {"r2", n(v.rho2())}})
                                  .c_str());
  }

  Section(T(s.lang, "controls.values"));
  int preset = static_cast<int>(s.controls.preset);
  changed |=
      ImGui::Combo(TL(s.lang, "controls.preset"), &preset,
                   Items({T(s.lang, "controls.preset_int"), T(s.lang, "controls.preset_random"),
                          T(s.lang, "controls.preset_impulse")})
                       .c_str());
  s.controls.preset = static_cast<ValuePreset>(preset);
  changed |= ImGui::InputInt(TL(s.lang, "controls.seed"), &s.controls.seed);
  if (s.controls.seed < 0) s.controls.seed = 0;
  // Item order: δ given, MSE vs target, ½‖z‖² (a case with neither δ nor y).
  const LossKind kLosses[] = {LossKind::kGivenGrad, LossKind::kTarget, LossKind::kHalfSquare};
  int loss = s.controls.loss == LossKind::kTarget       ? 1
             : s.controls.loss == LossKind::kHalfSquare ? 2
                                                        : 0;
  if (ImGui::Combo(TL(s.lang, "controls.delta_from"), &loss,
                   Items({T(s.lang, "controls.loss_given"), T(s.lang, "controls.loss_mse"),
                          T(s.lang, "controls.loss_half_square")})
                       .c_str())) {
    s.controls.loss = kLosses[loss];
    changed = true;
  }
  if (changed) s.dirty.problem = true;

  Section(T(s.lang, "controls.view"));
  int palette = static_cast<int>(s.view.palette);
  if (ImGui::Combo(
          TL(s.lang, "controls.colours"), &palette,
          Items({T(s.lang, "controls.palette_bluered"), T(s.lang, "controls.palette_purpleorange")})
              .c_str())) {
    s.view.palette = static_cast<Palette>(palette);
  }
  if (ImGui::Button(TL(s.lang, "controls.fit"))) s.view.zoom = 1, s.view.pan_x = s.view.pan_y = 0;
  ImGui::PopItemWidth();
  ImGui::TextWrapped("%s", T(s.lang, "controls.hint"));
  // Load/save results and settings or font warnings.
  if (!s.files.message.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(
        ImGuiCol_Text, s.files.error ? IM_COL32(230, 60, 60, 255) : IM_COL32(120, 200, 120, 255));
    ImGui::TextWrapped("%s", s.files.message.c_str());
    ImGui::PopStyleColor();
  }
  if (!s.notices.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 190, 80, 255));
    for (const std::string& notice : s.notices) ImGui::TextWrapped("%s", notice.c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton(TL(s.lang, "controls.dismiss"))) s.notices.clear();
  }
  ImGui::End();
}

}  // namespace convbp::app
