// Issue 15, the app's half: practice mode. The current stage's targets are
// hidden until answered, a right answer reveals the cell and asks the next,
// a wrong one climbs the hint ladder 1→4, bad input is refused without a
// mark, the score per scene survives the settings, and the whole seed
// example can be walked with the keyboard alone (Tab, typing, Enter) in
// both languages. Every expected value comes from brute-force loops here,
// not from the engine or the quiz.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "canvas_overlay.h"
#include "channel_explorer.h"
#include "null_imgui.h"
#include "settings.h"
#include "started.h"

namespace convbp::app {
namespace {

using steps::Cell;
using steps::Scene;
using steps::Stage;
using steps::TensorId;

// ---- the reference: every target of the seed's walk by brute force (no
// padding, no dilation, one group, as the seed is; δ is the given one)

double Reference(const Problem<double>& p, const Cell& c) {
  const ConvShape& sh = p.shape;
  EXPECT_EQ(sh.p1 + sh.p2, 0);
  EXPECT_EQ(sh.d1 * sh.d2 * sh.groups, 1);
  EXPECT_EQ(p.loss, LossKind::kGivenGrad);
  const Tensor<double>& x = p.input;
  const Tensor<double>& w = p.weight;
  const Tensor<double>& delta = p.loss_tensor;
  const int ho = delta.dim(1), wo = delta.dim(2);
  auto dilated = [&](int d, int u, int v) {
    return u % sh.s1 == 0 && v % sh.s2 == 0 && u / sh.s1 < ho && v / sh.s2 < wo
               ? delta(d, u / sh.s1, v / sh.s2)
               : 0.0;
  };
  const auto& i = c.idx;
  switch (c.tensor) {
    case TensorId::kOutput: {  // z = b + Σ W·x
      double z = p.bias(i[0]);
      for (int ci = 0; ci < sh.c_in; ++ci)
        for (int m = 0; m < sh.k1; ++m)
          for (int n = 0; n < sh.k2; ++n)
            z += w(i[0], ci, m, n) * x(ci, i[1] * sh.s1 + m, i[2] * sh.s2 + n);
      return z;
    }
    case TensorId::kGradBias: {
      double sum = 0;
      for (int a = 0; a < ho; ++a)
        for (int b = 0; b < wo; ++b) sum += delta(i[0], a, b);
      return sum;
    }
    case TensorId::kGradOutputDilated: return dilated(i[0], i[1], i[2]);
    case TensorId::kWeightPositions: {  // Σ_ij δ[d,i,j]·x[c, m+i·s1, n+j·s2]
      double sum = 0;
      for (int a = 0; a < ho; ++a)
        for (int b = 0; b < wo; ++b) {
          const int y = i[2] + a * sh.s1, xx = i[3] + b * sh.s2;
          if (y < sh.h && xx < sh.w) sum += delta(i[0], a, b) * x(i[1], y, xx);
        }
      return sum;
    }
    case TensorId::kGradOutputPadded: return dilated(i[0], i[1] - (sh.k1 - 1), i[2] - (sh.k2 - 1));
    case TensorId::kWeightRot180: return w(i[0], i[1], sh.k1 - 1 - i[2], sh.k2 - 1 - i[3]);
    case TensorId::kGradInputPadded: {  // every window's push: δ[d,i,j]·W[d,c,m,n]
      double sum = 0;
      for (int d = 0; d < sh.c_out; ++d)
        for (int a = 0; a < ho; ++a)
          for (int b = 0; b < wo; ++b) {
            const int m = i[1] - a * sh.s1, n = i[2] - b * sh.s2;
            if (m >= 0 && m < sh.k1 && n >= 0 && n < sh.k2)
              sum += delta(d, a, b) * w(d, i[0], m, n);
          }
      return sum;
    }
    case TensorId::kWindowCount: {  // windows (a, b) with a tap (m, n) on (y, x)
      int count = 0;
      for (int a = 0; a < ho; ++a)
        for (int b = 0; b < wo; ++b)
          for (int m = 0; m < sh.k1; ++m)
            for (int n = 0; n < sh.k2; ++n) count += a * sh.s1 + m == i[1] && b * sh.s2 + n == i[2];
      return count;
    }
    default: ADD_FAILURE() << "no reference for tensor " << steps::TensorName(c.tensor); return 0;
  }
}

void Type(AppState& s, double value) {
  std::snprintf(s.practice.answer, sizeof s.practice.answer, "%.17g", value);
}

AppState Practising() {
  AppState s = Started({});
  SetPractice(s, true);
  ApplyPendingChanges(s);
  return s;
}

// The canvas cells of `tensor` and which of them are blanks.
struct Counted {
  int cells = 0, blank = 0;
};
Counted CountBlanks(const AppState& s, TensorId tensor) {
  Counted n;
  const CanvasModel& m = s.derived.canvas;
  for (size_t k = 0; k < m.cells.size(); ++k) {
    if (m.refs[k].box < 0 || m.refs[k].cell.tensor != tensor) continue;
    ++n.cells;
    if (const CanvasModel::Blank* b = m.BlankAt(k)) {
      ++n.blank;
      EXPECT_EQ(b->label, "?");
      EXPECT_EQ(m.cells[k].value, 0) << "a blank's colour must not give its value away";
      EXPECT_EQ(m.cells[k].shade, 0);
    }
  }
  return n;
}

TEST(Practice, TheStagesTargetsAreHiddenUntilAnswered) {
  AppState s = Practising();
  const ConvShape& sh = s.problem.shape;
  const Counted z = CountBlanks(s, TensorId::kOutput);
  EXPECT_EQ(z.cells, sh.c_out * sh.Ho() * sh.Wo());
  EXPECT_EQ(z.blank, z.cells) << "every z^l cell is a '?' at the start";
  EXPECT_EQ(CountBlanks(s, TensorId::kInputPadded).blank, 0) << "what the student reads stays";
  EXPECT_EQ(CountBlanks(s, TensorId::kWeight).blank, 0);
  EXPECT_TRUE(PracticeHidesStep(s));
  EXPECT_TRUE(s.derived.focus.operands.empty()) << "lighting the window is hint 1, not free";
  // The overlay prints "?" in them and none of their values.
  StartNullImGui({1600, 1000});
  const Rect r{0, 0, 900, 800};
  const CanvasTransform xf = FitCanvas(s.derived.canvas, r.w, r.h, 1, 0, 0);
  int questions = 0;
  for (const CellNumber& n :
       CellNumbers(s.derived.canvas, r, xf, 1, ImGui::GetIO().Fonts->Fonts[0], 16)) {
    if (s.derived.canvas.refs[n.cell].cell.tensor != TensorId::kOutput) continue;
    EXPECT_EQ(n.text, "?");
    ++questions;
  }
  EXPECT_EQ(questions, z.cells);
  ImGui::DestroyContext();
  // Off again: the numbers are back.
  SetPractice(s, false);
  ApplyPendingChanges(s);
  EXPECT_EQ(CountBlanks(s, TensorId::kOutput).blank, 0);
  EXPECT_FALSE(PracticeHidesStep(s));
}

TEST(Practice, ARightAnswerRevealsTheCellAndAsksTheNext) {
  AppState s = Practising();
  const std::optional<Cell> first = CurrentQuestion(s);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, Cell::Of(TensorId::kOutput, 0, 0, 0));
  Type(s, Reference(s.problem, *first));
  EXPECT_EQ(SubmitPractice(s), PracticeResult::kRight);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.practice.tone, PracticeState::Tone::kRight);
  const std::optional<Cell> second = CurrentQuestion(s);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, Cell::Of(TensorId::kOutput, 0, 0, 1)) << "the next window's cell";
  EXPECT_FALSE(IsHiddenCell(s, *first));
  EXPECT_TRUE(IsHiddenCell(s, *second));
  EXPECT_EQ(CountBlanks(s, TensorId::kOutput).blank, CountBlanks(s, TensorId::kOutput).cells - 1);
  EXPECT_EQ(s.practice.scores[size_t(Scene::kForward)], (PracticeScore{1, 1}));
  EXPECT_STREQ(s.practice.answer, "") << "the field is empty for the next question";
  // The rest of the stage: the last answer reveals the last cell too.
  while (PracticeHidesStep(s)) {
    Type(s, Reference(s.problem, *CurrentQuestion(s)));
    ASSERT_EQ(SubmitPractice(s), PracticeResult::kRight);
    ApplyPendingChanges(s);
  }
  EXPECT_TRUE(StageComplete(s));
  EXPECT_EQ(CountBlanks(s, TensorId::kOutput).blank, 0);
  // Enter goes on to the next stage, which starts without the old verdict.
  EXPECT_EQ(SubmitPractice(s), PracticeResult::kNextStage);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.nav.scene, Scene::kBias);
  EXPECT_EQ(s.practice.message, "");
}

