// The bitwise family: bitwise_and/or/xor, invert, left_shift, right_shift for bool and integers.
// Float and complex inputs find no loop (UFuncTypeError naming the ufunc and the input types).
#pragma once

#include "np/registry.hpp"

namespace np::bitwise {

void register_family(Registry& registry);

}  // namespace np::bitwise
