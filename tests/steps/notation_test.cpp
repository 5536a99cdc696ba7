// notation.h and equations.h: every tensor has every form, plain forms hold
// no TeX source, LaTeX forms are shaped like LaTeX, kernels are shown as
// (m,n,c,d), and each general equation renders for both typesetters.
#include "notation.h"

#include <gtest/gtest.h>

#include <string>

#include "equations.h"

namespace convbp::steps {
namespace {

bool HasTexSource(const std::string& s) {
  return s.find("^{") != std::string::npos || s.find("_{") != std::string::npos ||
         s.find('\\') != std::string::npos;
}

// Braces balance and never go negative.
bool BracesBalance(const std::string& s) {
  int depth = 0;
  for (char c : s) {
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) return false;
  }
  return depth == 0;
}

// LaTeX source is ASCII: a UTF-8 letter there needs a package convbp does
// not ask for.
bool IsAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

TEST(Notation, EveryTensorHasEveryFormAndTheTableIsInEnumOrder) {
  for (int k = 0; k < kTensorIdCount; ++k) {
    const auto t = TensorId(k);
    const TensorNotation& n = Notation(t);
    SCOPED_TRACE(n.name);
    EXPECT_NE(std::string(n.name), "");
    if (t == TensorId::kNone) continue;
    for (Form form : {Form::kPlain, Form::kTex, Form::kLatex})
      EXPECT_NE(std::string(Symbol(t, form)), "");
    EXPECT_NE(std::string(TensorWords(t, Lang::kEn)), "");
    EXPECT_NE(std::string(TensorWords(t, Lang::kZh)), "");
    EXPECT_FALSE(HasTexSource(n.plain)) << n.plain;
    EXPECT_TRUE(BracesBalance(n.tex)) << n.tex;
    EXPECT_TRUE(BracesBalance(n.latex)) << n.latex;
    EXPECT_TRUE(IsAscii(n.latex)) << n.latex;
    if (k >= 2) {
      EXPECT_EQ(ParseTensor(n.name), t);  // names round-trip, in enum order
    }
  }
  EXPECT_EQ(ParseTensor("none"), std::nullopt);
  EXPECT_EQ(ParseTensor("one"), std::nullopt);
  EXPECT_EQ(ParseTensor("grad_output_dilated"), TensorId::kGradOutputDilated);
}

TEST(Notation, TheThreeFormsSayTheSameSymbol) {
  // Hand-written expectations for the seed's notation.
  EXPECT_STREQ(Symbol(TensorId::kGradInput, Form::kPlain), "δˡ⁻¹");
  EXPECT_STREQ(Symbol(TensorId::kGradInput, Form::kTex), "δ^{l−1}");
  EXPECT_STREQ(Symbol(TensorId::kGradInput, Form::kLatex), "\\delta^{l-1}");
  EXPECT_STREQ(Symbol(TensorId::kWeightRot180, Form::kTex), "rot_{180°}W");
  // The TeX form, put through the TeX→LaTeX mapping the equations use,
  // lands on the LaTeX form for every tensor whose symbol has no words.
  for (TensorId t : {TensorId::kInput, TensorId::kOutput, TensorId::kGradOutput,
                     TensorId::kGradInput, TensorId::kGradOutputPadded, TensorId::kWeight})
    EXPECT_EQ(TexToLatex(Symbol(t, Form::kTex)) + "", std::string(Symbol(t, Form::kLatex)) + "")
        << TensorName(t);
}

TEST(Notation, KernelsAreShownMNCDAndStoredDCMN) {
  const Cell w = Cell::Of(TensorId::kWeight, 1, 2, 3, 4);  // [d,c,m,n]
  EXPECT_EQ(JoinIndices(DisplayIndices(w)), "3,4,2,1");
  EXPECT_EQ(JoinIndices(StorageIndices(w)), "1,2,3,4");
  for (TensorId t : {TensorId::kWeightRot180, TensorId::kGradWeight, TensorId::kWeightPositions})
    EXPECT_EQ(JoinIndices(DisplayIndices(Cell::Of(t, 1, 2, 3, 4))), "3,4,2,1");
  const Cell pd = Cell::Of(TensorId::kGradOutputPadded, 0, 2, 3);
  EXPECT_EQ(JoinIndices(DisplayIndices(pd)), "0,2,3");
  EXPECT_EQ(CellSymbol(w, Form::kTex), "{W}_{3,4,2,1}");
  EXPECT_EQ(CellSymbol(Cell::Of(TensorId::kGradWeight, 1, 2, 3, 4), Form::kPlain),
            "∂L/∂W[3,4,2,1]");
  EXPECT_EQ(CellSymbol(Cell::Of(TensorId::kGradWeight, 1, 2, 3, 4), Form::kLatex),
            "\\frac{\\partial L}{\\partial W_{3,4,2,1}}");
  EXPECT_EQ(CellSymbol(pd, Form::kPlain), "pδ[0,2,3]");
  EXPECT_EQ(CellSymbol(Cell::Of(TensorId::kBias, 1), Form::kTex), "{b}_{1}");
  EXPECT_EQ(CellSymbol(Cell{TensorId::kOne, 0, {}}, Form::kLatex), "1");
}

TEST(Equations, EveryStageRendersForBothTypesettersWithKernelsMNCD) {
  const ConvShape shape{
      .c_in = 1, .h = 5, .w = 5, .c_out = 1, .k1 = 3, .k2 = 3, .s1 = 2, .s2 = 2, .p1 = 1, .p2 = 1};
  for (int sc = 0; sc < kSceneCount; ++sc)
    for (Stage stage : StagesOf(shape, Scene(sc)))
      for (Lang lang : {Lang::kEn, Lang::kZh}) {
        const std::string tex = GeneralEquation(Scene(sc), stage, Form::kTex, lang);
        const std::string latex = GeneralEquation(Scene(sc), stage, Form::kLatex, lang);
        SCOPED_TRACE(std::string(SceneName(Scene(sc))) + "/" + StageName(stage) + "\n" + tex +
                     "\n" + latex);
        EXPECT_TRUE(tex.find(" = ") != std::string::npos || tex.find(" += ") != std::string::npos);
        EXPECT_EQ(tex.find('<'), std::string::npos);  // every <tensor> substituted
        EXPECT_EQ(latex.find('<'), std::string::npos);
        EXPECT_TRUE(BracesBalance(tex));
        EXPECT_TRUE(BracesBalance(latex));
        if (lang == Lang::kEn) {
          EXPECT_TRUE(IsAscii(latex));
        }
        // Kernels are never written in storage order.
        EXPECT_EQ(tex.find("d,c,m,n"), std::string::npos);
        EXPECT_EQ(latex.find("d,c,m,n"), std::string::npos);
      }
  const std::string forward = GeneralEquation(Scene::kForward, Stage::kSlide, Form::kTex);
  EXPECT_TRUE(forward.starts_with("(4)")) << forward;
  EXPECT_NE(forward.find("W_{m,n,c,d}"), std::string::npos) << forward;
  EXPECT_NE(GeneralEquation(Scene::kInput, Stage::kSlide, Form::kTex).find("W}_{m,n,c,d}"),
            std::string::npos);
  EXPECT_NE(GeneralEquation(Scene::kInput, Stage::kSlide, Form::kLatex).find("\\tag{8}"),
            std::string::npos);
}

// Dilation and groups change the equations the seed writes for D = 1, g = 1:
// every kernel tap meets an image row at m·D (hand-derived from the forward
// window, which reads pz at i·s + m·D), eq 8's frame is (k−1)·D, and the
// channel sums run over one group.
TEST(Equations, DilatedAndGroupedLayersGetTheirOwnTapsFrameAndChannelSums) {
  const ConvShape shape{.c_in = 2,
                        .h = 9,
                        .w = 9,
                        .c_out = 4,
                        .k1 = 3,
                        .k2 = 2,
                        .s1 = 2,
                        .s2 = 1,
                        .p1 = 1,
                        .p2 = 0,
                        .d1 = 2,
                        .d2 = 3,
                        .groups = 2};
  const EquationVariant both = EquationVariant::Of(shape);
  ASSERT_TRUE(both.dilated && both.grouped);
  for (int sc = 0; sc < kSceneCount; ++sc)
    for (Stage stage : StagesOf(shape, Scene(sc)))
      for (Lang lang : {Lang::kEn, Lang::kZh})
        for (Form form : {Form::kTex, Form::kLatex}) {
          const std::string eq = GeneralEquation(Scene(sc), stage, form, lang, both);
          SCOPED_TRACE(eq);
          EXPECT_EQ(eq.find('['), std::string::npos);  // no unexpanded [D:…] / [G:…]
          EXPECT_TRUE(BracesBalance(eq));
        }
  const auto tex = [&](Scene sc, Stage st, EquationVariant v) {
    return GeneralEquation(sc, st, Form::kTex, Lang::kEn, v);
  };
  const std::string forward = tex(Scene::kForward, Stage::kSlide, both);
  EXPECT_NE(forward.find("i·s_1+m·D_1, j·s_2+n·D_2"), std::string::npos) << forward;
  EXPECT_NE(forward.find("C_{in}/g"), std::string::npos) << forward;
  EXPECT_NE(forward.find("d's group"), std::string::npos) << forward;
  const std::string weight = tex(Scene::kWeight, Stage::kSlide, both);
  EXPECT_NE(weight.find("m·D_1+i·s_1, n·D_2+j·s_2"), std::string::npos) << weight;
  const std::string input = tex(Scene::kInput, Stage::kSlide, both);
  EXPECT_NE(input.find("i+m·D_1, j+n·D_2"), std::string::npos) << input;
  EXPECT_NE(input.find("C_{out}/g"), std::string::npos) << input;
  const std::string pad = tex(Scene::kInput, Stage::kPad, both);
  EXPECT_NE(pad.find("u+(k_1−1)·D_1, v+(k_2−1)·D_2"), std::string::npos) << pad;
  EXPECT_NE(tex(Scene::kInput, Stage::kScatter, both).find("i·s_1+m·D_1"), std::string::npos);
  // A grouped kernel's third index is c' (its place in the group), as the
  // slice labels and the step lines print it, and the note defines it.
  EXPECT_NE(forward.find("W_{m,n,c',d}"), std::string::npos) << forward;
  EXPECT_NE(forward.find("c' = c − γ·C_in/g"), std::string::npos) << forward;
  EXPECT_NE(input.find("W}_{m,n,c',d}"), std::string::npos) << input;
  EXPECT_NE(weight.find("W_{m,n,c',d}"), std::string::npos) << weight;
  const std::string rotate = tex(Scene::kInput, Stage::kRotate, both);
  EXPECT_NE(rotate.find("k_2−1−n, c', d}"), std::string::npos) << rotate;
  EXPECT_NE(rotate.find("c' = c − γ·C_in/g"), std::string::npos) << rotate;
  EXPECT_NE(GeneralEquation(Scene::kForward, Stage::kSlide, Form::kLatex, Lang::kEn, both)
                .find("m \\cdot D_1"),
            std::string::npos);
  // A plain layer keeps the seed's equations: no D, no /g, no group note.
  for (int sc = 0; sc < kSceneCount; ++sc)
    for (Stage stage : StagesOf(shape, Scene(sc))) {
      const std::string plain = tex(Scene(sc), stage, {});
      EXPECT_EQ(plain.find("D_"), std::string::npos) << plain;
      EXPECT_EQ(plain.find("/g"), std::string::npos) << plain;
      EXPECT_EQ(plain.find("group"), std::string::npos) << plain;
      EXPECT_EQ(plain.find("c'"), std::string::npos) << plain;
    }
  EXPECT_NE(tex(Scene::kForward, Stage::kSlide, {}).find("i·s_1+m, j·s_2+n"), std::string::npos);
}

}  // namespace
}  // namespace convbp::steps