// The channel explorer beside the canvas must not give the answer away
// (a student tour found it printing eq 8's sum split by output channel,
// the answer at its end, while the step panel kept it back).
TEST(Practice, TheChannelExplorerKeepsTheAnswersBack) {
  AppState s = Started({"--input", "2x5x5", "--out-channels", "2", "--scene", "input", "--stage",
                        "slide", "--practice"});
  ApplyPendingChanges(s);
  ASSERT_TRUE(PracticeHidesStep(s));
  // There is a split to hide: this window sums over two output channels.
  ASSERT_EQ(SplitByOutputChannel(s.problem.shape, s.derived.window_step).d.size(), 2u);
  EXPECT_TRUE(PracticeHidesChannelSums(s));
  while (PracticeHidesStep(s)) {
    Type(s, Reference(s.problem, *CurrentQuestion(s)));
    ASSERT_EQ(SubmitPractice(s), PracticeResult::kRight);
    ApplyPendingChanges(s);
  }
  EXPECT_FALSE(PracticeHidesChannelSums(s)) << "every answer given: the split may show";
  EXPECT_FALSE(PracticeHidesWeightGradient(s)) << "∂W is not this scene's answer";

  // In the weight scene ∂W is what is asked: its thumbnails stay pale until
  // the stage is done, and come back when practice is switched off.
  AppState w = Started({"--input", "2x5x5", "--out-channels", "2", "--scene", "weight", "--stage",
                        "slide", "--practice"});
  ApplyPendingChanges(w);
  EXPECT_TRUE(PracticeHidesWeightGradient(w));
  SetPractice(w, false);
  ApplyPendingChanges(w);
  EXPECT_FALSE(PracticeHidesWeightGradient(w));
}

