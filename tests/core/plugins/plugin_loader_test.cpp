// The plugin loader in-process: the project's plugins, the fault plugins (one reason each, the
// host keeps running), files that are not plugins, deduplication, deferred commits, order
// independence, the search path, check_file and crash isolation.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "np/errors.hpp"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"

namespace np {
namespace {

namespace fs = std::filesystem;
using plugins::PluginRecord;
using plugins::PluginStatus;

std::string fault(const std::string& name) {
  return std::string(NP_FAULT_DIR) + "/fault_" + name + ".so";
}
std::string project_plugin(const std::string& name) {
  return std::string(NP_PLUGIN_DIR) + "/numpy_plugins_" + name + ".so";
}

const PluginRecord& find(const std::vector<PluginRecord>& records, const std::string& path_part) {
  for (const auto& r : records) {
    if (r.path.find(path_part) != std::string::npos) return r;
  }
  static PluginRecord missing;
  ADD_FAILURE() << "no record for " << path_part;
  return missing;
}

struct ScratchRegistry {
  Registry registry;
  ScratchRegistry() { register_core_functions(registry); }
};

// A fresh temporary directory, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "np_plugin_test_XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
    fs::permissions(path, fs::perms::owner_all);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

TEST(PluginLoader, ProjectPluginsRegisterTheirUfuncs) {
  ScratchRegistry s;
  auto records = plugins::load_path(s.registry, {NP_PLUGIN_DIR});
  const PluginRecord& arith = find(records, "numpy_plugins_arith");
  ASSERT_EQ(arith.status, PluginStatus::Loaded) << arith.reason;
  EXPECT_EQ(arith.name, "arith");
  EXPECT_EQ(arith.license, "BSD-3-Clause");
  EXPECT_EQ(arith.abi_major, static_cast<uint32_t>(NP_PLUGIN_ABI_MAJOR));
  const UFunc* add = s.registry.find_ufunc("add");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->spec().owner, "arith");
  EXPECT_EQ(add->loops().front().signature(),
            "?"
            "?->?");
  const PluginRecord& bitwise = find(records, "numpy_plugins_bitwise");
  ASSERT_EQ(bitwise.status, PluginStatus::Loaded);
  EXPECT_EQ(bitwise.functions, (std::vector<std::string>{"packbits", "unpackbits"}));
  EXPECT_TRUE(s.registry.contains("packbits"));
  // Loading again into the same registry is a no-op reported with the same record.
  auto again = plugins::load_files(s.registry, {project_plugin("arith")});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, PluginStatus::Loaded);
}

TEST(PluginLoader, EveryFaultHasItsReasonAndTheRestLoad) {
  ScratchRegistry s;
  plugins::load_files(s.registry, {project_plugin("arith")});
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"no_entry", "no 'np_plugin_entry_v1' entry point"},
      {"wrong_major", "expected major 1, got 99"},
      {"newer_minor", "expected ABI minor <= " + std::to_string(NP_PLUGIN_ABI_MINOR) + ", got " +
                          std::to_string(NP_PLUGIN_ABI_MINOR + 7)},
      {"short_struct", "got 8"},
      {"init_error", "this plugin refuses to initialise"},
      {"init_throws", "init threw an exception: init threw on purpose"},
      {"unresolved", "undefined symbol: np_fault_symbol_nobody_defines"},
      {"duplicate_ufunc", "ufunc 'add' is already registered by 'arith'"},
      {"duplicate_loop", "loop b->b of 'negative' is already registered by 'arith'"},
      {"bad_loop", "bad type codes 'z->z'"},
  };
  std::vector<std::string> files;
  for (const auto& [name, reason] : expected)
    files.push_back(fault(name));
  auto records = plugins::load_files(s.registry, files);
  ASSERT_EQ(records.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(records[i].status, PluginStatus::Failed) << expected[i].first;
    EXPECT_NE(records[i].reason.find(expected[i].second), std::string::npos)
        << expected[i].first << ": " << records[i].reason;
  }
  // A failed plugin registered nothing (staged registration is all or nothing).
  EXPECT_EQ(s.registry.find_ufunc("fault_bad"), nullptr);
  EXPECT_EQ(s.registry.ufunc("add").spec().owner, "arith");
  // The host still computes.
  EXPECT_NE(s.registry.find_ufunc("negative"), nullptr);
}

