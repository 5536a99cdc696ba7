#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>

#include "i18n.h"
#include "panels.h"

namespace convbp::app {

namespace {

// A slider bound to one shape field; with the square lock, its twin follows.
// A value typed beyond the slider's range (Ctrl+click) is clamped, and the
// note says so and where larger layers come from (`core_max`: what
// ValidateShape and File → Load accept).
bool ShapeSlider(AppState& s, const char* label, int* value, int lo, int hi, int core_max,
                 int* twin) {
  const int before = *value;
  if (!ImGui::SliderInt(label, value, lo, hi, "%d")) return false;
  if (*value < lo || *value > hi) {
    const int typed = *value;
    *value = std::clamp(typed, lo, hi);
    auto n = [](int x) { return std::to_string(x); };
    s.controls.limit_note = TF(s.lang, "controls.limit",
                               {{"name", label},
                                {"typed", n(typed)},
                                {"lo", n(lo)},
                                {"hi", n(hi)},
                                {"core", n(core_max)}});
  } else {
    s.controls.limit_note.clear();
  }
  if (*value == before) return false;
  if (twin) *twin = *value;
  return true;
}

// The seed as typed: a whole number 0…kMaxSeed, or a red line saying so
// (ImGui's InputInt would turn 23 digits into 0 without a word).
bool SeedField(AppState& s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d", s.controls.seed);
  if (!ImGui::InputText(TL(s.lang, "controls.seed"), buf, sizeof buf,
                        ImGuiInputTextFlags_CharsDecimal))
    return false;
  const int before = s.controls.seed;
  SetSeedFromText(s, buf);
  return s.controls.seed != before;
}

// Red text, wrapped.
void ErrorLine(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 60, 60, 255));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
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

// The g slider steps through GroupChoices only, so it never offers a g
// that does not divide C_in and C_out; a g that stops dividing when C_in or
// C_out moves is named by ValidateShape like any bad combination.
bool GroupSlider(ConvShape& e) {
  const std::vector<int> choices = GroupChoices(e);
  int index = 0;
  while (index + 1 < int(choices.size()) && choices[size_t(index)] < e.groups) ++index;
  if (choices.size() < 2) {
    ImGui::TextDisabled("g = %d", e.groups);
    return false;
  }
  const std::string shown = std::to_string(e.groups);
  if (!ImGui::SliderInt("g", &index, 0, int(choices.size()) - 1, shown.c_str(),
                        ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoInput))
    return false;
  e.groups = choices[size_t(index)];
  return true;
}

void Section(const char* title);

// Issue 13's arguments: dilation, groups, Conv2d / ConvTranspose2d and its
// output_padding (< max(s, D); ValidateShape names a bad one).
bool DilationGroupsAndMode(AppState& s) {
  ConvShape& e = s.controls.edit_shape;
  const bool lock = s.controls.square_lock;
  bool changed = false;
  changed |=
      ShapeSlider(s, lock ? "D1 = D2" : "D1", &e.d1, 1, 4, kMaxDilation, lock ? &e.d2 : nullptr);
  if (!lock) changed |= ShapeSlider(s, "D2", &e.d2, 1, 4, kMaxDilation, nullptr);
  changed |= GroupSlider(e);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(s.lang, "controls.group_hint"));
  int mode = e.mode == ConvMode::kTransposed ? 1 : 0;
  if (ImGui::Combo(TL(s.lang, "controls.layer_kind"), &mode,
                   Items({T(s.lang, "controls.mode_conv"), T(s.lang, "controls.mode_transposed")})
                       .c_str())) {
    e.mode = mode == 1 ? ConvMode::kTransposed : ConvMode::kConv;
    changed = true;
  }
  if (e.mode == ConvMode::kTransposed) {
    const int op_max = std::max(4, std::max(std::max(e.s1, e.s2), std::max(e.d1, e.d2)) - 1);
    changed |= ShapeSlider(s, lock ? "op1 = op2" : "op1", &e.op1, 0, op_max, op_max,
                           lock ? &e.op2 : nullptr);
    if (!lock) changed |= ShapeSlider(s, "op2", &e.op2, 0, op_max, op_max, nullptr);
  }
  return changed;
}

void Section(const char* title) {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled("%s", title);
}

}  // namespace

