// The SIMD loop templates, instantiated once per target by arith_simd_<target>.cpp (which
// defines NP_SIMD_ARCH, NP_SIMD_FN and NP_SIMD_REDUCE_FN before including this file). Internal to
// the arith plugin. The contiguous-slot loops rely on NpLoopDef::contiguous's promise: every
// operand contiguous or an input of step 0, no partial overlap.
#pragma once

#include <immintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "np/float16.hpp"
#include "np/kernel_simd.hpp"
#include "np/kernel_types.hpp"
#include "simd/arith_simd.hpp"

namespace np::arith::simd {
namespace {

using Arch = NP_SIMD_ARCH;

// Integer scalars wrap as NumPy's do: computed in the unsigned type (signed overflow would be
// undefined behaviour); integer vectors wrap in hardware.
template <class V, class Op>
V wrapping(const V& a, const V& b, Op op) {
  if constexpr (std::is_integral_v<V>) {
    using U = std::make_unsigned_t<decltype(+a)>;  // int-promoted width, unsigned
    return static_cast<V>(op(static_cast<U>(a), static_cast<U>(b)));
  } else {
    return op(a, b);
  }
}

struct AddOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return wrapping(a, b, [](auto x, auto y) { return x + y; });
  }
};
struct SubtractOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return wrapping(a, b, [](auto x, auto y) { return x - y; });
  }
};
struct MultiplyOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return wrapping(a, b, [](auto x, auto y) { return x * y; });
  }
};
struct DivideOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return a / b;
  }
};

// maximum/minimum exactly as the scalar loops: the first operand wins ties (signed zeros) and
// NaN in either operand propagates.
// Integers have neither, so their vectors take xsimd's max/min.
struct MaximumOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    if constexpr (std::is_arithmetic_v<V>) {  // a scalar (a != a is false for integers)
      return (a >= b || a != a) ? a : b;
    } else if constexpr (std::is_floating_point_v<typename V::value_type>) {
      return xsimd::select((a >= b) | xsimd::isnan(a), a, b);
    } else {
      return xsimd::max(a, b);
    }
  }
};
struct MinimumOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    if constexpr (std::is_arithmetic_v<V>) {
      return (a <= b || a != a) ? a : b;
    } else if constexpr (std::is_floating_point_v<typename V::value_type>) {
      return xsimd::select((a <= b) | xsimd::isnan(a), a, b);
    } else {
      return xsimd::min(a, b);
    }
  }
};

// Comparisons (IEEE: NaN compares unequal), one byte per result.
template <Op C>
struct CompareOp {
  template <class V>
  auto operator()(const V& a, const V& b) const {
    if constexpr (C == Op::Equal) return a == b;
    if constexpr (C == Op::NotEqual) {  // true for NaN (unordered), on vectors and scalars
      if constexpr (std::is_arithmetic_v<V>) {
        return !(a == b);
      } else {
        return ~(a == b);
      }
    }
    if constexpr (C == Op::Less) return a < b;
    if constexpr (C == Op::LessEqual) return a <= b;
    if constexpr (C == Op::Greater) return a > b;
    if constexpr (C == Op::GreaterEqual) return a >= b;
  }
};

// maximum.reduce / minimum.reduce over a contiguous chunk: lane-wise extremes, then one
// combination with the running value. The serial loop keeps the first of equal values; equal
// values have equal bits except +0/-0 and NaNs, so a chunk holding a NaN or whose extreme is zero
// goes to the baseline loop, and every other result is bit-identical to it.
template <class T, class F>
int reduce_extremum(NpLoopContext* ctx, char* const* args, const int64_t* dims,
                    const int64_t* steps, void* baseline) {
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  const int64_t n = dims[0];
  auto fallback = [&] {
    return reinterpret_cast<NpStridedLoop>(baseline)(ctx, args, dims, steps, nullptr);
  };
  if (n < 2 * w) return fallback();
  const T* x = reinterpret_cast<const T*>(args[1]);
  const F f;
  B m = B::load_unaligned(x);
  int64_t i = w;
  if constexpr (std::is_floating_point_v<T>) {
    auto nan = xsimd::isnan(m);
    for (; i + w <= n; i += w) {
      const B v = B::load_unaligned(x + i);
      nan = nan | xsimd::isnan(v);
      m = f(m, v);
    }
    if (xsimd::any(nan)) return fallback();
  } else {  // integers: exact in any order
    for (; i + w <= n; i += w)
      m = f(m, B::load_unaligned(x + i));
  }
  alignas(64) T lanes[w];
  m.store_aligned(lanes);
  T r = lanes[0];
  for (int64_t k = 1; k < w; ++k)
    r = f(r, lanes[k]);
  for (; i < n; ++i) {
    T v;
    std::memcpy(&v, x + i, sizeof(T));
    if (v != v) return fallback();
    r = f(r, v);
  }
  if (std::is_floating_point_v<T> && r == T(0)) return fallback();
  T acc;
  std::memcpy(&acc, args[0], sizeof(T));
  acc = f(acc, r);
  std::memcpy(args[2], &acc, sizeof(T));
  return 0;
}

