#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "equations.h"
#include "i18n.h"
#include "lesson.h"
#include "notation.h"
#include "number_text.h"
#include "panels.h"
#include "typeset.h"

namespace convbp::app {

namespace {

std::string Number(double v) { return FormatNumber(v, NumberStyle::kTerm); }

// The panel scrolls sideways for a long formula, so text wraps at its
// visible right edge (in content coordinates), not at the content's width.
float VisibleRightEdge() {
  return ImGui::GetScrollX() + ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x -
         ImGui::GetStyle().ScrollbarSize;
}

// Lays chunks out left to right, wrapping at the panel edge. A chunk is hot
// (highlighted) when it is the current MAC's term or reads the hovered cell;
// hovering a chunk makes its term the hovered one.
void FlowChunks(AppState& s, const std::vector<FormulaChunk>& chunks, int mac_term,
                float scale = 1.0f) {
  // Wrapped as if the vertical scrollbar were there already: on the frame
  // it appears, a line measured without it would run under it.
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x -
                      (ImGui::GetScrollMaxY() > 0 ? 0 : ImGui::GetStyle().ScrollbarSize);
  const float space = ImGui::GetFontSize() * 0.35f;
  // A chunk of text wider than a whole line ("+ 17 products with a zero
  // factor" in a narrow panel) flows word by word instead of being cut.
  const float line = right - ImGui::GetWindowPos().x - ImGui::GetCursorPos().x;
  std::vector<FormulaChunk> flowing;
  for (const FormulaChunk& c : chunks) {
    const float width =
        Typeset(nullptr, ImGui::GetFont(), ImGui::GetFontSize() * scale, {0, 0}, 0, 0, c.tex).width;
    if (width <= line) {
      flowing.push_back(c);
      continue;
    }
    for (std::string& word : TexWords(c.tex)) flowing.push_back({std::move(word), c.term});
  }
  bool first = true;
  for (const FormulaChunk& c : flowing) {
    const bool hot = c.term >= 0 && (c.term == mac_term || c.term == s.hover.term ||
                                     (s.hover.cell && TermReads(s, c.term, *s.hover.cell)));
    const std::string tex = hot ? "\\hl{" + c.tex + "}" : c.tex;
    const TypesetResult m =
        Typeset(nullptr, ImGui::GetFont(), ImGui::GetFontSize() * scale, {0, 0}, 0, 0, tex);
    if (!first) {
      ImGui::SameLine(0, space);
      if (ImGui::GetCursorScreenPos().x + m.width > right) ImGui::NewLine();
    }
    first = false;
    TypesetItem(tex, scale);
    if (c.term >= 0 && ImGui::IsItemHovered()) s.hover.term = c.term;
  }
}

// The lesson's paragraphs in a child that scrolls, `max_height` tall at
// most (0: all the room left). Its height is last frame's content height,
// kept in ImGui's per-window storage.
void DrawLesson(const AppState& s, float max_height) {
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID height_key = ImGui::GetID("lesson_height");
  const float height =
      max_height > 0 ? std::min(storage->GetFloat(height_key, max_height), max_height) : 0;
  ImGui::BeginChild("lesson", {0, max_height > 0 ? std::max(height, ImGui::GetFontSize() * 2) : 0},
                    false);
  // A transposed layer is walked as the conv it is the gradient of: say which.
  if (const std::string intro = TransposedLesson(s.layer.shape, s.lang); !intro.empty())
    FlowParagraph(intro), ImGui::Spacing();
  for (const std::string& paragraph :
       LessonParagraphs(s.problem.shape, s.nav.scene, s.nav.stage, s.lang))
    FlowParagraph(paragraph), ImGui::Spacing();
  const float content = ImGui::GetCursorPosY();
  ImGui::EndChild();
  storage->SetFloat(height_key, content);
}

}  // namespace

// A lesson paragraph: typeset piece by piece (so δ^l_d gets its scripts),
// wrapped at the panel's edge, each line on one baseline.
void FlowParagraph(std::string_view paragraph) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  const float space = font->CalcTextSizeA(size, FLT_MAX, 0, " ").x;
  const ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);
  const std::vector<WrapPiece> pieces = WrapPieces(paragraph);
  struct Placed {
    const std::string* tex;
    float x;
    TypesetResult m;
  };
  std::vector<Placed> line;
  float x = 0;
  auto flush = [&] {
    float ascent = 0, descent = 0;
    for (const Placed& q : line)
      ascent = std::max(ascent, q.m.ascent), descent = std::max(descent, q.m.descent);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy({width, ascent + descent});
    for (const Placed& q : line)
      Typeset(ImGui::GetWindowDrawList(), font, size, {at.x + q.x, at.y + ascent}, colour, 0,
              *q.tex);
    line.clear();
    x = 0;
  };
  for (const WrapPiece& p : pieces) {
    const TypesetResult m = Typeset(nullptr, font, size, {0, 0}, colour, 0, p.tex);
    float gap = line.empty() || !p.space_before ? 0 : space;
    if (!line.empty() && x + gap + m.width > width) flush(), gap = 0;
    line.push_back({&p.tex, x + gap, m});
    x += gap + m.width;
  }
  if (!line.empty()) flush();
}

