// Arith loops: add and multiply for every numeric type, and their datetime forms.
//
// Float add loops recognise NumPy's reduce call (args[0] == args[2], both strides 0) and sum the
// input pairwise (blocks of 8 accumulators up to 128 elements, halves otherwise), as NumPy does,
// so sums agree to the last bit. float16 computes in float32; integers wrap modulo 2^n.
#include "arith_loops.hpp"

#include <quadmath.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include <boost/multiprecision/float128.hpp>

#include "arith_types.hpp"
#include "np/float16.hpp"
#include "np/loop_helpers.hpp"

namespace np::arith {

namespace {

using kernels::load;
using kernels::store;
template <class T, class Op>
constexpr NpStridedLoop binary = kernels::binary_loop<T, Op>;
inline bool is_reduce(char* const* args, const int64_t* steps) {
  return kernels::is_binary_reduce(args, steps);
}

// binary128 square root through Boost.Multiprecision (libquadmath), correctly rounded.
__float128 sqrtq_portable(__float128 v);

constexpr int64_t kPairwiseBlock = 128;

// NumPy's complex128 SIMD multiply runs only when no input's byte range meets the output's;
// reductions, in-place and overlapping calls (accumulate) take its scalar (FMA) path.
bool inputs_meet_output(char* const* args, int64_t n, const int64_t* steps) {
  if (is_reduce(args, steps)) return true;
  auto range = [n](const char* p, int64_t step) {
    const char* a = p;
    const char* b = p + step * (n > 0 ? n - 1 : 0);
    return std::make_pair(std::min(a, b), std::max(a, b));
  };
  auto out = range(args[2], steps[2]);
  for (int k = 0; k < 2; ++k) {
    auto in = range(args[k], steps[k]);
    bool disjoint = in.second < out.first || out.second < in.first;
    if (!disjoint) return true;
  }
  return false;
}

// NumPy's pairwise summation over n elements of type Load, accumulating in Acc. Fixed > 0 is a
// compile-time stride (contiguous input: the 8 accumulators vectorise, in the same order).
template <class Acc, class Load, int64_t Fixed, class Convert>
Acc pairwise_impl(const char* a, int64_t n, int64_t dynamic_stride, Convert to_acc) {
  const int64_t stride = Fixed > 0 ? Fixed : dynamic_stride;
  if (n < 8) {
    Acc res = -0.0;  // keeps -0.0 inputs exact
    for (int64_t i = 0; i < n; ++i)
      res += to_acc(load<Load>(a + i * stride));
    return res;
  }
  if (n <= kPairwiseBlock) {
    Acc r[8];
    for (int j = 0; j < 8; ++j)
      r[j] = to_acc(load<Load>(a + j * stride));
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 8; ++j)
        r[j] += to_acc(load<Load>(a + (i + j) * stride));
    }
    Acc res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i)
      res += to_acc(load<Load>(a + i * stride));
    return res;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_impl<Acc, Load, Fixed>(a, n2, stride, to_acc) +
         pairwise_impl<Acc, Load, Fixed>(a + n2 * stride, n - n2, stride, to_acc);
}

template <class Acc, class Load, class Convert>
Acc pairwise_sum(const char* a, int64_t n, int64_t stride, Convert to_acc) {
  if (stride == static_cast<int64_t>(sizeof(Load))) {
    return pairwise_impl<Acc, Load, static_cast<int64_t>(sizeof(Load))>(a, n, stride, to_acc);
  }
  return pairwise_impl<Acc, Load, 0>(a, n, stride, to_acc);
}

