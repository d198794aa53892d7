// Registration of the arith plugin's ufunc groups (one function per source file).
#pragma once

#include <string>

#include "np/plugin.hpp"
#include "simd/arith_simd.hpp"

namespace np::arith {

// Registers `types` of ufunc `name` with `baseline` as its loop and the best SIMD target's loop
// for (op, code) as its contiguous slot when the CPU allows one; where that target has a
// reduction loop for (op, code), it is the loop, with `baseline` as its loop_data.
void loop_best_target(plugin::Registrar& r, const char* name, const std::string& types, char code,
                      NpStridedLoop baseline, simd::Op op, uint32_t flags = 0);

// equal ... greater_equal, including their datetime forms.
void register_comparisons(plugin::Registrar& r);

// negative ... modf: the unary ufuncs (arith_unary.cpp).
void register_unary(plugin::Registrar& r);

// floor_divide ... logical_xor: the binary ufuncs beyond the basic four (arith_binary.cpp).
void register_binary(plugin::Registrar& r);

}  // namespace np::arith
