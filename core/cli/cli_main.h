// convbp-cli's dispatcher as a function, so tests/fuzz can run the whole
// command line in-process (main.cpp is built with CONVBP_CLI_NO_MAIN there).
#pragma once

#include <string>
#include <vector>

namespace convbp::cli {

// argv without the program name. Returns the exit code (0, 1 or 2); writes
// to std::cout / std::cerr exactly as the executable does.
int Main(const std::vector<std::string>& argv);

}  // namespace convbp::cli
