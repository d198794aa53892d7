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

// Keywords shared by calls and outer: out, where, casting, order, dtype, signature, subok.
UFuncOptions options_from(const UFunc& u, const CallArgs& c, size_t first_kw_positional,
                          std::vector<Array>& positional_out) {
  UFuncOptions o;
  for (size_t i = first_kw_positional; i < c.args.size(); ++i)
    positional_out.push_back(as_array(c.args[i], "out"));
  for (const auto& [key, v] : c.kwargs) {
    if (key == "out") {
      if (!positional_out.empty())
        throw TypeError("cannot specify 'out' as both a positional and keyword argument");
      if (v.kind() == Value::Kind::List) {
        for (const Value& item : v.as_list()) {
          o.out.push_back(item.is_none() ? std::nullopt
                                         : std::optional<Array>(item.as_array("out")));
        }
      } else if (!v.is_none()) {
        o.out.push_back(v.as_array("out"));
      }
    } else if (key == "where") {
      if (v.kind() == Value::Kind::Bool && v.as_bool()) continue;
      o.where = as_array(v, "where");
    } else if (key == "casting") {
      o.casting = parse_casting(v.as_str("casting"));
    } else if (key == "order") {
      o.order = parse_order(v.as_str("order"));
    } else if (key == "dtype") {
      if (!v.is_none()) o.dtype = v.as_dtype("dtype");
    } else if (key == "signature" || key == "sig") {
      if (!v.is_none()) o.signature = parse_signature(u, v);
    } else if (key == "num_threads") {  // engine extension: the threads this call may use
      const int64_t n = v.as_int("num_threads");
      if (n < 1 || n > 1024) throw ValueError("num_threads must be between 1 and 1024");
      o.num_threads = static_cast<int>(n);
    } else if (key == "subok") {
      if (!v.as_bool("subok"))
        throw ValueError("subok=False is not supported: there are no subclasses");
    } else {
      throw TypeError("'" + key + "' is an invalid keyword to ufunc '" + u.name() + "'");
    }
  }
  for (const Array& a : positional_out)
    o.out.emplace_back(a);
  if (!o.out.empty() && static_cast<int>(o.out.size()) != u.nout()) {
    throw ValueError("The 'out' tuple must have exactly " + std::to_string(u.nout()) +
                     " entries: one per ufunc output");
  }
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
  const Value& v = b.get("axis");
  if (v.is_none()) return std::nullopt;
  return v.as_int_list("axis");
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
    std::vector<Array> pos_out;
    UFuncOptions o = options_from(u, c, static_cast<size_t>(u.nin()), pos_out);
    return to_results(ufunc_call(u, inputs, o));
  }
  if (method == "reduce") {
    BoundArgs b(u.name() + ".reduce", c,
                {"array", "axis", "dtype", "out", "keepdims", "initial", "where"}, 1);
    ReduceOptions o;
    o.axis = axis_arg(b);
    o.dtype = b.dtype("dtype");
    if (b.has("out") && !b.get("out").is_none()) {
      const Value& v = b.get("out");
      o.out = v.kind() == Value::Kind::List ? v.as_list().at(0).as_array("out") : v.as_array("out");
    }
    o.keepdims = b.boolean("keepdims", false);
    if (b.has("initial") && !b.get("initial").is_none()) o.initial = b.scalar("initial");
    if (b.has("where") &&
        !(b.get("where").kind() == Value::Kind::Bool && b.get("where").as_bool())) {
      o.where = as_array(b.get("where"), "where");
    }
    return Results{Value(ufunc_reduce(u, b.array("array"), o))};
  }
  if (method == "accumulate") {
    BoundArgs b(u.name() + ".accumulate", c, {"array", "axis", "dtype", "out"}, 1);
    std::optional<Array> out;
    if (b.has("out") && !b.get("out").is_none()) out = b.get("out").as_array("out");
    return Results{
        Value(ufunc_accumulate(u, b.array("array"), b.integer("axis", 0), b.dtype("dtype"), out))};
  }
  if (method == "reduceat") {
    BoundArgs b(u.name() + ".reduceat", c, {"array", "indices", "axis", "dtype", "out"}, 2);
    std::optional<Array> out;
    if (b.has("out") && !b.get("out").is_none()) out = b.get("out").as_array("out");
    const Value& iv = b.get("indices");
    Array indices = iv.kind() == Value::Kind::List ? Array::from_vector(iv.as_int_list("indices"))
                                                   : as_array(iv, "indices");
    return Results{Value(
        ufunc_reduceat(u, b.array("array"), indices, b.integer("axis", 0), b.dtype("dtype"), out))};
  }
  if (method == "outer") {
    if (c.args.size() < 2) throw TypeError(u.name() + ".outer() takes exactly two arguments");
    CallArgs rest{std::vector<Value>(c.args.begin() + 2, c.args.end()), c.kwargs};
    std::vector<Array> pos_out;
    UFuncOptions o = options_from(u, rest, 0, pos_out);
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
