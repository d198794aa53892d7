// By-name calls of ufuncs and their methods with NumPy's keyword arguments.
#include <algorithm>

#include "np/errors.hpp"
#include "np/indexing.hpp"
#include "np/registry.hpp"
#include "registry/arg_parser.hpp"

namespace np {

namespace {

using detail::BoundArgs;

Array as_array(const Value& v, const std::string& what) {
  if (v.kind() == Value::Kind::Array) return v.as_array();
  return detail::scalar_of(v, what).to_array();
}

std::vector<std::optional<DType>> parse_signature(const UFunc& u, const Value& v) {
  std::vector<std::optional<DType>> sig;
  if (v.kind() == Value::Kind::Str) {
    const std::string& s = v.as_str("signature");
    size_t arrow = s.find("->");
    std::string ins = arrow == std::string::npos ? s : s.substr(0, arrow);
    std::string outs = arrow == std::string::npos ? "" : s.substr(arrow + 2);
    std::erase(ins, ',');
    std::erase(outs, ',');
    for (char c : ins + outs)
      sig.emplace_back(DType(type_from_char(c)));
    if (arrow == std::string::npos && static_cast<int>(sig.size()) == 1) {
      sig.assign(static_cast<size_t>(u.nin() + u.nout()), sig[0]);
    }
  } else if (v.kind() == Value::Kind::List) {
    for (const Value& item : v.as_list()) {
      if (item.is_none()) {
        sig.emplace_back();
      } else {
        sig.emplace_back(item.as_dtype("signature"));
      }
    }
  } else {
    sig.assign(static_cast<size_t>(u.nin() + u.nout()), v.as_dtype("signature"));
  }
  if (static_cast<int>(sig.size()) != u.nin() + u.nout()) {
    throw ValueError("a type-tuple must be specified of length " +
                     std::to_string(u.nin() + u.nout()) + " for ufunc '" + u.name() + "'");
  }
  return sig;
}

// One out= entry of a ufunc call: an array or None (NumPy's TypeError for anything else).
std::optional<Array> out_entry(const Value& v) {
  if (v.is_none()) return std::nullopt;
  if (v.kind() != Value::Kind::Array) throw TypeError("return arrays must be of ArrayType");
  return v.as_array();
}

// out= of a ufunc call: None (no outputs given), an array (nout == 1), or a tuple of one
// entry per output.
std::vector<std::optional<Array>> out_keyword(const UFunc& u, const Value& v) {
  std::vector<std::optional<Array>> out;
  if (v.is_none()) return out;
  if (v.kind() != Value::Kind::List) {
    out.push_back(out_entry(v));
  } else {
    for (const Value& item : v.as_list())
      out.push_back(out_entry(item));
  }
  if (static_cast<int>(out.size()) != u.nout()) {
    throw ValueError("The 'out' tuple must have exactly one entry per ufunc output");
  }
  return out;
}

// Keywords shared by calls and outer: out, where, casting, order, dtype, signature, subok.
// None is read as NumPy reads it: out, dtype and order default, where is False, and
// casting, subok and signature are TypeErrors.
UFuncOptions options_from(const UFunc& u, const CallArgs& c, size_t first_kw_positional) {
  UFuncOptions o;
  for (size_t i = first_kw_positional; i < c.args.size(); ++i)
    o.out.push_back(out_entry(c.args[i]));
  const bool positional_out = !o.out.empty();
  for (const auto& [key, v] : c.kwargs) {
    if (key == "out") {
      if (positional_out)
        throw TypeError("cannot specify 'out' as both a positional and keyword argument");
      o.out = out_keyword(u, v);
    } else if (key == "where") {
      if (!u.spec().core_signature.empty()) {  // NumPy's gufuncs take no where=
        throw TypeError(u.name() + "() got an unexpected keyword argument 'where'");
      }
      if (v.kind() == Value::Kind::Bool && v.as_bool()) continue;
      o.where = v.is_none() ? Scalar(false).to_array() : as_array(v, "where");
    } else if (key == "casting") {
      if (v.kind() != Value::Kind::Str)
        throw TypeError("casting must be str, not " + v.python_type_name());
      o.casting = parse_casting(v.as_str("casting"));
    } else if (key == "order") {
      if (!v.is_none()) o.order = parse_order(v.as_str("order"));
    } else if (key == "dtype") {
      if (!v.is_none()) o.dtype = v.as_dtype("dtype");
    } else if (key == "signature" || key == "sig") {
      if (v.is_none())
        throw TypeError("the signature object to ufunc must be a string or a tuple.");
      o.signature = parse_signature(u, v);
    } else if (key == "num_threads") {  // engine extension: the threads this call may use
      const int64_t n = v.as_int("num_threads");
      if (n < 1 || n > 1024) throw ValueError("num_threads must be between 1 and 1024");
      o.num_threads = static_cast<int>(n);
    } else if (key == "subok") {
      if (v.kind() != Value::Kind::Bool) throw TypeError("'subok' must be a boolean");
      if (!v.as_bool("subok"))
        throw ValueError("subok=False is not supported: there are no subclasses");
    } else {
      throw TypeError("'" + key + "' is an invalid keyword to ufunc '" + u.name() + "'");
    }
  }
  // Positional outputs may stop early (np.divmod(a, 2, q)): the rest are allocated.
  if (positional_out) o.out.resize(static_cast<size_t>(u.nout()));
  return o;
}

Results to_results(std::vector<Array> arrays) {
  Results r;
  for (Array& a : arrays)
    r.emplace_back(std::move(a));
  return r;
}

std::optional<Axes> axis_arg(const BoundArgs& b) {
  if (!b.has("axis")) return Axes{0};
  return b.optional_int_list("axis");
}

// The one axis of accumulate/reduceat: an int or a 1-tuple; None is the only axis of a 1-d
// array. More axes are NumPy's ValueError.
int64_t single_axis(const BoundArgs& b, const Array& a, const std::string& method) {
  if (!b.has("axis")) return 0;
  const Value& v = b.get("axis");
  const std::string many = method + " does not allow multiple axes";
  if (v.is_none()) {
    if (a.ndim() != 1) throw ValueError(many);
    return 0;
  }
  if (v.kind() == Value::Kind::List) {
    if (v.as_list().size() != 1) throw ValueError(many);
    return v.as_list()[0].as_int("axis");
  }
  return v.as_int("axis");
}

// A reduce method's out=: NumPy's errors for out=(), out=(None,) and tuples of other lengths.
std::optional<Array> method_out(const BoundArgs& b) {
  if (!b.has("out")) return std::nullopt;
  return detail::single_ufunc_out(b.get("out"), false);
}

}  // namespace

Results call_ufunc_by_name(const UFunc& u, std::string_view method, const CallArgs& c) {
  if (method.empty()) {
    if (static_cast<int>(c.args.size()) < u.nin()) {
      throw TypeError(u.name() + "() takes from " + std::to_string(u.nin()) + " to " +
                      std::to_string(u.nin() + u.nout()) + " positional arguments but " +
                      std::to_string(c.args.size()) + " were given");
    }
    if (static_cast<int>(c.args.size()) > u.nin() + u.nout()) {
      throw TypeError(u.name() + "() takes from " + std::to_string(u.nin()) + " to " +
                      std::to_string(u.nin() + u.nout()) + " positional arguments but " +
                      std::to_string(c.args.size()) + " were given");
    }
    std::vector<Array> inputs;
    for (int i = 0; i < u.nin(); ++i)
      inputs.push_back(as_array(c.args[static_cast<size_t>(i)], "input"));
    UFuncOptions o = options_from(u, c, static_cast<size_t>(u.nin()));
    return to_results(ufunc_call(u, inputs, o));
  }
  if (method == "reduce") {
    BoundArgs b(u.name() + ".reduce", c,
                {"array", "axis", "dtype", "out", "keepdims", "initial", "where"}, 1);
    Array a = b.array("array");
    ReduceOptions o;
    o.axis = axis_arg(b);
    o.dtype = b.dtype("dtype");
    o.out = method_out(b);
    o.keepdims = b.keepdims();
    if (b.given("initial")) {
      o.initial = detail::initial_of(b.get("initial"), o.dtype.value_or(a.dtype()));
    }
    o.where = b.where();
    return Results{Value(ufunc_reduce(u, a, o))};
  }
  if (method == "accumulate") {
    BoundArgs b(u.name() + ".accumulate", c, {"array", "axis", "dtype", "out"}, 1);
    Array a = b.array("array");
    return Results{Value(
        ufunc_accumulate(u, a, single_axis(b, a, "accumulate"), b.dtype("dtype"), method_out(b)))};
  }
  if (method == "reduceat") {
    BoundArgs b(u.name() + ".reduceat", c, {"array", "indices", "axis", "dtype", "out"}, 2);
    Array a = b.array("array");
    const Value& iv = b.get("indices");
    if (iv.is_none()) throw ValueError("object of too small depth for desired array");
    Array indices = iv.kind() == Value::Kind::List ? Array::from_vector(iv.as_int_list("indices"))
                                                   : as_array(iv, "indices");
    return Results{Value(ufunc_reduceat(u, a, indices, single_axis(b, a, "reduceat"),
                                        b.dtype("dtype"), method_out(b)))};
  }
  if (method == "outer") {
    if (c.args.size() < 2) throw TypeError(u.name() + ".outer() takes exactly two arguments");
    CallArgs rest{std::vector<Value>(c.args.begin() + 2, c.args.end()), c.kwargs};
    UFuncOptions o = options_from(u, rest, 0);
    return to_results(ufunc_outer(u, as_array(c.args[0], "A"), as_array(c.args[1], "B"), o));
  }
  if (method == "at") {
    BoundArgs b(u.name() + ".at", c, {"a", "indices", "b"}, 2);
    Array a = b.array("a");
    const Value& iv = b.get("indices");
    Index index;
    if (iv.kind() == Value::Kind::Str) {
      index = parse_index(iv.as_str("indices"), {});
    } else if (iv.kind() == Value::Kind::Int) {
      index.emplace_back(iv.as_int("indices"));
    } else if (iv.kind() == Value::Kind::List) {
      index.emplace_back(Array::from_vector(iv.as_int_list("indices")));
    } else {
      index.emplace_back(iv.as_array("indices"));
    }
    std::optional<Array> bv;
    if (b.has("b") && !b.get("b").is_none()) bv = as_array(b.get("b"), "b");
    ufunc_at(u, a, index, bv);
    return Results{Value(a)};
  }
  throw AttributeError("'numpy.ufunc' object has no attribute '" + std::string(method) + "'");
}

}  // namespace np
