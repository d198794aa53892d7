// .npy reading and writing (see io.hpp). The header dict is written exactly as NumPy 1.24's
// _write_array_header does (sorted keys, growth padding, 64-byte alignment).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>

#include "dtype/descr_literal.hpp"
#include "io/file_io.hpp"
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

// True when a descr names the object type anywhere (a field, a nested field, a subarray base):
// NumPy refuses those before it builds the dtype, as they would need unpickling.
bool mentions_object(const py::Literal& descr) {
  if (descr.is(py::Literal::Kind::Str)) {
    std::string_view s = descr.s;
    if (!s.empty() && (s[0] == '|' || s[0] == '<' || s[0] == '>' || s[0] == '='))
      s.remove_prefix(1);
    return s == "O" || s == "O8";
  }
  if (!descr.is(py::Literal::Kind::List)) return false;
  // A field list: (name, type) or (name, type, shape) entries; only the type can be the object.
  return std::any_of(descr.items.begin(), descr.items.end(), [](const py::Literal& field) {
    return field.is_sequence() && field.items.size() >= 2 && mentions_object(field.items[1]);
  });
}

[[noreturn]] void bad_header(const std::string& why) {
  throw ValueError(why);
}

}  // namespace

namespace {

// The header (magic to newline) for `a` in `version`, or the lowest version that fits.
std::string npy_header(const Array& a, bool fortran, std::optional<NpyVersion> version) {
  std::string text = header_text(a, fortran);
  if (!version) {
    std::string header = wrap_header(text, {1, 0});
    if (header.empty()) header = wrap_header(text, {2, 0});
    if (header.empty()) header = wrap_header(text, {3, 0});
    return header;
  }
  if (!((version->major == 1 || version->major == 2 || version->major == 3) &&
        version->minor == 0)) {
    throw ValueError("we only support format version (1,0), (2,0), and (3,0), not (" +
                     std::to_string(version->major) + ", " + std::to_string(version->minor) + ")");
  }
  std::string header = wrap_header(text, *version);
  if (header.empty())
    throw ValueError("Header length too big for version=(" + std::to_string(version->major) +
                     ", 0)");
  return header;
}

// The data section: C order elements (the transpose's for a Fortran-order file).
Array npy_data(const Array& a, bool fortran) {
  Array data = fortran ? transpose(a) : a;
  return data.c_contiguous() ? data : copy(data, Order::C);
}

std::string_view bytes_of(const Array& contiguous) {
  return {reinterpret_cast<const char*>(contiguous.data()),
          static_cast<size_t>(contiguous.nbytes())};
}

bool writes_fortran(const Array& a) {
  return a.f_contiguous() && !a.c_contiguous();
}

}  // namespace

std::string npy_bytes(const Array& a, std::optional<NpyVersion> version) {
  bool fortran = writes_fortran(a);
  std::string out = npy_header(a, fortran, version);
  out += bytes_of(npy_data(a, fortran));
  return out;
}

void save_npy(const std::string& path, const Array& a, std::optional<NpyVersion> version) {
  bool fortran = writes_fortran(a);
  std::string header = npy_header(a, fortran, version);
  Array data = npy_data(a, fortran);
  const std::string_view chunks[] = {header, bytes_of(data)};
  io::write_file(path, chunks);
}

namespace {

// Python's repr of a parsed literal, for error messages that quote header values as NumPy does.
std::string literal_repr(const py::Literal& v) {
  using K = py::Literal::Kind;
  auto join = [](const py::LiteralList& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
      out += (i ? ", " : "") + literal_repr(items[i]);
    return out;
  };
  switch (v.kind) {
    case K::None:
      return "None";
    case K::Bool:
      return v.b ? "True" : "False";
    case K::Int:
      return v.int_overflow ? "<int beyond 64 bits>" : std::to_string(v.i);
    case K::Float: {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, v.f);
      std::string out(buf, res.ptr);
      if (out.find_first_of(".eni") == std::string::npos) out += ".0";
      return out;
    }
    case K::Str:
      return py::repr_str(v.s);
    case K::List:
      return "[" + join(v.items) + "]";
    case K::Tuple:
      return "(" + join(v.items) + (v.items.size() == 1 ? ",)" : ")");
    case K::Dict: {
      std::string out = "{";
      for (size_t i = 0; i < v.keys.size(); ++i)
        out += (i ? ", " : "") + literal_repr(v.keys[i]) + ": " + literal_repr(v.values[i]);
      return out + "}";
    }
  }
  return "?";
}