// Complex pairwise sum: n counts real components (2 per element), stride is per component pair.
template <class R>
void pairwise_sum_complex(R* rr, R* ri, const char* a, int64_t n, int64_t stride) {
  if (n < 8) {
    *rr = -0.0;
    *ri = -0.0;
    for (int64_t i = 0; i < n; i += 2) {
      *rr += load<R>(a + i * stride);
      *ri += load<R>(a + i * stride + sizeof(R));
    }
    return;
  }
  if (n <= kPairwiseBlock) {
    R r[8];
    for (int j = 0; j < 4; ++j) {
      r[2 * j] = load<R>(a + 2 * j * stride);
      r[2 * j + 1] = load<R>(a + 2 * j * stride + sizeof(R));
    }
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 4; ++j) {
        r[2 * j] += load<R>(a + (i + 2 * j) * stride);
        r[2 * j + 1] += load<R>(a + (i + 2 * j) * stride + sizeof(R));
      }
    }
    *rr = ((r[0] + r[2]) + (r[4] + r[6]));
    *ri = ((r[1] + r[3]) + (r[5] + r[7]));
    for (; i < n; i += 2) {
      *rr += load<R>(a + i * stride);
      *ri += load<R>(a + i * stride + sizeof(R));
    }
    return;
  }
  R rr1, ri1, rr2, ri2;
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  pairwise_sum_complex(&rr1, &ri1, a, n2, stride);
  pairwise_sum_complex(&rr2, &ri2, a + n2 * stride, n - n2, stride);
  *rr = rr1 + rr2;
  *ri = ri1 + ri2;
}

struct AddInt {
  template <class T>
  T operator()(T x, T y) const {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(x) + static_cast<U>(y)));
  }
};
struct MulInt {
  template <class T>
  T operator()(T x, T y) const {
    using U = std::make_unsigned_t<T>;
    // Promote to at least unsigned int so the product cannot overflow a signed int.
    using W = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;
    return static_cast<T>(
        static_cast<U>(static_cast<W>(static_cast<U>(x)) * static_cast<W>(static_cast<U>(y))));
  }
};
struct Plus {
  template <class T>
  T operator()(T x, T y) const {
    return x + y;
  }
};
struct Times {
  template <class T>
  T operator()(T x, T y) const {
    return x * y;
  }
};
struct LogicalOr {
  uint8_t operator()(uint8_t x, uint8_t y) const { return (x || y) ? 1 : 0; }
};
struct LogicalAnd {
  uint8_t operator()(uint8_t x, uint8_t y) const { return (x && y) ? 1 : 0; }
};

template <class T>
int add_float(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
              void* d) {
  if (is_reduce(args, steps)) {
    T acc = load<T>(args[0]);
    acc += pairwise_sum<T, T>(args[1], dims[0], steps[1], [](T v) { return v; });
    store<T>(args[0], acc);
    return 0;
  }
  return binary<T, Plus>(ctx, args, dims, steps, d);
}

int add_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  auto h2f = [](uint16_t h) { return half_to_float(h); };
  if (is_reduce(args, steps)) {
    float acc = half_to_float(load<uint16_t>(args[0]));
    acc += pairwise_sum<float, uint16_t>(args[1], dims[0], steps[1], h2f);
    store<uint16_t>(args[0], float_to_half(acc));
    return 0;
  }
  for (int64_t i = 0; i < dims[0]; ++i) {
    float v =
        h2f(load<uint16_t>(args[0] + i * steps[0])) + h2f(load<uint16_t>(args[1] + i * steps[1]));
    store<uint16_t>(args[2] + i * steps[2], float_to_half(v));
  }
  return 0;
}

int multiply_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                  void*) {
  if (is_reduce(args, steps)) {  // NumPy keeps the running product in float32 within a call
    float acc = half_to_float(load<uint16_t>(args[0]));
    for (int64_t i = 0; i < dims[0]; ++i)
      acc *= half_to_float(load<uint16_t>(args[1] + i * steps[1]));
    store<uint16_t>(args[0], float_to_half(acc));
    return 0;
  }
  for (int64_t i = 0; i < dims[0]; ++i) {
    float v = half_to_float(load<uint16_t>(args[0] + i * steps[0])) *
              half_to_float(load<uint16_t>(args[1] + i * steps[1]));
    store<uint16_t>(args[2] + i * steps[2], float_to_half(v));
  }
  return 0;
}

template <class R>
int add_complex(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  if (is_reduce(args, steps)) {
    R rr, ri;
    pairwise_sum_complex<R>(&rr, &ri, args[1], dims[0] * 2, steps[1] / 2);
    store<R>(args[0], load<R>(args[0]) + rr);
    store<R>(args[0] + sizeof(R), load<R>(args[0] + sizeof(R)) + ri);
    return 0;
  }
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    const char* b = args[1] + i * steps[1];
    char* o = args[2] + i * steps[2];
    R re = load<R>(a) + load<R>(b);
    R im = load<R>(a + sizeof(R)) + load<R>(b + sizeof(R));
    store<R>(o, re);
    store<R>(o + sizeof(R), im);
  }
  return 0;
}

