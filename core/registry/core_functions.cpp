// The core's by-name routines: creation, manipulation, indexing and copies, bound with NumPy's
// parameter names so `numpy-plugins call` and later the C ABI accept exactly NumPy's calls.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>
#include <limits>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"

#include "np/format.hpp"
#include "np/indexing.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"
#include "np/routines.hpp"
#include "np/threading.hpp"

#include "registry/arg_parser.hpp"

namespace np {

namespace detail {

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

}  // namespace detail

namespace {

using detail::BoundArgs;

// A Python int as a 128-bit integer (NumPy's arange computes with Python ints exactly).
__int128 int128_of(const Value& v) {
  const std::string text = v.int_text();
  __int128 r = 0;
  const bool negative = text[0] == '-';
  for (size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    if (__builtin_mul_overflow(r, 10, &r) || __builtin_add_overflow(r, text[i] - '0', &r)) {
      throw OverflowError("Python int too large to convert to C long");
    }
  }
  return negative ? -r : r;
}

// np.arange over Python ints when one is beyond int64 and no dtype is given: NumPy takes the
// length from the exact ints, then fills float64 values first + i * (second - first) from the
// first two rounded values (arange(2**64 - 3, 2**64 - 1) is [2**64, 2**64]). nullopt otherwise.
std::optional<Array> arange_of_big_ints(const BoundArgs& b) {
  const std::array<const char*, 3> names{"start", "stop", "step"};
  bool any_big = false;
  for (const char* n : names) {
    if (!b.given(n)) continue;
    if (b.get(n).kind() != Value::Kind::Int) return std::nullopt;
    any_big = any_big || b.get(n).is_big_int();
  }
  if (!any_big || b.given("dtype")) return std::nullopt;
  __int128 start = int128_of(b.get("start")), stop = 0, step = 1;
  if (b.given("stop")) {
    stop = int128_of(b.get("stop"));
  } else {
    std::swap(start, stop);
  }
  if (b.given("step")) step = int128_of(b.get("step"));
  if (step == 0) throw ZeroDivisionError("division by zero");
  __int128 span = stop - start;  // |values| < 2**127 / 2: no overflow for int64-sized inputs
  __int128 len = span / step + ((span % step != 0 && (span < 0) == (step < 0)) ? 1 : 0);
  if (len > std::numeric_limits<int64_t>::max()) throw ValueError("Maximum allowed size exceeded");
  Array out = Array::empty({std::max<int64_t>(0, static_cast<int64_t>(len))}, dtypes::float64());
  auto* v = reinterpret_cast<double*>(out.data());
  const double first = static_cast<double>(start);
  const double delta = static_cast<double>(start + step) - first;
  for (int64_t i = 0; i < out.size(); ++i)
    v[i] = first + static_cast<double>(i) * delta;
  return out;
}

// np.save / np.savez append their suffix to a path that lacks it ("x" -> "x.npy").
std::string with_suffix(const std::string& path, const std::string& suffix) {
  const bool has = path.size() >= suffix.size() &&
                   path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  return has ? path : path + suffix;
}

// axis= of the routines NumPy parses with PyArray_ConvertMultiAxis (squeeze, count_nonzero): an
// int beyond C int is its ValueError there (elsewhere the C int conversion's OverflowError).
std::optional<std::vector<int64_t>> multi_axis(const BoundArgs& b) {
  std::optional<std::vector<int64_t>> axes = b.optional_int_list("axis");
  for (int64_t a : axes.value_or(std::vector<int64_t>{})) {
    if (a < std::numeric_limits<int32_t>::min() || a > std::numeric_limits<int32_t>::max()) {
      throw ValueError("integer won't fit into a C int");
    }
  }
  return axes;
}

Results one(Array a) {
  return {Value(std::move(a))};
}

void reg(Registry& r, const std::string& name, const std::string& summary, GeneralFunction fn) {
  r.add_general(FunctionInfo{name, FunctionKind::General, "core", summary}, std::move(fn));
}

Shape nonnegative(Shape s) {
  for (int64_t d : s) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
  }
  return s;
}

// A creation routine's shape. None is (), as NumPy 1.24 still takes it (deprecated).
Shape shape_arg(const BoundArgs& b, const std::string& name) {
  if (b.get(name).is_none()) return {};
  return nonnegative(b.dims(name));
}

// One dimension (eye's N and M): an int; beyond int64 NumPy's "Maximum allowed dimension".
int64_t dim_arg(const BoundArgs& b, const std::string& name) {
  if (b.get(name).is_big_int()) throw ValueError("Maximum allowed dimension exceeded");
  return b.integer(name);
}

// A fill value NumPy copies into an array of dtype `t` with unsafe casting: an int beyond
// uint64 (an object array in NumPy) converts as np.array(v, dtype=t) would.
Scalar fill_arg(const BoundArgs& b, const std::string& name, const std::optional<DType>& t) {
  const Value& v = b.get(name);
  if (t && v.is_big_int()) return detail::scalar_cast(v, *t, name);
  return b.scalar(name);
}

// linspace/logspace/geomspace of scalar bounds: the samples' axis of a 1-d result, 0 or -1
// (NumPy moves it there with moveaxis, whence its "destination:" message).
void check_sample_axis(const BoundArgs& b) {
  const int64_t axis = b.integer("axis", 0);
  if (axis != 0 && axis != -1) {
    throw AxisError("destination: axis " + std::to_string(axis) +
                    " is out of bounds for array of dimension 1");
  }
}

void register_creation(Registry& r) {
  for (const char* name : {"empty", "zeros", "ones"}) {
    std::string n = name;
    reg(r, n, "new array of the given shape", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"shape", "dtype", "order", "like"}, 1);
      Shape shape = shape_arg(b, "shape");
      DType t = b.dtype("dtype").value_or(DType());
      Order o = b.order("order", Order::C);
      if (n == "empty") return one(empty(shape, t, o));
      if (n == "zeros") return one(zeros(shape, t, o));
      return one(ones(shape, t, o));
    });
  }
  reg(r, "full", "new array filled with a value", [](const CallArgs& c) {
    BoundArgs b("full", c, {"shape", "fill_value", "dtype", "order", "like"}, 2);
    std::optional<DType> t = b.dtype("dtype");
    return one(
        full(shape_arg(b, "shape"), fill_arg(b, "fill_value", t), t, b.order("order", Order::C)));
  });
  for (const char* name : {"empty_like", "zeros_like", "ones_like"}) {
    std::string n = name;
    reg(r, n, "new array like a prototype", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"prototype", "dtype", "order", "subok", "shape"}, 1);
      std::optional<Shape> shape = b.optional_dims("shape");
      Array proto = b.array("prototype");
      Order o = b.order("order", Order::K);
      if (n == "empty_like") return one(empty_like(proto, b.dtype("dtype"), o, shape));
      if (n == "zeros_like") return one(zeros_like(proto, b.dtype("dtype"), o, shape));
      return one(ones_like(proto, b.dtype("dtype"), o, shape));
    });
  }
  reg(r, "full_like", "new array like a prototype, filled", [](const CallArgs& c) {
    BoundArgs b("full_like", c, {"a", "fill_value", "dtype", "order", "subok", "shape"}, 2);
    std::optional<Shape> shape = b.optional_dims("shape");
    Array a = b.array("a");
    std::optional<DType> t = b.dtype("dtype");
    return one(full_like(a, fill_arg(b, "fill_value", t.value_or(a.dtype())), t,
                         b.order("order", Order::K), shape));
  });
  reg(r, "arange", "evenly spaced values within an interval", [](const CallArgs& c) {
    BoundArgs b("arange", c, {"start", "stop", "step", "dtype", "like"}, 1);
    if (std::optional<Array> big = arange_of_big_ints(b)) return one(*big);
    std::optional<Scalar> stop, step;
    if (b.given("stop")) stop = b.scalar("stop");
    if (b.given("step")) step = b.scalar("step");
    return one(arange(b.scalar("start"), stop, step, b.dtype("dtype")));
  });
  reg(r, "linspace", "evenly spaced numbers over an interval", [](const CallArgs& c) {
    BoundArgs b("linspace", c, {"start", "stop", "num", "endpoint", "retstep", "dtype", "axis"}, 2);
    check_sample_axis(b);
    LinspaceResult res = linspace(b.scalar("start"), b.scalar("stop"), b.integer("num", 50),
                                  b.boolean("endpoint", true), b.dtype("dtype"));
    if (b.boolean("retstep", false)) return Results{Value(res.samples), Value(res.step.to_array())};
    return one(res.samples);
  });
  reg(r, "logspace", "numbers spaced evenly on a log scale", [](const CallArgs& c) {
    BoundArgs b("logspace", c, {"start", "stop", "num", "endpoint", "base", "dtype", "axis"}, 2);
    check_sample_axis(b);
    return one(logspace(b.scalar("start"), b.scalar("stop"), b.integer("num", 50),
                        b.boolean("endpoint", true), b.number("base", 10.0), b.dtype("dtype")));
  });
  reg(r, "geomspace", "numbers spaced evenly on a log scale (geometric)", [](const CallArgs& c) {
    BoundArgs b("geomspace", c, {"start", "stop", "num", "endpoint", "dtype", "axis"}, 2);
    check_sample_axis(b);
    return one(geomspace(b.scalar("start"), b.scalar("stop"), b.integer("num", 50),
                         b.boolean("endpoint", true), b.dtype("dtype")));
  });
  reg(r, "eye", "2-D array with ones on a diagonal", [](const CallArgs& c) {
    BoundArgs b("eye", c, {"N", "M", "k", "dtype", "order", "like"}, 1);
    std::optional<int64_t> m;
    if (b.given("M")) m = dim_arg(b, "M");
    return one(eye(dim_arg(b, "N"), m, b.integer("k", 0), b.dtype("dtype").value_or(DType()),
                   b.order("order", Order::C)));
  });
  reg(r, "identity", "square identity array", [](const CallArgs& c) {
    BoundArgs b("identity", c, {"n", "dtype", "like"}, 1);
    return one(identity(dim_arg(b, "n"), b.dtype("dtype").value_or(DType())));
  });
}

