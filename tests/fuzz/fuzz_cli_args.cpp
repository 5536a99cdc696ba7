// Fuzzes convbp-cli's whole command line in-process: the dispatcher, every
// subcommand's flag parser and the commands themselves (convbp::cli::Main),
// on an argv made of the fuzz bytes (arguments separated by NUL bytes).
//
// The run happens in a scratch directory holding a few small case files
// (a.json, seed.json, bad.json, empty.json, a directory dir.json), so the
// fuzzer can name real files. Arguments containing '/' are skipped: nothing
// outside the scratch directory is read or written. stdout and std::cerr
// are discarded (sanitizer reports go to the real stderr, fd 2).
//
// Properties: no crash, no sanitizer report, no exception escaping Main,
// and the exit code is one of 0, 1, 2.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <string>
#include <vector>

#include "cli_main.h"
#include "fuzz_check.h"

namespace {

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

std::filesystem::path g_scratch;

void RemoveScratch() {
  std::error_code ec;
  if (!g_scratch.empty()) std::filesystem::remove_all(g_scratch, ec);
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  namespace fs = std::filesystem;
  char scratch[] = "/tmp/convbp-fuzz-cli-XXXXXX";
  if (mkdtemp(scratch) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  g_scratch = scratch;
  std::atexit(RemoveScratch);
  const fs::path data = CONVBP_FUZZ_DATA_DIR;
  fs::copy_file(data / "seed_5x5_k3_s2.case.json", g_scratch / "seed.json");
  fs::copy_file(data / "stride_gt_kernel_with_padding.case.json", g_scratch / "a.json");
  WriteFile(g_scratch / "bad.json", "{\"input\": [[[1, 2]]], \"weight\": [[[[1, 2, 3]]]]}");
  WriteFile(g_scratch / "empty.json", "");
  fs::create_directory(g_scratch / "dir.json");
  if (chdir(scratch) != 0) {
    std::perror("chdir");
    std::abort();
  }
  // Never destroyed: std::cout is flushed after static destructors have run.
  static NullBuffer* const null_buffer = new NullBuffer;
  std::cout.rdbuf(null_buffer);
  std::cerr.rdbuf(null_buffer);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;
  const std::vector<std::string> args = convbp::fuzz::SplitArgs(data, size, 16);
  for (const std::string& a : args)
    if (a.find('/') != std::string::npos) return 0;
  const int code = convbp::cli::Main(args);
  FUZZ_CHECK(code == 0 || code == 1 || code == 2, "exit code 0, 1 or 2");
  std::cout.clear();
  return 0;
}
