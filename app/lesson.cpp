#include "lesson.h"

#include <string_view>

namespace convbp::app {

using steps::Scene;
using steps::Stage;

FmtArgs LessonArgs(const ConvShape& s) {
  auto n = [](int v) { return std::to_string(v); };
  return {{"s1", n(s.s1)},          {"s2", n(s.s2)},
          {"k1", n(s.k1)},          {"k2", n(s.k2)},
          {"p1", n(s.p1)},          {"p2", n(s.p2)},
          {"H", n(s.h)},            {"W", n(s.w)},
          {"cin", n(s.c_in)},       {"cout", n(s.c_out)},
          {"Hp", n(s.Hp())},        {"Wp", n(s.Wp())},
          {"Ho", n(s.Ho())},        {"Wo", n(s.Wo())},
          {"rho1", n(s.rho1())},    {"rho2", n(s.rho2())},
          {"zeros1", n(s.s1 - 1)},  {"zeros2", n(s.s2 - 1)},
          {"frame1", n(s.k1 - 1)},  {"frame2", n(s.k2 - 1)},
          {"gap1", n(s.s1 - s.k1)}, {"gap2", n(s.s2 - s.k2)},
          {"ov1", n(s.k1 - s.s1)},  {"ov2", n(s.k2 - s.s2)},
          {"Hd", n(s.DilatedH())},  {"Wd", n(s.DilatedW())},
          {"Hpd", n(s.PaddedDeltaH())}, {"Wpd", n(s.PaddedDeltaW())},
          {"pos1", n(s.k1 + s.rho1())}, {"pos2", n(s.k2 + s.rho2())}};
}

std::vector<std::string> LessonKeys(const ConvShape& s, Scene scene, Stage stage) {
  std::vector<std::string> keys = {std::string(steps::SceneName(scene)) + "." +
                                   steps::StageName(stage)};
  // Cells no window reads: the remainder at the end, the gaps when s > k.
  auto unread = [&] {
    if (s.rho1() > 0) keys.push_back("note.remainder_rows");
    if (s.rho2() > 0) keys.push_back("note.remainder_cols");
    if (s.s1 > s.k1) keys.push_back("note.gap_rows");
    if (s.s2 > s.k2) keys.push_back("note.gap_cols");
  };
  switch (stage) {
    case Stage::kDilate:
      if (s.s1 == 1 && s.s2 == 1) keys.push_back("note.stride1");
      break;
    case Stage::kPad:
      if (s.rho1() > 0 || s.rho2() > 0) keys.push_back("note.pad_remainder");
      break;
    case Stage::kSlide:
      if (scene == Scene::kWeight && (s.rho1() > 0 || s.rho2() > 0))
        keys.push_back("note.weight_remainder");
      else
        unread();
      break;
    case Stage::kCrop:
      unread();
      break;
    case Stage::kScatter:
      if (s.s1 < s.k1) keys.push_back("note.overlap");
      unread();
      if (s.p1 == 0 && s.p2 == 0) keys.push_back("note.no_padding");
      break;
    default:
      break;
  }
  return keys;
}

std::vector<std::string> LessonParagraphs(const ConvShape& shape, Scene scene, Stage stage,
                                          Lang lang) {
  const FmtArgs args = LessonArgs(shape);
  const auto& entries = LessonTable(lang).entries;
  std::vector<std::string> out;
  for (const std::string& key : LessonKeys(shape, scene, stage)) {
    const auto it = entries.find(key);
    if (it != entries.end()) out.push_back(Fmt(it->second, args));
  }
  return out;
}

}  // namespace convbp::app
