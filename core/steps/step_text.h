// The step model as text and JSON lines, and the whole `convbp-cli steps`
// subcommand minus reading the case file, so the CLI only wires it up:
//
//   convbp-cli steps CASE.json --scene S [--stage T] [--from N] [--count [K]]
//                    [--granularity window|mac] [--json] [--lang en|zh]
//
// Without --stage every stage of the scene is listed in order. --from N
// (default 0) and --count K (default: to the end) select steps of each
// listed stage; --count with no number prints just the counts per stage.
// Any step past the end, a stage the scene does not have (crop without
// padding), or an unknown scene/stage/option is an error: exit code 2, one
// line for stderr, nothing for stdout.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "step.h"

namespace convbp::steps {

// Text: the formula with indices substituted, then the note (if any) after
// two spaces in parentheses:
//   δˡ⁻¹[0,2,3] = rot₁₈₀W[0,0,0,0]·pδ[0,2,3] + … = 1.75
// (plain-text notation, kernels as (m,n,c,d); the JSON keeps storage order).
std::string StepTextLine(const Step& step, Lang lang);
// One JSON object (no newline): scene, stage, granularity, index, count,
// window, term, target {tensor, cell}, terms [{a: {tensor, cell, value},
// b: {…}, product[, target, accumulated (scatter)][, window (overlap)]}], sum, bias (forward),
// from/to {tensor, cell, value} (moves), no_weight, formula {indices, numbers}, note.
std::string StepJsonLine(const Step& step, Lang lang);

// "forward/slide  windows 8  MACs 72" / {"scene":…,"stage":…,"windows":8,"macs":72}
std::string CountsTextLine(const ConvShape& shape, Scene scene, Stage stage, Lang lang);
std::string CountsJsonLine(const ConvShape& shape, Scene scene, Stage stage);

struct StepsQuery {
  Scene scene = Scene::kForward;
  std::optional<Stage> stage;
  uint64_t from = 0;
  std::optional<uint64_t> count;  // steps per stage; nullopt: to the end
  bool counts_only = false;       // --count with no number
  Granularity granularity = Granularity::kWindow;
  bool json = false;
  Lang lang = Lang::kEn;
};

// Parses the options after the case path. Returns "" or one error line.
std::string ParseStepsArgs(const std::vector<std::string_view>& args, StepsQuery* query);

// Runs the query against a computed problem. Returns 0 with the lines
// (each ending in '\n') written to `out` as they are made, or 2 with nothing
// written and one line (no newline) in *error: everything is validated
// before the first line.
int RunStepsQuery(const Problem<double>& problem, const Results<double>& results,
                  const StepsQuery& query, std::ostream& out, std::string* error);

}  // namespace convbp::steps
