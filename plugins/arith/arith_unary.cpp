// Unary arith ufuncs: sign and magnitude (negative, positive, absolute, fabs, sign, conjugate,
// reciprocal, square), rounding (floor, ceil, trunc, rint), exponentials, logarithms,
// trigonometric and hyperbolic functions and their inverses, angle conversion, cbrt, and the
// classification predicates (isnan, isinf, isfinite, isnat, signbit, logical_not), spacing,
// frexp and modf.
//
// float16 computes through float32 and rounds once, as NumPy's half loops; complex functions use
// the C library's complex functions where NumPy does (cexp, clog, csin, ...) and NumPy's own
// formulas where it has them (exp2, expm1, log2, log10, log1p, sign, reciprocal).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "arith_datetime_resolve.hpp"
#include "arith_families.hpp"
#include "arith_types.hpp"

namespace np::arith {

namespace {

using kernels::load;
using kernels::store;

// ---- loop shapes ----------------------------------------------------------------------------

// out = Op(in) on one storage type, computed in its compute type.
template <class S, class Op>
int same_type_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  const Op op;
  constexpr int64_t s = sizeof(S);
  if (steps[0] == s && steps[1] == s) {  // contiguous: compile-time strides
    for (int64_t i = 0; i < dims[0]; ++i)
      store<S>(args[1] + i * s, narrow<S>(op(widen(load<S>(args[0] + i * s)))));
    return 0;
  }
  for (int64_t i = 0; i < dims[0]; ++i) {
    S v = load<S>(args[0] + i * steps[0]);
    store<S>(args[1] + i * steps[1], narrow<S>(op(widen(v))));
  }
  return 0;
}

// bool out = Pred(in).
template <class S, class Pred>
int predicate_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  const Pred pred;
  for (int64_t i = 0; i < dims[0]; ++i) {
    S v = load<S>(args[0] + i * steps[0]);
    store<uint8_t>(args[1] + i * steps[1], pred(widen(v)) ? 1 : 0);
  }
  return 0;
}

template <class R, class Op>
int complex_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                 void*) {
  const Op op;
  for (int64_t i = 0; i < dims[0]; ++i)
    store_c<R>(args[1] + i * steps[1], op(load_c<R>(args[0] + i * steps[0])));
  return 0;
}

template <class R, class Pred>
int complex_predicate_loop(NpLoopContext*, char* const* args, const int64_t* dims,
                           const int64_t* steps, void*) {
  const Pred pred;
  for (int64_t i = 0; i < dims[0]; ++i) {
    store<uint8_t>(args[1] + i * steps[1], pred(load_c<R>(args[0] + i * steps[0])) ? 1 : 0);
  }
  return 0;
}

template <class Op>
inline constexpr auto same =
    []<class S>(std::type_identity<S>) -> NpStridedLoop { return same_type_loop<S, Op>; };
template <class Pred>
inline constexpr auto predicate =
    []<class S>(std::type_identity<S>) -> NpStridedLoop { return predicate_loop<S, Pred>; };
template <class Op>
inline constexpr auto complex_of =
    []<class R>(std::type_identity<R>) -> NpStridedLoop { return complex_loop<R, Op>; };
template <class Pred>
inline constexpr auto complex_predicate =
    []<class R>(std::type_identity<R>) -> NpStridedLoop { return complex_predicate_loop<R, Pred>; };

// ---- element operations ---------------------------------------------------------------------

template <class T>
using unsigned_of = std::make_unsigned_t<T>;

