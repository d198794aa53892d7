// .npz archives through libzip. Member names are checked (no absolute paths, no `..`, no
// duplicates); each member's declared size is checked against the .npy header and against the
// deflate ratio bound before anything is inflated, so a zip bomb costs no memory.
#include <sys/stat.h>
#include <zip.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "io/file_io.hpp"
#include "np/errors.hpp"
#include "np/io.hpp"

namespace np {

namespace {

constexpr uint64_t kMaxDeflateRatio = 1032;  // the most deflate can compress

struct ZipCloser {
  void operator()(zip_t* z) const {
    if (z) zip_discard(z);
  }
};

void check_member_name(const std::string& name) {
  if (name.empty() || name[0] == '/' || name.find('\0') != std::string::npos ||
      name.find('\\') != std::string::npos) {
    throw ValueError("unsafe member name in .npz archive: '" + name + "'");
  }
  size_t p = 0;
  while (p <= name.size()) {
    size_t q = name.find('/', p);
    std::string part = name.substr(p, q == std::string::npos ? std::string::npos : q - p);
    if (part == "..") throw ValueError("unsafe member name in .npz archive: '" + name + "'");
    if (q == std::string::npos) break;
    p = q + 1;
  }
}

}  // namespace

namespace {

using SourcePtr = std::unique_ptr<zip_source_t, decltype(&zip_source_free)>;

[[noreturn]] void libzip_failure(const std::string& what, zip_error_t* err) {
  std::string text = zip_error_strerror(err);
  zip_error_fini(err);
  throw OSError("libzip: " + what + ": " + text);
}

// Adds every array as a "<name>.npy" member of `z`; `payloads` keeps the bytes until zip_close.
void add_members(zip_t* z, const NamedArrays& arrays, bool compressed,
                 std::vector<std::string>& payloads) {
  payloads.reserve(arrays.size());
  for (const auto& [name, a] : arrays) {
    payloads.push_back(npy_bytes(a));
    const std::string& bytes = payloads.back();
    zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    if (!src) throw OSError("libzip: " + std::string(zip_strerror(z)));
    zip_int64_t idx = zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      throw OSError("libzip: " + std::string(zip_strerror(z)));
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx),
                             compressed ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
}

// The bytes of the finished in-memory archive `mem` (an empty archive is libzip's "deleted").
std::string archive_bytes(zip_source_t* mem) {
  // The end-of-central-directory record alone: what Python's zipfile writes for no members.
  static constexpr char kEmptyZip[22] = {'P', 'K', 5, 6};
  if (zip_source_is_deleted(mem)) return {kEmptyZip, sizeof kEmptyZip};
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(mem, &st) < 0 || zip_source_open(mem) < 0)
    throw OSError("libzip: " + std::string(zip_error_strerror(zip_source_error(mem))));
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_int64_t got = zip_source_read(mem, out.data(), st.size);
  zip_source_close(mem);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
    throw OSError("libzip: short read of the archive built in memory");
  return out;
}

// The whole .npz for `arrays`, built in memory so the file can be written like any other output.
std::string npz_bytes(const NamedArrays& arrays, bool compressed) {
  zip_error_t err;
  zip_error_init(&err);
  SourcePtr mem(zip_source_buffer_create(nullptr, 0, 0, &err), zip_source_free);
  if (!mem) libzip_failure("cannot create an archive buffer", &err);
  zip_source_keep(mem.get());  // the archive's close must not free it: its bytes are read after
  std::unique_ptr<zip_t, ZipCloser> z(zip_open_from_source(mem.get(), ZIP_TRUNCATE, &err));
  if (!z) {
    zip_source_free(mem.get());  // the reference zip_open_from_source did not take
    libzip_failure("cannot create an archive", &err);
  }
  zip_error_fini(&err);
  std::vector<std::string> payloads;  // member bytes must stay alive until zip_close
  add_members(z.get(), arrays, compressed, payloads);
  if (zip_close(z.get()) != 0) throw OSError("libzip: " + std::string(zip_strerror(z.get())));
  (void)z.release();
  return archive_bytes(mem.get());
}

}  // namespace

void savez(const std::string& path, const NamedArrays& arrays, bool compressed) {
  std::set<std::string> seen;
  for (const auto& [name, a] : arrays) {
    check_member_name(name + ".npy");
    if (!seen.insert(name).second) throw ValueError("duplicate array name '" + name + "' in savez");
  }
  std::string bytes = npz_bytes(arrays, compressed);
  const std::string_view chunks[] = {bytes};
  io::write_file(path, chunks);
}

