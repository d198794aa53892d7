// np.dtype, indexing (getitem/setitem with NumPy subscript text, ndarray.fill) and the repr/str
// texts, with NumPy 1.24's signatures where NumPy has the function.
#include <functional>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"
#include "np/indexing.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

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

Results dtype_body(const BoundArgs& b, Registry&) {
  DType t = b.get("dtype").as_dtype("dtype");
  if (b.boolean("align", false) && t.has_fields()) {
    std::vector<FieldSpec> specs;
    for (const Field& f : t.fields())
      specs.push_back({f.name, f.dtype().str(), {}});
    t = DType::structured(specs, true);
  }
  return Results{Value(t)};
}

Results getitem_body(const BoundArgs& b, Registry&) {
  return one(getitem(b.array("a"), index_from(b, index_arrays(b.call(), 1))));
}

Results setitem_body(const BoundArgs& b, Registry&) {
  std::vector<Array> arrays = index_arrays(b.call(), 2);
  Array a = b.array("a");
  // A Python int value converts into a's dtype as NumPy's setitem does (no wrapping).
  const Value& v = b.get("value");
  Array value = v.is_big_int() ? scalar_as(v, a.dtype(), "value").to_array() : b.array("value");
  setitem(a, index_from(b, arrays), value);
  return one(a);
}

Results fill_body(const BoundArgs& b, Registry&) {
  Array a = b.array("a");
  const Value& v = b.get("value");
  fill(a, v.is_big_int() ? scalar_as(v, a.dtype(), "value") : b.scalar("value"));
  return one(a);
}

}  // namespace

// getitem/setitem are the protocol's a[index] and a[index] = value (no NumPy function): `index`
// is the subscript text, `*indices` the arrays it names as $k; index=() is a[()].
void register_indexing(Registry& r) {
  add_routines(
      r,
      {
          // copy= is accepted: dtypes are immutable values here, a copy equals its original.
          {"dtype", "dtype, align=False, copy=False",
           "np.dtype(obj): a data type from its string form", dtype_body},
          {"getitem", "a, *indices, index=()", "a[index] with NumPy subscript text", getitem_body},
          {"setitem", "a, value, *indices, index=()",
           "a[index] = value; returns the modified array", setitem_body},
          {"fill", "a, value", "ndarray.fill: every element set to a value; returns the array",
           fill_body},
          {"array_repr", "arr", "NumPy's repr text of an array",
           [](const BoundArgs& b, Registry&) {
             return Results{Value(array_repr(b.array("arr")))};
           }},
          {"array_str", "a", "NumPy's str text of an array",
           [](const BoundArgs& b, Registry&) { return Results{Value(array_str(b.array("a")))}; }},
      });
}

}  // namespace np::detail
