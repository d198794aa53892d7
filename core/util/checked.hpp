// Overflow-checked integer arithmetic for sizes, strides and offsets. Every product of a shape with
// an itemsize, and every stride times an index, goes through these so a hostile shape can never
// wrap around into a wild pointer. Throws ValueError naming what overflowed.
#pragma once

#include <cstdint>
#include <optional>
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

// a * b, or nullopt when the product does not fit.
inline std::optional<int64_t> try_mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// Two's-complement wrapping arithmetic, defined for every input: for the places where NumPy's C
// arithmetic wraps (a stride of a length-1 slice, `count - ddof`) and the value is either
// harmless or compared afterwards.
inline int64_t wrapping_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
inline int64_t wrapping_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t wrapping_sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
inline int64_t wrapping_neg(int64_t a) {
  return wrapping_sub(0, a);
}

// |a| without overflow (INT64_MIN has magnitude 2^63).
inline uint64_t magnitude(int64_t a) {
  return a < 0 ? uint64_t{0} - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
}

}  // namespace np::checked
