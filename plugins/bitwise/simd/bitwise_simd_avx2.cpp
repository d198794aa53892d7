// The bitwise SIMD loops for AVX2.
#define NP_SIMD_ARCH xsimd::avx2
#define NP_SIMD_FN avx2_loop
#include "simd/bitwise_simd_kernels.hpp"
