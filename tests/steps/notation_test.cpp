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

}  // namespace
}  // namespace convbp::steps
