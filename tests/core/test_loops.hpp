// Test-only ufunc loops, so that the engine's unit tests run without the arith and bitwise
// plugins: np_unit_tests never loads a plugin (this header turns the global registry's automatic
// loading off before main, and tests/CMakeLists.txt also runs it with NUMPY_PLUGINS_PATH=disable).
//
// Before main, Registry::global() (the core functions) gets a few elementwise ufuncs under
// NumPy's names and specs — add, subtract, multiply, true_divide, floor_divide, maximum,
// minimum, bitwise_xor, power, exp, sin, divmod — over the integer and float types. The global
// registry, not a private one: tests, and routines such as sum, reach ufuncs through it. The loops
// are plain strided C loops (sequential sums, no SIMD) written to exercise the engine — resolution,
// casts, broadcasting, threading, reductions, floating-point flags — not NumPy's kernels: tests of
// the plugins' results live with the plugins (tests/integration, the conformance suites). Thread
// safety: the ufuncs are registered once, before main; afterwards they are only read.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "np/float16.hpp"
#include "np/loop_abi.h"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"

namespace np::test_loops {

// float16 storage: loaded as float, stored rounded back (np/float16.hpp).
struct Half {
  uint16_t bits;
};
// bool storage: one byte, 0 or 1.
struct BoolByte {
  uint8_t value;
};

// The arithmetic type a stored element is computed in.
template <class T>
using Compute = std::conditional_t<std::is_same_v<T, Half>, float,
                                   std::conditional_t<std::is_same_v<T, BoolByte>, bool, T>>;

// Unaligned loads and stores (misaligned views are legal operands).
template <class T>
Compute<T> load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::is_same_v<T, Half>) {
    return half_to_float(v.bits);
  } else if constexpr (std::is_same_v<T, BoolByte>) {
    return v.value != 0;
  } else {
    return v;
  }
}
template <class T>
void store(char* p, Compute<T> v) {
  if constexpr (std::is_same_v<T, Half>) {
    const Half h{float_to_half(v)};
    std::memcpy(p, &h, sizeof h);
  } else if constexpr (std::is_same_v<T, BoolByte>) {
    *p = static_cast<char>(v ? 1 : 0);
  } else {
    std::memcpy(p, &v, sizeof v);
  }
}

// out = Op(in...) element by element; Op may report NP_FPE_* bits into the context.
template <class T, class Op, int Nin, int Nout = 1>
int elementwise(NpLoopContext* context, char* const* args, const int64_t* dims,
                const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    Compute<T> in[Nin];
    for (int k = 0; k < Nin; ++k)
      in[k] = load<T>(args[k] + i * steps[k]);
    Compute<T> out[Nout];
    Op::apply(in, out, context->fp_status);
    for (int k = 0; k < Nout; ++k)
      store<T>(args[Nin + k] + i * steps[Nin + k], out[k]);
  }
  return 0;
}

