// Value accessors with typed errors.
#include <cmath>
#include <cstring>

#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"

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

namespace {
[[noreturn]] void wrong(std::string_view what, const char* want, const Value& v) {
  throw TypeError(std::string(what) + " must be " + want + ", not " + v.kind_name());
}
}  // namespace

bool Value::as_bool(std::string_view what) const {
  if (kind_ == Kind::Bool) return b_;
  if (kind_ == Kind::Int) return i_ != 0;
  wrong(what, "a bool", *this);
}

int64_t Value::as_int(std::string_view what) const {
  if (kind_ == Kind::Int) return i_;
  if (kind_ == Kind::Bool) return b_ ? 1 : 0;
  if (kind_ == Kind::Array && array_->ndim() == 0 && array_->dtype().is_integer()) {
    int64_t v;
    Array tmp = Array::empty({}, dtypes::int64());
    assign(tmp, *array_);
    std::memcpy(&v, tmp.data(), 8);
    return v;
  }
  if (kind_ == Kind::Float) {
    throw TypeError("'float' object cannot be interpreted as an integer");
  }
  wrong(what, "an integer", *this);
}

double Value::as_double(std::string_view what) const {
  if (kind_ == Kind::Float) return f_;
  if (kind_ == Kind::Int) return static_cast<double>(i_);
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
