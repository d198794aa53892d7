// File access shared by the .npy and .npz readers and writers.
// Inputs must be regular files: they are opened without blocking, so a FIFO or a device is refused
// with an OSError instead of being waited on or read forever. Outputs never change in place: the
// new content goes to a temporary file that replaces the old one only when it is complete.
#pragma once

#include <sys/stat.h>

#include <span>
#include <string>
#include <string_view>

namespace np::io {

// An owned file descriptor, closed on destruction (-1: none).
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd();
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// OSError "[Errno N] <strerror>: '<path>'", the text Python gives for a failed open or write.
[[noreturn]] void throw_os_error(int err, const std::string& path);

// Opens `path` for reading (and writing when `writable`), fills `st`, and refuses anything that is
// not a regular file: a directory gets "[Errno 21] Is a directory", other types an OSError naming
// the type. The open itself cannot block (O_NONBLOCK, cleared afterwards).
Fd open_regular_file(const std::string& path, bool writable, struct stat& st);

// Writes the concatenation of `chunks` as the new content of `path`.
// - A new path or an existing regular file (a symlink to one: its target) is replaced atomically:
//   the bytes go to a temporary file created in the same directory (O_EXCL, mode 0666 & ~umask,
//   or the old file's mode and owner), and it is renamed over the path only after every write and
//   the close succeeded. On any error the temporary file is removed and the old file is left
//   exactly as it was. Concurrent writers each produce one whole file; the last rename wins.
// - An existing file that is not regular is never replaced: a character device (/dev/null,
//   /dev/full) is written in place with every write and the close checked; a FIFO is written only
//   when it has a reader (otherwise OSError ENXIO, never blocking); a directory is EISDIR.
// Errors are OSError with the errno text ("[Errno 28] No space left on device: 'path'").
void write_file(const std::string& path, std::span<const std::string_view> chunks);

}  // namespace np::io