namespace {

// Opens `path` as a read-only archive, refusing non-regular files without blocking on them.
std::unique_ptr<zip_t, ZipCloser> open_archive(const std::string& path) {
  struct stat st {};
  io::Fd fd = io::open_regular_file(path, false, st);
  if (st.st_size == 0) {
    throw ValueError("'" + path + "' is not a valid .npz (zip) file: No data left in file");
  }
  FILE* fp = ::fdopen(fd.get(), "rb");
  if (fp == nullptr) io::throw_os_error(errno, path);
  (void)fd.release();  // fp owns it now
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_filep_create(fp, 0, -1, &err);
  if (src == nullptr) {
    std::fclose(fp);
    libzip_failure("cannot read '" + path + "'", &err);
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (z == nullptr) {
    zip_source_free(src);  // closes fp
    int code = zip_error_code_zip(&err);
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK) {
      libzip_failure("cannot read '" + path + "'", &err);
    }
    std::string text = zip_error_strerror(&err);
    zip_error_fini(&err);
    throw ValueError("'" + path + "' is not a valid .npz (zip) file: " + text);
  }
  zip_error_fini(&err);
  return std::unique_ptr<zip_t, ZipCloser>(z);
}

// Refuses a member whose declared size it cannot hold: a stored member is as long as its
// compressed bytes, a deflated one at most kMaxDeflateRatio times longer (checked without
// overflow, so a huge compressed size cannot wrap the bound).
void check_declared_size(const zip_stat_t& st, const std::string& name) {
  zip_uint64_t bound = 0;
  bool ok = st.size <= static_cast<zip_uint64_t>(INT64_MAX);
  if (st.comp_method == ZIP_CM_STORE) {
    ok = ok && st.size == st.comp_size;
  } else if (!__builtin_mul_overflow(st.comp_size, kMaxDeflateRatio, &bound) &&
             !__builtin_add_overflow(bound, zip_uint64_t{1024}, &bound)) {
    ok = ok && st.size <= bound;
  }
  if (!ok) {
    throw ValueError("member '" + name + "' declares " + std::to_string(st.size) +
                     " bytes, impossible for its " + std::to_string(st.comp_size) +
                     " compressed bytes");
  }
}

// Reads up to `n` bytes, fewer only at the member's end; ValueError on a corrupt stream.
int64_t read_member_bytes(zip_file_t* f, std::byte* out, int64_t n, const std::string& name) {
  int64_t done = 0;
  while (done < n) {
    zip_int64_t r = zip_fread(f, out + done, static_cast<zip_uint64_t>(n - done));
    if (r < 0) throw ValueError("member '" + name + "' is corrupt: " + zip_file_strerror(f));
    if (r == 0) break;
    done += r;
  }
  return done;
}

std::string read_head(zip_file_t* f, int64_t n, const std::string& name) {
  std::string s(static_cast<size_t>(n), '\0');
  s.resize(
      static_cast<size_t>(read_member_bytes(f, reinterpret_cast<std::byte*>(s.data()), n, name)));
  return s;
}

// One member: its header (only as much as max_header_size allows), checked against the declared
// size, then exactly its data; every result byte is read from the member or the load fails.
Array read_member(zip_t* z, zip_uint64_t index, const zip_stat_t& st, const std::string& name,
                  int64_t max_header_size) {
  zip_file_t* f = zip_fopen_index(z, index, 0);
  if (!f) throw ValueError("cannot open member '" + name + "': " + zip_strerror(z));
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(f, zip_fclose);
  const auto size = static_cast<int64_t>(st.size);  // <= INT64_MAX: check_declared_size
  std::string head = read_head(file.get(), std::min(size, kNpyPreambleMax), name);
  int64_t need = npy_header_bytes_needed(head, max_header_size);
  if (need > static_cast<int64_t>(head.size()) && need <= size)
    head += read_head(file.get(), need - static_cast<int64_t>(head.size()), name);
  NpyHeader h = parse_npy_header(head, size, max_header_size);
  const int64_t nbytes = npy_data_bytes(h);
  if (size - h.data_offset != nbytes) {
    throw ValueError("member '" + name + "' holds " + std::to_string(size - h.data_offset) +
                     " data bytes but its header describes " + std::to_string(nbytes));
  }
  Array a = npy_result_array(h);
  if (read_member_bytes(file.get(), a.data(), nbytes, name) != nbytes)
    throw ValueError("member '" + name + "' is truncated or corrupt");
  char extra;
  if (zip_fread(file.get(), &extra, 1) > 0) {
    throw ValueError("member '" + name + "' inflates beyond its declared size");
  }
  return a;
}

}  // namespace

NamedArrays load_npz(const std::string& path, int64_t max_header_size) {
  auto z = open_archive(path);
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  NamedArrays out;
  std::set<std::string> names;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      throw ValueError("cannot read entry " + std::to_string(i) + " of '" + path + "'");
    }
    std::string name = st.name ? st.name : "";
    check_member_name(name);
    if (!names.insert(name).second)
      throw ValueError("duplicate member '" + name + "' in '" + path + "'");
    check_declared_size(st, name);
    Array a = read_member(z.get(), static_cast<zip_uint64_t>(i), st, name, max_header_size);
    std::string key = name;
    if (key.size() > 4 && key.compare(key.size() - 4, 4, ".npy") == 0) key.resize(key.size() - 4);
    out.emplace_back(key, std::move(a));
  }
  return out;
}

}  // namespace np
