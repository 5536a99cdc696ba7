// Fuzzes the CASE.json loader (convbp::json::ParseCaseText) on arbitrary bytes.
// Properties beyond "no crash, no sanitizer report":
//   - a refusal is exactly one non-empty line;
//   - an accepted case survives the writer: ParseCaseText(CaseToJsonText(p))
//     is accepted and writes back the same text (the GUI's save/load path).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "case_reader.h"
#include "case_writer.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const convbp::json::CaseLoad load = convbp::json::ParseCaseText(text, "fuzz.json");
  if (!load.ok()) {
    FUZZ_CHECK(convbp::fuzz::IsOneLine(load.error), "a refusal must be one line");
    return 0;
  }
  const std::string written = convbp::json::CaseToJsonText(load.problem);
  const convbp::json::CaseLoad again = convbp::json::ParseCaseText(written);
  FUZZ_CHECK(again.ok(), "the writer's text must load again");
  FUZZ_CHECK(convbp::json::CaseToJsonText(again.problem) == written,
             "load(write(p)) must write the same text");
  return 0;
}
