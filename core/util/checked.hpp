// Overflow-checked integer arithmetic for sizes, strides and offsets. Every product of a shape with
// an itemsize, and every stride times an index, goes through these so a hostile shape can never
// wrap around into a wild pointer. Throws ValueError naming what overflowed.
#pragma once

#include <cstdint>
#include <string>

#include "np/errors.hpp"

namespace np::checked {

inline int64_t mul(int64_t a, int64_t b, const char* what) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) {
    throw ValueError(std::string(what) + " overflows a 64-bit integer");
  }
  return r;
}

inline int64_t add(int64_t a, int64_t b, const char* what) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    throw ValueError(std::string(what) + " overflows a 64-bit integer");
  }
  return r;
}

}  // namespace np::checked
