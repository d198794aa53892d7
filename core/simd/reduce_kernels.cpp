#include "simd/reduce_kernels.hpp"

#include "np/plugin_abi.h"
#include "np/plugins.hpp"

namespace np::simd {

namespace {

bool can_run_avx2(uint64_t features) {
  return (features & NP_CPU_AVX2) != 0;
}

bool can_run_avx512(uint64_t features) {
  const uint64_t need = NP_CPU_AVX512F | NP_CPU_AVX512BW | NP_CPU_AVX512DQ | NP_CPU_AVX512VL;
  return (features & need) == need;
}

}  // namespace

const ReduceKernels& reduce_kernels() {
  static const ReduceKernels& best = []() -> const ReduceKernels& {
    const uint64_t features = plugins::cpu_features();
    if (can_run_avx512(features)) return avx512_reduce_kernels();
    if (can_run_avx2(features)) return avx2_reduce_kernels();
    return sse2_reduce_kernels();
  }();
  return best;
}

std::vector<const ReduceKernels*> runnable_reduce_kernels() {
  const uint64_t features = plugins::cpu_features();
  std::vector<const ReduceKernels*> out{&sse2_reduce_kernels()};
  if (can_run_avx2(features)) out.push_back(&avx2_reduce_kernels());
  if (can_run_avx512(features)) out.push_back(&avx512_reduce_kernels());
  return out;
}

}  // namespace np::simd
