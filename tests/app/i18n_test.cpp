// Translation tables and lesson texts: both languages have the same keys,
// every key the code asks for exists, every key is used, placeholders are
// filled with the layer's numbers, and the font atlas covers every glyph.
#include "i18n.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "app_state.h"
#include "glyph_ranges.h"
#include "lesson.h"

namespace convbp::app {
namespace {

namespace fs = std::filesystem;
using steps::Scene;
using steps::Stage;

std::set<std::string> Keys(const TextTable& t) {
  std::set<std::string> keys;
  for (const auto& [k, v] : t.entries) keys.insert(k);
  return keys;
}

// Every app/ source (model/, ui/, platform/), concatenated.
std::string AppSources() {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CONVBP_SOURCE_DIR) / "app")) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".h") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all += std::string(std::istreambuf_iterator<char>(in), {});
  }
  // A scan that finds no sources would pass every check below vacuously.
  EXPECT_NE(all.find("Rect DrawStepPanel("), std::string::npos) << "app/ sources not found";
  return all;
}

TEST(I18n, TablesParseCleanly) {
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    EXPECT_TRUE(UiTable(lang).errors.empty()) << UiTable(lang).errors.front();
    EXPECT_TRUE(LessonTable(lang).errors.empty()) << LessonTable(lang).errors.front();
    EXPECT_GT(UiTable(lang).entries.size(), 40u);
    for (const auto& [k, v] : UiTable(lang).entries) EXPECT_FALSE(v.empty()) << k;
  }
}

TEST(I18n, EveryKeyInBothLanguages) {
  for (auto table : {&UiTable, &LessonTable}) {
    const std::set<std::string> en = Keys(table(Lang::kEn)), zh = Keys(table(Lang::kZh));
    for (const std::string& k : en) EXPECT_TRUE(zh.contains(k)) << "missing in zh: " << k;
    for (const std::string& k : zh) EXPECT_TRUE(en.contains(k)) << "missing in en: " << k;
  }
}

TEST(I18n, EveryKeyTheCodeUsesExists) {
  const std::string src = AppSources();
  // T(lang, "key"), TL(lang, "key"), TF(lang, "key", …)
  const std::regex use(R"re(\b(?:T|TL|TF|ItemTip)\([\w.:]+,\s*"([a-z_.]+)")re");
  const std::set<std::string> en = Keys(UiTable(Lang::kEn));
  int uses = 0;
  for (auto it = std::sregex_iterator(src.begin(), src.end(), use); it != std::sregex_iterator();
       ++it) {
    ++uses;
    EXPECT_TRUE(en.contains((*it)[1].str())) << "the code uses a key no table has: " << (*it)[1];
  }
  EXPECT_GT(uses, 40);
}

TEST(I18n, EveryKeyIsUsed) {
  const std::string src = AppSources();
  for (const std::string& k : Keys(UiTable(Lang::kEn)))
    EXPECT_NE(src.find("\"" + k + "\""), std::string::npos) << "unused key " << k;
}

TEST(I18n, LookupFollowsTheLanguage) {
  EXPECT_STREQ(T(Lang::kZh, "menu.file"), "文件");
  EXPECT_STREQ(TL(Lang::kZh, "menu.file"), "文件###menu.file");
  EXPECT_STREQ(T(Lang::kEn, "menu.file"), "File");
  EXPECT_STREQ(TL(Lang::kEn, "menu.file"), "File###menu.file");
  EXPECT_STREQ(T(Lang::kEn, "no.such.key"), "?");
  EXPECT_STREQ(TL(Lang::kZh, "no.such.key"), "?");
}

TEST(I18n, FmtFillsPlaceholdersAndPlurals) {
  EXPECT_EQ(Fmt("{n|zero goes|zeros go}", {{"n", "1"}}), "1 zero goes");
  EXPECT_EQ(Fmt("{n|zero goes|zeros go}", {{"n", "3"}}), "3 zeros go");
  EXPECT_EQ(Fmt("{n?is|are}", {{"n", "1"}}), "is");
  EXPECT_EQ(Fmt("z^{l-1} and {x}", {{"x", "7"}}), "z^{l-1} and 7");
  EXPECT_EQ(Fmt("{unclosed", {{"unclosed", "1"}}), "{unclosed");
}