struct Negative {
  template <class T>
  T operator()(T v) const {
    if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(unsigned_of<T>{0} - static_cast<unsigned_of<T>>(v));
    } else {
      return -v;
    }
  }
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    return {-v.re, -v.im};
  }
};
struct Positive {
  template <class T>
  T operator()(T v) const {
    return v;
  }
};
struct Absolute {
  template <class T>
  T operator()(T v) const {
    if constexpr (std::is_same_v<T, uint8_t> || std::is_unsigned_v<T>) {
      return v;
    } else if constexpr (std::is_integral_v<T>) {
      return v < 0 ? Negative{}(v) : v;
    } else if constexpr (std::is_same_v<T, long double>) {
      // NumPy 1.24's long double loop: (x > 0 ? x : -x) + 0, which flips a NaN's sign bit
      // (its fabs clears it); + 0 turns -0.0 into +0.0.
      const T flipped = v > 0 ? v : -v;
      return flipped + T(0);
    } else {
      return fm::fabs(v);
    }
  }
};
struct Sign {
  template <class T>
  T operator()(T v) const {
    if constexpr (std::is_integral_v<T>) {
      return v > 0 ? T(1) : (v < 0 ? static_cast<T>(-1) : T(0));
    } else {
      return v > 0 ? T(1) : (v < 0 ? T(-1) : (v == 0 ? T(0) : v));
    }
  }
  // sign of the real part, or of the imaginary part when the real part is zero; NaN anywhere
  // gives NaN.
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    if (fm::isnan(v.re) || fm::isnan(v.im)) return {fm::nan<R>(), R(0)};
    if (v.re > 0) return {R(1), R(0)};
    if (v.re < 0) return {R(-1), R(0)};
    if (v.im > 0) return {R(1), R(0)};
    if (v.im < 0) return {R(-1), R(0)};
    return {R(0), R(0)};
  }
};
struct Reciprocal {
  template <class T>
  T operator()(T v) const {
    if constexpr (std::is_integral_v<T>) {
      return kernels::x86_convert<T>(1.0 / static_cast<double>(v));  // NumPy computes 1.0/in
    } else {
      return T(1) / v;
    }
  }
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    const R ar = fm::fabs(v.re), ai = fm::fabs(v.im);
    if (ai <= ar) {
      const R r = v.im / v.re;
      const R d = v.re + v.im * r;
      return {R(1) / d, -r / d};
    }
    const R r = v.re / v.im;
    const R d = v.re * r + v.im;
    return {r / d, R(-1) / d};
  }
};
struct Square {
  template <class T>
  T operator()(T v) const {
    if constexpr (std::is_integral_v<T>) {
      using U = unsigned_of<T>;
      using W = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;
      return static_cast<T>(
          static_cast<U>(static_cast<W>(static_cast<U>(v)) * static_cast<W>(static_cast<U>(v))));
    } else {
      return v * v;
    }
  }
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    return cmul(v, v);
  }
};
struct Conjugate {
  template <class T>
  T operator()(T v) const {
    return v;
  }
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    return {v.re, -v.im};
  }
};

#define NP_ARITH_REAL_OP(Name, expr) \
  struct Name {                      \
    template <class T>               \
    T operator()(T x) const {        \
      return expr;                   \
    }                                \
  };
NP_ARITH_REAL_OP(Fabs, fm::fabs(x))
NP_ARITH_REAL_OP(Floor, fm::floor(x))
NP_ARITH_REAL_OP(Ceil, fm::ceil(x))
NP_ARITH_REAL_OP(Trunc, fm::trunc(x))
NP_ARITH_REAL_OP(Rint, fm::rint(x))
NP_ARITH_REAL_OP(Cbrt, fm::cbrt(x))
NP_ARITH_REAL_OP(Exp, fm::exp(x))
NP_ARITH_REAL_OP(Exp2, fm::exp2(x))
NP_ARITH_REAL_OP(Expm1, fm::expm1(x))
NP_ARITH_REAL_OP(Log, fm::log(x))
NP_ARITH_REAL_OP(Log2, fm::log2(x))
NP_ARITH_REAL_OP(Log10, fm::log10(x))
NP_ARITH_REAL_OP(Log1p, fm::log1p(x))
NP_ARITH_REAL_OP(Sin, fm::sin(x))
NP_ARITH_REAL_OP(Cos, fm::cos(x))
NP_ARITH_REAL_OP(Tan, fm::tan(x))
NP_ARITH_REAL_OP(Arcsin, fm::asin(x))
NP_ARITH_REAL_OP(Arccos, fm::acos(x))
NP_ARITH_REAL_OP(Arctan, fm::atan(x))
NP_ARITH_REAL_OP(Sinh, fm::sinh(x))
NP_ARITH_REAL_OP(Cosh, fm::cosh(x))
NP_ARITH_REAL_OP(Tanh, fm::tanh(x))
NP_ARITH_REAL_OP(Arcsinh, fm::asinh(x))
NP_ARITH_REAL_OP(Arccosh, fm::acosh(x))
NP_ARITH_REAL_OP(Arctanh, fm::atanh(x))
// NumPy: x * (180/pi) and x * (pi/180), the constant rounded in the type.
NP_ARITH_REAL_OP(Degrees, x*(T(180) / fm::pi<T>()))
NP_ARITH_REAL_OP(Radians, x*(fm::pi<T>() / T(180)))
#undef NP_ARITH_REAL_OP