void register_manipulation(Registry& r) {
  reg(r, "reshape", "new shape, a view when possible", [](const CallArgs& c) {
    BoundArgs b("reshape", c, {"a", "newshape", "order"}, 2);
    Array a = b.array("a");
    // newshape=None keeps the shape, as NumPy's shape converter reads None as "unchanged".
    Shape shape = b.given("newshape") ? b.dims("newshape") : a.shape();
    return one(reshape(a, shape, b.order("order", Order::C)));
  });
  reg(r, "ravel", "flattened array, a view when possible", [](const CallArgs& c) {
    BoundArgs b("ravel", c, {"a", "order"}, 1);
    return one(ravel(b.array("a"), b.order("order", Order::C)));
  });
  reg(r, "flatten", "ndarray.flatten: a flattened copy", [](const CallArgs& c) {
    BoundArgs b("flatten", c, {"a", "order"}, 1);
    return one(flatten(b.array("a"), b.order("order", Order::C)));
  });
  reg(r, "transpose", "permuted axes (view)", [](const CallArgs& c) {
    BoundArgs b("transpose", c, {"a", "axes"}, 1);
    return one(transpose(b.array("a"), b.optional_dims("axes")));
  });
  reg(r, "swapaxes", "two axes interchanged (view)", [](const CallArgs& c) {
    BoundArgs b("swapaxes", c, {"a", "axis1", "axis2"}, 3);
    return one(swapaxes(b.array("a"), b.integer("axis1"), b.integer("axis2")));
  });
  reg(r, "moveaxis", "axes moved to new positions (view)", [](const CallArgs& c) {
    BoundArgs b("moveaxis", c, {"a", "source", "destination"}, 3);
    return one(moveaxis(b.array("a"), b.int_list("source"), b.int_list("destination")));
  });
  reg(r, "rollaxis", "an axis rolled backwards (view)", [](const CallArgs& c) {
    BoundArgs b("rollaxis", c, {"a", "axis", "start"}, 2);
    return one(rollaxis(b.array("a"), b.integer("axis"), b.integer("start", 0)));
  });
  reg(r, "squeeze", "length-one axes removed (view)", [](const CallArgs& c) {
    BoundArgs b("squeeze", c, {"a", "axis"}, 1);
    return one(squeeze(b.array("a"), multi_axis(b)));
  });
  reg(r, "expand_dims", "length-one axes inserted (view)", [](const CallArgs& c) {
    BoundArgs b("expand_dims", c, {"a", "axis"}, 2);
    return one(expand_dims(b.array("a"), b.int_list("axis")));
  });
  reg(r, "atleast_1d", "view with at least one dimension", [](const CallArgs& c) {
    Results out;
    for (const Value& v : c.args)
      out.emplace_back(atleast_1d(v.as_array("array")));
    if (!c.kwargs.empty())
      throw TypeError("atleast_1d() got an unexpected keyword argument '" + c.kwargs[0].first +
                      "'");
    return out;
  });
  reg(r, "atleast_2d", "view with at least two dimensions", [](const CallArgs& c) {
    Results out;
    for (const Value& v : c.args)
      out.emplace_back(atleast_2d(v.as_array("array")));
    if (!c.kwargs.empty())
      throw TypeError("atleast_2d() got an unexpected keyword argument '" + c.kwargs[0].first +
                      "'");
    return out;
  });
  reg(r, "atleast_3d", "view with at least three dimensions", [](const CallArgs& c) {
    Results out;
    for (const Value& v : c.args)
      out.emplace_back(atleast_3d(v.as_array("array")));
    if (!c.kwargs.empty())
      throw TypeError("atleast_3d() got an unexpected keyword argument '" + c.kwargs[0].first +
                      "'");
    return out;
  });
  reg(r, "broadcast_to", "read-only broadcast view", [](const CallArgs& c) {
    BoundArgs b("broadcast_to", c, {"array", "shape", "subok"}, 2);
    return one(broadcast_to(b.array("array"), nonnegative(b.dims("shape"))));
  });
  reg(r, "broadcast_shapes", "the broadcast shape of several shapes", [](const CallArgs& c) {
    BoundArgs b("broadcast_shapes", c, {"*args"}, 0);
    std::vector<Shape> shapes;
    for (const Value& v : b.rest())
      shapes.push_back(detail::dims_of(v, "shape"));
    Shape s = broadcast_shapes(shapes);
    std::vector<Value> items(s.begin(), s.end());
    return Results{Value(std::move(items))};
  });
  reg(r, "broadcast_arrays", "arrays broadcast against each other", [](const CallArgs& c) {
    BoundArgs b("broadcast_arrays", c, {"*args", "subok"}, 0);
    std::vector<Array> arrays;
    for (const Value& v : b.rest())
      arrays.push_back(v.as_array("argument"));
    Results out;
    for (Array& a : broadcast_arrays(arrays))
      out.emplace_back(std::move(a));
    return out;
  });
  reg(r, "diagonal", "specified diagonals (read-only view)", [](const CallArgs& c) {
    BoundArgs b("diagonal", c, {"a", "offset", "axis1", "axis2"}, 1);
    return one(diagonal(b.array("a"), b.integer("offset", 0), b.integer("axis1", 0),
                        b.integer("axis2", 1)));
  });
  reg(r, "real", "real part (view for complex)", [](const CallArgs& c) {
    BoundArgs b("real", c, {"val"}, 1);
    return one(real(b.array("val")));
  });
  reg(r, "imag", "imaginary part (view for complex)", [](const CallArgs& c) {
    BoundArgs b("imag", c, {"val"}, 1);
    return one(imag(b.array("val")));
  });
  reg(r, "flip", "elements reversed along axes (view)", [](const CallArgs& c) {
    BoundArgs b("flip", c, {"m", "axis"}, 1);
    return one(flip(b.array("m"), b.optional_int_list("axis")));
  });
  reg(r, "fliplr", "reversed along axis 1 (view)", [](const CallArgs& c) {
    BoundArgs b("fliplr", c, {"m"}, 1);
    Array m = b.array("m");
    if (m.ndim() < 2) throw ValueError("Input must be >= 2-d.");
    return one(flip(m, Axes{1}));
  });
  reg(r, "flipud", "reversed along axis 0 (view)", [](const CallArgs& c) {
    BoundArgs b("flipud", c, {"m"}, 1);
    Array m = b.array("m");
    if (m.ndim() < 1) throw ValueError("Input must be >= 1-d.");
    return one(flip(m, Axes{0}));
  });
  reg(r, "lib.stride_tricks.as_strided", "a view with given shape and strides (bounds-checked)",
      [](const CallArgs& c) {
        BoundArgs b("as_strided", c, {"x", "shape", "strides", "subok", "writeable"}, 1);
        return one(as_strided(b.array("x"), b.optional_int_list("shape"),
                              b.optional_int_list("strides"), b.boolean("writeable", true)));
      });
  reg(r, "view", "ndarray.view: the bytes reinterpreted", [](const CallArgs& c) {
    BoundArgs b("view", c, {"a", "dtype"}, 1);
    Array a = b.array("a");
    // An explicit None is np.dtype(None), float64, as in NumPy's a.view(None).
    std::optional<DType> t;
    if (b.has("dtype")) t = b.get("dtype").as_dtype("dtype");
    return one(t ? view(a, *t) : a.view_as(a.dtype(), a.shape(), a.strides(), a.offset()));
  });
  reg(r, "copy", "a copy in the given memory order", [](const CallArgs& c) {
    BoundArgs b("copy", c, {"a", "order", "subok"}, 1);
    return one(copy(b.array("a"), b.order("order", Order::K)));
  });
  reg(r, "ascontiguousarray", "C-contiguous array (a copy only if needed)", [](const CallArgs& c) {
    BoundArgs b("ascontiguousarray", c, {"a", "dtype", "like"}, 1);
    Array a = ascontiguousarray(b.array("a"));
    if (auto t = b.dtype("dtype"); t && *t != a.dtype()) {
      Array out = Array::empty(a.shape(), *t);
      assign(out, a);
      return one(out);
    }
    return one(a);
  });
  reg(r, "asfortranarray", "F-contiguous array (a copy only if needed)", [](const CallArgs& c) {
    BoundArgs b("asfortranarray", c, {"a", "dtype", "like"}, 1);
    return one(asfortranarray(b.array("a")));
  });
}