TEST(PluginLoader, LoopsForALaterPluginsUfuncAreCommittedAfterIt) {
  // fault_late_loops.so sorts before fault_late_ufunc.so but extends its ufunc.
  for (bool reversed : {false, true}) {
    ScratchRegistry s;
    std::vector<std::string> files = {fault("late_loops"), fault("late_ufunc")};
    if (reversed) std::reverse(files.begin(), files.end());
    auto records = plugins::load_files(s.registry, files);
    for (const auto& r : records)
      EXPECT_EQ(r.status, PluginStatus::Loaded) << r.reason;
    const UFunc* twice = s.registry.find_ufunc("fault_twice");
    ASSERT_NE(twice, nullptr);
    EXPECT_EQ(twice->signatures(), (std::vector<std::string>{"b->b", "d->d"}));
  }
}

TEST(PluginLoader, LoadOrderDoesNotChangeTheRegistry) {
  auto snapshot = [](const std::vector<std::string>& entries) {
    ScratchRegistry s;
    plugins::load_path(s.registry, entries);
    std::vector<std::string> out;
    for (const auto& f : s.registry.list()) {
      out.push_back(f.name + "/" + f.owner);
      if (const UFunc* u = s.registry.find_ufunc(f.name)) {
        for (const auto& sig : u->signatures())
          out.push_back(sig);
      }
    }
    return out;
  };
  auto a = snapshot({NP_PLUGIN_DIR, fault("late_ufunc"), fault("late_loops")});
  auto b = snapshot({fault("late_loops"), fault("late_ufunc"), NP_PLUGIN_DIR});
  EXPECT_EQ(a, b);
}

TEST(PluginLoader, FilesThatAreNotPluginsAreRejectedWithReasons) {
  TempDir dir;
  const fs::path d = dir.path;
  std::ofstream(d / "text.so") << "this is not a library\n";
  std::ofstream(d / "empty.so");
  {
    std::ofstream garbage(d / "garbage.so", std::ios::binary);
    garbage << "\x7f"
               "ELF"
            << std::string(200, '\x01');
  }
  fs::create_directory(d / "x.so");
  fs::create_symlink(d / "loop_b.so", d / "loop_a.so");
  fs::create_symlink(d / "loop_a.so", d / "loop_b.so");
  fs::copy_file(project_plugin("bitwise"), d / "bitwise.so");
  fs::create_symlink(d / "bitwise.so", d / "bitwise_again.so");
  ScratchRegistry s;
  auto records = plugins::load_path(s.registry, {d.string(), (d / "bitwise.so").string()});
  EXPECT_NE(find(records, "text.so").reason.find("no ELF header"), std::string::npos);
  EXPECT_NE(find(records, "empty.so").reason.find("empty file"), std::string::npos);
  EXPECT_NE(find(records, "garbage.so").reason.find("cannot load"), std::string::npos);
  EXPECT_NE(find(records, "x.so").reason.find("not a regular file"), std::string::npos);
  EXPECT_NE(find(records, "loop_a.so").reason.find("cannot resolve"), std::string::npos);
  // The same file through a symlink and an explicit entry: one record, loaded once.
  int bitwise_records = 0;
  for (const auto& r : records)
    bitwise_records += r.name == "bitwise" ? 1 : 0;
  EXPECT_EQ(bitwise_records, 1);
  EXPECT_TRUE(s.registry.contains("packbits"));
}

