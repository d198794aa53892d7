// x86-64 float -> integer conversion semantics (cvtt*): truncation, with NaN and out-of-range
// values giving the "integer indefinite" of the conversion width — what NumPy's compiled C gives.
// F is double (the typed cast loops) or long double (the reference conversion); both compare
// against the same exact bounds. Internal to the core.
#pragma once

#include <cmath>
#include <cstdint>

namespace np::detail {

template <class F>
inline int32_t hw_to_i32(F v) {
  if (std::isnan(v) || v >= F(2147483648.0) || v <= F(-2147483649.0)) return INT32_MIN;
  return static_cast<int32_t>(v);
}

template <class F>
inline int64_t hw_to_i64(F v) {
  if (std::isnan(v) || v >= F(9223372036854775808.0) || v < F(-9223372036854775808.0)) {
    return INT64_MIN;
  }
  return static_cast<int64_t>(v);
}

// gcc's double -> uint64 sequence: values >= 2^63 convert v - 2^63 and flip the top bit, so
// out-of-range values give 0; NaN and values below 2^63 convert as int64.
template <class F>
inline uint64_t hw_to_u64(F v) {
  constexpr uint64_t kTop = uint64_t{1} << 63;
  if (!std::isnan(v) && v >= F(9223372036854775808.0)) {
    return static_cast<uint64_t>(hw_to_i64(v - F(9223372036854775808.0))) ^ kTop;
  }
  return static_cast<uint64_t>(hw_to_i64(v));
}

}  // namespace np::detail
