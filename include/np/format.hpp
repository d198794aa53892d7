// NumPy-style text for arrays: repr() as `array([...], dtype=...)` and str() as `[...]`, with
// NumPy 1.24's default print options (precision 8, threshold 1000, edgeitems 3, linewidth 75).
#pragma once

#include <string>

#include "np/array.hpp"

namespace np {

std::string array_repr(const Array& a);
std::string array_str(const Array& a);
// NumPy's datetime_as_string for one datetime64 value of the given dtype ("NaT" for NaT).
std::string datetime_as_string(const DType& dtype, int64_t value);

}  // namespace np
