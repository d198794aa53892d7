// Shape and view routines (reshape ... asfortranarray), with NumPy 1.24's signatures; the
// ndarray methods (flatten, view) take the array as their first parameter `a`.
#include "np/casting.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

Results reshape_body(const BoundArgs& b, Registry&) {
  Array a = b.array("a");
  // newshape=None keeps the shape, as NumPy's shape converter reads None as "unchanged".
  Shape shape = b.given("newshape") ? b.dims("newshape") : a.shape();
  return one(reshape(a, shape, b.order("order", Order::C)));
}

// np.atleast_1d/2d/3d through `make`: one result per argument.
RoutineBody at_least(Array (*make)(const Array&)) {
  return [make](const BoundArgs& b, Registry&) {
    Results out;
    for (const Value& v : b.rest())
      out.emplace_back(make(v.as_array("array")));
    return out;
  };
}

Results broadcast_shapes_body(const BoundArgs& b, Registry&) {
  std::vector<Shape> shapes;
  for (const Value& v : b.rest())
    shapes.push_back(dims_of(v, "shape"));
  Shape s = broadcast_shapes(shapes);
  std::vector<Value> items(s.begin(), s.end());
  return Results{Value(std::move(items))};
}

Results broadcast_arrays_body(const BoundArgs& b, Registry&) {
  std::vector<Array> arrays;
  for (const Value& v : b.rest())
    arrays.push_back(v.as_array("argument"));
  return many(broadcast_arrays(arrays));
}

// np.fliplr / np.flipud: `axis` reversed, for arrays of at least axis + 1 dimensions.
RoutineBody flip_axis(int64_t axis) {
  return [axis](const BoundArgs& b, Registry&) {
    Array m = b.array("m");
    if (m.ndim() <= axis) {
      throw ValueError("Input must be >= " + std::to_string(axis + 1) + "-d.");
    }
    return one(flip(m, Axes{axis}));
  };
}

Results view_body(const BoundArgs& b, Registry&) {
  Array a = b.array("a");
  // An explicit None is np.dtype(None), float64, as in NumPy's a.view(None).
  std::optional<DType> t;
  if (b.has("dtype")) t = b.get("dtype").as_dtype("dtype");
  return one(t ? view(a, *t) : a.view_as(a.dtype(), a.shape(), a.strides(), a.offset()));
}

Results ascontiguousarray_body(const BoundArgs& b, Registry&) {
  Array a = ascontiguousarray(b.array("a"));
  if (auto t = b.dtype("dtype"); t && *t != a.dtype()) {
    Array out = Array::empty(a.shape(), *t);
    assign(out, a);
    return one(out);
  }
  return one(a);
}

}  // namespace

void register_manipulation(Registry& r) {
  add_routines(
      r,
      {
          {"reshape", "a, newshape, order='C'", "new shape, a view when possible", reshape_body},
          {"ravel", "a, order='C'", "flattened array, a view when possible",
           [](const BoundArgs& b, Registry&) {
             return one(ravel(b.array("a"), b.order("order", Order::C)));
           }},
          {"flatten", "a, order='C'", "ndarray.flatten: a flattened copy",
           [](const BoundArgs& b, Registry&) {
             return one(flatten(b.array("a"), b.order("order", Order::C)));
           }},
          {"transpose", "a, axes=None", "permuted axes (view)",
           [](const BoundArgs& b, Registry&) {
             return one(transpose(b.array("a"), b.optional_dims("axes")));
           }},
          {"swapaxes", "a, axis1, axis2", "two axes interchanged (view)",
           [](const BoundArgs& b, Registry&) {
             return one(swapaxes(b.array("a"), b.integer("axis1"), b.integer("axis2")));
           }},
          {"moveaxis", "a, source, destination", "axes moved to new positions (view)",
           [](const BoundArgs& b, Registry&) {
             return one(moveaxis(b.array("a"), b.int_list("source"), b.int_list("destination")));
           }},
          {"rollaxis", "a, axis, start=0", "an axis rolled backwards (view)",
           [](const BoundArgs& b, Registry&) {
             return one(rollaxis(b.array("a"), b.integer("axis"), b.integer("start", 0)));
           }},
          {"squeeze", "a, axis=None", "length-one axes removed (view)",
           [](const BoundArgs& b, Registry&) { return one(squeeze(b.array("a"), multi_axis(b))); }},
          {"expand_dims", "a, axis", "length-one axes inserted (view)",
           [](const BoundArgs& b, Registry&) {
             return one(expand_dims(b.array("a"), b.int_list("axis")));
           }},
          {"atleast_1d", "*arys", "view with at least one dimension", at_least(atleast_1d)},
          {"atleast_2d", "*arys", "view with at least two dimensions", at_least(atleast_2d)},
          {"atleast_3d", "*arys", "view with at least three dimensions", at_least(atleast_3d)},
          {"broadcast_to", "array, shape, subok=False", "read-only broadcast view",
           [](const BoundArgs& b, Registry&) {
             return one(broadcast_to(b.array("array"), nonnegative(b.dims("shape"))));
           }},
          {"broadcast_shapes", "*args", "the broadcast shape of several shapes",
           broadcast_shapes_body},
          {"broadcast_arrays", "*args, subok=False", "arrays broadcast against each other",
           broadcast_arrays_body},
          {"diagonal", "a, offset=0, axis1=0, axis2=1", "specified diagonals (read-only view)",
           [](const BoundArgs& b, Registry&) {
             return one(diagonal(b.array("a"), b.integer("offset", 0), b.integer("axis1", 0),
                                 b.integer("axis2", 1)));
           }},
          {"real", "val", "real part (view for complex)",
           [](const BoundArgs& b, Registry&) { return one(real(b.array("val"))); }},
          {"imag", "val", "imaginary part (view for complex)",
           [](const BoundArgs& b, Registry&) { return one(imag(b.array("val"))); }},
          {"flip", "m, axis=None", "elements reversed along axes (view)",
           [](const BoundArgs& b, Registry&) {
             return one(flip(b.array("m"), b.optional_int_list("axis")));
           }},
          {"fliplr", "m", "reversed along axis 1 (view)", flip_axis(1)},
          {"flipud", "m", "reversed along axis 0 (view)", flip_axis(0)},
          {"lib.stride_tricks.as_strided",
           "x, shape=None, strides=None, subok=False, writeable=True",
           "a view with given shape and strides (bounds-checked)",
           [](const BoundArgs& b, Registry&) {
             return one(as_strided(b.array("x"), b.optional_int_list("shape"),
                                   b.optional_int_list("strides"), b.boolean("writeable", true)));
           }},
          // ndarray.view's type= (a subclass) has no counterpart here.
          {"view", "a, dtype=<no value>", "ndarray.view: the bytes reinterpreted", view_body},
          {"copy", "a, order='K', subok=False", "a copy in the given memory order",
           [](const BoundArgs& b, Registry&) {
             return one(copy(b.array("a"), b.order("order", Order::K)));
           }},
          {"ascontiguousarray", "a, dtype=None, *, like=None",
           "C-contiguous array (a copy only if needed)", ascontiguousarray_body},
          {"asfortranarray", "a, dtype=None, *, like=None",
           "F-contiguous array (a copy only if needed)",
           [](const BoundArgs& b, Registry&) { return one(asfortranarray(b.array("a"))); }},
      });
}

}  // namespace np::detail
