// Fuzzes the link parser (convbp::app::ApplyLink) on the fuzz bytes as a
// URL. Properties: every refusal is one line; whatever was accepted is
// within the ranges the app relies on, and a link never asks to write files.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "state_link.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  convbp::app::LaunchOptions options;
  for (const std::string& line : convbp::app::ApplyLink(url, options))
    FUZZ_CHECK(convbp::fuzz::IsOneLine(line), "a refused parameter must give one line");
  FUZZ_CHECK(options.screenshot_path.empty() && options.export_path.empty(),
             "a link never writes files");
  FUZZ_CHECK(std::isfinite(options.progress) && options.progress >= 0 && options.progress <= 1,
             "progress in [0, 1]");
  FUZZ_CHECK(options.case_path.empty() || !options.shape_given,
             "case and a shape parameter are exclusive");
  const std::string decoded = convbp::app::PercentDecode(url);
  FUZZ_CHECK(convbp::app::PercentDecode(convbp::app::PercentEncode(decoded)) == decoded,
             "percent coding round-trips");
  return 0;
}
