#include "dtype/cast_loops.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "dtype/hw_convert.hpp"
#include "np/float16.hpp"
#include "np/plugins.hpp"

namespace np::detail {

// cast_loops_f16c.cpp (compiled for AVX2 + F16C).
void f16c_half_to_float(const std::byte* src, std::byte* dst, int64_t n,
                        void (*scalar)(const std::byte*, std::byte*, int64_t));
void f16c_float_to_half(const std::byte* src, std::byte* dst, int64_t n,
                        void (*scalar)(const std::byte*, std::byte*, int64_t));

namespace {

struct Half {  // storage tag for float16
  uint16_t bits;
};
struct Bool8 {  // storage tag for bool
  uint8_t v;
};

template <class To>
To float_to_int(double v) {
  if constexpr (sizeof(To) <= 2 || std::is_same_v<To, int32_t>) {
    return static_cast<To>(hw_to_i32(v));
  } else if constexpr (std::is_same_v<To, uint64_t>) {
    return static_cast<To>(hw_to_u64(v));
  } else {  // int64, uint32
    return static_cast<To>(hw_to_i64(v));
  }
}

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
      return float_to_int<To>(half_to_float(v.bits));
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
    return float_to_int<To>(static_cast<double>(v));
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
constexpr int kFast = 12;

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

template <int F, int... T>
constexpr std::array<CastLoop, kFast> row(std::integer_sequence<int, T...>) {
  using From = typename decltype(storage<F>())::type;
  return {cast_loop<From, typename decltype(storage<T>())::type>...};
}

template <int... F>
constexpr std::array<std::array<CastLoop, kFast>, kFast> table(std::integer_sequence<int, F...>) {
  return {row<F>(std::make_integer_sequence<int, kFast>{})...};
}

constexpr auto kTable = table(std::make_integer_sequence<int, kFast>{});

// float16 <-> float32 through F16C (cast_loops_f16c.cpp) for contiguous operands when the CPU
// has AVX2 and F16C; strided calls and NaN-holding vectors take the scalar conversion.
void half_to_float_scalar(const std::byte* src, std::byte* dst, int64_t n) {
  cast_loop<Half, float>(src, 2, dst, 4, n);
}
void float_to_half_scalar(const std::byte* src, std::byte* dst, int64_t n) {
  cast_loop<float, Half>(src, 4, dst, 2, n);
}
void half_to_float_fast(const std::byte* src, int64_t ss, std::byte* dst, int64_t ds, int64_t n) {
  if (ss != 2 || ds != 4) return cast_loop<Half, float>(src, ss, dst, ds, n);
  f16c_half_to_float(src, dst, n, half_to_float_scalar);
}
void float_to_half_fast(const std::byte* src, int64_t ss, std::byte* dst, int64_t ds, int64_t n) {
  if (ss != 4 || ds != 2) return cast_loop<float, Half>(src, ss, dst, ds, n);
  f16c_float_to_half(src, dst, n, float_to_half_scalar);
}

bool has_f16c() {
  static const bool yes = [] {
    const uint64_t need = NP_CPU_AVX2 | NP_CPU_F16C;
    return (plugins::cpu_features() & need) == need;
  }();
  return yes;
}

bool fast(const DType& t) {
  return static_cast<int>(t.id()) < kFast && t.is_native() && !t.has_subarray() && !t.has_fields();
}

}  // namespace

CastLoop find_cast_loop(const DType& from, const DType& to) {
  if (!fast(from) || !fast(to)) return nullptr;
  if (has_f16c()) {
    if (from.id() == TypeId::Float16 && to.id() == TypeId::Float32) return half_to_float_fast;
    if (from.id() == TypeId::Float32 && to.id() == TypeId::Float16) return float_to_half_fast;
  }
  return kTable[static_cast<size_t>(from.id())][static_cast<size_t>(to.id())];
}

}  // namespace np::detail
