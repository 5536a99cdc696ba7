#include "formula_text.h"

#include <algorithm>
#include <cstdlib>

#include "i18n.h"
#include "scene_layout.h"

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
    out.push_back({"+ " + (numbers ? Number(w.bias)
                                   : std::string("b_{") + std::to_string(w.target.idx[0]) + "}"),
                   -1});
  if (!scatter) out.push_back({"= " + steps::FormatNumber(w.sum), -1});
  return out;
}

}  // namespace convbp::app
