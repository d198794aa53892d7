// The builtin element types as kernels see them: one table of (NumPy type code, C++ element type,
// TypeId) rows and a visitor over it, so the core and the plugins dispatch from a type code to
// typed code without writing the table out again. Header-only, no link dependency; the core's
// DType (np/dtype.hpp) takes TypeId from here.
//
//   NpStridedLoop fn = np::kernels::visit_type(code, []<class Row>(Row) -> NpStridedLoop {
//     using T = typename Row::type;
//     if constexpr (std::is_integral_v<T>) return my_loop<T>; else return nullptr;
//   });
//
// Storage conventions: float16 is np::float16 (its bits; compute in float), 'g' is the x87
// 80-bit long double in 16 bytes, 'k' is IEEE binary128 (__float128 — the project's own code, as
// NumPy has no binary128 type on x86-64), complex codes are cplx<R> pairs, datetime64 and
// timedelta64 are int64 counts with NaT = kNaT.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "np/float16.hpp"

namespace np {

enum class TypeId : uint8_t {
  Bool,
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
  Float16,
  Float32,
  Float64,
  LongDouble,  // x87 80-bit extended, stored in 16 bytes (NumPy's float128 on x86-64)
  Float128,    // IEEE 754 binary128 (quad)
  Complex64,
  Complex128,
  CLongDouble,  // two LongDouble
  Complex256,   // two Float128
  Bytes,        // S<n>
  Str,          // U<n>, UCS4
  Void,         // V<n>, structured and subarray types
  Datetime,     // M8[unit]
  Timedelta,    // m8[unit]
  User,         // a dtype registered at run time (np/user_dtypes.hpp), told apart by name
};
// The builtin types (every TypeId but User).
inline constexpr int kTypeIdCount = 23;

namespace kernels {

using quad = __float128;

// A complex element: (real, imag) components of R, laid out as NumPy's complex types.
template <class R>
struct cplx {
  using value_type = R;
  R re, im;
};

// datetime64/timedelta64 "not a time": the smallest int64 count, in every unit.
inline constexpr int64_t kNaT = std::numeric_limits<int64_t>::min();

// One row of the table: a type code, its C++ element type and its TypeId.
template <char Code, class T, TypeId Id>
struct BuiltinType {
  static constexpr char code = Code;
  using type = T;
  static constexpr TypeId id = Id;
};

template <class... Rows>
struct TypeRows {};

// The fixed-size builtin types, the first row of each TypeId giving its canonical code. 'q'/'Q'
// and 'p'/'P' are NumPy's other spellings of int64/uint64 on x86-64 Linux.
using BuiltinTypes = TypeRows<
    BuiltinType<'?', bool, TypeId::Bool>, BuiltinType<'b', int8_t, TypeId::Int8>,
    BuiltinType<'B', uint8_t, TypeId::UInt8>, BuiltinType<'h', int16_t, TypeId::Int16>,
    BuiltinType<'H', uint16_t, TypeId::UInt16>, BuiltinType<'i', int32_t, TypeId::Int32>,
    BuiltinType<'I', uint32_t, TypeId::UInt32>, BuiltinType<'l', int64_t, TypeId::Int64>,
    BuiltinType<'L', uint64_t, TypeId::UInt64>, BuiltinType<'q', int64_t, TypeId::Int64>,
    BuiltinType<'Q', uint64_t, TypeId::UInt64>, BuiltinType<'p', int64_t, TypeId::Int64>,
    BuiltinType<'P', uint64_t, TypeId::UInt64>, BuiltinType<'e', float16, TypeId::Float16>,
    BuiltinType<'f', float, TypeId::Float32>, BuiltinType<'d', double, TypeId::Float64>,
    BuiltinType<'g', long double, TypeId::LongDouble>, BuiltinType<'k', quad, TypeId::Float128>,
    BuiltinType<'F', cplx<float>, TypeId::Complex64>,
    BuiltinType<'D', cplx<double>, TypeId::Complex128>,
    BuiltinType<'G', cplx<long double>, TypeId::CLongDouble>,
    BuiltinType<'K', cplx<quad>, TypeId::Complex256>, BuiltinType<'M', int64_t, TypeId::Datetime>,
    BuiltinType<'m', int64_t, TypeId::Timedelta>>;

// The flexible types have a code and a TypeId but no fixed C++ element type.
template <char Code, TypeId Id>
struct FlexibleType {
  static constexpr char code = Code;
  static constexpr TypeId id = Id;
};
using FlexibleTypes = TypeRows<FlexibleType<'S', TypeId::Bytes>, FlexibleType<'U', TypeId::Str>,
                               FlexibleType<'V', TypeId::Void>>;

namespace detail {
template <class F, class Row>
using visit_result_t = decltype(std::declval<F&>()(Row{}));
}  // namespace detail

// Calls f(BuiltinType<...>{}) for the row of `code` and returns its result; for a code without a
// row (flexible, user or unknown codes) returns a value-initialised result (nullptr for loop
// pointers) without calling f. f is instantiated for every row, so it must compile for each
// (use `if constexpr` on Row::type or Row::id to skip types).
template <class F>
constexpr auto visit_type(char code, F&& f)
    -> detail::visit_result_t<F, BuiltinType<'d', double, TypeId::Float64>> {
  using R = detail::visit_result_t<F, BuiltinType<'d', double, TypeId::Float64>>;
  R result{};
  [&]<class... Rows>(TypeRows<Rows...>) {
    (void)((code == Rows::code ? (result = f(Rows{}), true) : false) || ...);
  }(BuiltinTypes{});
  return result;
}

// The TypeId of a type code (builtin or flexible), or nullopt.
constexpr std::optional<TypeId> type_id_of(char code) {
  std::optional<TypeId> id;
  auto find = [&]<class... Rows>(TypeRows<Rows...>) {
    (void)((code == Rows::code ? (id = Rows::id, true) : false) || ...);
  };
  find(BuiltinTypes{});
  if (!id) find(FlexibleTypes{});
  return id;
}

// The canonical type code of a builtin TypeId ('l' for Int64, 'S' for Bytes); '\0' for User.
constexpr char type_code_of(TypeId id) {
  char code = '\0';
  auto find = [&]<class... Rows>(TypeRows<Rows...>) {
    (void)((id == Rows::id ? (code = Rows::code, true) : false) || ...);
  };
  find(BuiltinTypes{});
  if (code == '\0') find(FlexibleTypes{});
  return code;
}

static_assert(type_code_of(TypeId::Int64) == 'l' && type_code_of(TypeId::Float128) == 'k' &&
              type_code_of(TypeId::Void) == 'V' && type_code_of(TypeId::User) == '\0');
static_assert(*type_id_of('q') == TypeId::Int64 && *type_id_of('U') == TypeId::Str &&
              !type_id_of('x'));

}  // namespace kernels
}  // namespace np