// Integers wrap (computed unsigned); floats in IEEE arithmetic (the engine reads the flags).
template <class V>
V wrap_add(V a, V b) {
  if constexpr (std::is_same_v<V, bool>) {
    return a || b;  // NumPy's bool add
  } else if constexpr (std::is_integral_v<V>) {
    using U = std::make_unsigned_t<V>;
    return static_cast<V>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}
template <class V>
V wrap_sub(V a, V b) {
  if constexpr (std::is_integral_v<V>) {
    using U = std::make_unsigned_t<V>;
    return static_cast<V>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  } else {
    return a - b;
  }
}
template <class V>
V wrap_mul(V a, V b) {
  if constexpr (std::is_same_v<V, bool>) {
    return a && b;  // NumPy's bool multiply
  } else if constexpr (std::is_integral_v<V>) {
    using U = std::conditional_t<sizeof(V) < sizeof(unsigned), unsigned, std::make_unsigned_t<V>>;
    return static_cast<V>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
  } else {
    return a * b;
  }
}

struct Add {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = wrap_add(in[0], in[1]);
  }
};
struct Subtract {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = wrap_sub(in[0], in[1]);
  }
};
struct Multiply {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = wrap_mul(in[0], in[1]);
  }
};
struct TrueDivide {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = in[0] / in[1];
  }
};
// Integer floor division reporting ÷0 itself (NumPy's loops do: no hardware flag for it).
struct FloorDivide {
  template <class V>
  static void apply(const V* in, V* out, uint32_t& status) {
    if (in[1] == 0) {
      status |= NP_FPE_DIVIDEBYZERO;
      out[0] = 0;
      return;
    }
    if constexpr (std::is_signed_v<V>) {
      if (in[1] == -1) {  // min / -1 wraps to min with the overflow flag, as NumPy's loop
        if (in[0] == std::numeric_limits<V>::min()) status |= NP_FPE_OVERFLOW;
        out[0] = wrap_sub(V{0}, in[0]);
        return;
      }
    }
    V q = static_cast<V>(in[0] / in[1]);
    if ((in[0] % in[1] != 0) && ((in[0] < 0) != (in[1] < 0))) --q;
    out[0] = q;
  }
};
// NaN-propagating, the first of equal operands (so +0/-0 keep their order) kept, as NumPy.
struct Maximum {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = (in[0] >= in[1] || in[0] != in[0]) ? in[0] : in[1];
  }
};
struct Minimum {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = (in[0] <= in[1] || in[0] != in[0]) ? in[0] : in[1];
  }
};
struct BitwiseXor {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = static_cast<V>(in[0] ^ in[1]);
  }
};
struct Power {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = std::pow(in[0], in[1]);
  }
};
struct Exp {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = std::exp(in[0]);
  }
};
struct Sin {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = std::sin(in[0]);
  }
};
// divmod's two outputs (floor quotient and the remainder that goes with it).
struct Divmod {
  template <class V>
  static void apply(const V* in, V* out, uint32_t&) {
    out[0] = std::floor(in[0] / in[1]);
    out[1] = in[0] - out[0] * in[1];
  }
};

// Float add, keeping NP_LOOP_REDUCE_SPLITS' contract (np/plugin_abi.h): a reduction call
// (acc = acc + chunk: args[0] == args[2], both steps 0) sums the chunk on its own from -0.0 and
// adds that to the accumulator once, so the engine may split long sums over threads.
template <class T>
int float_add(NpLoopContext* context, char* const* args, const int64_t* dims, const int64_t* steps,
              void* data) {
  if (args[0] != args[2] || steps[0] != 0 || steps[2] != 0) {
    return elementwise<T, Add, 2>(context, args, dims, steps, data);
  }
  Compute<T> chunk = -0.0f;
  for (int64_t i = 0; i < dims[0]; ++i)
    chunk += load<T>(args[1] + i * steps[1]);
  store<T>(args[2], load<T>(args[0]) + chunk);
  return 0;
}

template <class T>
constexpr TypeId type_id() {
  if constexpr (std::is_same_v<T, BoolByte>) return TypeId::Bool;
  if constexpr (std::is_same_v<T, int8_t>) return TypeId::Int8;
  if constexpr (std::is_same_v<T, uint8_t>) return TypeId::UInt8;
  if constexpr (std::is_same_v<T, int16_t>) return TypeId::Int16;
  if constexpr (std::is_same_v<T, uint16_t>) return TypeId::UInt16;
  if constexpr (std::is_same_v<T, int32_t>) return TypeId::Int32;
  if constexpr (std::is_same_v<T, uint32_t>) return TypeId::UInt32;
  if constexpr (std::is_same_v<T, int64_t>) return TypeId::Int64;
  if constexpr (std::is_same_v<T, uint64_t>) return TypeId::UInt64;
  if constexpr (std::is_same_v<T, Half>) return TypeId::Float16;
  if constexpr (std::is_same_v<T, float>) return TypeId::Float32;
  if constexpr (std::is_same_v<T, double>) return TypeId::Float64;
}

// Adds the loop of Op over T (every operand of type T) with the reduction flags of NumPy's
// kernels: float sums split into chunks, integer ops and max/min/xor associative.
template <class Op, int Nin, int Nout, class... Ts>
void add_loops(UFunc& u) {
  (
      [&u] {
        UFuncLoop loop;
        loop.types.assign(Nin + Nout, type_id<Ts>());
        const bool floating = std::is_floating_point_v<Compute<Ts>>;
        if constexpr (std::is_same_v<Op, Add> && std::is_floating_point_v<Compute<Ts>>) {
          loop.loop = float_add<Ts>;
        } else {
          loop.loop = elementwise<Ts, Op, Nin, Nout>;
        }
        loop.owner = "test";
        loop.reduce_splits = std::is_same_v<Op, Add> && floating;
        loop.reduce_associative =
            (!floating && (std::is_same_v<Op, Add> || std::is_same_v<Op, Multiply>)) ||
            std::is_same_v<Op, Maximum> || std::is_same_v<Op, Minimum> ||
            std::is_same_v<Op, BitwiseXor>;
        u.add_loop(std::move(loop));
      }(),
      ...);
}