// NumPy's dtype discovery over Python scalars: each bool is bool, each int int64 (long) or,
// in [2**63, 2**64), uint64, each float float64; then their promotion (int64 with uint64 is
// float64). An int beyond uint64 would make an object array: OverflowError.
DType list_dtype(const std::vector<const Value*>& leaves) {
  bool any_bool = false, any_long = false, any_ulong = false, any_float = false;
  for (const Value* l : leaves) {
    any_bool = any_bool || l->kind() == Value::Kind::Bool;
    any_float = any_float || l->kind() == Value::Kind::Float;
    if (l->kind() == Value::Kind::Int) {
      if (!l->is_big_int()) {
        any_long = true;
      } else if (l->as_uint64_beyond_int64()) {
        any_ulong = true;
      } else {
        detail::scalar_of(*l, "element");  // throws NumPy's object-array OverflowError
      }
    }
  }
  if (any_float || leaves.empty() || (any_long && any_ulong)) return dtypes::float64();
  if (any_ulong) return dtypes::uint64();
  if (any_long) return dtypes::int64();
  return any_bool ? dtypes::bool_() : dtypes::float64();
}

// np.array(list) for nested lists of bools, ints or floats (index arrays given as JSON lists).
Array array_from_list(const Value& v) {
  Shape shape;
  const Value* cur = &v;
  while (cur->kind() == Value::Kind::List) {
    shape.push_back(static_cast<int64_t>(cur->as_list().size()));
    if (cur->as_list().empty()) break;
    cur = &cur->as_list()[0];
  }
  std::vector<const Value*> leaves;
  std::function<void(const Value&, size_t)> walk = [&](const Value& x, size_t depth) {
    if (depth == shape.size()) {
      if (x.kind() == Value::Kind::List)
        throw ValueError("setting an array element with a sequence.");
      leaves.push_back(&x);
      return;
    }
    if (x.kind() != Value::Kind::List || static_cast<int64_t>(x.as_list().size()) != shape[depth]) {
      throw ValueError(
          "setting an array element with a sequence. The requested array has an "
          "inhomogeneous shape after " +
          std::to_string(depth) + " dimensions.");
    }
    for (const Value& e : x.as_list())
      walk(e, depth + 1);
  };
  walk(v, 0);
  DType t = list_dtype(leaves);
  Array a = Array::empty(shape, t);
  for (size_t i = 0; i < leaves.size(); ++i) {
    detail::scalar_of(*leaves[i], "element")
        .store(t, a.data() + static_cast<int64_t>(i) * t.itemsize());
  }
  return a;
}

