// Fuzzes the app's settings.json parser (convbp::app::ParseSettings), which
// reads whatever a previous run — or a crash, a full disk, a user's editor —
// left in $XDG_CONFIG_HOME/convbp/settings.json.
// Properties: a refusal leaves the defaults and is one line (it is printed
// as a warning); accepted settings survive SettingsToJson → ParseSettings
// unchanged (what the next run reads back).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "settings.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using convbp::app::Settings;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Settings s;
  s.lang = "zh";  // not the default: a refusal must reset it
  const std::string warning = convbp::app::ParseSettings(text, s);
  if (!warning.empty()) {
    FUZZ_CHECK(convbp::fuzz::IsOneLine(warning), "a refusal must be one line");
    FUZZ_CHECK(convbp::app::SettingsToJson(s) == convbp::app::SettingsToJson(Settings{}),
               "a refusal must leave the defaults");
    return 0;
  }
  const std::string written = convbp::app::SettingsToJson(s);
  Settings again;
  FUZZ_CHECK(convbp::app::ParseSettings(written, again).empty(),
             "what SettingsToJson writes must parse");
  FUZZ_CHECK(convbp::app::SettingsToJson(again) == written,
             "parse(write(s)) must write the same text");
  return 0;
}