#define NP_TEST_INTEGERS int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t
#define NP_TEST_FLOATS Half, float, double

// Registers the test ufuncs into `r` (the loops in NumPy's type order).
inline void register_test_ufuncs(Registry& r) {
  UFunc& add = r.add_ufunc({.name = "add",
                            .identity = Scalar(int64_t{0}),
                            .reduce_upcasts_small_ints = true,
                            .owner = "test"});
  // bool first, as NumPy orders its loops ("??->?", the integers, then "e", "f", "d").
  add_loops<Add, 2, 1, BoolByte, NP_TEST_INTEGERS, NP_TEST_FLOATS>(add);
  add_loops<Subtract, 2, 1, NP_TEST_INTEGERS, NP_TEST_FLOATS>(
      r.add_ufunc({.name = "subtract", .reorderable = false, .owner = "test"}));
  add_loops<Multiply, 2, 1, BoolByte, NP_TEST_INTEGERS, NP_TEST_FLOATS>(
      r.add_ufunc({.name = "multiply",
                   .identity = Scalar(int64_t{1}),
                   .reduce_upcasts_small_ints = true,
                   .owner = "test"}));
  add_loops<TrueDivide, 2, 1, NP_TEST_FLOATS>(r.add_ufunc({.name = "true_divide",
                                                           .reorderable = false,
                                                           .integer_inputs_use_float64 = true,
                                                           .owner = "test"}));
  add_loops<FloorDivide, 2, 1, NP_TEST_INTEGERS>(
      r.add_ufunc({.name = "floor_divide", .reorderable = false, .owner = "test"}));
  add_loops<Maximum, 2, 1, NP_TEST_INTEGERS, NP_TEST_FLOATS>(
      r.add_ufunc({.name = "maximum", .owner = "test", .uniform_resolution = true}));
  add_loops<Minimum, 2, 1, NP_TEST_INTEGERS, NP_TEST_FLOATS>(
      r.add_ufunc({.name = "minimum", .owner = "test", .uniform_resolution = true}));
  add_loops<BitwiseXor, 2, 1, NP_TEST_INTEGERS>(
      r.add_ufunc({.name = "bitwise_xor",
                   .identity = Scalar(int64_t{0}),
                   .owner = "test",
                   .no_loop_raises_ufunc_type_error = false}));
  add_loops<Power, 2, 1, float, double>(
      r.add_ufunc({.name = "power", .reorderable = false, .owner = "test"}));
  add_loops<Exp, 1, 1, float, double>(r.add_ufunc({.name = "exp", .nin = 1, .owner = "test"}));
  add_loops<Sin, 1, 1, float, double>(r.add_ufunc({.name = "sin", .nin = 1, .owner = "test"}));
  add_loops<Divmod, 2, 2, float, double>(
      r.add_ufunc({.name = "divmod", .nout = 2, .reorderable = false, .owner = "test"}));
}

#undef NP_TEST_INTEGERS
#undef NP_TEST_FLOATS

// Before main (this inline variable is initialised once, whichever test runs): plugin loading
// off, then the test ufuncs into the global registry, so every test of the binary — including
// those that call Registry::global() directly — sees them and no plugin.
inline const bool kTestUfuncsRegistered = [] {
  plugins::set_auto_load(false);
  register_test_ufuncs(Registry::global());
  return true;
}();

// The global registry: the core functions and the test ufuncs.
inline Registry& registry() {
  return Registry::global();
}

inline const UFunc& ufunc(const std::string& name) {
  return registry().ufunc(name);
}

// The loop of `u` with NumPy's signature text ("dd->d"); nullptr when there is none.
inline NpStridedLoop loop_of(const UFunc& u, const std::string& signature) {
  for (const UFuncLoop& l : u.loops()) {
    if (l.signature() == signature) return l.loop;
  }
  return nullptr;
}

}  // namespace np::test_loops
