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

// The complete .npy file for `a` (the lowest version that fits unless one is given).
std::string npy_bytes(const Array& a, std::optional<NpyVersion> version = std::nullopt);
void save_npy(const std::string& path, const Array& a,
              std::optional<NpyVersion> version = std::nullopt);

// Parses the header from the first bytes of a file of `file_size` bytes.
NpyHeader parse_npy_header(std::string_view prefix, int64_t file_size,
                           int64_t max_header_size = kMaxHeaderSize);
Array npy_from_bytes(std::string_view bytes);

enum class MmapMode { None, ReadOnly, ReadWrite, CopyOnWrite };  // None, 'r', 'r+', 'c'
MmapMode parse_mmap_mode(std::string_view mode);
// max_header_size: NumPy's limit on the header text (larger headers are refused unless raised).
Array load_npy(const std::string& path, MmapMode mmap = MmapMode::None,
               int64_t max_header_size = kMaxHeaderSize);

using NamedArrays = std::vector<std::pair<std::string, Array>>;
// np.savez (stored) / np.savez_compressed (deflated); names get ".npy" appended.
void savez(const std::string& path, const NamedArrays& arrays, bool compressed = false);
// Reads every member of an .npz archive, in archive order, names without ".npy".
NamedArrays load_npz(const std::string& path);

}  // namespace np