TEST(Practice, AWrongAnswerClimbsTheHintLadder) {
  AppState s = Practising();
  const Cell q = *CurrentQuestion(s);
  const double right = Reference(s.problem, q);
  const Hint want[] = {Hint::kCells, Hint::kFormula, Hint::kNumbers, Hint::kRevealed};
  for (int k = 0; k < 4; ++k) {
    Type(s, right + 1);
    EXPECT_EQ(SubmitPractice(s), k < 3 ? PracticeResult::kWrong : PracticeResult::kRevealed);
    ApplyPendingChanges(s);
    EXPECT_EQ(s.practice.hint, want[k]) << "wrong answer " << k + 1;
    EXPECT_EQ(s.practice.tone, PracticeState::Tone::kWrong);
    if (k == 0) {
      EXPECT_FALSE(s.derived.focus.operands.empty()) << "hint 1 lights the cells read";
      ASSERT_TRUE(s.practice.question);
      EXPECT_FALSE(s.practice.question->hints.involved[0].empty());
    }
  }
  // Rung 4 revealed it: answered, no point, the same step still shown.
  EXPECT_FALSE(IsHiddenCell(s, q));
  EXPECT_FALSE(PracticeHidesStep(s));
  EXPECT_EQ(s.practice.scores[size_t(Scene::kForward)], (PracticeScore{1, 0}));
  // The rungs' texts hold no result: the formula's rungs end before "= value".
  const quiz::Hints& h = s.practice.question->hints;
  for (const std::string* rung : {&h.formula[0], &h.terms[0]})
    EXPECT_EQ(rung->find(" = "), rung->rfind(" = ")) << *rung;
  // Enter goes on to the next question, with a fresh ladder.
  EXPECT_EQ(SubmitPractice(s), PracticeResult::kNext);
  ApplyPendingChanges(s);
  EXPECT_EQ(s.practice.hint, Hint::kNone);
  EXPECT_TRUE(PracticeHidesStep(s));
}