// spacing(x), as NumPy's npy_spacing: the step to the next value of larger magnitude, with x's
// sign; the smallest subnormal for either zero; NaN for infinities.
struct Spacing {
  template <class T>
  T operator()(T x) const {
    if (fm::isinf(x)) return fm::nan<T>();
    if (fm::isnan(x)) return x;
    const T magnitude = fm::fabs(x);
    if constexpr (std::is_same_v<T, long double>) {
      // NumPy's long double spacing of the largest finite value is NaN with the invalid flag
      // (raised here by inf - inf), where the other types step to inf.
      if (magnitude == std::numeric_limits<T>::max()) {
        volatile T inf = fm::inf<T>();
        return inf - inf;
      }
    }
    const T step = fm::nextafter(magnitude, fm::inf<T>()) - magnitude;
    return (x < 0) ? -step : step;
  }
};

// float16 spacing works on the bits and is always positive (NumPy's npy_half_spacing: for a
// negative power of two it is the step toward zero).
int half_spacing(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                 void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const uint16_t h = load<uint16_t>(args[0] + i * steps[0]);
    const uint16_t h_exp = h & 0x7c00u;
    const uint16_t h_sig = h & 0x03ffu;
    uint16_t r;
    if (h_exp == 0x7c00u) {
      ctx->fp_status |= NP_FPE_INVALID;
      r = 0x7e00u;
    } else if (h == 0x7bffu) {
      ctx->fp_status |= NP_FPE_OVERFLOW;
      r = 0x7c00u;
    } else if ((h & 0x8000u) && h_sig == 0) {  // negative power of two: the step below
      if (h_exp > 0x2c00u) {
        r = static_cast<uint16_t>(h_exp - 0x2c00u);
      } else if (h_exp > 0x0400u) {
        r = static_cast<uint16_t>(1u << ((h_exp >> 10) - 2));
      } else {
        r = 0x0001u;
      }
    } else if (h_exp > 0x2800u) {
      r = static_cast<uint16_t>(h_exp - 0x2800u);
    } else if (h_exp > 0x0400u) {
      r = static_cast<uint16_t>(1u << ((h_exp >> 10) - 1));
    } else {
      r = 0x0001u;
    }
    store<uint16_t>(args[1] + i * steps[1], r);
  }
  return 0;
}

NpStridedLoop spacing_pick(char c);

// C library complex functions through the GCC builtins (glibc) and libquadmath.
template <class R>
struct CType;
template <>
struct CType<float> {
  using type = _Complex float;
};
template <>
struct CType<double> {
  using type = _Complex double;
};
template <>
struct CType<long double> {
  using type = _Complex long double;
};
template <>
struct CType<quad> {
  using type = __complex128;
};
template <class R>
typename CType<R>::type to_c(cplx<R> v) {
  typename CType<R>::type z;
  __real__ z = v.re;
  __imag__ z = v.im;
  return z;
}
template <class R>
cplx<R> from_c(typename CType<R>::type z) {
  return {__real__ z, __imag__ z};
}

