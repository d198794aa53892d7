// Python literal text: repr() of strings and shape tuples, and a bounded parser for the literal
// subset that .npy headers and dtype descr lists use (dict, list, tuple, str, int, bool, None).
// The parser never recurses deeper than kMaxDepth and reports malformed text as ValueError.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "np/dtype.hpp"

namespace np::py {

std::string repr_str(std::string_view s);    // 'abc' with Python's quoting and escapes
std::string repr_shape(const Shape& shape);  // (), (3,), (2, 3)

struct Literal;
using LiteralList = std::vector<Literal>;

struct Literal {
  enum class Kind { None, Bool, Int, Float, Str, List, Tuple, Dict };
  Kind kind = Kind::None;
  bool b = false;
  int64_t i = 0;
  bool int_overflow = false;  // the integer did not fit int64
  double f = 0;
  std::string s;
  LiteralList items;   // List and Tuple
  LiteralList keys;    // Dict keys, in order
  LiteralList values;  // Dict values, parallel to keys

  bool is(Kind k) const { return kind == k; }
  bool is_sequence() const { return kind == Kind::List || kind == Kind::Tuple; }
};

inline constexpr int kMaxDepth = 32;

// Parses one literal filling all of `text` (surrounding whitespace allowed).
Literal parse_literal(std::string_view text);

}  // namespace np::py
