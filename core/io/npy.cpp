// .npy reading and writing (see io.hpp). The header dict is written exactly as NumPy 1.24's
// _write_array_header does (sorted keys, growth padding, 64-byte alignment).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "dtype/descr_literal.hpp"
#include "np/errors.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"
#include "util/checked.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int64_t kMagicLen = 8;  // magic (6) + version (2)
constexpr int64_t kAlign = 64;
constexpr int kGrowthAxisMaxDigits = 21;

bool is_latin1_encodable(const std::string& utf8) {
  // UTF-8 text is latin-1 encodable when every code point is below 256.
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) continue;
    if ((c & 0xE0) == 0xC0 && c <= 0xC3) {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

std::string utf8_to_latin1(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    }
  }
  return out;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool contains_user_dtype(const DType& t) {
  if (t.is_user()) return true;
  if (t.has_subarray()) return contains_user_dtype(t.subarray_base());
  return std::any_of(t.fields().begin(), t.fields().end(),
                     [](const Field& f) { return contains_user_dtype(f.dtype()); });
}

std::string header_text(const Array& a, bool fortran) {
  if (contains_user_dtype(a.dtype())) {
    throw TypeError("cannot save an array of dtype " + a.dtype().repr() +
                    " in .npy: it is registered by a plugin and NumPy could not read it");
  }
  std::string h = "{'descr': " + a.dtype().npy_descr() +
                  ", 'fortran_order': " + (fortran ? "True" : "False") +
                  ", 'shape': " + py::repr_shape(a.shape()) + ", }";
  if (!a.shape().empty()) {
    int64_t growth = fortran ? a.shape().back() : a.shape().front();
    h += std::string(
        static_cast<size_t>(kGrowthAxisMaxDigits - static_cast<int>(std::to_string(growth).size())),
        ' ');
  }
  return h;
}

// Wraps header text (UTF-8) for a version; returns empty when it does not fit that version.
std::string wrap_header(const std::string& header_utf8, NpyVersion v) {
  std::string encoded;
  if (v.major == 3) {
    encoded = header_utf8;
  } else {
    if (!is_latin1_encodable(header_utf8)) return "";
    encoded = utf8_to_latin1(header_utf8);
  }
  int64_t len_size = v.major == 1 ? 2 : 4;
  int64_t hlen = static_cast<int64_t>(encoded.size()) + 1;
  int64_t padlen = kAlign - ((kMagicLen + len_size + hlen) % kAlign);
  int64_t total = hlen + padlen;
  if (v.major == 1 && total > 0xFFFF) return "";
  std::string out(kMagic, 6);
  out += static_cast<char>(v.major);
  out += static_cast<char>(v.minor);
  for (int64_t i = 0; i < len_size; ++i)
    out += static_cast<char>((total >> (8 * i)) & 0xFF);
  out += encoded;
  out += std::string(static_cast<size_t>(padlen), ' ');
  out += '\n';
  return out;
}

[[noreturn]] void bad_header(const std::string& why) {
  throw ValueError(why);
}

}  // namespace

std::string npy_bytes(const Array& a, std::optional<NpyVersion> version) {
  bool fortran = a.f_contiguous() && !a.c_contiguous();
  std::string text = header_text(a, fortran);
  std::string header;
  if (version) {
    if (!((version->major == 1 || version->major == 2 || version->major == 3) &&
          version->minor == 0)) {
      throw ValueError("we only support format version (1,0), (2,0), and (3,0), not (" +
                       std::to_string(version->major) + ", " + std::to_string(version->minor) +
                       ")");
    }
    header = wrap_header(text, *version);
    if (header.empty())
      throw ValueError("Header length too big for version=(" + std::to_string(version->major) +
                       ", 0)");
  } else {
    header = wrap_header(text, {1, 0});
    if (header.empty()) header = wrap_header(text, {2, 0});
    if (header.empty()) header = wrap_header(text, {3, 0});
  }
  Array data = fortran ? transpose(a) : a;  // F order data is the transpose in C order
  if (!data.c_contiguous()) data = copy(data, Order::C);
  std::string out = header;
  out.append(reinterpret_cast<const char*>(data.data()), static_cast<size_t>(data.nbytes()));
  return out;
}

void save_npy(const std::string& path, const Array& a, std::optional<NpyVersion> version) {
  std::string bytes = npy_bytes(a, version);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw OSError("cannot open '" + path + "' for writing: " + std::strerror(errno));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw OSError("error writing '" + path + "'");
}

