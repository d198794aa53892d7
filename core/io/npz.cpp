// .npz archives through libzip. Member names are checked (no absolute paths, no `..`, no
// duplicates); each member's declared size is checked against the .npy header and against the
// deflate ratio bound before anything is inflated, so a zip bomb costs no memory.
#include <zip.h>

#include <cstring>
#include <memory>
#include <set>

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

std::string zip_error_text(int code) {
  zip_error_t err;
  zip_error_init_with_code(&err, code);
  std::string s = zip_error_strerror(&err);
  zip_error_fini(&err);
  return s;
}

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

void savez(const std::string& path, const NamedArrays& arrays, bool compressed) {
  std::set<std::string> seen;
  for (const auto& [name, a] : arrays) {
    check_member_name(name + ".npy");
    if (!seen.insert(name).second) throw ValueError("duplicate array name '" + name + "' in savez");
  }
  int err = 0;
  zip_t* raw = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!raw) throw OSError("cannot create '" + path + "': " + zip_error_text(err));
  std::unique_ptr<zip_t, ZipCloser> z(raw);
  // Member bytes must stay alive until zip_close.
  std::vector<std::string> payloads;
  payloads.reserve(arrays.size());
  for (const auto& [name, a] : arrays) {
    payloads.push_back(npy_bytes(a));
    const std::string& bytes = payloads.back();
    zip_source_t* src = zip_source_buffer(z.get(), bytes.data(), bytes.size(), 0);
    if (!src) throw OSError("libzip: " + std::string(zip_strerror(z.get())));
    zip_int64_t idx = zip_file_add(z.get(), (name + ".npy").c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      throw OSError("libzip: " + std::string(zip_strerror(z.get())));
    }
    zip_set_file_compression(z.get(), static_cast<zip_uint64_t>(idx),
                             compressed ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  if (zip_close(z.get()) != 0)
    throw OSError("cannot write '" + path + "': " + zip_strerror(z.get()));
  (void)z.release();
}

NamedArrays load_npz(const std::string& path) {
  int err = 0;
  zip_t* raw = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!raw) {
    if (err == ZIP_ER_OPEN || err == ZIP_ER_NOENT || err == ZIP_ER_READ) {
      throw OSError("cannot open '" + path + "': " + zip_error_text(err));
    }
    throw ValueError("'" + path + "' is not a valid .npz (zip) file: " + zip_error_text(err));
  }
  std::unique_ptr<zip_t, ZipCloser> z(raw);
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
    if (st.comp_method == ZIP_CM_STORE ? st.size != st.comp_size
                                       : st.size > st.comp_size * kMaxDeflateRatio + 1024) {
      throw ValueError("member '" + name + "' declares " + std::to_string(st.size) +
                       " bytes, impossible for its " + std::to_string(st.comp_size) +
                       " compressed bytes");
    }
    zip_file_t* f = zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0);
    if (!f) throw ValueError("cannot open member '" + name + "': " + zip_strerror(z.get()));
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(f, zip_fclose);
    // Read the header first and check the declared size against it before reading the data.
    std::string head(static_cast<size_t>(std::min<zip_uint64_t>(st.size, 12 + kMaxHeaderSize + 1)),
                     '\0');
    zip_int64_t got = zip_fread(file.get(), head.data(), head.size());
    if (got < 0) throw ValueError("corrupt member '" + name + "'");
    head.resize(static_cast<size_t>(got));
    NpyHeader h = parse_npy_header(head, static_cast<int64_t>(st.size));
    int64_t need = shape_size(h.shape) * h.dtype.itemsize();
    if (static_cast<int64_t>(st.size) - h.data_offset != need) {
      throw ValueError("member '" + name + "' holds " + std::to_string(st.size - h.data_offset) +
                       " data bytes but its header describes " + std::to_string(need));
    }
    Array a = Array::empty(h.shape, h.dtype, h.fortran_order ? Order::F : Order::C);
    int64_t have = static_cast<int64_t>(head.size()) - h.data_offset;
    std::memcpy(a.data(), head.data() + h.data_offset, static_cast<size_t>(std::min(have, need)));
    int64_t done = std::min(have, need);
    while (done < need) {
      zip_int64_t r =
          zip_fread(file.get(), a.data() + done, static_cast<zip_uint64_t>(need - done));
      if (r <= 0) throw ValueError("member '" + name + "' is truncated or corrupt");
      done += r;
    }
    char extra;
    if (zip_fread(file.get(), &extra, 1) > 0) {
      throw ValueError("member '" + name + "' inflates beyond its declared size");
    }
    std::string key = name;
    if (key.size() > 4 && key.compare(key.size() - 4, 4, ".npy") == 0) key.resize(key.size() - 4);
    out.emplace_back(key, std::move(a));
  }
  return out;
}

}  // namespace np
