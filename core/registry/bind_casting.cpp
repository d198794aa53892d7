// Type promotion and conversion routines (promote_types, can_cast, result_type, astype,
// copyto), with NumPy 1.24's signatures (the C functions' from their docstrings).
#include "np/casting.hpp"
#include "np/errors.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

// A dtype argument NumPy's promote_types/can_cast require: None is their TypeError, where
// np.dtype(None) elsewhere is float64.
DType required_dtype(const BoundArgs& b, const std::string& name, const char* none_message) {
  if (b.get(name).is_none()) throw TypeError(none_message);
  return b.get(name).as_dtype(name);
}

Results promote_types_body(const BoundArgs& b, Registry&) {
  const char* none = "did not understand one of the types";
  return Results{
      Value(promote_types(required_dtype(b, "type1", none), required_dtype(b, "type2", none)))};
}

Results can_cast_body(const BoundArgs& b, Registry&) {
  const Value& from = b.get("from_");
  const char* none = "did not understand one of the types; 'None' not accepted";
  DType from_type = from.kind() == Value::Kind::Array ? from.as_array().dtype()
                                                      : required_dtype(b, "from_", none);
  return Results{Value(
      can_cast(from_type, required_dtype(b, "to", none), b.casting("casting", Casting::Safe)))};
}

Results astype_body(const BoundArgs& b, Registry&) {
  if (b.has("copy") && b.get("copy").is_none()) {
    throw ValueError("NoneType copy mode not allowed.");
  }
  return one(astype(b.array("a"), b.get("dtype").as_dtype("dtype"), b.order("order", Order::K),
                    b.casting("casting", Casting::Unsafe), b.boolean("copy", true)));
}

Results copyto_body(const BoundArgs& b, Registry&) {
  Array dst = b.array("dst");
  Array src = b.array("src");
  Casting casting = b.casting("casting", Casting::SameKind);
  if (std::optional<Array> where = b.where()) {
    copyto(dst, src, casting, &*where);
  } else {
    copyto(dst, src, casting);
  }
  return one(dst);
}

Results result_type_body(const BoundArgs& b, Registry&) {
  std::vector<DType> types;
  for (const Value& v : b.rest()) {
    types.push_back(v.kind() == Value::Kind::Array ? v.as_array().dtype() : v.as_dtype("argument"));
  }
  return Results{Value(result_type(types))};
}

}  // namespace

void register_casting(Registry& r) {
  add_routines(r,
               {
                   {"promote_types", "type1, type2", "the smallest dtype both types safely cast to",
                    promote_types_body},
                   {"can_cast", "from_, to, casting='safe'",
                    "whether a cast can occur under a casting rule", can_cast_body},
                   {"astype", "a, dtype, order='K', casting='unsafe', subok=True, copy=True",
                    "ndarray.astype: a converted copy", astype_body},
                   {"copyto", "dst, src, casting='same_kind', where=True",
                    "np.copyto: copy values into an array; returns dst", copyto_body},
                   {"result_type", "*arrays_and_dtypes",
                    "the dtype NumPy's promotion gives several dtypes or arrays", result_type_body},
               });
}

}  // namespace np::detail
