// Shared by the fuzz targets: a check that aborts (libFuzzer then saves the
// input as a crash) and the splitting of fuzz bytes into an argv.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// Property violated: print why and abort, so the input becomes a finding.
#define FUZZ_CHECK(cond, what)                                                                \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, what, \
                   #cond);                                                                    \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)

namespace convbp::fuzz {

// Fuzz bytes as a command line: arguments separated by NUL bytes, e.g.
// "compute\0a.json\0--route\0fast". At most `max_args` arguments.
inline std::vector<std::string> SplitArgs(const uint8_t* data, size_t size, size_t max_args = 24) {
  std::vector<std::string> args;
  std::string cur;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(std::move(cur));
      cur.clear();
      if (args.size() >= max_args) return args;
    } else {
      cur.push_back(static_cast<char>(data[i]));
    }
  }
  if (size > 0) args.push_back(std::move(cur));
  return args;
}

// True when `line` is one non-empty line (the error convention of both
// executables: one line naming the problem, nothing else).
inline bool IsOneLine(const std::string& line) {
  return !line.empty() && line.find('\n') == std::string::npos &&
         line.find('\r') == std::string::npos;
}

}  // namespace convbp::fuzz