Array as_index_array(const Value& v) {
  if (v.kind() == Value::Kind::Array) return v.as_array();
  if (v.kind() == Value::Kind::List) return array_from_list(v);
  return detail::scalar_of(v, "index").to_array();
}

// The positional arguments as parse_index sees them ($k is args[k]): the index arguments, from
// `first_index` on, as index arrays; the array (and setitem's value) before them only when they
// are arrays, so that converting a value that is no index cannot fail the call. (Referenced
// anyway, the 0-d float stand-in is NumPy's IndexError for a non-integer index array.)
std::vector<Array> index_arrays(const CallArgs& c, size_t first_index) {
  std::vector<Array> arrays;
  for (size_t k = 0; k < c.args.size(); ++k) {
    const Value& v = c.args[k];
    if (k >= first_index) {
      arrays.push_back(as_index_array(v));
    } else {
      arrays.push_back(v.kind() == Value::Kind::Array ? v.as_array() : Scalar(0.0).to_array());
    }
  }
  return arrays;
}

Index index_from(const BoundArgs& b, const std::vector<Array>& arrays) {
  if (!b.has("index")) return {};
  if (b.get("index").is_none()) return parse_index("None", arrays);  // a[None]
  return parse_index(b.get("index").as_str("index"), arrays);
}

