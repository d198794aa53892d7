// .npy and .npz files, format versions 1.0, 2.0 and 3.0, bit-compatible with NumPy 1.24.
// Readers validate everything before allocating: hostile files get a ValueError (OSError for
// I/O failures), never a crash or an allocation larger than the data the file really holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "np/array.hpp"

namespace np {

struct NpyVersion {
  int major = 1;
  int minor = 0;
};

struct NpyHeader {
  NpyVersion version;
  DType dtype;
  Shape shape;
  bool fortran_order = false;
  int64_t data_offset = 0;  // bytes from the start of the file to the data
};

inline constexpr int64_t kMaxHeaderSize = 10000;
// The fixed part of every header (magic, version, header length) is at most this long.
inline constexpr int64_t kNpyPreambleMax = 12;

// The complete .npy file for `a` (the lowest version that fits unless one is given).
std::string npy_bytes(const Array& a, std::optional<NpyVersion> version = std::nullopt);
// Writes that file to `path`, replacing an existing file atomically (a failed write leaves it as it
// was; core/io/file_io.hpp says how special files are written). OSError "[Errno N] ..." on any I/O
// failure.
void save_npy(const std::string& path, const Array& a,
              std::optional<NpyVersion> version = std::nullopt);

// Parses the header from the first bytes of a file of `file_size` bytes.
NpyHeader parse_npy_header(std::string_view prefix, int64_t file_size,
                           int64_t max_header_size = kMaxHeaderSize);
// How many leading bytes parse_npy_header needs, from the first kNpyPreambleMax bytes: 0 when the
// preamble is short or its header is over max_header_size (the parser reports those).
int64_t npy_header_bytes_needed(std::string_view preamble, int64_t max_header_size);
// The data size of a parsed header; ValueError "array is too big" as NumPy when itemsize times
// the non-zero dimensions overflows.
int64_t npy_data_bytes(const NpyHeader& h);
// The uninitialised array a header describes (its data is read next). A dtype of itemsize 0 is
// kept exactly: |S0 stays an unsized 'S' with zero strides, as NumPy loads it (not S1).
Array npy_result_array(const NpyHeader& h);
Array npy_from_bytes(std::string_view bytes);

enum class MmapMode { None, ReadOnly, ReadWrite, CopyOnWrite };  // None, 'r', 'r+', 'c'
MmapMode parse_mmap_mode(std::string_view mode);
// Only regular files are read: a FIFO, device or directory is an OSError, never a blocking open.
// max_header_size: NumPy's limit on the header text (larger headers are refused unless raised).
Array load_npy(const std::string& path, MmapMode mmap = MmapMode::None,
               int64_t max_header_size = kMaxHeaderSize);

using NamedArrays = std::vector<std::pair<std::string, Array>>;
// np.savez (stored) / np.savez_compressed (deflated); names get ".npy" appended. The archive is
// built in memory and written like save_npy (atomic replace, every write checked).
void savez(const std::string& path, const NamedArrays& arrays, bool compressed = false);
// Reads every member of an .npz archive, in archive order, names without ".npy".
NamedArrays load_npz(const std::string& path, int64_t max_header_size = kMaxHeaderSize);

}  // namespace np
