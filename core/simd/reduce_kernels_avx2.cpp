// The core's reduction kernels for avx2 (see reduce_kernels.hpp; compile flags in
// core/CMakeLists.txt).
#define NP_SIMD_ARCH xsimd::avx2
#define NP_SIMD_TABLE avx2_reduce_kernels
#define NP_SIMD_TARGET "avx2"
#include "simd/reduce_kernels_impl.hpp"
