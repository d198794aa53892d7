// The plugin loader (see np/plugins.hpp): search path, candidate discovery, Boost.DLL loading,
// ABI validation, init with staged registration, and the process-wide record of plugins.
#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <system_error>
#include <tuple>

#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "plugins/plugin_host.hpp"
#include "plugins/plugin_loader_internal.hpp"
#include "util/logging.hpp"

namespace fs = std::filesystem;

namespace np::plugins {

namespace {

// Process-wide loader state. Libraries are never unloaded: loops, names and resolvers registered
// by a plugin point into its image, and the registry lives until exit. The state object itself is
// leaked on purpose so that no exit-time destructor unloads code other statics still reference.
struct LoaderState {
  std::mutex mutex;
  std::vector<boost::dll::shared_library> libraries;
  std::vector<PluginRecord> records;
  // (registry, canonical path) -> index in records: a file registers once into a registry.
  std::map<std::pair<uint64_t, std::string>, size_t> by_path;  // keyed by Registry::id()
  bool auto_load = true;
};

LoaderState& state() {
  static auto* s = new LoaderState();
  return *s;
}

constexpr size_t kInfoV1Size = offsetof(NpPluginInfo, init) + sizeof(void*);

std::string describe_status(NpStatus status) {
  switch (status) {
    case NP_STATUS_INVALID_ARGUMENT:
      return "invalid argument";
    case NP_STATUS_DUPLICATE:
      return "duplicate registration";
    case NP_STATUS_NOT_FOUND:
      return "not found";
    case NP_STATUS_ABI_MISMATCH:
      return "ABI mismatch";
    default:
      return "failed (status " + std::to_string(static_cast<int>(status)) + ")";
  }
}

// Why dlopen rejects a file, in words: Boost.DLL 1.74 reduces dlerror() to an error code, so the
// file is inspected (and, if it looks like an ELF object, dlopen asked again for its message).
std::string diagnose_load_failure(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open the file";
  char magic[4] = {};
  in.read(magic, 4);
  if (in.gcount() == 0) return "not a shared library (empty file)";
  if (in.gcount() < 4 || std::memcmp(magic,
                                     "\x7f"
                                     "ELF",
                                     4) != 0) {
    return "not a shared library (no ELF header)";
  }
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle != nullptr) {  // loads now (a transient failure); report it as such
    dlclose(handle);
    return "the library could not be loaded";
  }
  const char* message = dlerror();
  return std::string("cannot load: ") + (message != nullptr ? message : "unknown dlopen error");
}

bool world_writable_dir(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  return (st.st_mode & S_IWOTH) != 0 && (st.st_mode & S_ISVTX) == 0;
}

PluginRecord rejected_record(const std::string& path, std::string reason) {
  PluginRecord r;
  r.path = path;
  r.status = PluginStatus::Failed;
  r.reason = std::move(reason);
  return r;
}

void log_failure(const PluginRecord& r) {
  core_logger().warn("plugin {} not loaded: {}", r.path, r.reason);
}

struct Attempt {
  PluginRecord record;
  NpRegistrar staged;
  boost::dll::shared_library library;
  bool pending = false;  // init succeeded; waiting to commit
};

// Loads `path`, validates the entry and runs init into a staging registrar. On failure the
// record says why and the library is dropped (it never registered anything).
void open_and_init(const std::string& path, Attempt& a) {
  a.record.path = path;
  a.record.status = PluginStatus::Failed;
  boost::dll::fs::error_code ec;
  a.library.load(boost::dll::fs::path(path),
                 boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !a.library.is_loaded()) {
    a.record.reason = diagnose_load_failure(path);
    return;
  }
  if (!a.library.has(NP_PLUGIN_ENTRY_NAME)) {
    a.record.reason =
        std::string("not a numpy-plugins plugin: no '") + NP_PLUGIN_ENTRY_NAME + "' entry point";
    return;
  }
  auto entry = a.library.get<const NpPluginInfo*()>(NP_PLUGIN_ENTRY_NAME);
  const NpPluginInfo* info = nullptr;
  try {
    info = entry();
  } catch (...) {
    a.record.reason = "the entry point threw an exception";
    return;
  }
  if (info == nullptr) {
    a.record.reason = "the entry point returned NULL";
    return;
  }
  a.record.abi_major = info->abi_major;
  a.record.abi_minor = info->abi_minor;
  if (info->abi_major != NP_PLUGIN_ABI_MAJOR) {
    a.record.reason = "incompatible plugin ABI: expected major " +
                      std::to_string(NP_PLUGIN_ABI_MAJOR) + ", got " +
                      std::to_string(info->abi_major);
    return;
  }
  if (info->abi_minor > NP_PLUGIN_ABI_MINOR) {
    a.record.reason =
        "plugin needs a newer host: expected ABI minor <= " + std::to_string(NP_PLUGIN_ABI_MINOR) +
        ", got " + std::to_string(info->abi_minor);
    return;
  }
  if (info->struct_size < kInfoV1Size) {
    a.record.reason = "NpPluginInfo too small: expected at least " + std::to_string(kInfoV1Size) +
                      " bytes, got " + std::to_string(info->struct_size);
    return;
  }
  if (info->name == nullptr || *info->name == '\0' || info->init == nullptr) {
    a.record.reason = "NpPluginInfo has no name or no init function";
    return;
  }
  auto text = [](const char* s) { return std::string(s != nullptr ? s : ""); };
  a.record.name = info->name;
  a.record.version = text(info->version);
  a.record.family = text(info->family);
  a.record.description = text(info->description);
  a.record.license = text(info->license);
  a.staged.plugin_name = a.record.name;
  const char* message = nullptr;
  NpStatus status = NP_STATUS_FAILED;
  try {
    status = info->init(detail::host_api(), &a.staged, &message);
  } catch (const std::exception& e) {
    a.record.reason = std::string("init threw an exception: ") + e.what();
    return;
  } catch (...) {
    a.record.reason = "init threw an exception";
    return;
  }
  if (status != NP_STATUS_OK) {
    std::string why = message != nullptr ? message : a.staged.last_error;
    a.record.reason = "init failed (" + describe_status(status) + ")" +
                      (why.empty() ? std::string() : ": " + why);
    return;
  }
  a.pending = true;
}

// Commits the pending attempts, retrying those whose loops target ufuncs of plugins committed
// later, until no attempt makes progress.
void commit_all(Registry& registry, std::vector<Attempt>& attempts) {
  bool progress = true;
  while (progress) {
    progress = false;
    for (Attempt& a : attempts) {
      if (!a.pending) continue;
      std::string reason;
      auto result = detail::commit(a.staged, registry, a.record, reason);
      if (result == detail::CommitResult::MissingUFunc) {
        a.record.reason = reason;
        continue;  // maybe after another plugin
      }
      a.pending = false;
      progress = true;
      if (result == detail::CommitResult::Committed) {
        a.record.status = PluginStatus::Loaded;
        a.record.reason.clear();
      } else {
        a.record.reason = reason;
      }
    }
  }
  for (Attempt& a : attempts)
    a.pending = false;  // left with a missing ufunc: failed
}

std::string canonical_or_empty(const std::string& p, std::string* error) {
  std::error_code ec;
  fs::path c = fs::canonical(p, ec);
  if (ec) {
    if (error != nullptr) *error = "cannot resolve the path: " + ec.message();
    return {};
  }
  return c.string();
}

}  // namespace

