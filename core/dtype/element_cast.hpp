// Conversion of single elements between builtin dtypes with NumPy's unsafe-casting results.
// The execution engine's vectorised cast loops (issue 3) must agree with this reference.
//
// Float -> integer conversions outside the target range are implementation-defined in C; NumPy
// on x86-64 inherits the hardware's cvttsd2si results, which convert_element reproduces:
// int8/int16/int32/uint8/uint16 go through a 32-bit conversion (out of range -> INT32_MIN, then
// truncation), int64/uint32 through a 64-bit one (out of range -> INT64_MIN).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "np/dtype.hpp"

namespace np::detail {

struct WideNumber {
  enum class Tag { Bool, Signed, Unsigned, Real, Complex, Quad, QuadComplex } tag = Tag::Bool;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  long double re = 0, im = 0;
  __float128 qre = 0, qim = 0;
};

// Reads a numeric or datetime element (any byte order). TypeError for non-numeric dtypes.
WideNumber load_number(const DType& dtype, const std::byte* src);
// Writes a number as `dtype` (any byte order) with unsafe-casting semantics.
void store_number(const WideNumber& value, const DType& dtype, std::byte* dst);
// One element from one dtype to another: numbers, datetimes of the same unit, S/U text.
void convert_element(const DType& from, const std::byte* src, const DType& to, std::byte* dst);
// Text of a number or datetime element as NumPy's astype(str) writes it.
std::string element_to_text(const DType& dtype, const std::byte* p);
// Parses text (Python's int()/float()/complex() grammar, ISO datetimes) into an element;
// ValueError with Python's message when it does not parse.
void text_to_element(const std::string& text, bool from_bytes, const DType& dtype, std::byte* dst);
// A datetime64/timedelta64 value converted between units (floor), NaT preserved.
int64_t convert_datetime_value(int64_t value, const DType& from, const DType& to);
// ISO 8601 text to a datetime64 value in `to`'s unit; ValueError when malformed.
int64_t parse_datetime_text(std::string_view text, const DType& to);
// NumPy's str() of a timedelta64 value ("5 seconds", "NaT").
std::string timedelta_text(const DType& dtype, int64_t value);
// Reverses `n` bytes in place.
void byteswap_inplace(std::byte* p, int64_t n);

}  // namespace np::detail
