// The general equation of every stage (eq 4, 5, 6, 8, 9, rotate, dilate,
// pad, scatter), written once. Each is kept in a small markup — the app
// typesetter's TeX subset with tensors named as <machine_name> — and
// rendered either for the app's typesetter (Form::kTex) or as real LaTeX
// (Form::kLatex). Kernels are written W_{m,n,c,d}, as the seed does.
#pragma once

#include <string>

#include "model.h"
#include "notation.h"

namespace convbp::steps {

// e.g. kTex:   "(4)   z^l_{d,i,j} = \sum_{c}^{C_{in}} … W_{m,n,c,d} · pz_{…} + b_d"
//      kLatex: "z^{l}_{d,i,j} = \sum_{c}^{C_{in}} … W_{m,n,c,d} \cdot pz_{…} + b_d \tag{4}"
// The dilate and pad equations carry their note in `lang`. kPlain is not
// offered: an equation needs a typesetter.
std::string GeneralEquation(Scene scene, Stage stage, Form form, Lang lang = Lang::kEn);

// The typesetter's UTF-8 maths as LaTeX: δ → \delta, ∂ → \partial,
// · → \cdot, − → -, ρ → \rho, ° → ^{\circ}, … → \dots, += → \mathrel{+}=.
std::string TexToLatex(std::string_view tex);

}  // namespace convbp::steps
