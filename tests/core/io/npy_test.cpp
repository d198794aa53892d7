#include <gtest/gtest.h>

#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <fstream>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"

namespace np {
namespace {

std::string temp_path(const std::string& name) {
  return (std::string(::testing::TempDir()) + "np_io_" + name);
}

std::string header_with(const std::string& dict, int major = 1) {
  std::string h = std::string("\x93NUMPY", 6) + static_cast<char>(major) + '\0';
  std::string text = dict + "\n";
  if (major == 1) {
    h += static_cast<char>(text.size() & 0xff);
    h += static_cast<char>(text.size() >> 8);
  } else {
    for (int i = 0; i < 4; ++i)
      h += static_cast<char>((text.size() >> (8 * i)) & 0xff);
  }
  return h + text;
}

TEST(Npy, HeaderLayoutMatchesNumpy) {
  std::string bytes = npy_bytes(arange(Scalar(0.0), Scalar(3.0)));
  EXPECT_EQ(bytes.size() % 64, 24u);  // 64-byte header + 3 doubles
  std::string header = bytes.substr(10, 118);
  EXPECT_EQ(header.substr(0, 59), "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }  ");
  EXPECT_EQ(bytes[127], '\n');
}

TEST(Npy, RoundTripsOrdersAndByteOrders) {
  Array a = reshape(
      arange(Scalar(int64_t{0}), Scalar(int64_t{12}), std::nullopt, DType::parse(">i4")), {3, 4});
  Array f = copy(a, Order::F);
  for (const Array& x : {a, f, transpose(a)}) {
    Array back = npy_from_bytes(npy_bytes(x));
    EXPECT_EQ(back.shape(), x.shape());
    EXPECT_EQ(back.dtype(), x.dtype());
    Array xs = copy(x, Order::C), bs = copy(back, Order::C);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(xs.data()), xs.nbytes()),
              std::string(reinterpret_cast<char*>(bs.data()), bs.nbytes()));
  }
  EXPECT_TRUE(npy_from_bytes(npy_bytes(f)).f_contiguous());
}

TEST(Npy, HostileHeadersGetClearErrors) {
  EXPECT_THROW(npy_from_bytes(""), ValueError);
  EXPECT_THROW(npy_from_bytes("\x93NUMP"), ValueError);
  EXPECT_THROW(npy_from_bytes(std::string("\x93NUMPY\x02\x02", 8) + "xxxx"), ValueError);
  std::string huge = std::string("\x93NUMPY\x02\x00", 8) + "\xff\xff\xff\xff";
  EXPECT_THROW(npy_from_bytes(huge), ValueError);
  EXPECT_THROW(
      npy_from_bytes(header_with("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }")),
      ValueError);  // truncated data
  EXPECT_THROW(
      npy_from_bytes(header_with("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }")),
      ValueError);
  EXPECT_THROW(npy_from_bytes(header_with("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }")),
               ValueError);
  EXPECT_THROW(npy_from_bytes(header_with("{'descr': '<f8', 'shape': (1,), }")), ValueError);
  EXPECT_THROW(
      npy_from_bytes(header_with("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }")),
      ValueError);
  EXPECT_THROW(npy_from_bytes(header_with("{'descr': '<f8', 'fortran_order': False, 'shape': "
                                          "(4294967296, 4294967296, 4294967296), }")),
               ValueError);
  EXPECT_THROW(
      npy_from_bytes(header_with("{'descr': 'xyz', 'fortran_order': False, 'shape': (1,), }")),
      ValueError);
  EXPECT_THROW(
      npy_from_bytes(header_with("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), ")),
      ValueError);
  std::string big =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }" + std::string(10001, ' ');
  EXPECT_THROW(npy_from_bytes(header_with(big, 2)), ValueError);
  // NumPy 1.24: an empty array is valid when itemsize times its non-zero dimensions fits...
  Array empty = npy_from_bytes(
      header_with("{'descr': '|u1', 'fortran_order': False, 'shape': (0, 4611686018427387904), }"));
  EXPECT_EQ(empty.size(), 0);
  // ... and "array is too big" when it does not, although the array holds no data.
  EXPECT_THROW(
      npy_from_bytes(header_with(
          "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904), }")),
      ValueError);
}

