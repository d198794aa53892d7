// Binary arith ufuncs beyond the basic four: floor_divide, remainder/mod, fmod, divmod, power,
// float_power, logaddexp, logaddexp2, arctan2, hypot, fmax, fmin, copysign, nextafter, ldexp,
// heaviside, gcd, lcm, the logical and/or/xor, and the timedelta forms of division.
//
// Integer division follows NumPy 1.24: a zero divisor gives 0 and raises the divide-by-zero
// flag, MIN // -1 gives MIN and raises overflow, quotients round toward negative infinity and
// remainders take the divisor's sign. Float floor division and remainder use NumPy's divmod
// formula (fmod, then correction), so signed zeros and NaNs come out as NumPy's do.
#include <climits>
#include <cstdint>
#include <string>
#include <type_traits>

#include "arith_datetime_resolve.hpp"
#include "arith_families.hpp"
#include "arith_types.hpp"

namespace np::arith {

namespace {

using kernels::load;
using kernels::store;

// ---- loop shapes ----------------------------------------------------------------------------

// out = op(a, b, status) on one storage type (computed in its compute type).
template <class S, class Op>
int binary_loop(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  const Op op;
  uint32_t status = 0;
  constexpr int64_t s = sizeof(S);
  if (steps[0] == s && steps[1] == s && steps[2] == s) {  // contiguous: compile-time strides
    for (int64_t i = 0; i < dims[0]; ++i) {
      auto a = widen(load<S>(args[0] + i * s));
      auto b = widen(load<S>(args[1] + i * s));
      store<S>(args[2] + i * s, narrow<S>(op(a, b, status)));
    }
  } else {
    for (int64_t i = 0; i < dims[0]; ++i) {
      auto a = widen(load<S>(args[0] + i * steps[0]));
      auto b = widen(load<S>(args[1] + i * steps[1]));
      store<S>(args[2] + i * steps[2], narrow<S>(op(a, b, status)));
    }
  }
  ctx->fp_status |= status;
  return 0;
}

template <class S, class Op>
int bool_result_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                     void*) {
  const Op op;
  for (int64_t i = 0; i < dims[0]; ++i) {
    auto a = widen(load<S>(args[0] + i * steps[0]));
    auto b = widen(load<S>(args[1] + i * steps[1]));
    store<uint8_t>(args[2] + i * steps[2], op(a, b) ? 1 : 0);
  }
  return 0;
}

template <class R, class Op>
int complex_binary_loop(NpLoopContext*, char* const* args, const int64_t* dims,
                        const int64_t* steps, void*) {
  const Op op;
  for (int64_t i = 0; i < dims[0]; ++i) {
    store_c<R>(args[2] + i * steps[2],
               op(load_c<R>(args[0] + i * steps[0]), load_c<R>(args[1] + i * steps[1])));
  }
  return 0;
}

template <class R, class Op>
int complex_bool_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                      void*) {
  const Op op;
  for (int64_t i = 0; i < dims[0]; ++i) {
    store<uint8_t>(
        args[2] + i * steps[2],
        op(load_c<R>(args[0] + i * steps[0]), load_c<R>(args[1] + i * steps[1])) ? 1 : 0);
  }
  return 0;
}

// divmod: quotient and remainder in one pass.
template <class S, class Op>
int divmod_loop(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  const Op op;
  uint32_t status = 0;
  for (int64_t i = 0; i < dims[0]; ++i) {
    auto a = widen(load<S>(args[0] + i * steps[0]));
    auto b = widen(load<S>(args[1] + i * steps[1]));
    decltype(a) mod{};
    auto q = op(a, b, mod, status);
    store<S>(args[2] + i * steps[2], narrow<S>(q));
    store<S>(args[3] + i * steps[3], narrow<S>(mod));
  }
  ctx->fp_status |= status;
  return 0;
}

template <class Op>
inline constexpr auto binary_of =
    []<class S>(std::type_identity<S>) -> NpStridedLoop { return binary_loop<S, Op>; };
template <class Op>
inline constexpr auto bool_result =
    []<class S>(std::type_identity<S>) -> NpStridedLoop { return bool_result_loop<S, Op>; };