template <class R>
int multiply_complex(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                     void*) {
  if constexpr (std::is_same_v<R, double>) {
    if (numpy_uses_avx512f_build() && inputs_meet_output(args, dims[0], steps)) {
      // When the output aliases an input (reductions, in-place calls) NumPy 1.24's AVX512F build
      // leaves its SIMD kernel for a scalar complex128 loop contracted to FMAs (complex64's is
      // not contracted); reproduce it so products agree bit for bit. Its other builds (no
      // AVX512F on the CPU) compute the plain products below.
      for (int64_t i = 0; i < dims[0]; ++i) {
        const char* a = args[0] + i * steps[0];
        const char* b = args[1] + i * steps[1];
        R ar = load<R>(a), ai = load<R>(a + sizeof(R));
        R br = load<R>(b), bi = load<R>(b + sizeof(R));
        R re = std::fma(ar, br, -(ai * bi));
        R im = std::fma(ar, bi, ai * br);
        char* o = args[2] + i * steps[2];
        store<R>(o, re);
        store<R>(o + sizeof(R), im);
      }
      return 0;
    }
  }
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    const char* b = args[1] + i * steps[1];
    char* o = args[2] + i * steps[2];
    R ar = load<R>(a), ai = load<R>(a + sizeof(R));
    R br = load<R>(b), bi = load<R>(b + sizeof(R));
    store<R>(o, ar * br - ai * bi);
    store<R>(o + sizeof(R), ar * bi + ai * br);
  }
  return 0;
}

// Datetime arithmetic: NaT in, NaT out; counts combine as wrapping int64 (the resolver has
// already unified the units).
template <class WrapOp>
int datetime_binary(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                    void*) {
  const WrapOp op;
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t x = load<int64_t>(args[0] + i * steps[0]);
    int64_t y = load<int64_t>(args[1] + i * steps[1]);
    store<int64_t>(args[2] + i * steps[2], (x == kNaT || y == kNaT) ? kNaT : op(x, y));
  }
  return 0;
}

template <bool TimedeltaFirst>
int timedelta_times_int(NpLoopContext*, char* const* args, const int64_t* dims,
                        const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t td = load<int64_t>(args[TimedeltaFirst ? 0 : 1] + i * steps[TimedeltaFirst ? 0 : 1]);
    int64_t k = load<int64_t>(args[TimedeltaFirst ? 1 : 0] + i * steps[TimedeltaFirst ? 1 : 0]);
    int64_t r = td == kNaT
                    ? kNaT
                    : static_cast<int64_t>(static_cast<uint64_t>(td) * static_cast<uint64_t>(k));
    store<int64_t>(args[2] + i * steps[2], r);
  }
  return 0;
}

template <bool TimedeltaFirst>
int timedelta_times_double(NpLoopContext*, char* const* args, const int64_t* dims,
                           const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t td = load<int64_t>(args[TimedeltaFirst ? 0 : 1] + i * steps[TimedeltaFirst ? 0 : 1]);
    double f = load<double>(args[TimedeltaFirst ? 1 : 0] + i * steps[TimedeltaFirst ? 1 : 0]);
    int64_t r;
    if (td == kNaT || !std::isfinite(f)) {
      r = kNaT;
    } else {
      double v = static_cast<double>(td) * f;
      r = (std::isfinite(v) && v > -9.2233720368547758e18 && v < 9.2233720368547758e18)
              ? static_cast<int64_t>(v)
              : kNaT;
    }
    store<int64_t>(args[2] + i * steps[2], r);
  }
  return 0;
}

struct SubInt {
  template <class T>
  T operator()(T x, T y) const {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(x) - static_cast<U>(y)));
  }
};
struct Minus {
  template <class T>
  T operator()(T x, T y) const {
    return x - y;
  }
};
struct Divide {
  template <class T>
  T operator()(T x, T y) const {
    return x / y;
  }
};