#define NP_ARITH_CLIB(Name, fname)                                                        \
  struct Name {                                                                           \
    cplx<float> operator()(cplx<float> v) const {                                         \
      return from_c<float>(__builtin_##fname##f(to_c(v)));                                \
    }                                                                                     \
    cplx<double> operator()(cplx<double> v) const {                                       \
      return from_c<double>(__builtin_##fname(to_c(v)));                                  \
    }                                                                                     \
    cplx<long double> operator()(cplx<long double> v) const {                             \
      return from_c<long double>(__builtin_##fname##l(to_c(v)));                          \
    }                                                                                     \
    cplx<quad> operator()(cplx<quad> v) const { return from_c<quad>(fname##q(to_c(v))); } \
  };
NP_ARITH_CLIB(CExp, cexp)
NP_ARITH_CLIB(CLog, clog)
NP_ARITH_CLIB(CSin, csin)
NP_ARITH_CLIB(CCos, ccos)
NP_ARITH_CLIB(CTan, ctan)
NP_ARITH_CLIB(CSinh, csinh)
NP_ARITH_CLIB(CCosh, ccosh)
NP_ARITH_CLIB(CTanh, ctanh)
NP_ARITH_CLIB(CArcsin, casin)
NP_ARITH_CLIB(CArccos, cacos)
NP_ARITH_CLIB(CArctan, catan)
NP_ARITH_CLIB(CArcsinh, casinh)
NP_ARITH_CLIB(CArccosh, cacosh)
NP_ARITH_CLIB(CArctanh, catanh)
#undef NP_ARITH_CLIB

struct CExp2 {  // exp(x * ln 2)
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    return CExp{}(cplx<R>{v.re * fm::ln2<R>(), v.im * fm::ln2<R>()});
  }
};
struct CExpm1 {
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    const R a = fm::sin(v.im / 2);
    return {fm::expm1(v.re) * fm::cos(v.im) - 2 * a * a, fm::exp(v.re) * fm::sin(v.im)};
  }
};
struct CLog2 {
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    cplx<R> l = CLog{}(v);
    return {l.re * fm::log2e<R>(), l.im * fm::log2e<R>()};
  }
};
struct CLog10 {
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    cplx<R> l = CLog{}(v);
    return {l.re * fm::log10e<R>(), l.im * fm::log10e<R>()};
  }
};
struct CLog1p {
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    const R l = fm::hypot(v.re + 1, v.im);
    return {fm::log(l), fm::atan2(v.im, v.re + 1)};
  }
};
struct CRint {
  template <class R>
  cplx<R> operator()(cplx<R> v) const {
    return {fm::rint(v.re), fm::rint(v.im)};
  }
};

// Predicates. Integers and bools are never NaN or infinite.
struct IsNan {
  template <class T>
  bool operator()(T x) const {
    if constexpr (std::is_integral_v<T>) {
      return false;
    } else {
      return fm::isnan(x);
    }
  }
  template <class R>
  bool operator()(cplx<R> v) const {
    return fm::isnan(v.re) || fm::isnan(v.im);
  }
};
struct IsInf {
  template <class T>
  bool operator()(T x) const {
    if constexpr (std::is_integral_v<T>) {
      return false;
    } else {
      return fm::isinf(x);
    }
  }
  template <class R>
  bool operator()(cplx<R> v) const {
    return fm::isinf(v.re) || fm::isinf(v.im);
  }
};
struct IsFinite {
  template <class T>
  bool operator()(T x) const {
    if constexpr (std::is_integral_v<T>) {
      return true;
    } else {
      return fm::isfinite(x);
    }
  }
  template <class R>
  bool operator()(cplx<R> v) const {
    return fm::isfinite(v.re) && fm::isfinite(v.im);
  }
};
struct SignBit {
  template <class T>
  bool operator()(T x) const {
    return fm::signbit(x);
  }
};
struct LogicalNot {
  template <class T>
  bool operator()(T x) const {
    return !(x != T(0));
  }
  template <class R>
  bool operator()(cplx<R> v) const {
    return v.re == 0 && v.im == 0;
  }
};

