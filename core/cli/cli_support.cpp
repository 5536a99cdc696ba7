#include "cli_support.h"

#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <utility>

#include "json_text.h"
#include "number_text.h"
#include "transposed.h"

namespace convbp::cli {

const std::string* Args::Value(std::string_view flag) const {
  const auto it = values.find(flag);
  return it == values.end() ? nullptr : &it->second;
}

std::string ParseArgs(std::span<const std::string> argv, std::string_view command,
                      std::span<const FlagSpec> flags, int positionals,
                      std::string_view positional_name, Args& out) {
  const std::string who = "convbp-cli " + std::string(command) + ": ";
  const std::string see = " (see convbp-cli " + std::string(command) + " --help)";
  for (const std::string& a : argv) {
    if (a == "--") break;
    if (a == "-h" || a == "--help") out.help = true;
  }
  if (out.help) return "";
  bool flags_done = false;
  // A word after `--count` that is not a number is read as a positional
  // (`--count CASE.json` is fine); if it turns out to be one too many, the
  // message says what the flag wanted.
  std::map<size_t, std::string> follows_optional;  // positional index → flag
  std::string optional_without_value;              // the flag just before, if so
  for (size_t k = 0; k < argv.size(); ++k) {
    const std::string& a = argv[k];
    if (flags_done || a.size() < 2 || a[0] != '-') {
      if (!optional_without_value.empty())
        follows_optional[out.positional.size()] = optional_without_value;
      optional_without_value.clear();
      out.positional.push_back(a);
      continue;
    }
    optional_without_value.clear();
    if (a == "--") {
      flags_done = true;
      continue;
    }
    const size_t eq = a.find('=');
    const std::string name = a.substr(0, eq);
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& f : flags)
      if (f.name == name) spec = &f;
    if (!spec) return who + "unknown flag " + name + see;
    std::string value;
    const auto all_digits = [](const std::string& t) {
      return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
    };
    if (spec->value == FlagValue::kNone) {
      if (eq != std::string::npos) return who + name + " takes no value" + see;
    } else if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else if (spec->value == FlagValue::kOptionalNumber) {
      if (k + 1 < argv.size() && all_digits(argv[k + 1])) value = argv[++k];
      else optional_without_value = name;
    } else if (k + 1 < argv.size()) {
      value = argv[++k];
    } else {
      return who + name + " needs a value " + std::string(spec->value_name) + see;
    }
    if (!out.values.emplace(name, value).second) return who + name + " given more than once";
  }
  if (static_cast<int>(out.positional.size()) != positionals) {
    if (out.positional.empty()) return who + "missing " + std::string(positional_name) + see;
    for (const auto& [index, flag] : follows_optional)
      if (index < out.positional.size() && static_cast<int>(out.positional.size()) > positionals)
        return who + flag + " '" + out.positional[index] + "': expected a whole number (or " +
               flag + " alone)" + see;
    return who + "expected " + std::to_string(positionals) + " argument (" +
           std::string(positional_name) + ") but got " + std::to_string(out.positional.size()) +
           ": unexpected '" + out.positional.back() + "'" + see;
  }
  return "";
}

std::string ParseNumberFlag(std::string_view command, std::string_view flag,
                            const std::string& text, bool allow_zero, double& out) {
  const std::optional<double> parsed = ParseNumber(text);
  const double v = parsed.value_or(0);
  if (!parsed || !std::isfinite(v) || v < 0 || (!allow_zero && v == 0))
    return "convbp-cli " + std::string(command) + ": " + std::string(flag) + " must be a " +
           (allow_zero ? "finite number ≥ 0" : "finite number > 0") + ", got '" + text + "'";
  out = v;
  return "";
}

std::string ParseRouteFlag(std::string_view command, const Args& args, Route& out) {
  const std::string* v = args.Value("--route");
  out = Route::kFast;
  if (!v) return "";
  static constexpr std::pair<std::string_view, Route> kRoutes[] = {{"direct", Route::kDirect},
                                                                   {"derived", Route::kDerived},
                                                                   {"scatter", Route::kScatter},
                                                                   {"fast", Route::kFast},
                                                                   {"matrix", Route::kMatrix}};
  for (const auto& [name, route] : kRoutes)
    if (*v == name) {
      out = route;
      return "";
    }
  return "convbp-cli " + std::string(command) +
         ": --route must be one of direct, derived, scatter, fast, matrix; got '" + *v + "'";
}

int Fail(std::string_view line) {
  std::cerr << json::SanitizeLine(line) << '\n';
  std::cerr.flush();
  return kExitUsage;
}

SteppedCase StepModelCase(const Problem<double>& p) {
  if (p.shape.mode != ConvMode::kTransposed) return {p, Compute(p)};
  TransposedResults<double> t = ComputeTransposed(p);
  return {std::move(t.adjoint), std::move(t.adjoint_results)};
}

json::CaseLoad LoadCase(const Args& args) { return json::LoadCaseFile(args.positional.at(0)); }

}  // namespace convbp::cli
