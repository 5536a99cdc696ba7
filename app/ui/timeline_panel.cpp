#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <iterator>
#include <string>

#include "i18n.h"
#include "panels.h"

namespace convbp::app {

namespace {

using steps::Scene;

// A button that looks pressed when `active`.
bool ToggleButton(const char* label, bool active) {
  if (active)
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool clicked = ImGui::Button(label);
  if (active) ImGui::PopStyleColor();
  return clicked;
}

// The scene's stages side by side as equal chapters with marks between
// them; the handle's place inside the current chapter is step / count.
// Clicking or dragging anywhere jumps to that stage and step.
void ChapterScrubBar(AppState& s) {
  const steps::StageList stages = steps::StagesOf(s.problem.shape, s.nav.scene);
  const float height = ImGui::GetFrameHeight() * 1.3f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  ImGui::InvisibleButton("##scrub", {width, height});
  const float chapter = width / float(stages.size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, {p0.x + width, p0.y + height}, ImGui::GetColorU32(ImGuiCol_FrameBg), 3);
  const float small = ImGui::GetFontSize() * 0.8f;
  for (int k = 0; k < stages.size; ++k) {
    const float x = p0.x + chapter * float(k);
    const bool current = stages.items[size_t(k)] == s.nav.stage;
    if (current)
      dl->AddRectFilled({x, p0.y}, {x + chapter, p0.y + height},
                        ImGui::GetColorU32(ImGuiCol_FrameBgActive), 3);
    if (k) dl->AddLine({x, p0.y}, {x, p0.y + height}, IM_COL32(200, 200, 200, 180), 2);
    dl->PushClipRect({x, p0.y}, {x + chapter, p0.y + height}, true);
    dl->AddText(ImGui::GetFont(), small, {x + 4, p0.y + 1}, IM_COL32(200, 200, 200, 200),
                steps::StageTitle(stages.items[size_t(k)], s.lang));
    dl->PopClipRect();
    if (current) {
      const uint64_t count = StepCountOfStage(s);
      const float frac =
          count ? (float(s.nav.step) + std::min(s.nav.progress, 1.0f)) / float(count) : 0;
      const float hx = x + chapter * std::min(frac, 1.0f);
      dl->AddRectFilled({hx - 3, p0.y}, {hx + 3, p0.y + height}, IM_COL32(255, 200, 0, 255), 2);
      const std::string label =
          TF(s.lang, "timeline.scrub",
             {{"n", std::to_string(s.nav.step)}, {"count", std::to_string(count)}});
      dl->AddText(ImGui::GetFont(), small, {x + 4, p0.y + height - small - 1},
                  IM_COL32(255, 255, 255, 230), label.c_str());
    }
  }
  if (ImGui::IsItemActive()) {
    const float mx = std::clamp(ImGui::GetIO().MousePos.x - p0.x, 0.0f, width - 1e-3f);
    const int k = std::clamp(int(mx / chapter), 0, stages.size - 1);
    if (stages.items[size_t(k)] != s.nav.stage) SetStage(s, stages.items[size_t(k)]);
    const uint64_t count = StepCountOfStage(s);
    const double frac = double(mx - chapter * float(k)) / double(chapter);
    const uint64_t step = std::min<uint64_t>(count ? count - 1 : 0, uint64_t(frac * double(count)));
    if (step != s.nav.step) JumpToStep(s, step);
    s.nav.progress = 1;
  }
}

// SameLine, unless a button labelled `label` would then run off the
// panel's right edge: then it starts a new row.
void SameLineIfItFits(const char* label) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x <
      ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2)
    ImGui::NewLine();
}

}  // namespace

void ItemTip(const AppState& s, const char* key) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(s.lang, key));
}

