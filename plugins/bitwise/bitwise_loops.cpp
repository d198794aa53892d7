// Bitwise family loops: and/or/xor/invert for bool and integers, and the shifts with NumPy's
// results for counts at or beyond the width (and negative counts, which act as huge counts).
#include <climits>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "bitwise_register.hpp"
#include "np/errors.hpp"
#include "np/loop_abi.h"
#include "np/loop_helpers.hpp"

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

template <template <class, class> class Loop, class Op>
NpStridedLoop integer_loop(char c) {
  switch (c) {
    case 'b':
      return Loop<int8_t, Op>::run;
    case 'B':
      return Loop<uint8_t, Op>::run;
    case 'h':
      return Loop<int16_t, Op>::run;
    case 'H':
      return Loop<uint16_t, Op>::run;
    case 'i':
      return Loop<int32_t, Op>::run;
    case 'I':
      return Loop<uint32_t, Op>::run;
    case 'l':
      return Loop<int64_t, Op>::run;
    case 'L':
      return Loop<uint64_t, Op>::run;
    default:
      return nullptr;
  }
}

template <class T, class Op>
struct Binary {
  static constexpr NpStridedLoop run = binary<T, Op>;
};
template <class T, class Op>
struct Unary {
  static constexpr NpStridedLoop run = unary<T, Op>;
};

void add_loops(UFunc& u, const char* codes, NpStridedLoop (*pick)(char)) {
  for (const char* c = codes; *c; ++c) {
    TypeId t = type_from_char(*c);
    std::vector<TypeId> types(static_cast<size_t>(u.nin() + u.nout()), t);
    u.add_loop({types, pick(*c), nullptr, {}, "bitwise", "baseline"});
  }
}

}  // namespace

void register_family(Registry& r) {
  struct Spec {
    const char* name;
    int64_t identity;
    NpStridedLoop (*pick)(char);
    const char* summary;
  };
  const Spec binaries[] = {
      {"bitwise_and", -1,
       [](char c) { return c == '?' ? binary<uint8_t, And> : integer_loop<Binary, And>(c); },
       "Compute the bit-wise AND of two arrays element-wise."},
      {"bitwise_or", 0,
       [](char c) { return c == '?' ? binary<uint8_t, Or> : integer_loop<Binary, Or>(c); },
       "Compute the bit-wise OR of two arrays element-wise."},
      {"bitwise_xor", 0,
       [](char c) { return c == '?' ? binary<uint8_t, Xor> : integer_loop<Binary, Xor>(c); },
       "Compute the bit-wise XOR of two arrays element-wise."},
  };
  for (const Spec& s : binaries) {
    UFunc& u = r.add_ufunc({.name = s.name,
                            .nin = 2,
                            .nout = 1,
                            .identity = s.identity == -1 ? Scalar(int64_t{-1}) : Scalar(int64_t{0}),
                            .summary = s.summary,
                            .owner = "bitwise",
                            .no_loop_raises_ufunc_type_error = false});
    add_loops(u, "?bBhHiIlL", s.pick);
  }
  UFunc& inv = r.add_ufunc({.name = "invert",
                            .nin = 1,
                            .nout = 1,
                            .summary = "Compute bit-wise inversion, or bit-wise NOT, element-wise.",
                            .owner = "bitwise",
                            .no_loop_raises_ufunc_type_error = false});
  add_loops(inv, "?bBhHiIlL", [](char c) {
    return c == '?' ? unary<uint8_t, LogicalNot> : integer_loop<Unary, Invert>(c);
  });
  for (bool left : {true, false}) {
    UFunc& sh = r.add_ufunc({.name = left ? "left_shift" : "right_shift",
                             .nin = 2,
                             .nout = 1,
                             .reorderable = false,
                             .summary = left ? "Shift the bits of an integer to the left."
                                             : "Shift the bits of an integer to the right.",
                             .owner = "bitwise",
                             .no_loop_raises_ufunc_type_error = false});
    add_loops(
        sh, "bBhHiIlL",
        left ? [](char c) { return integer_loop<Binary, LeftShift>(c); }
             : [](char c) { return integer_loop<Binary, RightShift>(c); });
  }
}

}  // namespace np::bitwise