// NumPy's maximum/minimum: NaN in either input propagates (the first NaN wins).
template <class T>
bool is_nan_value(T v) {
  if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, __float128>) {
    return v != v;
  } else {
    return false;
  }
}
struct Max {
  template <class T>
  T operator()(T x, T y) const {
    return (x >= y || is_nan_value(x)) ? x : y;
  }
};
struct Min {
  template <class T>
  T operator()(T x, T y) const {
    return (x <= y || is_nan_value(x)) ? x : y;
  }
};

int subtract_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                  void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    float v = half_to_float(load<uint16_t>(args[0] + i * steps[0])) -
              half_to_float(load<uint16_t>(args[1] + i * steps[1]));
    store<uint16_t>(args[2] + i * steps[2], float_to_half(v));
  }
  return 0;
}

int divide_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    float v = half_to_float(load<uint16_t>(args[0] + i * steps[0])) /
              half_to_float(load<uint16_t>(args[1] + i * steps[1]));
    store<uint16_t>(args[2] + i * steps[2], float_to_half(v));
  }
  return 0;
}

template <bool IsMax>
int extremum_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                  void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    uint16_t a = load<uint16_t>(args[0] + i * steps[0]);
    uint16_t b = load<uint16_t>(args[1] + i * steps[1]);
    float x = half_to_float(a), y = half_to_float(b);
    bool keep_a = IsMax ? (x >= y || x != x) : (x <= y || x != x);
    store<uint16_t>(args[2] + i * steps[2], keep_a ? a : b);
  }
  return 0;
}

template <class R>
int subtract_complex(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                     void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    const char* b = args[1] + i * steps[1];
    char* o = args[2] + i * steps[2];
    R re = load<R>(a) - load<R>(b);
    R im = load<R>(a + sizeof(R)) - load<R>(b + sizeof(R));
    store<R>(o, re);
    store<R>(o + sizeof(R), im);
  }
  return 0;
}

// NumPy's complex division (Smith's algorithm, with its zero-divisor special case).
template <class R>
int divide_complex(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    const char* b = args[1] + i * steps[1];
    R in1r = load<R>(a), in1i = load<R>(a + sizeof(R));
    R in2r = load<R>(b), in2i = load<R>(b + sizeof(R));
    R in2r_abs = in2r < 0 ? -in2r : in2r;
    R in2i_abs = in2i < 0 ? -in2i : in2i;
    R outr, outi;
    if (in2r_abs >= in2i_abs) {
      if (in2r_abs == 0 && in2i_abs == 0) {
        outr = in1r / in2r_abs;
        outi = in1i / in2r_abs;
      } else {
        R rat = in2i / in2r;
        R scl = R(1.0) / (in2r + in2i * rat);
        outr = (in1r + in1i * rat) * scl;
        outi = (in1i - in1r * rat) * scl;
      }
    } else {
      R rat = in2r / in2i;
      R scl = R(1.0) / (in2i + in2r * rat);
      outr = (in1r * rat + in1i) * scl;
      outi = (in1i * rat - in1r) * scl;
    }
    char* o = args[2] + i * steps[2];
    store<R>(o, outr);
    store<R>(o + sizeof(R), outi);
  }
  return 0;
}

// Complex maximum/minimum: lexicographic order; a NaN in either part propagates.
template <class R, bool IsMax>
int extremum_complex(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                     void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    const char* b = args[1] + i * steps[1];
    R ar = load<R>(a), ai = load<R>(a + sizeof(R));
    R br = load<R>(b), bi = load<R>(b + sizeof(R));
    bool a_nan = ar != ar || ai != ai;
    bool ge = IsMax ? (ar > br || (ar == br && ai >= bi)) : (ar < br || (ar == br && ai <= bi));
    const char* pick = (ge || a_nan) ? a : b;
    std::memcpy(args[2] + i * steps[2], pick, 2 * sizeof(R));
  }
  return 0;
}

