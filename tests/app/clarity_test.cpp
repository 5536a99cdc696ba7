// Issue 18: what the app says must not mislead a student. Each test takes a
// known layer and checks the text (both languages) says — or no longer says
// — one thing the reader of the screenshots stumbled over.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app_state.h"
#include "i18n.h"
#include "lesson.h"
#include "notation.h"
#include "number_text.h"

namespace convbp::app {
namespace {

using steps::Scene;
using steps::Stage;

// The walk-through layer: 2×8×6 → 3, k 3×2, s 2×3, p 0. Ho×Wo = 3×2,
// ρ = (1, 1), δ^{l_padding} 5×4, pδ (5 + 2·2 + 1)×(4 + 2·1 + 1) = 10×7.
const std::vector<std::string> kWalkThrough = {"--input",  "2x8x6", "--out-channels", "3",
                                               "--kernel", "3x2",   "--stride",       "2x3",
                                               "--values", "int",   "--seed",         "2"};

AppState Started(std::vector<std::string> flags) {
  LaunchOptions o;
  EXPECT_EQ(ParseLaunchOptions(flags, o), "");
  AppState s;
  EXPECT_EQ(InitFromLaunchOptions(s, o), "");
  ApplyPendingChanges(s);
  return s;
}
AppState At(Scene scene, Stage stage, uint64_t step = 0) {
  std::vector<std::string> flags = kWalkThrough;
  flags.insert(flags.end(), {"--scene", steps::SceneName(scene), "--stage", steps::StageName(stage),
                             "--step", std::to_string(step)});
  return Started(flags);
}

ConvShape WalkThroughShape() { return ConvShape{2, 8, 6, 3, 3, 2, 2, 3, 0, 0}; }

std::string Lesson(const ConvShape& shape, Scene scene, Stage stage, Lang lang) {
  std::string all;
  for (const std::string& p : LessonParagraphs(shape, scene, stage, lang)) all += p + "\n";
  return all;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Joined(const std::vector<FormulaChunk>& chunks) {
  std::string out;
  for (const FormulaChunk& c : chunks) out += c.tex + " ";
  return out;
}

// 1. The Step panel (and the export caption, which prints the same chunks)
// writes a long eq 8 sum as its non-zero products plus a count; the toggle
// brings back every term.
TEST(Clarity, ElidedSumsShowTheNonZeroProducts) {
  // The first eq 8 cell whose sum has two non-zero products or more.
  AppState s;
  std::vector<int> nonzero;
  int zero_factor = 0;
  for (uint64_t step = 0; step < 96 && nonzero.size() < 2; ++step) {
    s = At(Scene::kInput, Stage::kSlide, step);
    nonzero.clear(), zero_factor = 0;
    for (size_t k = 0; k < s.derived.window_step.terms.size(); ++k) {
      const steps::Term& t = s.derived.window_step.terms[k];
      if (t.a.value == 0 || t.b.value == 0) ++zero_factor;
      else nonzero.push_back(int(k));
    }
  }
  ASSERT_GE(nonzero.size(), 2u);
  ASSERT_EQ(s.derived.window_step.terms_per_window, 18u);  // C_out·k1·k2 = 3·3·2
  ASSERT_GT(zero_factor, 0);
  EXPECT_FALSE(Has(Joined(s.derived.chunks_numbers), "…")) << "nothing non-zero is left out";
  std::vector<int> shown;
  for (const FormulaChunk& c : s.derived.chunks_numbers)
    if (c.term >= 0) shown.push_back(c.term);
  EXPECT_EQ(shown, nonzero);
  EXPECT_TRUE(Has(Joined(s.derived.chunks_numbers),
                  "+ " + std::to_string(zero_factor) + " products with a zero factor"))
      << Joined(s.derived.chunks_numbers);
  s.view.show_all_terms = true;
  WriteOutWindow(s);
  int all = 0;
  for (const FormulaChunk& c : s.derived.chunks_numbers) all += c.term >= 0;
  EXPECT_EQ(all, 18);
  EXPECT_FALSE(Has(Joined(s.derived.chunks_numbers), "zero factor"));

  SetLanguage(s, Lang::kZh);
  s.view.show_all_terms = false;
  ApplyPendingChanges(s);
  if (s.fonts.cjk) {
    EXPECT_TRUE(
        Has(Joined(s.derived.chunks_numbers), std::to_string(zero_factor) + " 个含零因子的乘积"))
        << Joined(s.derived.chunks_numbers);
  }
  SetLanguage(s, Lang::kEn);
}

// 2. The two zero-padded δ arrays get plain captions on the canvas and in
// the lesson, pδ's relation to δ^{l_padding} is said where pδ first
// appears, and eq 8's ∂L/∂pz is tied to δ^{l-1}.
TEST(Clarity, SimilarNamesGetPlainCaptions) {
  auto caption = [](const AppState& s, const std::string& name) {
    for (const TensorBox& b : s.derived.canvas.boxes)
      if (steps::TensorName(b.tensor) == name) return b.caption;
    return std::string("(no box)");
  };
  const AppState weight = At(Scene::kWeight, Stage::kDilate);
  EXPECT_EQ(caption(weight, "grad_output_dilated"), "caption.delta_dilated");
  const AppState pad = At(Scene::kInput, Stage::kPad);
  EXPECT_EQ(caption(pad, "grad_output_padded"), "caption.delta_framed");
  const AppState slide = At(Scene::kInput, Stage::kSlide);
  EXPECT_EQ(caption(slide, "grad_input_padded"), "caption.grad_pz_same");
  AppState padded =
      Started({"--input", "1x5x5", "--padding", "1x1", "--scene", "input", "--stage", "crop"});
  EXPECT_EQ(caption(padded, "grad_input_padded"), "caption.grad_pz_cropped");

  EXPECT_EQ(std::string(T(Lang::kEn, "caption.delta_dilated")), "δ with zeros inserted");
  EXPECT_EQ(std::string(T(Lang::kEn, "caption.delta_framed")), "δ with zeros inserted and framed");
  EXPECT_EQ(std::string(T(Lang::kZh, "caption.delta_dilated")), "插入零后的 δ");
  EXPECT_EQ(std::string(T(Lang::kZh, "caption.delta_framed")), "插入零并加边框后的 δ");

  const ConvShape shape = WalkThroughShape();
  const std::string en = Lesson(shape, Scene::kInput, Stage::kPad, Lang::kEn);
  EXPECT_TRUE(Has(en,
                  "pδ (δ with zeros inserted and framed) is δ^{l_{padding}} from part 1 with "
                  "a frame of zeros"))
      << en;
  EXPECT_TRUE(Has(Lesson(shape, Scene::kInput, Stage::kPad, Lang::kZh),
                  "pδ（插入零并加边框后的 δ）就是第 1 部分的 δ^{l_{padding}} 外面再围一圈零"));
  EXPECT_TRUE(Has(Lesson(shape, Scene::kWeight, Stage::kDilate, Lang::kEn),
                  "δ^{l_{padding}}: δ with zeros inserted"));
  EXPECT_TRUE(Has(Lesson(shape, Scene::kInput, Stage::kSlide, Lang::kEn),
                  "the formulas write δ^{l-1}: with p = 0 they are the same array"));
  EXPECT_TRUE(
      Has(Lesson(shape, Scene::kInput, Stage::kSlide, Lang::kZh), "p = 0 时两者是同一个数组"));
  ConvShape with_padding = shape;
  with_padding.p1 = 1;
  const std::string cropped = Lesson(with_padding, Scene::kInput, Stage::kSlide, Lang::kEn);
  EXPECT_TRUE(Has(cropped, "δ^{l-1} is its middle 8×6, cut out in part 5")) << cropped;
  EXPECT_FALSE(Has(cropped, "the same array"));
}

// 3. The input scene's zero insertion is eq 5's array again, and says so —
// in the lesson, on the canvas and in the step notes (convbp-cli steps).
TEST(Clarity, RepeatedZeroInsertionSaysItIsTheSameArray) {
  const AppState s = At(Scene::kInput, Stage::kDilate, 1);
  bool found = false;
  for (const TensorBox& b : s.derived.canvas.boxes)
    found |= b.tensor == steps::TensorId::kGradOutputDilated &&
             b.caption == "caption.delta_dilated_again";
  EXPECT_TRUE(found);
  EXPECT_EQ(s.derived.current.note[0].find("the same δˡᵖᵃᵈᵈⁱⁿᵍ as in eq 5"), 0u)
      << s.derived.current.note[0];
  EXPECT_EQ(s.derived.current.note[1].find("与式 5 中的 δˡᵖᵃᵈᵈⁱⁿᵍ 相同"), 0u)
      << s.derived.current.note[1];
  const ConvShape shape = WalkThroughShape();
  EXPECT_TRUE(Has(Lesson(shape, Scene::kInput, Stage::kDilate, Lang::kEn),
                  "This is the same δ^{l_{padding}} (δ with zeros inserted) as in eq 5"));
  EXPECT_TRUE(Has(Lesson(shape, Scene::kInput, Stage::kDilate, Lang::kZh),
                  "这与式 5（权重梯度）中的 δ^{l_{padding}}（插入零后的 δ）相同"));
  // The weight scene's own zero insertion is not "the same as" anything.
  EXPECT_FALSE(Has(Lesson(shape, Scene::kWeight, Stage::kDilate, Lang::kEn), "same"));
  const AppState w = At(Scene::kWeight, Stage::kDilate, 1);
  EXPECT_EQ(w.derived.current.note[0].find("eq 5"), std::string::npos);
}

// 4. pδ's size comes after both of its parts are explained, as a sum; pz
// is explained where each scene first names it.
TEST(Clarity, ExplainedInTheOrderThingsAppear) {
  const ConvShape shape = WalkThroughShape();
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    const std::string pad = Lesson(shape, Scene::kInput, Stage::kPad, lang);
    const size_t size = pad.find("5 + 2·2 + 1 = 10");
    ASSERT_NE(size, std::string::npos) << pad;
    EXPECT_NE(pad.find("4 + 2·1 + 1 = 7"), std::string::npos) << pad;
    EXPECT_NE(pad.find("10×7"), std::string::npos);
    EXPECT_LT(pad.find("10×7"), std::string::npos);
    EXPECT_GT(pad.find("10×7"), pad.find("ρ = (1, 1)")) << "the size after the remainder";
    EXPECT_GT(size, pad.find("k2−1")) << "the size after the frame";
    EXPECT_EQ(pad.find("9×6"), std::string::npos);
  }
  const std::string defined_en = "here p = 0, so pz is z^{l-1} itself";
  const std::string defined_zh = "这里 p = 0，所以 pz 就是 z^{l-1} 本身";
  // The first stage of each scene that names pz says what it is.
  for (auto [scene, stage] :
       {std::pair{Scene::kForward, Stage::kSlide}, std::pair{Scene::kWeight, Stage::kDilate},
        std::pair{Scene::kInput, Stage::kPad}}) {
    const std::string en = Lesson(shape, scene, stage, Lang::kEn);
    EXPECT_TRUE(Has(en, defined_en)) << en;
    EXPECT_LT(en.find(defined_en), en.find("pz") + 40) << "at its first mention: " << en;
    EXPECT_TRUE(Has(Lesson(shape, scene, stage, Lang::kZh), defined_zh));
  }
  ConvShape padded = shape;
  padded.p1 = 1;
  EXPECT_TRUE(Has(Lesson(padded, Scene::kForward, Stage::kSlide, Lang::kEn),
                  "pz, the padded input (z^{l-1} with 1 zero row above and below and 0 zero "
                  "columns left and right)"));
}

// 5. Eq 5's slide positions: a bracket labelled ∂L/∂W round each slice's
// k1×k2 weight gradients; the hatched ρ positions lie outside, and say so.
TEST(Clarity, NoWeightPositionsLieOutsideTheBracket) {
  const AppState s = At(Scene::kWeight, Stage::kSlide);
  const CanvasModel& m = s.derived.canvas;
  ASSERT_EQ(m.brackets.size(), 6u);  // C_out × C_in slices
  for (const CanvasModel::Bracket& b : m.brackets) {
    EXPECT_EQ(b.label, "∂L/∂W");
    EXPECT_EQ(b.r.w, 2.0f);  // k2
    EXPECT_EQ(b.r.h, 3.0f);  // k1
  }
  int box = -1;
  for (size_t k = 0; k < m.boxes.size(); ++k)
    if (m.boxes[k].tensor == steps::TensorId::kWeightPositions) box = int(k);
  ASSERT_GE(box, 0);
  EXPECT_EQ(m.boxes[size_t(box)].caption, "caption.no_weight");
  int greyed = 0;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    if (m.refs[k].box != box) continue;
    const CellInstance& c = m.cells[k];
    bool inside = false;
    for (const CanvasModel::Bracket& b : m.brackets)
      inside |=
          c.to_x >= b.r.x && c.to_x < b.r.x + b.r.w && c.to_y >= b.r.y && c.to_y < b.r.y + b.r.h;
    // A weight (m < k1, n < k2) inside a bracket; a ρ position outside all.
    const bool weight = m.refs[k].cell.idx[2] < 3 && m.refs[k].cell.idx[3] < 2;
    EXPECT_EQ(inside, weight) << "cell " << k;
    if (int(c.style) == int(CellStyle::kGreyed)) {
      ++greyed;
      EXPECT_FALSE(inside);
    }
  }
  EXPECT_EQ(greyed, 6 * (4 * 3 - 3 * 2));  // (k1+ρ1)(k2+ρ2) − k1·k2 per slice
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    const std::string note = Lesson(WalkThroughShape(), Scene::kWeight, Stage::kSlide, lang);
    EXPECT_TRUE(Has(note, "∂L/∂W")) << note;
    EXPECT_FALSE(Has(note, "greyed")) << note;
    EXPECT_FALSE(Has(note, "灰色")) << note;
  }
}

