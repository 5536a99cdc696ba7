// Writing a Problem<double> back as CASE.json text (what the GUI saves).
// ParseCaseText(CaseToJsonText(p)) gives back p exactly: 17 significant
// digits round-trip every double.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "atomic_file.h"  // WriteFileAtomic, which SaveCaseFile uses
#include "problem.h"

namespace convbp::json {

// Keys in the order input, weight, bias, stride, padding, then grad_output
// (kGivenGrad) or target (kTarget). Precondition: the tensors have the dims
// problem.shape implies (ValidateProblemTensors).
std::string CaseToJsonText(const Problem<double>& problem);

// Writes CaseToJsonText to `path` (via a temporary file and a rename, so a
// failed save leaves the old file intact). Returns "" or one line
// "path: cannot write: reason". No exception escapes.
std::string SaveCaseFile(const std::filesystem::path& path, const Problem<double>& problem);

}  // namespace convbp::json
