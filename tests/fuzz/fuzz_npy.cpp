// libFuzzer target: the .npy reader (np::parse_npy_header, np::npy_from_bytes). The input is a
// whole file. Every input must load or raise an np::Error, also when the header may be as large as
// the caller allows (max_header_size = INT64_MAX) or the file claims to be huge. A loaded array
// holds no more data than the file, every element is read (ASan checks each access), and saving it
// and loading the bytes again gives the same dtype, shape and data.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

void check_round_trip(const np::Array& loaded, int64_t file_size) {
  if (loaded.nbytes() > file_size) {
    np::fuzz::finding("array larger than its file (data that was not in the file)",
                      loaded.dtype().repr() + " of " + std::to_string(loaded.nbytes()) + " bytes");
  }
  const np::Array data = np::ascontiguousarray(loaded);
  const std::string saved = np::npy_bytes(loaded);
  np::Array again;
  if (!np::fuzz::np_error_or_success("npy_from_bytes(npy_bytes())",
                                     [&] { again = np::npy_from_bytes(saved); }))
    np::fuzz::finding("a saved array does not load", loaded.dtype().repr());
  if (again.dtype() != loaded.dtype() || again.shape() != loaded.shape())
    np::fuzz::finding("save and load change the dtype or shape", again.dtype().repr());
  const np::Array again_data = np::ascontiguousarray(again);
  if (data.nbytes() > 0 &&
      std::memcmp(data.data(), again_data.data(), static_cast<size_t>(data.nbytes())) != 0)
    np::fuzz::finding("save and load change the data", loaded.dtype().repr());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto file_size = static_cast<int64_t>(size);
  np::fuzz::np_error_or_success("parse_npy_header",
                                [&] { np::parse_npy_header(bytes, file_size); });
  np::fuzz::np_error_or_success("parse_npy_header(max_header_size=INT64_MAX)",
                                [&] { np::parse_npy_header(bytes, file_size, kMax); });
  np::fuzz::np_error_or_success("parse_npy_header(file_size=INT64_MAX)",
                                [&] { np::parse_npy_header(bytes, kMax, kMax); });
  np::Array loaded;
  if (np::fuzz::np_error_or_success("npy_from_bytes", [&] { loaded = np::npy_from_bytes(bytes); }))
    np::fuzz::np_error_or_success("using the loaded array",
                                  [&] { check_round_trip(loaded, file_size); });
  return 0;
}