TEST(Practice, BadInputIsRefusedWithAMessageAndNotCounted) {
  AppState s = Practising();
  for (const char* bad : {"", "   ", "abc", "1..2", "--3"}) {
    std::strcpy(s.practice.answer, bad);
    EXPECT_EQ(SubmitPractice(s), PracticeResult::kBadInput) << "'" << bad << "'";
    EXPECT_EQ(s.practice.tone, PracticeState::Tone::kBadInput);
    EXPECT_NE(s.practice.message, "") << "a clear message for '" << bad << "'";
    EXPECT_EQ(s.practice.hint, Hint::kNone) << "not a wrong answer";
    EXPECT_EQ(s.practice.wrong, 0);
  }
  EXPECT_EQ(s.practice.scores[size_t(Scene::kForward)], (PracticeScore{}));
  // The app's own minus sign is a minus.
  const double right = Reference(s.problem, *CurrentQuestion(s));
  char typed[64];
  std::snprintf(typed, sizeof typed, "%.17g", right);
  std::string text = typed;
  if (text[0] == '-') text = "\xE2\x88\x92" + text.substr(1);
  std::strcpy(s.practice.answer, text.c_str());
  EXPECT_EQ(SubmitPractice(s), PracticeResult::kRight) << text;
}

TEST(Practice, ClickingAHiddenCellAsksIt) {
  AppState s = Practising();
  const Cell last =
      Cell::Of(TensorId::kOutput, 0, s.problem.shape.Ho() - 1, s.problem.shape.Wo() - 1);
  ASSERT_TRUE(AskCell(s, last));
  ApplyPendingChanges(s);
  EXPECT_EQ(CurrentQuestion(s), last);
  EXPECT_FALSE(AskCell(s, Cell::Of(TensorId::kInputPadded, 0, 0, 0))) << "not a target";
}

TEST(Practice, TheScorePerSceneSurvivesSettings) {
  AppState s = Practising();
  s.practice.scores[size_t(Scene::kForward)] = {4, 3};
  s.practice.scores[size_t(Scene::kInput)] = {25, 20};
  const Settings saved = CaptureSettings(s);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "convbp_practice_settings";
  std::filesystem::remove_all(dir);
  ASSERT_EQ(SaveSettings(dir, saved), "");
  Settings loaded;
  ASSERT_EQ(LoadSettings(dir, loaded), "");
  EXPECT_EQ(loaded.practice_scores[size_t(Scene::kForward)], (PracticeScore{4, 3}));
  EXPECT_EQ(loaded.practice_scores[size_t(Scene::kBias)], (PracticeScore{}));
  EXPECT_EQ(loaded.practice_scores[size_t(Scene::kInput)], (PracticeScore{25, 20}));
  // Restored into a fresh session.
  Session session;
  session.enabled = true;
  session.dir = dir;
  session.settings = loaded;
  AppState t = Started({});
  RestoreSession(session, t, LaunchOptions{});
  EXPECT_EQ(t.practice.scores, s.practice.scores);
  // A score with more first tries than answers is not a score.
  Settings bad;
  EXPECT_NE(ParseSettings(R"({"version": 1, "practice_scores": {"forward": [2, 3]}})", bad), "");
  EXPECT_EQ(ParseSettings(R"({"version": 1, "practice_scores": {"weight": [2, 1]}})", bad), "");
  EXPECT_EQ(bad.practice_scores[size_t(Scene::kWeight)], (PracticeScore{2, 1}));
}

// ---- the keyboard alone, through whole ImGui frames

void StartKeys() {
  StartNullImGui({1600, 1000});
  ImGui::GetIO().KeyMap[ImGuiKey_Tab] = kKeyTab;
}

// A key tapped as the window reports it: queued for HandleKeyboard and down
// for ImGui for one frame.
void Tap(AppState& s, int key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key] = true;
  NullFrame(s, {{key, false}});
  io.KeysDown[key] = false;
  NullFrame(s);
}

// A focus request takes a frame or two to land (ImGui applies it on the
// next frame): true once the answer field has the keys.
bool FieldTakesKeys(AppState& s) {
  for (int k = 0; k < 4 && !s.practice.field_active; ++k) NullFrame(s);
  return s.practice.field_active;
}