// A dtype argument NumPy's promote_types/can_cast require: None is their TypeError, where
// np.dtype(None) elsewhere is float64.
DType required_dtype(const BoundArgs& b, const std::string& name, const char* none_message) {
  if (b.get(name).is_none()) throw TypeError(none_message);
  return b.get(name).as_dtype(name);
}

void register_casting(Registry& r) {
  reg(r, "promote_types", "the smallest dtype both types safely cast to", [](const CallArgs& c) {
    BoundArgs b("promote_types", c, {"type1", "type2"}, 2);
    const char* none = "did not understand one of the types";
    return Results{
        Value(promote_types(required_dtype(b, "type1", none), required_dtype(b, "type2", none)))};
  });
  reg(r, "can_cast", "whether a cast can occur under a casting rule", [](const CallArgs& c) {
    BoundArgs b("can_cast", c, {"from_", "to", "casting"}, 2);
    const Value& from = b.get("from_");
    const char* none = "did not understand one of the types; 'None' not accepted";
    DType from_type = from.kind() == Value::Kind::Array ? from.as_array().dtype()
                                                        : required_dtype(b, "from_", none);
    return Results{Value(
        can_cast(from_type, required_dtype(b, "to", none), b.casting("casting", Casting::Safe)))};
  });
  reg(r, "astype", "ndarray.astype: a converted copy", [](const CallArgs& c) {
    BoundArgs b("astype", c, {"a", "dtype", "order", "casting", "subok", "copy"}, 2);
    if (b.has("copy") && b.get("copy").is_none()) {
      throw ValueError("NoneType copy mode not allowed.");
    }
    return one(astype(b.array("a"), b.get("dtype").as_dtype("dtype"), b.order("order", Order::K),
                      b.casting("casting", Casting::Unsafe), b.boolean("copy", true)));
  });
  reg(r, "copyto", "np.copyto: copy values into an array; returns dst", [](const CallArgs& c) {
    BoundArgs b("copyto", c, {"dst", "src", "casting", "where"}, 2);
    Array dst = b.array("dst");
    Array src = b.array("src");
    Casting casting = b.casting("casting", Casting::SameKind);
    if (std::optional<Array> where = b.where()) {
      copyto(dst, src, casting, &*where);
    } else {
      copyto(dst, src, casting);
    }
    return one(dst);
  });
  reg(r, "result_type", "the dtype NumPy's promotion gives several dtypes or arrays",
      [](const CallArgs& c) {
        BoundArgs b("result_type", c, {"*arrays_and_dtypes"}, 0);
        std::vector<DType> types;
        for (const Value& v : b.rest()) {
          types.push_back(v.kind() == Value::Kind::Array ? v.as_array().dtype()
                                                         : v.as_dtype("argument"));
        }
        return Results{Value(result_type(types))};
      });
}

std::vector<Array> array_list(const Value& v, const std::string& what) {
  std::vector<Array> out;
  if (v.kind() == Value::Kind::Array) {
    // A single array is a sequence of its rows (np.concatenate(a) iterates over a's first axis).
    const Array& a = v.as_array();
    if (a.ndim() == 0) throw ValueError("zero-dimensional arrays cannot be concatenated");
    for (int64_t i = 0; i < a.shape()[0]; ++i)
      out.push_back(getitem(a, Index{i}));
    return out;
  }
  for (const Value& item : v.as_list(what)) {
    out.push_back(item.kind() == Value::Kind::Array ? item.as_array()
                                                    : detail::scalar_of(item, what).to_array());
  }
  return out;
}

Results many(std::vector<Array> arrays) {
  Results r;
  for (Array& a : arrays)
    r.emplace_back(std::move(a));
  return r;
}

// The keywords of NumPy's reductions over `a`. `bool_sums_as_int`: the reduction runs bool
// input as int64 (sum, prod), which decides how an int initial beyond int64 converts.
ReductionArgs reduction_args(const BoundArgs& b, const Array& a, bool bool_sums_as_int = true) {
  ReductionArgs r;
  r.axis = b.optional_int_list("axis");
  r.dtype = b.dtype("dtype");
  r.out = b.out_array();
  r.keepdims = b.keepdims();
  if (b.given("initial")) {
    DType t = r.dtype.value_or(a.dtype());
    if (bool_sums_as_int && t.kind() == 'b') t = dtypes::int64();
    r.initial = detail::initial_of(b.get("initial"), t);
  }
  r.where = b.where();
  return r;
}

