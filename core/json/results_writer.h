// The `compute` JSON: every tensor of convbp::Results as nested arrays
// (weight-shaped ones OIHW), plus shapes and the stride remainders.
#pragma once

#include <iosfwd>
#include <string>

#include "engine.h"

namespace convbp::json {

// One object with keys shapes {input, input_padded, weight, output,
// grad_output_dilated, grad_output_padded}, remainder [ρ1, ρ2], loss,
// output, grad_output, grad_output_dilated, grad_output_padded,
// weight_rot180, grad_weight, grad_bias, grad_input, input_padded,
// grad_input_padded, weight_positions. Doubles carry 17 significant digits;
// a non-finite value is written as null (see FirstNonFinite).
std::string ComputeToJsonText(const ConvShape& shape, const Results<double>& results);
// The same text written to `out` as it is produced.
void WriteComputeJson(std::ostream& out, const ConvShape& shape, const Results<double>& results);

// "" when every value of `results` is finite, otherwise e.g.
// "output[0][1][2] is inf" for the first one that is not.
std::string FirstNonFinite(const Results<double>& results);

}  // namespace convbp::json
