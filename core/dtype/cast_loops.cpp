// The baseline cast table (every pair), the float16 <-> float32 F16C path, and the choice of the
// table for this CPU. The SIMD targets' tables come from cast_loops_<target>.cpp.
#define NP_CAST_TABLE baseline_cast_table
#define NP_CAST_TARGET "baseline"
#define NP_CAST_HALF 1
#include "dtype/cast_loops_impl.hpp"
#include "np/plugin_abi.h"
#include "np/plugins.hpp"
#include "np/simd_level.hpp"

namespace np::detail {

// cast_loops_f16c.cpp (compiled for AVX2 + F16C).
void f16c_half_to_float(const std::byte* src, std::byte* dst, int64_t n,
                        void (*scalar)(const std::byte*, std::byte*, int64_t));
void f16c_float_to_half(const std::byte* src, std::byte* dst, int64_t n,
                        void (*scalar)(const std::byte*, std::byte*, int64_t));

namespace {

// float16 <-> float32 through F16C (cast_loops_f16c.cpp) for contiguous operands when the CPU
// runs the AVX2 level (which includes F16C); strided calls and NaN-holding vectors take the scalar
// conversion.
void half_to_float_scalar(const std::byte* src, std::byte* dst, int64_t n) {
  cast_loop<Half, float>(src, 2, dst, 4, n);
}
void float_to_half_scalar(const std::byte* src, std::byte* dst, int64_t n) {
  cast_loop<float, Half>(src, 4, dst, 2, n);
}
void half_to_float_fast(const std::byte* src, int64_t ss, std::byte* dst, int64_t ds, int64_t n) {
  if (ss != 2 || ds != 4) return cast_loop<Half, float>(src, ss, dst, ds, n);
  f16c_half_to_float(src, dst, n, half_to_float_scalar);
}
void float_to_half_fast(const std::byte* src, int64_t ss, std::byte* dst, int64_t ds, int64_t n) {
  if (ss != 4 || ds != 2) return cast_loop<float, Half>(src, ss, dst, ds, n);
  f16c_float_to_half(src, dst, n, float_to_half_scalar);
}

// The tables this CPU (and NUMPY_PLUGINS_CPU_CAP) runs, baseline first.
std::vector<const CastTable*> runnable(uint64_t features) {
  std::vector<const CastTable*> out{&baseline_cast_table()};
  if (kernels::supports(features, kernels::SimdLevel::Avx2)) out.push_back(&avx2_cast_table());
  if (kernels::supports(features, kernels::SimdLevel::Avx512)) out.push_back(&avx512_cast_table());
  return out;
}

// Whether a SIMD target's loop beats the baseline's for from -> to (TypeId indices). Measured
// on 8192-element conversions (an AVX-512 machine, every pair, GCC 12): conversions from
// float32/float64 (the float -> integer truncations SSE2 lacks: up to 6x faster), to bool, and
// integer narrowing to 1- and 2-byte types gain on both targets (mean time 0.51x on AVX-512,
// 0.71x on AVX2, none slower); widening integer conversions, integer -> float and
// float32 -> float64 ran up to 1.8x slower in the wider code, so they keep the baseline's.
bool wider_vectors_pay(size_t from, size_t to) {
  constexpr std::array<int, kCastTypes> kSize = {1, 1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8};
  const auto f32 = static_cast<size_t>(TypeId::Float32);
  const auto f64 = static_cast<size_t>(TypeId::Float64);
  if (from == f32 || from == f64) return !(from == f32 && to == f64);
  if (to == static_cast<size_t>(TypeId::Bool)) return true;
  if (to == f32 || to == f64) return false;
  return kSize[to] < kSize[from] && kSize[to] <= 2;
}

// The loops find_cast_loop hands out: per pair, the best target's loop where it pays (the
// baseline's otherwise, and where a target has none), with F16C for float16 <-> float32 where
// the CPU has it. Built once.
struct Chosen {
  CastLoopGrid loops{};
  Chosen() {
    const uint64_t features = plugins::cpu_features();
    const CastTable& base = baseline_cast_table();
    const CastTable& best = *runnable(features).back();
    for (size_t f = 0; f < kCastTypes; ++f) {
      for (size_t t = 0; t < kCastTypes; ++t)
        loops[f][t] = best.loops[f][t] != nullptr && wider_vectors_pay(f, t) ? best.loops[f][t]
                                                                             : base.loops[f][t];
    }
    if (kernels::supports(features, kernels::SimdLevel::Avx2)) {  // F16C is part of the level
      const auto half = static_cast<size_t>(TypeId::Float16);
      const auto single = static_cast<size_t>(TypeId::Float32);
      loops[half][single] = half_to_float_fast;
      loops[single][half] = float_to_half_fast;
    }
  }
};

bool fast(const DType& t) {
  return static_cast<size_t>(t.id()) < kCastTypes && t.is_native() && !t.has_subarray() &&
         !t.has_fields();
}

}  // namespace

std::string cast_loops_target() {
  const uint64_t features = plugins::cpu_features();
  const bool f16c = kernels::supports(features, kernels::SimdLevel::Avx2);
  return std::string(runnable(features).back()->target) + (f16c ? "+f16c" : "");
}

std::vector<const CastTable*> runnable_cast_tables() {
  return runnable(plugins::cpu_features());
}

CastLoop find_cast_loop(const DType& from, const DType& to) {
  if (!fast(from) || !fast(to)) return nullptr;
  static const Chosen chosen;
  return chosen.loops[static_cast<size_t>(from.id())][static_cast<size_t>(to.id())];
}

}  // namespace np::detail
