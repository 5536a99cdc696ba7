#include "worksheet.h"

#include <algorithm>
#include <filesystem>

#include "app_state.h"
#include "atomic_file.h"
#include "i18n.h"

namespace convbp::app {

bool WorksheetOffered(steps::Scene scene, steps::Stage stage) {
  return PracticeAsks(stage) && scene != steps::Scene::kMatrix;
}

Worksheet MakeWorksheet(const AppState& s, int count, const std::string& picture) {
  Worksheet w;
  w.scene = s.nav.scene;
  w.stage = s.nav.stage;
  const ConvShape& shape = s.problem.shape;
  const uint64_t windows = steps::WindowCount(shape, w.scene, w.stage);
  w.step = windows ? windows - 1 : 0;
  // Spread over the stage: the windows ShownSteps picks for an export.
  if (WorksheetOffered(w.scene, w.stage))
    for (uint64_t window : ShownSteps(windows, std::clamp(count, 1, kMaxWorksheetBlanks))) {
      std::optional<quiz::Question> q =
          quiz::StageQuestion(s.problem, s.results, w.scene, w.stage, window);
      if (!q) continue;
      const int number = int(w.blanks.size()) + 1;
      w.blanks.push_back({DrawnCell(shape, q->cells[0]), "?" + std::to_string(number)});
      w.questions.push_back(std::move(*q));
    }

  const steps::Lang lang = s.lang;
  const size_t l = size_t(lang);
  std::string& md = w.markdown;
  md = "# " +
       TF(lang, "sheet.title",
          {{"scene", steps::SceneTitle(w.scene, lang)},
           {"stage", steps::StageTitle(w.stage, lang)}}) +
       "\n\n";
  md += TF(lang, "sheet.layer",
           {{"cin", std::to_string(shape.c_in)},
            {"h", std::to_string(shape.h)},
            {"w", std::to_string(shape.w)},
            {"cout", std::to_string(shape.c_out)},
            {"k1", std::to_string(shape.k1)},
            {"k2", std::to_string(shape.k2)},
            {"s1", std::to_string(shape.s1)},
            {"s2", std::to_string(shape.s2)},
            {"p1", std::to_string(shape.p1)},
            {"p2", std::to_string(shape.p2)}}) +
        "\n\n";
  md += "![" + std::string(steps::StageTitle(w.stage, lang)) + "](" + picture + ")\n\n";
  if (w.blanks.empty()) {
    md += std::string(T(lang, "sheet.none")) + "\n";
    return w;
  }
  md += TF(lang, "sheet.intro", {{"n", std::to_string(w.blanks.size())}}) + "\n\n";
  md += "## " + std::string(T(lang, "sheet.questions")) + "\n\n";
  for (size_t k = 0; k < w.blanks.size(); ++k)
    md += std::to_string(k + 1) + ". **" + w.blanks[k].label + "**  " + w.questions[k].prompt[l] +
          "\n";
  md += "\n## " + std::string(T(lang, "sheet.key")) + "\n\n";
  for (size_t k = 0; k < w.blanks.size(); ++k)
    md += std::to_string(k + 1) + ". **" + w.blanks[k].label +
          "** = " + quiz::AnswerText(w.questions[k], lang) + "  (" + w.questions[k].hints.terms[l] +
          ")\n";
  return w;
}

std::string WorksheetMarkdownPath(const std::string& png_path) {
  return std::filesystem::path(png_path).replace_extension(".md").string();
}

std::string WriteWorksheetMarkdown(const Worksheet& w, const std::string& png_path) {
  return json::WriteFileAtomic(WorksheetMarkdownPath(png_path), w.markdown);
}

}  // namespace convbp::app
