// Links to a state (app/model/state_link.h): the page's URL and
// `convbp --link` read the same query; a bad parameter is named and the rest
// still loads; the link the app writes opens the same state again.
#include "state_link.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app_state.h"

namespace convbp::app {
namespace {

bool Mentions(const std::vector<std::string>& lines, const std::string& word) {
  for (const std::string& line : lines)
    if (line.find(word) != std::string::npos) return true;
  return false;
}

TEST(StateLink, TheIssuesExampleSetsEveryFlag) {
  LaunchOptions o;
  const auto warnings = ApplyLink(
      "http://127.0.0.1:8765/?input=2x8x6&out-channels=3&kernel=3x2&stride=2x3&padding=1x0"
      "&values=int&seed=2&scene=input&stage=slide&step=20&lang=zh#ignored",
      o);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(o.shape.c_in, 2);
  EXPECT_EQ(o.shape.h, 8);
  EXPECT_EQ(o.shape.w, 6);
  EXPECT_EQ(o.shape.c_out, 3);
  EXPECT_EQ(o.shape.k1, 3);
  EXPECT_EQ(o.shape.k2, 2);
  EXPECT_EQ(o.shape.s1, 2);
  EXPECT_EQ(o.shape.s2, 3);
  EXPECT_EQ(o.shape.p1, 1);
  EXPECT_EQ(o.shape.p2, 0);
  EXPECT_EQ(o.seed, 2u);
  EXPECT_EQ(o.scene, "input");
  EXPECT_EQ(o.stage, "slide");
  ASSERT_TRUE(o.step.has_value());
  EXPECT_EQ(*o.step, 20u);
  EXPECT_EQ(o.lang, "zh");
  EXPECT_TRUE(o.given.contains("--input") && o.given.contains("--lang"));
}

TEST(StateLink, ABadParameterIsNamedAndTheRestLoads) {
  LaunchOptions o;
  const auto warnings = ApplyLink("?input=1x7x7&stride=fast&colour=red&lang=zh", o);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_TRUE(Mentions(warnings, "stride 'fast'"));
  EXPECT_TRUE(Mentions(warnings, "unknown parameter 'colour'"));
  EXPECT_EQ(o.shape.h, 7);
  EXPECT_EQ(o.shape.s1, LaunchOptions().shape.s1);  // the refused value left it alone
  EXPECT_EQ(o.lang, "zh");
}

TEST(StateLink, ALinkNeverWritesFiles) {
  LaunchOptions o;
  const auto warnings = ApplyLink("?screenshot=/tmp/x.png&export=out.gif&size=10x10", o);
  EXPECT_EQ(warnings.size(), 3u);
  EXPECT_TRUE(o.screenshot_path.empty());
  EXPECT_TRUE(o.export_path.empty());
}

TEST(StateLink, PercentCodingRoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += char(c);
  EXPECT_EQ(PercentDecode(PercentEncode(all)), all);
  EXPECT_EQ(PercentDecode("a+b%2Bc%7e%zz%"), "a b+c~%zz%");
  EXPECT_EQ(PercentEncode("1x2 {\"a\"}"), "1x2%20%7B%22a%22%7D");
}

TEST(StateLink, TheAppsLinkOpensTheSameState) {
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions({"--input", "2x8x6", "--out-channels", "3", "--kernel", "3x2",
                                "--stride", "2x3", "--padding", "1x0", "--seed", "2", "--scene",
                                "weight", "--stage", "slide", "--step", "5"},
                               o),
            "");
  AppState a;
  ASSERT_EQ(InitFromLaunchOptions(a, o), "");
  const std::string link = LinkToState(a, "http://host/page/");
  EXPECT_EQ(link.rfind("http://host/page/?input=2x8x6&", 0), 0u) << link;
  LaunchOptions back;
  std::vector<std::string> warnings = ApplyLink(link, back);
  AppState b;
  InitFromLinkOptions(b, back, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(b.problem.shape, a.problem.shape);
  EXPECT_EQ(b.nav.scene, a.nav.scene);
  EXPECT_EQ(b.nav.stage, a.nav.stage);
  EXPECT_EQ(b.nav.step, 5u);
  EXPECT_EQ(b.problem.input.values(), a.problem.input.values());
}

TEST(StateLink, AnEditedProblemTravelsWithItsValues) {
  AppState a;
  ASSERT_EQ(InitFromLaunchOptions(a, LaunchOptions()), "");
  ASSERT_EQ(EditCell(a, steps::Cell::Of(steps::TensorId::kInput, {0, 1, 2}), 0.125), "");
  const std::string link = LinkToState(a, "");
  EXPECT_NE(link.find("case="), std::string::npos);
  EXPECT_EQ(link.find("input="), std::string::npos);  // the shape is in the case
  LaunchOptions back;
  std::vector<std::string> warnings = ApplyLink(link, back);
  AppState b;
  InitFromLinkOptions(b, back, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(b.problem.input(0, 1, 2), 0.125);
  EXPECT_EQ(b.problem.weight.values(), a.problem.weight.values());
}

TEST(StateLink, ABadCaseIsNamed) {
  LaunchOptions o;
  const auto warnings = ApplyLink("?case=%7B%22input%22%3A1%7D&scene=weight", o);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Mentions(warnings, "case")) << warnings.front();
  EXPECT_TRUE(o.case_path.empty());
  EXPECT_EQ(o.scene, "weight");
}

TEST(StateLink, AStepTheStageDoesNotHaveIsDroppedNotFatal) {
  LaunchOptions o;
  std::vector<std::string> warnings = ApplyLink("?scene=input&stage=slide&step=999&lang=zh", o);
  ASSERT_TRUE(warnings.empty());
  AppState s;
  InitFromLinkOptions(s, o, warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Mentions(warnings, "step 999")) << warnings.front();
  EXPECT_EQ(s.nav.stage, steps::Stage::kSlide);  // the stage still applies
  EXPECT_EQ(s.nav.step, 0u);
}

TEST(StateLink, AnImpossibleShapeFallsBackToTheDefaultProblem) {
  LaunchOptions o;
  std::vector<std::string> warnings = ApplyLink("?input=1x2x2&kernel=5x5&scene=weight", o);
  AppState s;
  InitFromLinkOptions(s, o, warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(s.problem.shape, LaunchOptions().shape);
  EXPECT_EQ(s.nav.scene, steps::Scene::kWeight);
}

TEST(StateLink, TheDesktopTakesTheLinkAsAFlag) {
  LaunchOptions o;
  ASSERT_EQ(ParseLaunchOptions({"--link", "http://x/?kernel=2x2&stride=oops", "--lang", "zh"}, o),
            "");
  EXPECT_EQ(o.shape.k1, 2);
  ASSERT_EQ(o.link_warnings.size(), 1u);
  EXPECT_TRUE(Mentions(o.link_warnings, "stride 'oops'"));
  EXPECT_EQ(o.lang, "zh");
}

}  // namespace
}  // namespace convbp::app
