// SIMD loops of the arith plugin, one translation unit per target (arith_simd_avx2.cpp,
// arith_simd_avx512.cpp), each compiled with that target's flags and -ffp-contract=off, from the
// templates in arith_simd_kernels.hpp (xsimd). They compute exactly what the baseline loops
// compute (IEEE add, subtract, multiply, divide, sqrt are correctly rounded at any width): a
// SIMD loop handles contiguous operands and hands anything else (strides, broadcasting,
// reductions) to the baseline loop it was registered with, passed as its loop_data.
//
// exp, log, sin and cos use xsimd's vector algorithms on inputs inside a safe range (finite,
// results normal, moderate arguments for sin/cos) and the baseline (the C library) for any
// vector holding other values, so special values, overflow/underflow flags and huge arguments
// behave exactly as on the baseline; inside the range they stay within the conformance ULP
// bounds of NumPy (tests/conformance/arith_ufuncs.py runs under every target).
#pragma once

#include <cstdint>

#include "np/loop_abi.h"

namespace np::arith::simd {

enum class Op { Add, Subtract, Multiply, Divide, Sqrt, Exp, Log, Sin, Cos };

// The loop for (op, type code 'e', 'f' or 'd') on a target, or nullptr when the target has none
// ('e' needs F16C, which every AVX2 and AVX-512 CPU the plugin selects them for has).
NpStridedLoop avx2_loop(Op op, char type);
NpStridedLoop avx512_loop(Op op, char type);

}  // namespace np::arith::simd
