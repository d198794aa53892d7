// np.load, np.save, np.savez and np.savez_compressed, with NumPy 1.24's signatures.
#include <limits>

#include "np/errors.hpp"
#include "np/io.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

// np.save / np.savez append their suffix to a path that lacks it ("x" -> "x.npy").
std::string with_suffix(const std::string& path, const std::string& suffix) {
  const bool has = path.size() >= suffix.size() &&
                   path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  return has ? path : path + suffix;
}

// load's header limit: allow_pickle lifts it as in NumPy (object arrays stay refused: no
// pickles). NumPy compares the header length with a Python int: one beyond int64 is no limit
// (or, negative, refuses every header) rather than an OverflowError.
int64_t header_limit(const BoundArgs& b) {
  if (b.boolean("allow_pickle", false)) return int64_t{1} << 32;
  if (b.has("max_header_size") && b.get("max_header_size").is_big_int()) {
    return b.get("max_header_size").int_text()[0] == '-' ? std::numeric_limits<int64_t>::min()
                                                         : std::numeric_limits<int64_t>::max();
  }
  return b.integer("max_header_size", kMaxHeaderSize);
}

Results load_body(const BoundArgs& b, Registry&) {
  const Value& f = b.get("file");
  if (f.kind() == Value::Kind::Array) return one(f.as_array());  // already loaded by the caller
  const std::string& path = f.as_str("file");
  const int64_t limit = header_limit(b);
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".npz") == 0) {
    Results out;
    for (auto& [name, a] : load_npz(path, limit))
      out.emplace_back(std::move(a));
    return out;
  }
  MmapMode mode = parse_mmap_mode(b.string("mmap_mode", ""));
  return one(load_npy(path, mode, limit));
}

Results save_body(const BoundArgs& b, Registry&) {
  Array a = b.array("arr");
  save_npy(with_suffix(b.get("file").as_str("file"), ".npy"), a);
  return one(a);
}

// np.savez / np.savez_compressed: positional arrays as arr_0, arr_1, ..., keywords by name.
RoutineBody savez_body(bool compressed) {
  return [compressed](const BoundArgs& b, Registry&) {
    NamedArrays arrays;
    for (size_t i = 0; i < b.rest().size(); ++i) {
      arrays.emplace_back("arr_" + std::to_string(i), b.rest()[i].as_array("array"));
    }
    for (const auto& [key, v] : b.keywords())
      arrays.emplace_back(key, v.as_array(key));
    savez(with_suffix(b.get("file").as_str("file"), ".npz"), arrays, compressed);
    return Results{};
  };
}

}  // namespace

void register_io(Registry& r) {
  const char* savez_summary = "write arrays to a .npz archive (arr_0, arr_1, ... or keyword names)";
  add_routines(r, {
                      {"load",
                       "file, mmap_mode=None, allow_pickle=False, fix_imports=True, "
                       "encoding='ASCII', *, max_header_size=10000",
                       "np.load of a .npy (or every member of a .npz) file", load_body},
                      {"save", "file, arr, allow_pickle=True, fix_imports=True",
                       "np.save: write an array to a .npy file; returns the array", save_body},
                      {"savez", "file, *args, **kwds", savez_summary, savez_body(false)},
                      {"savez_compressed", "file, *args, **kwds", savez_summary, savez_body(true)},
                  });
}

}  // namespace np::detail
