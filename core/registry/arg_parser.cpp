// The typed accessors of BoundArgs and the Value conversions NumPy's parameters apply (None,
// Python ints beyond int64, out= tuples); the binding itself is arg_binder.cpp.
#include "registry/arg_parser.hpp"

#include <algorithm>
#include <cstdlib>

#include "np/errors.hpp"

namespace np::detail {

bool BoundArgs::has(const std::string& name) const {
  auto it = std::find(names_.begin(), names_.end(), name);
  return it != names_.end() && values_[static_cast<size_t>(it - names_.begin())] != nullptr;
}

bool BoundArgs::given(const std::string& name) const {
  return has(name) && !get(name).is_none();
}

const Value& BoundArgs::get(const std::string& name) const {
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end() || values_[static_cast<size_t>(it - names_.begin())] == nullptr) {
    throw TypeError(func_ + "() missing required argument '" + name + "'");
  }
  return *values_[static_cast<size_t>(it - names_.begin())];
}

namespace {

[[noreturn]] void object_array_needed(const Value& v, const std::string& what) {
  throw OverflowError(what + ": Python int " + v.int_text() +
                      " does not fit int64 or uint64 (NumPy would make an object array, which "
                      "this engine does not support)");
}

[[noreturn]] void too_large_for_long() {
  throw OverflowError("Python int too large to convert to C long");
}

}  // namespace

Scalar scalar_of(const Value& v, const std::string& what) {
  switch (v.kind()) {
    case Value::Kind::Bool:
      return Scalar(v.as_bool());
    case Value::Kind::Int:
      if (v.is_big_int()) {
        if (auto u = v.as_uint64_beyond_int64()) return Scalar(static_cast<unsigned long>(*u));
        object_array_needed(v, what);
      }
      return Scalar(v.as_int());
    case Value::Kind::Float:
      return Scalar(v.as_double());
    case Value::Kind::Str:
      return Scalar::unicode(v.as_str());
    case Value::Kind::Array:
      return Scalar::from_array(v.as_array());
    default:
      throw TypeError(what + " must be a number or a 0-d array, not " + v.kind_name());
  }
}

Scalar scalar_as(const Value& v, const DType& t, const std::string& what) {
  if (!v.is_big_int()) return scalar_of(v, what).astype(t);
  switch (t.kind()) {
    case 'b':
      return Scalar(true).astype(t);
    case 'u':
      if (auto u = v.as_uint64_beyond_int64())
        return Scalar(static_cast<unsigned long>(*u)).astype(t);
      too_large_for_long();
    case 'f':
    case 'c':
      if (t.itemsize() > 8 && t.kind() == 'f') {
        return Scalar(std::strtold(v.int_text().c_str(), nullptr)).astype(t);
      }
      return Scalar(v.as_double()).astype(t);
    case 'S':
    case 'U': {
      Scalar text = t.kind() == 'S' ? Scalar::bytes(v.int_text()) : Scalar::unicode(v.int_text());
      return t.itemsize() == 0 ? text : text.astype(t);
    }
    default:  // signed integers, datetimes, voids
      too_large_for_long();
  }
}

Scalar scalar_cast(const Value& v, const DType& t, const std::string& what) {
  if (v.is_big_int() && !v.as_uint64_beyond_int64()) return scalar_as(v, t, what);
  return scalar_of(v, what).astype(t);
}

Scalar initial_of(const Value& v, const DType& t) {
  return v.is_big_int() ? scalar_as(v, t, "initial") : scalar_of(v, "initial");
}

std::vector<int64_t> dims_of(const Value& v, const std::string& what) {
  auto dim = [&](const Value& d) {
    if (d.is_big_int()) throw ValueError("Maximum allowed dimension exceeded");
    return d.as_int(what);
  };
  if (v.kind() != Value::Kind::List) return {dim(v)};
  std::vector<int64_t> out;
  for (const Value& d : v.as_list(what))
    out.push_back(dim(d));
  return out;
}

