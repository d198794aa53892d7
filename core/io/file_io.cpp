// File access for io (see file_io.hpp).
#include "io/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "np/errors.hpp"

namespace np::io {

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

void throw_os_error(int err, const std::string& path) {
  throw OSError("[Errno " + std::to_string(err) + "] " + std::strerror(err) + ": '" + path + "'");
}

namespace {

const char* file_type_name(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

void clear_nonblock(int fd, const std::string& path) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) throw_os_error(errno, path);
}

void write_all(int fd, std::string_view bytes, const std::string& path) {
  constexpr size_t kMaxWrite = size_t{1} << 30;  // Linux writes at most ~2 GiB per call
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), std::min(bytes.size(), kMaxWrite));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_os_error(errno, path);
    }
    if (n == 0) throw_os_error(EIO, path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void write_chunks(int fd, std::span<const std::string_view> chunks, const std::string& path) {
  for (std::string_view c : chunks)
    write_all(fd, c, path);
}

// Closes `fd`, reporting a failed close (NFS and quotas report write errors there).
void close_checked(Fd& fd, const std::string& path) {
  if (::close(fd.release()) != 0 && errno != EINTR) throw_os_error(errno, path);
}

// An existing non-regular file: written in place, never replaced (see write_file).
void write_in_place(const std::string& path, const struct stat& st,
                    std::span<const std::string_view> chunks) {
  if (S_ISDIR(st.st_mode)) throw_os_error(EISDIR, path);
  // O_NONBLOCK: a FIFO without a reader fails with ENXIO at once instead of blocking.
  Fd fd(::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno == ENXIO && S_ISFIFO(st.st_mode)) {
      throw OSError("[Errno 6] " + std::string(std::strerror(ENXIO)) + ": '" + path +
                    "' (a FIFO with no reader)");
    }
    throw_os_error(errno, path);
  }
  clear_nonblock(fd.get(), path);
  write_chunks(fd.get(), chunks, path);
  close_checked(fd, path);
}

// The file a write to `path` reaches: the target of a symlink when it resolves, else `path`.
std::string write_target(const std::string& path) {
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode)) return path;
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return path;  // a dangling link is replaced by the new file
  std::string out = real;
  std::free(real);  // NOLINT(cppcoreguidelines-no-malloc): realpath's contract
  return out;
}

// A name in the directory of `target` that no other writer uses: pid, a process-wide counter and
// the clock; O_EXCL at creation settles any remaining collision.
std::string temp_name(const std::string& target, int attempt) {
  static std::atomic<uint64_t> counter{0};
  size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  base.resize(std::min<size_t>(base.size(), 64));  // keep the name under NAME_MAX
  auto ticks = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  uint64_t n = counter.fetch_add(1) ^ (ticks << 16);
  return dir + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(n) + "-" +
         std::to_string(attempt);
}

// Removes the temporary file unless it was renamed into place.
struct TempFile {
  std::string path;
  bool committed = false;
  ~TempFile() {
    if (!path.empty() && !committed) ::unlink(path.c_str());
  }
};

Fd create_temp(const std::string& target, TempFile& temp) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = temp_name(target, attempt);
    // 0666 & ~umask, as a normal open would create the file.
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      temp.path = name;
      return Fd(fd);
    }
    if (errno != EEXIST) throw_os_error(errno, target);
  }
  throw_os_error(EEXIST, target);
}

// The new file keeps the old one's owner (when allowed) and permission bits.
void copy_identity(int fd, const struct stat& old, const std::string& path) {
  if (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) {
    (void)::fchown(fd, old.st_uid, old.st_gid);  // best effort, as for any unprivileged writer
  }
  if (::fchmod(fd, old.st_mode & 07777) != 0) throw_os_error(errno, path);
}

void replace_atomically(const std::string& target, const struct stat* old,
                        std::span<const std::string_view> chunks, const std::string& path) {
  TempFile temp;
  Fd fd = create_temp(target, temp);
  if (old != nullptr) copy_identity(fd.get(), *old, path);
  write_chunks(fd.get(), chunks, path);
  close_checked(fd, path);
  if (::rename(temp.path.c_str(), target.c_str()) != 0) throw_os_error(errno, path);
  temp.committed = true;
}

}  // namespace

Fd open_regular_file(const std::string& path, bool writable, struct stat& st) {
  int flags = (writable ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
  Fd fd(::open(path.c_str(), flags));
  if (fd.get() < 0) throw_os_error(errno, path);
  if (::fstat(fd.get(), &st) != 0) throw_os_error(errno, path);
  if (S_ISDIR(st.st_mode)) throw_os_error(EISDIR, path);
  if (!S_ISREG(st.st_mode)) {
    throw OSError("'" + path + "' is " + file_type_name(st.st_mode) +
                  ", not a regular file: refusing to read it");
  }
  clear_nonblock(fd.get(), path);
  return fd;
}

void write_file(const std::string& path, std::span<const std::string_view> chunks) {
  if (path.empty()) throw_os_error(ENOENT, path);
  std::string target = write_target(path);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) return write_in_place(path, st, chunks);
    return replace_atomically(target, &st, chunks, path);
  }
  if (errno != ENOENT) throw_os_error(errno, path);
  replace_atomically(target, nullptr, chunks, path);
}

}  // namespace np::io