struct HeaderFields {
  const py::Literal* descr = nullptr;
  const py::Literal* fortran_order = nullptr;
  const py::Literal* shape = nullptr;
};

// The three values of a header dict. As in Python a repeated key keeps its last value, and the
// key set must be exactly {'descr', 'fortran_order', 'shape'} (NumPy lists the sorted keys).
HeaderFields header_fields(const py::Literal& d) {
  if (!d.is(py::Literal::Kind::Dict)) bad_header("Header is not a dictionary: " + literal_repr(d));
  std::map<std::string, const py::Literal*> by_name;
  bool all_str = std::all_of(d.keys.begin(), d.keys.end(),
                             [](const py::Literal& k) { return k.is(py::Literal::Kind::Str); });
  for (size_t i = 0; all_str && i < d.keys.size(); ++i)
    by_name[d.keys[i].s] = &d.values[i];
  HeaderFields f;
  if (all_str && by_name.size() == 3) {
    f.descr = by_name.count("descr") ? by_name["descr"] : nullptr;
    f.fortran_order = by_name.count("fortran_order") ? by_name["fortran_order"] : nullptr;
    f.shape = by_name.count("shape") ? by_name["shape"] : nullptr;
  }
  if (!f.descr || !f.fortran_order || !f.shape) {
    std::string keys;
    if (all_str) {
      for (const auto& [name, value] : by_name)
        keys += (keys.empty() ? "" : ", ") + py::repr_str(name);
    } else {
      for (const auto& k : d.keys)
        keys += (keys.empty() ? "" : ", ") + literal_repr(k);
    }
    bad_header("Header does not contain the correct keys: [" + keys + "]");
  }
  return f;
}

// The shape tuple: ints, none negative, at most kMaxDims of them (NumPy fails on bools too).
Shape header_shape(const py::Literal& shape) {
  auto invalid = [&] { bad_header("shape is not valid: " + literal_repr(shape)); };
  if (!shape.is(py::Literal::Kind::Tuple)) invalid();
  if (shape.items.size() > static_cast<size_t>(kMaxDims)) {
    bad_header("maximum supported dimension for an ndarray is " + std::to_string(kMaxDims) +
               ", found " + std::to_string(shape.items.size()));
  }
  Shape out;
  for (const auto& dim : shape.items) {
    if (!dim.is(py::Literal::Kind::Int)) invalid();
    if (dim.int_overflow) throw OverflowError("Python int too large to convert to C long");
    if (dim.i < 0) invalid();  // NumPy reads (-1,) as a reshape wildcard; a header must not
    out.push_back(dim.i);
  }
  return out;
}

// The fixed part of a header: magic, version and the length of the header text that follows.
struct Preamble {
  NpyVersion version;
  int64_t start = 0;  // offset of the header text
  int64_t hlen = 0;   // its length (at most 2**32 - 1)
};

Preamble parse_preamble(std::string_view prefix) {
  if (prefix.size() < 8 || std::memcmp(prefix.data(), kMagic, 6) != 0) {
    if (prefix.size() < 8)
      bad_header("EOF: reading magic string, expected 8 bytes got " +
                 std::to_string(prefix.size()));
    bad_header("the magic string is not correct; expected b'\\x93NUMPY'");
  }
  Preamble p;
  p.version.major = static_cast<unsigned char>(prefix[6]);
  p.version.minor = static_cast<unsigned char>(prefix[7]);
  if (!((p.version.major >= 1 && p.version.major <= 3) && p.version.minor == 0)) {
    bad_header("we only support format version (1,0), (2,0), and (3,0), not (" +
               std::to_string(p.version.major) + ", " + std::to_string(p.version.minor) + ")");
  }
  size_t len_size = p.version.major == 1 ? 2 : 4;
  if (prefix.size() < 8 + len_size) {
    bad_header("EOF: reading array header length, expected " + std::to_string(len_size) + " bytes");
  }
  uint64_t hlen = 0;
  for (size_t i = 0; i < len_size; ++i)
    hlen |= static_cast<uint64_t>(static_cast<unsigned char>(prefix[8 + i])) << (8 * i);
  p.start = 8 + static_cast<int64_t>(len_size);
  p.hlen = static_cast<int64_t>(hlen);  // below 2**32: no sum with it can overflow
  return p;
}

}  // namespace