Rect DrawControlsPanel(AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  // Only the right edge moves (its width is remembered in settings).
  ImGui::SetNextWindowSizeConstraints({1, r.h}, {FLT_MAX, r.h});
  const Rect window = BeginSidePanel(TL(s.lang, "window.layer"), ImGuiWindowFlags_NoMove |
                                                                     ImGuiWindowFlags_NoCollapse |
                                                                     ImGuiWindowFlags_MenuBar);
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
    e.w = e.h, e.k2 = e.k1, e.s2 = e.s1, e.p2 = e.p1, e.d2 = e.d1, e.op2 = e.op1;
    changed |= !(e == before);
  }
  ItemTip(s, "tip.square");
  Section(T(s.lang, "controls.input"));
  const bool sq = s.controls.square_lock;
  changed |= ShapeSlider(s, "C_in", &e.c_in, 1, 8, kMaxChannels, nullptr);
  changed |= ShapeSlider(s, sq ? "H = W" : "H", &e.h, 1, 32, kMaxSpatial, twin_w);
  if (!sq) changed |= ShapeSlider(s, "W", &e.w, 1, 32, kMaxSpatial, nullptr);
  Section(T(s.lang, "controls.kernel"));
  changed |= ShapeSlider(s, "C_out", &e.c_out, 1, 8, kMaxChannels, nullptr);
  changed |= ShapeSlider(s, sq ? "k1 = k2" : "k1", &e.k1, 1, 9, kMaxKernel, twin_k);
  if (!sq) changed |= ShapeSlider(s, "k2", &e.k2, 1, 9, kMaxKernel, nullptr);
  changed |= ShapeSlider(s, sq ? "s1 = s2" : "s1", &e.s1, 1, 6, kMaxStride, twin_s);
  if (!sq) changed |= ShapeSlider(s, "s2", &e.s2, 1, 6, kMaxStride, nullptr);
  changed |= ShapeSlider(s, sq ? "p1 = p2" : "p1", &e.p1, 0, 4, kMaxPadding, twin_p);
  if (!sq) changed |= ShapeSlider(s, "p2", &e.p2, 0, 4, kMaxPadding, nullptr);
  if (!s.controls.limit_note.empty()) ErrorLine(s.controls.limit_note);
  changed |= DilationGroupsAndMode(s);
  if (!s.controls.shape_error.empty()) {
    ErrorLine(ShapeErrorText(s));
    ErrorLine(T(s.lang, "controls.last_valid"));
  } else {
    const ConvShape& v = s.problem.shape;  // the walked conv (the adjoint when transposed)
    const auto out = s.layer.shape.OutputDims();
    auto n = [](int x) { return std::to_string(x); };
    ImGui::TextDisabled("%s", TF(s.lang, "controls.output",
                                 {{"c", n(out[0])},
                                  {"h", n(out[1])},
                                  {"w", n(out[2])},
                                  {"r1", n(v.rho1())},
                                  {"r2", n(v.rho2())}})
                                  .c_str());
    if (IsTransposed(s))
      ImGui::TextWrapped("%s", TF(s.lang, "controls.transposed_of",
                                  {{"c", n(v.c_in)},
                                   {"h", n(v.h)},
                                   {"w", n(v.w)},
                                   {"co", n(v.c_out)},
                                   {"ho", n(v.Ho())},
                                   {"wo", n(v.Wo())}})
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
  changed |= SeedField(s);
  if (!s.controls.seed_error.empty()) ErrorLine(s.controls.seed_error);
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
  // A change that replaced the student's values says so, with the way back.
  if (!s.history.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 190, 80, 255));
    ImGui::TextWrapped("%s", s.history.notice.c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton(TL(s.lang, "history.undo"))) Undo(s);
    ItemTip(s, "tip.undo");
  }

  Section(T(s.lang, "controls.view"));
  int palette = static_cast<int>(s.view.palette);
  if (ImGui::Combo(
          TL(s.lang, "controls.colours"), &palette,
          Items({T(s.lang, "controls.palette_bluered"), T(s.lang, "controls.palette_purpleorange")})
              .c_str())) {
    s.view.palette = static_cast<Palette>(palette);
  }
  if (ImGui::Button(TL(s.lang, "controls.fit"))) s.view.zoom = 1, s.view.pan_x = s.view.pan_y = 0;
  ItemTip(s, "tip.fit");
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
    ItemTip(s, "tip.dismiss");
  }
  ImGui::End();
  return window;
}

}  // namespace convbp::app