void register_routines(Registry& r) {
  reg(r, "concatenate", "join arrays along an existing axis", [](const CallArgs& c) {
    BoundArgs b("concatenate", c, {"arrays", "axis", "out", "dtype", "casting"}, 1);
    // axis=None joins the flattened arrays.
    std::optional<int64_t> axis = b.has("axis") ? b.optional_integer("axis") : 0;
    return one(concatenate(array_list(b.get("arrays"), "arrays"), axis, b.out_array(),
                           b.dtype("dtype"), b.casting("casting", Casting::SameKind)));
  });
  reg(r, "stack", "join arrays along a new axis", [](const CallArgs& c) {
    BoundArgs b("stack", c, {"arrays", "axis", "out"}, 1);
    return one(stack(array_list(b.get("arrays"), "arrays"), b.integer("axis", 0), b.out_array()));
  });
  for (const char* name : {"hstack", "vstack", "dstack", "column_stack"}) {
    std::string n = name;
    reg(r, n, "stack arrays in sequence", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"tup"}, 1);
      std::vector<Array> arrays = array_list(b.get("tup"), "tup");
      if (arrays.empty()) throw ValueError("need at least one array to concatenate");
      if (n == "hstack") return one(hstack(arrays));
      if (n == "vstack") return one(vstack(arrays));
      if (n == "dstack") return one(dstack(arrays));
      return one(column_stack(arrays));
    });
  }
  for (const char* name : {"split", "array_split"}) {
    std::string n = name;
    reg(r, n, "split an array into sub-arrays (views)", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"ary", "indices_or_sections", "axis"}, 2);
      SplitSpec spec;
      const Value& v = b.get("indices_or_sections");
      if (v.kind() == Value::Kind::List) {
        spec.indices = v.as_int_list("indices_or_sections");
      } else {
        spec.sections = v.as_int("indices_or_sections");
      }
      Array a = b.array("ary");
      int64_t axis = b.integer("axis", 0);
      return many(n == "split" ? split(a, spec, axis) : array_split(a, spec, axis));
    });
  }
  reg(r, "repeat", "repeat elements of an array", [](const CallArgs& c) {
    BoundArgs b("repeat", c, {"a", "repeats", "axis"}, 2);
    const Value& rv = b.get("repeats");
    // NumPy converts repeats to intp: an int beyond int64 overflows (as_int), never wraps.
    Array reps = rv.kind() == Value::Kind::List  ? Array::from_vector(rv.as_int_list("repeats"))
                 : rv.kind() == Value::Kind::Int ? Scalar(rv.as_int("repeats")).to_array()
                                                 : b.array("repeats");
    return one(repeat(b.array("a"), reps, b.optional_integer("axis")));
  });
  reg(r, "tile", "repeat an array along each axis", [](const CallArgs& c) {
    BoundArgs b("tile", c, {"A", "reps"}, 2);
    return one(tile(b.array("A"), b.get("reps").as_int_list("reps")));
  });
  reg(r, "roll", "roll elements along axes", [](const CallArgs& c) {
    BoundArgs b("roll", c, {"a", "shift", "axis"}, 2);
    return one(roll(b.array("a"), b.int_list("shift"), b.optional_int_list("axis")));
  });
  reg(r, "where", "elements chosen from x or y by a condition (or nonzero indices)",
      [](const CallArgs& c) {
        BoundArgs b("where", c, {"condition", "x", "y"}, 1);
        if (!b.has("x") && !b.has("y")) return many(nonzero(b.array("condition")));
        if (!b.has("x") || !b.has("y"))
          throw ValueError("either both or neither of x and y should be given");
        return one(where(b.array("condition"), b.array("x"), b.array("y")));
      });
  reg(r, "nonzero", "indices of the non-zero elements", [](const CallArgs& c) {
    BoundArgs b("nonzero", c, {"a"}, 1);
    return many(nonzero(b.array("a")));
  });
  reg(r, "sum", "sum of elements over axes", [](const CallArgs& c) {
    BoundArgs b("sum", c, {"a", "axis", "dtype", "out", "keepdims", "initial", "where"}, 1);
    Array a = b.array("a");
    return one(sum(a, reduction_args(b, a)));
  });
  reg(r, "prod", "product of elements over axes", [](const CallArgs& c) {
    BoundArgs b("prod", c, {"a", "axis", "dtype", "out", "keepdims", "initial", "where"}, 1);
    Array a = b.array("a");
    return one(prod(a, reduction_args(b, a)));
  });
  for (const char* name : {"cumsum", "cumprod"}) {
    std::string n = name;
    reg(r, n, "cumulative reduction along an axis", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"a", "axis", "dtype", "out"}, 1);
      std::optional<int64_t> axis = b.optional_integer("axis");
      std::optional<Array> out = b.out_array();
      return one(n == "cumsum" ? cumsum(b.array("a"), axis, b.dtype("dtype"), out)
                               : cumprod(b.array("a"), axis, b.dtype("dtype"), out));
    });
  }
  reg(r, "mean", "arithmetic mean over axes", [](const CallArgs& c) {
    BoundArgs b("mean", c, {"a", "axis", "dtype", "out", "keepdims", "where"}, 1);
    Array a = b.array("a");
    return one(mean(a, reduction_args(b, a)));
  });
  for (const char* name : {"any", "all"}) {
    std::string n = name;
    reg(r, n, "truth-value reduction over axes", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"a", "axis", "out", "keepdims", "where"}, 1);
      Array a = b.array("a");
      return one(n == "any" ? any(a, reduction_args(b, a)) : all(a, reduction_args(b, a)));
    });
  }
  for (const char* name : {"max", "amax", "min", "amin"}) {
    std::string n = name;
    reg(r, n, "maximum or minimum over axes", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"a", "axis", "out", "keepdims", "initial", "where"}, 1);
      bool is_max = n == "max" || n == "amax";
      Array a = b.array("a");
      ReductionArgs args = reduction_args(b, a, false);
      return one(is_max ? amax(a, args) : amin(a, args));
    });
  }
  for (const char* name : {"argmax", "argmin"}) {
    std::string n = name;
    reg(r, n, "index of the maximum or minimum", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"a", "axis", "out", "keepdims"}, 1);
      std::optional<int64_t> axis = b.optional_integer("axis");
      std::optional<Array> out = b.out_array();
      Array res = n == "argmax" ? argmax(b.array("a"), axis, b.boolean("keepdims", false))
                                : argmin(b.array("a"), axis, b.boolean("keepdims", false));
      if (out) {
        assign(*out, res);
        return one(*out);
      }
      return one(res);
    });
  }
  reg(r, "ptp", "range of values (maximum - minimum) over axes", [](const CallArgs& c) {
    BoundArgs b("ptp", c, {"a", "axis", "out", "keepdims"}, 1);
    std::optional<Array> out = b.out_array();
    Array res = ptp(b.array("a"), b.optional_int_list("axis"), b.keepdims());
    if (out) {
      assign(*out, res);
      return one(*out);
    }
    return one(res);
  });
  reg(r, "clip", "limit the values of an array", [](const CallArgs& c) {
    BoundArgs b("clip", c, {"a", "a_min", "a_max", "out"}, 3);
    std::optional<Array> lo, hi;
    if (!b.get("a_min").is_none()) lo = b.array("a_min");
    if (!b.get("a_max").is_none()) hi = b.array("a_max");
    // np.clip is a ufunc call: out may be a 1-tuple, (None,) included.
    std::optional<Array> out;
    if (b.has("out")) out = detail::single_ufunc_out(b.get("out"), true);
    return one(clip(b.array("a"), lo, hi, out));
  });
  for (const char* name : {"var", "std"}) {
    std::string n = name;
    reg(r, n, "variance or standard deviation over axes", [n](const CallArgs& c) {
      BoundArgs b(n, c, {"a", "axis", "dtype", "out", "ddof", "keepdims", "where"}, 1);
      int64_t ddof = b.integer("ddof", 0);
      Array a = b.array("a");
      return one(n == "var" ? var(a, reduction_args(b, a), ddof)
                            : stddev(a, reduction_args(b, a), ddof));
    });
  }
  reg(r, "count_nonzero", "number of non-zero values", [](const CallArgs& c) {
    BoundArgs b("count_nonzero", c, {"a", "axis", "keepdims"}, 1);
    return one(count_nonzero(b.array("a"), multi_axis(b), b.boolean("keepdims", false)));
  });
}

