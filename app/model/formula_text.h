// The formula panel's text, in the typesetter's TeX subset (typeset.h):
// the stage's general equation and the current window written out term by
// term. Built once per step change in ApplyPendingChanges, not per frame.
#pragma once

#include <string>
#include <vector>

#include "step.h"

namespace convbp::app {

// Symbols, cells and equations come from the core's notation
// (steps::CellSymbol, steps::GeneralEquation with steps::Form::kTex), so
// the panel, the canvas and the CLI write them alike; kernels as W_{m,n,c,d}.

// A term of a window as the term list shows it, for the typesetter:
// "{W}_{0,1,0,0}·{pz}_{0,0,1}  =  0.5·(−1)  =  −0.5".
std::string TermLineTex(const steps::Term& term);
// A move: "{δ^l}_{0,1,1}  →  {pδ}_{0,2,2}".
std::string MoveLineTex(const steps::Move& move);
// A hovered cell and its value: "{pz}_{0,1,2} = 0.25".
std::string CellValueTex(const steps::Cell& cell, double value);

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
