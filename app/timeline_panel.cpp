#include <imgui.h>

#include <string>

#include "panels.h"

namespace convbp::app {

namespace {

using steps::Scene;

const Scene kScenes[] = {Scene::kForward, Scene::kBias, Scene::kWeight, Scene::kInput};

// A button that looks pressed when `active`.
bool ToggleButton(const char* label, bool active) {
  if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool clicked = ImGui::Button(label);
  if (active) ImGui::PopStyleColor();
  return clicked;
}

}  // namespace

void DrawTimelinePanel(AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoTitleBar);
  // Scenes (keys 1–4) and the current scene's stages (Shift+←/→).
  for (int k = 0; k < 4; ++k) {
    if (k) ImGui::SameLine();
    const std::string label = std::to_string(k + 1) + " " + steps::SceneTitle(kScenes[k], s.lang);
    if (ToggleButton(label.c_str(), s.scene == kScenes[k])) SetScene(s, kScenes[k]);
  }
  ImGui::SameLine();
  ImGui::TextDisabled("  |  ");
  for (steps::Stage stage : steps::StagesOf(s.problem.shape, s.scene)) {
    ImGui::SameLine();
    if (ToggleButton(steps::StageTitle(stage, s.lang), s.stage == stage)) SetStage(s, stage);
  }

  // Transport.
  if (ImGui::Button("|<")) JumpToStageEnd(s, false);
  ImGui::SameLine();
  if (ImGui::Button("<")) StepBy(s, -1);
  ImGui::SameLine();
  if (ImGui::Button(s.playing ? "pause" : "play ", {60 * ImGui::GetFontSize() / 16, 0})) TogglePlay(s);
  ImGui::SameLine();
  if (ImGui::Button(">")) StepBy(s, +1);
  ImGui::SameLine();
  if (ImGui::Button(">|")) JumpToStageEnd(s, true);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120 * ImGui::GetFontSize() / 16);
  ImGui::SliderFloat("speed", &s.speed, 0.25f, 64.0f, "%.2g×", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  const bool mac = s.granularity == steps::Granularity::kMac;
  if (ToggleButton("window", !mac)) SetGranularity(s, steps::Granularity::kWindow);
  ImGui::SameLine();
  if (ToggleButton("multiply-add", mac)) SetGranularity(s, steps::Granularity::kMac);

  // Scrub bar over the stage's steps.
  const uint64_t count = StepCountOfStage(s);
  uint64_t step = s.step;
  const uint64_t lo = 0, hi = count ? count - 1 : 0;
  ImGui::SetNextItemWidth(-1);
  const std::string fmt = "step %llu  ·  " + std::to_string(count) + " steps";
  if (ImGui::SliderScalar("##scrub", ImGuiDataType_U64, &step, &lo, &hi, fmt.c_str()) &&
      step != s.step) {
    JumpToStep(s, step);
    s.progress = 1;
  }
  ImGui::End();
}

void HandleKeyboard(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  // ImGui 1.86 indexes keys by the backend's codes: GetKeyIndex maps the
  // named ones; GLFW's codes for the digit keys are their ASCII values.
  auto pressed = [](int key, bool repeat) { return ImGui::IsKeyPressed(key, repeat); };
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) TogglePlay(s);
  const bool shift = io.KeyShift;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) shift ? StageBy(s, +1) : StepBy(s, +1);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), true)) shift ? StageBy(s, -1) : StepBy(s, -1);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) JumpToStageEnd(s, false);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) JumpToStageEnd(s, true);
  for (int k = 0; k < 4; ++k)
    if (pressed('1' + k, false)) SetScene(s, kScenes[k]);
}

}  // namespace convbp::app