template <class Op>
inline constexpr auto complex_binary =
    []<class R>(std::type_identity<R>) -> NpStridedLoop { return complex_binary_loop<R, Op>; };
template <class Op>
inline constexpr auto complex_bool =
    []<class R>(std::type_identity<R>) -> NpStridedLoop { return complex_bool_loop<R, Op>; };
template <class Op>
inline constexpr auto divmod =
    []<class S>(std::type_identity<S>) -> NpStridedLoop { return divmod_loop<S, Op>; };

// ---- integer division family ----------------------------------------------------------------

template <class T>
constexpr T kMin = std::numeric_limits<T>::min();

template <class T>
T int_floor_divide(T a, T b, T& mod, uint32_t& status) {
  if (b == 0) {
    status |= NP_FPE_DIVIDEBYZERO;
    mod = 0;
    return 0;
  }
  if constexpr (std::is_signed_v<T>) {
    if (a == kMin<T> && b == -1) {
      status |= NP_FPE_OVERFLOW;
      mod = 0;
      return kMin<T>;
    }
    T q = static_cast<T>(a / b);
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0))) {
      q = static_cast<T>(q - 1);
      r = static_cast<T>(r + b);
    }
    mod = r;
    return q;
  } else {
    mod = static_cast<T>(a % b);
    return static_cast<T>(a / b);
  }
}

// NumPy's npy_divmod for floats: returns the floored quotient, sets mod.
template <class T>
T float_divmod(T a, T b, T& mod) {
  mod = fm::fmod(a, b);
  if (!b) return a / b;
  T div = (a - mod) / b;
  if (mod) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= T(1);
    }
  } else {
    mod = fm::copysign(T(0), b);
  }
  T floordiv;
  if (div) {
    floordiv = fm::floor(div);
    if (div - floordiv > T(0.5)) floordiv += T(1);
  } else {
    floordiv = fm::copysign(T(0), a / b);
  }
  return floordiv;
}

struct FloorDivide {
  template <class T>
  T operator()(T a, T b, uint32_t& status) const {
    if constexpr (std::is_integral_v<T>) {
      T mod{};
      return int_floor_divide(a, b, mod, status);
    } else {
      if (!b) return a / b;  // inf or nan; the hardware raises the flag
      T mod{};
      return float_divmod(a, b, mod);
    }
  }
};
struct Remainder {
  template <class T>
  T operator()(T a, T b, uint32_t& status) const {
    if constexpr (std::is_integral_v<T>) {
      if (b == 0) {
        status |= NP_FPE_DIVIDEBYZERO;
        return 0;
      }
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return 0;  // MIN % -1 would trap
        T r = static_cast<T>(a % b);
        return (r != 0 && ((r < 0) != (b < 0))) ? static_cast<T>(r + b) : r;
      } else {
        return static_cast<T>(a % b);
      }
    } else {
      if (!b) return fm::fmod(a, b);
      T mod{};
      float_divmod(a, b, mod);
      return mod;
    }
  }
};
struct Fmod {
  template <class T>
  T operator()(T a, T b, uint32_t& status) const {
    if constexpr (std::is_integral_v<T>) {
      if (b == 0) {
        status |= NP_FPE_DIVIDEBYZERO;
        return 0;
      }
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return 0;
      }
      return static_cast<T>(a % b);
    } else {
      return fm::fmod(a, b);
    }
  }
};
struct DivModOp {
  template <class T>
  T operator()(T a, T b, T& mod, uint32_t& status) const {
    if constexpr (std::is_integral_v<T>) {
      return int_floor_divide(a, b, mod, status);
    } else {
      if (!b) {
        mod = fm::fmod(a, b);
        return a / b;
      }
      return float_divmod(a, b, mod);
    }
  }
};

