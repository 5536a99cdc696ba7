// The general equation of every stage (eq 4, 5, 6, 8, 9, rotate, dilate,
// pad, scatter), written once. Each is kept in a small markup — the app
// typesetter's TeX subset with tensors named as <machine_name> — and
// rendered either for the app's typesetter (Form::kTex) or as real LaTeX
// (Form::kLatex). Kernels are written W_{m,n,c,d}, as the seed does.
#pragma once

#include <string>
#include <vector>

#include "model.h"
#include "notation.h"

namespace convbp::steps {

// e.g. kTex:   "(4)   z^l_{d,i,j} = \sum_{c}^{C_{in}} … W_{m,n,c,d} · pz_{…} + b_d"
//      kLatex: "z^{l}_{d,i,j} = \sum_{c}^{C_{in}} … W_{m,n,c,d} \cdot pz_{…} + b_d \tag{4}"
// The dilate and pad equations carry their note in `lang`. kPlain is not
// offered: an equation needs a typesetter.
//
// The seed writes the equations for dilation 1 and one group. A dilated
// layer's equations carry m·D where a kernel tap meets an image row (and the
// (k−1)·D frame of eq 8); a grouped layer's sums run over C_in/g (C_out/g)
// channels, with a note saying which. Plain layers keep the seed's form.
struct EquationVariant {
  bool dilated = false;  // D1 or D2 > 1
  bool grouped = false;  // g > 1
  static EquationVariant Of(const ConvShape& shape);
};
std::string GeneralEquation(Scene scene, Stage stage, Form form, Lang lang = Lang::kEn,
                            const EquationVariant& variant = {});
// The two halves of GeneralEquation, for a panel that sets the formula on
// one line and wraps the notes below it: the numbered formula alone, and
// the notes in `lang` (the dilate and pad notes, the group note).
std::string EquationFormula(Scene scene, Stage stage, Form form,
                            const EquationVariant& variant = {});
std::vector<std::string> EquationNotes(Scene scene, Stage stage, Lang lang,
                                       const EquationVariant& variant = {});

// The typesetter's UTF-8 maths as LaTeX: δ → \delta, ∂ → \partial,
// · → \cdot, − → -, ρ → \rho, ° → ^{\circ}, … → \dots, += → \mathrel{+}=.
std::string TexToLatex(std::string_view tex);

}  // namespace convbp::steps
