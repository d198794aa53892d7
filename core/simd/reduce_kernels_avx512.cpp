// The core's reduction kernels for avx512 (see reduce_kernels.hpp; compile flags in
// core/CMakeLists.txt).
#define NP_SIMD_ARCH xsimd::avx512bw
#define NP_SIMD_TABLE avx512_reduce_kernels
#define NP_SIMD_TARGET "avx512"
#include "simd/reduce_kernels_impl.hpp"
