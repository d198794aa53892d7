// The SIMD levels kernels are compiled for, each with one predicate over the NP_CPU_* feature bits
// (np/plugin_abi.h: the host's cpu_features(), already capped by NUMPY_PLUGINS_CPU_CAP). The core's
// kernel tables (casts, reductions) and the plugins' loops choose their target with these, so
// "avx2" means the same everywhere. Header-only.
#pragma once

#include <cstdint>

#include "np/plugin_abi.h"

namespace np::kernels {

// Ordered: every level includes the ones before it.
enum class SimdLevel : uint8_t {
  Baseline,  // x86-64 baseline (SSE2)
  Avx2,      // AVX2 with FMA and F16C (every AVX2 CPU has them; code for this level uses all three)
  Avx512,    // AVX-512 F, BW, DQ and VL, on top of Avx2
};

inline constexpr uint64_t kAvx2Features = NP_CPU_AVX | NP_CPU_AVX2 | NP_CPU_FMA3 | NP_CPU_F16C;
inline constexpr uint64_t kAvx512Features =
    kAvx2Features | NP_CPU_AVX512F | NP_CPU_AVX512BW | NP_CPU_AVX512DQ | NP_CPU_AVX512VL;

// The CPU features a level needs.
constexpr uint64_t simd_level_features(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx2:
      return kAvx2Features;
    case SimdLevel::Avx512:
      return kAvx512Features;
    default:
      return 0;
  }
}

// Whether code compiled for `level` runs on a CPU with `features`.
constexpr bool supports(uint64_t features, SimdLevel level) {
  const uint64_t need = simd_level_features(level);
  return (features & need) == need;
}

// The highest level `features` supports.
constexpr SimdLevel best_simd_level(uint64_t features) {
  if (supports(features, SimdLevel::Avx512)) return SimdLevel::Avx512;
  if (supports(features, SimdLevel::Avx2)) return SimdLevel::Avx2;
  return SimdLevel::Baseline;
}

// The target string a loop compiled for `level` registers with (NpLoopDef::target).
constexpr const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx2:
      return "avx2";
    case SimdLevel::Avx512:
      return "avx512";
    default:
      return "baseline";
  }
}

}  // namespace np::kernels
