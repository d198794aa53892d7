// Deliberately broken plugins for the fault suite: one source, compiled once per fault with
// -DNP_FAULT=<n>. Each is a real shared library; the loader must reject it with a clear reason
// and keep running.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "np/plugin.hpp"

#define NP_FAULT_NO_ENTRY 1
#define NP_FAULT_WRONG_MAJOR 2
#define NP_FAULT_NEWER_MINOR 3
#define NP_FAULT_SHORT_STRUCT 4
#define NP_FAULT_INIT_ERROR 5
#define NP_FAULT_INIT_THROWS 6
#define NP_FAULT_INIT_CRASH 7
#define NP_FAULT_UNRESOLVED 8
#define NP_FAULT_DUPLICATE_UFUNC 9
#define NP_FAULT_DUPLICATE_LOOP 10
#define NP_FAULT_LATE_LOOPS 11  // valid: adds a loop to a ufunc of a plugin loaded after it
#define NP_FAULT_LATE_UFUNC 12  // valid: defines the ufunc the previous one extends
#define NP_FAULT_BAD_LOOP 13    // registers a loop with unknown type codes
// valid, but init forks a process that outlives the loader's probe child and keeps its pipe open
#define NP_FAULT_FORK_HOLDS_PIPE 14

namespace {

[[maybe_unused]] int negate_bytes(NpLoopContext*, char* const* args, const int64_t* dims,
                                  const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    auto v = np::kernels::load<int8_t>(args[0] + i * steps[0]);
    np::kernels::store<int8_t>(args[1] + i * steps[1], static_cast<int8_t>(-v));
  }
  return 0;
}

[[maybe_unused]] int twice(NpLoopContext*, char* const* args, const int64_t* dims,
                           const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    double v = np::kernels::load<double>(args[0] + i * steps[0]);
    np::kernels::store<double>(args[1] + i * steps[1], 2 * v);
  }
  return 0;
}

#if NP_FAULT == NP_FAULT_UNRESOLVED
extern "C" int np_fault_symbol_nobody_defines(void);
#endif

#if NP_FAULT == NP_FAULT_FORK_HOLDS_PIPE
// A lingering process: it inherits every descriptor of the loading process (the probe's pipe
// included) but closes stdio, so a test runner reading the loader's output is not held too.
void fork_lingering_process() {
  if (::fork() != 0) return;
  for (int fd = 0; fd < 3; ++fd)
    ::close(fd);
  ::sleep(20);
  ::_exit(0);
}
#endif

[[maybe_unused]] NpStatus init(const NpHostApi* host, NpRegistrar* registrar, const char** error) {
#if NP_FAULT == NP_FAULT_INIT_ERROR
  (void)host;
  (void)registrar;
  *error = "this plugin refuses to initialise";
  return NP_STATUS_FAILED;
#elif NP_FAULT == NP_FAULT_INIT_THROWS
  (void)host;
  (void)registrar;
  (void)error;
  throw std::runtime_error("init threw on purpose");
#elif NP_FAULT == NP_FAULT_INIT_CRASH
  (void)host;
  (void)registrar;
  (void)error;
  volatile int* null_pointer = nullptr;
  return static_cast<NpStatus>(*null_pointer);
#else
  return np::plugin::guarded_init(host, registrar, error, NP_FAULT_NAME,
                                  [](np::plugin::Registrar& r) {
#if NP_FAULT == NP_FAULT_DUPLICATE_UFUNC
                                    r.ufunc({.name = "add", .nin = 2, .nout = 1});
#elif NP_FAULT == NP_FAULT_DUPLICATE_LOOP
    r.loop("negative", "b->b", negate_bytes);
#elif NP_FAULT == NP_FAULT_LATE_LOOPS
    r.loop("fault_twice", "d->d", twice);
#elif NP_FAULT == NP_FAULT_LATE_UFUNC
    r.ufunc({.name = "fault_twice", .nin = 1, .nout = 1, .summary = "2 * x"});
    r.loop("fault_twice", "b->b", negate_bytes);
#elif NP_FAULT == NP_FAULT_BAD_LOOP
    r.ufunc({.name = "fault_bad", .nin = 1, .nout = 1});
    r.loop("fault_bad", "z->z", twice);
#elif NP_FAULT == NP_FAULT_FORK_HOLDS_PIPE
    (void)r;
    fork_lingering_process();
#else
    (void)r;
#endif
                                  });
#endif
}

}  // namespace

#if NP_FAULT != NP_FAULT_NO_ENTRY
NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
#if NP_FAULT == NP_FAULT_UNRESOLVED
  if (np_fault_symbol_nobody_defines() == 42) return nullptr;
#endif
  static const NpPluginInfo info = {
#if NP_FAULT == NP_FAULT_WRONG_MAJOR
    NP_PLUGIN_ABI_MAJOR + 98,
#else
    NP_PLUGIN_ABI_MAJOR,
#endif
#if NP_FAULT == NP_FAULT_NEWER_MINOR
    NP_PLUGIN_ABI_MINOR + 7,
#else
    NP_PLUGIN_ABI_MINOR,
#endif
#if NP_FAULT == NP_FAULT_SHORT_STRUCT
    8,
#else
    sizeof(NpPluginInfo),
#endif
    NP_FAULT_NAME,
    "0.0.1",
    "test",
    "a deliberately broken plugin",
    "BSD-3-Clause",
    &init
  };
  return &info;
}
#else
// A library with exported symbols, but not the plugin entry.
extern "C" __attribute__((visibility("default"))) int np_fault_not_an_entry(void) {
  return 1;
}
#endif
