// datetime64/timedelta64 value conversions between units, ISO text in and out, and timedelta
// text. Calendar arithmetic is proleptic Gregorian; conversions to coarser units floor, as
// NumPy's casts do.
#include <charconv>
#include <cstdio>

#include "dtype/datetime_units.hpp"
#include "dtype/element_cast.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"

namespace np::detail {

namespace {

constexpr int64_t kNaT = INT64_MIN;

__int128 floor_div(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

// A value in (unit, multiple) as ticks of `unit`.
__int128 ticks(int64_t v, const DType& t) {
  return static_cast<__int128>(v) * t.datetime_multiple();
}

}  // namespace

int64_t convert_datetime_value(int64_t v, const DType& from, const DType& to) {
  if (v == kNaT) return kNaT;
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  if (uf == DatetimeUnit::Generic || ut == DatetimeUnit::Generic) return v;
  __int128 x = ticks(v, from);
  bool is_datetime = from.id() == TypeId::Datetime;
  __int128 result;
  if (!nonlinear_unit(uf) && !nonlinear_unit(ut)) {
    __int128 af = unit_in_attoseconds(uf), at = unit_in_attoseconds(ut);
    result = af >= at ? x * (af / at) : floor_div(x, at / af);
  } else if (nonlinear_unit(uf) && nonlinear_unit(ut)) {
    __int128 months = uf == DatetimeUnit::Y ? x * 12 : x;
    result = ut == DatetimeUnit::Y ? floor_div(months, 12) : months;
  } else if (is_datetime) {
    if (nonlinear_unit(uf)) {
      __int128 months = uf == DatetimeUnit::Y ? x * 12 : x;
      int64_t year = static_cast<int64_t>(1970 + floor_div(months, 12));
      int month = static_cast<int>(months - floor_div(months, 12) * 12) + 1;
      __int128 days = days_from_civil(year, month, 1);
      __int128 ad = unit_in_attoseconds(DatetimeUnit::D), at = unit_in_attoseconds(ut);
      result = ad >= at ? days * (ad / at) : floor_div(days, at / ad);
    } else {
      __int128 af = unit_in_attoseconds(uf), ad = unit_in_attoseconds(DatetimeUnit::D);
      __int128 days = af >= ad ? x * (af / ad) : floor_div(x, ad / af);
      int64_t y;
      int m, d;
      civil_from_days(static_cast<int64_t>(days), y, m, d);
      result = ut == DatetimeUnit::Y ? (y - 1970) : (y - 1970) * 12 + (m - 1);
    }
  } else {
    // Timedeltas in years/months use the mean Gregorian year (365.2425 days).
    __int128 as_per_year = unit_in_attoseconds(DatetimeUnit::D) / 400 * 146097;
    if (nonlinear_unit(uf)) {
      __int128 per = uf == DatetimeUnit::Y ? as_per_year : as_per_year / 12;
      result = floor_div(x * per, unit_in_attoseconds(ut));
    } else {
      __int128 per = ut == DatetimeUnit::Y ? as_per_year : as_per_year / 12;
      result = floor_div(x * unit_in_attoseconds(uf), per);
    }
  }
  result = floor_div(result, to.datetime_multiple());
  return static_cast<int64_t>(result);
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
  int64_t days = days_from_civil(year, static_cast<int>(month), static_cast<int>(day));
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
  __int128 v = at >= kSec ? floor_div(secs, at / kSec) : secs * (kSec / at) + frac_as / at;
  return static_cast<int64_t>(floor_div(v, to.datetime_multiple()));
}

}  // namespace np::detail
