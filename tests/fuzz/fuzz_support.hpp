// Shared by the libFuzzer targets: the oracle every target applies and the sanitizer defaults.
// Each fuzzer is one translation unit that includes this header once (it defines the sanitizer
// option hooks).
// A target's contract: every input either succeeds or raises an np::Error. Any other exception is
// reported here and aborts, so libFuzzer records the input; crashes and sanitizer reports abort on
// their own.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <typeinfo>

#include "np/errors.hpp"

namespace np::fuzz {

[[noreturn]] inline void finding(const char* what, std::string_view detail) {
  std::fprintf(stderr, "FUZZ FINDING: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Runs `step`; an np::Error is an accepted outcome (returns false), success returns true, and any
// other exception is a finding.
template <class Fn>
bool np_error_or_success(const char* step, Fn&& fn) {
  try {
    fn();
    return true;
  } catch (const Error&) {
    return false;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FUZZ FINDING: %s raised %s (not an np::Error): %s\n", step,
                 typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    finding(step, "raised a non-std exception");
  }
}

}  // namespace np::fuzz

// Sanitizer defaults built into every fuzzer (the environment can still override them):
// one allocation above 256 MiB fails as it would on a small machine (malloc/aligned_alloc return
// null, which the core must turn into MemoryError), so hostile sizes test the failure path instead
// of exhausting the machine; libFuzzer's -rss_limit_mb bounds the total.
// NOLINTNEXTLINE(readability-identifier-naming): the sanitizer runtime's hook name.
extern "C" const char* __asan_default_options() {
  return "allocator_may_return_null=1:max_allocation_size_mb=256:detect_leaks=1";
}
extern "C" const char* __ubsan_default_options() {
  return "print_stacktrace=1:halt_on_error=1";
}
