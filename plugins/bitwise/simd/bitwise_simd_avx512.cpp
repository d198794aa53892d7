// The bitwise SIMD loops for AVX-512 (F, BW).
#define NP_SIMD_ARCH xsimd::avx512bw
#define NP_SIMD_FN avx512_loop
#include "simd/bitwise_simd_kernels.hpp"