template <int Kind>  // 0 isnan/isnat, 1 isinf, 2 isfinite
int datetime_predicate(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                       void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const bool nat = load<int64_t>(args[0] + i * steps[0]) == kNaT;
    const bool r = Kind == 0 ? nat : (Kind == 1 ? false : !nat);
    store<uint8_t>(args[1] + i * steps[1], r ? 1 : 0);
  }
  return 0;
}

// timedelta negative/positive/absolute/sign (NaT stays NaT; sign(NaT) is NaT).
template <class Op>
int timedelta_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  const Op op;
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t v = load<int64_t>(args[0] + i * steps[0]);
    store<int64_t>(args[1] + i * steps[1], v == kNaT ? kNaT : op(v));
  }
  return 0;
}

// frexp: mantissa in the input type, exponent as int32.
template <class S>
int frexp_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int e = 0;
    compute_t<S> m = fm::frexp(widen(load<S>(args[0] + i * steps[0])), &e);
    store<S>(args[1] + i * steps[1], narrow<S>(m));
    store<int32_t>(args[2] + i * steps[2], e);
  }
  return 0;
}
inline constexpr auto frexp_of = []<class S>(std::type_identity<S>) -> NpStridedLoop {
  return frexp_loop<S>;
};

// modf: fractional part first, integral part second (NumPy's order).
template <class S>
int modf_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    compute_t<S> whole{};
    compute_t<S> frac = fm::modf(widen(load<S>(args[0] + i * steps[0])), &whole);
    store<S>(args[1] + i * steps[1], narrow<S>(frac));
    store<S>(args[2] + i * steps[2], narrow<S>(whole));
  }
  return 0;
}
inline constexpr auto modf_of = []<class S>(std::type_identity<S>) -> NpStridedLoop {
  return modf_loop<S>;
};

// ---- dispatch -------------------------------------------------------------------------------

template <class Op>
NpStridedLoop real_or_complex(char c) {
  if (NpStridedLoop f = pick_real<same<Op>>(c)) return f;
  return pick_complex<complex_of<Op>>(c);
}

template <class RealOp, class ComplexOp>
NpStridedLoop float_or_complex(char c) {
  if (NpStridedLoop f = pick_float<same<RealOp>>(c)) return f;
  return pick_complex<complex_of<ComplexOp>>(c);
}

template <class Pred>
NpStridedLoop predicate_any(char c) {
  if (NpStridedLoop f = pick_real<predicate<Pred>>(c)) return f;
  return pick_complex<complex_predicate<Pred>>(c);
}

// |z| for complex. Where NumPy runs its AVX512F build, complex64/complex128 follow its SIMD
// formula (the one every stride takes there): larger * sqrt(fma(ratio, ratio, 1)) with
// ratio = smaller / larger, an infinite part giving inf and a NaN part NaN. Elsewhere, and for
// the wider types, hypot, as NumPy's scalar loops.
template <class R>
R complex_magnitude(cplx<R> v) {
  if constexpr (std::is_same_v<R, float> || std::is_same_v<R, double>) {
    if (!numpy_uses_avx512f_build()) return fm::hypot(v.re, v.im);
    const R re = fm::fabs(v.re), im = fm::fabs(v.im);
    if (fm::isinf(re) || fm::isinf(im)) return fm::inf<R>();
    if (fm::isnan(re) || fm::isnan(im)) return fm::nan<R>();
    const R larger = re > im ? re : im;
    const R smaller = re > im ? im : re;
    if (larger == 0) return R(0);
    const R ratio = smaller / larger;
    return larger * std::sqrt(std::fma(ratio, ratio, R(1)));
  } else {
    return fm::hypot(v.re, v.im);
  }
}

template <class R>
int complex_abs_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                     void*) {
  for (int64_t i = 0; i < dims[0]; ++i)
    store<R>(args[1] + i * steps[1], complex_magnitude(load_c<R>(args[0] + i * steps[0])));
  return 0;
}
template <class R>
struct ComplexAbs {
  static constexpr NpStridedLoop fn = complex_abs_loop<R>;
};

