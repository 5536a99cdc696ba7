// convbp-cli gradcheck CASE.json [--eps E] [--tol T] [--route R]: the
// analytic gradients of Compute against central finite differences of the
// loss, for every cell of input, weight and bias.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.h"
#include "finite_diff.h"
#include "json_text.h"
#include "results_writer.h"

namespace convbp::cli {

namespace {

constexpr double kDefaultEps = 1e-6;
constexpr double kDefaultTol = 1e-6;
constexpr FlagSpec kFlags[] = {{"--eps", "E"}, {"--tol", "T"}, {"--route", "R"}};

struct TensorCheck {
  const char* name = "";
  size_t cells = 0;
  double max_abs = 0, max_rel = 0;
  std::string worst;  // index of the cell with the largest relative error
};

// Relative error that stays meaningful near zero: |a − f| / max(1, |a|, |f|).
double RelativeError(double a, double f) {
  return std::abs(a - f) / std::max({1.0, std::abs(a), std::abs(f)});
}

TensorCheck CheckTensor(const Problem<double>& p, ParamTensor which, const Tensor<double>& grad,
                        double eps) {
  TensorCheck c;
  c.name = ParamTensorName(which);
  c.cells = grad.size();
  for (size_t k = 0; k < grad.size(); ++k) {
    const double fd = FiniteDifference(p, which, k, eps);
    const double rel = RelativeError(grad[k], fd);
    c.max_abs = std::max(c.max_abs, std::abs(grad[k] - fd));
    if (c.worst.empty() || rel > c.max_rel) {
      c.max_rel = rel;
      c.worst = json::CellIndexText(grad.dims(), k);
    }
  }
  return c;
}

}  // namespace

const CommandInfo kGradcheckInfo = {
    "gradcheck",
    "compare analytic gradients with finite differences (exit 1 if over tol)",
    "usage: convbp-cli gradcheck CASE.json [--eps E] [--tol T] [--route R]\n"
    "\n"
    "For every cell of input, weight and bias, compares the analytic gradient\n"
    "a = dL/dθ (from the chosen route) with the central finite difference\n"
    "f = (L(θ+E) − L(θ−E)) / 2E of the case's loss, and prints per tensor the\n"
    "number of cells, the max absolute error |a − f| and the max relative error\n"
    "|a − f| / max(1, |a|, |f|) (absolute below 1, so cells near 0 do not blow\n"
    "up), with the worst cell.\n"
    "\n"
    "flags:\n"
    "  --eps E     finite-difference step, a finite number > 0 (default 1e-6)\n"
    "  --tol T     pass when every relative error is ≤ T, a finite number ≥ 0\n"
    "              (default 1e-6)\n"
    "  --route R   route for the analytic gradients: direct, derived, scatter\n"
    "              or fast (default)\n"
    "  -h, --help  this text\n"
    "\n"
    "L is linear or quadratic in each parameter, so the central difference has\n"
    "no truncation error; what remains is rounding, about 1e-16·|L|/E.\n"
    "\n"
    "Exit 0 when within tolerance, 1 when not, 2 with one line on stderr for a\n"
    "bad case or flag.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunGradcheck(const Args& args) {
  double eps = kDefaultEps, tol = kDefaultTol;
  Route route;
  std::string why = ParseRouteFlag("gradcheck", args, route);
  if (const std::string* v = args.Value("--eps"); why.empty() && v)
    why = ParseNumberFlag("gradcheck", "--eps", *v, /*allow_zero=*/false, eps);
  if (const std::string* v = args.Value("--tol"); why.empty() && v)
    why = ParseNumberFlag("gradcheck", "--tol", *v, /*allow_zero=*/true, tol);
  if (!why.empty()) return Fail(why);
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  const Problem<double>& p = c.problem;
  // The analytic gradients: of the conv, or of the transposed layer.
  const Tensor<double>*grad_input, *grad_weight, *grad_bias;
  Results<double> r;
  TransposedResults<double> tr;
  std::string bad;
  if (p.shape.mode == ConvMode::kTransposed) {
    tr = ComputeTransposed(p, route);
    bad = json::FirstNonFinite(tr);
    grad_input = &tr.grad_input, grad_weight = &tr.grad_weight, grad_bias = &tr.grad_bias;
  } else {
    r = Compute(p, route);
    bad = json::FirstNonFinite(r);
    grad_input = &r.grad_input, grad_weight = &r.grad_weight, grad_bias = &r.grad_bias;
  }
  if (!bad.empty())
    return Fail(args.positional[0] + ": the values are too large to compute: " + bad);

  const TensorCheck checks[] = {CheckTensor(p, ParamTensor::kInput, *grad_input, eps),
                                CheckTensor(p, ParamTensor::kWeight, *grad_weight, eps),
                                CheckTensor(p, ParamTensor::kBias, *grad_bias, eps)};
  char line[256];
  std::snprintf(line, sizeof line,
                "eps = %g, tol = %g, relative error = |a - f| / max(1, |a|, |f|)\n", eps, tol);
  std::string out = "gradcheck " + args.positional[0] + ": " + line;
  std::snprintf(line, sizeof line, "%-8s %10s %14s %14s  %-16s %s\n", "tensor", "cells",
                "max_abs_err", "max_rel_err", "worst_cell", "result");
  out += line;
  int failed = 0;
  for (const TensorCheck& t : checks) {
    const bool ok = t.max_rel <= tol;
    failed += ok ? 0 : 1;
    std::snprintf(line, sizeof line, "%-8s %10zu %14.3e %14.3e  %-16s %s\n", t.name, t.cells,
                  t.max_abs, t.max_rel, t.worst.c_str(), ok ? "ok" : "FAIL");
    out += line;
  }
  out += failed ? "FAIL: " + std::to_string(failed) + " of 3 tensors over tol\n"
                : std::string("PASS: every cell within tol\n");
  std::cout << out;
  std::cout.flush();
  return failed ? kExitCheckFailed : kExitOk;
}

}  // namespace convbp::cli
