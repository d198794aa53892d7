// SIMD loops of the bitwise plugin (xsimd), one translation unit per target, compiled with that
// target's flags. Bitwise operations are exact, so a target loop gives the baseline's results.
// They are contiguous-slot loops (NpLoopDef::contiguous): the baseline loop is the registered
// loop and takes every other call (strides, reductions, partial overlap); loop_data is unused.
#pragma once

#include "np/loop_abi.h"

namespace np::bitwise::simd {

enum class Op { And, Or, Xor, Invert };

// The contiguous-slot loop for (op, type code ? b B h H i I l L q Q) on a target, or nullptr.
NpStridedLoop avx2_loop(Op op, char type);
NpStridedLoop avx512_loop(Op op, char type);

}  // namespace np::bitwise::simd
