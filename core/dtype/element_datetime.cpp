// datetime64/timedelta64 value conversions between units, ISO text in and out, and timedelta
// text. Calendar arithmetic is proleptic Gregorian; conversions to coarser units floor, as
// NumPy's casts do.
#include <charconv>
#include <cstdio>
#include <numeric>
#include <utility>

#include "dtype/datetime_units.hpp"
#include "dtype/element_cast.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"
#include "np/kernel_types.hpp"
#include "util/checked.hpp"

namespace np::detail {

namespace {

using kernels::kNaT;

__int128 floor_div(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), exact for every int64 year.
__int128 days_from_civil(int64_t year, int m, int d) {
  __int128 y = static_cast<__int128>(year) - (m <= 2 ? 1 : 0);
  __int128 era = (y >= 0 ? y : y - 399) / 400;
  __int128 yoe = y - era * 400;
  __int128 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  __int128 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The date `days` after 1970-01-01 (any int64 day count: the year always fits).
void civil_from_days(__int128 z, int64_t& y, int& m, int& d) {
  z += 719468;
  __int128 era = (z >= 0 ? z : z - 146096) / 146097;
  __int128 doe = z - era * 146097;
  __int128 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  __int128 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  __int128 mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int64_t>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

using checked::wrapping_add;
using checked::wrapping_mul;
using checked::wrapping_sub;

// NumPy's division of a converted count by the target multiple (floor for negatives, in its
// wrapping int64 arithmetic).
int64_t divide_by_multiple(int64_t r, int64_t multiple) {
  if (multiple <= 1) return r;
  return r >= 0 ? r / multiple : wrapping_sub(wrapping_add(r, 1), multiple) / multiple;
}

// NumPy's linear cast (_strided_to_strided_datetime_cast): v * num / denom, floored for
// negative v, in wrapping int64 arithmetic (exact whenever the result fits).
int64_t scale_linear(int64_t v, const UnitRatio& r) {
  int64_t p = wrapping_mul(v, r.num);
  if (v < 0) p = wrapping_sub(p, wrapping_sub(r.denom, 1));
  if (r.denom == -1) return checked::wrapping_neg(p);  // (INT64_MIN / -1 traps)
  return p / r.denom;
}

// NumPy's calendar cast (_strided_to_strided_datetime_general_cast) for datetimes with years or
// months on either side: through the civil date. The source count is scaled as NumPy's
// (wrapping); the date arithmetic is exact in 128 bits.
int64_t convert_calendar(int64_t v, const DType& from, const DType& to) {
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  int64_t x = wrapping_mul(v, from.datetime_multiple());
  int64_t year;
  int month = 1;
  if (uf == DatetimeUnit::Y) {
    year = wrapping_add(1970, x);
  } else if (uf == DatetimeUnit::M) {
    year = static_cast<int64_t>(1970 + floor_div(x, 12));
    month = static_cast<int>(x - floor_div(x, 12) * 12) + 1;
  } else {
    // A linear source no finer than ns here (finer ones overflow the conversion factor).
    __int128 days = uf == DatetimeUnit::W
                        ? wrapping_mul(x, 7)
                        : floor_div(x, static_cast<__int128>(units_factor(DatetimeUnit::D, uf)));
    int day;
    civil_from_days(days, year, month, day);
  }
  int64_t r;
  if (ut == DatetimeUnit::Y) {
    r = wrapping_add(year, -1970);
  } else if (ut == DatetimeUnit::M) {
    r = wrapping_add(wrapping_mul(wrapping_add(year, -1970), 12), month - 1);
  } else {
    __int128 days = days_from_civil(year, month, 1);  // |days| < 2^72
    __int128 t = ut == DatetimeUnit::W
                     ? floor_div(days, 7)
                     : days * static_cast<__int128>(units_factor(DatetimeUnit::D, ut));  // < 2^120
    r = static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(t)));
  }
  return divide_by_multiple(r, to.datetime_multiple());
}

}  // namespace

UnitRatio conversion_factor(const DType& from, const DType& to) {
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  if (uf == DatetimeUnit::Generic || ut == DatetimeUnit::Generic) return {1, 1};
  const bool swapped = static_cast<int>(uf) > static_cast<int>(ut);
  const DatetimeUnit big = swapped ? ut : uf, little = swapped ? uf : ut;
  uint64_t num = 1, denom = 1;
  constexpr uint64_t kDaysPer400Years = 97 + 400 * 365;
  if (big != little) {
    if (big == DatetimeUnit::Y && little == DatetimeUnit::M) {
      num = 12;
    } else if (nonlinear_unit(big)) {
      // Years and months by the mean Gregorian year, as NumPy does.
      num = kDaysPer400Years;
      denom = big == DatetimeUnit::Y ? 400 : 400 * 12;
      if (little == DatetimeUnit::W) {
        denom *= 7;
      } else {
        num *= units_factor(DatetimeUnit::D, little);
      }
    } else {
      num = units_factor(big, little);
    }
  }
  if (num == 0) {
    throw OverflowError(
        std::string("Integer overflow while computing the conversion factor between NumPy "
                    "datetime units ") +
        datetime_unit_name(big) + " and " + datetime_unit_name(little));
  }
  if (swapped) std::swap(num, denom);
  num *= static_cast<uint64_t>(from.datetime_multiple());  // wraps as NumPy's does
  denom *= static_cast<uint64_t>(to.datetime_multiple());
  uint64_t g = std::gcd(num, denom);
  if (g == 0) return {1, 1};
  return {static_cast<int64_t>(num / g), static_cast<int64_t>(denom / g)};
}

int64_t convert_datetime_value(int64_t v, const DType& from, const DType& to) {
  if (v == kNaT) return kNaT;
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  if (uf == DatetimeUnit::Generic || ut == DatetimeUnit::Generic) return v;
  UnitRatio ratio = conversion_factor(from, to);  // OverflowError first, as in NumPy
  if (from.id() == TypeId::Datetime && (nonlinear_unit(uf) || nonlinear_unit(ut))) {
    return convert_calendar(v, from, to);
  }
  return scale_linear(v, ratio);
}

std::string timedelta_text(const DType& t, int64_t v) {
  if (v == kNaT) return "NaT";
  static const char* names[] = {"years",        "months",      "weeks",       "days",
                                "hours",        "minutes",     "seconds",     "milliseconds",
                                "microseconds", "nanoseconds", "picoseconds", "femtoseconds",
                                "attoseconds"};
  if (t.datetime_unit() == DatetimeUnit::Generic) return std::to_string(v) + " generic time units";
  __int128 total = static_cast<__int128>(v) * t.datetime_multiple();
  return std::to_string(static_cast<int64_t>(total)) + " " +
         names[static_cast<size_t>(t.datetime_unit())];
}

namespace {

bool parse_digits(std::string_view s, size_t& p, size_t count, int64_t& out) {
  if (p + count > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = s[p + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  p += count;
  out = v;
  return true;
}

[[noreturn]] void bad_datetime(std::string_view s) {
  throw ValueError("Error parsing datetime string \"" + std::string(s) + "\"");
}

}  // namespace

int64_t parse_datetime_text(std::string_view text, const DType& to) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  if (s.empty() || s == "NaT" || s == "nat" || s == "NAT") return kNaT;
  size_t p = 0;
  bool neg = false;
  if (s[p] == '-' || s[p] == '+') {
    neg = s[p] == '-';
    ++p;
  }
  size_t ystart = p;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9')
    ++p;
  if (p - ystart < 4 && !(p == s.size() && p - ystart > 0)) bad_datetime(text);
  int64_t year = 0;
  auto r = std::from_chars(s.data() + ystart, s.data() + p, year);
  if (r.ec != std::errc()) bad_datetime(text);
  if (neg) year = -year;
  int64_t month = 1, day = 1, hour = 0, minute = 0, second = 0;
  __int128 frac_as = 0;  // fraction of a second in attoseconds
  DatetimeUnit parsed = DatetimeUnit::Y;
  if (p < s.size()) {
    if (s[p] != '-' || !parse_digits(s, ++p, 2, month) || month < 1 || month > 12)
      bad_datetime(text);
    parsed = DatetimeUnit::M;
  }
  if (p < s.size()) {
    if (s[p] != '-' || !parse_digits(s, ++p, 2, day) || day < 1 || day > 31) bad_datetime(text);
    parsed = DatetimeUnit::D;
    int64_t y2;
    int m2, d2;
    civil_from_days(days_from_civil(year, static_cast<int>(month), static_cast<int>(day)), y2, m2,
                    d2);
    if (d2 != day) bad_datetime(text);
  }
  if (p < s.size()) {
    if ((s[p] != 'T' && s[p] != ' ') || !parse_digits(s, ++p, 2, hour) || hour > 23)
      bad_datetime(text);
    parsed = DatetimeUnit::h;
  }
  if (p < s.size() && s[p] == ':') {
    if (!parse_digits(s, ++p, 2, minute) || minute > 59) bad_datetime(text);
    parsed = DatetimeUnit::m;
  }
  if (p < s.size() && s[p] == ':') {
    if (!parse_digits(s, ++p, 2, second) || second > 59) bad_datetime(text);
    parsed = DatetimeUnit::s;
  }
  if (p < s.size() && s[p] == '.') {
    ++p;
    __int128 scale = static_cast<__int128>(100000000000000000LL);  // first digit = 0.1 s in as
    int ndig = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      if (ndig < 18) frac_as += (s[p] - '0') * scale;
      scale /= 10;
      ++p;
      ++ndig;
    }
    if (ndig == 0) bad_datetime(text);
    parsed = ndig <= 3    ? DatetimeUnit::ms
             : ndig <= 6  ? DatetimeUnit::us
             : ndig <= 9  ? DatetimeUnit::ns
             : ndig <= 12 ? DatetimeUnit::ps
             : ndig <= 15 ? DatetimeUnit::fs
                          : DatetimeUnit::as;
  }
  if (p < s.size() && s[p] == 'Z') ++p;  // UTC designator (NumPy warns; the value is the same)
  if (p != s.size()) bad_datetime(text);
  (void)parsed;
  // Assemble in attoseconds since the epoch is too wide; go through days + seconds.
  __int128 days = days_from_civil(year, static_cast<int>(month), static_cast<int>(day));
  DatetimeUnit ut = to.datetime_unit();
  if (ut == DatetimeUnit::Generic) bad_datetime(text);
  if (ut == DatetimeUnit::Y || ut == DatetimeUnit::M) {
    __int128 months = static_cast<__int128>(year - 1970) * 12 + (month - 1);
    __int128 v = ut == DatetimeUnit::Y ? floor_div(months, 12) : months;
    return static_cast<int64_t>(floor_div(v, to.datetime_multiple()));
  }
  __int128 secs = static_cast<__int128>(days) * 86400 + hour * 3600 + minute * 60 + second;
  __int128 at = unit_in_attoseconds(ut);
  __int128 kSec = unit_in_attoseconds(DatetimeUnit::s);
  // Below seconds the scale can pass 128 bits for huge years: it wraps (unsigned, defined), which
  // keeps the low 64 bits NumPy's wrapping int64 arithmetic gives.
  using U128 = unsigned __int128;
  __int128 v = at >= kSec
                   ? floor_div(secs, at / kSec)
                   : static_cast<__int128>(static_cast<U128>(secs) * static_cast<U128>(kSec / at) +
                                           static_cast<U128>(frac_as / at));
  return static_cast<int64_t>(floor_div(v, to.datetime_multiple()));
}

}  // namespace np::detail
