// Shared datetime unit arithmetic for promotion, casting and conversion.
#pragma once

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

}  // namespace np::detail