// np.seterr / np.geterr for the calling thread; the answer is the old settings as a Python
// dict literal, as NumPy returns a dict.
std::string errstate_text(const ErrState& s) {
  return std::string("{'divide': '") + fp_action_name(s.divide) + "', 'over': '" +
         fp_action_name(s.over) + "', 'under': '" + fp_action_name(s.under) + "', 'invalid': '" +
         fp_action_name(s.invalid) + "'}";
}

void register_errstate(Registry& r) {
  reg(r, "set_num_threads",
      "set the number of threads large elementwise calls may use; returns the old count",
      [](const CallArgs& c) {
        BoundArgs b("set_num_threads", c, {"n"}, 1);
        const int old = num_threads();
        const int64_t n = b.integer("n");
        if (n < 1 || n > 1024) throw ValueError("num_threads must be between 1 and 1024");
        set_num_threads(static_cast<int>(n));
        return Results{Value(int64_t{old})};
      });
  reg(r, "get_num_threads", "the number of threads large elementwise calls may use",
      [](const CallArgs& c) {
        BoundArgs b("get_num_threads", c, {}, 0);
        return Results{Value(int64_t{num_threads()})};
      });
  reg(r, "seterr", "set the floating-point error policy of this thread; returns the old one",
      [](const CallArgs& c) {
        BoundArgs b("seterr", c, {"all", "divide", "over", "under", "invalid"}, 0);
        ErrState s = geterr();
        ErrState old = s;
        if (b.has("all") && !b.get("all").is_none()) {
          FpAction a = parse_fp_action(b.get("all").as_str("all"));
          s.divide = s.over = s.under = s.invalid = a;
        }
        auto set = [&](const char* key, FpAction ErrState::*field) {
          if (b.has(key) && !b.get(key).is_none())
            s.*field = parse_fp_action(b.get(key).as_str(key));
        };
        set("divide", &ErrState::divide);
        set("over", &ErrState::over);
        set("under", &ErrState::under);
        set("invalid", &ErrState::invalid);
        seterr(s);
        return Results{Value(errstate_text(old))};
      });
  reg(r, "geterr", "the floating-point error policy of this thread", [](const CallArgs& c) {
    BoundArgs b("geterr", c, {}, 0);
    return Results{Value(errstate_text(geterr()))};
  });
}

