// The formula panel's text, in the typesetter's TeX subset (typeset.h):
// the stage's general equation and the current window written out term by
// term. Built once per step change in ApplyPendingChanges, not per frame.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "step.h"

namespace convbp::app {

// Symbols, cells and equations come from the core's notation
// (steps::CellSymbol, steps::GeneralEquation with steps::Form::kTex), so
// the panel, the canvas and the CLI write them alike; kernels as W_{m,n,c,d}.

// A term of a window as the term list shows it, for the typesetter:
// "{W}_{0,1,0,0}·{pz}_{0,0,1}  =  0.5·(−1)  =  −0.5".
std::string TermLineTex(const steps::Term& term);
// A scatter term without its factors (the receipt beside it says where it
// lands): "{δ^l}_{0,1,1}·W_{0,0,0,0}  =  0.5".
std::string ScatterTermTex(const steps::Term& term);
// An overlap term: the tap (m, n) and the window it belongs to, or none:
// "tap (0,1):  {δ^l}_{0,0,0}  →  1" / "tap (0,2):  no window  →  0".
// `index` is the term's number in the window, k2 the kernel's width.
std::string OverlapTermTex(const steps::Term& term, uint64_t index, int k2, steps::Lang lang);
// A move: "{δ^l}_{0,1,1}  →  {pδ}_{0,2,2}".
std::string MoveLineTex(const steps::Move& move);
// A hovered cell and its value: "{pz}_{0,1,2} = 0.25".
std::string CellValueTex(const steps::Cell& cell, double value);

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
std::vector<FormulaChunk> WindowChunks(const steps::Step& window, steps::Lang lang, bool numbers,
                                       int focus_term, const steps::Term* focus_value = nullptr,
                                       bool all_terms = false);

// A general equation cut where a line may break: after a top-level " = ",
// " · ", " + ", " += " or ",   " (outside every {…} group, so no
// subscript, fraction or sum limit is split); the separator stays at the
// end of its piece, as a hand-written equation continues "= … +" on the
// next line. Joined back together the pieces are `tex` again.
std::vector<std::string> EquationPieces(std::string_view tex);

// `tex` cut at its spaces outside every {…} group: the words a piece of
// text wider than the panel wraps between. Joined with single spaces they
// are `tex` again (runs of spaces become one).
std::vector<std::string> TexWords(std::string_view tex);

// A scatter term's effect in the UI language: the cell it is added to and
// that cell's value after the addition, "→ ∂L/∂pz[0,2,3], now 1.5".
std::string ScatterReceipt(const steps::Term& term, steps::Lang lang);

}  // namespace convbp::app