// Integer power by squaring with wraparound; negative exponents are an error the loop reports.
template <class T>
int int_power_loop(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  using U = std::make_unsigned_t<T>;
  using W = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;
  for (int64_t i = 0; i < dims[0]; ++i) {
    T base = load<T>(args[0] + i * steps[0]);
    T exponent = load<T>(args[1] + i * steps[1]);
    if constexpr (std::is_signed_v<T>) {
      if (exponent < 0) {
        ctx->error_kind = NP_ERROR_VALUE;
        ctx->error_message = "Integers to negative integer powers are not allowed.";
        return -1;
      }
    }
    W b = static_cast<U>(base);
    U e = static_cast<U>(exponent);
    W out = (e & 1) ? b : 1;
    e = static_cast<U>(e >> 1);
    while (e > 0) {
      b = static_cast<U>(b * b);
      if (e & 1) out = static_cast<U>(out * b);
      e = static_cast<U>(e >> 1);
    }
    store<T>(args[2] + i * steps[2], static_cast<T>(static_cast<U>(out)));
  }
  return 0;
}
inline constexpr auto int_power = []<class T>(std::type_identity<T>) -> NpStridedLoop {
  return int_power_loop<T>;
};

struct Power {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    return fm::pow(a, b);
  }
};

// NumPy's complex power: exact repeated multiplication for small integral real exponents, the
// C library's cpow otherwise.
struct CPower {
  template <class R>
  static cplx<R> cpow_lib(cplx<R> a, cplx<R> b) {
    if constexpr (std::is_same_v<R, float>) {
      _Complex float x, y;
      __real__ x = a.re, __imag__ x = a.im, __real__ y = b.re, __imag__ y = b.im;
      _Complex float z = __builtin_cpowf(x, y);
      return {__real__ z, __imag__ z};
    } else if constexpr (std::is_same_v<R, double>) {
      _Complex double x, y;
      __real__ x = a.re, __imag__ x = a.im, __real__ y = b.re, __imag__ y = b.im;
      _Complex double z = __builtin_cpow(x, y);
      return {__real__ z, __imag__ z};
    } else if constexpr (std::is_same_v<R, long double>) {
      _Complex long double x, y;
      __real__ x = a.re, __imag__ x = a.im, __real__ y = b.re, __imag__ y = b.im;
      _Complex long double z = __builtin_cpowl(x, y);
      return {__real__ z, __imag__ z};
    } else {
      __complex128 x, y;
      __real__ x = a.re, __imag__ x = a.im, __real__ y = b.re, __imag__ y = b.im;
      __complex128 z = cpowq(x, y);
      return {__real__ z, __imag__ z};
    }
  }
  template <class R>
  cplx<R> operator()(cplx<R> a, cplx<R> b) const {
    if (b.re == 0 && b.im == 0) return {R(1), R(0)};
    if (a.re == 0 && a.im == 0) {
      if (b.re > 0 && b.im == 0) return {R(0), R(0)};
      volatile R invalid = fm::inf<R>();
      invalid = invalid - fm::inf<R>();  // raises the invalid flag, as NumPy
      return {fm::nan<R>(), fm::nan<R>()};
    }
    if (b.im == 0 && b.re >= R(-1e18) && b.re <= R(1e18)) {
      const auto n = static_cast<int64_t>(b.re);
      if (static_cast<R>(n) == b.re) {
        if (n == 1) return a;
        if (n == 2) return cmul(a, a);
        if (n == 3) return cmul(a, cmul(a, a));
        if (n > -100 && n < 100) {
          int64_t m = n < 0 ? -n : n;
          cplx<R> acc{R(1), R(0)};
          cplx<R> p = a;
          int64_t mask = 1;
          while (true) {
            if (m & mask) acc = cmul(acc, p);
            mask <<= 1;
            if (m < mask || mask <= 0) break;
            p = cmul(p, p);
          }
          if (b.re < 0) acc = cdiv(cplx<R>{R(1), R(0)}, acc);
          return acc;
        }
      }
    }
    return cpow_lib(a, b);
  }
};

