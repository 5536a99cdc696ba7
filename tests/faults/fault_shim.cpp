// LD_PRELOAD library for the fault tests: makes the file operations a
// process performs under one directory fail or stop it dead, so a test can
// check what the app leaves behind when the disk is full, read-only, or the
// process is killed at an arbitrary moment of a save.
//
// Only operations on paths under $CONVBP_FAULT_DIR (and on descriptors and
// streams opened there for writing) are touched; everything else — X11,
// fonts, the GL driver — passes straight through. Each touched operation is
// a "point": opening for writing, every write chunk, fsync, close, rename,
// mkdir, chmod (removals are not: they clean up, and the next start's sweep
// must not shift the numbering). The environment says what happens at the points:
//   CONVBP_FAULT_LOG=FILE     append one line per point ("N op path") — a
//                             clean run tells the test how many points a
//                             save has;
//   CONVBP_FAULT_KILL_AT=N    SIGKILL this process just before point N
//                             (1-based): whatever a save had done by then
//                             is what the next start finds;
//   CONVBP_FAULT_ERRNO=ENOSPC writes fail with "No space left on device"
//                             (opening and creating still work, as on a
//                             full disk where inodes remain);
//   CONVBP_FAULT_ERRNO=EROFS  every modification fails with "Read-only file
//                             system", and access(W_OK) says so too;
//   CONVBP_FAULT_AFTER=N      with CONVBP_FAULT_ERRNO: the first N points
//                             still succeed (a disk that fills mid-way).
// Writes are cut into chunks of at most 512 bytes, each its own point, so a
// kill can land in the middle of a file's contents.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr size_t kChunk = 512;
constexpr int kPlainOpen = AT_FDCWD - 1;  // OpenCommon's dirfd for open() (no directory fd)
constexpr int kMaxFd = 4096;
std::atomic<bool> g_tracked[kMaxFd];  // descriptors opened for writing under the directory
std::atomic<long> g_points{0};

template <class F>
F Next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

const char* Dir() {
  const char* d = std::getenv("CONVBP_FAULT_DIR");
  return d && *d ? d : nullptr;
}

bool Under(const char* path) {
  const char* dir = Dir();
  if (!dir || !path) return false;
  // Relative paths are resolved against the working directory.
  char full[4096];
  if (path[0] != '/') {
    if (!getcwd(full, sizeof full)) return false;
    std::strncat(full, "/", sizeof full - std::strlen(full) - 1);
    std::strncat(full, path, sizeof full - std::strlen(full) - 1);
    path = full;
  }
  return std::strncmp(path, dir, std::strlen(dir)) == 0;
}

int FaultErrno() {
  const char* e = std::getenv("CONVBP_FAULT_ERRNO");
  if (!e) return 0;
  const char* after = std::getenv("CONVBP_FAULT_AFTER");
  if (after && g_points.load() <= std::atol(after)) return 0;
  if (std::strcmp(e, "ENOSPC") == 0) return ENOSPC;
  if (std::strcmp(e, "EROFS") == 0) return EROFS;
  return 0;
}

// Counts a point, logs it and, at CONVBP_FAULT_KILL_AT, kills the process.
void Point(const char* op, const char* what) {
  const long n = ++g_points;
  if (const char* log = std::getenv("CONVBP_FAULT_LOG")) {
    using OpenFn = int (*)(const char*, int, ...);
    static const OpenFn real_open = Next<OpenFn>("open");
    const int fd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      char line[4200];
      const int len = std::snprintf(line, sizeof line, "%ld %s %s\n", n, op, what ? what : "");
      using WriteFn = ssize_t (*)(int, const void*, size_t);
      static const WriteFn real_write = Next<WriteFn>("write");
      if (len > 0) (void)!real_write(fd, line, size_t(len));
      using CloseFn = int (*)(int);
      static const CloseFn real_close = Next<CloseFn>("close");
      real_close(fd);
    }
  }
  if (const char* at = std::getenv("CONVBP_FAULT_KILL_AT"))
    if (std::atol(at) == n) raise(SIGKILL);
}

