// The arith SIMD loops for AVX-512 (F, BW, DQ; compiled with those flags, no FMA contraction).
#define NP_SIMD_ARCH xsimd::avx512bw
#define NP_SIMD_FN avx512_loop
#define NP_SIMD_REDUCE_FN avx512_reduce_loop
#include "simd/arith_simd_kernels.hpp"
