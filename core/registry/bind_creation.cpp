// np.empty ... np.identity: the creation routines, with NumPy 1.24's signatures.
#include <algorithm>
#include <array>
#include <limits>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

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

// np.empty / np.zeros / np.ones through `make`.
RoutineBody new_array(Array (*make)(const Shape&, const DType&, Order)) {
  return [make](const BoundArgs& b, Registry&) {
    return one(make(shape_arg(b, "shape"), b.dtype("dtype").value_or(DType()),
                    b.order("order", Order::C)));
  };
}

// np.empty_like / np.zeros_like / np.ones_like through `make`; `proto` names the prototype
// parameter (empty_like's is "prototype", the others' "a").
RoutineBody new_array_like(Array (*make)(const Array&, std::optional<DType>, Order,
                                         std::optional<Shape>),
                           std::string proto) {
  return [make, proto](const BoundArgs& b, Registry&) {
    std::optional<Shape> shape = b.optional_dims("shape");
    return one(make(b.array(proto), b.dtype("dtype"), b.order("order", Order::K), shape));
  };
}

Results full_body(const BoundArgs& b, Registry&) {
  std::optional<DType> t = b.dtype("dtype");
  return one(
      full(shape_arg(b, "shape"), fill_arg(b, "fill_value", t), t, b.order("order", Order::C)));
}

Results full_like_body(const BoundArgs& b, Registry&) {
  std::optional<Shape> shape = b.optional_dims("shape");
  Array a = b.array("a");
  std::optional<DType> t = b.dtype("dtype");
  return one(full_like(a, fill_arg(b, "fill_value", t.value_or(a.dtype())), t,
                       b.order("order", Order::K), shape));
}

Results arange_body(const BoundArgs& b, Registry&) {
  if (std::optional<Array> big = arange_of_big_ints(b)) return one(*big);
  std::optional<Scalar> stop, step;
  if (b.given("stop")) stop = b.scalar("stop");
  if (b.given("step")) step = b.scalar("step");
  return one(arange(b.scalar("start"), stop, step, b.dtype("dtype")));
}

Results linspace_body(const BoundArgs& b, Registry&) {
  check_sample_axis(b);
  LinspaceResult res = linspace(b.scalar("start"), b.scalar("stop"), b.integer("num", 50),
                                b.boolean("endpoint", true), b.dtype("dtype"));
  if (b.boolean("retstep", false)) return Results{Value(res.samples), Value(res.step.to_array())};
  return one(res.samples);
}

Results logspace_body(const BoundArgs& b, Registry&) {
  check_sample_axis(b);
  return one(logspace(b.scalar("start"), b.scalar("stop"), b.integer("num", 50),
                      b.boolean("endpoint", true), b.number("base", 10.0), b.dtype("dtype")));
}

Results geomspace_body(const BoundArgs& b, Registry&) {
  check_sample_axis(b);
  return one(geomspace(b.scalar("start"), b.scalar("stop"), b.integer("num", 50),
                       b.boolean("endpoint", true), b.dtype("dtype")));
}

Results eye_body(const BoundArgs& b, Registry&) {
  std::optional<int64_t> m;
  if (b.given("M")) m = dim_arg(b, "M");
  return one(eye(dim_arg(b, "N"), m, b.integer("k", 0), b.dtype("dtype").value_or(DType()),
                 b.order("order", Order::C)));
}

Results identity_body(const BoundArgs& b, Registry&) {
  return one(identity(dim_arg(b, "n"), b.dtype("dtype").value_or(DType())));
}

}  // namespace

// Signatures: inspect.signature where NumPy 1.24 has one, else the docstring's first line
// (empty, zeros, arange, empty_like); `like=` is accepted and ignored (no __array_function__).
void register_creation(Registry& r) {
  add_routines(
      r, {
             {"empty", "shape, dtype=float, order='C', *, like=None",
              "new array of the given shape", new_array(empty)},
             {"zeros", "shape, dtype=float, order='C', *, like=None",
              "new array of the given shape", new_array(zeros)},
             {"ones", "shape, dtype=None, order='C', *, like=None", "new array of the given shape",
              new_array(ones)},
             {"full", "shape, fill_value, dtype=None, order='C', *, like=None",
              "new array filled with a value", full_body},
             {"empty_like", "prototype, dtype=None, order='K', subok=True, shape=None",
              "new array like a prototype", new_array_like(empty_like, "prototype")},
             {"zeros_like", "a, dtype=None, order='K', subok=True, shape=None",
              "new array like a prototype", new_array_like(zeros_like, "a")},
             {"ones_like", "a, dtype=None, order='K', subok=True, shape=None",
              "new array like a prototype", new_array_like(ones_like, "a")},
             {"full_like", "a, fill_value, dtype=None, order='K', subok=True, shape=None",
              "new array like a prototype, filled", full_like_body},
             {"arange", "start, stop=None, step=None, dtype=None, *, like=None",
              "evenly spaced values within an interval", arange_body},
             {"linspace", "start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0",
              "evenly spaced numbers over an interval", linspace_body},
             {"logspace", "start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0",
              "numbers spaced evenly on a log scale", logspace_body},
             {"geomspace", "start, stop, num=50, endpoint=True, dtype=None, axis=0",
              "numbers spaced evenly on a log scale (geometric)", geomspace_body},
             {"eye", "N, M=None, k=0, dtype=float, order='C', *, like=None",
              "2-D array with ones on a diagonal", eye_body},
             {"identity", "n, dtype=None, *, like=None", "square identity array", identity_body},
         });
}

}  // namespace np::detail
