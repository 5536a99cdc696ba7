// Numbers ↔ text, in one place. Every number a user or a file reads is
// written by FormatNumber in one of three named styles, and every number a
// user types is read back by ParseNumber.
//
//   kTerm    formulas, term lists, tooltips: %.6g with a real minus sign
//            (U+2212, "−0.5"); −0 prints "0".
//   kExport  files and scripts (JSON, PyTorch/NumPy snippets, LaTeX): ASCII,
//            17 significant digits, so the text reads back to the same
//            double ("%.17g"); the sign of −0 is kept ("-0").
//   kCell    the number inside a canvas cell: as many digits as fit in
//            `max_chars` characters (at most 3 significant digits, integers
//            whole). The sign is never dropped: when even "−1e+09" cannot
//            fit, the answer is "" (no text) rather than a wrong number.
//
// Both directions use the "C" conventions ('.' as the decimal point)
// whatever the process locale says. Floating-point std::to_chars /
// std::from_chars are not used: the web build's libc++ lacks them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace convbp {

enum class NumberStyle { kTerm, kExport, kCell };

// `max_chars` (counted in characters, "−" is one) applies to kCell only.
std::string FormatNumber(double value, NumberStyle style, int max_chars = 8);

// The whole of `text` as a number (strtod's syntax, including "inf" and
// "nan"; no leading spaces or '+'), or nullopt. Overflow gives ±inf.
std::optional<double> ParseNumber(std::string_view text);

}  // namespace convbp