NpyHeader parse_npy_header(std::string_view prefix, int64_t file_size, int64_t max_header_size) {
  if (prefix.size() < 8 || std::memcmp(prefix.data(), kMagic, 6) != 0) {
    if (prefix.size() < 8)
      bad_header("EOF: reading magic string, expected 8 bytes got " +
                 std::to_string(prefix.size()));
    bad_header("the magic string is not correct; expected b'\\x93NUMPY'");
  }
  NpyHeader h;
  h.version.major = static_cast<unsigned char>(prefix[6]);
  h.version.minor = static_cast<unsigned char>(prefix[7]);
  if (!((h.version.major >= 1 && h.version.major <= 3) && h.version.minor == 0)) {
    bad_header("we only support format version (1,0), (2,0), and (3,0), not (" +
               std::to_string(h.version.major) + ", " + std::to_string(h.version.minor) + ")");
  }
  size_t len_size = h.version.major == 1 ? 2 : 4;
  if (prefix.size() < 8 + len_size) {
    bad_header("EOF: reading array header length, expected " + std::to_string(len_size) + " bytes");
  }
  uint64_t hlen = 0;
  for (size_t i = 0; i < len_size; ++i)
    hlen |= static_cast<uint64_t>(static_cast<unsigned char>(prefix[8 + i])) << (8 * i);
  if (static_cast<int64_t>(hlen) > max_header_size) {
    bad_header("Header info length (" + std::to_string(hlen) +
               ") is large and may not be safe to load securely.  To allow loading, adjust "
               "`max_header_size` or fully trust the `.npy` file using `allow_pickle=True`.");
  }
  int64_t start = 8 + static_cast<int64_t>(len_size);
  if (start + static_cast<int64_t>(hlen) > file_size ||
      start + static_cast<int64_t>(hlen) > static_cast<int64_t>(prefix.size())) {
    bad_header("EOF: reading array header, expected " + std::to_string(hlen) + " bytes got " +
               std::to_string(std::max<int64_t>(
                   0, std::min<int64_t>(file_size, static_cast<int64_t>(prefix.size())) - start)));
  }
  std::string_view raw = prefix.substr(static_cast<size_t>(start), hlen);
  std::string text = h.version.major == 3 ? std::string(raw) : latin1_to_utf8(raw);
  h.data_offset = start + static_cast<int64_t>(hlen);
  py::Literal d;
  try {
    d = py::parse_literal(text);
  } catch (const ValueError& e) {
    bad_header("Cannot parse header: " + py::repr_str(text) + " (" + e.what() + ")");
  }
  if (!d.is(py::Literal::Kind::Dict))
    bad_header("Header is not a dictionary: " + py::repr_str(text));
  const py::Literal *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (size_t i = 0; i < d.keys.size(); ++i) {
    const py::Literal& k = d.keys[i];
    const py::Literal& v = d.values[i];
    if (!k.is(py::Literal::Kind::Str))
      bad_header("Header does not contain the correct keys: " + text);
    if (k.s == "descr" && !descr) {
      descr = &v;
    } else if (k.s == "fortran_order" && !fortran) {
      fortran = &v;
    } else if (k.s == "shape" && !shape) {
      shape = &v;
    } else {
      bad_header("Header does not contain the correct keys: " + text);
    }
  }
  if (!descr || !fortran || !shape) bad_header("Header does not contain the correct keys: " + text);
  if (!shape->is(py::Literal::Kind::Tuple)) bad_header("shape is not valid: " + text);
  if (shape->items.size() > static_cast<size_t>(kMaxDims))
    bad_header("shape has too many dimensions: " + text);
  for (const auto& dim : shape->items) {
    if (!dim.is(py::Literal::Kind::Int) || dim.int_overflow || dim.i < 0)
      bad_header("shape is not valid: " + text);
    h.shape.push_back(dim.i);
  }
  if (!fortran->is(py::Literal::Kind::Bool))
    bad_header("fortran_order is not a valid bool: " + text);
  h.fortran_order = fortran->b;
  if (descr->is(py::Literal::Kind::Str) &&
      (descr->s == "|O" || descr->s == "O" || descr->s == "<O" || descr->s == ">O")) {
    bad_header("Object arrays cannot be loaded when allow_pickle=False");
  }
  try {
    h.dtype = detail::dtype_from_descr_literal(*descr);
  } catch (const TypeError& e) {
    bad_header(std::string("descr is not a valid dtype descriptor: ") + e.what());
  } catch (const ValueError& e) {
    bad_header(std::string("descr is not a valid dtype descriptor: ") + e.what());
  }
  if (h.dtype.has_subarray()) {
    // NumPy folds a subarray descr into the shape.
    for (int64_t d : h.dtype.subarray_shape())
      h.shape.push_back(d);
    h.dtype = h.dtype.subarray_base();
  }
  int64_t count = 1;
  for (int64_t dim : h.shape) {
    if (__builtin_mul_overflow(count, dim, &count))
      bad_header("shape " + py::repr_shape(h.shape) + " overflows the array size");
  }
  int64_t nbytes;
  if (__builtin_mul_overflow(count, h.dtype.itemsize(), &nbytes)) {
    bad_header("shape " + py::repr_shape(h.shape) + " times itemsize overflows the array size");
  }
  return h;
}

