#include "formula_text.h"

#include <algorithm>
#include <cstdlib>

#include "i18n.h"
#include "notation.h"
#include "number_text.h"

namespace convbp::app {

using steps::Scene;
using steps::Stage;

namespace {

std::string CellTex(const steps::Cell& cell) { return steps::CellSymbol(cell, steps::Form::kTex); }

// A formula number; a negative factor gets parentheses.
std::string Number(double v) {
  const std::string n = FormatNumber(v, NumberStyle::kTerm);
  return v < 0 ? "(" + n + ")" : n;
}

}  // namespace

std::string TermLineTex(const steps::Term& t) {
  return CellTex(t.a.cell) + "·" + CellTex(t.b.cell) + "  =  " + Number(t.a.value) + "·" +
         Number(t.b.value) + "  =  " + FormatNumber(t.product, NumberStyle::kTerm);
}

std::string MoveLineTex(const steps::Move& m) { return CellTex(m.from) + "  →  " + CellTex(m.to); }

std::string CellValueTex(const steps::Cell& cell, double value) {
  return CellTex(cell) + " = " + FormatNumber(value, NumberStyle::kTerm);
}

std::vector<FormulaChunk> WindowChunks(const steps::Step& w, bool numbers, int focus_term,
                                       const steps::Term* focus_value) {
  std::vector<FormulaChunk> out;
  if (w.is_move) {
    out.push_back(
        {CellTex(w.move.to) + " ← " + (numbers ? Number(w.move.value) : CellTex(w.move.from)), -1});
    return out;
  }
  const bool scatter = w.stage == Stage::kScatter;
  out.push_back({scatter ? std::string(T("formula.scatter_intro")) : CellTex(w.target) + " =", -1});
  // Terms shown: the first 6, ±3 around the focus (the current multiply-add)
  // and the last, with "…" where some are left out. A term past those the
  // step kept (StepOptions::max_terms) is shown only if it is the focus,
  // from `focus_value`.
  const int64_t n = int64_t(w.terms_per_window);
  std::vector<int64_t> picks;
  for (int64_t k = 0; k < std::min<int64_t>(6, n); ++k) picks.push_back(k);
  for (int64_t k = focus_term - 3; focus_term >= 0 && k <= focus_term + 3; ++k)
    if (k >= 0 && k < n) picks.push_back(k);
  if (n > 0) picks.push_back(n - 1);
  std::sort(picks.begin(), picks.end());
  picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
  int64_t previous = -1;
  for (int64_t k : picks) {
    const steps::Term* t = size_t(k) < w.terms.size() ? &w.terms[size_t(k)]
                           : k == focus_term          ? focus_value
                                                      : nullptr;
    if (!t) continue;
    if (k != previous + 1) out.push_back({"…", -1});
    previous = k;
    std::string tex = numbers ? Number(t->a.value) + "·" + Number(t->b.value)
                              : CellTex(t->a.cell) + "·" + CellTex(t->b.cell);
    if (scatter) tex += " → " + CellTex(t->target);
    if (k + 1 < n) tex += scatter ? "," : " +";
    out.push_back({tex, int(k)});
  }
  if (previous != n - 1) out.push_back({"…", -1});
  if (w.has_bias)
    out.push_back(
        {"+ " + (numbers ? Number(w.bias)
                         : CellTex(steps::Cell::Of(steps::TensorId::kBias, w.target.idx[0]))),
         -1});
  if (!scatter) out.push_back({"= " + FormatNumber(w.sum, NumberStyle::kTerm), -1});
  return out;
}

}  // namespace convbp::app
