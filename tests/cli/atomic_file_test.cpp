// core/json/atomic_file: the temporary-file-and-rename save and the sweep of
// temporary files that killed writers left behind. (What happens when the
// process is killed mid-save or the disk is full is tested on the real app:
// tests/faults.)
#include "atomic_file.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "cli_run.h"

namespace convbp::json {
namespace {

namespace fs = std::filesystem;
using testing::ReadWhole;
using testing::ScratchDir;
using testing::WriteWhole;

std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// The id of a process that has exited and been reaped: no process runs
// with it (until the kernel hands it out again, which takes a full cycle).
pid_t DeadPid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

TEST(AtomicFile, ReplacesTheFileAndLeavesNothingElse) {
  const fs::path dir = ScratchDir();
  ASSERT_EQ(WriteFileAtomic(dir / "a.json", "old"), "");
  ASSERT_EQ(WriteFileAtomic(dir / "a.json", "new contents"), "");
  EXPECT_EQ(ReadWhole(dir / "a.json"), "new contents");
  EXPECT_EQ(Listing(dir), std::set<std::string>{"a.json"});
}

TEST(AtomicFile, TempNameCarriesThisProcessId) {
  EXPECT_EQ(TempPathFor("/x/settings.json"),
            fs::path("/x/settings.json.convbp-tmp-" + std::to_string(getpid())));
}

TEST(AtomicFile, FailureNamesThePathAndTheReasonAndKeepsTheOldFile) {
  const fs::path dir = ScratchDir();
  // A directory where the file should go: rename cannot replace it.
  fs::create_directory(dir / "taken.json");
  const std::string why = WriteFileAtomic(dir / "taken.json", "text");
  EXPECT_EQ(why.rfind((dir / "taken.json").string() + ": cannot write: ", 0), 0u) << why;
  EXPECT_NE(why.find("s a directory"), std::string::npos) << why;
  EXPECT_EQ(Listing(dir), std::set<std::string>{"taken.json"}) << "no temporary file left";
  // A missing directory: the system's reason, one line.
  const std::string missing = WriteFileAtomic(dir / "no" / "x.json", "text");
  EXPECT_NE(missing.find("No such file or directory"), std::string::npos) << missing;
  EXPECT_EQ(missing.find('\n'), std::string::npos);
}

TEST(AtomicFile, SweepRemovesOnlyDeadWritersTemporaries) {
  const fs::path dir = ScratchDir();
  const std::string dead = std::to_string(DeadPid());
  const std::string alive = std::to_string(getpid());
  WriteWhole(dir / "settings.json", "kept");
  WriteWhole(dir / ("settings.json.convbp-tmp-" + dead), "half");
  WriteWhole(dir / ("last_case.json.convbp-tmp-" + alive), "being written");
  WriteWhole(dir / "notes.convbp-tmp-12x", "not ours: no pid");
  WriteWhole(dir / (".convbp-tmp-" + dead), "no name before the marker");
  WriteWhole(dir / "other.tmp", "someone else's");
  fs::create_directory(dir / (".frames.convbp-tmp-" + dead));  // a frames export's directory
  WriteWhole(dir / (".frames.convbp-tmp-" + dead) / "frame_0000.png", "x");

  const auto removed = RemoveStaleTemporaries(dir);
  EXPECT_EQ(removed.size(), 2u);
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{"settings.json", "last_case.json.convbp-tmp-" + alive,
                                   "notes.convbp-tmp-12x", ".convbp-tmp-" + dead, "other.tmp"}));
  EXPECT_EQ(ReadWhole(dir / "settings.json"), "kept");
  EXPECT_TRUE(RemoveStaleTemporaries(dir / "missing").empty());
}

}  // namespace
}  // namespace convbp::json
