// ISO 8601 text of datetime64 values at their own unit (NumPy's datetime_as_string defaults).
#include <cstdio>
#include <string>

#include "np/format.hpp"
#include "np/kernel_types.hpp"

namespace np {

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date.
void civil_from_days(__int128 z, int64_t& y, int& m, int& d) {
  z += 719468;
  __int128 era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<int64_t>(z - era * 146097);
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int64_t>(yoe + era * 400) + (m <= 2 ? 1 : 0);
}

__int128 floor_div(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::string year_text(int64_t y) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(y));  // "-007", "0042"
  return buf;
}

std::string two(int64_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

}  // namespace

std::string datetime_as_string(const DType& dtype, int64_t value) {
  if (value == kernels::kNaT) return "NaT";
  DatetimeUnit unit = dtype.datetime_unit();
  __int128 v = static_cast<__int128>(value) * dtype.datetime_multiple();
  switch (unit) {
    case DatetimeUnit::Generic:
      return std::to_string(value);
    case DatetimeUnit::Y:
      return year_text(static_cast<int64_t>(1970 + v));
    case DatetimeUnit::M: {
      __int128 y = floor_div(v, 12);
      auto mo = static_cast<int64_t>(v - y * 12);
      return year_text(static_cast<int64_t>(1970 + y)) + "-" + two(mo + 1);
    }
    default:
      break;
  }
  // Sub-day units: split into days and the remainder in the unit's ticks.
  static constexpr __int128 kPerDay[] = {0,
                                         0,
                                         0,
                                         1,
                                         24,
                                         1440,
                                         86400,
                                         86400000LL,
                                         86400000000LL,
                                         86400000000000LL,
                                         (__int128)86400000000000LL * 1000,
                                         (__int128)86400000000000LL * 1000000,
                                         (__int128)86400000000000LL * 1000000000};
  __int128 days;
  __int128 rem = 0;
  int idx = static_cast<int>(unit);
  if (unit == DatetimeUnit::W) {
    days = v * 7;
  } else {
    __int128 per = kPerDay[idx];
    days = floor_div(v, per);
    rem = v - days * per;
  }
  int64_t y;
  int m, d;
  civil_from_days(days, y, m, d);
  std::string out = year_text(y) + "-" + two(m) + "-" + two(d);
  if (unit == DatetimeUnit::D || unit == DatetimeUnit::W) return out;
  // Ticks per hour/minute/second in this unit.
  __int128 per_second = 1;
  int frac_digits = 0;
  switch (unit) {
    case DatetimeUnit::h:
      return out + "T" + two(static_cast<int64_t>(rem));
    case DatetimeUnit::m:
      return out + "T" + two(static_cast<int64_t>(rem / 60)) + ":" +
             two(static_cast<int64_t>(rem % 60));
    case DatetimeUnit::s:
      break;
    case DatetimeUnit::ms:
      per_second = 1000;
      frac_digits = 3;
      break;
    case DatetimeUnit::us:
      per_second = 1000000;
      frac_digits = 6;
      break;
    case DatetimeUnit::ns:
      per_second = 1000000000;
      frac_digits = 9;
      break;
    case DatetimeUnit::ps:
      per_second = (__int128)1000000000 * 1000;
      frac_digits = 12;
      break;
    case DatetimeUnit::fs:
      per_second = (__int128)1000000000 * 1000000;
      frac_digits = 15;
      break;
    case DatetimeUnit::as:
      per_second = (__int128)1000000000 * 1000000000;
      frac_digits = 18;
      break;
    default:
      break;
  }
  __int128 secs = rem / per_second;
  __int128 frac = rem % per_second;
  out += "T" + two(static_cast<int64_t>(secs / 3600)) + ":" +
         two(static_cast<int64_t>((secs / 60) % 60)) + ":" + two(static_cast<int64_t>(secs % 60));
  if (frac_digits > 0) {
    std::string f;
    for (int i = 0; i < frac_digits; ++i) {
      f.insert(f.begin(), static_cast<char>('0' + static_cast<int>(frac % 10)));
      frac /= 10;
    }
    out += "." + f;
  }
  return out;
}

}  // namespace np
