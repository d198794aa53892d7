// Promotion and casting rules. Numbers follow a safe-cast lattice (bool < ints < floats <
// complex, by size); promotion is the first type in lattice order that both sides cast to
// safely. Strings, voids and datetimes have their own rules below, each matching NumPy 1.24.
#include "np/casting.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <vector>

#include "dtype/datetime_units.hpp"
#include "np/errors.hpp"
#include "np/user_dtypes.hpp"

namespace np {

Casting parse_casting(std::string_view text) {
  if (text == "no") return Casting::No;
  if (text == "equiv") return Casting::Equiv;
  if (text == "safe") return Casting::Safe;
  if (text == "same_kind") return Casting::SameKind;
  if (text == "unsafe") return Casting::Unsafe;
  throw ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'");
}

const char* casting_name(Casting casting) {
  switch (casting) {
    case Casting::No:
      return "no";
    case Casting::Equiv:
      return "equiv";
    case Casting::Safe:
      return "safe";
    case Casting::SameKind:
      return "same_kind";
    case Casting::Unsafe:
      return "unsafe";
  }
  return "?";
}

namespace {

bool is_number(TypeId id) {
  return id <= TypeId::Complex256;
}
bool is_text(TypeId id) {
  return id == TypeId::Bytes || id == TypeId::Str;
}

// Mantissa-like capacity: ints by bits, floats by significand bits (what they hold exactly).
int int_bits(TypeId id) {
  switch (id) {
    case TypeId::Bool:
      return 1;
    case TypeId::Int8:
    case TypeId::UInt8:
      return 8;
    case TypeId::Int16:
    case TypeId::UInt16:
      return 16;
    case TypeId::Int32:
    case TypeId::UInt32:
      return 32;
    default:
      return 64;
  }
}

bool is_signed_int(TypeId id) {
  return id == TypeId::Int8 || id == TypeId::Int16 || id == TypeId::Int32 || id == TypeId::Int64;
}
bool is_unsigned_int(TypeId id) {
  return id == TypeId::UInt8 || id == TypeId::UInt16 || id == TypeId::UInt32 ||
         id == TypeId::UInt64;
}
bool is_float(TypeId id) {
  return id >= TypeId::Float16 && id <= TypeId::Float128;
}
bool is_complex(TypeId id) {
  return id >= TypeId::Complex64 && id <= TypeId::Complex256;
}

// Rank of a float (or a complex's component): f2 < f4 < f8 < longdouble < binary128.
int float_rank(TypeId id) {
  switch (id) {
    case TypeId::Float16:
      return 0;
    case TypeId::Float32:
    case TypeId::Complex64:
      return 1;
    case TypeId::Float64:
    case TypeId::Complex128:
      return 2;
    case TypeId::LongDouble:
    case TypeId::CLongDouble:
      return 3;
    default:
      return 4;  // Float128, Complex256
  }
}

// The smallest float rank that holds every value of an integer type (NumPy counts int64 ->
// float64 as safe).
int float_rank_for_int(TypeId id) {
  int bits = int_bits(id);
  if (bits <= 8) return 0;
  if (bits <= 16) return 1;
  return 2;
}

bool safe_number(TypeId from, TypeId to) {
  if (from == to) return true;
  if (from == TypeId::Bool) return true;
  if (to == TypeId::Bool) return false;
  if (is_signed_int(from)) {
    if (is_signed_int(to)) return int_bits(to) >= int_bits(from);
    if (is_unsigned_int(to)) return false;
    int need = float_rank_for_int(from);
    if (is_complex(to) && to == TypeId::Complex64) return need <= 1;
    return float_rank(to) >= need;
  }
  if (is_unsigned_int(from)) {
    if (is_unsigned_int(to)) return int_bits(to) >= int_bits(from);
    if (is_signed_int(to)) return int_bits(to) > int_bits(from);
    int need = float_rank_for_int(from);
    if (to == TypeId::Complex64) return need <= 1;
    return float_rank(to) >= need;
  }
  if (is_float(from)) {
    if (is_float(to) || is_complex(to)) {
      int rf = float_rank(from);
      int rt = float_rank(to);
      if (is_complex(to) && rf == 0) return true;  // float16 -> any complex
      return rt >= rf;
    }
    return false;
  }
  if (is_complex(from)) return is_complex(to) && float_rank(to) >= float_rank(from);
  return false;
}

// Kind order for same_kind casting: b < u < i < f < c.
int kind_rank(TypeId id) {
  if (id == TypeId::Bool) return 0;
  if (is_unsigned_int(id)) return 1;
  if (is_signed_int(id)) return 2;
  if (is_float(id)) return 3;
  return 4;
}

// Characters needed to print any value of a number type (NumPy's string cast lengths).
int64_t string_length_for(TypeId id) {
  switch (id) {
    case TypeId::Bool:
      return 5;
    case TypeId::Int8:
      return 4;
    case TypeId::UInt8:
      return 3;
    case TypeId::Int16:
      return 6;
    case TypeId::UInt16:
      return 5;
    case TypeId::Int32:
      return 11;
    case TypeId::UInt32:
      return 10;
    case TypeId::Int64:
      return 21;
    case TypeId::UInt64:
      return 20;
    case TypeId::Float16:
    case TypeId::Float32:
    case TypeId::Float64:
      return 32;
    case TypeId::LongDouble:
    case TypeId::Float128:
      return 48;
    case TypeId::Complex64:
    case TypeId::Complex128:
      return 64;
    default:
      return 96;  // clongdouble, complex256
  }
}

int64_t text_length(const DType& t) {
  return t.id() == TypeId::Str ? t.itemsize() / 4 : t.itemsize();
}

DType text_of(TypeId id, int64_t length) {
  return id == TypeId::Str ? DType::unicode(length) : DType::bytes(length);
}

[[noreturn]] void no_common_dtype(const DType& a, const DType& b) {
  throw TypeError("The DTypes " + a.name() + " and " + b.name() +
                  " do not have a common DType. For example they cannot be stored in a single "
                  "array unless the dtype is `object`.");
}

// NumPy's compute_datetime_metadata_greatest_common_divisor: the finer unit, with the gcd of
// the multiples in it. `strict` (two timedeltas) refuses to pair years or months with a linear
// unit; otherwise the year/month side counts one year as one month as one
// week (NumPy's nominal factors). Multiples are scaled in NumPy's wrapping uint64 arithmetic, and
// a unit factor or result past NumPy's bounds is its OverflowError.
void datetime_gcd(const DType& a, const DType& b, bool strict, DatetimeUnit& unit,
                  int64_t& multiple) {
  DatetimeUnit ua = a.datetime_unit(), ub = b.datetime_unit();
  if (ua == DatetimeUnit::Generic || ub == DatetimeUnit::Generic) {
    const DType& specific = ua == DatetimeUnit::Generic ? b : a;
    unit = specific.datetime_unit();
    multiple = specific.datetime_multiple();
    return;
  }
  auto overflow = [&]() {
    throw OverflowError(
        "Integer overflow getting a common metadata divisor for NumPy datetime metadata " +
        detail::datetime_meta_text(a) + " and " + detail::datetime_meta_text(b) + ".");
  };
  auto num_a = static_cast<uint64_t>(a.datetime_multiple());
  auto num_b = static_cast<uint64_t>(b.datetime_multiple());
  if (ua != ub) {
    bool y_m = (ua == DatetimeUnit::Y && ub == DatetimeUnit::M) ||
               (ua == DatetimeUnit::M && ub == DatetimeUnit::Y);
    if (y_m) {
      (ua == DatetimeUnit::Y ? num_a : num_b) *= 12;
    } else if (strict && (detail::nonlinear_unit(ua) || detail::nonlinear_unit(ub))) {
      throw TypeError("Cannot get a common metadata divisor for Numpy datetime metadata " +
                      detail::datetime_meta_text(a) + " and " + detail::datetime_meta_text(b) +
                      " because they have incompatible nonlinear base time units.");
    }
    // The finer unit (units are ordered coarse to fine); the coarser side's multiple in it.
    bool a_finer = static_cast<int>(ua) > static_cast<int>(ub);
    uint64_t factor = a_finer ? detail::units_factor(ub, ua) : detail::units_factor(ua, ub);
    uint64_t& scaled = a_finer ? num_b : num_a;
    scaled *= factor;  // wraps as NumPy's does; a zero factor is its overflow
    if (scaled == 0) overflow();
    ua = a_finer ? ua : ub;
  }
  uint64_t x = num_a, y = num_b;
  while (y != 0) {
    uint64_t r = x % y;
    x = y;
    y = r;
  }
  if (x == 0 || x > static_cast<uint64_t>(INT32_MAX)) overflow();  // NumPy keeps a C int
  unit = ua;
  multiple = static_cast<int64_t>(x);
}

// NumPy's datetime_metadata_divides: whether the `from` multiple is a whole number of `to`
// multiples (years/months against linear units: `strict` refuses, else accepts).
bool datetime_divides(const DType& from, const DType& to, bool strict) {
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  auto num_f = static_cast<uint64_t>(from.datetime_multiple());
  auto num_t = static_cast<uint64_t>(to.datetime_multiple());
  if (uf != ut) {
    if (uf == DatetimeUnit::Y && ut == DatetimeUnit::M) {
      num_f *= 12;
    } else if (uf == DatetimeUnit::M && ut == DatetimeUnit::Y) {
      num_t *= 12;
    } else if (detail::nonlinear_unit(uf) || detail::nonlinear_unit(ut)) {
      return !strict;
    }
    bool f_finer = static_cast<int>(uf) > static_cast<int>(ut);
    uint64_t factor = f_finer ? detail::units_factor(ut, uf) : detail::units_factor(uf, ut);
    uint64_t& scaled = f_finer ? num_t : num_f;
    scaled *= factor;
    if (scaled == 0) return false;
  }
  // NumPy's crude overflow check.
  if (((num_f | num_t) & 0xff00000000000000ULL) != 0) return false;
  return num_f % num_t == 0;
}

// NumPy's "same duration" test of time_to_time_resolve_descriptors (a no-cast view there):
// equal metadata, or a metric-prefix fold, `from` k = 1..3 units finer than a unit of seconds or
// finer with from's multiple / to's multiple == 1000^k (in C integer division, as NumPy).
bool same_duration(const DType& from, const DType& to) {
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  int64_t mf = from.datetime_multiple(), mt = to.datetime_multiple();
  if (uf == ut && mf == mt) return true;
  if (uf == DatetimeUnit::Generic || ut == DatetimeUnit::Generic) return false;
  int k = static_cast<int>(uf) - static_cast<int>(ut);
  if (static_cast<int>(ut) < static_cast<int>(DatetimeUnit::s) || k < 1 || k > 3) return false;
  static constexpr int64_t kFold[] = {1, 1000, 1000000, 1000000000};
  return mf / mt == kFold[k];
}

bool same_time_kind(const DType& from, const DType& to) {
  return from.is_datetime_like() && from.id() == to.id();
}

// NumPy's time_to_time_resolve_descriptors, for 'safe': towards a unit no coarser whose
// multiple divides (timedeltas never between years/months and linear units).
bool datetime_safe(const DType& from, const DType& to) {
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  if (same_duration(from, to)) return true;
  if (uf == DatetimeUnit::Generic) return true;
  if (ut == DatetimeUnit::Generic) return false;
  bool timedelta = from.id() == TypeId::Timedelta;
  if (timedelta && detail::nonlinear_unit(uf) != detail::nonlinear_unit(ut)) return false;
  return static_cast<int>(uf) <= static_cast<int>(ut) && datetime_divides(from, to, timedelta);
}

bool safe_cast(const DType& from, const DType& to) {
  TypeId f = from.id(), t = to.id();
  if (from.equivalent(to)) return true;
  if (is_number(f) && is_number(t)) return safe_number(f, t);
  if (is_text(t)) {
    bool unsized = to.itemsize() == 0;
    if (is_number(f)) return unsized || text_length(to) >= string_length_for(f);
    if (f == TypeId::Bytes) return unsized || text_length(to) >= text_length(from);
    if (f == TypeId::Str)
      return t == TypeId::Str && (unsized || text_length(to) >= text_length(from));
    return false;
  }
  if (t == TypeId::Void && !to.has_fields() && !to.has_subarray()) {
    // Raw bytes hold any unstructured value that fits.
    return !from.has_fields() && (to.itemsize() == 0 || to.itemsize() >= from.itemsize());
  }
  if (f == TypeId::Datetime && t == TypeId::Datetime) return datetime_safe(from, to);
  if (f == TypeId::Timedelta && t == TypeId::Timedelta) return datetime_safe(from, to);
  if (t == TypeId::Timedelta && (is_signed_int(f) || f == TypeId::Bool)) return true;
  if (t == TypeId::Timedelta && is_unsigned_int(f)) return int_bits(f) < 64;
  return false;
}

// Datetime/timedelta same_kind: never towards the generic unit; timedeltas never between the
// nonlinear (Y, M) and linear units.
bool datetime_same_kind(const DType& from, const DType& to) {
  DatetimeUnit uf = from.datetime_unit(), ut = to.datetime_unit();
  if (uf == DatetimeUnit::Generic) return true;
  if (ut == DatetimeUnit::Generic) return false;
  if (from.id() == TypeId::Timedelta && detail::nonlinear_unit(uf) != detail::nonlinear_unit(ut))
    return false;
  return true;
}

bool same_kind_cast(const DType& from, const DType& to) {
  if (safe_cast(from, to)) return true;
  TypeId f = from.id(), t = to.id();
  if (is_number(f) && is_number(t)) return kind_rank(f) <= kind_rank(t);
  if (is_number(f) && is_text(t)) return true;  // any length: truncation is same_kind
  if (is_text(f) && is_text(t)) return f == t || f == TypeId::Bytes;
  if (f == TypeId::Void && t == TypeId::Void && !from.has_fields() && !to.has_fields()) return true;
  if (f == TypeId::Datetime && t == TypeId::Datetime) return datetime_same_kind(from, to);
  if (f == TypeId::Timedelta && t == TypeId::Timedelta) return datetime_same_kind(from, to);
  if (t == TypeId::Timedelta && (is_signed_int(f) || is_unsigned_int(f) || f == TypeId::Bool))
    return true;
  return false;
}

}  // namespace

// An unsized S/U/V target ("S", "U", "V") matches any size of its own type.
bool same_up_to_size(const DType& from, const DType& to, bool check_order) {
  if (!to.is_flexible() || from.id() != to.id() || from.has_fields()) return false;
  return !check_order || from.byteorder() == to.byteorder() || from.endian() == to.endian();
}

bool can_cast(const DType& from, const DType& to, Casting casting) {
  if (from.is_user() || to.is_user()) {  // registered casts (np/user_dtypes.hpp)
    if (from == to) return true;
    if (casting == Casting::No || casting == Casting::Equiv) return false;
    auto level = detail::user_cast_level(from, to);
    return level && static_cast<int>(*level) <= static_cast<int>(casting);
  }
  // Structured values never cast to a non-structured type, not even unsafely.
  if (from.has_fields() && !to.has_fields()) return false;
  switch (casting) {
    case Casting::No:
      if (same_time_kind(from, to) && same_duration(from, to))
        return from.is_native() == to.is_native();
      return from == to || same_up_to_size(from, to, true);
    case Casting::Equiv:
      if (same_time_kind(from, to) && same_duration(from, to)) return true;
      return from.equivalent(to) || same_up_to_size(from, to, false);
    case Casting::Safe:
      return safe_cast(from, to);
    case Casting::SameKind:
      return same_kind_cast(from, to);
    case Casting::Unsafe:
      return true;
  }
  return false;
}

namespace {

constexpr std::array<TypeId, 18> kLattice = {
    TypeId::Bool,        TypeId::Int8,      TypeId::UInt8,     TypeId::Int16,
    TypeId::UInt16,      TypeId::Int32,     TypeId::UInt32,    TypeId::Int64,
    TypeId::UInt64,      TypeId::Float16,   TypeId::Float32,   TypeId::Float64,
    TypeId::LongDouble,  TypeId::Float128,  TypeId::Complex64, TypeId::Complex128,
    TypeId::CLongDouble, TypeId::Complex256};

DType promote_numbers(TypeId a, TypeId b) {
  for (TypeId c : kLattice) {
    if (safe_number(a, c) && safe_number(b, c)) return DType(c);
  }
  return DType(TypeId::Complex256);
}

}  // namespace

namespace {
std::shared_mutex& hooks_mutex() {
  static std::shared_mutex m;
  return m;
}
std::vector<CommonDTypeHook>& hooks() {
  static std::vector<CommonDTypeHook> h;
  return h;
}
}  // namespace

void register_common_dtype_hook(CommonDTypeHook hook) {
  if (!hook) throw ValueError("register_common_dtype_hook: empty hook");
  std::unique_lock lock(hooks_mutex());
  hooks().push_back(std::move(hook));
}

DType promote_types(const DType& a_in, const DType& b_in) {
  DType a = a_in.with_native_order();
  DType b = b_in.with_native_order();
  {
    std::shared_lock lock(hooks_mutex());
    for (const CommonDTypeHook& hook : hooks()) {
      if (auto r = hook(a, b)) return *r;
      if (auto r = hook(b, a)) return *r;
    }
  }
  if (a.is_user() || b.is_user()) {  // registered rules, then a safe cast either way
    if (a == b) return a;
    if (auto r = detail::user_promotion(a, b)) return *r;
    if (can_cast(a, b, Casting::Safe)) return b;
    if (can_cast(b, a, Casting::Safe)) return a;
    no_common_dtype(a, b);
  }
  TypeId ta = a.id(), tb = b.id();
  if (is_number(ta) && is_number(tb)) {
    if (ta == tb) return a.char_code() == b.char_code() ? a : DType(ta);
    return promote_numbers(ta, tb);
  }
  if (is_text(ta) || is_text(tb)) {
    if (is_text(ta) && is_text(tb)) {
      TypeId kind = (ta == TypeId::Str || tb == TypeId::Str) ? TypeId::Str : TypeId::Bytes;
      return text_of(kind, std::max(text_length(a), text_length(b)));
    }
    const DType& text = is_text(ta) ? a : b;
    const DType& other = is_text(ta) ? b : a;
    if (is_number(other.id())) {
      return text_of(text.id(), std::max(text_length(text), string_length_for(other.id())));
    }
    no_common_dtype(a, b);
  }
  if (ta == TypeId::Void || tb == TypeId::Void) {
    if (ta == tb && a.equivalent(b)) return a;
    if (ta == tb && !a.has_fields() && !b.has_fields()) {
      throw TypeError(
          "Invalid type promotion with void datatypes of different lengths. Use the "
          "`np.bytes_` datatype instead to pad the shorter value with trailing zero "
          "bytes.");
    }
    if (ta == tb) throw TypeError("invalid type promotion with structured datatype(s).");
    no_common_dtype(a, b);
  }
  bool a_time = a.is_datetime_like(), b_time = b.is_datetime_like();
  if (a_time && b_time) {
    DatetimeUnit unit;
    int64_t multiple;
    bool any_datetime = ta == TypeId::Datetime || tb == TypeId::Datetime;
    // A datetime absorbs a timedelta (which takes the datetime kind, its unit kept), so only
    // two timedeltas are strict about years and months against linear units.
    datetime_gcd(a, b, !any_datetime, unit, multiple);
    return any_datetime ? DType::datetime(unit, multiple) : DType::timedelta(unit, multiple);
  }
  const DType& time = a_time ? a : b;
  const DType& other = a_time ? b : a;
  if (time.id() == TypeId::Timedelta &&
      (is_signed_int(other.id()) || other.id() == TypeId::Bool ||
       (is_unsigned_int(other.id()) && int_bits(other.id()) < 64))) {
    return time;
  }
  no_common_dtype(a, b);
}

DType result_type(std::span<const DType> types) {
  if (types.empty()) throw ValueError("at least one array or dtype is required");
  DType r = types[0].with_native_order();
  for (size_t i = 1; i < types.size(); ++i)
    r = promote_types(r, types[i]);
  return r;
}

}  // namespace np
