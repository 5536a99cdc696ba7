// Issue 15, worksheets: cells of the stage blanked and numbered (?1, ?2, …)
// on the canvas the PNG export draws, and the Markdown's questions and key.
// The key's numbers are checked against brute-force loops, not the engine.
#include "worksheet.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "canvas_overlay.h"
#include "null_imgui.h"
#include "started.h"

namespace convbp::app {
namespace {

using steps::Cell;
using steps::TensorId;

// z^l of the seed by brute force (no padding: pz = the input).
double ForwardCell(const Problem<double>& p, int d, int i, int j) {
  double z = p.bias(d);
  for (int c = 0; c < p.shape.c_in; ++c)
    for (int m = 0; m < p.shape.k1; ++m)
      for (int n = 0; n < p.shape.k2; ++n)
        z += p.weight(d, c, m, n) * p.input(c, i * p.shape.s1 + m, j * p.shape.s2 + n);
  return z;
}

// The number after "= " on a key line, with the app's minus sign read as "-".
double KeyNumber(std::string line) {
  const size_t eq = line.find("= ");
  EXPECT_NE(eq, std::string::npos) << line;
  line = line.substr(eq + 2);
  if (line.rfind("\xE2\x88\x92", 0) == 0) line = "-" + line.substr(3);
  return std::strtod(line.c_str(), nullptr);
}

TEST(Worksheet, BlanksAreNumberedAndTheKeyIsRight) {
  AppState s = Started({});  // the seed's forward pass: z^l is 1×2×2
  const Worksheet w = MakeWorksheet(s, 3, "sheet.png");
  ASSERT_EQ(w.blanks.size(), 3u);
  // Spread over the four windows, first and last included, in window
  // order (row-major over zˡ), numbered in that order.
  EXPECT_EQ(w.blanks.front().cell, Cell::Of(TensorId::kOutput, 0, 0, 0));
  EXPECT_EQ(w.blanks.back().cell, Cell::Of(TensorId::kOutput, 0, 1, 1));
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(w.blanks[k].cell.tensor, TensorId::kOutput);
    EXPECT_EQ(w.blanks[k].label, "?" + std::to_string(k + 1));
    if (k) {
      const auto& a = w.blanks[k - 1].cell.idx;
      const auto& b = w.blanks[k].cell.idx;
      EXPECT_LT(a[1] * 2 + a[2], b[1] * 2 + b[2]) << "distinct, in window order";
    }
  }
  const auto want = [&](size_t k) { return w.blanks[k].cell; };
  EXPECT_EQ(w.step, steps::WindowCount(s.problem.shape, w.scene, w.stage) - 1)
      << "the picture is the finished stage";
  // The Markdown: the picture, the questions, then the key.
  const std::string& md = w.markdown;
  EXPECT_NE(md.find("(sheet.png)"), std::string::npos);
  const size_t questions = md.find("## " + std::string(T(s.lang, "sheet.questions")));
  const size_t key = md.find("## " + std::string(T(s.lang, "sheet.key")));
  ASSERT_NE(questions, std::string::npos) << md;
  ASSERT_NE(key, std::string::npos) << md;
  EXPECT_LT(questions, key);
  std::istringstream in(md.substr(key));
  std::vector<std::string> key_lines, question_lines;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("**?", line.find("**")) != std::string::npos &&
        line.find(". **?") != std::string::npos)
      key_lines.push_back(line);
  std::istringstream qin(md.substr(questions, key - questions));
  for (std::string line; std::getline(qin, line);)
    if (line.find(". **?") != std::string::npos) question_lines.push_back(line);
  ASSERT_EQ(question_lines.size(), 3u) << md;
  ASSERT_EQ(key_lines.size(), 3u) << md;
  for (size_t k = 0; k < 3; ++k) {
    const std::string label = "**?" + std::to_string(k + 1) + "**";
    EXPECT_NE(question_lines[k].find(label), std::string::npos) << question_lines[k];
    // The question names its cell: zˡ[0,i,j].
    const std::string cell =
        "[0," + std::to_string(want(k).idx[1]) + "," + std::to_string(want(k).idx[2]) + "]";
    EXPECT_NE(question_lines[k].find(cell), std::string::npos) << question_lines[k];
    EXPECT_NE(key_lines[k].find(label), std::string::npos) << key_lines[k];
    EXPECT_DOUBLE_EQ(KeyNumber(key_lines[k]),
                     ForwardCell(s.problem, 0, want(k).idx[1], want(k).idx[2]))
        << key_lines[k];
  }
  // In Chinese too.
  s.fonts.cjk = true;
  SetLanguage(s, steps::Lang::kZh);
  const Worksheet zh = MakeWorksheet(s, 3, "sheet.png");
  EXPECT_NE(zh.markdown.find(T(steps::Lang::kZh, "sheet.key")), std::string::npos);
  EXPECT_EQ(zh.blanks.size(), 3u);
}

TEST(Worksheet, TheCanvasDrawsTheNumbersNotTheValues) {
  AppState s = Started({});
  const Worksheet w = MakeWorksheet(s, 3, "sheet.png");
  // What the export's copy of the state does (export_render.cpp).
  s.practice.sheet = w.blanks;
  JumpToStep(s, w.step);
  ApplyPendingChanges(s);
  const CanvasModel& m = s.derived.canvas;
  ASSERT_EQ(m.blanks.size(), 3u);
  StartNullImGui({1600, 1000});
  const Rect r{0, 0, 900, 800};
  const CanvasTransform xf = FitCanvas(m, r.w, r.h, 1, 0, 0);
  std::map<std::string, Cell> drawn;
  int values_shown = 0;
  for (const CellNumber& n : CellNumbers(m, r, xf, 1, ImGui::GetIO().Fonts->Fonts[0], 16)) {
    const CellRef& ref = m.refs[n.cell];
    if (ref.cell.tensor != TensorId::kOutput) continue;
    if (n.text[0] == '?') drawn[n.text] = ref.cell;
    else ++values_shown;
  }
  ImGui::DestroyContext();
  for (const BlankCell& b : w.blanks) {
    ASSERT_TRUE(drawn.contains(b.label)) << b.label;
    EXPECT_EQ(drawn[b.label], b.cell);
  }
  EXPECT_EQ(values_shown, 1) << "the one z^l cell not asked shows its value";
  EXPECT_TRUE(s.derived.focus.operands.empty()) << "no window lit on a worksheet";
}

TEST(Worksheet, TheScatterStageHasNone) {
  AppState s = Started({"--scene", "input", "--stage", "scatter"});
  EXPECT_TRUE(MakeWorksheet(s, 4, "x.png").blanks.empty());
}

// The matrix scene's picture of C prints no numbers: a sheet there had
// nothing to compute from (and drew no ?k marks), so it offers none.
TEST(Worksheet, TheMatrixSceneHasNone) {
  for (const char* stage : {"product", "transposed_product"}) {
    AppState s = Started({"--scene", "matrix", "--stage", stage});
    EXPECT_TRUE(MakeWorksheet(s, 3, "x.png").blanks.empty()) << stage;
  }
  // The same cells are offered where they are drawn with numbers.
  AppState forward = Started({"--scene", "forward"});
  EXPECT_EQ(MakeWorksheet(forward, 3, "x.png").blanks.size(), 3u);
}

}  // namespace
}  // namespace convbp::app
