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

// Kernel-shaped tensors are stored OIHW, [d,c,m,n], but the formulas write
// W_{m,n,c,d} as the seed does; every label the app shows uses the formula
// order. Other tensors keep their index order.
std::vector<int> SeedOrder(const std::string& tensor, const std::vector<int>& index);

// A cell as a symbol with its indices as a subscript: "pδ_{0,2,3}",
// "W_{m,n,c,d}" order for kernels.
std::string CellTex(const steps::Cell& cell);
// The same in plain text: "W[1,0,0,1]" (m,n,c,d).
std::string CellText(const steps::Cell& cell);

// One piece of the written-out window, laid out left to right with wrapping.
struct FormulaChunk {
  std::string tex;
  int term = -1;  // index into the window's terms, −1 for "=", "…", the sum
};

// Sums longer than this show their non-zero products and count the rest.
inline constexpr int kShownTerms = 6;

// "target =", then each shown term "a·b +", then "= sum". A long window
// shows its products with no zero factor and the current multiply-add
// (`focus_term`), then "+ 7 products with a zero factor"; `all_terms` shows
// every term the step kept. `numbers` writes values instead of cell names;
// a scatter window's numbers say what each cell receives and its value
// after: "∂L/∂pz_{0,2,3} += 2·(−1) → 1.5".
std::vector<FormulaChunk> WindowChunks(const steps::Step& window, bool numbers, int focus_term,
                                       const steps::Term* focus_value = nullptr,
                                       bool all_terms = false);

// A scatter term's effect in the UI language: the cell it is added to and
// that cell's value after the addition, "→ ∂L/∂pz[0,2,3], now 1.5".
std::string ScatterReceipt(const steps::Term& term);

}  // namespace convbp::app
