// Joining, splitting, repetition and selection routines (concatenate ... nonzero), with NumPy
// 1.24's signatures.
#include "np/errors.hpp"
#include "np/indexing.hpp"
#include "np/routines.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

// A sequence of arrays (concatenate's arrays, hstack's tup): a list of arrays or scalars, or
// one array, which is the sequence of its rows.
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

Results concatenate_body(const BoundArgs& b, Registry&) {
  // axis=None joins the flattened arrays.
  std::optional<int64_t> axis = b.has("axis") ? b.optional_integer("axis") : 0;
  return one(concatenate(array_list(b.get("arrays"), "arrays"), axis, b.out_array(),
                         b.dtype("dtype"), b.casting("casting", Casting::SameKind)));
}

// np.hstack / vstack / dstack / column_stack through `join`.
RoutineBody join_tuple(Array (*join)(const std::vector<Array>&)) {
  return [join](const BoundArgs& b, Registry&) {
    std::vector<Array> arrays = array_list(b.get("tup"), "tup");
    if (arrays.empty()) throw ValueError("need at least one array to concatenate");
    return one(join(arrays));
  };
}

// np.split / np.array_split through `cut`.
RoutineBody split_by(std::vector<Array> (*cut)(const Array&, const SplitSpec&, int64_t)) {
  return [cut](const BoundArgs& b, Registry&) {
    SplitSpec spec;
    const Value& v = b.get("indices_or_sections");
    if (v.kind() == Value::Kind::List) {
      spec.indices = v.as_int_list("indices_or_sections");
    } else {
      spec.sections = v.as_int("indices_or_sections");
    }
    Array a = b.array("ary");
    return many(cut(a, spec, b.integer("axis", 0)));
  };
}

Results repeat_body(const BoundArgs& b, Registry&) {
  const Value& rv = b.get("repeats");
  // NumPy converts repeats to intp: an int beyond int64 overflows (as_int), never wraps.
  Array reps = rv.kind() == Value::Kind::List  ? Array::from_vector(rv.as_int_list("repeats"))
               : rv.kind() == Value::Kind::Int ? Scalar(rv.as_int("repeats")).to_array()
                                               : b.array("repeats");
  return one(repeat(b.array("a"), reps, b.optional_integer("axis")));
}

Results where_body(const BoundArgs& b, Registry&) {
  if (!b.has("x") && !b.has("y")) return many(nonzero(b.array("condition")));
  if (!b.has("x") || !b.has("y")) {
    throw ValueError("either both or neither of x and y should be given");
  }
  return one(where(b.array("condition"), b.array("x"), b.array("y")));
}

}  // namespace

// stack, hstack and vstack lack NumPy 1.24's keyword-only dtype= and casting= (not
// implemented: a call with them is a TypeError); tests/conformance/signatures.py lists them.
void register_routines(Registry& r) {
  add_routines(
      r, {
             {"concatenate", "arrays, axis=0, out=None, *, dtype=None, casting='same_kind'",
              "join arrays along an existing axis", concatenate_body},
             {"stack", "arrays, axis=0, out=None", "join arrays along a new axis",
              [](const BoundArgs& b, Registry&) {
                return one(stack(array_list(b.get("arrays"), "arrays"), b.integer("axis", 0),
                                 b.out_array()));
              }},
             {"hstack", "tup", "stack arrays in sequence", join_tuple(hstack)},
             {"vstack", "tup", "stack arrays in sequence", join_tuple(vstack)},
             {"dstack", "tup", "stack arrays in sequence", join_tuple(dstack)},
             {"column_stack", "tup", "stack arrays in sequence", join_tuple(column_stack)},
             {"split", "ary, indices_or_sections, axis=0", "split an array into sub-arrays (views)",
              split_by(split)},
             {"array_split", "ary, indices_or_sections, axis=0",
              "split an array into sub-arrays (views)", split_by(array_split)},
             {"repeat", "a, repeats, axis=None", "repeat elements of an array", repeat_body},
             {"tile", "A, reps", "repeat an array along each axis",
              [](const BoundArgs& b, Registry&) {
                return one(tile(b.array("A"), b.get("reps").as_int_list("reps")));
              }},
             {"roll", "a, shift, axis=None", "roll elements along axes",
              [](const BoundArgs& b, Registry&) {
                return one(roll(b.array("a"), b.int_list("shift"), b.optional_int_list("axis")));
              }},
             // The docstring's where(condition, [x, y], /): x and y are optional together.
             {"where", "condition, x=<no value>, y=<no value>, /",
              "elements chosen from x or y by a condition (or nonzero indices)", where_body},
             {"nonzero", "a", "indices of the non-zero elements",
              [](const BoundArgs& b, Registry&) { return many(nonzero(b.array("a"))); }},
         });
}

}  // namespace np::detail
