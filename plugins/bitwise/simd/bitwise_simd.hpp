// SIMD loops of the bitwise plugin (xsimd), one translation unit per target, compiled with that
// target's flags. Bitwise operations are exact, so a target loop gives the baseline's results;
// it handles contiguous operands and hands anything else (strides, broadcasting, reductions,
// partial overlap) to the baseline loop passed as its loop_data.
#pragma once

#include "np/loop_abi.h"

namespace np::bitwise::simd {

enum class Op { And, Or, Xor, Invert };

// The loop for (op, type code ? b B h H i I l L) on a target, or nullptr.
NpStridedLoop avx2_loop(Op op, char type);
NpStridedLoop avx512_loop(Op op, char type);

}  // namespace np::bitwise::simd