template <class T>
int unary_sqrt(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  auto root = [](T v) {
    if constexpr (std::is_same_v<T, __float128>) {
      return sqrtq_portable(v);
    } else {
      return std::sqrt(v);
    }
  };
  constexpr int64_t s = sizeof(T);
  if (steps[0] == s && steps[1] == s) {  // contiguous: vectorisable
    for (int64_t i = 0; i < dims[0]; ++i)
      store<T>(args[1] + i * s, root(load<T>(args[0] + i * s)));
    return 0;
  }
  for (int64_t i = 0; i < dims[0]; ++i)
    store<T>(args[1] + i * steps[1], root(load<T>(args[0] + i * steps[0])));
  return 0;
}

int sqrt_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    float v = std::sqrt(half_to_float(load<uint16_t>(args[0] + i * steps[0])));
    store<uint16_t>(args[1] + i * steps[1], float_to_half(v));
  }
  return 0;
}

template <class R>
int sqrt_complex(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                 void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    std::complex<R> z(load<R>(a), load<R>(a + sizeof(R)));
    std::complex<R> r = std::sqrt(z);
    char* o = args[1] + i * steps[1];
    store<R>(o, r.real());
    store<R>(o + sizeof(R), r.imag());
  }
  return 0;
}

// complex binary128 square root through libquadmath's csqrtq.
int sqrt_complex_quad(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                      void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* a = args[0] + i * steps[0];
    __complex128 z;
    __real__ z = load<__float128>(a);
    __imag__ z = load<__float128>(a + sizeof(__float128));
    __complex128 r = csqrtq(z);
    char* o = args[1] + i * steps[1];
    store<__float128>(o, __real__ r);
    store<__float128>(o + sizeof(__float128), __imag__ r);
  }
  return 0;
}

template <bool IsMax>
int datetime_extremum(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                      void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t x = load<int64_t>(args[0] + i * steps[0]);
    int64_t y = load<int64_t>(args[1] + i * steps[1]);
    int64_t r = (x == kNaT || y == kNaT) ? kNaT : (IsMax ? std::max(x, y) : std::min(x, y));
    store<int64_t>(args[2] + i * steps[2], r);
  }
  return 0;
}

// NumPy's clip: min(max(x, lo), hi) where max/min keep a NaN first argument and otherwise
// pick with a strict comparison (so clip(-0.0, 0.0, ..) is 0.0, unlike maximum).
template <class T>
T clip_max(T a, T b) {
  return is_nan_value(a) ? a : (a > b ? a : b);
}
template <class T>
T clip_min(T a, T b) {
  return is_nan_value(a) ? a : (a < b ? a : b);
}

template <class T>
int clip_typed(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    T x = load<T>(args[0] + i * steps[0]);
    T lo = load<T>(args[1] + i * steps[1]);
    T hi = load<T>(args[2] + i * steps[2]);
    store<T>(args[3] + i * steps[3], clip_min(clip_max(x, lo), hi));
  }
  return 0;
}

int clip_half(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    uint16_t xs = load<uint16_t>(args[0] + i * steps[0]);
    uint16_t los = load<uint16_t>(args[1] + i * steps[1]);
    uint16_t his = load<uint16_t>(args[2] + i * steps[2]);
    float x = half_to_float(xs), lo = half_to_float(los), hi = half_to_float(his);
    uint16_t m = (x != x) ? xs : (x > lo ? xs : los);
    float mf = half_to_float(m);
    uint16_t r = (mf != mf) ? m : (mf < hi ? m : his);
    store<uint16_t>(args[3] + i * steps[3], r);
  }
  return 0;
}

}  // namespace

NpStridedLoop clip_loop(char c) {
  if (c == 'e') return clip_half;
  return visit_loop(c, []<class T>(std::type_identity<T>) -> NpStridedLoop {
    if constexpr (std::is_same_v<T, bool>) {
      return clip_typed<uint8_t>;
    } else if constexpr (std::is_integral_v<T> || is_real_float_v<T>) {
      return clip_typed<T>;
    } else {
      return nullptr;
    }
  });
}