struct LogAddExp {
  template <class T>
  T operator()(T x, T y, uint32_t&) const {
    if (x == y) return x + fm::ln2<T>();  // equal infinities without a spurious NaN
    const T d = x - y;
    if (d > 0) return x + fm::log1p(fm::exp(-d));
    if (d <= 0) return y + fm::log1p(fm::exp(d));
    return d;  // NaN
  }
};
struct LogAddExp2 {
  template <class T>
  T operator()(T x, T y, uint32_t&) const {
    if (x == y) return x + T(1);
    const T d = x - y;
    if (d > 0) return x + fm::log2e<T>() * fm::log1p(fm::exp2(-d));
    if (d <= 0) return y + fm::log2e<T>() * fm::log1p(fm::exp2(d));
    return d;
  }
};
struct Arctan2 {
  template <class T>
  T operator()(T y, T x, uint32_t&) const {
    return fm::atan2(y, x);
  }
};
struct Hypot {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    return fm::hypot(a, b);
  }
};
struct Heaviside {
  template <class T>
  T operator()(T x, T h0, uint32_t&) const {
    if (fm::isnan(x)) return fm::nan<T>();
    if (x == 0) return h0;
    return x < 0 ? T(0) : T(1);
  }
};

// fmax/fmin: a NaN loses to a number.
struct Fmax {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    if constexpr (std::is_integral_v<T>) {
      return a >= b ? a : b;
    } else {
      return fm::fmax(a, b);
    }
  }
};
struct Fmin {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    if constexpr (std::is_integral_v<T>) {
      return a <= b ? a : b;
    } else {
      return fm::fmin(a, b);
    }
  }
};
template <class R>
bool complex_ge(cplx<R> x, cplx<R> y) {
  return (x.re > y.re && !fm::isnan(x.im) && !fm::isnan(y.im)) || (x.re == y.re && x.im >= y.im);
}
template <class R>
bool complex_le(cplx<R> x, cplx<R> y) {
  return (x.re < y.re && !fm::isnan(x.im) && !fm::isnan(y.im)) || (x.re == y.re && x.im <= y.im);
}
struct CFmax {
  template <class R>
  cplx<R> operator()(cplx<R> a, cplx<R> b) const {
    return (complex_ge(a, b) || fm::isnan(b.re) || fm::isnan(b.im)) ? a : b;
  }
};
struct CFmin {
  template <class R>
  cplx<R> operator()(cplx<R> a, cplx<R> b) const {
    return (complex_le(a, b) || fm::isnan(b.re) || fm::isnan(b.im)) ? a : b;
  }
};

struct Copysign {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    return fm::copysign(a, b);
  }
};
struct Nextafter {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    return fm::nextafter(a, b);
  }
};

// float16 copysign/nextafter work on the bits, as NumPy's npy_half_* functions.
int half_copysign(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                  void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const uint16_t a = load<uint16_t>(args[0] + i * steps[0]);
    const uint16_t b = load<uint16_t>(args[1] + i * steps[1]);
    store<uint16_t>(args[2] + i * steps[2], static_cast<uint16_t>((a & 0x7fffu) | (b & 0x8000u)));
  }
  return 0;
}

int half_nextafter(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const uint16_t x = load<uint16_t>(args[0] + i * steps[0]);
    const uint16_t y = load<uint16_t>(args[1] + i * steps[1]);
    const bool x_nan = (x & 0x7c00u) == 0x7c00u && (x & 0x03ffu) != 0;
    const bool y_nan = (y & 0x7c00u) == 0x7c00u && (y & 0x03ffu) != 0;
    uint16_t r;
    if (x_nan || y_nan) {
      r = 0x7e00u;                                    // NaN
    } else if (x == y || ((x | y) & 0x7fffu) == 0) {  // equal, or both zero
      r = x;
    } else if ((x & 0x7fffu) == 0) {  // from zero: the smallest subnormal toward y
      r = static_cast<uint16_t>((y & 0x8000u) + 1);
    } else if (!(x & 0x8000u)) {  // x > 0
      r = static_cast<uint16_t>(static_cast<int16_t>(x) > static_cast<int16_t>(y) ? x - 1 : x + 1);
    } else if (!(y & 0x8000u) || (x & 0x7fffu) > (y & 0x7fffu)) {  // x < 0, moving up
      r = static_cast<uint16_t>(x - 1);
    } else {
      r = static_cast<uint16_t>(x + 1);
    }
    if ((r & 0x7c00u) == 0x7c00u && (r & 0x03ffu) == 0 && (x & 0x7c00u) != 0x7c00u) {
      ctx->fp_status |= NP_FPE_OVERFLOW;  // stepped from the largest finite value to infinity
    }
    store<uint16_t>(args[2] + i * steps[2], r);
  }
  return 0;
}

