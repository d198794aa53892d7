// Value accessors with typed errors.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "np/errors.hpp"
#include "np/registry.hpp"
#include "np/scalar.hpp"

namespace np {

std::string Value::kind_name() const {
  switch (kind_) {
    case Kind::None:
      return "None";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "int";
    case Kind::Float:
      return "float";
    case Kind::Str:
      return "str";
    case Kind::List:
      return "list";
    case Kind::Array:
      return "ndarray";
    case Kind::DType:
      return "dtype";
  }
  return "?";
}

std::string Value::python_type_name() const {
  switch (kind_) {
    case Kind::None:
      return "NoneType";
    case Kind::Array:
      return "numpy.ndarray";
    case Kind::DType:
      return "numpy.dtype";
    default:
      return kind_name();
  }
}

namespace {
[[noreturn]] void wrong(std::string_view what, const char* want, const Value& v) {
  throw TypeError(std::string(what) + " must be " + want + ", not " + v.kind_name());
}

[[noreturn]] void too_large_for_long() {
  throw OverflowError("Python int too large to convert to C long");
}

// "-?[0-9]+" without redundant leading zeros ("-0" is "0"); ValueError for other text.
std::string canonical_decimal(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  std::string_view digits = text.substr(negative ? 1 : 0);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    throw ValueError("invalid literal for int() with base 10: '" + std::string(text) + "'");
  }
  digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size() - 1));
  if (digits == "0") return "0";
  return (negative ? "-" : "") + std::string(digits);
}
}  // namespace

Value Value::integer(std::string_view decimal) {
  const std::string text = canonical_decimal(decimal);
  int64_t small = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), small);
  if (ec == std::errc() && end == text.data() + text.size()) return Value(small);
  Value v;
  v.kind_ = Kind::Int;
  v.s_ = text;
  v.f_ = std::strtod(text.c_str(), nullptr);  // correctly rounded; HUGE_VAL beyond double
  return v;
}

std::optional<uint64_t> Value::as_uint64_beyond_int64() const {
  if (!is_big_int() || s_[0] == '-') return std::nullopt;
  uint64_t u = 0;
  auto [end, ec] = std::from_chars(s_.data(), s_.data() + s_.size(), u);
  if (ec != std::errc() || end != s_.data() + s_.size()) return std::nullopt;
  return u;
}

std::string Value::int_text() const {
  if (kind_ != Kind::Int) wrong("value", "an integer", *this);
  return is_big_int() ? s_ : std::to_string(i_);
}

bool Value::as_bool(std::string_view what) const {
  if (kind_ == Kind::Bool) return b_;
  if (kind_ == Kind::Int) return is_big_int() || i_ != 0;
  wrong(what, "a bool", *this);
}

int64_t Value::as_int(std::string_view /*what*/) const {
  if (kind_ == Kind::Int) {
    if (is_big_int()) too_large_for_long();
    return i_;
  }
  if (kind_ == Kind::Bool) return b_ ? 1 : 0;
  if (kind_ == Kind::Array && array_->ndim() == 0 && array_->dtype().is_integer()) {
    // operator.index() of a NumPy integer, then C long: a uint64 above int64 overflows.
    const Scalar s = Scalar::from_array(*array_);
    if (array_->dtype().is_unsigned_integer() &&
        s.as_uint64() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      too_large_for_long();
    }
    return s.as_int64();
  }
  // NumPy's operator.index() message for everything else.
  throw TypeError("'" + python_type_name() + "' object cannot be interpreted as an integer");
}

double Value::as_double(std::string_view what) const {
  if (kind_ == Kind::Float) return f_;
  if (kind_ == Kind::Int) {
    if (!is_big_int()) return static_cast<double>(i_);
    if (!std::isfinite(f_)) throw OverflowError("int too large to convert to float");
    return f_;
  }
  if (kind_ == Kind::Bool) return b_ ? 1.0 : 0.0;
  wrong(what, "a number", *this);
}

const std::string& Value::as_str(std::string_view what) const {
  if (kind_ == Kind::Str) return s_;
  wrong(what, "a string", *this);
}

const std::vector<Value>& Value::as_list(std::string_view what) const {
  if (kind_ == Kind::List) return *list_;
  wrong(what, "a list", *this);
}

const Array& Value::as_array(std::string_view what) const {
  if (kind_ == Kind::Array) return *array_;
  wrong(what, "an array", *this);
}

DType Value::as_dtype(std::string_view what) const {
  if (kind_ == Kind::DType) return *dtype_;
  if (kind_ == Kind::Str) return DType::parse(s_);
  if (kind_ == Kind::None) return DType();
  wrong(what, "a dtype", *this);
}

std::vector<int64_t> Value::as_int_list(std::string_view what) const {
  if (kind_ == Kind::List) {
    std::vector<int64_t> out;
    for (const Value& v : *list_)
      out.push_back(v.as_int(what));
    return out;
  }
  return {as_int(what)};
}

}  // namespace np