struct NegateTd {
  int64_t operator()(int64_t v) const { return Negative{}(v); }
};
struct AbsTd {
  int64_t operator()(int64_t v) const { return v < 0 ? Negative{}(v) : v; }
};
// sign of a timedelta: NaT (the most negative int64) counts as negative, as NumPy.
int timedelta_sign(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  for (int64_t i = 0; i < dims[0]; ++i)
    store<int64_t>(args[1] + i * steps[1], Sign{}(load<int64_t>(args[0] + i * steps[0])));
  return 0;
}

NpStridedLoop spacing_pick(char c) {
  return c == 'e' ? half_spacing : pick_float<same<Spacing>>(c);
}

constexpr const char* kFloats = "efdgk";
constexpr const char* kComplex = "FDGK";
constexpr DatetimePattern kTdTd{"mm", 1};

void* td_pattern() {
  return const_cast<DatetimePattern*>(&kTdTd);
}

using plugin::add_loops;
using plugin::Registrar;

// NumPy's default (linear search) resolver raises a plain TypeError when no loop fits; the
// simple uniform resolvers raise UFuncTypeError.
void define(Registrar& r, const char* name, const char* summary, uint32_t flags = 0, int nout = 1,
            const char* bool_error = nullptr) {
  if ((flags & NP_UFUNC_UNIFORM_RESOLUTION) == 0) flags |= NP_UFUNC_NO_LOOP_PLAIN_TYPE_ERROR;
  r.ufunc({.name = name,
           .nin = 1,
           .nout = nout,
           .flags = flags,
           .summary = summary,
           .bool_inputs_error = bool_error});
}

}  // namespace

