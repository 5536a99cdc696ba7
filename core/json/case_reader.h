// Reading a CASE.json (the format core/README.md describes) into a Problem<double>.
//
// A CASE.json is one object:
//   input [C_in][H][W], weight [C_out][C_in/g][k1][k2] (OIHW), bias [C_out],
//   stride [s1, s2], optional padding [p1, p2] (default 0), optional
//   dilation [D1, D2] (default 1) and groups g (default 1), and at most one of
//   grad_output [C_out][H'][W'] (LossKind::kGivenGrad) or
//   target [C_out][H'][W'] (LossKind::kTarget); neither → kHalfSquare.
// With "mode": "transposed" the case is a ConvTranspose2d: weight
// [C_in][C_out/g][k1][k2] (PyTorch's layout), optional output_padding
// [op1, op2] (< max(s, D)), and the loss tensor has the transposed output's
// size (see ConvShape::TransposedOutH).
//
// Everything else is refused with ONE line naming the file (when read from
// a path), the field and the rule broken, e.g.
//   "case.json: weight[1][0]: expected 3 numbers (k2 from weight[0][0]) but found 2"
//   "case.json: stride[1]: must be an integer ≥ 1, got 0"
// Refused: malformed/truncated/binary JSON or invalid UTF-8, nesting deeper
// than a CASE.json needs, duplicate or unknown keys, wrong nesting, ragged
// lengths, non-numbers (booleans, null, strings), numbers beyond the double
// range, non-integer or out-of-range stride/padding, shapes that
// convbp::ValidateShape rejects, sizes over the caps of shape.h (checked
// before allocating), files over kMaxCaseFileBytes, directories and missing
// or unreadable files. No exception leaves these functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "problem.h"

namespace convbp::json {

inline constexpr std::uintmax_t kMaxCaseFileBytes = std::uintmax_t{256} << 20;  // 256 MiB

struct CaseLoad {
  Problem<double> problem;  // meaningful only when ok()
  std::string error;        // "" on success, otherwise one line
  bool ok() const { return error.empty(); }
};

// Parses CASE.json text. `source` (e.g. the file name) prefixes every error
// as "source: …"; empty means no prefix.
CaseLoad ParseCaseText(std::string_view text, std::string_view source = {});

// Reads and parses the file; errors start with the path as given.
CaseLoad LoadCaseFile(const std::filesystem::path& path);

}  // namespace convbp::json
