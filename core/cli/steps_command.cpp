// convbp-cli steps CASE.json --scene S [--stage T] [--from N] [--count [K]]
//                  [--granularity window|mac] [--json] [--lang en|zh]
// The step model (core/steps) on a case: each step as its formula line or
// as one JSON object per line. All the work is steps::RunStepsQuery; this
// file maps the parsed flags onto it and loads the case.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "results_writer.h"
#include "step_text.h"

namespace convbp::cli {

namespace {

constexpr FlagSpec kFlags[] = {
    {"--scene", "S"},       {"--stage", "T"},
    {"--from", "N"},        {"--count", "K", FlagValue::kOptionalNumber},
    {"--granularity", "G"}, {"--json", "", FlagValue::kNone},
    {"--lang", "L"},
};

}  // namespace

const CommandInfo kStepsInfo = {
    "steps",
    "print the numbered steps (multiply-adds, moves) of a formula",
    "usage: convbp-cli steps CASE.json --scene S [--stage T] [--from N] [--count [K]]\n"
    "                        [--granularity window|mac] [--json] [--lang en|zh]\n"
    "\n"
    "Each formula is a scene made of stages; each stage has numbered steps:\n"
    "  forward  (eq 4)  slide\n"
    "  bias     (eq 6)  sum\n"
    "  weight   (eq 5)  dilate, slide\n"
    "  input    (eq 8)  dilate, pad, rotate, slide, crop (only with padding),\n"
    "                   the alternative view scatter, and overlap (how many\n"
    "                   windows read each input cell)\n"
    "  matrix           product (z = C·pz, a row of C per window) and\n"
    "                   transposed_product (Cᵀ·δ, a column per cell)\n"
    "A window step computes one cell (all its multiply-adds) or moves one cell;\n"
    "a mac step is one multiply-add, with the running sum so far.\n"
    "\n"
    "flags:\n"
    "  --scene S          forward, bias, weight, input or matrix (required)\n"
    "  --stage T          one stage of the scene (default: every stage, in order)\n"
    "  --from N           first step of each listed stage (default 0)\n"
    "  --count K          number of steps of each listed stage (default: to the end)\n"
    "  --count            with no number: print only the step counts per stage\n"
    "  --granularity G    window (default) or mac\n"
    "  --json             one JSON object per line: scene, stage, index, count,\n"
    "                     target {tensor, cell}, terms [{a, b, product}], sum,\n"
    "                     from/to for moves, formula, note\n"
    "  --lang L           en (default) or zh, for the notes\n"
    "  -h, --help         this text\n"
    "\n"
    "Text lines are the formula with indices substituted, e.g.\n"
    "  δˡ⁻¹[0,2,3] = rot₁₈₀W[0,0,0,0]·pδ[0,2,3] + … = 1.75\n"
    "Text writes kernel cells as the formulas do, W[m,n,c,d]; --json keeps\n"
    "PyTorch's storage order, cell [d,c,m,n] (OIHW), like CASE.json.\n"
    "\n"
    "A transposed case (\"mode\": \"transposed\") is stepped as its adjoint\n"
    "conv: the input scene is its forward pass (x in the place of δ), the\n"
    "forward scene its input gradient, the weight scene its weight gradient.\n"
    "\n"
    "Exit 0, or 2 with one line on stderr and nothing on stdout for a bad case,\n"
    "an unknown scene or stage, or steps out of range.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunSteps(const Args& args) {
  // Back to the option list steps::ParseStepsArgs reads.
  std::vector<std::string_view> options;
  for (const auto& [flag, value] : args.values) {
    options.push_back(flag);
    if (flag != "--json" && !(flag == "--count" && value.empty())) options.push_back(value);
  }
  steps::StepsQuery query;
  if (std::string why = steps::ParseStepsArgs(options, &query); !why.empty())
    return Fail("convbp-cli steps: " + why + " (see convbp-cli steps --help)");
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  // A transposed layer's steps are those of its adjoint conv (transposed.h):
  // its input scene is the transposed forward pass, its forward scene ∂L/∂x,
  // its weight scene ∂L/∂W.
  const SteppedCase stepped = StepModelCase(c.problem);
  const Problem<double>& p = stepped.problem;
  const Results<double>& r = stepped.results;
  if (std::string bad = json::FirstNonFinite(r); !bad.empty())
    return Fail(args.positional[0] + ": the values are too large to compute: " + bad);
  std::string error;
  if (steps::RunStepsQuery(p, r, query, std::cout, &error) != 0)
    return Fail("convbp-cli steps: " + error);
  std::cout.flush();
  return kExitOk;
}

}  // namespace convbp::cli