TEST(Npy, MemoryMappedReadOnlyAndReadWrite) {
  std::string path = temp_path("mmap.npy");
  save_npy(path, arange(Scalar(0.0), Scalar(8.0)));
  Array r = load_npy(path, MmapMode::ReadOnly);
  EXPECT_FALSE(r.writeable());
  EXPECT_EQ(r.at<double>({7}), 7.0);
  {
    Array w = load_npy(path, MmapMode::ReadWrite);
    w.at<double>({0}) = 42.0;
  }
  EXPECT_EQ(load_npy(path).at<double>({0}), 42.0);
  std::remove(path.c_str());
}

TEST(Npz, RoundTripAndHostileArchives) {
  std::string path = temp_path("a.npz");
  for (bool compressed : {false, true}) {
    savez(path, {{"x", arange(Scalar(0.0), Scalar(5.0))}, {"y", zeros({2, 2}, dtypes::int8())}},
          compressed);
    NamedArrays back = load_npz(path);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].first, "x");
    EXPECT_EQ(back[0].second.at<double>({4}), 4.0);
    EXPECT_EQ(back[1].second.shape(), (Shape{2, 2}));
  }
  EXPECT_THROW(savez(path, {{"../evil", zeros({1})}}), ValueError);
  EXPECT_THROW(savez(path, {{"x", zeros({1})}, {"x", zeros({2})}}), ValueError);
  std::string text = temp_path("text.npz");
  std::ofstream(text) << "not a zip";
  EXPECT_THROW(load_npz(text), ValueError);
  std::remove(path.c_str());
  std::remove(text.c_str());
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Patches every occurrence of `from` (a member name) by `to` of the same length.
std::string rename_member(std::string zip, const std::string& from, const std::string& to) {
  for (size_t p = zip.find(from); p != std::string::npos; p = zip.find(from, p + 1)) {
    zip.replace(p, to.size(), to);
  }
  return zip;
}

TEST(Npz, TamperedArchivesGetClearErrors) {
  std::string path = temp_path("tamper.npz");
  // Two members renamed to the same name: duplicates are refused.
  savez(path, {{"a", zeros({3})}, {"b", zeros({3})}});
  write_file(path, rename_member(read_file(path), "b.npy", "a.npy"));
  EXPECT_THROW(load_npz(path), ValueError);
  // A member renamed to climb out of the extraction directory.
  savez(path, {{"abcdef", zeros({3})}});
  write_file(path, rename_member(read_file(path), "abcdef.npy", "../x/a.npy"));
  EXPECT_THROW(load_npz(path), ValueError);
  // A deflated member whose declared size is smaller than what it inflates to (a lying bomb).
  savez(path, {{"z", zeros({100000})}}, true);
  std::string bytes = read_file(path);
  for (const char* sig : {"PK\x01\x02", "PK\x03\x04"}) {
    size_t at = bytes.find(sig);
    ASSERT_NE(at, std::string::npos);
    size_t size_field = at + (sig[3] == '\x02' ? 24 : 22);
    bytes[size_field] = 0x10;  // shrink the declared uncompressed size to a few bytes
    bytes[size_field + 1] = 0;
    bytes[size_field + 2] = 0;
    bytes[size_field + 3] = 0;
  }
  write_file(path, bytes);
  EXPECT_THROW(load_npz(path), ValueError);
  // Truncated archive.
  savez(path, {{"t", zeros({1000})}});
  std::string full = read_file(path);
  write_file(path, full.substr(0, full.size() / 2));
  EXPECT_THROW(load_npz(path), ValueError);
  std::remove(path.c_str());
}

