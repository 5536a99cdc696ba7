// Runs the built convbp-cli as a subprocess (path from CMake) and captures
// its exit code, stdout and stderr; plus a scratch directory per test.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace convbp::testing {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

inline std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteWhole(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh directory under the test temp dir, unique per test and process.
inline std::filesystem::path ScratchDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  for (char& c : name)
    if (c == '/') c = '_';
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   ("convbp_cli_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// stdout and stderr go to files (no pipe can fill up and block the child).
inline CliRun RunCli(const std::vector<std::string>& args) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = (dir / ("convbp_cli_run_" + std::to_string(getpid()) + "_")).string();
  static int counter = 0;
  const std::string n = std::to_string(counter++);
  const std::string out_path = stem + n + ".out", err_path = stem + n + ".err";
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0) _exit(126);
    dup2(in, 0), dup2(out, 1), dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(CONVBP_CLI_PATH)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(CONVBP_CLI_PATH, argv.data());
    _exit(127);
  }
  CliRun r;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
    r.exit_code = WEXITSTATUS(status);
  r.out = ReadWhole(out_path);
  r.err = ReadWhole(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

// The error convention: exit 2, nothing on stdout, exactly one line on
// stderr that contains `needle`.
inline ::testing::AssertionResult IsOneLineError(const CliRun& r, const std::string& needle) {
  auto fail = [&]() {
    return ::testing::AssertionFailure()
           << "exit " << r.exit_code << ", stdout " << r.out.size() << " bytes, stderr:\n"
           << r.err;
  };
  if (r.exit_code != 2) return fail() << "\n(want exit 2)";
  if (!r.out.empty()) return fail() << "\n(want empty stdout)";
  if (r.err.empty() || r.err.back() != '\n' || r.err.find('\n') != r.err.size() - 1)
    return fail() << "\n(want exactly one line on stderr)";
  if (r.err.find(needle) == std::string::npos)
    return fail() << "\n(want it to mention '" << needle << "')";
  return ::testing::AssertionSuccess();
}

}  // namespace convbp::testing
