// Per-element text used by array printing and Scalar::repr.
#pragma once

#include <string>

#include "np/dtype.hpp"

namespace np::print {

// The repr of one element as NumPy prints a lone value (e.g. "1.5", "True", "b'ab'", "'x'").
std::string element_repr(const DType& dtype, const std::byte* p);
// UTF-8 text of one U element with trailing NULs removed.
std::string unicode_element_to_utf8(const DType& dtype, const std::byte* p);

// Shortest round-trip digits of a finite non-zero value: digits "d1d2..." and decimal exponent e
// such that value = d1.d2... × 10^e. `type` selects the precision (float16 ... float128).
struct Digits {
  std::string digits;
  int exponent;
  bool negative;
};
Digits shortest_digits(TypeId type, const std::byte* p);

}  // namespace np::print
