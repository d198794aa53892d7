// The typed cast loop templates, instantiated once per SIMD target: by cast_loops.cpp for the
// baseline (NP_CAST_HALF 1: every pair) and by cast_loops_<target>.cpp, compiled with that
// target's flags (NP_CAST_HALF 0: float16 pairs stay with the baseline and its F16C path). Each
// includer defines NP_CAST_TABLE (the table function's name), NP_CAST_TARGET and NP_CAST_HALF.
// The templates live in an anonymous namespace, so no instantiation is shared between targets;
// the inline helpers they call (np/kernel_convert.hpp) are shared, which is why the target
// translation units come after every baseline one in core/CMakeLists.txt (the linker keeps the
// first copy).
#pragma once

#include <array>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <utility>

#include "dtype/cast_loops.hpp"
#include "np/float16.hpp"
#include "np/kernel_convert.hpp"

namespace np::detail {
namespace {

struct Half {  // storage tag for float16
  uint16_t bits;
};
struct Bool8 {  // storage tag for bool
  uint8_t v;
};

template <class From, class To>
inline To convert(From v) {
  if constexpr (std::is_same_v<To, Bool8>) {
    if constexpr (std::is_same_v<From, Half>) {
      return Bool8{static_cast<uint8_t>(half_to_float(v.bits) != 0.0f)};
    } else if constexpr (std::is_same_v<From, Bool8>) {
      return v;
    } else {
      return Bool8{static_cast<uint8_t>(v != From(0))};
    }
  } else if constexpr (std::is_same_v<From, Bool8>) {
    if constexpr (std::is_same_v<To, Half>) {
      return Half{static_cast<uint16_t>(v.v ? 0x3c00u : 0u)};
    } else {
      return static_cast<To>(v.v ? 1 : 0);
    }
  } else if constexpr (std::is_same_v<From, Half>) {
    if constexpr (std::is_same_v<To, Half>) {
      return v;
    } else if constexpr (std::is_integral_v<To>) {
      return kernels::x86_convert<To>(half_to_float(v.bits));
    } else if constexpr (std::is_same_v<To, double>) {
      return half_to_double(v.bits);
    } else {
      return half_to_float(v.bits);
    }
  } else if constexpr (std::is_same_v<To, Half>) {
    // NumPy converts integers through float32 and floating values directly.
    if constexpr (std::is_same_v<From, double>) {
      return Half{double_to_half(v)};
    } else {
      return Half{float_to_half(static_cast<float>(v))};
    }
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    return kernels::x86_convert<To>(static_cast<double>(v));
  } else {
    return static_cast<To>(v);  // int -> int (wraps), int -> float, float <-> float
  }
}

template <class From, class To>
void cast_loop(const std::byte* src, int64_t ss, std::byte* dst, int64_t ds, int64_t n) {
  if (ss == static_cast<int64_t>(sizeof(From)) && ds == static_cast<int64_t>(sizeof(To))) {
    for (int64_t i = 0; i < n; ++i) {  // contiguous: vectorisable
      From v;
      std::memcpy(&v, src + i * static_cast<int64_t>(sizeof(From)), sizeof(From));
      To r = convert<From, To>(v);
      std::memcpy(dst + i * static_cast<int64_t>(sizeof(To)), &r, sizeof(To));
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    From v;
    std::memcpy(&v, src + i * ss, sizeof(From));
    To r = convert<From, To>(v);
    std::memcpy(dst + i * ds, &r, sizeof(To));
  }
}

// The fast types in TypeId order up to Float64 (Bool ... Float64 are TypeIds 0..11).
template <class T>
struct Tag {
  using type = T;
};
constexpr int kFast = static_cast<int>(kCastTypes);

template <int I>
auto storage() {
  if constexpr (I == 0)
    return Tag<Bool8>{};
  else if constexpr (I == 1)
    return Tag<int8_t>{};
  else if constexpr (I == 2)
    return Tag<uint8_t>{};
  else if constexpr (I == 3)
    return Tag<int16_t>{};
  else if constexpr (I == 4)
    return Tag<uint16_t>{};
  else if constexpr (I == 5)
    return Tag<int32_t>{};
  else if constexpr (I == 6)
    return Tag<uint32_t>{};
  else if constexpr (I == 7)
    return Tag<int64_t>{};
  else if constexpr (I == 8)
    return Tag<uint64_t>{};
  else if constexpr (I == 9)
    return Tag<Half>{};
  else if constexpr (I == 10)
    return Tag<float>{};
  else
    return Tag<double>{};
}

// The loop F -> T; nullptr for float16 pairs in the SIMD targets' tables (NP_CAST_HALF 0),
// which leave them to the baseline's (and its F16C path).
template <int F, int T>
constexpr CastLoop entry() {
  constexpr int kHalf = 9;
  if constexpr (!NP_CAST_HALF && (F == kHalf || T == kHalf)) {
    return nullptr;
  } else {
    return cast_loop<typename decltype(storage<F>())::type, typename decltype(storage<T>())::type>;
  }
}

template <int F, int... T>
constexpr std::array<CastLoop, kFast> row(std::integer_sequence<int, T...>) {
  return {entry<F, T>()...};
}

template <int... F>
constexpr CastLoopGrid grid(std::integer_sequence<int, F...>) {
  return {row<F>(std::make_integer_sequence<int, kFast>{})...};
}

}  // namespace

const CastTable& NP_CAST_TABLE() {
  static constexpr CastTable table{NP_CAST_TARGET, grid(std::make_integer_sequence<int, kFast>{})};
  return table;
}

}  // namespace np::detail
