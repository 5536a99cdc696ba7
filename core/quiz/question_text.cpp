#include "question_text.h"

#include <algorithm>

#include "notation.h"
#include "number_text.h"

namespace convbp::quiz {

Both BothLangs(QMsg msg, steps::MessageArgs args) {
  return {QMessage(msg, steps::Lang::kEn, args), QMessage(msg, steps::Lang::kZh, args)};
}

Both Same(const std::string& text) { return {text, text}; }

std::string CellText(const steps::Cell& cell) {
  return steps::CellSymbol(cell, steps::Form::kPlain);
}

std::string CellListText(const std::vector<steps::Cell>& cells, size_t max) {
  std::string out;
  for (size_t k = 0; k < cells.size() && k < max; ++k) out += (k ? ", " : "") + CellText(cells[k]);
  if (cells.size() > max) out += ", …";
  return out;
}

std::string IntListText(const std::vector<int>& values) {
  if (values.empty()) return "—";
  std::string out;
  for (size_t k = 0; k < values.size(); ++k) out += (k ? ", " : "") + std::to_string(values[k]);
  return out;
}

std::string NumberText(double value) { return FormatNumber(value, NumberStyle::kTerm); }

bool CellLess(const steps::Cell& a, const steps::Cell& b) {
  if (a.tensor != b.tensor) return a.tensor < b.tensor;
  return std::lexicographical_compare(a.idx.begin(), a.idx.begin() + a.rank, b.idx.begin(),
                                      b.idx.begin() + b.rank);
}

}  // namespace convbp::quiz
