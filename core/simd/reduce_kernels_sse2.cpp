// The core's reduction kernels for sse2 (see reduce_kernels.hpp; compile flags in
// core/CMakeLists.txt).
#define NP_SIMD_ARCH xsimd::sse2
#define NP_SIMD_TABLE sse2_reduce_kernels
#define NP_SIMD_TARGET "sse2"
#include "simd/reduce_kernels_impl.hpp"
