// Element types of the arith plugin and the pieces every loop file shares: storage vs compute
// types (float16 computes in float, as NumPy's half loops do), math function overloads for every
// real type including binary128 (libquadmath), and type-code dispatch.
#pragma once

#include <quadmath.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "np/float16.hpp"
#include "np/kernel_convert.hpp"
#include "np/kernel_types.hpp"
#include "np/loop_helpers.hpp"

namespace np::arith {

using kernels::kNaT;
using kernels::quad;  // IEEE binary128, type code 'k'

// Whether NumPy 1.24 runs its float/complex loops here from their AVX512F builds (its targets are
// baseline, sse2, avx2 and avx512f; only the avx512f builds have the complex SIMD kernels and FMA
// contraction). Loops that reproduce bits NumPy's builds differ in ask this. NumPy dispatches on
// the real CPU, so NUMPY_PLUGINS_CPU_CAP does not apply; GCC's check includes OS support.
inline bool numpy_uses_avx512f_build() {
  static const bool avx512f = __builtin_cpu_supports("avx512f") != 0;
  return avx512f;
}

// The type arithmetic happens in for a stored element type.
template <class S>
struct ComputeOf {
  using type = S;
};
template <>
struct ComputeOf<float16> {
  using type = float;
};
template <class S>
using compute_t = typename ComputeOf<S>::type;

template <class S>
inline compute_t<S> widen(S v) {
  if constexpr (std::is_same_v<S, float16>) {
    return half_to_float(v.bits);
  } else {
    return v;
  }
}
template <class S>
inline S narrow(compute_t<S> v) {
  if constexpr (std::is_same_v<S, float16>) {
    return float16::from_bits(float_to_half(v));
  } else {
    return v;
  }
}

template <class T>
inline constexpr bool is_real_float_v = std::is_floating_point_v<T> || std::is_same_v<T, quad>;

// Math on every real compute type: std:: for float/double/long double, libquadmath for quad.
namespace fm {
#define NP_ARITH_UNARY(name, qname)        \
  inline float name(float x) {             \
    return std::name(x);                   \
  }                                        \
  inline double name(double x) {           \
    return std::name(x);                   \
  }                                        \
  inline long double name(long double x) { \
    return std::name(x);                   \
  }                                        \
  inline quad name(quad x) {               \
    return qname(x);                       \
  }
NP_ARITH_UNARY(sqrt, sqrtq)
NP_ARITH_UNARY(cbrt, cbrtq)
NP_ARITH_UNARY(exp, expq)
NP_ARITH_UNARY(exp2, exp2q)
NP_ARITH_UNARY(expm1, expm1q)
NP_ARITH_UNARY(log, logq)
NP_ARITH_UNARY(log2, log2q)
NP_ARITH_UNARY(log10, log10q)
NP_ARITH_UNARY(log1p, log1pq)
NP_ARITH_UNARY(sin, sinq)
NP_ARITH_UNARY(cos, cosq)
NP_ARITH_UNARY(tan, tanq)
NP_ARITH_UNARY(asin, asinq)
NP_ARITH_UNARY(acos, acosq)
NP_ARITH_UNARY(atan, atanq)
NP_ARITH_UNARY(sinh, sinhq)
NP_ARITH_UNARY(cosh, coshq)
NP_ARITH_UNARY(tanh, tanhq)
NP_ARITH_UNARY(asinh, asinhq)
NP_ARITH_UNARY(acosh, acoshq)
NP_ARITH_UNARY(atanh, atanhq)
NP_ARITH_UNARY(floor, floorq)
NP_ARITH_UNARY(ceil, ceilq)
NP_ARITH_UNARY(trunc, truncq)
NP_ARITH_UNARY(rint, rintq)
NP_ARITH_UNARY(fabs, fabsq)
#undef NP_ARITH_UNARY
#define NP_ARITH_BINARY(name, qname)                      \
  inline float name(float x, float y) {                   \
    return std::name(x, y);                               \
  }                                                       \
  inline double name(double x, double y) {                \
    return std::name(x, y);                               \
  }                                                       \
  inline long double name(long double x, long double y) { \
    return std::name(x, y);                               \
  }                                                       \
  inline quad name(quad x, quad y) {                      \
    return qname(x, y);                                   \
  }
NP_ARITH_BINARY(pow, powq)
NP_ARITH_BINARY(fmod, fmodq)
NP_ARITH_BINARY(atan2, atan2q)
NP_ARITH_BINARY(hypot, hypotq)
NP_ARITH_BINARY(copysign, copysignq)
NP_ARITH_BINARY(nextafter, nextafterq)
NP_ARITH_BINARY(fmax, fmaxq)
NP_ARITH_BINARY(fmin, fminq)
#undef NP_ARITH_BINARY
inline float ldexp(float x, int e) {
  return std::ldexp(x, e);
}
inline double ldexp(double x, int e) {
  return std::ldexp(x, e);
}
inline long double ldexp(long double x, int e) {
  return std::ldexp(x, e);
}
inline quad ldexp(quad x, int e) {
  return ldexpq(x, e);
}
inline float frexp(float x, int* e) {
  return std::frexp(x, e);
}
inline double frexp(double x, int* e) {
  return std::frexp(x, e);
}
inline long double frexp(long double x, int* e) {
  return std::frexp(x, e);
}
inline quad frexp(quad x, int* e) {
  return frexpq(x, e);
}
inline float modf(float x, float* i) {
  return std::modf(x, i);
}
inline double modf(double x, double* i) {
  return std::modf(x, i);
}
inline long double modf(long double x, long double* i) {
  return std::modf(x, i);
}
inline quad modf(quad x, quad* i) {
  return modfq(x, i);
}
template <class T>
inline bool isnan(T x) {
  return x != x;
}
template <class T>
inline bool isinf(T x) {
  return x == std::numeric_limits<T>::infinity() || x == -std::numeric_limits<T>::infinity();
}
inline bool isinf(quad x) {
  return isinfq(x) != 0;
}
template <class T>
inline bool isfinite(T x) {
  return !isnan(x) && !isinf(x);
}
inline bool signbit(float x) {
  return std::signbit(x);
}
inline bool signbit(double x) {
  return std::signbit(x);
}
inline bool signbit(long double x) {
  return std::signbit(x);
}
inline bool signbit(quad x) {
  return signbitq(x) != 0;
}
template <class T>
inline T inf() {
  if constexpr (std::is_same_v<T, quad>) {
    return __builtin_infq();
  } else {
    return std::numeric_limits<T>::infinity();
  }
}
template <class T>
inline T nan() {
  if constexpr (std::is_same_v<T, quad>) {
    return __builtin_nanq("");
  } else {
    return std::numeric_limits<T>::quiet_NaN();
  }
}
// pi, ln 2, log2(e), log10(e) at the precision of T.
template <class T>
inline T pi() {
  if constexpr (std::is_same_v<T, quad>) {
    return M_PIq;
  } else {
    return static_cast<T>(3.141592653589793238462643383279502884L);
  }
}
template <class T>
inline T ln2() {
  if constexpr (std::is_same_v<T, quad>) {
    return M_LN2q;
  } else {
    return static_cast<T>(0.693147180559945309417232121458176568L);
  }
}
template <class T>
inline T log2e() {
  if constexpr (std::is_same_v<T, quad>) {
    return M_LOG2Eq;
  } else {
    return static_cast<T>(1.442695040888963407359924681001892137L);
  }
}
template <class T>
inline T log10e() {
  if constexpr (std::is_same_v<T, quad>) {
    return M_LOG10Eq;
  } else {
    return static_cast<T>(0.434294481903251827651128918916605082L);
  }
}
}  // namespace fm

// Complex elements as (real, imag) pairs of R (np/kernel_types.hpp); arithmetic written out so
// every component type, binary128 included, behaves the same.
using kernels::cplx;

template <class R>
inline cplx<R> cmul(cplx<R> a, cplx<R> b) {
  return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}

// Smith's algorithm, as NumPy's complex division.
template <class R>
inline cplx<R> cdiv(cplx<R> a, cplx<R> b) {
  const R abs_br = b.re < 0 ? -b.re : b.re;
  const R abs_bi = b.im < 0 ? -b.im : b.im;
  if (abs_br >= abs_bi) {
    if (abs_br == 0 && abs_bi == 0) {
      return {a.re / abs_br, a.im / abs_bi};  // inf or nan, as NumPy
    }
    const R rat = b.im / b.re;
    const R scl = R(1) / (b.re + b.im * rat);
    return {(a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl};
  }
  const R rat = b.re / b.im;
  const R scl = R(1) / (b.im + b.re * rat);
  return {(a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl};
}

// Type-code dispatch through the kernel type table (np/kernel_types.hpp): pick(type_identity<S>)
// for the storage type S of code c, which returns the loop or nullptr. Only canonical codes ('l',
// not 'q') and no datetimes: their loops are registered on their own.
template <class Pick>
NpStridedLoop visit_loop(char c, Pick pick) {
  return kernels::visit_type(c, [&]<class Row>(Row) -> NpStridedLoop {
    constexpr bool datetime = Row::id == TypeId::Datetime || Row::id == TypeId::Timedelta;
    constexpr bool canonical = kernels::type_code_of(Row::id) == Row::code;
    if constexpr (canonical && !datetime) {
      return pick(std::type_identity<typename Row::type>{});
    } else {
      return nullptr;
    }
  });
}

// Make(type_identity<S>) for the storage type S of code c when Accept<S> holds, else nullptr.
// Make is a captureless generic lambda naming a loop template, e.g. same<Op> (arith_unary.cpp):
// []<class S>(std::type_identity<S>) { return same_type_loop<S, Op>; }.
template <auto Make, template <class> class Accept>
NpStridedLoop pick_if(char c) {
  return visit_loop(c, []<class S>(std::type_identity<S> s) -> NpStridedLoop {
    if constexpr (Accept<S>::value) {
      return Make(s);
    } else {
      return nullptr;
    }
  });
}

template <class S>
using is_integer = std::bool_constant<std::is_integral_v<S> && !std::is_same_v<S, bool>>;
template <class S>
using is_real_float = std::bool_constant<std::is_floating_point_v<S> || std::is_same_v<S, quad> ||
                                         std::is_same_v<S, float16>>;
template <class S>
struct is_cplx : std::false_type {};
template <class R>
struct is_cplx<cplx<R>> : std::true_type {};

// Integer codes (b B h H i I l L).
template <auto Make>
NpStridedLoop pick_int(char c) {
  return pick_if<Make, is_integer>(c);
}
// Real float codes (e f d g k).
template <auto Make>
NpStridedLoop pick_float(char c) {
  return pick_if<Make, is_real_float>(c);
}

// Complex codes: pick(type_identity<R>) for the component type R, nullptr for other codes.
template <class Pick>
NpStridedLoop visit_complex(char c, Pick pick) {
  return visit_loop(c, [&]<class S>(std::type_identity<S>) -> NpStridedLoop {
    if constexpr (is_cplx<S>::value) {
      return pick(std::type_identity<typename S::value_type>{});
    } else {
      return nullptr;
    }
  });
}
// Make(type_identity<R>) for the component type R of complex code c.
template <auto Make>
NpStridedLoop pick_complex(char c) {
  return visit_complex(c, Make);
}
// Integers, bool ('?' as uint8) and real floats.
template <auto Make>
NpStridedLoop pick_real(char c) {
  if (c == '?') return Make(std::type_identity<uint8_t>{});
  if (NpStridedLoop f = pick_int<Make>(c)) return f;
  return pick_float<Make>(c);
}

template <class R>
inline cplx<R> load_c(const char* p) {
  return {kernels::load<R>(p), kernels::load<R>(p + sizeof(R))};
}
template <class R>
inline void store_c(char* p, cplx<R> v) {
  kernels::store<R>(p, v.re);
  kernels::store<R>(p + sizeof(R), v.im);
}

}  // namespace np::arith