namespace {

int64_t data_bytes(const NpyHeader& h) {
  return shape_size(h.shape) * h.dtype.itemsize();
}

Strides header_strides(const NpyHeader& h) {
  return fill_strides(h.shape, h.dtype.itemsize(), h.fortran_order ? Order::F : Order::C);
}

void check_data_length(const NpyHeader& h, int64_t available) {
  int64_t need = data_bytes(h);
  if (available < need) {
    throw ValueError("EOF: reading array data, expected " + std::to_string(need) + " bytes got " +
                     std::to_string(available));
  }
}

}  // namespace

Array npy_from_bytes(std::string_view bytes) {
  NpyHeader h = parse_npy_header(bytes, static_cast<int64_t>(bytes.size()));
  check_data_length(h, static_cast<int64_t>(bytes.size()) - h.data_offset);
  Array a = Array::empty(h.shape, h.dtype, h.fortran_order ? Order::F : Order::C);
  std::memcpy(a.data(), bytes.data() + h.data_offset, static_cast<size_t>(data_bytes(h)));
  return a;
}

MmapMode parse_mmap_mode(std::string_view mode) {
  if (mode.empty() || mode == "None") return MmapMode::None;
  if (mode == "r") return MmapMode::ReadOnly;
  if (mode == "r+") return MmapMode::ReadWrite;
  if (mode == "c") return MmapMode::CopyOnWrite;
  throw ValueError("mode must be one of ['r', 'c', 'r+', 'w+'] for .npy memory maps, got '" +
                   std::string(mode) + "'");
}

Array load_npy(const std::string& path, MmapMode mmap_mode, int64_t max_header_size) {
  int flags = mmap_mode == MmapMode::ReadWrite ? O_RDWR : O_RDONLY;
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw OSError("cannot open '" + path + "': " + std::strerror(errno));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw OSError("cannot stat '" + path + "': " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw OSError("'" + path + "' is not a regular file");
  const int64_t file_size = st.st_size;
  // Read at most the largest legal header first.
  const int64_t header_cap = std::max<int64_t>(max_header_size, 0);
  std::string prefix(static_cast<size_t>(std::min<int64_t>(file_size, 12 + header_cap + 1)), '\0');
  ssize_t got = ::pread(fd, prefix.data(), prefix.size(), 0);
  if (got < 0) throw OSError("cannot read '" + path + "': " + std::strerror(errno));
  prefix.resize(static_cast<size_t>(got));
  NpyHeader h = parse_npy_header(prefix, file_size, header_cap);
  check_data_length(h, file_size - h.data_offset);
  int64_t nbytes = data_bytes(h);
  if (mmap_mode != MmapMode::None && nbytes > 0) {
    int prot = mmap_mode == MmapMode::ReadOnly ? PROT_READ : PROT_READ | PROT_WRITE;
    int map_flags = mmap_mode == MmapMode::CopyOnWrite ? MAP_PRIVATE : MAP_SHARED;
    size_t map_len = static_cast<size_t>(h.data_offset + nbytes);
    void* p = ::mmap(nullptr, map_len, prot, map_flags, fd, 0);
    if (p == MAP_FAILED) throw OSError("cannot map '" + path + "': " + std::strerror(errno));
    auto buffer = Buffer::wrap(
        static_cast<std::byte*>(p), static_cast<int64_t>(map_len),
        [map_len](std::byte* q) { ::munmap(q, map_len); }, mmap_mode != MmapMode::ReadOnly);
    return Array::from_buffer(buffer, h.dtype, h.shape, header_strides(h), h.data_offset,
                              mmap_mode != MmapMode::ReadOnly);
  }
  Array a = Array::empty(h.shape, h.dtype, h.fortran_order ? Order::F : Order::C);
  int64_t done = 0;
  while (done < nbytes) {
    ssize_t r =
        ::pread(fd, a.data() + done, static_cast<size_t>(nbytes - done), h.data_offset + done);
    if (r <= 0) throw OSError("error reading '" + path + "'");
    done += r;
  }
  return a;
}

}  // namespace np
