// Fuzzes the convbp app's flag parser (convbp::app::ParseLaunchOptions) on
// an argv made of the fuzz bytes (arguments separated by NUL bytes).
// Properties: a refusal is one line; an accepted set of flags is within the
// ranges the app relies on before it opens a window.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "launch_options.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> args = convbp::fuzz::SplitArgs(data, size);
  convbp::app::LaunchOptions options;
  const std::string error = convbp::app::ParseLaunchOptions(args, options);
  if (!error.empty()) {
    FUZZ_CHECK(convbp::fuzz::IsOneLine(error), "a refused flag must give one line");
    return 0;
  }
  FUZZ_CHECK(options.width >= 1 && options.width <= 16384, "--size width in range");
  FUZZ_CHECK(options.height >= 1 && options.height <= 16384, "--size height in range");
  FUZZ_CHECK(!options.frames || *options.frames >= 1, "--frames ≥ 1");
  FUZZ_CHECK(std::isfinite(options.progress) && options.progress >= 0 && options.progress <= 1,
             "--progress in [0, 1]");
  FUZZ_CHECK(options.case_path.empty() || !options.shape_given,
             "--case and a shape flag are exclusive");
  return 0;
}