namespace {

// The elementwise loop of a binary operation on the integer and real float codes: IntOp for
// b B h H i I l L (wrapping arithmetic), RealOp for f d g k; nullptr for other codes (and for
// integers when kIntegers is false).
template <class IntOp, class RealOp, bool kIntegers = true>
NpStridedLoop real_binary(char c) {
  return visit_loop(c, []<class T>(std::type_identity<T>) -> NpStridedLoop {
    if constexpr (kIntegers && is_integer<T>::value) {
      return binary<T, IntOp>;
    } else if constexpr (is_real_float_v<T>) {
      return binary<T, RealOp>;
    } else {
      return nullptr;
    }
  });
}

}  // namespace

NpStridedLoop subtract_loop(char c) {
  if (c == 'e') return subtract_half;
  if (NpStridedLoop l =
          visit_complex(c, []<class R>(std::type_identity<R>) { return subtract_complex<R>; }))
    return l;
  return real_binary<SubInt, Minus>(c);
}

NpStridedLoop true_divide_loop(char c) {
  if (c == 'e') return divide_half;
  if (NpStridedLoop l =
          visit_complex(c, []<class R>(std::type_identity<R>) { return divide_complex<R>; }))
    return l;
  return real_binary<Divide, Divide, false>(c);
}

NpStridedLoop maximum_loop(char c) {
  if (c == '?') return binary<uint8_t, Max>;
  if (c == 'e') return extremum_half<true>;
  if (NpStridedLoop l = visit_complex(
          c, []<class R>(std::type_identity<R>) { return extremum_complex<R, true>; }))
    return l;
  return real_binary<Max, Max>(c);
}

NpStridedLoop minimum_loop(char c) {
  if (c == '?') return binary<uint8_t, Min>;
  if (c == 'e') return extremum_half<false>;
  if (NpStridedLoop l = visit_complex(
          c, []<class R>(std::type_identity<R>) { return extremum_complex<R, false>; }))
    return l;
  return real_binary<Min, Min>(c);
}

NpStridedLoop sqrt_loop(char c) {
  if (c == 'e') return sqrt_half;
  return visit_loop(c, []<class T>(std::type_identity<T>) -> NpStridedLoop {
    if constexpr (std::is_same_v<T, cplx<__float128>>) {
      return sqrt_complex_quad;  // std::sqrt has no complex binary128
    } else if constexpr (is_cplx<T>::value) {
      return sqrt_complex<typename T::value_type>;
    } else if constexpr (is_real_float_v<T>) {
      return unary_sqrt<T>;
    } else {
      return nullptr;
    }
  });
}

NpStridedLoop add_loop(char c) {
  if (c == '?') return binary<uint8_t, LogicalOr>;
  if (c == 'e') return add_half;
  return visit_loop(c, []<class T>(std::type_identity<T>) -> NpStridedLoop {
    if constexpr (is_cplx<T>::value) {
      return add_complex<typename T::value_type>;
    } else if constexpr (is_real_float_v<T>) {
      return add_float<T>;  // its reduce path sums pairwise
    } else if constexpr (is_integer<T>::value) {
      return binary<T, AddInt>;
    } else {
      return nullptr;
    }
  });
}

NpStridedLoop multiply_loop(char c) {
  if (c == '?') return binary<uint8_t, LogicalAnd>;
  if (c == 'e') return multiply_half;
  if (NpStridedLoop l =
          visit_complex(c, []<class R>(std::type_identity<R>) { return multiply_complex<R>; }))
    return l;
  return real_binary<MulInt, Times>(c);
}

NpStridedLoop datetime_loop(const char* name) {
  std::string_view n(name);
  if (n == "Mm->M" || n == "mM->M" || n == "mm->m") return datetime_binary<AddInt>;
  if (n == "mq->m") return timedelta_times_int<true>;
  if (n == "qm->m") return timedelta_times_int<false>;
  if (n == "md->m") return timedelta_times_double<true>;
  if (n == "dm->m") return timedelta_times_double<false>;
  if (n == "MM->m" || n == "Mm-M" || n == "mm-m") return datetime_binary<SubInt>;
  if (n == "max") return datetime_extremum<true>;
  if (n == "min") return datetime_extremum<false>;
  return nullptr;
}

namespace {
__float128 sqrtq_portable(__float128 v) {
  return boost::multiprecision::sqrt(boost::multiprecision::float128(v)).backend().value();
}
}  // namespace

}  // namespace np::arith