TEST(Npy, ExtremeHeaderLimitsDoNotOverflow) {
  std::string path = temp_path("limits.dat");
  save_npy(path, arange(Scalar(0.0), Scalar(5.0)));
  // The limit is only a bound: any large value reads exactly the header the file declares.
  for (int64_t limit : {INT64_MAX, INT64_MAX - 12, int64_t{1} << 62}) {
    Array a = load_npy(path, MmapMode::None, limit);
    EXPECT_EQ(a.at<double>({4}), 4.0);
  }
  EXPECT_THROW(load_npy(path, MmapMode::None, INT64_MIN), ValueError);
  EXPECT_THROW(load_npy(path, MmapMode::None, -1), ValueError);
  // A declared header length beyond the file is EOF whatever the limit (nothing is allocated).
  write_file(path, std::string("\x93NUMPY\x02\x00", 8) + "\xff\xff\xff\xff" + std::string(50, ' '));
  EXPECT_THROW(load_npy(path, MmapMode::None, INT64_MAX), ValueError);
  std::string npz = temp_path("limits.npz");
  savez(npz, {{"a", arange(Scalar(0.0), Scalar(5.0))}});
  EXPECT_EQ(load_npz(npz, INT64_MAX)[0].second.at<double>({4}), 4.0);
  EXPECT_THROW(load_npz(npz, 10), ValueError);
  std::remove(path.c_str());
  std::remove(npz.c_str());
}

// NumPy 1.24 loads a zero-size string or void descr as the unsized dtype ('S', '<U', 'V', itemsize
// 0) with zero strides: nothing to read, no bytes to show. An allocation gave S1/U1 heap bytes.
TEST(Npy, ZeroSizeStringDescrsStayUnsized) {
  for (const char* descr : {"|S0", "<U0", ">U0", "|V0"}) {
    std::string text =
        std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (64,), }";
    Array a = npy_from_bytes(header_with(text));
    EXPECT_EQ(a.dtype().itemsize(), 0) << descr;
    EXPECT_EQ(a.dtype().str(), descr);
    EXPECT_EQ(a.shape(), (Shape{64}));
    EXPECT_EQ(a.strides(), (Strides{0}));
    EXPECT_EQ(a.nbytes(), 0);
  }
  // A structured dtype with an S0 field keeps it; the other field's values are read.
  std::string text =
      "{'descr': [('a', '|S0'), ('b', '<i2')], 'fortran_order': False, "
      "'shape': (2,), }";
  Array s = npy_from_bytes(header_with(text) + std::string("\x05\x00\x07\x00", 4));
  EXPECT_EQ(s.dtype().itemsize(), 2);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(s.data()), 4), std::string("\x05\x00\x07\x00", 4));
}

uint32_t crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// Sets the CRC-32 of the only member of a stored zip, in its local and central headers.
void set_member_crc(std::string& zip, uint32_t crc) {
  for (const auto& [sig, offset] : {std::pair{"PK\x03\x04", 14}, std::pair{"PK\x01\x02", 16}}) {
    size_t at = zip.find(sig);
    ASSERT_NE(at, std::string::npos);
    for (int i = 0; i < 4; ++i)
      zip[at + offset + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  }
}

TEST(Npy, ZeroSizeStringDescrsFromFilesAndArchives) {
  std::string bytes = header_with("{'descr': '|S0', 'fortran_order': False, 'shape': (2, 3), }");
  std::string path = temp_path("s0.npy");
  write_file(path, bytes);
  for (MmapMode mode : {MmapMode::None, MmapMode::ReadOnly}) {
    Array a = load_npy(path, mode);
    EXPECT_EQ(a.dtype().str(), "|S0");
    EXPECT_EQ(a.strides(), (Strides{0, 0}));
  }
  // The same header as an .npz member: a saved archive with its member swapped for one of the same
  // length, and the member's CRC fields (local header and central directory) patched to match.
  std::string npz = temp_path("s0.npz");
  savez(npz, {{"a", zeros({1})}});
  std::string zip = read_file(npz);
  std::string member = npy_bytes(zeros({1}));
  std::string text = "{'descr': '|S0', 'fortran_order': False, 'shape': (64,), }";
  text += std::string(member.size() - 10 - 1 - text.size(), ' ') + "\n";
  std::string s0 =
      std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(text.size()) + '\0' + text;
  ASSERT_EQ(s0.size(), member.size());
  size_t at = zip.find(member);
  ASSERT_NE(at, std::string::npos);
  zip.replace(at, member.size(), s0);
  set_member_crc(zip, crc32(s0));
  write_file(npz, zip);
  NamedArrays got = load_npz(npz);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second.dtype().str(), "|S0");
  EXPECT_EQ(got[0].second.shape(), (Shape{64}));
  EXPECT_EQ(got[0].second.nbytes(), 0);
  std::remove(path.c_str());
  std::remove(npz.c_str());
}

