#include "formula_text.h"

#include <algorithm>
#include <cstdlib>

#include "i18n.h"
#include "notation.h"
#include "number_text.h"
#include "scene_layout.h"
#include "shown_terms.h"

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

std::string ScatterTermTex(const steps::Term& t) {
  return CellTex(t.a.cell) + "·" + CellTex(t.b.cell) + "  =  " +
         FormatNumber(t.product, NumberStyle::kTerm);
}

std::string OverlapTermTex(const steps::Term& t, uint64_t index, int k2, Lang lang) {
  // Terms run over the taps (m, n) row-major.
  const std::string tap =
      "(" + std::to_string(index / uint64_t(k2)) + "," + std::to_string(index % uint64_t(k2)) + ")";
  const std::string window = t.window.tensor == steps::TensorId::kNone
                                 ? std::string(T(lang, "formula.no_window"))
                                 : CellTex(t.window);
  return TF(lang, "formula.overlap_tap", {{"tap", tap}}) + "  " + window + "  →  " +
         FormatNumber(t.product, NumberStyle::kTerm);
}

std::string MoveLineTex(const steps::Move& m) { return CellTex(m.from) + "  →  " + CellTex(m.to); }

std::string CellValueTex(const steps::Cell& cell, double value) {
  return CellTex(cell) + " = " + FormatNumber(value, NumberStyle::kTerm);
}

std::vector<FormulaChunk> WindowChunks(const steps::Step& w, Lang lang, bool numbers,
                                       int focus_term, const steps::Term* focus_value,
                                       bool all_terms) {
  std::vector<FormulaChunk> out;
  if (w.is_move) {
    out.push_back(
        {CellTex(w.move.to) + " ← " + (numbers ? Number(w.move.value) : CellTex(w.move.from)), -1});
    return out;
  }
  if (w.stage == Stage::kOverlap) {
    // N = #(the windows' δ cells) = count, or with numbers 1 + 1 = count;
    // no window: N = 0 (no window). Braces would be the typesetter's groups.
    std::string set, ones;
    for (const steps::Term& t : w.terms) {
      if (t.window.tensor == steps::TensorId::kNone) continue;
      set += (set.empty() ? "" : ", ") + CellTex(t.window);
      ones += ones.empty() ? "1" : " + 1";
    }
    out.push_back({CellTex(w.target) + " =", -1});
    if (ones.empty()) {
      out.push_back({"0  (" + std::string(T(lang, "formula.no_window")) + ")", -1});
      return out;
    }
    out.push_back({numbers ? ones : "#(" + set + ")", -1});
    out.push_back({"= " + FormatNumber(w.sum, NumberStyle::kTerm), -1});
    return out;
  }
  const bool scatter = w.stage == Stage::kScatter;
  out.push_back(
      {scatter ? std::string(T(lang, "formula.scatter_intro")) : CellTex(w.target) + " =", -1});
  // Terms shown: every kept one when asked, otherwise the non-zero products
  // (steps/shown_terms.h) and the current multiply-add; the ones with a
  // zero factor are counted at the end. Only the terms the step kept
  // (StepOptions::max_terms) are known here, plus the focus from
  // `focus_value`; "…" stands for the others.
  const uint64_t n = w.terms_per_window, known = w.terms.size();
  steps::ShownTerms shown;
  if (all_terms) {
    for (uint64_t k = 0; k < known; ++k) shown.indices.push_back(k);
  } else {
    shown = steps::PickShownTermsOf(
        w.stage, known, kShownTerms, [&](uint64_t k) { return w.terms[size_t(k)]; },
        focus_term >= 0 && uint64_t(focus_term) < known ? focus_term : -1);
  }
  // The zero-factor products past the kept terms are counted too (the
  // step counted them while it summed the window), except a focus among
  // them, which is written out.
  uint64_t unknown_nonzero = n - known;
  if (!all_terms) {
    shown.zero_factor += w.left_out_past_kept;
    unknown_nonzero -= w.left_out_past_kept;
  }
  if (focus_term >= 0 && uint64_t(focus_term) >= known && focus_value) {
    shown.indices.push_back(uint64_t(focus_term));
    if (all_terms || !steps::LeftOutOfSum(w.stage, *focus_value)) --unknown_nonzero;
    else --shown.zero_factor;
  }
  // A sum's pieces after the first carry their "+ " in front; a scatter
  // window's list is separated by commas.
  bool first = true;
  auto plus = [&](const std::string& tex) {
    std::string piece = scatter || first ? tex : "+ " + tex;
    first = false;
    return piece;
  };
  int64_t previous = -1;
  for (uint64_t k : shown.indices) {
    const steps::Term& t = k < known ? w.terms[size_t(k)] : *focus_value;
    const bool skipped_unknown = k >= known && int64_t(k) != previous + 1;
    if ((shown.more_nonzero > 0 && k == shown.ellipsis_before) || skipped_unknown)
      out.push_back({plus("…"), -1});
    previous = int64_t(k);
    std::string tex;
    if (scatter && numbers) {
      // What this product adds to its own cell, and that cell's value after.
      tex = CellTex(t.target) + " += " + Number(t.a.value) + "·" + Number(t.b.value) + " → " +
            FormatNumber(t.accumulated, NumberStyle::kTerm);
    } else {
      tex = numbers ? Number(t.a.value) + "·" + Number(t.b.value)
                    : CellTex(t.a.cell) + "·" + CellTex(t.b.cell);
      if (scatter) tex += " → " + CellTex(t.target);
    }
    if (scatter && k + 1 < n) tex += ",";
    out.push_back({plus(tex), int(k)});
  }
  // "…" for the non-zero products past the kept ones that are not written.
  if (unknown_nonzero > 0 && previous + 1 != int64_t(n)) out.push_back({plus("…"), -1});
  if (shown.zero_factor > 0) {  // "+ 7 …", after a scatter's comma-separated list too
    const std::string counted = steps::LeftOutPhrase(shown.zero_factor, w.stage, lang);
    out.push_back({first ? counted : "+ " + counted, -1});
    first = false;
  }
  if (w.has_bias)
    out.push_back(
        {plus(numbers ? Number(w.bias)
                      : CellTex(steps::Cell::Of(steps::TensorId::kBias, w.target.idx[0]))),
         -1});
  if (!scatter) out.push_back({"= " + FormatNumber(w.sum, NumberStyle::kTerm), -1});
  return out;
}

