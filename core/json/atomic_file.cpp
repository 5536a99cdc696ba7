#include "atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <system_error>

namespace convbp::json {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTempMarker = ".convbp-tmp-";

std::string Reason(int error) { return std::error_code(error, std::generic_category()).message(); }

// Writes all of `text` to `fd`; false with errno set on failure.
bool WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {  // no progress and no error: treat as a full disk
      errno = ENOSPC;
      return false;
    }
    text.remove_prefix(size_t(n));
  }
  return true;
}

// The process id in "NAME.convbp-tmp-PID", or 0 when `name` is not one.
pid_t WriterOf(const std::string& name) {
  const size_t at = name.rfind(kTempMarker);
  if (at == std::string::npos || at == 0) return 0;
  const char* first = name.data() + at + kTempMarker.size();
  const char* last = name.data() + name.size();
  long pid = 0;
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || end != last || pid <= 0) return 0;
  return pid_t(pid);
}

bool Running(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

fs::path TempPathFor(const fs::path& path) {
  fs::path tmp = path;
  tmp += std::string(kTempMarker) + std::to_string(::getpid());
  return tmp;
}

std::string WriteFileAtomic(const fs::path& path, std::string_view text) {
  try {
    const fs::path tmp = TempPathFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return path.string() + ": cannot write: " + Reason(errno);
    // fsync before the rename: otherwise a crash of the machine (not just
    // of the process) could leave the new name pointing at empty blocks.
    bool ok = WriteAll(fd, text) && ::fsync(fd) == 0;
    int error = ok ? 0 : errno;
    if (::close(fd) != 0 && ok) ok = false, error = errno;
    if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) ok = false, error = errno;
    if (!ok) {
      ::unlink(tmp.c_str());
      return path.string() + ": cannot write: " + Reason(error);
    }
    // The rename itself lives in the directory: flush it too (best effort).
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
    return "";
  } catch (const std::exception& e) {
    return path.string() + ": cannot write: " + e.what();
  }
}

std::vector<fs::path> RemoveStaleTemporaries(const fs::path& dir) {
  std::vector<fs::path> removed;
  try {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const pid_t writer = WriterOf(entry.path().filename().string());
      if (writer == 0 || Running(writer)) continue;
      std::error_code remove_ec;
      if (fs::remove_all(entry.path(), remove_ec) > 0 && !remove_ec)
        removed.push_back(entry.path());
    }
  } catch (const std::exception&) {
    // An unreadable directory or an entry vanishing under us: nothing more to do.
  }
  return removed;
}

}  // namespace convbp::json