Rect DrawStepPanel(AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  // Only the left edge moves (its width is remembered in settings).
  ImGui::SetNextWindowSizeConstraints({1, r.h}, {FLT_MAX, r.h});
  // Scrolls sideways too: in a narrow panel a formula wider than it (one
  // chunk) can be scrolled to, never cut off mid-number.
  const Rect window = BeginSidePanel(
      TL(s.lang, "window.step"),
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_HorizontalScrollbar);
  RememberPanelSize(r.w, ImGui::GetWindowSize().x, s.view.panel_right);
  s.hover.term = -1;
  const steps::Step& st = s.derived.current;
  const size_t lang = static_cast<size_t>(s.lang);
  // Every line of text wraps at the panel's visible right edge (a matrix
  // stage's title carries its formula; notes and counts are sentences).
  ImGui::PushTextWrapPos(VisibleRightEdge());
  ImGui::Text("%s — %s", steps::SceneTitle(s.nav.scene, s.lang),
              steps::StageTitle(s.nav.stage, s.lang));
  if (s.practice.on) DrawPracticeSection(s);
  // The lesson: what this stage does, with this layer's numbers. A short
  // panel (a small window) shows the lesson and the step as two tabs, so
  // the lesson never pushes the step's arithmetic out of view; a tall one
  // shows it above the arithmetic in at most 40% of the panel.
  if (r.h < ImGui::GetFontSize() * 36) {
    bool lesson_tab = false;
    if (ImGui::BeginTabBar("step_tabs")) {
      if (ImGui::BeginTabItem(TL(s.lang, "step.tab_step"))) ImGui::EndTabItem();
      if (ImGui::BeginTabItem(TL(s.lang, "step.lesson"))) {
        lesson_tab = true;
        DrawLesson(s, 0);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    if (lesson_tab) {
      ImGui::PopTextWrapPos();
      ImGui::End();
      return window;
    }
  } else {
    ImGui::SetNextItemOpen(s.view.show_lesson);
    s.view.show_lesson = ImGui::CollapsingHeader(TL(s.lang, "step.lesson"));
    if (s.view.show_lesson) DrawLesson(s, r.h * 0.4f);
  }
  ImGui::Spacing();
  // The formula, broken after "=", "·" or "+" where the panel is too
  // narrow for it; its notes (what the frame is, which channels a group
  // sums) wrapped below it, so a narrow panel clips neither.
  const auto variant = steps::EquationVariant::Of(s.problem.shape);
  std::vector<FormulaChunk> equation;
  for (std::string& piece :
       EquationPieces(steps::EquationFormula(s.nav.scene, s.nav.stage, steps::Form::kTex, variant)))
    equation.push_back({std::move(piece)});
  FlowChunks(s, equation, -1, 1.1f);
  for (const std::string& note : steps::EquationNotes(s.nav.scene, s.nav.stage, s.lang, variant))
    ImGui::TextUnformatted(note.c_str());
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(TF(s.lang, "step.header",
                            {{"n", std::to_string(st.index)}, {"count", std::to_string(st.count)}})
                             .c_str());
  // Practice: the step's arithmetic waits until its cell is answered (the
  // hint ladder above gives it out rung by rung).
  if (PracticeHidesStep(s)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    FlowParagraph(T(s.lang, "practice.step_hidden"));
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::End();
    return window;
  }
  const int mac_term = s.nav.granularity == steps::Granularity::kMac ? int(st.term) : -1;
  FlowChunks(s, s.derived.chunks_cells, mac_term);
  ImGui::Spacing();
  FlowChunks(s, s.derived.chunks_numbers, mac_term);
  // A long sum shows its non-zero products; the student may ask for all.
  if (!st.is_move && s.derived.window_step.terms_per_window > uint64_t(kShownTerms)) {
    const std::string label = TF(s.lang, "step.show_all",
                                 {{"n", std::to_string(s.derived.window_step.terms_per_window)}}) +
                              "###show_all_terms";
    if (ImGui::Checkbox(label.c_str(), &s.view.show_all_terms)) WriteOutWindow(s);
  }
  if (!st.note[lang].empty()) ImGui::TextDisabled("%s", st.note[lang].c_str());
  ImGui::Separator();

  if (st.is_move) {
    TypesetItem(MoveLineTex(st.move));
    ImGui::TextUnformatted(TF(s.lang, "step.value", {{"v", Number(st.move.value)}}).c_str());
  } else {
    // Counted from 1 here, like the step model's note ("term k+1 of n"). In a
    // scatter window the sum is the target cell's value after the addition.
    const FmtArgs mac_args = {{"k", std::to_string(st.term + 1)},
                              {"n", std::to_string(st.terms_per_window)},
                              {"sum", Number(st.sum)}};
    if (st.granularity == steps::Granularity::kMac)
      ImGui::TextUnformatted(
          TF(s.lang, st.stage == steps::Stage::kScatter ? "step.mac_scatter" : "step.mac_sum",
             mac_args)
              .c_str());
    else if (st.stage == steps::Stage::kScatter)  // not a sum: each product has its own cell
      ImGui::TextWrapped("%s", T(s.lang, "step.scatter_cells"));
    else ImGui::TextUnformatted(TF(s.lang, "step.sum", {{"sum", Number(st.sum)}}).c_str());
    if (st.target.tensor != steps::TensorId::kNone && st.stage != steps::Stage::kScatter) {
      const double engine = steps::CellValue(s.problem, s.results, st.target);
      const bool agree =
          std::fabs(engine - s.derived.window_step.sum) <= 1e-9 * std::max(1.0, std::fabs(engine));
      // Typeset: the target is named in formula notation (δ^{l−1}_{1,7,5}).
      ImGui::PushStyleColor(ImGuiCol_Text,
                            agree ? ImVec4(0.5f, 0.85f, 0.5f, 1) : ImVec4(0.95f, 0.3f, 0.3f, 1));
      TypesetItem(TF(s.lang, "step.engine",
                     {{"cell", steps::CellSymbol(st.target, steps::Form::kTex)},
                      {"v", Number(engine)},
                      {"verdict", agree ? T(s.lang, "step.agrees") : T(s.lang, "step.differs")}}));
      ImGui::PopStyleColor();
    }
    if (s.derived.has_finite_difference)
      ImGui::TextUnformatted(
          TF(s.lang, "step.fd", {{"v", Number(s.derived.finite_difference)}}).c_str());
    // Every term of the window, scrollable, the hot ones highlighted.
    // Scrolls sideways too: a long term line is never cut off mid-number.
    ImGui::BeginChild("terms", {0, 0}, true, ImGuiWindowFlags_HorizontalScrollbar);
    const steps::Step& w = s.derived.window_step;
    ImGuiListClipper clipper;
    clipper.Begin(int(w.terms.size()));
    while (clipper.Step())
      for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
        const steps::Term& t = w.terms[size_t(k)];
        const bool hot =
            k == mac_term || k == s.hover.term || (s.hover.cell && TermReads(s, k, *s.hover.cell));
        if (hot) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 0, 255));
        if (w.stage == steps::Stage::kScatter) {  // what lands where, and that cell's total
          TypesetItem(ScatterTermTex(t));
          ImGui::SameLine();
          ImGui::TextUnformatted(ScatterReceipt(t, s.lang).c_str());
        } else if (w.stage == steps::Stage::kOverlap) {  // the tap's window, or none
          TypesetItem(OverlapTermTex(t, uint64_t(k), s.problem.shape.k2, s.lang));
        } else {
          TypesetItem(TermLineTex(t));
        }
        if (hot) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) s.hover.term = k;
      }
    ImGui::EndChild();
  }
  ImGui::PopTextWrapPos();
  ImGui::End();
  return window;
}

}  // namespace convbp::app