// NumPy's pairwise summation (the baseline's pairwise_impl, arith_loops.cpp) with its eight
// accumulators held in vectors: accumulator j only ever adds elements j, j + 8, ... and the eight
// are combined in NumPy's tree order, so every result is bit-identical to the baseline's.
// Eight float lanes are one AVX2 vector, also on the AVX-512 target.
template <class T>
T pairwise_sum(const T* a, int64_t n) {
  constexpr int64_t kBlock = 128;  // NumPy's PW_BLOCKSIZE
  if (n < 8) {
    T res = T(-0.0);  // keeps -0.0 inputs exact
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, a + i, sizeof(T));
      res += v;
    }
    return res;
  }
  if (n <= kBlock) {
    using EightArch = std::conditional_t<(xsimd::batch<T, Arch>::size > 8), xsimd::avx2, Arch>;
    using B = xsimd::batch<T, EightArch>;
    constexpr int64_t w = static_cast<int64_t>(B::size);
    constexpr int64_t k = 8 / w;  // vectors holding the eight accumulators
    B r[k];
    for (int64_t j = 0; j < k; ++j)
      r[j] = B::load_unaligned(a + j * w);
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int64_t j = 0; j < k; ++j)
        r[j] = r[j] + B::load_unaligned(a + i + j * w);
    }
    alignas(64) T acc[8];
    for (int64_t j = 0; j < k; ++j)
      r[j].store_aligned(acc + j * w);
    T res = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; ++i) {
      T v;
      std::memcpy(&v, a + i, sizeof(T));
      res += v;
    }
    return res;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

// multiply.reduce of a contiguous integer chunk: lane-wise products, then the lanes multiplied
// into the accumulator. Integer products wrap, so any grouping gives the serial result.
template <class T>
int reduce_product(char* const* args, int64_t n) {
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  const MultiplyOp f;
  const T* x = reinterpret_cast<const T*>(args[1]);
  T acc;
  std::memcpy(&acc, args[0], sizeof(T));
  int64_t i = 0;
  if (n >= 2 * w) {
    B product = B::load_unaligned(x);
    for (i = w; i + w <= n; i += w)
      product = product * B::load_unaligned(x + i);
    alignas(64) T lanes[w];
    product.store_aligned(lanes);
    for (int64_t k = 0; k < w; ++k)
      acc = f(acc, lanes[k]);
  }
  for (; i < n; ++i) {
    T v;
    std::memcpy(&v, x + i, sizeof(T));
    acc = f(acc, v);
  }
  std::memcpy(args[2], &acc, sizeof(T));
  return 0;
}

// The contiguous-slot loop of a binary operation (np/kernel_simd.hpp) on this target.
template <class T, class F, class Out = T>
constexpr NpStridedLoop binary = kernels::simd::binary<Arch, T, F, Out>;

// The reduction loop (loop_data: the baseline loop): acc = op(acc, chunk) over a contiguous chunk
// with the operation's SIMD reduction; every other call to the baseline.
template <class T, class F>
int reduce(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
           void* baseline) {
  constexpr int64_t s = sizeof(T);
  const auto fallback = reinterpret_cast<NpStridedLoop>(baseline);
  if (args[0] != args[2] || steps[0] != 0 || steps[2] != 0 || steps[1] != s) {
    return fallback(ctx, args, dims, steps, nullptr);
  }
  if constexpr (std::is_same_v<F, MultiplyOp>) {
    return reduce_product<T>(args, dims[0]);
  } else if constexpr (std::is_same_v<F, AddOp>) {
    T acc;
    std::memcpy(&acc, args[0], s);
    acc += pairwise_sum(reinterpret_cast<const T*>(args[1]), dims[0]);
    std::memcpy(args[2], &acc, s);
    return 0;
  } else {
    return reduce_extremum<T, F>(ctx, args, dims, steps, baseline);
  }
}

