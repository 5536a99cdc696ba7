// The `compute` JSON: every tensor of convbp::Results as nested arrays
// (weight-shaped ones OIHW), plus shapes and the stride remainders.
#pragma once

#include <iosfwd>
#include <string>

#include "engine.h"
#include "transposed.h"

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

// Transposed mode: mode "transposed", shapes {input, weight, output}, loss,
// output, grad_output, grad_input, grad_weight (weight layout
// C_in × C_out/g × k1 × k2), grad_bias, and the eq-8 intermediates of its
// forward pass: input_dilated (x with s−1 zeros inserted), input_framed (that
// framed by K−1 zeros plus output_padding), weight_rot180, and
// output_before_crop (the slide's result, before the crop and the bias).
void WriteTransposedComputeJson(std::ostream& out, const TransposedResults<double>& results);
std::string FirstNonFinite(const TransposedResults<double>& results);

}  // namespace convbp::json