// Every {name} in a lesson is one LessonArgs fills (or math like δ^{l-1}).
TEST(Lessons, PlaceholdersAreKnown) {
  std::set<std::string> known;
  for (const auto& a : LessonArgs(ConvShape{})) known.insert(std::string(a.first));
  const std::regex ph(R"re(([\^_]?)\{([A-Za-z0-9]+)[|?}])re");
  for (Lang lang : {Lang::kEn, Lang::kZh})
    for (const auto& [key, text] : LessonTable(lang).entries)
      for (auto it = std::sregex_iterator(text.begin(), text.end(), ph);
           it != std::sregex_iterator(); ++it)
        if ((*it)[1].str().empty()) {
          EXPECT_TRUE(known.contains((*it)[2].str())) << key << ": {" << (*it)[2] << "}";
        }
}

// Every scene/stage has a lesson, and every lesson key is reachable.
TEST(Lessons, EveryStageHasOneAndEveryNoteIsReachable) {
  std::set<std::string> reached;
  for (int s1 = 1; s1 <= 4; ++s1)
    for (int k1 = 1; k1 <= 4; ++k1)
      for (int h = 4; h <= 7; ++h)
        for (int p = 0; p <= 1; ++p)
          for (int dg = 0; dg < 4; ++dg) {  // dilation 1 or 2 × groups 1 or 2
            ConvShape shape;
            shape.h = shape.w = h, shape.k1 = shape.k2 = k1, shape.s1 = shape.s2 = s1;
            shape.p1 = shape.p2 = p;
            shape.d1 = shape.d2 = 1 + dg % 2;
            shape.c_in = shape.c_out = shape.groups = 1 + dg / 2;
            if (!ValidateShape(shape).empty()) continue;
            for (Scene scene : kWalkScenes)  // the matrix scene (issue 14) too
              for (Stage stage : steps::StagesOf(shape, scene))
                for (Lang lang : {Lang::kEn, Lang::kZh}) {
                  const auto keys = LessonKeys(shape, scene, stage);
                  const auto paragraphs = LessonParagraphs(shape, scene, stage, lang);
                  ASSERT_EQ(keys.size(), paragraphs.size()) << keys.front();
                  reached.insert(keys.begin(), keys.end());
                }
          }
  // Phrases (phrase.*) are not paragraphs: LessonArgs puts them into one.
  for (const std::string& k : Keys(LessonTable(Lang::kEn)))
    if (!k.starts_with("phrase.")) {
      EXPECT_TRUE(reached.contains(k)) << "never shown: " << k;
    }
}

std::string Joined(const ConvShape& shape, Scene scene, Stage stage, Lang lang) {
  std::string all;
  for (const std::string& p : LessonParagraphs(shape, scene, stage, lang)) all += p + "\n";
  return all;
}