// ldexp(x, e) with an int32 or int64 exponent (int64 clamped to the int range).
template <class S, class E>
int ldexp_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    auto x = widen(load<S>(args[0] + i * steps[0]));
    E e = load<E>(args[1] + i * steps[1]);
    int ei = e > INT_MAX ? INT_MAX : (e < INT_MIN ? INT_MIN : static_cast<int>(e));
    store<S>(args[2] + i * steps[2], narrow<S>(fm::ldexp(x, ei)));
  }
  return 0;
}
template <class E>
inline constexpr auto ldexp_of =
    []<class S>(std::type_identity<S>) -> NpStridedLoop { return ldexp_loop<S, E>; };

// gcd/lcm on magnitudes (Euclid); lcm(0, x) is 0.
template <class T>
std::make_unsigned_t<T> magnitude(T v) {
  using U = std::make_unsigned_t<T>;
  if constexpr (std::is_signed_v<T>) {
    return v < 0 ? static_cast<U>(U{0} - static_cast<U>(v)) : static_cast<U>(v);
  } else {
    return v;
  }
}
template <class U>
U gcd_unsigned(U a, U b) {
  while (a != 0) {
    U c = a;
    a = static_cast<U>(b % a);
    b = c;
  }
  return b;
}
struct Gcd {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    return static_cast<T>(gcd_unsigned(magnitude(a), magnitude(b)));
  }
};
struct Lcm {
  template <class T>
  T operator()(T a, T b, uint32_t&) const {
    using U = std::make_unsigned_t<T>;
    U g = gcd_unsigned(magnitude(a), magnitude(b));
    if (g == 0) return 0;
    return static_cast<T>(static_cast<U>(static_cast<U>(magnitude(a) / g) * magnitude(b)));
  }
};

struct LogicalAnd {
  template <class T>
  bool operator()(T a, T b) const {
    return a != T(0) && b != T(0);
  }
  template <class R>
  bool operator()(cplx<R> a, cplx<R> b) const {
    return (a.re != 0 || a.im != 0) && (b.re != 0 || b.im != 0);
  }
};
struct LogicalOr {
  template <class T>
  bool operator()(T a, T b) const {
    return a != T(0) || b != T(0);
  }
  template <class R>
  bool operator()(cplx<R> a, cplx<R> b) const {
    return (a.re != 0 || a.im != 0) || (b.re != 0 || b.im != 0);
  }
};
struct LogicalXor {
  template <class T>
  bool operator()(T a, T b) const {
    return (a != T(0)) != (b != T(0));
  }
  template <class R>
  bool operator()(cplx<R> a, cplx<R> b) const {
    return (a.re != 0 || a.im != 0) != (b.re != 0 || b.im != 0);
  }
};

// ---- timedelta division (NaT: kernels::kNaT) ------------------------------------------------