std::optional<Array> single_ufunc_out(const Value& v, bool none_item_ok) {
  if (v.is_none()) return std::nullopt;
  if (v.kind() == Value::Kind::Array) return v.as_array();
  if (v.kind() != Value::Kind::List) throw TypeError("output must be an array");
  const std::vector<Value>& items = v.as_list();
  if (items.size() != 1) {
    throw ValueError("The 'out' tuple must have exactly one entry per ufunc output");
  }
  if (items[0].is_none() && none_item_ok) return std::nullopt;
  if (items[0].kind() != Value::Kind::Array) throw TypeError("output must be an array");
  return items[0].as_array();
}

Array BoundArgs::array(const std::string& name) const {
  const Value& v = get(name);
  if (v.kind() == Value::Kind::Array) return v.as_array();
  return scalar_of(v, name).to_array();
}

int64_t BoundArgs::integer(const std::string& name, std::optional<int64_t> dflt) const {
  if (!has(name) && dflt) return *dflt;
  return get(name).as_int(name);
}

std::optional<int64_t> BoundArgs::optional_integer(const std::string& name) const {
  if (!given(name)) return std::nullopt;
  return get(name).as_int(name);
}

bool BoundArgs::boolean(const std::string& name, bool dflt) const {
  if (!has(name)) return dflt;
  return !get(name).is_none() && get(name).as_bool(name);
}

bool BoundArgs::keepdims() const {
  if (!has("keepdims")) return false;
  const Value& v = get("keepdims");
  if (v.kind() == Value::Kind::Bool) return v.as_bool();
  return v.as_int("keepdims") != 0;  // NumPy takes an int here; None is its TypeError
}

double BoundArgs::number(const std::string& name, double dflt) const {
  return has(name) ? get(name).as_double(name) : dflt;
}

std::optional<DType> BoundArgs::dtype(const std::string& name) const {
  if (!given(name)) return std::nullopt;
  return get(name).as_dtype(name);
}

Order BoundArgs::order(const std::string& name, Order dflt) const {
  if (!given(name)) return dflt;
  return parse_order(get(name).as_str(name), name);
}

std::vector<int64_t> BoundArgs::int_list(const std::string& name) const {
  return get(name).as_int_list(name);
}

std::optional<std::vector<int64_t>> BoundArgs::optional_int_list(const std::string& name) const {
  if (!given(name)) return std::nullopt;
  return get(name).as_int_list(name);
}

std::vector<int64_t> BoundArgs::dims(const std::string& name) const {
  return dims_of(get(name), name);
}

std::optional<std::vector<int64_t>> BoundArgs::optional_dims(const std::string& name) const {
  if (!given(name)) return std::nullopt;
  return dims_of(get(name), name);
}

Scalar BoundArgs::scalar(const std::string& name) const {
  return scalar_of(get(name), name);
}

std::string BoundArgs::string(const std::string& name, const std::string& dflt) const {
  return given(name) ? get(name).as_str(name) : dflt;
}

Casting BoundArgs::casting(const std::string& name, Casting dflt) const {
  if (!has(name)) return dflt;
  const Value& v = get(name);
  if (v.kind() != Value::Kind::Str) {
    throw TypeError(name + " must be str, not " + v.python_type_name());
  }
  return parse_casting(v.as_str(name));
}

std::optional<Array> BoundArgs::out_array(const std::string& name) const {
  if (!given(name)) return std::nullopt;
  const Value& v = get(name);
  if (v.kind() != Value::Kind::Array) throw TypeError("output must be an array");
  return v.as_array();
}

std::optional<Array> BoundArgs::where(const std::string& name) const {
  if (!has(name)) return std::nullopt;
  const Value& v = get(name);
  if (v.kind() == Value::Kind::Bool && v.as_bool()) return std::nullopt;
  if (v.is_none()) return Scalar(false).to_array();
  return v.kind() == Value::Kind::Array ? v.as_array() : scalar_of(v, name).to_array();
}

}  // namespace np::detail