void register_io(Registry& r) {
  reg(r, "load", "np.load of a .npy (or every member of a .npz) file", [](const CallArgs& c) {
    BoundArgs b("load", c,
                {"file", "mmap_mode", "allow_pickle", "fix_imports", "encoding", "max_header_size"},
                1);
    const Value& f = b.get("file");
    if (f.kind() == Value::Kind::Array) return one(f.as_array());  // already loaded by the caller
    const std::string& path = f.as_str("file");
    // allow_pickle lifts the header limit as in NumPy; object arrays stay refused (no pickles).
    // NumPy compares the header length with a Python int: one beyond int64 is no limit (or,
    // negative, refuses every header) rather than an OverflowError.
    int64_t limit = kMaxHeaderSize;
    if (b.boolean("allow_pickle", false)) {
      limit = int64_t{1} << 32;
    } else if (b.has("max_header_size") && b.get("max_header_size").is_big_int()) {
      limit = b.get("max_header_size").int_text()[0] == '-' ? std::numeric_limits<int64_t>::min()
                                                            : std::numeric_limits<int64_t>::max();
    } else {
      limit = b.integer("max_header_size", kMaxHeaderSize);
    }
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".npz") == 0) {
      Results out;
      for (auto& [name, a] : load_npz(path, limit))
        out.emplace_back(std::move(a));
      return out;
    }
    MmapMode mode = parse_mmap_mode(b.string("mmap_mode", ""));
    return one(load_npy(path, mode, limit));
  });
  reg(r, "save", "np.save: write an array to a .npy file; returns the array",
      [](const CallArgs& c) {
        BoundArgs b("save", c, {"file", "arr", "allow_pickle", "fix_imports"}, 2);
        Array a = b.array("arr");
        save_npy(with_suffix(b.get("file").as_str("file"), ".npy"), a);
        return one(a);
      });
  for (const char* name : {"savez", "savez_compressed"}) {
    std::string n = name;
    reg(r, n, "write arrays to a .npz archive (arr_0, arr_1, ... or keyword names)",
        [n](const CallArgs& c) {
          if (c.args.empty()) throw TypeError(n + "() missing required argument 'file'");
          NamedArrays arrays;
          for (size_t i = 1; i < c.args.size(); ++i) {
            arrays.emplace_back("arr_" + std::to_string(i - 1), c.args[i].as_array("array"));
          }
          for (const auto& [key, v] : c.kwargs)
            arrays.emplace_back(key, v.as_array(key));
          savez(with_suffix(c.args[0].as_str("file"), ".npz"), arrays, n == "savez_compressed");
          return Results{};
        });
  }
}

void register_indexing(Registry& r) {
  reg(r, "dtype", "np.dtype(obj): a data type from its string form", [](const CallArgs& c) {
    BoundArgs b("dtype", c, {"dtype", "align"}, 1);
    DType t = b.get("dtype").as_dtype("dtype");
    if (b.boolean("align", false) && t.has_fields()) {
      std::vector<FieldSpec> specs;
      for (const Field& f : t.fields())
        specs.push_back({f.name, f.dtype().str(), {}});
      t = DType::structured(specs, true);
    }
    return Results{Value(t)};
  });
  reg(r, "getitem", "a[index] with NumPy subscript text", [](const CallArgs& c) {
    BoundArgs b("getitem", c, {"a", "*indices", "index"}, 1);
    return one(getitem(b.array("a"), index_from(b, index_arrays(c, 1))));
  });
  reg(r, "setitem", "a[index] = value; returns the modified array", [](const CallArgs& c) {
    BoundArgs b("setitem", c, {"a", "value", "*indices", "index"}, 2);
    std::vector<Array> arrays = index_arrays(c, 2);
    Array a = b.array("a");
    // A Python int value converts into a's dtype as NumPy's setitem does (no wrapping).
    const Value& v = b.get("value");
    Array value =
        v.is_big_int() ? detail::scalar_as(v, a.dtype(), "value").to_array() : b.array("value");
    setitem(a, index_from(b, arrays), value);
    return one(a);
  });
  reg(r, "fill", "ndarray.fill: every element set to a value; returns the array",
      [](const CallArgs& c) {
        BoundArgs b("fill", c, {"a", "value"}, 2);
        Array a = b.array("a");
        const Value& v = b.get("value");
        fill(a, v.is_big_int() ? detail::scalar_as(v, a.dtype(), "value") : b.scalar("value"));
        return one(a);
      });
  reg(r, "array_repr", "NumPy's repr text of an array", [](const CallArgs& c) {
    BoundArgs b("array_repr", c, {"arr"}, 1);
    return Results{Value(array_repr(b.array("arr")))};
  });
  reg(r, "array_str", "NumPy's str text of an array", [](const CallArgs& c) {
    BoundArgs b("array_str", c, {"a"}, 1);
    return Results{Value(array_str(b.array("a")))};
  });
}

}  // namespace

void register_core_functions(Registry& registry) {
  register_creation(registry);
  register_manipulation(registry);
  register_indexing(registry);
  register_io(registry);
  register_casting(registry);
  register_routines(registry);
  register_errstate(registry);
}

}  // namespace np