int64_t npy_header_bytes_needed(std::string_view preamble, int64_t max_header_size) {
  if (preamble.size() < kNpyPreambleMax) return 0;
  Preamble p = parse_preamble(preamble);
  return p.hlen > max_header_size ? 0 : p.start + p.hlen;
}

NpyHeader parse_npy_header(std::string_view prefix, int64_t file_size, int64_t max_header_size) {
  Preamble p = parse_preamble(prefix);
  const int64_t start = p.start;
  const int64_t hlen = p.hlen;
  NpyHeader h;
  h.version = p.version;
  // NumPy reads the header text before it checks its length: a file too short for it is EOF.
  if (start + hlen > file_size) {
    bad_header("EOF: reading array header, expected " + std::to_string(hlen) + " bytes got " +
               std::to_string(std::max<int64_t>(0, file_size - start)));
  }
  if (hlen > max_header_size) {
    bad_header("Header info length (" + std::to_string(hlen) +
               ") is large and may not be safe to load securely.  To allow loading, adjust "
               "`max_header_size` or fully trust the `.npy` file using `allow_pickle=True`.");
  }
  const auto have = static_cast<int64_t>(prefix.size());
  if (start + hlen > have) {  // the file shrank while it was read
    bad_header("EOF: reading array header, expected " + std::to_string(hlen) + " bytes got " +
               std::to_string(std::max<int64_t>(0, have - start)));
  }
  std::string_view raw = prefix.substr(static_cast<size_t>(start), static_cast<size_t>(hlen));
  std::string text = h.version.major == 3 ? std::string(raw) : latin1_to_utf8(raw);
  h.data_offset = start + hlen;
  py::Literal d;
  try {
    d = py::parse_literal(text);
  } catch (const ValueError& e) {
    bad_header("Cannot parse header: " + py::repr_str(text) + " (" + e.what() + ")");
  }
  HeaderFields fields = header_fields(d);
  const py::Literal* descr = fields.descr;
  h.shape = header_shape(*fields.shape);
  if (!fields.fortran_order->is(py::Literal::Kind::Bool))
    bad_header("fortran_order is not a valid bool: " + literal_repr(*fields.fortran_order));
  h.fortran_order = fields.fortran_order->b;
  if (mentions_object(*descr)) {
    bad_header("Object arrays cannot be loaded when allow_pickle=False");
  }
  try {
    h.dtype = detail::dtype_from_descr_literal(*descr);
  } catch (const TypeError& e) {
    bad_header("descr is not a valid dtype descriptor: " + literal_repr(*descr) + " (" + e.what() +
               ")");
  } catch (const ValueError& e) {
    bad_header("descr is not a valid dtype descriptor: " + literal_repr(*descr) + " (" + e.what() +
               ")");
  }
  if (h.dtype.has_subarray()) {
    // NumPy folds a subarray descr into the shape.
    for (int64_t d : h.dtype.subarray_shape())
      h.shape.push_back(d);
    h.dtype = h.dtype.subarray_base();
  }
  (void)npy_data_bytes(h);  // NumPy's size check, before anyone allocates
  return h;
}

int64_t npy_data_bytes(const NpyHeader& h) {
  // NumPy's rule (PyArray_NewFromDescr): itemsize times every non-zero dimension must fit, even
  // when a zero dimension makes the array empty; an itemsize of 0 (|S0) never overflows.
  int64_t nbytes = h.dtype.itemsize();
  bool empty = false;
  for (int64_t dim : h.shape) {
    if (dim == 0) {
      empty = true;
    } else if (__builtin_mul_overflow(nbytes, dim, &nbytes)) {
      bad_header(
          "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum "
          "possible size.");
    }
  }
  return empty ? 0 : nbytes;
}

Array npy_result_array(const NpyHeader& h) {
  if (h.dtype.itemsize() == 0) {
    // Nothing to read: keep the header's dtype exactly (an unsized |S0 or <U0 stays itemsize 0,
    // where an allocation would make it S1/U1 of uninitialised bytes); every stride is 0.
    Strides strides(h.shape.size(), 0);
    return Array::from_buffer(Buffer::allocate(0, true), h.dtype, h.shape, strides, 0);
  }
  return Array::empty(h.shape, h.dtype, h.fortran_order ? Order::F : Order::C);
}