// 6. The scatter stage shows, per target cell, what it received and its
// running total — never one "sum" of products that land in different cells.
TEST(Clarity, ScatterShowsEachCellsReceiptNotASum) {
  AppState s = At(Scene::kInput, Stage::kScatter, 7);
  const ConvShape& sh = s.problem.shape;
  // ∂L/∂pz replayed by hand up to and including window 7, (c,d,i,j) order.
  Tensor<double> acc(sh.PaddedInputDims());
  const int per_c = sh.c_out * sh.Ho() * sh.Wo();
  for (int k = 0; k <= 7; ++k) {
    const int c = k / per_c, d = (k / (sh.Ho() * sh.Wo())) % sh.c_out;
    const int i = (k / sh.Wo()) % sh.Ho(), j = k % sh.Wo();
    for (int m = 0; m < sh.k1; ++m)
      for (int n = 0; n < sh.k2; ++n)
        acc(c, i * sh.s1 + m, j * sh.s2 + n) +=
            s.results.grad_output(d, i, j) * s.problem.weight(d, c, m, n);
  }
  const std::string numbers = Joined(s.derived.chunks_numbers);
  int receipts = 0;
  for (const FormulaChunk& c : s.derived.chunks_numbers) {
    if (c.term < 0) continue;
    const steps::Term& t = s.derived.window_step.terms[size_t(c.term)];
    const double total = acc(t.target.idx[0], t.target.idx[1], t.target.idx[2]);
    EXPECT_EQ(t.accumulated, total);
    EXPECT_TRUE(Has(c.tex, steps::CellSymbol(t.target, steps::Form::kTex) + " += ")) << c.tex;
    EXPECT_TRUE(Has(c.tex, "→ " + FormatNumber(total, NumberStyle::kTerm))) << c.tex;
    EXPECT_TRUE(Has(ScatterReceipt(t, Lang::kEn), FormatNumber(total, NumberStyle::kTerm)));
    ++receipts;
  }
  EXPECT_EQ(receipts, 6);  // k1·k2 products, each shown with its own cell
  EXPECT_FALSE(Has(numbers, "= " + FormatNumber(s.derived.window_step.sum, NumberStyle::kTerm)))
      << numbers;
  EXPECT_FALSE(Has(T(Lang::kEn, "step.scatter_cells"), "sum ="))
      << "the panel's line replacing 'sum ='";
}

}  // namespace
}  // namespace convbp::app
