#include <imgui.h>

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
void Section(const char* title) {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled("%s", title);
}

}  // namespace

void DrawControlsPanel(AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  ImGui::Begin("Layer", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse);
  ConvShape& e = s.edit_shape;
  int* twin_w = s.square_lock ? &e.w : nullptr;
  int* twin_k = s.square_lock ? &e.k2 : nullptr;
  int* twin_s = s.square_lock ? &e.s2 : nullptr;
  int* twin_p = s.square_lock ? &e.p2 : nullptr;
  bool changed = false;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  changed |= ImGui::Checkbox("square (H=W, k1=k2, …)", &s.square_lock);
  if (changed && s.square_lock) e.w = e.h, e.k2 = e.k1, e.s2 = e.s1, e.p2 = e.p1;
  Section("input z^{l-1}");
  changed |= ShapeSlider("C_in", &e.c_in, 1, 8, nullptr);
  changed |= ShapeSlider(s.square_lock ? "H = W" : "H", &e.h, 1, 32, twin_w);
  if (!s.square_lock) changed |= ShapeSlider("W", &e.w, 1, 32, nullptr);
  Section("kernel W");
  changed |= ShapeSlider("C_out", &e.c_out, 1, 8, nullptr);
  changed |= ShapeSlider(s.square_lock ? "k1 = k2" : "k1", &e.k1, 1, 9, twin_k);
  if (!s.square_lock) changed |= ShapeSlider("k2", &e.k2, 1, 9, nullptr);
  changed |= ShapeSlider(s.square_lock ? "s1 = s2" : "s1", &e.s1, 1, 6, twin_s);
  if (!s.square_lock) changed |= ShapeSlider("s2", &e.s2, 1, 6, nullptr);
  changed |= ShapeSlider(s.square_lock ? "p1 = p2" : "p1", &e.p1, 0, 4, twin_p);
  if (!s.square_lock) changed |= ShapeSlider("p2", &e.p2, 0, 4, nullptr);
  if (!s.shape_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 60, 60, 255));
    ImGui::TextWrapped("%s", s.shape_error.c_str());
    ImGui::TextWrapped("(showing the last valid layer)");
    ImGui::PopStyleColor();
  } else {
    const ConvShape& v = s.problem.shape;
    ImGui::TextDisabled("output %d×%d×%d,  ρ = (%d, %d)", v.c_out, v.Ho(), v.Wo(), v.rho1(),
                        v.rho2());
  }

  Section("values");
  int preset = static_cast<int>(s.preset);
  changed |= ImGui::Combo("preset", &preset, "small integers\0random\0impulse (one-hot δ)\0");
  s.preset = static_cast<ValuePreset>(preset);
  changed |= ImGui::InputInt("seed", &s.seed);
  if (s.seed < 0) s.seed = 0;
  int loss = s.loss == LossKind::kTarget ? 1 : 0;
  changed |= ImGui::Combo("δ^l from", &loss, "δ given\0MSE vs target\0");
  s.loss = loss == 1 ? LossKind::kTarget : LossKind::kGivenGrad;
  if (changed) s.problem_dirty = true;

  Section("view");
  int palette = static_cast<int>(s.palette);
  if (ImGui::Combo("colours", &palette, "blue–red\0purple–orange (colour-blind safe)\0")) {
    s.palette = static_cast<Palette>(palette);
  }
  if (ImGui::Button("fit canvas")) s.zoom = 1, s.pan_x = s.pan_y = 0;
  ImGui::PopItemWidth();
  ImGui::TextDisabled("drag: pan   wheel: zoom   click a cell: edit");
  ImGui::End();
}

}  // namespace convbp::app
