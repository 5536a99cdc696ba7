// Practice mode's section of the step panel (model/practice.h): the
// question, the answer field (Tab gives it the keys, Enter submits), the
// verdict, the hint ladder's rungs reached so far and the scene's score.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "i18n.h"
#include "panels.h"

namespace convbp::app {

namespace {

ImVec4 ToneColour(PracticeState::Tone tone) {
  switch (tone) {
    case PracticeState::Tone::kRight: return {0.5f, 0.85f, 0.5f, 1};
    case PracticeState::Tone::kWrong: return {0.95f, 0.35f, 0.3f, 1};
    case PracticeState::Tone::kBadInput: return {1.0f, 0.75f, 0.3f, 1};
    default: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
  }
}

// The rungs of the ladder reached so far, each under its name.
void DrawHints(const AppState& s) {
  const PracticeState& p = s.practice;
  if (!p.question || p.hint == Hint::kNone) return;
  const quiz::Hints& h = p.question->hints;
  const size_t lang = size_t(s.lang);
  const struct {
    Hint rung;
    const char* key;
    const std::string& text;
  } rungs[] = {{Hint::kCells, "practice.hint_cells", h.involved[lang]},
               {Hint::kFormula, "practice.hint_formula", h.formula[lang]},
               {Hint::kNumbers, "practice.hint_numbers", h.terms[lang]},
               {Hint::kRevealed, "practice.hint_answer", h.answer[lang]}};
  for (const auto& [rung, key, text] : rungs) {
    if (p.hint < rung || text.empty()) continue;
    ImGui::TextDisabled("%s", T(s.lang, key));
    FlowParagraph(text);
  }
}

}  // namespace

void DrawPracticeSection(AppState& s) {
  PracticeState& p = s.practice;
  const PracticeScore& score = p.scores[size_t(s.nav.scene)];
  FlowParagraph(
      TF(s.lang, "practice.score",
         {{"first", std::to_string(score.first_try)}, {"n", std::to_string(score.answered)}}));
  const bool hidden = PracticeHidesStep(s);
  // What Enter does now: answer the question, or go on.
  FlowParagraph(!PracticeAsks(s.nav.stage) ? T(s.lang, "practice.no_questions")
                : hidden && p.question     ? std::string_view(p.question->prompt[size_t(s.lang)])
                : StageComplete(s)         ? T(s.lang, "practice.stage_done")
                                           : T(s.lang, "practice.answered"));

  // The field keeps the keys between questions; Tab gives them back.
  if (p.focus_answer) ImGui::SetKeyboardFocusHere();
  p.focus_answer = false;
  // The field, its label and the button on one line in a narrow panel too.
  const char* button = hidden ? TL(s.lang, "practice.check") : TL(s.lang, "practice.next");
  const ImGuiStyle& style = ImGui::GetStyle();
  const float beside = ImGui::CalcTextSize(TL(s.lang, "practice.answer"), nullptr, true).x +
                       ImGui::CalcTextSize(button, nullptr, true).x + style.FramePadding.x * 2 +
                       style.ItemInnerSpacing.x + style.ItemSpacing.x;
  const float font = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(
      std::clamp(ImGui::GetContentRegionAvail().x - beside - 2, font * 4, font * 9));
  // A new ID when the model emptied the text: an active field would keep its own copy.
  ImGui::PushID(p.field_generation);
  ImGui::InputText(TL(s.lang, "practice.answer"), p.answer, sizeof p.answer,
                   ImGuiInputTextFlags_AutoSelectAll);
  p.field_active = ImGui::IsItemActive();
  ImGui::PopID();
  ItemTip(s, "tip.practice_answer");
  ImGui::SameLine();
  const bool check = ImGui::Button(button);
  ItemTip(s, "tip.practice_check");
  // After the field has taken this frame's characters (Enter may come with them).
  if (check || p.submit) SubmitPractice(s);
  p.submit = false;
  if (!p.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ToneColour(p.tone));
    FlowParagraph(p.message);
    ImGui::PopStyleColor();
  }
  DrawHints(s);
  ImGui::Separator();
}

}  // namespace convbp::app