bool Tracked(int fd) { return fd >= 0 && fd < kMaxFd && g_tracked[fd].load(); }
void Track(int fd, bool on) {
  if (fd >= 0 && fd < kMaxFd) g_tracked[fd] = on;
}
bool Writes(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0; }
bool Writes(const char* mode) { return mode && (mode[0] != 'r' || std::strchr(mode, '+')); }

// Before a modifying call on `path`: a point (unless `point` is false: a
// removal is clean-up, not part of a save), then the EROFS verdict.
bool Refuse(const char* op, const char* path, bool point = true) {
  if (!Under(path)) return false;
  if (point) Point(op, path);
  if (FaultErrno() == EROFS) {
    errno = EROFS;
    return true;
  }
  return false;
}

int OpenCommon(const char* name, int dirfd, const char* path, int flags, mode_t mode) {
  const bool watched = Writes(flags) && Under(path);
  if (watched && Refuse(name, path)) return -1;
  int fd;
  if (dirfd == kPlainOpen) {
    using Fn = int (*)(const char*, int, ...);
    static const Fn real = Next<Fn>("open");
    fd = real(path, flags, mode);
  } else {
    using Fn = int (*)(int, const char*, int, ...);
    static const Fn real = Next<Fn>("openat");
    fd = real(dirfd, path, flags, mode);
  }
  if (fd >= 0) Track(fd, watched);
  return fd;
}