namespace {

// negative ... conjugate: sign and arithmetic functions of one operand.
void register_signs(Registrar& r) {
  const uint32_t uniform = NP_UFUNC_UNIFORM_RESOLUTION;
  define(r, "negative", "Numerical negative, element-wise.", uniform, 1,
         "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator "
         "or the logical_not function instead.");
  add_loops(r, "negative", "bBhHiIlLefdgk", 1, 1, real_or_complex<Negative>);
  r.loop("negative", "m->m", timedelta_loop<NegateTd>, td_pattern(), "baseline", resolve_keep_unit);
  add_loops(r, "negative", kComplex, 1, 1, real_or_complex<Negative>);

  define(r, "positive", "Numerical positive, element-wise.", uniform);
  add_loops(r, "positive", "bBhHiIlLefdgk", 1, 1, real_or_complex<Positive>);
  r.loop("positive", "m->m", timedelta_loop<Positive>, td_pattern(), "baseline", resolve_keep_unit);
  add_loops(r, "positive", kComplex, 1, 1, real_or_complex<Positive>);

  define(r, "absolute", "Calculate the absolute value element-wise.", uniform);
  add_loops(r, "absolute", "?bBhHiIlLefdgk", 1, 1, pick_real<same<Absolute>>);
  r.loop("absolute", "m->m", timedelta_loop<AbsTd>, td_pattern(), "baseline", resolve_keep_unit);
  r.loop("absolute", "F->f", ComplexAbs<float>::fn);
  r.loop("absolute", "D->d", ComplexAbs<double>::fn);
  r.loop("absolute", "G->g", ComplexAbs<long double>::fn);
  r.loop("absolute", "K->k", ComplexAbs<quad>::fn);

  define(r, "fabs", "Compute the absolute values element-wise.");
  add_loops(r, "fabs", kFloats, 1, 1, pick_float<same<Fabs>>);

  define(r, "sign", "Returns an element-wise indication of the sign of a number.", uniform);
  add_loops(r, "sign", "bBhHiIlLefdgkFDGK", 1, 1, real_or_complex<Sign>);
  r.loop("sign", "m->m", timedelta_sign, td_pattern(), "baseline", resolve_keep_unit);

  define(r, "reciprocal", "Return the reciprocal of the argument, element-wise.");
  add_loops(r, "reciprocal", "bBhHiIlLefdgkFDGK", 1, 1, real_or_complex<Reciprocal>);
  define(r, "square", "Return the element-wise square of the input.");
  add_loops(r, "square", "bBhHiIlLefdgkFDGK", 1, 1, real_or_complex<Square>);
  define(r, "conjugate", "Return the complex conjugate, element-wise.");
  add_loops(r, "conjugate", "bBhHiIlLefdgkFDGK", 1, 1, real_or_complex<Conjugate>);
}

// cbrt ... spacing: the math functions (SIMD loops for exp, log, sin, cos, tan, tanh).
void register_math(Registrar& r) {
  struct Math {
    const char* name;
    NpStridedLoop (*pick)(char);
    const char* codes;
    const char* summary;
  };
  // Functions with SIMD loops for float32/float64 (arith_simd.hpp).
  auto simd_op = [](std::string_view name) -> std::optional<simd::Op> {
    if (name == "exp") return simd::Op::Exp;
    if (name == "log") return simd::Op::Log;
    if (name == "sin") return simd::Op::Sin;
    if (name == "cos") return simd::Op::Cos;
    if (name == "tan") return simd::Op::Tan;
    if (name == "tanh") return simd::Op::Tanh;
    return std::nullopt;
  };
  const Math math[] = {
      {"cbrt", pick_float<same<Cbrt>>, kFloats, "Return the cube-root of an array, element-wise."},
      {"exp", float_or_complex<Exp, CExp>, "efdgkFDGK",
       "Calculate the exponential of all elements in the input array."},
      {"exp2", float_or_complex<Exp2, CExp2>, "efdgkFDGK",
       "Calculate `2**p` for all `p` in the input array."},
      {"expm1", float_or_complex<Expm1, CExpm1>, "efdgkFDGK",
       "Calculate ``exp(x) - 1`` for all elements in the array."},
      {"log", float_or_complex<Log, CLog>, "efdgkFDGK", "Natural logarithm, element-wise."},
      {"log2", float_or_complex<Log2, CLog2>, "efdgkFDGK", "Base-2 logarithm of `x`."},
      {"log10", float_or_complex<Log10, CLog10>, "efdgkFDGK",
       "Return the base 10 logarithm of the input array, element-wise."},
      {"log1p", float_or_complex<Log1p, CLog1p>, "efdgkFDGK",
       "Return the natural logarithm of one plus the input array, element-wise."},
      {"sin", float_or_complex<Sin, CSin>, "efdgkFDGK", "Trigonometric sine, element-wise."},
      {"cos", float_or_complex<Cos, CCos>, "efdgkFDGK", "Cosine element-wise."},
      {"tan", float_or_complex<Tan, CTan>, "efdgkFDGK", "Compute tangent element-wise."},
      {"arcsin", float_or_complex<Arcsin, CArcsin>, "efdgkFDGK", "Inverse sine, element-wise."},
      {"arccos", float_or_complex<Arccos, CArccos>, "efdgkFDGK",
       "Trigonometric inverse cosine, element-wise."},
      {"arctan", float_or_complex<Arctan, CArctan>, "efdgkFDGK",
       "Trigonometric inverse tangent, element-wise."},
      {"sinh", float_or_complex<Sinh, CSinh>, "efdgkFDGK", "Hyperbolic sine, element-wise."},
      {"cosh", float_or_complex<Cosh, CCosh>, "efdgkFDGK", "Hyperbolic cosine, element-wise."},
      {"tanh", float_or_complex<Tanh, CTanh>, "efdgkFDGK",
       "Compute hyperbolic tangent element-wise."},
      {"arcsinh", float_or_complex<Arcsinh, CArcsinh>, "efdgkFDGK",
       "Inverse hyperbolic sine element-wise."},
      {"arccosh", float_or_complex<Arccosh, CArccosh>, "efdgkFDGK",
       "Inverse hyperbolic cosine, element-wise."},
      {"arctanh", float_or_complex<Arctanh, CArctanh>, "efdgkFDGK",
       "Inverse hyperbolic tangent element-wise."},
      {"degrees", pick_float<same<Degrees>>, kFloats, "Convert angles from radians to degrees."},
      {"rad2deg", pick_float<same<Degrees>>, kFloats, "Convert angles from radians to degrees."},
      {"radians", pick_float<same<Radians>>, kFloats, "Convert angles from degrees to radians."},
      {"deg2rad", pick_float<same<Radians>>, kFloats, "Convert angles from degrees to radians."},
      {"floor", pick_float<same<Floor>>, kFloats, "Return the floor of the input, element-wise."},
      {"ceil", pick_float<same<Ceil>>, kFloats, "Return the ceiling of the input, element-wise."},
      {"trunc", pick_float<same<Trunc>>, kFloats,
       "Return the truncated value of the input, element-wise."},
      {"rint", float_or_complex<Rint, CRint>, "efdgkFDGK",
       "Round elements of the array to the nearest integer."},
      {"spacing", spacing_pick, kFloats,
       "Return the distance between x and the nearest adjacent number."},
  };
  for (const Math& m : math) {
    define(r, m.name, m.summary);
    const auto op = simd_op(m.name);
    for (const char* c = m.codes; *c != '\0'; ++c) {
      NpStridedLoop baseline = m.pick(*c);
      if (baseline == nullptr) continue;
      const std::string types = plugin::same_type_signature(1, 1, *c);
      if (op && (*c == 'f' || *c == 'd')) {
        loop_best_target(r, m.name, types, *c, baseline, *op);
      } else {
        r.loop(m.name, types.c_str(), baseline);
      }
    }
  }
}

// logical_not, the classification predicates and the rest of the unary ufuncs.
void register_logic_and_classes(Registrar& r) {
  define(r, "logical_not", "Compute the truth value of NOT x element-wise.");
  add_loops(r, "logical_not", "?bBhHiIlLefdgkFDGK", 1, 1, predicate_any<LogicalNot>, '?');

  struct Classify {
    const char* name;
    NpStridedLoop (*pick)(char);
    NpStridedLoop datetime;
    const char* summary;
  };
  const Classify classify[] = {
      {"isnan", predicate_any<IsNan>, datetime_predicate<0>,
       "Test element-wise for NaN and return result as a boolean array."},
      {"isinf", predicate_any<IsInf>, datetime_predicate<1>,
       "Test element-wise for positive or negative infinity."},
      {"isfinite", predicate_any<IsFinite>, datetime_predicate<2>,
       "Test element-wise for finiteness (not infinity and not Not a Number)."},
  };
  for (const Classify& c : classify) {
    define(r, c.name, c.summary);
    add_loops(r, c.name, "?bBhHiIlLefdgkFDGK", 1, 1, c.pick, '?');
    r.loop(c.name, "m->?", c.datetime);
    r.loop(c.name, "M->?", c.datetime);
  }
  define(r, "isnat", "Test element-wise for NaT (not a time) and return result as a boolean array.",
         NP_UFUNC_UNIFORM_RESOLUTION | NP_UFUNC_NO_LOOP_PLAIN_TYPE_ERROR);
  r.loop("isnat", "M->?", datetime_predicate<0>);
  r.loop("isnat", "m->?", datetime_predicate<0>);

  define(r, "signbit", "Returns element-wise True where signbit is set (less than zero).");
  add_loops(r, "signbit", kFloats, 1, 1, pick_float<predicate<SignBit>>, '?');

  define(r, "frexp", "Decompose the elements of x into mantissa and twos exponent.", 0, 2);
  for (const char* c = kFloats; *c != '\0'; ++c) {
    const std::string types = std::string(1, *c) + "->" + *c + "i";
    r.loop("frexp", types.c_str(), pick_float<frexp_of>(*c));
  }
  define(r, "modf", "Return the fractional and integral parts of an array, element-wise.", 0, 2);
  add_loops(r, "modf", kFloats, 1, 2, pick_float<modf_of>);
}

}  // namespace

void register_unary(Registrar& r) {
  register_signs(r);
  register_math(r);
  register_logic_and_classes(r);
}

}  // namespace np::arith
