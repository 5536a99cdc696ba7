// What the formula panel writes: kernel cells in the formulas' (m,n,c,d)
// order, long windows cut around the current multiply-add.
#include "formula_text.h"

#include <gtest/gtest.h>

namespace convbp::app {
namespace {

using steps::Cell;
using steps::TensorId;

TEST(FormulaText, KernelCellsUseTheFormulasIndexOrder) {
  // Stored OIHW as [d,c,m,n] = [1,2,3,4]; the seed writes W_{m,n,c,d}.
  EXPECT_EQ(CellTex(Cell::Of(TensorId::kWeight, 1, 2, 3, 4)), "{W}_{3,4,2,1}");
  EXPECT_EQ(CellText(Cell::Of(TensorId::kGradWeight, 1, 2, 3, 4)), "∂L/∂W[3,4,2,1]");
  EXPECT_NE(GeneralEquationTex(steps::Scene::kForward, steps::Stage::kSlide).find("W_{m,n,c,d}"),
            std::string::npos);
  // Image-shaped tensors keep [c,i,j].
  EXPECT_EQ(CellTex(Cell::Of(TensorId::kGradOutputPadded, 0, 2, 3)), "{pδ}_{0,2,3}");
  EXPECT_EQ(SeedOrder("grad_output", {1, 2, 3}), (std::vector<int>{1, 2, 3}));
}

TEST(FormulaText, LongWindowsShowTheStartTheFocusAndTheEnd) {
  steps::Step w;
  w.stage = steps::Stage::kSlide;
  w.target = Cell::Of(TensorId::kOutput, 0, 0, 0);
  w.terms_per_window = 100;
  for (int k = 0; k < 20; ++k) {  // only the first 20 kept (StepOptions::max_terms)
    steps::Term t;
    t.a = {Cell::Of(TensorId::kWeight, 0, 0, 0, k), 1.0, {}};
    t.b = {Cell::Of(TensorId::kInput, 0, 0, k), 2.0, {}};
    t.product = 2.0;
    w.terms.push_back(t);
  }
  w.sum = 200;
  steps::Term focus = w.terms[0];
  focus.a.cell = Cell::Of(TensorId::kWeight, 0, 0, 0, 57);
  const std::vector<FormulaChunk> chunks = WindowChunks(w, false, 57, &focus);
  std::vector<int> terms;
  for (const FormulaChunk& c : chunks)
    if (c.term >= 0) terms.push_back(c.term);
  // 0..5, and 57 itself (54..60 are past the kept terms, 99 too).
  EXPECT_EQ(terms, (std::vector<int>{0, 1, 2, 3, 4, 5, 57}));
  EXPECT_NE(chunks.back().tex.find("200"), std::string::npos);
  int ellipses = 0;
  for (const FormulaChunk& c : chunks) ellipses += c.tex == "…";
  EXPECT_EQ(ellipses, 2) << "between 5 and 57, and after 57";
}

}  // namespace
}  // namespace convbp::app
