// The lesson text beside the canvas: for the current scene and stage, a
// short explanation in the UI language with the layer's numbers filled in,
// plus notes the shape calls for (stride 1, remainder rows, gap rows, …).
// Texts live in assets/lessons/{en,zh}.txt. No ImGui here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "i18n.h"
#include "shape.h"

namespace convbp::app {

// The placeholders a lesson may use: s1, k1, Hp, Ho, rho1, zeros1 (s1−1),
// frame1 (k1−1), gap1 (s1−k1), Hd (dilated δ), Hpd (pδ), pos1 (k1+ρ1), ov1
// (k1−s1) …, each for both axes; rowsum/colsum (pδ's size as a sum,
// "5 + 2·2 + 1"); and the shape-dependent phrases of the lesson file in
// `lang`: pzdef (what pz is), gradpz (∂L/∂pz against δ^{l-1}).
FmtArgs LessonArgs(const ConvShape& shape, Lang lang = Lang::kEn);

// The lesson keys that apply, main paragraph first ("input.pad",
// "note.pad_remainder", …).
std::vector<std::string> LessonKeys(const ConvShape& shape, steps::Scene scene, steps::Stage stage);

// The paragraphs, filled in.
std::vector<std::string> LessonParagraphs(const ConvShape& shape, steps::Scene scene,
                                          steps::Stage stage, Lang lang);

// A paragraph cut into pieces a line may break between, for the wrapped
// layout beside the canvas: English words (a space before each), single
// Chinese characters (no space), never inside a {…} group, and with Chinese
// punctuation kept on the line of the character before it ("，" never
// starts a line, "（" never ends one).
struct WrapPiece {
  std::string tex;
  bool space_before = false;
};
std::vector<WrapPiece> WrapPieces(std::string_view paragraph);

// For a transposed layer (ConvTranspose2d), the paragraph that says which
// conv it is the input gradient of, and how the canvas's tensors are its
// x and y; "" for a conv.
std::string TransposedLesson(const ConvShape& layer, Lang lang);

}  // namespace convbp::app
