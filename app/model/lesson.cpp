#include "lesson.h"

#include <string_view>

#include "geometry.h"
#include "matrix/conv_matrix_layout.h"

namespace convbp::app {

using steps::Scene;
using steps::Stage;

namespace {

// Positions of an axis that lie between the taps of every window spanning
// them (Reach::kHole): what dilation leaves unread.
int HoleCount(const SlideAxis& axis) {
  int holes = 0;
  for (int y = 0; y < axis.n_in; ++y) holes += axis.ReachOf(y) == Reach::kHole;
  return holes;
}

}  // namespace

FmtArgs LessonArgs(const ConvShape& s, Lang lang) {
  auto n = [](int v) { return std::to_string(v); };
  // pδ's size as the sum the pad lesson explains: δ^{l_padding}, the k−1
  // frame on both sides, the remainder ρ ("5 + 2·2 + 1").
  auto padded_sum = [&](int dilated, int frame, int rho) {
    return n(dilated) + " + 2·" + n(frame) + " + " + n(rho);
  };
  // One axis per column.
  // clang-format off
  FmtArgs args = {{"s1", n(s.s1)},          {"s2", n(s.s2)},
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
          {"pos1", n(s.WeightPositionsH())}, {"pos2", n(s.WeightPositionsW())},
          {"rowsum", padded_sum(s.DilatedH(), s.K1() - 1, s.rho1())},
          {"colsum", padded_sum(s.DilatedW(), s.K2() - 1, s.rho2())},
          {"D1", n(s.d1)},          {"D2", n(s.d2)},
          {"K1", n(s.K1())},        {"K2", n(s.K2())},
          {"Kframe1", n(s.K1() - 1)}, {"Kframe2", n(s.K2() - 1)},
          {"holes1", n(HoleCount(ForRows(s).slide))}, {"holes2", n(HoleCount(ForCols(s).slide))},
          {"g", n(s.groups)},
          {"cing", n(s.GroupInChannels())}, {"coutg", n(s.GroupOutChannels())},
          // A grouped kernel's third index is c', its place in d's group,
          // as the formulas write it.
          {"Wmncd", s.groups > 1 ? "W_{m,n,c',d}" : "W_{m,n,c,d}"},
          {"Crows", std::to_string(matrix::RowCount(s))},
          {"Ccols", std::to_string(matrix::ColCount(s))},
          {"Centries", std::to_string(matrix::EntriesPerRow(s))}};
  // clang-format on
  // Phrases whose words depend on the shape, filled in themselves: what pz
  // is (where a scene first names it) and how eq 8's ∂L/∂pz relates to δ^{l-1}.
  const auto& phrases = LessonTable(lang).entries;
  auto phrase = [&](const char* key) {
    const auto it = phrases.find(key);
    return it == phrases.end() ? std::string() : Fmt(it->second, args);
  };
  const bool padded = s.p1 > 0 || s.p2 > 0;
  args.emplace_back("pzdef", phrase(padded ? "phrase.pz_padded" : "phrase.pz_same"));
  args.emplace_back("gradpz", phrase(padded ? "phrase.gradpz_cropped" : "phrase.gradpz_same"));
  return args;
}

std::vector<std::string> LessonKeys(const ConvShape& s, Scene scene, Stage stage) {
  std::vector<std::string> keys = {std::string(steps::SceneName(scene)) + "." +
                                   steps::StageName(stage)};
  // Cells no window reads: the remainder at the end, the gaps when s > k.
  auto unread = [&] {
    if (s.rho1() > 0) keys.push_back("note.remainder_rows");
    if (s.rho2() > 0) keys.push_back("note.remainder_cols");
    // Gaps need two neighbouring windows along that axis.
    if (s.s1 > s.k1 && s.Ho() > 1) keys.push_back("note.gap_rows");
    if (s.s2 > s.k2 && s.Wo() > 1) keys.push_back("note.gap_cols");
    if (HoleCount(ForRows(s).slide) > 0) keys.push_back("note.hole_rows");
    if (HoleCount(ForCols(s).slide) > 0) keys.push_back("note.hole_cols");
  };
  const bool dilated = s.d1 > 1 || s.d2 > 1;
  // Dilation and groups change what a window reads: said where it slides.
  if (stage == Stage::kSlide && dilated)
    keys.push_back(scene == Scene::kForward  ? "note.dilation_forward"
                   : scene == Scene::kWeight ? "note.dilation_weight"
                                             : "note.dilation_input");
  if (stage == Stage::kPad && dilated) keys.push_back("note.dilation_pad");
  if ((stage == Stage::kSlide || stage == Stage::kScatter) && s.groups > 1)
    keys.push_back("note.groups");
  switch (stage) {
    case Stage::kDilate:
      if (s.s1 == 1 && s.s2 == 1) keys.push_back("note.stride1");
      break;
    case Stage::kPad:  // the size last, once the frame and ρ are both explained
      if (s.rho1() > 0 || s.rho2() > 0) keys.push_back("note.pad_remainder");
      keys.push_back("note.pad_size");
      break;
    case Stage::kSlide:
      // Positions beyond k1×k2 (k + ρ div D of them per axis) belong to no weight.
      if (scene == Scene::kWeight && (s.WeightPositionsH() > s.k1 || s.WeightPositionsW() > s.k2))
        keys.push_back("note.weight_remainder");
      else unread();
      break;
    case Stage::kCrop: unread(); break;
    case Stage::kProduct:
    case Stage::kTransposedProduct: {
      // Cells no window reads are C's empty columns: said first, then why.
      const size_t before = keys.size();
      unread();
      if (keys.size() > before) keys.insert(keys.begin() + long(before), "note.matrix_empty");
      break;
    }
    case Stage::kScatter:
      if (s.s1 < s.k1) keys.push_back("note.overlap");
      unread();
      if (s.p1 == 0 && s.p2 == 0) keys.push_back("note.no_padding");
      break;
    case Stage::kOverlap: {
      // Uneven overlap along an axis: windows overlap (s ≤ k, s > 1) but k
      // is not a multiple of s, so neighbouring cells get different counts.
      const auto uneven = [](int k, int stride) { return stride > 1 && stride <= k && k % stride; };
      if (!dilated && (uneven(s.k1, s.s1) || uneven(s.k2, s.s2)))
        keys.push_back("note.checkerboard");
      unread();
      break;
    }
    default: break;
  }
  return keys;
}

std::vector<std::string> LessonParagraphs(const ConvShape& shape, Scene scene, Stage stage,
                                          Lang lang) {
  const FmtArgs args = LessonArgs(shape, lang);
  const auto& entries = LessonTable(lang).entries;
  std::vector<std::string> out;
  for (const std::string& key : LessonKeys(shape, scene, stage)) {
    const auto it = entries.find(key);
    if (it != entries.end()) out.push_back(Fmt(it->second, args));
  }
  return out;
}

std::string TransposedLesson(const ConvShape& layer, Lang lang) {
  if (layer.mode != ConvMode::kTransposed) return "";
  const ConvShape a = layer.Adjoint();
  auto n = [](int v) { return std::to_string(v); };
  const auto out = layer.OutputDims();
  const FmtArgs args = {
      {"cin", n(layer.c_in)}, {"H", n(layer.h)},  {"W", n(layer.w)},     {"cout", n(out[0])},
      {"Ho", n(out[1])},      {"Wo", n(out[2])},  {"op1", n(layer.op1)}, {"op2", n(layer.op2)},
      {"ac", n(a.c_in)},      {"ah", n(a.h)},     {"aw", n(a.w)},        {"aco", n(a.c_out)},
      {"aho", n(a.Ho())},     {"awo", n(a.Wo())}, {"rho1", n(a.rho1())}, {"rho2", n(a.rho2())}};
  return TF(lang, "step.transposed_intro", args);
}

namespace {

// Decodes the UTF-8 character at text[k]; sets its byte length.
unsigned CodePoint(std::string_view text, size_t k, size_t& len) {
  const unsigned char c = static_cast<unsigned char>(text[k]);
  len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (k + len > text.size()) return len = 1, c;
  unsigned cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
  for (size_t j = 1; j < len; ++j)
    cp = (cp << 6) | (static_cast<unsigned char>(text[k + j]) & 0x3Fu);
  return cp;
}

bool IsCjk(unsigned cp) { return (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF); }

// Chinese punctuation that may not start a line / may not end one.
bool Closing(unsigned cp) {
  for (unsigned c :
       {0x3001u, 0x3002u, 0xFF0Cu, 0xFF1Au, 0xFF1Bu, 0xFF09u, 0x201Du, 0xFF01u, 0xFF1Fu})
    if (cp == c) return true;
  return false;
}
bool Opening(unsigned cp) { return cp == 0xFF08u || cp == 0x201Cu; }

}  // namespace

std::vector<WrapPiece> WrapPieces(std::string_view text) {
  std::vector<WrapPiece> out;
  bool space = false, glue_next = false;
  int depth = 0;
  auto start = [&] {
    if (glue_next && !out.empty()) {
      glue_next = false;
      return;  // after an opening bracket: keep appending to it
    }
    out.push_back({"", space && !out.empty()});
    space = false;
  };
  bool in_word = false;  // inside a Latin word / TeX group
  for (size_t k = 0; k < text.size();) {
    size_t len = 1;
    const unsigned cp = CodePoint(text, k, len);
    const std::string_view ch = text.substr(k, len);
    k += len;
    if (depth == 0 && (cp == ' ' || cp == '\n')) {
      space = true, in_word = false;
      continue;
    }
    if (cp == '{') ++depth;
    if (cp == '}' && depth > 0) --depth;
    if (depth == 0 && (IsCjk(cp) || Closing(cp) || Opening(cp))) {
      if (Closing(cp) && !out.empty()) {
        out.back().tex += ch;  // stays with the character before
      } else {
        start();
        out.back().tex += ch;
        if (Opening(cp)) glue_next = true;
      }
      in_word = false;
      continue;
    }
    if (!in_word || space) {
      start();
      in_word = true;
    }
    out.back().tex += ch;
  }
  return out;
}

}  // namespace convbp::app