// m / q, m // q: truncating integer division; NaT or a zero divisor gives NaT.
int td_div_int(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t a = load<int64_t>(args[0] + i * steps[0]);
    int64_t b = load<int64_t>(args[1] + i * steps[1]);
    int64_t r = (a == kNaT || b == 0) ? kNaT : (b == -1 ? -a : a / b);
    store<int64_t>(args[2] + i * steps[2], r);
  }
  return 0;
}
// m / d, m // d: the quotient truncated to int64; NaT, zero or non-finite results give NaT.
int td_div_double(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                  void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t a = load<int64_t>(args[0] + i * steps[0]);
    double b = load<double>(args[1] + i * steps[1]);
    int64_t r = kNaT;
    if (a != kNaT) {
      double q = static_cast<double>(a) / b;
      if (fm::isfinite(q) && q > -9.2e18 && q < 9.2e18) r = static_cast<int64_t>(q);
    }
    store<int64_t>(args[2] + i * steps[2], r);
  }
  return 0;
}
// m / m -> float64 (NaT gives NaN).
int td_true_divide(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t a = load<int64_t>(args[0] + i * steps[0]);
    int64_t b = load<int64_t>(args[1] + i * steps[1]);
    double r = (a == kNaT || b == kNaT) ? fm::nan<double>()
                                        : static_cast<double>(a) / static_cast<double>(b);
    store<double>(args[2] + i * steps[2], r);
  }
  return 0;
}
// m // m -> int64 (NaT or zero divisor: 0, with divide-by-zero for a zero divisor);
// m % m -> m (NaT or zero divisor: NaT); divmod both.
void td_divmod(int64_t a, int64_t b, int64_t& q, int64_t& mod, uint32_t& status) {
  if (a == kNaT || b == kNaT) {
    q = 0;
    mod = kNaT;
    return;
  }
  if (b == 0) {
    status |= NP_FPE_DIVIDEBYZERO;
    q = 0;
    mod = kNaT;
    return;
  }
  q = int_floor_divide(a, b, mod, status);
}
// m // m (quotient only), m % m (remainder only) and divmod (both, quotient first).
template <bool Quotient, bool Remainder>
int td_divmod_loop(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  uint32_t status = 0;
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t q = 0, mod = 0;
    td_divmod(load<int64_t>(args[0] + i * steps[0]), load<int64_t>(args[1] + i * steps[1]), q, mod,
              status);
    if constexpr (Quotient) store<int64_t>(args[2] + i * steps[2], q);
    if constexpr (Remainder) {
      constexpr int k = Quotient ? 3 : 2;
      store<int64_t>(args[k] + i * steps[k], mod);
    }
  }
  ctx->fp_status |= status;
  return 0;
}
// fmax/fmin on datetimes: NaT loses.
template <bool IsMax>
int datetime_fextremum(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                       void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t a = load<int64_t>(args[0] + i * steps[0]);
    int64_t b = load<int64_t>(args[1] + i * steps[1]);
    int64_t r;
    if (a == kNaT) {
      r = b;
    } else if (b == kNaT) {
      r = a;
    } else {
      r = IsMax ? (a >= b ? a : b) : (a <= b ? a : b);
    }
    store<int64_t>(args[2] + i * steps[2], r);
  }
  return 0;
}

// ---- dispatch -------------------------------------------------------------------------------

constexpr DatetimePattern kmqm{"mqm"}, kmdm{"mdm"}, kmmd{"mmd"}, kmmq{"mmq"}, kmmm{"mmm"},
    kmmqm{"mmqm"}, kMMM{"MMM"};
void* pat(const DatetimePattern& p) {
  return const_cast<DatetimePattern*>(&p);
}

using plugin::add_loops;
using plugin::Registrar;

void define(Registrar& r, const char* name, const char* summary, uint32_t flags = 0,
            NpIdentity identity = NP_IDENTITY_NONE, int nout = 1) {
  // NumPy's default resolver raises a plain TypeError when no loop fits (see arith_unary.cpp).
  if ((flags & NP_UFUNC_UNIFORM_RESOLUTION) == 0) flags |= NP_UFUNC_NO_LOOP_PLAIN_TYPE_ERROR;
  r.ufunc({.name = name,
           .nin = 2,
           .nout = nout,
           .identity = identity,
           .flags = flags,
           .summary = summary});
}

}  // namespace

