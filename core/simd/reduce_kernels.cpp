#include "simd/reduce_kernels.hpp"

#include "np/plugin_abi.h"
#include "np/plugins.hpp"
#include "np/simd_level.hpp"

namespace np::simd {

const ReduceKernels& reduce_kernels() {
  static const ReduceKernels& best = []() -> const ReduceKernels& {
    const uint64_t features = plugins::cpu_features();
    if (kernels::supports(features, kernels::SimdLevel::Avx512)) return avx512_reduce_kernels();
    if (kernels::supports(features, kernels::SimdLevel::Avx2)) return avx2_reduce_kernels();
    return sse2_reduce_kernels();
  }();
  return best;
}

std::vector<const ReduceKernels*> runnable_reduce_kernels() {
  const uint64_t features = plugins::cpu_features();
  std::vector<const ReduceKernels*> out{&sse2_reduce_kernels()};
  if (kernels::supports(features, kernels::SimdLevel::Avx2)) out.push_back(&avx2_reduce_kernels());
  if (kernels::supports(features, kernels::SimdLevel::Avx512))
    out.push_back(&avx512_reduce_kernels());
  return out;
}

}  // namespace np::simd
