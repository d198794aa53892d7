// The arith SIMD loops for AVX2 (compiled with -mavx2, no FMA contraction).
#define NP_SIMD_ARCH xsimd::avx2
#define NP_SIMD_FN avx2_loop
#define NP_SIMD_REDUCE_FN avx2_reduce_loop
#include "simd/arith_simd_kernels.hpp"
