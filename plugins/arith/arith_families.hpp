// Registration of the arith plugin's ufunc groups (one function per source file).
#pragma once

#include "np/plugin.hpp"

namespace np::arith {

// equal ... greater_equal, including their datetime forms.
void register_comparisons(plugin::Registrar& r);

}  // namespace np::arith
