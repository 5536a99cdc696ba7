#include "formula_text.h"

#include <algorithm>
#include <cstdlib>

#include "i18n.h"
#include "scene_layout.h"
#include "shown_terms.h"

namespace convbp::app {

using steps::Scene;
using steps::Stage;

std::string GeneralEquationTex(Scene scene, Stage stage) {
  switch (stage) {
    case Stage::kDilate:
      return std::string("δ^{l_{padding}}_{d, i·s_1, j·s_2} = δ^l_{d,i,j}     ") +
             T("formula.dilate_note");
    case Stage::kPad:
      return std::string("pδ_{d, u+k_1−1, v+k_2−1} = δ^{l_{padding}}_{d,u,v}     ") +
             T("formula.pad_note");
    case Stage::kRotate: return "rot_{180°}W_{m,n,c,d} = W_{k_1−1−m, k_2−1−n, c, d}";
    case Stage::kCrop: return "(9)   δ^{l−1}_{c,i,j} = \\frac{∂L}{∂pz_{c, i+p_1, j+p_2}}";
    case Stage::kScatter:
      return "\\frac{∂L}{∂pz_{c, i·s_1+m, j·s_2+n}} += δ^l_{d,i,j} · W_{m,n,c,d}";
    case Stage::kSum: return "(6)   \\frac{∂L}{∂b_d} = \\sum_{i} \\sum_{j} δ^l_{d,i,j}";
    case Stage::kSlide: break;
  }
  switch (scene) {
    case Scene::kForward:
      return "(4)   z^l_{d,i,j} = \\sum_{c}^{C_{in}} \\sum_{m=0}^{k_1−1} \\sum_{n=0}^{k_2−1} "
             "W_{m,n,c,d} · pz_{c, i·s_1+m, j·s_2+n} + b_d";
    case Scene::kWeight:
      return "(5)   \\frac{∂L}{∂W_{m,n,c,d}} = \\sum_{i} \\sum_{j} δ^{l_{padding}}_{d, i·s_1, "
             "j·s_2} "
             "· pz_{c, m+i·s_1, n+j·s_2}";
    case Scene::kInput:
      return "(8)   \\frac{∂L}{∂pz_{c,i,j}} = \\sum_{d}^{C_{out}} \\sum_{m=0}^{k_1−1} "
             "\\sum_{n=0}^{k_2−1} rot_{180°}W_{m,n,c,d} · pδ_{d, i+m, j+n}";
    case Scene::kBias: break;
  }
  return "";
}

std::vector<int> SeedOrder(const std::string& tensor, const std::vector<int>& index) {
  const bool kernel_shaped = tensor == "weight" || tensor == "weight_rot180" ||
                             tensor == "grad_weight" || tensor == "weight_positions";
  if (!kernel_shaped || index.size() != 4) return index;
  return {index[2], index[3], index[1], index[0]};  // [d,c,m,n] → (m,n,c,d)
}

namespace {

std::string JoinIndices(const std::vector<int>& index) {
  std::string s;
  for (size_t a = 0; a < index.size(); ++a) {
    if (a) s += ',';
    s += std::to_string(index[a]);
  }
  return s;
}

std::vector<int> IndicesOf(const steps::Cell& cell) {
  return {cell.idx.begin(), cell.idx.begin() + cell.rank};
}

}  // namespace

std::string CellTex(const steps::Cell& cell) {
  if (cell.tensor == steps::TensorId::kOne) return "1";
  // The canvas's symbols are written for the typesetter (δ^{l_{padding}}); an
  // eq-5 position beyond k1×k2 is the step model's P (it belongs to no weight).
  const std::string symbol = cell.tensor == steps::TensorId::kWeightPositions
                                 ? std::string("P")
                                 : TensorSymbol(steps::TensorName(cell.tensor));
  return "{" + symbol + "}_{" +
         JoinIndices(SeedOrder(steps::TensorName(cell.tensor), IndicesOf(cell))) + "}";
}

std::string CellText(const steps::Cell& cell) {
  if (cell.tensor == steps::TensorId::kOne) return "1";
  return std::string(steps::TensorSymbol(cell.tensor)) + "[" +
         JoinIndices(SeedOrder(steps::TensorName(cell.tensor), IndicesOf(cell))) + "]";
}

namespace {

std::string Number(double v) {
  const std::string n = steps::FormatNumber(v);
  return v < 0 ? "(" + n + ")" : n;
}

}  // namespace

std::vector<FormulaChunk> WindowChunks(const steps::Step& w, bool numbers, int focus_term,
                                       const steps::Term* focus_value, bool all_terms) {
  std::vector<FormulaChunk> out;
  if (w.is_move) {
    out.push_back(
        {CellTex(w.move.to) + " ← " + (numbers ? Number(w.move.value) : CellTex(w.move.from)), -1});
    return out;
  }
  const bool scatter = w.stage == Stage::kScatter;
  out.push_back({scatter ? std::string(T("formula.scatter_intro")) : CellTex(w.target) + " =", -1});
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
    shown = steps::PickShownTerms(
        known, kShownTerms, [&](uint64_t k) { return steps::HasZeroFactor(w.terms[size_t(k)]); },
        focus_term >= 0 && uint64_t(focus_term) < known ? focus_term : -1);
  }
  if (focus_term >= 0 && uint64_t(focus_term) >= known && focus_value)
    shown.indices.push_back(uint64_t(focus_term));
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
            steps::FormatNumber(t.accumulated);
    } else {
      tex = numbers ? Number(t.a.value) + "·" + Number(t.b.value)
                    : CellTex(t.a.cell) + "·" + CellTex(t.b.cell);
      if (scatter) tex += " → " + CellTex(t.target);
    }
    if (scatter && k + 1 < n) tex += ",";
    out.push_back({plus(tex), int(k)});
  }
  if (known < n && previous + 1 != int64_t(n)) out.push_back({plus("…"), -1});  // unknown ones
  if (shown.zero_factor > 0)
    out.push_back(
        {plus(steps::ZeroFactorPhrase(shown.zero_factor, w.stage != Stage::kSum, UiLanguage())),
         -1});
  if (w.has_bias)
    out.push_back({plus(numbers ? Number(w.bias)
                                : std::string("b_{") + std::to_string(w.target.idx[0]) + "}"),
                   -1});
  if (!scatter) out.push_back({"= " + steps::FormatNumber(w.sum), -1});
  return out;
}

std::string ScatterReceipt(const steps::Term& t) {
  return TF("step.scatter_receipt",
            {{"cell", CellText(t.target)}, {"total", steps::FormatNumber(t.accumulated)}});
}

}  // namespace convbp::app
