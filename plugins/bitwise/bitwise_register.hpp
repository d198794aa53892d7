// The bitwise plugin's registration groups (one per source file).
#pragma once

#include "np/plugin.hpp"

namespace np::bitwise {

// bitwise_and/or/xor, invert, left_shift, right_shift for bool and integers; bitwise_count.
// Float and complex inputs find no loop (TypeError naming the ufunc and the input types).
void register_ufuncs(plugin::Registrar& r);

// packbits and unpackbits (general functions).
void register_packing(plugin::Registrar& r);

}  // namespace np::bitwise