std::string ScatterReceipt(const steps::Term& t, Lang lang) {
  return TF(lang, "step.scatter_receipt",
            {{"cell", steps::CellSymbol(t.target, steps::Form::kPlain)},
             {"total", FormatNumber(t.accumulated, NumberStyle::kTerm)}});
}

std::vector<std::string> EquationPieces(std::string_view tex) {
  static constexpr std::string_view kBreaks[] = {" += ", " = ", " · ", " + ", ",   "};
  std::vector<std::string> pieces;
  size_t start = 0;
  int depth = 0;
  for (size_t k = 0; k < tex.size(); ++k) {
    if (tex[k] == '{') ++depth;
    if (tex[k] == '}') --depth;
    if (depth != 0) continue;
    for (std::string_view sep : kBreaks) {
      if (tex.substr(k, sep.size()) != sep) continue;
      // The piece keeps its separator (less its last space); the next
      // piece starts after it.
      pieces.emplace_back(tex.substr(start, k + sep.size() - 1 - start));
      start = k + sep.size();
      k = start - 1;
      break;
    }
  }
  if (start < tex.size()) pieces.emplace_back(tex.substr(start));
  return pieces;
}

std::vector<std::string> TexWords(std::string_view tex) {
  std::vector<std::string> words;
  std::string word;
  int depth = 0;
  for (char ch : tex) {
    depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
    if (ch == ' ' && depth == 0) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace convbp::app