std::string default_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&default_directory), &info) == 0 ||
      info.dli_fname == nullptr) {
    return {};
  }
  std::error_code ec;
  fs::path lib = fs::canonical(info.dli_fname, ec);
  if (ec) return {};
  return (lib.parent_path() / "numpy-plugins").string();
}

std::vector<std::string> search_path() {
  const char* env = std::getenv("NUMPY_PLUGINS_PATH");
  if (env != nullptr && std::string_view(env) == "disable") return {};
  std::vector<std::string> out;
  std::string dflt = default_directory();
  if (!dflt.empty()) out.push_back(dflt);
  if (env != nullptr) {
    std::string_view rest = env;
    while (true) {
      size_t colon = rest.find(':');
      std::string_view item = rest.substr(0, colon);
      if (!item.empty()) out.emplace_back(item);  // empty entries mean nothing
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  return out;
}

std::vector<std::string> candidates(const std::vector<std::string>& entries,
                                    std::vector<PluginRecord>* rejected) {
  auto reject = [&](const std::string& path, std::string reason) {
    PluginRecord r = rejected_record(path, std::move(reason));
    log_failure(r);
    if (rejected != nullptr) rejected->push_back(std::move(r));
  };
  // Order: the default directory's plugins first (the project's own families win name clashes),
  // then everything else; within each group by (file name, canonical path), so the order does
  // not depend on the order of the entries.
  const std::string default_dir = default_directory();
  std::set<std::tuple<int, std::string, std::string>> found;
  std::set<std::string> seen;
  int group = 1;
  auto consider = [&](const fs::path& file) {
    std::string error;
    std::string canonical = canonical_or_empty(file.string(), &error);
    if (canonical.empty()) {
      reject(file.string(), error);
      return;
    }
    if (!fs::is_regular_file(canonical)) {
      reject(file.string(), "not a regular file");
      return;
    }
    if (seen.insert(canonical).second) {
      found.emplace(group, fs::path(canonical).filename().string(), canonical);
    }
  };
  for (const std::string& entry : entries) {
    fs::path p(entry);
    group = (!default_dir.empty() && canonical_or_empty(entry, nullptr) == default_dir) ? 0 : 1;
    if (!p.is_absolute()) {
      reject(entry, "relative plugin paths are not searched (use an absolute path)");
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      if (world_writable_dir(p)) {
        reject(entry, "the directory is world-writable; not searched");
        continue;
      }
      std::vector<fs::path> files;
      for (const auto& de : fs::directory_iterator(p, ec)) {
        if (de.path().extension() == ".so") files.push_back(de.path());
      }
      if (ec) {
        reject(entry, "cannot list the directory: " + ec.message());
        continue;
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files)
        consider(f);
    } else if (fs::exists(p, ec) || fs::is_symlink(p, ec)) {
      consider(p);
    } else {
      core_logger().debug("plugin path entry {} does not exist", entry);
    }
  }
  std::vector<std::string> out;
  for (const auto& [rank, name, path] : found)
    out.push_back(path);
  return out;
}

std::vector<PluginRecord> load_files(Registry& registry, const std::vector<std::string>& files) {
  return detail::load_files_observed(registry, files, nullptr);
}

namespace detail {

std::vector<PluginRecord> load_files_observed(
    Registry& registry, const std::vector<std::string>& files,
    const std::function<void(const std::string&)>& before_open) {
  LoaderState& s = state();
  std::lock_guard lock(s.mutex);
  std::vector<PluginRecord> out(files.size());
  std::vector<Attempt> attempts;
  std::vector<size_t> attempt_slot;
  std::set<std::string> in_this_call;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string error;
    std::string path = canonical_or_empty(files[i], &error);
    if (path.empty()) {
      out[i] = rejected_record(files[i], error);
      log_failure(out[i]);
      continue;
    }
    if (auto it = s.by_path.find({registry.id(), path}); it != s.by_path.end()) {
      out[i] = s.records[it->second];  // loaded (or failed) into this registry before
      continue;
    }
    if (!in_this_call.insert(path).second) continue;
    attempts.emplace_back();
    attempt_slot.push_back(i);
    if (before_open) before_open(path);
    open_and_init(path, attempts.back());
  }
  commit_all(registry, attempts);
  for (size_t k = 0; k < attempts.size(); ++k) {
    Attempt& a = attempts[k];
    if (a.record.status == PluginStatus::Loaded) {
      s.libraries.push_back(std::move(a.library));
      core_logger().info("loaded plugin {} {} from {}", a.record.name, a.record.version,
                         a.record.path);
    } else {
      log_failure(a.record);
      // A library whose init ran stays mapped: init may have started threads or registered
      // atexit handlers despite failing, and unmapping it would leave them dangling.
      if (a.library.is_loaded()) s.libraries.push_back(std::move(a.library));
    }
    s.by_path[{registry.id(), a.record.path}] = s.records.size();
    s.records.push_back(a.record);
    out[attempt_slot[k]] = a.record;
  }
  // Files repeated within this call report the record of their first occurrence.
  for (size_t i = 0; i < files.size(); ++i) {
    if (!out[i].path.empty()) continue;
    std::string path = canonical_or_empty(files[i], nullptr);
    if (auto it = s.by_path.find({registry.id(), path}); it != s.by_path.end()) {
      out[i] = s.records[it->second];
    }
  }
  return out;
}

}  // namespace detail

std::vector<PluginRecord> load_path(Registry& registry, const std::vector<std::string>& entries) {
  std::vector<PluginRecord> rejected;
  std::vector<std::string> files = candidates(entries, &rejected);
  std::vector<PluginRecord> out = load_files(registry, files);
  out.insert(out.end(), rejected.begin(), rejected.end());
  return out;
}

PluginRecord check_file(const std::string& path) {
  std::string error;
  std::string canonical = canonical_or_empty(path, &error);
  if (canonical.empty()) return rejected_record(path, error);
  if (!fs::is_regular_file(canonical)) return rejected_record(path, "not a regular file");
  Attempt a;
  open_and_init(canonical, a);
  if (!a.pending) return a.record;
  // Validate against a scratch registry holding the core functions, registering nothing (not
  // even process-wide dtypes, so the plugin still loads afterwards): catches name clashes with
  // the core and malformed loops, while loops for other plugins' ufuncs are reported as such.
  Registry scratch;
  register_core_functions(scratch);
  std::string reason;
  auto result = detail::validate(a.staged, scratch, reason);
  if (result == detail::CommitResult::Conflict) {
    a.record.reason = reason;
    return a.record;
  }
  a.record.status = PluginStatus::Loaded;
  detail::describe_staged(a.staged, a.record);
  if (result == detail::CommitResult::MissingUFunc) a.record.reason = "valid; note: " + reason;
  // Keep the library mapped (its init ran); it registered nothing in this process.
  std::lock_guard lock(state().mutex);
  state().libraries.push_back(std::move(a.library));
  return a.record;
}

std::vector<PluginRecord> loaded_plugins() {
  std::lock_guard lock(state().mutex);
  return state().records;
}

void set_auto_load(bool enabled) {
  std::lock_guard lock(state().mutex);
  state().auto_load = enabled;
}

bool auto_load_enabled() {
  {
    std::lock_guard lock(state().mutex);
    if (!state().auto_load) return false;
  }
  const char* env = std::getenv("NUMPY_PLUGINS_PATH");
  return env == nullptr || std::string_view(env) != "disable";
}

}  // namespace np::plugins
