// Shared datetime unit arithmetic for promotion, casting and conversion. The unit factors follow
// NumPy's datetime.c (get_datetime_units_factor, get_datetime_conversion_factor) including its
// overflow rule, so the same metadata pairs raise OverflowError here as there.
#pragma once

#include <cstdint>
#include <string>

#include "np/dtype.hpp"

namespace np::detail {

// Years and months have no fixed length in seconds.
inline bool nonlinear_unit(DatetimeUnit u) {
  return u == DatetimeUnit::Y || u == DatetimeUnit::M;
}

// Length of a linear unit (W .. as) in attoseconds; 1 for `as` itself.
inline __int128 unit_in_attoseconds(DatetimeUnit u) {
  constexpr __int128 kSec = static_cast<__int128>(1000000000000000000LL);
  switch (u) {
    case DatetimeUnit::W:
      return kSec * 86400 * 7;
    case DatetimeUnit::D:
      return kSec * 86400;
    case DatetimeUnit::h:
      return kSec * 3600;
    case DatetimeUnit::m:
      return kSec * 60;
    case DatetimeUnit::s:
      return kSec;
    case DatetimeUnit::ms:
      return kSec / 1000;
    case DatetimeUnit::us:
      return kSec / 1000000;
    case DatetimeUnit::ns:
      return kSec / 1000000000;
    case DatetimeUnit::ps:
      return kSec / 1000000000000LL;
    case DatetimeUnit::fs:
      return kSec / 1000000000000000LL;
    default:
      return 1;
  }
}

// NumPy's get_datetime_units_factor: how many `little` units make one `big` unit (big no finer
// than little), counting a year as one month and a month as one week, as NumPy does. 0 when the
// factor reaches 2^56 (NumPy's overflow signal; every caller treats 0 as overflow).
inline uint64_t units_factor(DatetimeUnit big, DatetimeUnit little) {
  // Units of each unit in the next finer one (Y and M: 1, unused as real lengths).
  static constexpr uint64_t kNext[] = {1, 1, 7, 24, 60, 60, 1000, 1000, 1000, 1000, 1000, 1000};
  uint64_t factor = 1;
  for (auto u = static_cast<int>(big); u < static_cast<int>(little); ++u) {
    factor *= kNext[u];
    if ((factor & 0xff00000000000000ULL) != 0) return 0;
  }
  return factor;
}

// A datetime metadata as NumPy writes it in messages: "[2147483647Y]", "[W]".
inline std::string datetime_meta_text(const DType& t) {
  std::string s = "[";
  if (t.datetime_multiple() != 1) s += std::to_string(t.datetime_multiple());
  return s + datetime_unit_name(t.datetime_unit()) + "]";
}

// NumPy's get_datetime_conversion_factor from `from` to `to` (both with specific units): a value
// v in `from` is v * num / denom in `to` (in lowest terms, computed in NumPy's wrapping uint64
// arithmetic). Throws OverflowError ("Integer overflow while computing the conversion factor
// between NumPy datetime units Y and as") when the unit factor overflows.
struct UnitRatio {
  int64_t num;
  int64_t denom;
};
UnitRatio conversion_factor(const DType& from, const DType& to);

}  // namespace np::detail