template <class T>
int square_root(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  T* o = reinterpret_cast<T*>(args[1]);
  kernels::simd::unary_run<Arch, T>(
      args, dims, steps, [&](const auto& x, int64_t i) { xsimd::sqrt(x).store_unaligned(o + i); },
      [](T x) { return std::sqrt(x); });
  return 0;
}

// A float16 input of a contiguous-slot call, widened to float: F16C for vectors (8 halves per
// step on AVX2, 16 on AVX-512), np::half_to_float for elements; both are exact.
template <bool Broadcast>
class HalfOperand {
 public:
  explicit HalfOperand(const char* p) : p_(p) {
    if constexpr (Broadcast) value_ = at(0);
  }
  auto batch(int64_t i) const {
    if constexpr (std::is_same_v<Arch, xsimd::avx2>) {
      if constexpr (Broadcast) return _mm256_set1_ps(value_);
      return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p_ + i * 2)));
    } else {
      if constexpr (Broadcast) return _mm512_set1_ps(value_);
      return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p_ + i * 2)));
    }
  }
  float at(int64_t i) const {
    uint16_t bits;
    std::memcpy(&bits, p_ + (Broadcast ? 0 : i * 2), 2);
    return half_to_float(bits);
  }

 private:
  const char* p_;
  float value_ = 0;
};

template <class F, bool BroadcastA, bool BroadcastB>
void half_run(char* const* args, int64_t n) {
  constexpr int64_t w = std::is_same_v<Arch, xsimd::avx2> ? 8 : 16;
  constexpr int kRound = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
  const F f;
  const HalfOperand<BroadcastA> a(args[0]);
  const HalfOperand<BroadcastB> b(args[1]);
  char* o = args[2];
  int64_t i = 0;
  for (; i + w <= n; i += w) {
    if constexpr (w == 8) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o + i * 2),
                       _mm256_cvtps_ph(f(a.batch(i), b.batch(i)), kRound));
    } else {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(o + i * 2),
                          _mm512_cvtps_ph(f(a.batch(i), b.batch(i)), kRound));
    }
  }
  for (; i < n; ++i) {
    const uint16_t r = float_to_half(f(a.at(i), b.at(i)));
    std::memcpy(o + i * 2, &r, 2);
  }
}

// float16 through float32, as the baseline (one rounding to half at the end, round to nearest
// even like np::float_to_half; the conversions raise no flags).
template <class F>
int half_binary(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  kernels::simd::with_broadcasts(steps,
                                 [&]<bool A, bool B>() { half_run<F, A, B>(args, dims[0]); });
  return 0;
}

// Transcendental functions: a vector goes through glibc's libmvec (the vector variants of the C
// library's exp, log, sin, cos, tan and tanh, documented within 4 ULP) when every lane is in the
// function's safe range, else element by element through the C library, as the baseline (same
// results and flags as without SIMD).
#define NP_MVEC(name, fd2, ff8, fd8, ff16) \
  inline __m256d name(__m256d x) {         \
    return fd2(x);                         \
  }                                        \
  inline __m256 name(__m256 x) {           \
    return ff8(x);                         \
  }                                        \
  inline __m512d name(__m512d x) {         \
    return fd8(x);                         \
  }                                        \
  inline __m512 name(__m512 x) {           \
    return ff16(x);                        \
  }
NP_MVEC(mvec_exp, _ZGVdN4v_exp, _ZGVdN8v_expf, _ZGVeN8v_exp, _ZGVeN16v_expf)
NP_MVEC(mvec_log, _ZGVdN4v_log, _ZGVdN8v_logf, _ZGVeN8v_log, _ZGVeN16v_logf)
NP_MVEC(mvec_sin, _ZGVdN4v_sin, _ZGVdN8v_sinf, _ZGVeN8v_sin, _ZGVeN16v_sinf)
NP_MVEC(mvec_cos, _ZGVdN4v_cos, _ZGVdN8v_cosf, _ZGVeN8v_cos, _ZGVeN16v_cosf)
NP_MVEC(mvec_tan, _ZGVdN4v_tan, _ZGVdN8v_tanf, _ZGVeN8v_tan, _ZGVeN16v_tanf)
NP_MVEC(mvec_tanh, _ZGVdN4v_tanh, _ZGVdN8v_tanhf, _ZGVeN8v_tanh, _ZGVeN16v_tanhf)
#undef NP_MVEC

