// convbp-cli derivation CASE.json --scene S [--stage T] --step N
//                       [--format latex|markdown] [--granularity window|mac]
// One step of the step model as LaTeX or Markdown (core/snippets/derivation.h).
#include <charconv>
#include <iostream>

#include "commands.h"
#include "derivation.h"
#include "results_writer.h"
#include "step.h"

namespace convbp::cli {

namespace {

constexpr FlagSpec kFlags[] = {
    {"--scene", "S"}, {"--stage", "T"}, {"--step", "N"}, {"--format", "F"}, {"--granularity", "G"},
};

int Bad(const std::string& why) {
  return Fail("convbp-cli derivation: " + why + " (see convbp-cli derivation --help)");
}

}  // namespace

const CommandInfo kDerivationInfo = {
    "derivation",
    "print one step's formula, indices and numbers as LaTeX or Markdown",
    "usage: convbp-cli derivation CASE.json --scene S [--stage T] [--step N]\n"
    "                             [--format latex|markdown] [--granularity window|mac]\n"
    "\n"
    "Writes the stage's general formula, then step N with its indices substituted\n"
    "and with its numbers (LaTeX: \\[ … \\] blocks needing only amsmath; Markdown:\n"
    "a heading, $$ … $$ blocks and a table of the terms).\n"
    "\n"
    "flags:\n"
    "  --scene S        forward, bias, weight, input or matrix (required)\n"
    "  --stage T        a stage of the scene (default: its first)\n"
    "  --step N         the step within the stage (default 0)\n"
    "  --format F       latex (default) or markdown\n"
    "  --granularity G  window (default) or mac\n"
    "  -h, --help       this text\n"
    "\n"
    "Exit 0, or 2 with one line on stderr for a bad case, flag or step.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunDerivation(const Args& args) {
  const std::string* scene_name = args.Value("--scene");
  if (!scene_name) return Bad("--scene is required");
  const auto scene = steps::ParseScene(*scene_name);
  if (!scene)
    return Bad("--scene '" + *scene_name + "': expected forward, bias, weight, input or matrix");
  auto format = snippets::DerivationFormat::kLatex;
  if (const std::string* v = args.Value("--format")) {
    const auto f = snippets::ParseDerivationFormat(*v);
    if (!f) return Bad("--format '" + *v + "': expected latex or markdown");
    format = *f;
  }
  auto granularity = steps::Granularity::kWindow;
  if (const std::string* v = args.Value("--granularity")) {
    if (*v == "mac") granularity = steps::Granularity::kMac;
    else if (*v != "window") return Bad("--granularity '" + *v + "': expected window or mac");
  }
  uint64_t index = 0;
  if (const std::string* v = args.Value("--step")) {
    const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), index);
    if (ec != std::errc() || ptr != v->data() + v->size())
      return Bad("--step '" + *v + "': expected a step index ≥ 0");
  }
  std::optional<steps::Stage> stage;
  if (const std::string* v = args.Value("--stage")) {
    stage = steps::ParseStage(*v);
    if (!stage) return Bad("--stage '" + *v + "': unknown stage");
  }
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  // A transposed case is derived as its adjoint conv (see convbp-cli steps).
  const SteppedCase stepped = StepModelCase(c.problem);
  const Problem<double>& p = stepped.problem;
  if (!stage) stage = *steps::StagesOf(p.shape, *scene).begin();
  if (std::string why = steps::CheckStepQuery(p.shape, *scene, *stage, index, granularity);
      !why.empty())
    return Bad(why);
  const Results<double>& r = stepped.results;
  if (std::string bad = json::FirstNonFinite(r); !bad.empty())
    return Fail(args.positional[0] + ": the values are too large to compute: " + bad);
  const steps::Step step = steps::StepAt(p, r, *scene, *stage, index, granularity,
                                         steps::StepOptions{.formulas = false});
  std::cout << snippets::MakeDerivation(p.shape, step, format);
  std::cout.flush();
  return kExitOk;
}

}  // namespace convbp::cli
