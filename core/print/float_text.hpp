// Decimal text of floating-point values (internal to printing).
#pragma once

#include <string>

#include "print/format_element.hpp"

namespace np::print {

// Fixed notation with exactly `precision` fractional digits, correctly rounded.
std::string rounded_fixed(TypeId type, const std::byte* p, int precision);
// Scientific digits rounded to precision+1 significant digits (trailing zeros dropped).
Digits rounded_scientific(TypeId type, const std::byte* p, int precision);

struct FloatClass {
  bool nan = false, inf = false, negative = false, zero = false;
  long double abs = 0;  // finite values only
};
FloatClass classify(TypeId type, const std::byte* p);

}  // namespace np::print