// A libmvec function over a batch, with the input range in which the vector result is used.
#define NP_MVEC_FN(Name, fn, cfn) \
  struct Name {                   \
    template <class R>            \
    R operator()(R r) const {     \
      return fn(r);               \
    }                             \
    template <class T>            \
    static T scalar(T x) {        \
      return cfn(x);              \
    }                             \
  };
NP_MVEC_FN(ExpFn, mvec_exp, std::exp)
NP_MVEC_FN(LogFn, mvec_log, std::log)
NP_MVEC_FN(SinFn, mvec_sin, std::sin)
NP_MVEC_FN(CosFn, mvec_cos, std::cos)
NP_MVEC_FN(TanFn, mvec_tan, std::tan)
NP_MVEC_FN(TanhFn, mvec_tanh, std::tanh)
#undef NP_MVEC_FN

// apply: libmvec on a batch; scalar: the C library on one element (the baseline's operation).
template <class Fn, class Range>
struct VectorMath : Range {
  template <class B>
  static B apply(const B& x) {
    return B(Fn{}(static_cast<typename B::register_type>(x)));
  }
  template <class T>
  static T scalar(T x) {
    return Fn::scalar(x);
  }
};

struct ExpRange {  // results normal, no overflow
  template <class T>
  static constexpr T low = sizeof(T) == 8 ? T(-700) : T(-85);
  template <class T>
  static constexpr T high = sizeof(T) == 8 ? T(700) : T(85);
};
struct LogRange {  // positive normals only
  template <class T>
  static constexpr T low = std::numeric_limits<T>::min();
  template <class T>
  static constexpr T high = std::numeric_limits<T>::max();
};
struct TrigRange {  // moderate arguments: huge ones need the C library's full reduction
  template <class T>
  static constexpr T low = T(-1e4);
  template <class T>
  static constexpr T high = T(1e4);
};
struct TanRange {  // moderate arguments, as sin/cos; tiny ones (tan(x) = x) to the C library
  template <class T>
  static constexpr T low = T(-1e4);
  template <class T>
  static constexpr T high = T(1e4);
  template <class T>
  static constexpr T min_magnitude = std::numeric_limits<T>::min();
};
struct TanhRange {
  template <class T>
  static constexpr T low = T(-40);
  template <class T>
  static constexpr T high = T(40);
  // |x| below the smallest normal (tanh(x) = x, with underflow) is left to the C library.
  template <class T>
  static constexpr T min_magnitude = std::numeric_limits<T>::min();
};

using ExpOp = VectorMath<ExpFn, ExpRange>;
using LogOp = VectorMath<LogFn, LogRange>;
using SinOp = VectorMath<SinFn, TrigRange>;
using CosOp = VectorMath<CosFn, TrigRange>;
using TanOp = VectorMath<TanFn, TanRange>;
using TanhOp = VectorMath<TanhFn, TanhRange>;

// Every lane in [F::low, F::high] (NaN fails), and above F::min_magnitude in magnitude when the
// function has one.
template <class F, class T, class B>
bool all_safe(const B& x) {
  auto in = (x >= B(F::template low<T>)) & (x <= B(F::template high<T>));
  if constexpr (requires { F::template min_magnitude<T>; }) {
    in = in & (xsimd::abs(x) >= B(F::template min_magnitude<T>));
  }
  return xsimd::all(in);
}

template <class T, class F>
int transcendental(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                   void*) {
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  const auto scalar = [](T x) { return F::scalar(x); };
  T* o = reinterpret_cast<T*>(args[1]);
  kernels::simd::unary_run<Arch, T>(
      args, dims, steps,
      [&](const B& x, int64_t i) {
        if (all_safe<F, T>(x)) {
          F::apply(x).store_unaligned(o + i);
          return;
        }
        alignas(64) T lanes[w];
        x.store_aligned(lanes);
        for (int64_t k = 0; k < w; ++k)
          lanes[k] = scalar(lanes[k]);
        B::load_aligned(lanes).store_unaligned(o + i);
      },
      scalar);
  return 0;
}

NpStridedLoop pick_half(Op op) {
  switch (op) {
    case Op::Add:
      return half_binary<AddOp>;
    case Op::Subtract:
      return half_binary<SubtractOp>;
    case Op::Multiply:
      return half_binary<MultiplyOp>;
    case Op::Divide:
      return half_binary<DivideOp>;
    default:
      return nullptr;
  }
}

