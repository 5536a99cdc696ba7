// Shared by the convbp-cli subcommands: flag parsing and the one-line error
// convention (exit 2, one line on stderr, nothing on stdout).
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "case_reader.h"
#include "engine.h"

namespace convbp::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;  // gradcheck: over tolerance
inline constexpr int kExitUsage = 2;        // bad flags, bad case, unreadable file

// How a flag takes its value (Args::values records "" when it has none).
enum class FlagValue {
  kRequired,        // `--name VALUE` or `--name=VALUE`
  kNone,            // a switch: `--name` (steps --json)
  kOptionalNumber,  // `--name [N]`: takes the next argument only if it is
                    // all digits (steps --count [K])
};

// A flag: `--name VALUE` or `--name=VALUE` unless `value` says otherwise.
struct FlagSpec {
  std::string_view name;        // "--eps"
  std::string_view value_name;  // "E", for messages
  FlagValue value = FlagValue::kRequired;
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string, std::less<>> values;  // flag → value
  bool help = false;                                       // -h / --help seen

  const std::string* Value(std::string_view flag) const;
};

// Parses the arguments after the subcommand name. Returns "" or one error
// line (unknown flag, missing value, repeated flag, wrong positional count).
// "--" ends the flags; -h/--help anywhere before it sets `help`.
std::string ParseArgs(std::span<const std::string> argv, std::string_view command,
                      std::span<const FlagSpec> flags, int positionals,
                      std::string_view positional_name, Args& out);

// A finite double from a flag value: > 0, or ≥ 0 when allow_zero.
// Returns "" or the error line.
std::string ParseNumberFlag(std::string_view command, std::string_view flag,
                            const std::string& text, bool allow_zero, double& out);

// --route direct|derived|scatter|fast|matrix (default fast). "" or the error line.
std::string ParseRouteFlag(std::string_view command, const Args& args, Route& out);

// Writes `line` (through json::SanitizeLine, so it stays one clean line) to
// stderr and returns kExitUsage.
int Fail(std::string_view line);

// Loads the case named by the only positional argument; on failure the
// loader's line is the message.
json::CaseLoad LoadCase(const Args& args);

// The problem and results the step model walks: the case's own, or for a
// transposed case those of its adjoint conv (transposed.h), whose input
// scene is the transposed forward pass.
struct SteppedCase {
  Problem<double> problem;
  Results<double> results;
};
SteppedCase StepModelCase(const Problem<double>& problem);

}  // namespace convbp::cli
