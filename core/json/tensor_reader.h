// Internal to convbp_json: turns one parsed CASE.json field (nested arrays of
// numbers) into a Tensor<double>, checking nesting, lengths and types, and
// the size caps before anything is allocated. Errors are one line that
// starts with the element's path, e.g.
//   "weight[1][0]: expected 3 numbers (k2 from weight[0][0]) but found 2".
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tensor.h"

namespace convbp::json {

// One axis of a field: its name in the notation of core/shape.h and the largest size allowed.
struct Axis {
  const char* name;  // "C_in", "H", "k1", …
  int cap;
};

// "1 number", "3 numbers".
std::string Count(int n, const char* noun);

// "a string", "true", "an array", … for messages.
std::string DescribeJson(const nlohmann::json& j);

// Reads `field` (a JSON value) as a tensor with one dimension per axis.
// Dims come from the first element on each axis ("weight[0][0]" fixes k2),
// are checked against the caps, and their product against
// kMaxTensorElements, before the tensor is allocated. Returns "" or the error.
std::string ReadTensor(const nlohmann::json& value, std::string_view field,
                       std::span<const Axis> axes, Tensor<double>& out);

// Reads `field` as [a, b]: two integers in [lo, hi], named for the message.
std::string ReadIntPair(const nlohmann::json& value, std::string_view field, const char* names,
                        int lo, int hi, int& a, int& b);

}  // namespace convbp::json
