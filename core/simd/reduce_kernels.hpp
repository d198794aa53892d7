// SIMD kernels of the core's own reductions (argmax/argmin, any/all) over contiguous elements,
// one table per target: sse2 (the baseline every x86-64 CPU runs), avx2, avx512. Each table comes
// from its own translation unit (reduce_kernels_<target>.cpp, compiled with that target's flags
// from reduce_kernels_impl.hpp); the core uses the best one the CPU allows, chosen once, capped
// by NUMPY_PLUGINS_CPU_CAP. Every target computes exactly the same results (indices and truth
// values are exact); tests compare each available target with a scalar reference.
// Internal to the core; thread-safe (the tables are immutable).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace np::simd {

// Kernels are indexed by TypeId for Bool ... Float64 (TypeIds 0..11); nullptr where a target has
// none (float16 everywhere; bool for argmax/argmin, whose bytes may hold values other than 0/1).
inline constexpr size_t kKernelTypes = 12;

struct ReduceKernels {
  // Index of the first maximum (minimum) of n >= 1 contiguous native elements; a NaN beats
  // everything, so a lane holding NaN gives its first NaN (NumPy's argmax/argmin rule).
  using ArgExtreme = int64_t (*)(const std::byte* data, int64_t n);
  // Whether any (all) of n >= 0 contiguous elements is nonzero: NaN counts as nonzero, -0.0 as
  // zero; any of nothing is false, all of nothing is true.
  using Truth = bool (*)(const std::byte* data, int64_t n);

  const char* target;
  std::array<ArgExtreme, kKernelTypes> argmax;
  std::array<ArgExtreme, kKernelTypes> argmin;
  std::array<Truth, kKernelTypes> any;
  std::array<Truth, kKernelTypes> all;
};

const ReduceKernels& sse2_reduce_kernels();
const ReduceKernels& avx2_reduce_kernels();
const ReduceKernels& avx512_reduce_kernels();

// The best table this CPU (and NUMPY_PLUGINS_CPU_CAP) allows; decided on first use.
const ReduceKernels& reduce_kernels();

// Every table this CPU can run, baseline first (for tests).
std::vector<const ReduceKernels*> runnable_reduce_kernels();

}  // namespace np::simd
