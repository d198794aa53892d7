// The general-function call entries of the host API. Every entry catches everything: a failure
// becomes the call's pending error (the host's own exception kept, so its NumPy type survives)
// and a status; no exception crosses into a plugin.
#include "plugins/plugin_calls.hpp"

#include <new>

#include <cstring>
#include <exception>
#include <string>
#include <utility>

#include "layout/bounds.hpp"
#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "plugins/plugin_host.hpp"
#include "registry/arg_parser.hpp"
#include "util/error_kinds.hpp"
#include "util/pyrepr.hpp"

namespace np::plugins::detail {

namespace {

// By-name calls from plugin functions nest at most this deep on a thread (a function calling
// itself by name would otherwise exhaust the stack).
constexpr int kMaxCallDepth = 32;
thread_local int t_call_depth = 0;

const Value* as_value(const NpValue* v) {
  return reinterpret_cast<const Value*>(v);
}
const NpValue* handle(const Value* v) {
  return reinterpret_cast<const NpValue*>(v);
}

// Runs `body` for a call, turning exceptions into the call's pending error: the exception itself
// (raised unchanged if the plugin gives up) and, for the plugin's eyes, its kind and message.
template <class Body>
NpStatus guarded(NpCall* call, Body body) {
  if (call == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    body();
    return NP_STATUS_OK;
  } catch (...) {
    call->host_error = std::current_exception();
    try {
      throw;
    } catch (const Error& e) {
      call->error_kind = error_kind_of(e);
      call->error_message = e.what();
    } catch (const std::bad_alloc&) {
      call->error_kind = NP_ERROR_MEMORY;
      call->error_message = "out of memory";
    } catch (const std::exception& e) {
      call->error_kind = NP_ERROR_RUNTIME;
      call->error_message = e.what();
    } catch (...) {
      call->error_kind = NP_ERROR_RUNTIME;
      call->error_message = "unknown exception";
    }
  }
  return NP_STATUS_INVALID_ARGUMENT;
}

NpStatus copy_dtype_str(const std::string& s, char out[NP_DTYPE_STR_MAX]) {
  if (s.size() + 1 > NP_DTYPE_STR_MAX) return NP_STATUS_FAILED;
  std::memcpy(out, s.c_str(), s.size() + 1);
  return NP_STATUS_OK;
}

void check_view_struct(const NpArrayView* out) {
  if (out == nullptr || out->struct_size < sizeof(NpArrayView)) {
    throw TypeError("NpArrayView NULL or too small");
  }
}

// Describes `a`; the pointers refer to a's geometry, which lives as long as a copy of it does.
void describe(const Array& a, NpArrayView* out) {
  out->ndim = a.ndim();
  out->data = a.data();
  out->shape = a.shape().data();
  out->strides = a.strides().data();
  out->itemsize = a.itemsize();
  std::string s = a.dtype().str();
  if (copy_dtype_str(s, out->dtype) != NP_STATUS_OK) {
    throw TypeError("dtype " + s + " is too long for a plugin array view");
  }
}

const Value& required(const NpValue* v) {
  if (v == nullptr) throw TypeError("missing argument");
  return *as_value(v);
}

// An argument as an array: arrays as they are, Python scalars as np.asarray makes them.
Array array_of(const Value& value) {
  if (value.kind() == Value::Kind::Array) return value.as_array();
  return np::detail::scalar_of(value, "argument").to_array();
}

bool meets(const Array& a, int32_t flags) {
  return ((flags & NP_ARRAY_C_CONTIGUOUS) == 0 || a.c_contiguous()) &&
         ((flags & NP_ARRAY_F_CONTIGUOUS) == 0 || a.f_contiguous()) &&
         ((flags & NP_ARRAY_ALIGNED) == 0 || a.aligned());
}

Casting casting_of(int32_t flags) {
  if ((flags & NP_ARRAY_CAST_SAFE) != 0) return Casting::Safe;
  if ((flags & NP_ARRAY_CAST_SAME_KIND) != 0) return Casting::SameKind;
  return Casting::Unsafe;
}

Shape shape_of(int32_t ndim, const int64_t* shape) {
  if (ndim < 0 || (ndim > 0 && shape == nullptr)) throw ValueError("bad ndim or shape");
  return Shape(shape, shape + ndim);
}

// Whether two arrays' byte ranges intersect.
bool may_share_memory(const Array& a, const Array& b) {
  if (!a.same_buffer(b) || a.size() == 0 || b.size() == 0) return false;
  layout::Extent ea = layout::extent(a.shape(), a.strides(), a.itemsize());
  layout::Extent eb = layout::extent(b.shape(), b.strides(), b.itemsize());
  return a.offset() + ea.low < b.offset() + eb.high && b.offset() + eb.low < a.offset() + ea.high;
}

// Whether `out` (an argument itself) shares memory with another argument of the call.
bool shares_memory_with_an_argument(const NpCall& call, const Value& out) {
  auto check = [&](const Value& v) {
    return &v != &out && v.kind() == Value::Kind::Array &&
           may_share_memory(v.as_array(), out.as_array());
  };
  for (const Value& v : call.args->args) {
    if (check(v)) return true;
  }
  for (const auto& kv : call.args->kwargs) {
    if (check(kv.second)) return true;
  }
  return false;
}

// The Value an NpArgument spells.
Value value_of(const NpArgument& a) {
  if (a.struct_size < sizeof(NpArgument)) throw TypeError("NpArgument too small");
  if (a.value != nullptr) return *as_value(a.value);
  switch (a.kind) {
    case NP_VALUE_NONE:
      return {};
    case NP_VALUE_BOOL:
      return Value(a.int_value != 0);
    case NP_VALUE_INT:
      return Value(a.int_value);
    case NP_VALUE_FLOAT:
      return Value(a.float_value);
    case NP_VALUE_STR:
    case NP_VALUE_DTYPE:
      if (a.str_value == nullptr) throw TypeError("NpArgument: NULL string");
      return a.kind == NP_VALUE_STR ? Value(std::string(a.str_value))
                                    : Value(DType::parse(a.str_value));
    case NP_VALUE_LIST: {
      if (a.count < 0 || (a.count > 0 && a.ints == nullptr))
        throw TypeError("NpArgument: bad list");
      std::vector<Value> items;
      for (int64_t k = 0; k < a.count; ++k)
        items.emplace_back(a.ints[k]);
      return Value(std::move(items));
    }
    default:
      throw TypeError("NpArgument: unknown kind " + std::to_string(a.kind));
  }
}

CallArgs call_args_of(const NpArgument* args, int32_t nargs) {
  if (nargs < 0 || (nargs > 0 && args == nullptr)) throw TypeError("bad argument list");
  CallArgs out;
  for (int32_t k = 0; k < nargs; ++k) {
    const NpArgument& a = args[k];
    if (a.keyword == nullptr) {
      if (!out.kwargs.empty()) throw TypeError("positional argument follows keyword argument");
      out.args.push_back(value_of(a));
    } else {
      out.kwargs.emplace_back(a.keyword, value_of(a));
    }
  }
  return out;
}

// Raises the call's pending error (or RuntimeError when the plugin failed without one).
[[noreturn]] void raise_pending(const NpCall& call) {
  if (call.host_error) std::rethrow_exception(call.host_error);
  throw_error_kind(call.error_kind != NP_ERROR_NONE ? call.error_kind : NP_ERROR_RUNTIME,
                   call.error_message.empty() ? "a plugin function failed" : call.error_message);
}

// Keeps the by-name nesting depth of this thread.
struct DepthGuard {
  DepthGuard() { ++t_call_depth; }
  ~DepthGuard() { --t_call_depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
};

}  // namespace

namespace {

// A default's Python text as a value when it is a literal the plugin can read (None, True,
// False, an int within int64, a float, a string); nullopt for anything else ("float", "<no
// value>", a tuple).
std::optional<Value> literal_default(const std::string& text) {
  try {
    const py::Literal lit = py::parse_literal(text);
    switch (lit.kind) {
      case py::Literal::Kind::None:
        return Value();
      case py::Literal::Kind::Bool:
        return Value(lit.b);
      case py::Literal::Kind::Int:
        if (lit.int_overflow) return std::nullopt;
        return Value(lit.i);
      case py::Literal::Kind::Float:
        return Value(lit.f);
      case py::Literal::Kind::Str:
        return Value(lit.s);
      default:
        return std::nullopt;
    }
  } catch (const Error&) {  // not a literal
    return std::nullopt;
  }
}

}  // namespace

GeneralSignature::GeneralSignature(std::string function_name, std::string_view text)
    : function_(std::move(function_name)), signature_(np::detail::Signature::parse(text)) {
  for (const np::detail::Parameter& p : signature_.parameters()) {
    defaults_.push_back(p.default_text ? literal_default(*p.default_text) : std::nullopt);
  }
}

GeneralSignature::Bound GeneralSignature::bind(const CallArgs& args,
                                               std::deque<Value>& owned) const {
  np::detail::Binding binding = signature_.bind(function_, args);
  Bound bound;
  const auto& params = signature_.parameters();
  for (size_t k = 0; k < params.size(); ++k) {
    const Value* v = binding.values[k];
    if (params[k].kind == np::detail::Parameter::Kind::VarPositional) {
      owned.emplace_back(std::move(binding.extra_positional));
      v = &owned.back();
    } else if (v == nullptr && defaults_[k]) {
      v = &*defaults_[k];
    }
    bound.params.push_back(v);
  }
  return bound;
}

int GeneralSignature::index_of(std::string_view name) const {
  std::optional<size_t> k = signature_.index_of(name);
  return k ? static_cast<int>(*k) : -1;
}

GeneralFunction make_general_function(NpGeneralFunction fn, void* data,
                                      std::shared_ptr<const GeneralSignature> signature,
                                      const Registry* registry) {
  return [=](const CallArgs& args) -> Results {
    NpCall call;
    call.args = &args;
    call.registry = registry;
    call.signature = signature.get();
    if (signature) call.bound = signature->bind(args, call.owned);
    if (fn(host_api(), &call, data) != NP_STATUS_OK) raise_pending(call);
    for (const NpCall::Writeback& w : call.writebacks)
      copyto(w.out, w.temporary, Casting::Unsafe);  // checked 'same_kind' when added
    return Results(std::make_move_iterator(call.results.begin()),
                   std::make_move_iterator(call.results.end()));
  };
}

const NpValue* api_call_arg(NpCall* call, int32_t index, const char* keyword) {
  if (call == nullptr || call->args == nullptr) return nullptr;
  const CallArgs& args = *call->args;
  auto by_keyword = [&]() -> const NpValue* {
    for (const auto& [name, value] : args.kwargs) {
      if (name == keyword) return handle(&value);
    }
    return nullptr;
  };
  if (call->signature == nullptr) {  // as passed: positional `index`, else keyword `keyword`
    if (index >= 0 && static_cast<size_t>(index) < args.args.size()) {
      return handle(&args.args[static_cast<size_t>(index)]);
    }
    return keyword != nullptr ? by_keyword() : nullptr;
  }
  // Bound: the parameter named `keyword`, else a keyword **kwargs collected (the binder refused
  // any other), else the parameter at position `index`.
  const std::vector<const Value*>& params = call->bound.params;
  if (keyword != nullptr) {
    const int k = call->signature->index_of(keyword);
    if (k >= 0) return handle(params[static_cast<size_t>(k)]);
    if (const NpValue* v = by_keyword()) return v;
  }
  if (index >= 0 && static_cast<size_t>(index) < params.size()) {
    return handle(params[static_cast<size_t>(index)]);
  }
  return nullptr;
}

int32_t api_call_arg_count(NpCall* call) {
  return call == nullptr || call->args == nullptr ? 0
                                                  : static_cast<int32_t>(call->args->args.size());
}

int32_t api_value_kind(const NpValue* value) {
  return value == nullptr ? NP_VALUE_NONE : static_cast<int32_t>(as_value(value)->kind());
}

NpStatus api_value_bool(NpCall* call, const NpValue* v, int32_t* out) {
  return guarded(call, [&] {
    if (out == nullptr) throw TypeError("NULL output");
    *out = required(v).as_bool("argument") ? 1 : 0;
  });
}

NpStatus api_value_int(NpCall* call, const NpValue* v, int64_t* out) {
  return guarded(call, [&] {
    if (out == nullptr) throw TypeError("NULL output");
    *out = required(v).as_int("argument");
  });
}

NpStatus api_value_double(NpCall* call, const NpValue* v, double* out) {
  return guarded(call, [&] {
    if (out == nullptr) throw TypeError("NULL output");
    *out = required(v).as_double("argument");
  });
}

NpStatus api_value_str(NpCall* call, const NpValue* v, const char** out) {
  return guarded(call, [&] {
    if (out == nullptr) throw TypeError("NULL output");
    *out = required(v).as_str("argument").c_str();
  });
}

NpStatus api_value_array(NpCall* call, const NpValue* v, NpArrayView* out) {
  return guarded(call, [&] {
    check_view_struct(out);
    const Value& value = required(v);
    if (value.kind() == Value::Kind::Array) {
      describe(value.as_array(), out);
    } else {
      call->owned.emplace_back(array_of(value));
      describe(call->owned.back().as_array(), out);
    }
  });
}

NpStatus api_add_result_array(NpCall* call, const char* dtype, int32_t ndim, const int64_t* shape,
                              NpArrayView* out) {
  return guarded(call, [&] {
    check_view_struct(out);
    if (dtype == nullptr) throw ValueError("add_result_array: NULL dtype");
    call->results.emplace_back(empty(shape_of(ndim, shape), DType::parse(dtype)));
    describe(call->results.back().as_array(), out);
  });
}

void api_call_error(NpCall* call, int32_t error_kind, const char* message) {
  if (call == nullptr) return;
  try {
    call->host_error = nullptr;
    call->error_kind = error_kind;
    call->error_message = message != nullptr ? message : "";
  } catch (...) {  // out of memory for the message: the kind still raises
  }
}

NpStatus api_value_array_as(NpCall* call, const NpValue* v, const char* dtype, int32_t flags,
                            NpArrayView* out) {
  return guarded(call, [&] {
    check_view_struct(out);
    const Value& value = required(v);
    std::optional<DType> target;
    if (dtype != nullptr) target = DType::parse(dtype);
    Array a;
    if (value.kind() == Value::Kind::Array) {
      a = value.as_array();
    } else if (target) {
      a = np::detail::scalar_as(value, *target, "argument").to_array();
    } else {
      a = array_of(value);
    }
    const DType to = target ? *target : a.dtype();
    const bool need_copy = (flags & NP_ARRAY_COPY) != 0 || !(a.dtype() == to) || !meets(a, flags);
    if (need_copy) {
      const Order order =
          (flags & NP_ARRAY_F_CONTIGUOUS) != 0 && (flags & NP_ARRAY_C_CONTIGUOUS) == 0 ? Order::F
                                                                                       : Order::C;
      a = astype(a, to, order, casting_of(flags), true);
    }
    call->owned.emplace_back(a);
    describe(call->owned.back().as_array(), out);
  });
}

int64_t api_value_list_size(NpCall* call, const NpValue* v) {
  if (call == nullptr || v == nullptr || as_value(v)->kind() != Value::Kind::List) return -1;
  return static_cast<int64_t>(as_value(v)->as_list().size());
}

const NpValue* api_value_list_item(NpCall* call, const NpValue* v, int64_t index) {
  const int64_t n = api_value_list_size(call, v);
  if (index < 0 || index >= n) return nullptr;
  return handle(&as_value(v)->as_list()[static_cast<size_t>(index)]);
}

NpStatus api_call_function(NpCall* call, const char* name, const NpArgument* args, int32_t nargs,
                           const NpValue** results, int32_t capacity, int32_t* nresults) {
  if (nresults != nullptr) *nresults = 0;
  return guarded(call, [&] {
    if (name == nullptr || call->registry == nullptr) throw TypeError("call_function: no name");
    if (capacity < 0 || (capacity > 0 && results == nullptr)) {
      throw TypeError("call_function: bad results buffer");
    }
    if (t_call_depth >= kMaxCallDepth) {
      throw RuntimeError("maximum recursion depth exceeded while calling '" + std::string(name) +
                         "' from a plugin function");
    }
    CallArgs callee_args = call_args_of(args, nargs);
    DepthGuard depth;
    Results out = call->registry->call(name, callee_args);
    for (size_t k = 0; k < out.size(); ++k) {
      call->owned.push_back(std::move(out[k]));
      if (static_cast<int32_t>(k) < capacity) results[k] = handle(&call->owned.back());
    }
    if (nresults != nullptr) *nresults = static_cast<int32_t>(out.size());
  });
}

const NpValue* api_call_result(NpCall* call, int32_t index) {
  if (call == nullptr || index < 0 || static_cast<size_t>(index) >= call->results.size()) {
    return nullptr;
  }
  return handle(&call->results[static_cast<size_t>(index)]);
}

NpStatus api_add_result_view(NpCall* call, const NpValue* base, int64_t offset, int32_t ndim,
                             const int64_t* shape, const int64_t* strides, const char* dtype,
                             NpArrayView* out) {
  return guarded(call, [&] {
    check_view_struct(out);
    const Value& b = required(base);
    if (b.kind() != Value::Kind::Array)
      throw TypeError("add_result_view: the base is not an array");
    if (dtype == nullptr || (ndim > 0 && strides == nullptr)) {
      throw ValueError("add_result_view: NULL dtype or strides");
    }
    const Array& a = b.as_array();
    Shape s = shape_of(ndim, shape);
    Strides st(strides, strides + ndim);
    int64_t start = 0;
    if (__builtin_add_overflow(a.offset(), offset, &start)) {
      throw ValueError("add_result_view: offset out of range");
    }
    // view_as validates every element against the base's buffer (ValueError otherwise).
    call->results.emplace_back(a.view_as(DType::parse(dtype), s, st, start));
    describe(call->results.back().as_array(), out);
  });
}

NpStatus api_add_result_out(NpCall* call, const NpValue* out_value, const char* dtype, int32_t ndim,
                            const int64_t* shape, int32_t flags, NpArrayView* view) {
  if (out_value == nullptr || api_value_kind(out_value) == NP_VALUE_NONE) {
    return api_add_result_array(call, dtype, ndim, shape, view);
  }
  return guarded(call, [&] {
    check_view_struct(view);
    if (dtype == nullptr) throw ValueError("add_result_out: NULL dtype");
    const Value& v = *as_value(out_value);
    if (v.kind() != Value::Kind::Array) throw TypeError("'out' must be an array");
    const Array& out = v.as_array();
    const DType type = DType::parse(dtype);
    out.require_writeable();
    if (out.shape() != shape_of(ndim, shape)) throw ValueError("Output array is the wrong shape");
    if (!can_cast(type, out.dtype(), Casting::SameKind)) {
      throw TypeError("Cannot cast array data from " + type.repr() + " to " + out.dtype().repr() +
                      " according to the rule 'same_kind'");
    }
    call->results.emplace_back(out);
    if (out.dtype() == type && meets(out, flags) && !shares_memory_with_an_argument(*call, v)) {
      describe(out, view);
      return;
    }
    Array temporary = empty(out.shape(), type);
    call->writebacks.push_back({temporary, out});
    call->owned.emplace_back(temporary);
    describe(call->owned.back().as_array(), view);
  });
}

NpStatus api_add_result_value(NpCall* call, const NpArgument* value) {
  return guarded(call, [&] {
    if (value == nullptr) throw TypeError("add_result_value: NULL value");
    call->results.push_back(value_of(*value));
  });
}

}  // namespace np::plugins::detail