TEST(Practice, TabReachesTheAnswerFieldAndEnterSubmits) {
  StartKeys();
  AppState s = Started({});
  NullFrame(s);
  Tap(s, kKeyP);  // practice on: the field takes the keys
  ASSERT_TRUE(s.practice.on);
  EXPECT_TRUE(FieldTakesKeys(s));
  Tap(s, 256);  // Escape leaves the field
  NullFrame(s);
  ASSERT_FALSE(s.practice.field_active);
  NullFrame(s);
  ASSERT_FALSE(s.practice.field_active) << "nothing gives the keys back but Tab";
  Tap(s, kKeyTab);
  EXPECT_TRUE(FieldTakesKeys(s)) << "Tab gives the answer field the keys";
  const Cell q = *CurrentQuestion(s);
  char typed[64];
  std::snprintf(typed, sizeof typed, "%.17g", Reference(s.problem, q));
  ImGui::GetIO().AddInputCharactersUTF8(typed);
  Tap(s, kKeyEnter);
  EXPECT_EQ(s.practice.tone, PracticeState::Tone::kRight) << s.practice.message;
  EXPECT_FALSE(IsHiddenCell(s, q));
  EXPECT_NE(CurrentQuestion(s), q) << "the next one is asked";
  EXPECT_TRUE(FieldTakesKeys(s)) << "and the field has the keys again";
  ImGui::DestroyContext();
}

// The seed's example from the forward pass to eq 8, keyboard only: P, then
// type each hidden cell's value and Enter; Enter again on a finished stage.
void WalkTheSeed(steps::Lang lang) {
  StartKeys();
  AppState s = Started({});
  s.fonts.cjk = true;  // what the window's font loader reports when it finds one
  SetLanguage(s, lang);
  NullFrame(s);
  Tap(s, kKeyP);
  std::vector<std::pair<Scene, Stage>> visited;
  int answers = 0;
  for (int guard = 0; guard < 400; ++guard) {
    if (visited.empty() || visited.back() != std::make_pair(s.nav.scene, s.nav.stage))
      visited.push_back({s.nav.scene, s.nav.stage});
    if (s.practice.tone == PracticeState::Tone::kInfo) break;  // the walk is done
    ASSERT_TRUE(FieldTakesKeys(s));
    if (PracticeHidesStep(s)) {
      char typed[64];
      std::snprintf(typed, sizeof typed, "%.17g", Reference(s.problem, *CurrentQuestion(s)));
      ImGui::GetIO().AddInputCharactersUTF8(typed);
      ++answers;
    }
    Tap(s, kKeyEnter);
    ASSERT_NE(s.practice.tone, PracticeState::Tone::kWrong) << s.practice.message;
    ASSERT_NE(s.practice.tone, PracticeState::Tone::kBadInput) << s.practice.message;
  }
  EXPECT_EQ(s.practice.message, T(lang, "practice.walk_done"));
  // Every stage of the walk, in order, from the forward pass to eq 8.
  std::vector<std::pair<Scene, Stage>> order;
  int asked = 0;
  std::array<int, steps::kSceneCount> per_scene{};
  for (Scene sc : kWalkScenes)
    for (Stage st : steps::StagesOf(s.problem.shape, sc)) {
      order.push_back({sc, st});
      if (st == Stage::kScatter) continue;
      const int n = int(steps::WindowCount(s.problem.shape, sc, st));
      asked += n;
      per_scene[size_t(sc)] += n;
    }
  EXPECT_EQ(visited, order);
  EXPECT_EQ(answers, asked) << "one typed answer per target cell";
  for (int k = 0; k < steps::kSceneCount; ++k)
    EXPECT_EQ(s.practice.scores[size_t(k)],
              (PracticeScore{per_scene[size_t(k)], per_scene[size_t(k)]}))
        << "scene " << k;
  ImGui::DestroyContext();
}

TEST(Practice, TheSeedWalksToEq8WithTheKeyboardInEnglish) { WalkTheSeed(steps::Lang::kEn); }
TEST(Practice, TheSeedWalksToEq8WithTheKeyboardInChinese) { WalkTheSeed(steps::Lang::kZh); }

}  // namespace
}  // namespace convbp::app
