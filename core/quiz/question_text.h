// Small text helpers shared by the question builders and the grader: both
// languages at once, cells and cell lists in plain notation.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model.h"
#include "quiz_messages.h"

namespace convbp::quiz {

using Both = std::array<std::string, 2>;  // [Lang::kEn], [Lang::kZh]

// The message in both languages.
Both BothLangs(QMsg msg, steps::MessageArgs args = {});
// The same text in both languages (formulas: no words).
Both Same(const std::string& text);

// "δˡ[0,1,1]" (kernels as (m,n,c,d)).
std::string CellText(const steps::Cell& cell);
// "a, b, c" — at most `max` cells, then ", …".
std::string CellListText(const std::vector<steps::Cell>& cells, size_t max = 8);
// "0, 2, 4", or "none" when empty.
std::string IntListText(const std::vector<int>& values);
// Number in the formulas' style (%.6g, real minus sign).
std::string NumberText(double value);

// Cells ordered by tensor, then index (storage order).
bool CellLess(const steps::Cell& a, const steps::Cell& b);

}  // namespace convbp::quiz