TEST(Lessons, LiveNumbers) {
  ConvShape seed;  // 1×5×5, k 3, s 2: ρ = 0
  const std::string dilate = Joined(seed, Scene::kInput, Stage::kDilate, Lang::kEn);
  EXPECT_NE(dilate.find("1 zero goes between neighbouring rows"), std::string::npos) << dilate;
  EXPECT_NE(dilate.find("2×2 becomes 3×3"), std::string::npos) << dilate;
  const std::string pad = Joined(seed, Scene::kInput, Stage::kPad, Lang::kEn);
  EXPECT_NE(pad.find("a frame of 2 zeros"), std::string::npos) << pad;
  EXPECT_NE(Joined(seed, Scene::kInput, Stage::kPad, Lang::kZh).find("上下各补 2 圈零"),
            std::string::npos);
  EXPECT_EQ(Joined(seed, Scene::kInput, Stage::kSlide, Lang::kEn).find("never under a window"),
            std::string::npos);

  ConvShape rem = seed;  // H = W = 6: (6 − 3) mod 2 = 1
  rem.h = rem.w = 6;
  const std::string slide = Joined(rem, Scene::kInput, Stage::kSlide, Lang::kEn);
  EXPECT_NE(slide.find("the last 1 row of pz is never under a window, so its gradient is 0"),
            std::string::npos)
      << slide;
  EXPECT_NE(
      Joined(rem, Scene::kInput, Stage::kSlide, Lang::kZh).find("最后 1 行从未落在任何窗口之下"),
      std::string::npos);
  EXPECT_NE(Joined(rem, Scene::kWeight, Stage::kSlide, Lang::kEn).find("4×4 positions"),
            std::string::npos);
  EXPECT_NE(
      Joined(rem, Scene::kInput, Stage::kPad, Lang::kEn).find("1 extra zero row at the bottom"),
      std::string::npos);

  ConvShape gap = seed;  // s = 4 > k = 2: 2 gap rows
  gap.h = gap.w = 8, gap.k1 = gap.k2 = 2, gap.s1 = gap.s2 = 4;
  const std::string scatter = Joined(gap, Scene::kInput, Stage::kScatter, Lang::kEn);
  EXPECT_NE(scatter.find("2 rows are jumped over"), std::string::npos) << scatter;
  EXPECT_NE(scatter.find("nothing to crop"), std::string::npos) << scatter;
  EXPECT_NE(scatter.find("row i·4, column j·4"), std::string::npos) << scatter;

  ConvShape one = seed;
  one.s1 = one.s2 = 1;
  EXPECT_NE(Joined(one, Scene::kWeight, Stage::kDilate, Lang::kEn).find("nothing is inserted"),
            std::string::npos);
  EXPECT_NE(Joined(one, Scene::kInput, Stage::kScatter, Lang::kEn).find("share 2 rows"),
            std::string::npos);

  // Groups: 4 → 6 channels, g = 2. A window of eq 4 reads the 2 input
  // channels of d's group (2·3·3 numbers), eq 8 sums over the 3 output
  // channels of c's group, and kernels are written W_{m,n,c',d}.
  ConvShape grouped = one;
  grouped.h = grouped.w = 6, grouped.c_in = 4, grouped.c_out = 6, grouped.groups = 2;
  const std::string forward = Joined(grouped, Scene::kForward, Stage::kSlide, Lang::kEn);
  EXPECT_NE(forward.find("the 2×3×3 input numbers"), std::string::npos) << forward;
  EXPECT_NE(Joined(grouped, Scene::kForward, Stage::kSlide, Lang::kZh).find("2×3×3 个输入"),
            std::string::npos);
  const std::string input = Joined(grouped, Scene::kInput, Stage::kSlide, Lang::kEn);
  EXPECT_NE(input.find("sum over the 3 output channels and"), std::string::npos) << input;
  EXPECT_NE(Joined(grouped, Scene::kInput, Stage::kSlide, Lang::kZh).find("对 3 个输出通道"),
            std::string::npos);
  const std::string weight = Joined(grouped, Scene::kWeight, Stage::kSlide, Lang::kEn);
  EXPECT_NE(weight.find("W_{m,n,c',d}"), std::string::npos) << weight;
  EXPECT_EQ(weight.find("W_{m,n,c,d}"), std::string::npos) << weight;
  EXPECT_NE(Joined(seed, Scene::kWeight, Stage::kSlide, Lang::kEn).find("W_{m,n,c,d}"),
            std::string::npos);
}

std::vector<std::string> Texts(const std::vector<WrapPiece>& pieces) {
  std::vector<std::string> out;
  for (const WrapPiece& p : pieces) out.push_back((p.space_before ? " " : "") + p.tex);
  return out;
}

TEST(Lessons, WrapPiecesBreakBetweenWordsAndChineseCharacters) {
  EXPECT_EQ(Texts(WrapPieces("slide W_{k1−1−m, k2−1−n} over pδ.")),
            (std::vector<std::string>{"slide", " W_{k1−1−m, k2−1−n}", " over", " pδ."}));
  // Chinese: one piece per character; "，" and "）" stay with the character
  // before, "（" with the one after; Latin words keep their spaces.
  EXPECT_EQ(
      Texts(WrapPieces("把 δ^l_d 拉开，没有（p = 0）")),
      (std::vector<std::string>{"把", " δ^l_d", " 拉", "开，", "没", "有", "（p", " =", " 0）"}));
  EXPECT_TRUE(WrapPieces("").empty());
  EXPECT_TRUE(WrapPieces("   ").empty());
}

// The atlas is built from kUsedGlyphRanges: every character of the Chinese
// tables must be in it, and the set must stay small (not the CJK block).
TEST(Glyphs, AtlasRangesCoverEveryTable) {
  std::set<unsigned> covered;
  for (const unsigned short* r = kUsedGlyphRanges; r[0]; r += 2)
    for (unsigned c = r[0]; c <= r[1]; ++c) covered.insert(c);
  EXPECT_LT(kUsedGlyphCount, 2000);
  for (Lang lang : {Lang::kEn, Lang::kZh})
    for (std::string_view text : {UiTableText(lang), LessonTableText(lang),
                                  std::string_view(steps::SceneTitle(Scene::kInput, lang)),
                                  std::string_view(steps::StageTitle(Stage::kScatter, lang))}) {
      for (size_t k = 0; k < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[k]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (size_t j = 1; j < len; ++j)
          cp = (cp << 6) | (static_cast<unsigned char>(text[k + j]) & 0x3F);
        if (cp >= 0x80) {
          EXPECT_TRUE(covered.contains(cp)) << "U+" << std::hex << cp;
        }
        k += len;
      }
    }
}

}  // namespace
}  // namespace convbp::app
