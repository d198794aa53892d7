// SIMD loops of the arith plugin, one translation unit per target (arith_simd_avx2.cpp,
// arith_simd_avx512.cpp), each compiled with that target's flags and -ffp-contract=off, from the
// templates in arith_simd_kernels.hpp (xsimd). They compute exactly what the baseline loops
// compute (IEEE add, subtract, multiply, divide, sqrt are correctly rounded at any width): a
// SIMD loop handles contiguous operands and hands anything else (strides, broadcasting,
// reductions) to the baseline loop it was registered with, passed as its loop_data.
//
// exp, log, sin, cos, tan and tanh use glibc's libmvec on inputs inside a safe range (finite,
// results normal, moderate arguments for sin/cos) and the baseline (the C library) for any vector
// holding other values, so special values, overflow/underflow flags and huge arguments behave
// exactly as on the baseline; inside the range they stay within the conformance ULP bounds of
// NumPy (tests/conformance/arith_ufuncs.py runs under every target).
#include <immintrin.h>

// glibc's vector math (libmvec), by its vector-ABI names: AVX2 ('d') and AVX-512 ('e').
extern "C" {
__m256d _ZGVdN4v_exp(__m256d);
__m256 _ZGVdN8v_expf(__m256);
__m512d _ZGVeN8v_exp(__m512d);
__m512 _ZGVeN16v_expf(__m512);
__m256d _ZGVdN4v_log(__m256d);
__m256 _ZGVdN8v_logf(__m256);
__m512d _ZGVeN8v_log(__m512d);
__m512 _ZGVeN16v_logf(__m512);
__m256d _ZGVdN4v_sin(__m256d);
__m256 _ZGVdN8v_sinf(__m256);
__m512d _ZGVeN8v_sin(__m512d);
__m512 _ZGVeN16v_sinf(__m512);
__m256d _ZGVdN4v_cos(__m256d);
__m256 _ZGVdN8v_cosf(__m256);
__m512d _ZGVeN8v_cos(__m512d);
__m512 _ZGVeN16v_cosf(__m512);
__m256d _ZGVdN4v_tan(__m256d);
__m256 _ZGVdN8v_tanf(__m256);
__m512d _ZGVeN8v_tan(__m512d);
__m512 _ZGVeN16v_tanf(__m512);
__m256d _ZGVdN4v_tanh(__m256d);
__m256 _ZGVdN8v_tanhf(__m256);
__m512d _ZGVeN8v_tanh(__m512d);
__m512 _ZGVeN16v_tanhf(__m512);
}
#pragma once

#include <cstdint>

#include "np/loop_abi.h"

namespace np::arith::simd {

enum class Op {
  Add,
  Subtract,
  Multiply,
  Divide,
  Sqrt,
  Exp,
  Log,
  Sin,
  Cos,
  Tan,
  Tanh,
  Maximum,  // NaN-propagating, as NumPy: (a >= b || isnan(a)) ? a : b
  Minimum,
  Equal,  // comparisons: bool (one byte) results
  NotEqual,
  Less,
  LessEqual,
  Greater,
  GreaterEqual
};

// The loop for (op, type code) on a target, or nullptr when the target has none: 'e', 'f', 'd'
// for the float operations; every integer code for add, subtract, maximum, minimum and the
// comparisons, and for multiply where the target has the lane width ('hHiI', 'lLqQ' on AVX-512)
// ('e' needs F16C, which every AVX2 and AVX-512 CPU the plugin selects them for has).
NpStridedLoop avx2_loop(Op op, char type);
NpStridedLoop avx512_loop(Op op, char type);

}  // namespace np::arith::simd