TEST(PluginLoader, SearchPathEnvironment) {
  const std::string dflt = plugins::default_directory();
  EXPECT_NE(dflt.find("numpy-plugins"), std::string::npos);
  ::setenv("NUMPY_PLUGINS_PATH", "disable", 1);
  EXPECT_TRUE(plugins::search_path().empty());
  EXPECT_FALSE(plugins::auto_load_enabled());
  ::setenv("NUMPY_PLUGINS_PATH", "", 1);
  EXPECT_EQ(plugins::search_path(), std::vector<std::string>{dflt});
  ::setenv("NUMPY_PLUGINS_PATH", "/a::/b:", 1);
  EXPECT_EQ(plugins::search_path(), (std::vector<std::string>{dflt, "/a", "/b"}));
  ::setenv("NUMPY_PLUGINS_PATH", "disable", 1);  // the suite runs with auto-loading off
  std::vector<PluginRecord> rejected;
  auto files = plugins::candidates({"relative/dir", "."}, &rejected);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_NE(rejected[0].reason.find("relative"), std::string::npos);
  TempDir open_dir;
  fs::permissions(open_dir.path, fs::perms::all);  // world-writable, no sticky bit
  rejected.clear();
  plugins::candidates({open_dir.path.string()}, &rejected);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(rejected[0].reason.find("world-writable"), std::string::npos);
}

TEST(PluginLoader, CheckFileValidatesWithoutRegistering) {
  PluginRecord good = plugins::check_file(project_plugin("arith"));
  EXPECT_EQ(good.status, PluginStatus::Loaded) << good.reason;
  EXPECT_GT(good.loops.size(), 900u);
  PluginRecord bad = plugins::check_file(fault("wrong_major"));
  EXPECT_EQ(bad.status, PluginStatus::Failed);
  // A plugin that only extends another plugin's ufunc is valid, with a note.
  PluginRecord extends = plugins::check_file(fault("late_loops"));
  EXPECT_EQ(extends.status, PluginStatus::Loaded);
  EXPECT_NE(extends.reason.find("no loaded plugin defines"), std::string::npos);
}

TEST(PluginLoader, ACrashingPluginIsIsolatedInAChildProcess) {
  ScratchRegistry s;
  auto records = plugins::load_path_isolated(
      s.registry, {fault("init_crash"), fault("late_ufunc"), project_plugin("bitwise")});
  const PluginRecord& crash = find(records, "init_crash");
  EXPECT_EQ(crash.status, PluginStatus::Failed);
  // "crashed: signal 11 (Segmentation fault)"; under AddressSanitizer the child reports the
  // fault and exits with a status instead.
  EXPECT_NE(crash.reason.find("isolated in a child process"), std::string::npos) << crash.reason;
  EXPECT_EQ(find(records, "late_ufunc").status, PluginStatus::Loaded);
  EXPECT_TRUE(s.registry.contains("fault_twice"));
  EXPECT_TRUE(s.registry.contains("bitwise_and"));
  EXPECT_EQ(plugins::check_file_isolated(fault("init_crash")).status, PluginStatus::Failed);
}

TEST(PluginLoader, GeneralFunctionErrorsCrossAsTypedExceptions) {
  ScratchRegistry s;
  plugins::load_files(s.registry, {project_plugin("bitwise")});
  CallArgs args;
  args.args = {Value(1.5)};
  EXPECT_THROW(s.registry.call("packbits", args), TypeError);
  args.kwargs = {{"bitorder", Value("sideways")}};
  args.args = {Value(int64_t{1})};
  EXPECT_THROW(s.registry.call("packbits", args), ValueError);
}

TEST(PluginLoader, CpuFeaturesAreConsistent) {
  const uint64_t f = plugins::cpu_features();
  EXPECT_NE(f & NP_CPU_SSE2, 0u);  // x86-64 baseline
  if (f & NP_CPU_AVX2) {
    EXPECT_NE(f & NP_CPU_AVX, 0u);
  }
  if (f & NP_CPU_AVX512BW) {
    EXPECT_NE(f & NP_CPU_AVX512F, 0u);
  }
  EXPECT_NE(plugins::cpu_feature_names(f).find("sse2"), std::string::npos);
}

}  // namespace
}  // namespace np
