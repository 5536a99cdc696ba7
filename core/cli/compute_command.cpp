// convbp-cli compute CASE.json [--route R]: every tensor of the forward and
// backward pass as one JSON object on stdout.
#include <iostream>

#include "commands.h"
#include "results_writer.h"

namespace convbp::cli {

namespace {
constexpr FlagSpec kFlags[] = {{"--route", "R"}};
}  // namespace

const CommandInfo kComputeInfo = {
    "compute",
    "print every tensor of the forward and backward pass as JSON",
    "usage: convbp-cli compute CASE.json [--route direct|derived|scatter|fast|matrix]\n"
    "\n"
    "Prints one JSON object: shapes {input, input_padded, weight, output,\n"
    "grad_output_dilated, grad_output_padded}, remainder [rho1, rho2], loss,\n"
    "output, grad_output, grad_output_dilated, grad_output_padded, weight_rot180,\n"
    "grad_weight, grad_bias, grad_input, input_padded, grad_input_padded and\n"
    "weight_positions. Tensors are nested arrays (weight-shaped ones OIHW);\n"
    "numbers carry 17 significant digits, so they round-trip exactly.\n"
    "A transposed case (\"mode\": \"transposed\") prints mode, shapes {input,\n"
    "weight, output}, loss, output, grad_output, grad_input, grad_weight,\n"
    "grad_bias, input_dilated, input_framed, weight_rot180, output_before_crop.\n"
    "\n"
    "flags:\n"
    "  --route R   which route computes the results: direct (plain loops),\n"
    "              derived (dilate, pad, rotate, correlate), scatter, fast\n"
    "              (shifted GEMM, the default) or matrix (C·vec(pz), Cᵀ·vec(δ):\n"
    "              see convbp-cli matrix). All agree to rounding.\n"
    "  -h, --help  this text\n"
    "\n"
    "Exit 0 on success; 2 with one line on stderr for a bad case or flag.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunCompute(const Args& args) {
  Route route;
  if (std::string why = ParseRouteFlag("compute", args, route); !why.empty()) return Fail(why);
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  if (c.problem.shape.mode == ConvMode::kTransposed) {
    const TransposedResults<double> t = ComputeTransposed(c.problem, route);
    if (std::string bad = json::FirstNonFinite(t); !bad.empty())
      return Fail(args.positional[0] + ": the values are too large to compute: " + bad);
    json::WriteTransposedComputeJson(std::cout, t);
    std::cout.flush();
    return kExitOk;
  }
  const Results<double> r = Compute(c.problem, route);
  if (std::string bad = json::FirstNonFinite(r); !bad.empty())
    return Fail(args.positional[0] + ": the values are too large to compute: " + bad);
  json::WriteComputeJson(std::cout, c.problem.shape, r);
  std::cout.flush();
  return kExitOk;
}

}  // namespace convbp::cli
