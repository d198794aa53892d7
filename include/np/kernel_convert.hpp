// x86-64 float -> integer conversion as NumPy's compiled C gives it (cvttss2si/cvttsd2si):
// truncation toward zero, and NaN or out-of-range values give the "integer indefinite" of the
// instruction's width (INT32_MIN, INT64_MIN), truncated to narrower types. Defined once for the
// core's casts and the plugins' loops. F is float, double or long double; every bound is exact.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

namespace np::kernels {

template <class F>
inline int32_t x86_to_i32(F v) {
  if (std::isnan(v) || v >= F(2147483648.0) || v <= F(-2147483649.0)) return INT32_MIN;
  return static_cast<int32_t>(v);
}

template <class F>
inline int64_t x86_to_i64(F v) {
  if (std::isnan(v) || v >= F(9223372036854775808.0) || v < F(-9223372036854775808.0)) {
    return INT64_MIN;
  }
  return static_cast<int64_t>(v);
}

// gcc's double -> uint64 sequence: values >= 2^63 convert v - 2^63 and flip the top bit (so
// values >= 2^64 give 0); NaN and values below 2^63 convert as int64 (NaN: 2^63, -1.0: 2^64-1).
template <class F>
inline uint64_t x86_to_u64(F v) {
  constexpr uint64_t kTop = uint64_t{1} << 63;
  if (!std::isnan(v) && v >= F(9223372036854775808.0)) {
    return static_cast<uint64_t>(x86_to_i64(v - F(9223372036854775808.0))) ^ kTop;
  }
  return static_cast<uint64_t>(x86_to_i64(v));
}

// A float converted to integer type I as C's (I)v compiles on x86-64: types narrower than 32 bits
// and int32 through the 32-bit instruction, uint32 and int64 through the 64-bit one, uint64
// through x86_to_u64.
template <class I, class F>
inline I x86_convert(F v) {
  static_assert(std::is_integral_v<I> && !std::is_same_v<I, bool>);
  if constexpr (sizeof(I) < 4 || std::is_same_v<I, int32_t>) {
    return static_cast<I>(x86_to_i32(v));
  } else if constexpr (std::is_same_v<I, uint64_t>) {
    return static_cast<I>(x86_to_u64(v));
  } else {
    return static_cast<I>(x86_to_i64(v));
  }
}

}  // namespace np::kernels