namespace {

Strides header_strides(const NpyHeader& h) {
  return fill_strides(h.shape, h.dtype.itemsize(), h.fortran_order ? Order::F : Order::C);
}

void check_data_length(const NpyHeader& h, int64_t available) {
  int64_t need = npy_data_bytes(h);
  if (available < need) {
    throw ValueError("EOF: reading array data, expected " + std::to_string(need) + " bytes got " +
                     std::to_string(available));
  }
}

// Reads up to `n` bytes at `offset`, fewer only at the end of the file.
int64_t read_at(int fd, std::byte* out, int64_t n, int64_t offset, const std::string& path) {
  int64_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, out + done, static_cast<size_t>(n - done), offset + done);
    if (r < 0) {
      if (errno == EINTR) continue;
      io::throw_os_error(errno, path);
    }
    if (r == 0) break;
    done += r;
  }
  return done;
}

std::string read_prefix(int fd, int64_t n, const std::string& path) {
  std::string s(static_cast<size_t>(n), '\0');
  s.resize(static_cast<size_t>(read_at(fd, reinterpret_cast<std::byte*>(s.data()), n, 0, path)));
  return s;
}

// The header of an open file: the preamble first, then exactly the header text it declares (never
// more than max_header_size allows, whatever the limit: no size sum here can overflow).
NpyHeader read_header(int fd, int64_t file_size, int64_t max_header_size, const std::string& path) {
  std::string prefix = read_prefix(fd, std::min(file_size, kNpyPreambleMax), path);
  int64_t need = npy_header_bytes_needed(prefix, max_header_size);
  if (need > static_cast<int64_t>(prefix.size()))
    prefix = read_prefix(fd, std::min(file_size, need), path);
  return parse_npy_header(prefix, file_size, max_header_size);
}

Array map_npy(int fd, const NpyHeader& h, MmapMode mode, const std::string& path) {
  int prot = mode == MmapMode::ReadOnly ? PROT_READ : PROT_READ | PROT_WRITE;
  int map_flags = mode == MmapMode::CopyOnWrite ? MAP_PRIVATE : MAP_SHARED;
  // data_offset + data bytes <= file size (check_data_length): the sum cannot overflow.
  auto map_len = static_cast<size_t>(h.data_offset + npy_data_bytes(h));
  void* p = ::mmap(nullptr, map_len, prot, map_flags, fd, 0);
  if (p == MAP_FAILED) io::throw_os_error(errno, path);
  auto buffer = Buffer::wrap(
      static_cast<std::byte*>(p), static_cast<int64_t>(map_len),
      [map_len](std::byte* q) { ::munmap(q, map_len); }, mode != MmapMode::ReadOnly);
  return Array::from_buffer(buffer, h.dtype, h.shape, header_strides(h), h.data_offset,
                            mode != MmapMode::ReadOnly);
}

}  // namespace

Array npy_from_bytes(std::string_view bytes) {
  NpyHeader h = parse_npy_header(bytes, static_cast<int64_t>(bytes.size()));
  check_data_length(h, static_cast<int64_t>(bytes.size()) - h.data_offset);
  Array a = npy_result_array(h);
  std::memcpy(a.data(), bytes.data() + h.data_offset, static_cast<size_t>(npy_data_bytes(h)));
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
  struct stat st {};
  io::Fd fd = io::open_regular_file(path, mmap_mode == MmapMode::ReadWrite, st);
  const int64_t file_size = st.st_size;
  NpyHeader h = read_header(fd.get(), file_size, max_header_size, path);
  check_data_length(h, file_size - h.data_offset);
  const int64_t nbytes = npy_data_bytes(h);
  if (mmap_mode != MmapMode::None && nbytes > 0) return map_npy(fd.get(), h, mmap_mode, path);
  Array a = npy_result_array(h);
  if (read_at(fd.get(), a.data(), nbytes, h.data_offset, path) != nbytes) {
    throw OSError("'" + path + "' changed size while it was read");
  }
  return a;
}

}  // namespace np
