// Bitwise family loops: and/or/xor/invert for bool and integers, and the shifts with NumPy's
// results for counts at or beyond the width (and negative counts, which act as huge counts).
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "bitwise_register.hpp"
#include "np/kernel_types.hpp"
#include "np/loop_abi.h"
#include "np/loop_helpers.hpp"
#include "simd/bitwise_simd.hpp"

namespace np::bitwise {

namespace {

template <class T, class Op>
constexpr NpStridedLoop binary = kernels::binary_loop<T, Op>;
template <class T, class Op>
constexpr NpStridedLoop unary = kernels::unary_loop<T, Op>;

struct And {
  template <class T>
  T operator()(T a, T b) const {
    return static_cast<T>(a & b);
  }
};
struct Or {
  template <class T>
  T operator()(T a, T b) const {
    return static_cast<T>(a | b);
  }
};
struct Xor {
  template <class T>
  T operator()(T a, T b) const {
    return static_cast<T>(a ^ b);
  }
};
struct Invert {
  template <class T>
  T operator()(T a) const {
    return static_cast<T>(~a);
  }
};
struct LogicalNot {  // invert on bool is logical not
  uint8_t operator()(uint8_t a) const { return a ? 0 : 1; }
};

// NumPy's npy_lshift/npy_rshift: counts are taken as unsigned, so negative counts are "too big".
struct LeftShift {
  template <class T>
  T operator()(T a, T b) const {
    using U = std::make_unsigned_t<T>;
    if (static_cast<U>(b) < sizeof(T) * CHAR_BIT)
      return static_cast<T>(static_cast<U>(a) << static_cast<U>(b));
    return 0;
  }
};
struct RightShift {
  template <class T>
  T operator()(T a, T b) const {
    using U = std::make_unsigned_t<T>;
    if (static_cast<U>(b) < sizeof(T) * CHAR_BIT) return static_cast<T>(a >> static_cast<U>(b));
    if constexpr (std::is_signed_v<T>) return a < 0 ? T(-1) : T(0);
    return 0;
  }
};

// pick(type_identity<T>) for the integer type T of code c (b B h H i I l L, through the kernel
// type table), nullptr for other codes.
template <class Pick>
NpStridedLoop integer_loop(char c, Pick pick) {
  return kernels::visit_type(c, [&]<class Row>(Row) -> NpStridedLoop {
    using T = typename Row::type;
    constexpr bool integer = std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                             Row::id != TypeId::Datetime && Row::id != TypeId::Timedelta;
    if constexpr (integer && kernels::type_code_of(Row::id) == Row::code) {
      return pick(std::type_identity<T>{});
    } else {
      return nullptr;
    }
  });
}
template <class Op>
NpStridedLoop integer_binary(char c) {
  return integer_loop(c, []<class T>(std::type_identity<T>) { return binary<T, Op>; });
}
template <class Op>
NpStridedLoop integer_unary(char c) {
  return integer_loop(c, []<class T>(std::type_identity<T>) { return unary<T, Op>; });
}

// NumPy 2's bitwise_count: the number of 1-bits in the absolute value, as uint8.
template <class T>
int count_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  using U = std::make_unsigned_t<T>;
  for (int64_t i = 0; i < dims[0]; ++i) {
    T v = kernels::load<T>(args[0] + i * steps[0]);
    U magnitude = static_cast<U>(v);
    if constexpr (std::is_signed_v<T>) {
      if (v < 0) magnitude = static_cast<U>(U{0} - magnitude);
    }
    kernels::store<uint8_t>(args[1] + i * steps[1], static_cast<uint8_t>(std::popcount(magnitude)));
  }
  return 0;
}

NpStridedLoop count_pick(char c) {
  return integer_loop(c, []<class T>(std::type_identity<T>) { return count_loop<T>; });
}

// One loop per code of "?bBhHiIlL": the baseline, with the best SIMD target's loop as its
// contiguous slot when the CPU allows one; `flags` (NP_LOOP_*) on every loop.
template <class Pick>
void add_loops_best_target(plugin::Registrar& r, const char* name, int nin, Pick pick, simd::Op op,
                           uint32_t flags = 0) {
  const kernels::SimdLevel level = plugin::simd_level(r);
  for (const char* c = "?bBhHiIlL"; *c != '\0'; ++c) {
    NpStridedLoop baseline = pick(*c);
    if (baseline == nullptr) continue;
    plugin::loop_best_target(
        r, name, plugin::same_type_signature(nin, 1, *c), baseline,
        plugin::best_simd_loop(level, simd::avx512_loop, simd::avx2_loop, op, *c), flags);
  }
}

}  // namespace

void register_ufuncs(plugin::Registrar& r) {
  struct Spec {
    const char* name;
    NpIdentity identity;
    NpStridedLoop (*pick)(char);
    const char* summary;
    simd::Op op;
  };
  const Spec binaries[] = {
      {"bitwise_and", NP_IDENTITY_MINUS_ONE,
       [](char c) { return c == '?' ? binary<uint8_t, And> : integer_binary<And>(c); },
       "Compute the bit-wise AND of two arrays element-wise.", simd::Op::And},
      {"bitwise_or", NP_IDENTITY_ZERO,
       [](char c) { return c == '?' ? binary<uint8_t, Or> : integer_binary<Or>(c); },
       "Compute the bit-wise OR of two arrays element-wise.", simd::Op::Or},
      {"bitwise_xor", NP_IDENTITY_ZERO,
       [](char c) { return c == '?' ? binary<uint8_t, Xor> : integer_binary<Xor>(c); },
       "Compute the bit-wise XOR of two arrays element-wise.", simd::Op::Xor},
  };
  const uint32_t linear_search = NP_UFUNC_NO_LOOP_PLAIN_TYPE_ERROR;
  for (const Spec& s : binaries) {
    r.ufunc({.name = s.name,
             .nin = 2,
             .nout = 1,
             .identity = s.identity,
             .flags = NP_UFUNC_REORDERABLE | linear_search,
             .summary = s.summary});
    // and/or/xor are exactly associative: long reductions may run in chunks on several threads.
    add_loops_best_target(r, s.name, 2, s.pick, s.op, NP_LOOP_REDUCE_ASSOCIATIVE);
  }
  r.ufunc({.name = "invert",
           .nin = 1,
           .nout = 1,
           .flags = linear_search,
           .summary = "Compute bit-wise inversion, or bit-wise NOT, element-wise."});
  add_loops_best_target(
      r, "invert", 1,
      [](char c) { return c == '?' ? unary<uint8_t, LogicalNot> : integer_unary<Invert>(c); },
      simd::Op::Invert);
  for (bool left : {true, false}) {
    const char* name = left ? "left_shift" : "right_shift";
    r.ufunc({.name = name,
             .nin = 2,
             .nout = 1,
             .flags = linear_search,
             .summary = left ? "Shift the bits of an integer to the left."
                             : "Shift the bits of an integer to the right."});
    plugin::add_loops(
        r, name, "bBhHiIlL", 2, 1,
        left ? [](char c) { return integer_binary<LeftShift>(c); }
             : [](char c) { return integer_binary<RightShift>(c); });
  }
  r.ufunc({.name = "bitwise_count",
           .nin = 1,
           .nout = 1,
           .flags = linear_search,
           .summary = "Computes the number of 1-bits in the absolute value of x."});
  plugin::add_loops(r, "bitwise_count", "bBhHiIlL", 1, 1, count_pick, 'B');
}

}  // namespace np::bitwise
