// convbp-cli: the numeric engine on a CASE.json, for scripts and tests.
//   convbp-cli compute CASE.json     every tensor of the forward/backward pass
//   convbp-cli gradcheck CASE.json   analytic gradients vs finite differences
// Exit codes: 0 ok, 1 gradcheck over tolerance, 2 bad usage or bad case
// (then exactly one line on stderr and nothing on stdout).
#include <iostream>
#include <string>
#include <vector>

#include "cli_main.h"
#include "commands.h"

namespace convbp::cli {
namespace {

struct Command {
  const CommandInfo& info;
  RunFn run;
};

// The dispatch table: one line per subcommand (see commands.h).
const Command kCommands[] = {
    {kComputeInfo, RunCompute}, {kGradcheckInfo, RunGradcheck},   {kStepsInfo, RunSteps},
    {kSnippetInfo, RunSnippet}, {kDerivationInfo, RunDerivation}, {kMatrixInfo, RunMatrix},
    {kQuizInfo, RunQuiz},
};

std::string CommandNames(std::string_view separator = ", ") {
  std::string s;
  for (const Command& c : kCommands)
    s += (s.empty() ? "" : std::string(separator)) + std::string(c.info.name);
  return s;
}

void PrintTopHelp() {
  std::cout << "usage: convbp-cli <command> [flags] CASE.json\n"
               "\n"
               "Runs the convbp engine (one 2-D convolution layer, forward and backward) on a\n"
               "CASE.json: input [C_in][H][W], weight [C_out][C_in][k1][k2], bias [C_out],\n"
               "stride [s1,s2], optional padding [p1,p2], optional grad_output or target\n"
               "[C_out][H'][W'].\n"
               "JSON (CASE.json, --json output) keeps PyTorch's storage order: kernels are\n"
               "OIHW, cell [d,c,m,n]. Text meant for reading writes them as the formulas do,\n"
               "W[m,n,c,d].\n"
               "\ncommands:\n";
  for (const Command& c : kCommands) {
    std::string name(c.info.name);
    name.resize(12, ' ');
    std::cout << "  " << name << c.info.summary << "\n";
  }
  std::cout << "\nRun 'convbp-cli <command> --help' for a command's flags.\n"
               "Exit codes: 0 ok, 1 gradcheck over tolerance, 2 bad usage or bad case (one\n"
               "line on stderr, nothing on stdout).\n";
}

}  // namespace

int Main(const std::vector<std::string>& argv) {
  if (argv.empty())
    return Fail("usage: convbp-cli <" + CommandNames("|") +
                "> [flags] CASE.json (see convbp-cli --help)");
  const std::string& first = argv[0];
  if (first == "-h" || first == "--help") {
    PrintTopHelp();
    return kExitOk;
  }
  for (const Command& c : kCommands) {
    if (first != c.info.name) continue;
    Args args;
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    const std::string why = ParseArgs(rest, c.info.name, c.info.flags, c.info.positionals,
                                      c.info.positional_name, args);
    if (!why.empty()) return Fail(why);
    if (args.help) {
      std::cout << c.info.help;
      return kExitOk;
    }
    return c.run(args);
  }
  const bool flag = first.size() > 1 && first[0] == '-';
  return Fail("convbp-cli: unknown " + std::string(flag ? "flag" : "command") + " '" + first +
              "' (commands: " + CommandNames() + "; see convbp-cli --help)");
}

}  // namespace convbp::cli

#ifndef CONVBP_CLI_NO_MAIN  // the fuzz target (tests/fuzz) calls Main itself
int main(int argc, char** argv) {
  try {
    return convbp::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    return convbp::cli::Fail(std::string("convbp-cli: internal error: ") + e.what());
  }
}
#endif
