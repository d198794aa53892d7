// CPU feature detection with CPUID and XGETBV, done here rather than by xsimd 8.1, which reads the
// AVX bit from the wrong leaf and never asks the OS whether it saves the wide registers. A feature
// counts only when the CPU has it and the OS enabled its register state (XCR0).
#include <cpuid.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dtype/cast_loops.hpp"
#include "np/plugins.hpp"
#include "np/simd_level.hpp"
#include "simd/reduce_kernels.hpp"
#include "util/logging.hpp"

namespace np::plugins {

namespace {

uint64_t read_xcr0() {
  uint32_t eax = 0;
  uint32_t edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

uint64_t detect() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return 0;
  uint64_t f = 0;
  if (d & bit_SSE2) f |= NP_CPU_SSE2;
  if (c & bit_SSE4_1) f |= NP_CPU_SSE41;
  if (c & bit_SSE4_2) f |= NP_CPU_SSE42;
  if (c & bit_POPCNT) f |= NP_CPU_POPCNT;
  const bool osxsave = (c & bit_OSXSAVE) != 0;
  const uint64_t xcr0 = osxsave ? read_xcr0() : 0;
  const bool ymm_state = (xcr0 & 0x6) == 0x6;    // SSE and AVX state
  const bool zmm_state = (xcr0 & 0xE6) == 0xE6;  // plus opmask and both ZMM halves
  if (ymm_state && (c & bit_AVX)) {
    f |= NP_CPU_AVX;
    if (c & bit_FMA) f |= NP_CPU_FMA3;
    if (c & bit_F16C) f |= NP_CPU_F16C;
  }
  unsigned max_leaf = __get_cpuid_max(0, nullptr);
  if (max_leaf >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    if (b & bit_BMI2) f |= NP_CPU_BMI2;
    if (ymm_state && (f & NP_CPU_AVX) && (b & bit_AVX2)) f |= NP_CPU_AVX2;
    if (zmm_state && (b & bit_AVX512F)) {
      f |= NP_CPU_AVX512F;
      if (b & bit_AVX512BW) f |= NP_CPU_AVX512BW;
      if (b & bit_AVX512DQ) f |= NP_CPU_AVX512DQ;
      if (b & bit_AVX512VL) f |= NP_CPU_AVX512VL;
      if (b & bit_AVX512CD) f |= NP_CPU_AVX512CD;
    }
  }
  return f;
}

// NUMPY_PLUGINS_CPU_CAP: baseline | sse4 | avx2 | avx512 — the highest tier loops may use.
uint64_t cap_mask() {
  const char* cap = std::getenv("NUMPY_PLUGINS_CPU_CAP");
  if (cap == nullptr || *cap == '\0') return ~uint64_t{0};
  const std::string_view v = cap;
  const uint64_t sse = NP_CPU_SSE2 | NP_CPU_SSE41 | NP_CPU_SSE42 | NP_CPU_POPCNT;
  const uint64_t avx2 = sse | kernels::kAvx2Features | NP_CPU_BMI2;  // the Avx2 level, all of it
  if (v == "baseline") return NP_CPU_SSE2;
  if (v == "sse4") return sse;
  if (v == "avx2") return avx2;
  if (v != "avx512") {
    core_logger().warn(
        "NUMPY_PLUGINS_CPU_CAP='{}' is not one of baseline, sse4, avx2, avx512; "
        "not capping",
        cap);
  }
  return ~uint64_t{0};
}

}  // namespace

uint64_t cpu_features() {
  static const uint64_t features = detect() & cap_mask();
  return features;
}

std::string cpu_feature_names(uint64_t features) {
  static constexpr std::pair<uint64_t, const char*> kNames[] = {
      {NP_CPU_SSE2, "sse2"},         {NP_CPU_SSE41, "sse4.1"},      {NP_CPU_SSE42, "sse4.2"},
      {NP_CPU_POPCNT, "popcnt"},     {NP_CPU_AVX, "avx"},           {NP_CPU_FMA3, "fma3"},
      {NP_CPU_F16C, "f16c"},         {NP_CPU_BMI2, "bmi2"},         {NP_CPU_AVX2, "avx2"},
      {NP_CPU_AVX512F, "avx512f"},   {NP_CPU_AVX512CD, "avx512cd"}, {NP_CPU_AVX512BW, "avx512bw"},
      {NP_CPU_AVX512DQ, "avx512dq"}, {NP_CPU_AVX512VL, "avx512vl"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((features & bit) == 0) continue;
    if (!out.empty()) out += ' ';
    out += name;
  }
  return out;
}

std::vector<CoreKernelTarget> core_kernel_targets() {
  return {{"reductions argmax, argmin, any, all", simd::reduce_kernels().target},
          {"typed casts", detail::cast_loops_target()}};
}

}  // namespace np::plugins