mode_t ModeArg(int flags, va_list ap) {
  return (flags & (O_CREAT | O_TMPFILE)) ? mode_t(va_arg(ap, int)) : 0;
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return OpenCommon("open", kPlainOpen, path, flags, mode);
}
int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return OpenCommon("open", kPlainOpen, path, flags, mode);
}
int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return OpenCommon("openat", dirfd, path, flags, mode);
}
int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return OpenCommon("openat", dirfd, path, flags, mode);
}
int creat(const char* path, mode_t mode) {
  return OpenCommon("creat", kPlainOpen, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

FILE* fopen(const char* path, const char* mode) {
  const bool watched = Writes(mode) && Under(path);
  if (watched && Refuse("fopen", path)) return nullptr;
  using Fn = FILE* (*)(const char*, const char*);
  static const Fn real = Next<Fn>("fopen");
  FILE* f = real(path, mode);
  if (f) Track(fileno(f), watched);
  return f;
}
FILE* fopen64(const char* path, const char* mode) { return fopen(path, mode); }

ssize_t write(int fd, const void* data, size_t size) {
  using Fn = ssize_t (*)(int, const void*, size_t);
  static const Fn real = Next<Fn>("write");
  if (!Tracked(fd)) return real(fd, data, size);
  const char* p = static_cast<const char*>(data);
  size_t done = 0;
  do {
    Point("write", nullptr);
    if (const int e = FaultErrno()) {
      if (done > 0) return ssize_t(done);
      errno = e;
      return -1;
    }
    const size_t n = size - done < kChunk ? size - done : kChunk;
    const ssize_t w = real(fd, p + done, n);
    if (w < 0) return done > 0 ? ssize_t(done) : -1;
    done += size_t(w);
  } while (done < size);
  return ssize_t(done);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  using Fn = ssize_t (*)(int, const struct iovec*, int);
  static const Fn real = Next<Fn>("writev");
  if (!Tracked(fd)) return real(fd, iov, count);
  ssize_t total = 0;
  for (int k = 0; k < count; ++k) {
    const ssize_t w = write(fd, iov[k].iov_base, iov[k].iov_len);
    if (w < 0) return total > 0 ? total : -1;
    total += w;
    if (size_t(w) < iov[k].iov_len) break;
  }
  return total;
}

size_t fwrite(const void* data, size_t size, size_t count, FILE* stream) {
  using Fn = size_t (*)(const void*, size_t, size_t, FILE*);
  static const Fn real = Next<Fn>("fwrite");
  if (!Tracked(fileno(stream)) || size == 0) return real(data, size, count, stream);
  // Item by item in chunks, each a point (stdio's buffer may hold them: a
  // kill loses what was not flushed yet, as a real kill would).
  const char* p = static_cast<const char*>(data);
  size_t bytes = size * count, done = 0;
  while (done < bytes) {
    Point("fwrite", nullptr);
    if (const int e = FaultErrno()) {
      errno = e;
      return done / size;
    }
    const size_t n = bytes - done < kChunk ? bytes - done : kChunk;
    const size_t w = real(p + done, 1, n, stream);
    done += w;
    if (w < n) break;
  }
  return done / size;
}

int fflush(FILE* stream) {
  using Fn = int (*)(FILE*);
  static const Fn real = Next<Fn>("fflush");
  if (stream && Tracked(fileno(stream))) {
    Point("fflush", nullptr);
    if (const int e = FaultErrno()) {
      errno = e;
      return EOF;
    }
  }
  return real(stream);
}

int fclose(FILE* stream) {
  using Fn = int (*)(FILE*);
  static const Fn real = Next<Fn>("fclose");
  const int fd = fileno(stream);
  if (Tracked(fd)) {
    Point("fclose", nullptr);
    Track(fd, false);
    if (const int e = FaultErrno()) {  // the buffered tail cannot be written
      real(stream);
      errno = e;
      return EOF;
    }
  }
  return real(stream);
}

int close(int fd) {
  using Fn = int (*)(int);
  static const Fn real = Next<Fn>("close");
  if (Tracked(fd)) {
    Point("close", nullptr);
    Track(fd, false);
  }
  return real(fd);
}

int fsync(int fd) {
  using Fn = int (*)(int);
  static const Fn real = Next<Fn>("fsync");
  if (Tracked(fd)) Point("fsync", nullptr);
  return real(fd);
}
int fdatasync(int fd) {
  using Fn = int (*)(int);
  static const Fn real = Next<Fn>("fdatasync");
  if (Tracked(fd)) Point("fdatasync", nullptr);
  return real(fd);
}

int rename(const char* from, const char* to) {
  if (Refuse("rename", to)) return -1;
  using Fn = int (*)(const char*, const char*);
  static const Fn real = Next<Fn>("rename");
  return real(from, to);
}
int renameat(int fromfd, const char* from, int tofd, const char* to) {
  if (Refuse("rename", to)) return -1;
  using Fn = int (*)(int, const char*, int, const char*);
  static const Fn real = Next<Fn>("renameat");
  return real(fromfd, from, tofd, to);
}
int unlink(const char* path) {
  if (Refuse("unlink", path, false)) return -1;
  using Fn = int (*)(const char*);
  static const Fn real = Next<Fn>("unlink");
  return real(path);
}
int rmdir(const char* path) {
  if (Refuse("rmdir", path, false)) return -1;
  using Fn = int (*)(const char*);
  static const Fn real = Next<Fn>("rmdir");
  return real(path);
}
int remove(const char* path) {
  if (Refuse("remove", path, false)) return -1;
  using Fn = int (*)(const char*);
  static const Fn real = Next<Fn>("remove");
  return real(path);
}
int mkdir(const char* path, mode_t mode) {
  if (Refuse("mkdir", path)) return -1;
  using Fn = int (*)(const char*, mode_t);
  static const Fn real = Next<Fn>("mkdir");
  return real(path, mode);
}
int chmod(const char* path, mode_t mode) {
  if (Refuse("chmod", path)) return -1;
  using Fn = int (*)(const char*, mode_t);
  static const Fn real = Next<Fn>("chmod");
  return real(path, mode);
}
int access(const char* path, int how) {
  if ((how & W_OK) && Under(path) && FaultErrno() == EROFS) {
    errno = EROFS;
    return -1;
  }
  using Fn = int (*)(const char*, int);
  static const Fn real = Next<Fn>("access");
  return real(path, how);
}

}  // extern "C"