// The loops of every element type (integers wrap; floats round as the baseline): add, subtract,
// maximum/minimum (and their reductions) and the comparisons.
template <class T>
NpStridedLoop pick_common(Op op) {
  switch (op) {
    case Op::Add:
      return binary<T, AddOp>;
    case Op::Subtract:
      return binary<T, SubtractOp>;
    case Op::Maximum:
      return binary<T, MaximumOp>;
    case Op::Minimum:
      return binary<T, MinimumOp>;
    case Op::Equal:
      return binary<T, CompareOp<Op::Equal>, bool>;
    case Op::NotEqual:
      return binary<T, CompareOp<Op::NotEqual>, bool>;
    case Op::Less:
      return binary<T, CompareOp<Op::Less>, bool>;
    case Op::LessEqual:
      return binary<T, CompareOp<Op::LessEqual>, bool>;
    case Op::Greater:
      return binary<T, CompareOp<Op::Greater>, bool>;
    case Op::GreaterEqual:
      return binary<T, CompareOp<Op::GreaterEqual>, bool>;
    default:
      return nullptr;
  }
}

// Integer multiply where the target multiplies lanes natively: 16- and 32-bit lanes, and 64-bit
// ones on AVX-512. AVX2 has no 64-bit lane multiply and no target an 8-bit one; xsimd would
// emulate those, so they stay on the baseline loop.
template <class T>
NpStridedLoop pick_integer(Op op) {
  if (op != Op::Multiply) return pick_common<T>(op);
  constexpr bool native =
      sizeof(T) == 2 || sizeof(T) == 4 || (sizeof(T) == 8 && std::is_same_v<Arch, xsimd::avx512bw>);
  if constexpr (native) {
    return binary<T, MultiplyOp>;
  } else {
    return nullptr;
  }
}

// float32/float64: the common loops plus multiply, divide, sqrt and the libmvec functions.
template <class T>
NpStridedLoop pick_float(Op op) {
  switch (op) {
    case Op::Multiply:
      return binary<T, MultiplyOp>;
    case Op::Divide:
      return binary<T, DivideOp>;
    case Op::Sqrt:
      return square_root<T>;
    case Op::Exp:
      return transcendental<T, ExpOp>;
    case Op::Log:
      return transcendental<T, LogOp>;
    case Op::Sin:
      return transcendental<T, SinOp>;
    case Op::Cos:
      return transcendental<T, CosOp>;
    case Op::Tan:
      return transcendental<T, TanOp>;
    case Op::Tanh:
      return transcendental<T, TanhOp>;
    default:
      return pick_common<T>(op);
  }
}

// The reduction loops: add for float32/float64, integer multiply where the target has a
// contiguous loop for it, maximum and minimum.
template <class T>
NpStridedLoop pick_reduce(Op op) {
  switch (op) {
    case Op::Add:
      if constexpr (std::is_floating_point_v<T>) return reduce<T, AddOp>;
      return nullptr;
    case Op::Multiply:
      if constexpr (std::is_integral_v<T>) {
        return pick_integer<T>(op) != nullptr ? reduce<T, MultiplyOp> : nullptr;
      }
      return nullptr;
    case Op::Maximum:
      return reduce<T, MaximumOp>;
    case Op::Minimum:
      return reduce<T, MinimumOp>;
    default:
      return nullptr;
  }
}

// The element type of a type code the SIMD loops cover ('e' aside), for `pick`.
template <class Pick>
NpStridedLoop visit_code(char type, Pick pick) {
  return kernels::visit_type(type, [&]<class Row>(Row) -> NpStridedLoop {
    using T = typename Row::type;
    constexpr bool covered =
        Row::id != TypeId::Datetime && Row::id != TypeId::Timedelta && Row::id != TypeId::Bool &&
        (std::is_integral_v<T> || std::is_same_v<T, float> || std::is_same_v<T, double>);
    if constexpr (covered) {
      return pick(std::type_identity<T>{});
    } else {
      return nullptr;
    }
  });
}

}  // namespace

NpStridedLoop NP_SIMD_FN(Op op, char type) {
  if (type == 'e') return pick_half(op);
  return visit_code(type, [op]<class T>(std::type_identity<T>) {
    if constexpr (std::is_floating_point_v<T>) {
      return pick_float<T>(op);
    } else {
      return pick_integer<T>(op);
    }
  });
}

NpStridedLoop NP_SIMD_REDUCE_FN(Op op, char type) {
  return visit_code(type, [op]<class T>(std::type_identity<T>) { return pick_reduce<T>(op); });
}

}  // namespace np::arith::simd
