// Registration of the arith plugin's ufunc groups (one function per source file).
#pragma once

#include "np/plugin.hpp"

namespace np::arith {

// equal ... greater_equal, including their datetime forms.
void register_comparisons(plugin::Registrar& r);

// negative ... modf: the unary ufuncs (arith_unary.cpp).
void register_unary(plugin::Registrar& r);

// floor_divide ... logical_xor: the binary ufuncs beyond the basic four (arith_binary.cpp).
void register_binary(plugin::Registrar& r);

}  // namespace np::arith
