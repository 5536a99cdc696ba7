// What the formula panel writes: kernel cells in the formulas' (m,n,c,d)
// order, long windows cut around the current multiply-add.
#include "formula_text.h"

#include <gtest/gtest.h>

#include <string_view>

#include "engine.h"
#include "equations.h"
#include "i18n.h"
#include "lookup.h"
#include "notation.h"
#include "presets.h"
#include "scene_layout.h"
#include "shown_terms.h"
#include "started.h"

namespace convbp::app {
namespace {

using steps::Cell;
using steps::TensorId;

TEST(FormulaText, KernelCellsUseTheFormulasIndexOrder) {
  // Stored OIHW as [d,c,m,n] = [1,2,3,4]; the seed writes W_{m,n,c,d}.
  steps::Term t;
  t.a = {Cell::Of(TensorId::kWeight, 1, 2, 3, 4), 0.5, {}};
  t.b = {Cell::Of(TensorId::kInputPadded, 2, 5, 6), -2, {}};
  t.product = -1;
  EXPECT_EQ(TermLineTex(t), "{W}_{3,4,2,1}·{pz}_{2,5,6}  =  0.5·(−2)  =  −1");
  steps::Move m;
  m.from = Cell::Of(TensorId::kWeight, 0, 0, 0, 1);
  m.to = Cell::Of(TensorId::kWeightRot180, 0, 0, 2, 1);
  EXPECT_EQ(MoveLineTex(m), "{W}_{0,1,0,0}  →  {rot_{180°}W}_{2,1,0,0}");
  EXPECT_EQ(CellValueTex(Cell::Of(TensorId::kGradOutputPadded, 0, 2, 3), -0.25),
            "{pδ}_{0,2,3} = −0.25");
  // The eq-5 positions box says "+ρ positions" only when ρ gives it some.
  ConvShape remainder;  // 5×5, k 3, s 2: ρ = 0
  EXPECT_EQ(TensorLabel(remainder, TensorId::kWeightPositions), "∂L/∂W");
  remainder.h = remainder.w = 6;  // ρ = (6 − 3) mod 2 = 1
  EXPECT_EQ(TensorLabel(remainder, TensorId::kWeightPositions), "∂L/∂W  (+ρ positions)");
  EXPECT_EQ(TensorLabel(remainder, TensorId::kGradInput), "δ^{l−1}");
}

// The typesetter shows ^{…}, _{…}, \sum, \frac, \term and \hl; any other
// backslash or an unbalanced brace would reach the screen as TeX source.
bool TypesetterReadsAll(const std::string& tex) {
  int depth = 0;
  for (size_t k = 0; k < tex.size(); ++k) {
    if (tex[k] == '{') ++depth;
    if (tex[k] == '}' && --depth < 0) return false;
    if (tex[k] != '\\') continue;
    const std::string_view rest = std::string_view(tex).substr(k + 1);
    if (!rest.starts_with("sum") && !rest.starts_with("frac") && !rest.starts_with("term") &&
        !rest.starts_with("hl"))
      return false;
  }
  return depth == 0;
}

bool HasTexSource(const std::string& text) {
  return text.find("^{") != std::string::npos || text.find("_{") != std::string::npos ||
         text.find('\\') != std::string::npos;
}

// Everything the app shows for a layer with padding, stride 2 and remainder
// rows: plain texts carry no TeX source, typeset texts only what the
// typesetter understands.
TEST(FormulaText, NoTexSourceReachesTheReader) {
  const ConvShape shape{
      .c_in = 2, .h = 6, .w = 5, .c_out = 2, .k1 = 3, .k2 = 2, .s1 = 2, .s2 = 2, .p1 = 1, .p2 = 0};
  const Problem<double> p =
      MakePresetProblem(shape, ValuePreset::kSmallIntegers, 5, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  int plain_checked = 0, typeset_checked = 0;
  auto plain = [&](const std::string& text) {
    ++plain_checked;
    EXPECT_FALSE(HasTexSource(text)) << text;
  };
  auto typeset = [&](const std::string& tex) {
    ++typeset_checked;
    EXPECT_TRUE(TypesetterReadsAll(tex)) << tex;
  };
  for (int sc = 0; sc < steps::kSceneCount; ++sc)
    for (steps::Stage stage : steps::StagesOf(shape, steps::Scene(sc)))
      for (auto g : {steps::Granularity::kWindow, steps::Granularity::kMac}) {
        const uint64_t n = steps::StepCount(shape, steps::Scene(sc), stage, g);
        for (uint64_t index : {uint64_t(0), n / 2, n - 1}) {
          const steps::Step st = steps::StepAt(p, r, steps::Scene(sc), stage, index, g);
          for (steps::Lang lang : {steps::Lang::kEn, steps::Lang::kZh}) {
            const size_t l = size_t(lang);
            plain(st.formula[l].indices);
            plain(st.formula[l].numbers);
            plain(st.note[l]);
            plain(steps::StageTitle(stage, lang));
            typeset(steps::GeneralEquation(steps::Scene(sc), stage, steps::Form::kTex, lang));
          }
          for (bool numbers : {false, true})
            for (const FormulaChunk& c : WindowChunks(st, steps::Lang::kEn, numbers, int(st.term)))
              typeset(c.tex);
          for (const steps::Term& t : st.terms) typeset(TermLineTex(t));
          if (st.is_move) typeset(MoveLineTex(st.move));
          typeset(steps::CellSymbol(st.target, steps::Form::kTex));  // the "engine:" line's cell
        }
      }
  // Tooltips: every cell of every tensor, its name and why it is zero.
  for (int t = 2; t < steps::kTensorIdCount; ++t) {
    const auto id = steps::TensorId(t);
    typeset(TensorLabel(shape, id));  // canvas labels
    const steps::Dims d = steps::TensorDims(shape, id);
    if (d.rank != 3) continue;
    for (int c = 0; c < d.d[0]; ++c)
      for (int y = 0; y < d.d[1]; ++y)
        for (int x = 0; x < d.d[2]; ++x) {
          const Cell cell = Cell::Of(id, c, y, x);
          typeset(CellValueTex(cell, -1.5));
          for (steps::Lang lang : {steps::Lang::kEn, steps::Lang::kZh})
            plain(steps::ExplanationText(
                steps::ExplainValue(p, r, Cell::Of(steps::CanonicalTensor(shape, id), c, y, x)),
                lang));
        }
  }
  EXPECT_GT(plain_checked, 100);
  EXPECT_GT(typeset_checked, 100);
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
  const std::vector<FormulaChunk> chunks = WindowChunks(w, steps::Lang::kEn, false, 57, &focus);
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
  for (const FormulaChunk& c : WindowChunks(w, steps::Lang::kEn, false, -1, nullptr, true))
    if (c.term >= 0) terms.push_back(c.term);
  EXPECT_EQ(terms.size(), 20u);
}

// The overlap count's line: how many windows, never "|…|" (read as an
// absolute value) and never braces the typesetter would swallow: the seed's
// corner pz[0,0] is read by one window, the layer with ρ = 1 leaves its
// last row unread (N = 0).
std::string Joined(const std::vector<FormulaChunk>& chunks) {
  std::string out;
  for (const FormulaChunk& c : chunks) out += (out.empty() ? "" : " ") + c.tex;
  return out;
}
TEST(FormulaText, OverlapCountsTheWindowsAndSaysWhenThereIsNone) {
  const ConvShape shape{.c_in = 1, .h = 6, .w = 6, .c_out = 1, .k1 = 3, .k2 = 3, .s1 = 2, .s2 = 2};
  const Problem<double> p =
      MakePresetProblem(shape, ValuePreset::kSmallIntegers, 1, LossKind::kGivenGrad);
  const Results<double> r = Compute(p);
  using steps::Granularity, steps::Scene, steps::Stage;
  const steps::Step corner =
      steps::StepAt(p, r, Scene::kInput, Stage::kOverlap, 0, Granularity::kWindow);
  EXPECT_EQ(Joined(WindowChunks(corner, Lang::kEn, false, -1)),
            "{N}_{0,0,0} = #({δ^{l}}_{0,0,0}) = 1");
  EXPECT_EQ(Joined(WindowChunks(corner, Lang::kEn, true, -1)), "{N}_{0,0,0} = 1 = 1");
  const steps::Step unread =
      steps::StepAt(p, r, Scene::kInput, Stage::kOverlap, 6 * 6 - 1, Granularity::kWindow);
  EXPECT_EQ(unread.sum, 0);
  EXPECT_EQ(Joined(WindowChunks(unread, Lang::kEn, false, -1)), "{N}_{0,5,5} = 0  (no window)");
  EXPECT_EQ(Joined(WindowChunks(unread, Lang::kZh, true, -1)), "{N}_{0,5,5} = 0  (无窗口)");
}

// The step panel breaks a long equation into pieces: each a whole
// sub-formula (braces balanced, so no subscript or sum limit is split),
// each but the last ending on the operator the next line continues.
TEST(FormulaText, EquationsBreakOnlyAfterTopLevelOperators) {
  const auto balanced = [](const std::string& t) {
    int depth = 0;
    for (char ch : t) {
      depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
      if (depth < 0) return false;
    }
    return depth == 0;
  };
  int pieces_seen = 0;
  for (steps::EquationVariant v : {steps::EquationVariant{}, steps::EquationVariant{true, true}})
    for (int sc = 0; sc < steps::kSceneCount; ++sc)
      for (int st = 0; st < steps::kStageCount; ++st) {
        const std::string tex =
            steps::EquationFormula(steps::Scene(sc), steps::Stage(st), steps::Form::kTex, v);
        if (tex.empty()) continue;
        const std::vector<std::string> pieces = EquationPieces(tex);
        ASSERT_FALSE(pieces.empty()) << tex;
        std::string joined;
        for (const std::string& p : pieces) {
          EXPECT_TRUE(balanced(p)) << p << "  in  " << tex;
          joined += (joined.empty() ? "" : " ") + p;
        }
        EXPECT_EQ(joined, tex);
        for (size_t k = 0; k + 1 < pieces.size(); ++k) {
          const std::string& p = pieces[k];
          const bool ends_on_operator = p.ends_with(" =") || p.ends_with(" ·") ||
                                        p.ends_with(" +") || p.ends_with(" +=") ||
                                        p.ends_with(",  ");
          EXPECT_TRUE(ends_on_operator) << p;
        }
        pieces_seen += int(pieces.size());
      }
  // Eq 4 of the seed by hand: "(4)   z_{d,i,j} =", "Σ…W_{m,n,c,d} ·",
  // "pz_{c, i·s_1+m, j·s_2+n} +", "b_d" — the products inside the
  // subscripts stay whole.
  const std::vector<std::string> eq4 = EquationPieces(
      steps::EquationFormula(steps::Scene::kForward, steps::Stage::kSlide, steps::Form::kTex, {}));
  ASSERT_EQ(eq4.size(), 4u);
  EXPECT_TRUE(eq4[0].starts_with("(4)")) << eq4[0];
  EXPECT_TRUE(eq4[2].find("i·s_1+m") != std::string::npos) << eq4[2];
  EXPECT_GT(pieces_seen, 40);
}

// Text wider than the step panel flows word by word; a word never splits
// a {…} group (a subscript, \hl{…}).
TEST(FormulaText, TexWordsSplitOnlyBetweenGroups) {
  EXPECT_EQ(TexWords("+ 17 products with a zero factor"),
            (std::vector<std::string>{"+", "17", "products", "with", "a", "zero", "factor"}));
  EXPECT_EQ(TexWords("{δ^l}_{0, 1}  \\hl{a b} = 3"),
            (std::vector<std::string>{"{δ^l}_{0, 1}", "\\hl{a b}", "=", "3"}));
  EXPECT_TRUE(TexWords("   ").empty());
}

// A window longer than the terms the app keeps (4096; a weight gradient on
// a 1×128×128 layer sums 126² products) counts every product with a zero
// factor, not only those among the kept terms: a student tour read "+ 1269
// products with a zero factor" on a sum with some 80 000 of them.
TEST(FormulaText, TheZeroFactorCountCoversTermsPastTheKeptOnes) {
  AppState s = Started({"--input", "1x128x128", "--kernel", "3x3", "--stride", "1x1", "--values",
                        "int", "--scene", "weight", "--stage", "slide"});
  const steps::Step& w = s.derived.current;
  ASSERT_GT(w.terms_per_window, w.terms.size()) << "the window must be longer than the kept terms";
  steps::StepOptions every_term;
  every_term.formulas = false;
  const steps::Step full = steps::StepAt(s.problem, s.results, w.scene, w.stage, w.index,
                                         steps::Granularity::kWindow, every_term);
  ASSERT_EQ(full.terms.size(), full.terms_per_window);
  uint64_t zero = 0, nonzero = 0;
  for (const steps::Term& t : full.terms) (steps::HasZeroFactor(t) ? zero : nonzero) += 1;
  ASSERT_GT(zero, w.terms.size()) << "the count must reach past the kept terms";
  const std::string counted = "+ " + std::to_string(zero) + " products with a zero factor";
  bool found = false;
  for (const FormulaChunk& c : WindowChunks(w, steps::Lang::kEn, true, -1))
    found |= c.tex == counted;
  EXPECT_TRUE(found) << "expected \"" << counted << "\" (" << nonzero << " non-zero products)";
}

}  // namespace
}  // namespace convbp::app