namespace {

// floor_divide, remainder, fmod, divmod and the timedelta forms of true_divide.
void register_division(Registrar& r) {
  constexpr const char* kIntFloat = "bBhHiIlLefdgk";
  const uint32_t datetime_exact = NP_UFUNC_DATETIME_KINDS_EXACT;
  define(r, "floor_divide",
         "Return the largest integer smaller or equal to the division of the inputs.",
         datetime_exact);
  add_loops(r, "floor_divide", kIntFloat, 2, 1, pick_real<binary_of<FloorDivide>>);
  r.loop("floor_divide", "mq->m", td_div_int, pat(kmqm), "baseline", resolve_keep_unit);
  r.loop("floor_divide", "md->m", td_div_double, pat(kmdm), "baseline", resolve_keep_unit);
  r.loop("floor_divide", "mm->q", td_divmod_loop<true, false>, pat(kmmq), "baseline",
         resolve_common_unit);

  for (const char* name : {"remainder", "mod"}) {
    define(r, name, "Returns the element-wise remainder of division.", datetime_exact);
    add_loops(r, name, kIntFloat, 2, 1, pick_real<binary_of<Remainder>>);
    r.loop(name, "mm->m", td_divmod_loop<false, true>, pat(kmmm), "baseline", resolve_common_unit);
  }
  define(r, "fmod", "Returns the element-wise remainder of division.");
  add_loops(r, "fmod", kIntFloat, 2, 1, pick_real<binary_of<Fmod>>);

  define(r, "divmod", "Return element-wise quotient and remainder simultaneously.", datetime_exact,
         NP_IDENTITY_NONE, 2);
  add_loops(r, "divmod", kIntFloat, 2, 2, pick_real<divmod<DivModOp>>);
  r.loop("divmod", "mm->qm", td_divmod_loop<true, true>, pat(kmmqm), "baseline",
         resolve_common_unit);

  // true_divide/divide's timedelta forms (their numeric loops are in register_basic).
  for (const char* name : {"true_divide", "divide"}) {
    r.loop(name, "mq->m", td_div_int, pat(kmqm), "baseline", resolve_keep_unit);
    r.loop(name, "md->m", td_div_double, pat(kmdm), "baseline", resolve_keep_unit);
    r.loop(name, "mm->d", td_true_divide, pat(kmmd), "baseline", resolve_common_unit);
  }
}

// power ... heaviside: the float functions of two operands.
void register_float_binary(Registrar& r) {
  const uint32_t uniform = NP_UFUNC_UNIFORM_RESOLUTION;
  define(r, "power", "First array elements raised to powers from second array, element-wise.");
  add_loops(r, "power", "bBhHiIlL", 2, 1, pick_int<int_power>);
  add_loops(r, "power", "efdgk", 2, 1, pick_float<binary_of<Power>>);
  add_loops(r, "power", "FDGK", 2, 1, pick_complex<complex_binary<CPower>>);
  define(r, "float_power",
         "First array elements raised to powers from second array, element-wise.");
  add_loops(r, "float_power", "dgk", 2, 1, pick_float<binary_of<Power>>);
  add_loops(r, "float_power", "DGK", 2, 1, pick_complex<complex_binary<CPower>>);

  define(r, "logaddexp", "Logarithm of the sum of exponentiations of the inputs.",
         NP_UFUNC_REORDERABLE, NP_IDENTITY_MINUS_INF);
  add_loops(r, "logaddexp", "efdgk", 2, 1, pick_float<binary_of<LogAddExp>>);
  define(r, "logaddexp2", "Logarithm of the sum of exponentiations of the inputs in base-2.",
         NP_UFUNC_REORDERABLE, NP_IDENTITY_MINUS_INF);
  add_loops(r, "logaddexp2", "efdgk", 2, 1, pick_float<binary_of<LogAddExp2>>);
  define(r, "arctan2", "Element-wise arc tangent of ``x1/x2`` choosing the quadrant correctly.");
  add_loops(r, "arctan2", "efdgk", 2, 1, pick_float<binary_of<Arctan2>>);
  define(r, "hypot", "Given the \"legs\" of a right triangle, return its hypotenuse.", 0,
         NP_IDENTITY_ZERO);
  add_loops(r, "hypot", "efdgk", 2, 1, pick_float<binary_of<Hypot>>);
  define(r, "heaviside", "Compute the Heaviside step function.");
  add_loops(r, "heaviside", "efdgk", 2, 1, pick_float<binary_of<Heaviside>>);

  for (bool is_max : {true, false}) {
    const char* name = is_max ? "fmax" : "fmin";
    define(r, name,
           is_max ? "Element-wise maximum of array elements."
                  : "Element-wise minimum of array "
                    "elements.",
           NP_UFUNC_REORDERABLE | uniform);
    add_loops(r, name, "?bBhHiIlLefdgk", 2, 1,
              is_max ? pick_real<binary_of<Fmax>> : pick_real<binary_of<Fmin>>);
    add_loops(r, name, "FDGK", 2, 1,
              is_max ? pick_complex<complex_binary<CFmax>> : pick_complex<complex_binary<CFmin>>);
    r.loop(name, "mm->m", is_max ? datetime_fextremum<true> : datetime_fextremum<false>, pat(kmmm),
           "baseline", resolve_common_unit);
    r.loop(name, "MM->M", is_max ? datetime_fextremum<true> : datetime_fextremum<false>, pat(kMMM),
           "baseline", resolve_common_unit);
  }
}

// copysign ... logical_xor: sign and exponent manipulation, gcd/lcm and the logical functions.
void register_bits_and_logic(Registrar& r) {
  const uint32_t uniform = NP_UFUNC_UNIFORM_RESOLUTION;
  define(r, "copysign", "Change the sign of x1 to that of x2, element-wise.");
  r.loop("copysign", "ee->e", half_copysign);
  add_loops(r, "copysign", "fdgk", 2, 1, pick_float<binary_of<Copysign>>);
  define(r, "nextafter", "Return the next floating-point value after x1 towards x2, element-wise.");
  r.loop("nextafter", "ee->e", half_nextafter);
  add_loops(r, "nextafter", "fdgk", 2, 1, pick_float<binary_of<Nextafter>>);

  define(r, "ldexp", "Returns x1 * 2**x2, element-wise.");
  // NumPy's order, then binary128.
  for (const char* in : {"ei", "fi", "el", "fl", "di", "dl", "gi", "gl", "ki", "kl"}) {
    const std::string types = std::string(in) + "->" + in[0];
    r.loop(
        "ldexp", types.c_str(),
        in[1] == 'i' ? pick_float<ldexp_of<int32_t>>(in[0]) : pick_float<ldexp_of<int64_t>>(in[0]));
  }

  define(r, "gcd", "Returns the greatest common divisor of ``|x1|`` and ``|x2|``",
         NP_UFUNC_REORDERABLE | uniform, NP_IDENTITY_ZERO);
  add_loops(r, "gcd", "bBhHiIlL", 2, 1, pick_int<binary_of<Gcd>>);
  define(r, "lcm", "Returns the lowest common multiple of ``|x1|`` and ``|x2|``", uniform);
  add_loops(r, "lcm", "bBhHiIlL", 2, 1, pick_int<binary_of<Lcm>>);

  struct Logical {
    const char* name;
    NpStridedLoop (*real)(char);
    NpStridedLoop (*complex)(char);
    NpIdentity identity;
    const char* summary;
  };
  const Logical logical[] = {
      {"logical_and", pick_real<bool_result<LogicalAnd>>, pick_complex<complex_bool<LogicalAnd>>,
       NP_IDENTITY_TRUE, "Compute the truth value of x1 AND x2 element-wise."},
      {"logical_or", pick_real<bool_result<LogicalOr>>, pick_complex<complex_bool<LogicalOr>>,
       NP_IDENTITY_FALSE, "Compute the truth value of x1 OR x2 element-wise."},
      {"logical_xor", pick_real<bool_result<LogicalXor>>, pick_complex<complex_bool<LogicalXor>>,
       NP_IDENTITY_FALSE, "Compute the truth value of x1 XOR x2, element-wise."},
  };
  for (const Logical& l : logical) {
    define(r, l.name, l.summary, NP_UFUNC_REORDERABLE, l.identity);
    add_loops(r, l.name, "?bBhHiIlLefdgk", 2, 1, l.real, '?');
    add_loops(r, l.name, "FDGK", 2, 1, l.complex, '?');
  }
}

}  // namespace

void register_binary(Registrar& r) {
  register_division(r);
  register_float_binary(r);
  register_bits_and_logic(r);
}

}  // namespace np::arith