Rect DrawTimelinePanel(AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  // Only the top edge moves (its height is remembered in settings).
  ImGui::SetNextWindowSizeConstraints({r.w, 1}, {r.w, FLT_MAX});
  const Rect window =
      BeginSidePanel("Timeline", ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoTitleBar);
  RememberPanelSize(r.h, ImGui::GetWindowSize().y, s.view.panel_bottom);
  // Scenes (keys 1–5) and the current scene's stages (Shift+←/→); a button
  // that would run off the panel's edge starts a new row.
  for (int k = 0; k < int(std::size(kWalkScenes)); ++k) {
    const std::string label =
        std::to_string(k + 1) + " " + steps::SceneTitle(kWalkScenes[k], s.lang);
    if (k) SameLineIfItFits(label.c_str());
    if (ToggleButton(label.c_str(), s.nav.scene == kWalkScenes[k])) SetScene(s, kWalkScenes[k]);
    ItemTip(s, "tip.scene");
  }
  ImGui::SameLine();
  ImGui::TextDisabled("  |  ");
  for (steps::Stage stage : steps::StagesOf(s.problem.shape, s.nav.scene)) {
    const char* title = steps::StageTitle(stage, s.lang);
    SameLineIfItFits(title);
    if (ToggleButton(title, s.nav.stage == stage)) SetStage(s, stage);
    ItemTip(s, "tip.stage");
  }

  // Transport.
  if (ImGui::Button("|<")) JumpToStageEnd(s, false);
  ItemTip(s, "tip.stage_start");
  ImGui::SameLine();
  if (ImGui::Button("<")) StepBy(s, -1);
  ItemTip(s, "tip.step_back");
  ImGui::SameLine();
  if (ImGui::Button(s.nav.playing ? TL(s.lang, "timeline.pause") : TL(s.lang, "timeline.play"),
                    {60 * ImGui::GetFontSize() / 16, 0}))
    TogglePlay(s);
  ItemTip(s, "tip.play");
  ImGui::SameLine();
  if (ImGui::Button(">")) StepBy(s, +1);
  ItemTip(s, "tip.step_on");
  ImGui::SameLine();
  if (ImGui::Button(">|")) JumpToStageEnd(s, true);
  ItemTip(s, "tip.stage_end");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120 * ImGui::GetFontSize() / 16);
  ImGui::SliderFloat(TL(s.lang, "timeline.speed"), &s.nav.speed, 0.25f, 64.0f, "%.2g×",
                     ImGuiSliderFlags_Logarithmic);
  ItemTip(s, "tip.speed");
  ImGui::SameLine();
  const bool mac = s.nav.granularity == steps::Granularity::kMac;
  if (ToggleButton(TL(s.lang, "timeline.window"), !mac))
    SetGranularity(s, steps::Granularity::kWindow);
  ItemTip(s, "tip.window");
  ImGui::SameLine();
  if (ToggleButton(TL(s.lang, "timeline.mac"), mac)) SetGranularity(s, steps::Granularity::kMac);
  ItemTip(s, "tip.mac");
  ImGui::SameLine();
  if (ToggleButton(TL(s.lang, "timeline.practice"), s.practice.on)) SetPractice(s, !s.practice.on);
  ItemTip(s, "tip.practice");
  // Where we are in the whole walk, and the keys that move through it; on
  // a row of its own when the panel is narrow.
  const WalkPlace at = WalkPlaceOf(s);
  const std::string where = TF(s.lang, "timeline.where",
                               {{"scene", std::to_string(at.scene)},
                                {"scenes", std::to_string(at.scenes)},
                                {"stage", std::to_string(at.stage)},
                                {"stages", std::to_string(at.stages)}});
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x <
      ImGui::CalcTextSize(where.c_str()).x + 3 * ImGui::GetFontSize())
    ImGui::NewLine();
  ImGui::TextDisabled("%s", where.c_str());
  ImGui::SameLine();
  ImGui::SmallButton("?");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(s.lang, "timeline.keys"));

  ChapterScrubBar(s);
  // The height these rows took: the next layout's default timeline height
  // grows to it (a narrow window wraps the buttons onto more rows).
  const float wanted =
      ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
  if (std::fabs(wanted - s.view.timeline_wanted) > 0.5f) {
    s.view.timeline_wanted = wanted;
    s.view.redraw_frames = std::max(s.view.redraw_frames, 2);  // lay out again at once
  }
  ImGui::End();
  return window;
}

void HandleKeyboard(AppState& s, const std::vector<KeyPress>& presses) {
  const bool typing = ImGui::GetIO().WantTextInput;
  if (s.practice.on)
    for (const KeyPress& p : presses) {
      if (p.key == kKeyTab) s.practice.focus_answer = true;
      if ((p.key == kKeyEnter || p.key == kKeyPadEnter) && (s.practice.field_active || !typing))
        s.practice.submit = true;
    }
  if (typing) return;
  for (const KeyPress& p : presses) {
    if (p.ctrl) {
      if (p.key == kKeyZ) p.shift ? Redo(s) : Undo(s);
      if (p.key == kKeyY) Redo(s);
      continue;
    }
    if (p.key == kKeySpace) TogglePlay(s);
    if (p.key == kKeyRight) p.shift ? StageBy(s, +1) : StepBy(s, +1);
    if (p.key == kKeyLeft) p.shift ? StageBy(s, -1) : StepBy(s, -1);
    if (p.key == kKeyHome) JumpToStageEnd(s, false);
    if (p.key == kKeyEnd) JumpToStageEnd(s, true);
    if (p.key >= '1' && p.key < '1' + int(std::size(kWalkScenes)))
      SetScene(s, kWalkScenes[p.key - '1']);
    if (p.key == kKeyP) SetPractice(s, !s.practice.on);
  }
}

}  // namespace convbp::app
