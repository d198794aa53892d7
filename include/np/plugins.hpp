// The plugin loader: finds kernel-family plugins (shared libraries implementing np/plugin_abi.h),
// validates them and registers what they provide into a Registry.
//
// Search path, in this order (docs/plugins.md):
//   1. the default directory: `numpy-plugins/` next to the core library (in the build tree
//      <build>/lib/numpy-plugins, installed <libdir>/numpy-plugins) — relocatable, no install
//      step needed to use a build tree;
//   2. NUMPY_PLUGINS_PATH: colon-separated absolute directories or plugin files. Empty entries are
//      ignored (never the current directory), relative entries and world-writable directories are
//      refused with a warning. The value `disable` turns automatic loading off entirely.
//   3. whatever a host adds explicitly with load_path().
// Within one load, the default directory's plugins come first (the project's families win name
// clashes), then all others ordered by file name (then path), so the registry is the same for any
// permutation of the path; a plugin adding loops to a ufunc of a plugin not loaded yet is retried
// after the others. A file reached twice (symlinks, repeated entries) loads once.
//
// A candidate that is not a loadable library, lacks the entry, has an incompatible ABI, fails or
// throws in init, or registers something already registered is marked failed with a logged
// reason (spdlog, level from NUMPY_PLUGINS_LOG_LEVEL); everything else keeps working. Libraries
// stay loaded for the life of the process.
//
// Thread safety: loading is serialised by a process-wide mutex; loaded_plugins() may be called
// from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "np/plugin_abi.h"

namespace np {
class Registry;
}

namespace np::plugins {

enum class PluginStatus { Loaded, Failed };

struct LoopRecord {
  std::string ufunc;
  std::string signature;  // "dd->d"
  std::string target;     // SIMD target of the loop
};

struct PluginRecord {
  std::string path;  // absolute, symlinks resolved when possible
  std::string name, version, family, description, license;
  PluginStatus status = PluginStatus::Failed;
  std::string reason;                  // why it failed; empty when loaded
  std::vector<std::string> dtypes;     // dtypes it registered
  std::vector<std::string> ufuncs;     // ufuncs it defined
  std::vector<std::string> functions;  // general functions it defined
  std::vector<LoopRecord> loops;       // every loop it added (to its own or others' ufuncs)
  uint32_t abi_major = 0, abi_minor = 0;
};

// The directories and files searched automatically (empty when NUMPY_PLUGINS_PATH=disable).
std::vector<std::string> search_path();
// `numpy-plugins` beside the core library.
std::string default_directory();

// Candidate plugin files under the given directories/files, deduplicated and ordered.
// Unusable entries (missing, relative, world-writable, symlink loops) are returned as failed
// records in `rejected`.
std::vector<std::string> candidates(const std::vector<std::string>& entries,
                                    std::vector<PluginRecord>* rejected);

// Loads the given plugin files (absolute paths) into `registry`; returns one record per file.
// Files already loaded into this process are reported again without loading twice.
std::vector<PluginRecord> load_files(Registry& registry, const std::vector<std::string>& files);
// candidates() + load_files() for the entries; rejected entries are included as failed records.
std::vector<PluginRecord> load_path(Registry& registry, const std::vector<std::string>& entries);

// Validates one plugin file: loads it into this process (it stays mapped), checks the entry and
// ABI, runs its init, and commits what init staged into a scratch registry holding only the core
// functions — malformed loops and dtypes and name clashes with the core fail; loops for a ufunc
// of another plugin are noted, not checked. Nothing is registered in the process: no function,
// ufunc, loop or dtype reaches Registry::global() or the dtype table, so the file can still be
// loaded afterwards. Returns a failed record with the reason when it is not a valid plugin.
PluginRecord check_file(const std::string& path);

// The same checks and loads, each done first in a child process so that a plugin that crashes or
// aborts in loading or init is reported ("crashed: signal 11 ...") instead of taking the caller
// down; survivors are then loaded in this process. POSIX (fork). Used by `numpy-plugins list`.
std::vector<PluginRecord> load_path_isolated(Registry& registry,
                                             const std::vector<std::string>& entries);
PluginRecord check_file_isolated(const std::string& path);

// Every plugin record of this process so far (loaded and failed), in load order.
std::vector<PluginRecord> loaded_plugins();

// Registry::global() loads the search path on first use unless this was called with false
// beforehand (hosts that want to choose their plugins) or NUMPY_PLUGINS_PATH=disable.
void set_auto_load(bool enabled);
bool auto_load_enabled();

// NP_CPU_* bits detected with CPUID/XGETBV (OS support included), capped by
// NUMPY_PLUGINS_CPU_CAP=baseline|sse4|avx2|avx512.
uint64_t cpu_features();
std::string cpu_feature_names(uint64_t features);

// The SIMD targets of the core's own kernels (argmax/argmin/any/all reductions, typed casts),
// chosen once from cpu_features(), for `numpy-plugins list`.
struct CoreKernelTarget {
  std::string kernels;  // what they compute
  std::string target;   // "sse2", "avx2", "avx512", ...
};
std::vector<CoreKernelTarget> core_kernel_targets();

}  // namespace np::plugins
