// messages.h: one complete catalogue, placeholders filled, no TeX source in
// any sentence a person reads.
#include "messages.h"

#include <gtest/gtest.h>

#include <string>

#include "lookup.h"
#include "notation.h"

namespace convbp::steps {
namespace {

TEST(Messages, EveryKeyHasBothLanguagesAndNoTexSource) {
  for (int k = 0; k < kMsgCount; ++k)
    for (Lang lang : {Lang::kEn, Lang::kZh}) {
      const std::string text = Message(Msg(k), lang);
      SCOPED_TRACE(std::to_string(k) + ": " + text);
      EXPECT_FALSE(text.empty());
      EXPECT_EQ(text.find("^{"), std::string::npos);
      EXPECT_EQ(text.find("_{"), std::string::npos);
      EXPECT_EQ(text.find('\\'), std::string::npos);
      EXPECT_EQ(text.find("{sym:"), std::string::npos);  // every symbol resolved
    }
  // English and Chinese differ wherever the sentence has words.
  for (int k = 0; k < kMsgCount; ++k) {
    if (Msg(k) == Msg::kTextNote || Msg(k) == Msg::kListSeparator) continue;
    EXPECT_NE(std::string(MessageSource(Msg(k), Lang::kEn)),
              std::string(MessageSource(Msg(k), Lang::kZh)))
        << k;
  }
}

TEST(Messages, PlaceholdersAreFilledAndSymbolsComeFromTheNotation) {
  EXPECT_EQ(Message(Msg::kNoteTermRunningSum, Lang::kEn, {{"k", "2"}, {"n", "4"}}),
            "term 2 of 4; running sum");
  EXPECT_EQ(Message(Msg::kNoteTermRunningSum, Lang::kZh, {{"k", "2"}, {"n", "4"}}),
            "第 2 项（共 4 项）；部分和");
  const std::string frame = ReasonText(Reason::kFrameZero, Lang::kEn);
  EXPECT_NE(frame.find(Symbol(TensorId::kGradOutputDilated, Form::kPlain)), std::string::npos)
      << frame;
  EXPECT_STREQ(SceneTitle(Scene::kInput, Lang::kEn), "Input gradient (eq 8)");
  EXPECT_STREQ(StageTitle(Stage::kDilate, Lang::kZh), "插零");
}

}  // namespace
}  // namespace convbp::steps
