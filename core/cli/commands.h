// The subcommands of convbp-cli. Each lives in its own NAME_command.cpp and
// is listed once in kCommands (main.cpp). To add one, e.g. `steps`:
//   1. write steps_command.cpp defining `int RunSteps(const Args&)` and
//      `extern const CommandInfo kStepsInfo`,
//   2. declare both below,
//   3. add `{kStepsInfo, RunSteps},` to kCommands in main.cpp and the file
//      to core/cli/CMakeLists.txt.
#pragma once

#include <span>
#include <string_view>

#include "cli_support.h"

namespace convbp::cli {

// What the dispatcher needs to know before running a command.
struct CommandInfo {
  std::string_view name;
  std::string_view summary;          // one line for `convbp-cli --help`
  std::string_view help;             // full text for `convbp-cli NAME --help`
  std::span<const FlagSpec> flags;   // accepted flags (besides -h/--help)
  int positionals;                   // exact number of positional arguments
  std::string_view positional_name;  // e.g. "CASE.json", for the error line
};

// Runs with already-parsed arguments; returns the exit code (0, 1 or 2).
using RunFn = int (*)(const Args& args);

extern const CommandInfo kComputeInfo;
int RunCompute(const Args& args);

extern const CommandInfo kGradcheckInfo;
int RunGradcheck(const Args& args);

extern const CommandInfo kStepsInfo;
int RunSteps(const Args& args);

extern const CommandInfo kSnippetInfo;
int RunSnippet(const Args& args);

extern const CommandInfo kDerivationInfo;
int RunDerivation(const Args& args);

extern const CommandInfo kMatrixInfo;
int RunMatrix(const Args& args);
extern const CommandInfo kQuizInfo;
int RunQuiz(const Args& args);

}  // namespace convbp::cli
