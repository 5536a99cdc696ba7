// What the formula panel writes: kernel cells in the formulas' (m,n,c,d)
// order, long windows cut around the current multiply-add.
#include "formula_text.h"

#include <gtest/gtest.h>

#include "i18n.h"

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

TEST(FormulaText, LongWindowsShowTheNonZeroTermsTheFocusAndWhatIsLeftOut) {
  steps::Step w;
  w.stage = steps::Stage::kSlide;
  w.target = Cell::Of(TensorId::kOutput, 0, 0, 0);
  w.terms_per_window = 100;
  for (int k = 0; k < 20; ++k) {  // only the first 20 kept (StepOptions::max_terms)
    steps::Term t;
    const double a = k % 4 == 0 ? 1.0 : 0.0;  // terms 0, 4, 8, 12, 16 are non-zero
    t.a = {Cell::Of(TensorId::kWeight, 0, 0, 0, k), a, {}};
    t.b = {Cell::Of(TensorId::kInput, 0, 0, k), 2.0, {}};
    t.product = 2.0 * a;
    w.terms.push_back(t);
  }
  w.sum = 200;
  steps::Term focus = w.terms[0];
  focus.a.cell = Cell::Of(TensorId::kWeight, 0, 0, 0, 57);
  SetUiLanguage(steps::Lang::kEn);
  const std::vector<FormulaChunk> chunks = WindowChunks(w, false, 57, &focus);
  std::vector<int> terms;
  for (const FormulaChunk& c : chunks)
    if (c.term >= 0) terms.push_back(c.term);
  // The 5 non-zero kept terms, and 57 itself (past the kept ones).
  EXPECT_EQ(terms, (std::vector<int>{0, 4, 8, 12, 16, 57}));
  EXPECT_NE(chunks.back().tex.find("200"), std::string::npos);
  int ellipses = 0, counted = 0;
  for (const FormulaChunk& c : chunks) {
    ellipses += c.tex == "+ …";
    counted += c.tex == "+ 15 products with a zero factor";
  }
  EXPECT_EQ(ellipses, 2) << "the unknown terms between 19 and 57, and after 57";
  EXPECT_EQ(counted, 1);
  // All terms on request: every kept one.
  terms.clear();
  for (const FormulaChunk& c : WindowChunks(w, false, -1, nullptr, true))
    if (c.term >= 0) terms.push_back(c.term);
  EXPECT_EQ(terms.size(), 20u);
}

}  // namespace
}  // namespace convbp::app
