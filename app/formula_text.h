// The formula panel's text, in the typesetter's TeX subset (typeset.h):
// the stage's general equation and the current window written out term by
// term. Built once per step change in ApplyPendingChanges, not per frame.
#pragma once

#include <string>
#include <vector>

#include "step.h"

namespace convbp::app {

// e.g. "(8)  \frac{∂L}{∂pz_{c,i,j}} = \sum_{d} \sum_{m=0}^{k_1−1} …".
std::string GeneralEquationTex(steps::Scene scene, steps::Stage stage);

// A cell as a symbol with its indices as a subscript: "pδ_{0,2,3}".
std::string CellTex(const steps::Cell& cell);

// One piece of the written-out window, laid out left to right with wrapping.
struct FormulaChunk {
  std::string tex;
  int term = -1;  // index into the window's terms, −1 for "=", "…", the sum
};

// "target =", then each shown term "a·b +", then "= sum". Long windows show
// the first terms, the ones around `focus_term`, and the last, with "…"
// between. `numbers` writes values instead of cell names.
std::vector<FormulaChunk> WindowChunks(const steps::Step& window, bool numbers, int focus_term,
                                       const steps::Term* focus_value = nullptr);

}  // namespace convbp::app
