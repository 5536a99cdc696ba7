// File → Save without the window: builds the problem the app would show for
// the given app flags (InitFromLaunchOptions) and saves it with
// SaveCaseFromUi — the function the File menu's Save calls — printing the
// message the menu would show. For the fault tests, which run it under the
// fault library (fault_shim.cpp).
//   save_case_driver OUT.json [--retry] [APP FLAGS...]
// --retry: after a failed save, lift the fault (unset CONVBP_FAULT_ERRNO)
// and save again, as a user would after freeing space: the app must still
// work. Prints "unchanged" or "changed" after the first attempt (whether
// OUT.json's bytes moved). Exit 0 when the last save succeeded, 1 if not,
// 2 on bad arguments.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "app_state.h"
#include "launch_options.h"

namespace {

std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return in ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string("(missing)");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace convbp::app;
  if (argc < 2) return 2;
  const std::string out = argv[1];
  std::vector<std::string> flags(argv + 2, argv + argc);
  const bool retry = !flags.empty() && flags.front() == "--retry";
  if (retry) flags.erase(flags.begin());
  LaunchOptions options;
  AppState state;
  if (!ParseLaunchOptions(flags, options).empty() || !InitFromLaunchOptions(state, options).empty())
    return 2;
  const std::string before = Contents(out);
  bool saved = SaveCaseFromUi(state, out);
  std::printf("%s\n%s\n", state.files.message.c_str(),
              Contents(out) == before ? "unchanged" : "changed");
  if (!saved && retry) {
    unsetenv("CONVBP_FAULT_ERRNO");
    saved = SaveCaseFromUi(state, out);
    std::printf("%s\n", state.files.message.c_str());
  }
  return saved ? 0 : 1;
}