TEST(Npy, SpecialFilesAreRefusedWithoutBlocking) {
  std::string fifo = temp_path("input.fifo");
  std::remove(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opening a FIFO without a writer blocks forever; these must fail at once.
  for (MmapMode mode : {MmapMode::None, MmapMode::ReadOnly, MmapMode::ReadWrite})
    EXPECT_THROW(load_npy(fifo, mode), OSError);
  EXPECT_THROW(load_npz(fifo), OSError);
  std::remove(fifo.c_str());
  EXPECT_THROW(load_npy(::testing::TempDir()), OSError);
  EXPECT_THROW(load_npz(::testing::TempDir()), OSError);
  EXPECT_THROW(load_npy("/dev/zero"), OSError);
  EXPECT_THROW(load_npy(temp_path("does-not-exist.npy")), OSError);
  EXPECT_THROW(load_npz(temp_path("does-not-exist.npz")), OSError);
  std::string empty = temp_path("empty.npz");
  write_file(empty, "");
  EXPECT_THROW(load_npz(empty), ValueError);
  std::remove(empty.c_str());
}

// NumPy's checks of the header dict, with its messages quoting the offending value.
TEST(Npy, HeaderDictChecksQuoteValuesAsNumpy) {
  auto message = [](const std::string& dict) {
    try {
      npy_from_bytes(header_with(dict) + std::string(16, '\0'));
    } catch (const ValueError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("{'descr': '<f8', 'shape': (1,), }"),
            "Header does not contain the correct keys: ['descr', 'shape']");
  EXPECT_EQ(message("{'shape': (1,), 'x': 1, 'descr': '<f8', 'fortran_order': False}"),
            "Header does not contain the correct keys: ['descr', 'fortran_order', 'shape', 'x']");
  EXPECT_EQ(message("{'descr': '<f8', 'fortran_order': False, 'shape': [1], }"),
            "shape is not valid: [1]");
  EXPECT_EQ(message("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5, True), }"),
            "shape is not valid: (1.5, True)");
  EXPECT_EQ(message("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }"),
            "fortran_order is not a valid bool: 0");
  EXPECT_EQ(message("[1, (2,), None]"), "Header is not a dictionary: [1, (2,), None]");
  EXPECT_EQ(message("{'descr': [('a', '|O')], 'fortran_order': False, 'shape': (1,), }"),
            "Object arrays cannot be loaded when allow_pickle=False");
  // A field merely named O is not an object field.
  EXPECT_EQ(message("{'descr': [('O', '<i2')], 'fortran_order': False, 'shape': (1,), }"),
            "no error");
  // As in a Python dict, a repeated key keeps its last value.
  Array a = npy_from_bytes(
      header_with("{'descr': '<i4', 'descr': '<i2', 'fortran_order': False, 'shape': (2,), }") +
      std::string(4, '\0'));
  EXPECT_EQ(a.dtype().str(), "<i2");
  EXPECT_THROW(npy_from_bytes(header_with("{'descr': '<f8', 'fortran_order': False, 'shape': "
                                          "(18446744073709551616,), }")),
               OverflowError);
}

}  // namespace
}  // namespace np
