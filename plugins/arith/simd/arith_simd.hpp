// SIMD loops of the arith plugin, one translation unit per target (arith_simd_avx2.cpp,
// arith_simd_avx512.cpp), each compiled with that target's flags and -ffp-contract=off, from the
// templates in arith_simd_kernels.hpp (xsimd). They compute exactly what the baseline loops
// compute (IEEE add, subtract, multiply, divide, sqrt are correctly rounded at any width).
//
// Each operation has two loops per target:
//  - the contiguous-slot loop (NpLoopDef::contiguous): contiguous operands, an input of step 0
//    (a broadcast scalar) or in place; it checks neither strides nor overlap and ignores loop_data;
//  - for add (float32/float64), integer multiply, maximum and minimum, a reduction loop registered
//    as the loop itself, with the baseline loop as its loop_data: it reduces a contiguous chunk
//    with vectors and hands every other call to the baseline (the engine gives reductions'
//    accumulating calls only to `loop`).
//
// exp, log, sin, cos, tan and tanh use glibc's libmvec on inputs inside a safe range (finite,
// results normal, moderate arguments for sin/cos) and the C library for any vector holding other
// values, so special values, overflow/underflow flags and huge arguments behave exactly as on the
// baseline; inside the range they stay within the conformance ULP bounds of NumPy
// (tests/conformance/arith_ufuncs.py runs under every target).
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

// The contiguous-slot loop for (op, type code) on a target, or nullptr when the target has none:
// 'e', 'f', 'd' for the float operations; every integer code for add, subtract, maximum, minimum
// and the comparisons, and for multiply where the target has the lane width ('hHiI', 'lLqQ' on
// AVX-512) ('e' needs F16C, part of both levels).
NpStridedLoop avx2_loop(Op op, char type);
NpStridedLoop avx512_loop(Op op, char type);

// The reduction loop for (op, type code) on a target (its loop_data: the baseline loop), or
// nullptr: add for 'f'/'d', multiply where the target has a contiguous one for the integer code,
// maximum and minimum for every code the target has a contiguous loop for but 'e'.
NpStridedLoop avx2_reduce_loop(Op op, char type);
NpStridedLoop avx512_reduce_loop(Op op, char type);

}  // namespace np::arith::simd
