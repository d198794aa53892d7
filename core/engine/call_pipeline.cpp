// The stages of a ufunc call (see call_pipeline.hpp).
#include "engine/call_pipeline.hpp"

#include <algorithm>
#include <array>

#include "engine/iter_plan.hpp"
#include "layout/bounds.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "util/error_kinds.hpp"
#include "util/parallel.hpp"
#include "util/pyrepr.hpp"

namespace np::engine {

bool overlapping(const Array& a, const Array& b) {
  if (!a.same_buffer(b) || a.size() == 0 || b.size() == 0) return false;
  layout::Extent ea = layout::extent(a.shape(), a.strides(), a.itemsize());
  layout::Extent eb = layout::extent(b.shape(), b.strides(), b.itemsize());
  return a.offset() + ea.low < b.offset() + eb.high && b.offset() + eb.low < a.offset() + ea.high;
}

namespace {

std::string positional_count_error(const UFunc& u, size_t given) {
  return u.name() + "() takes from " + std::to_string(u.nin()) + " to " +
         std::to_string(u.nin() + u.nout()) + " positional arguments but " + std::to_string(given) +
         " were given";
}

// The trivial path's loop for inputs of these builtin types: from the lock-free cache, else
// resolved and remembered when it takes them without casts. nullptr: not trivial.
const UFuncLoop* trivial_loop(const UFunc& u, std::span<const Array> in, uint64_t key) {
  if (const UFuncLoop* loop = u.fast_loop(key)) return loop;
  std::vector<DType> types;
  for (const Array& a : in)
    types.push_back(a.dtype());
  std::vector<std::optional<DType>> none(static_cast<size_t>(u.nin() + u.nout()));
  UFunc::Resolved r = u.resolve(types, none, Casting::SameKind);
  if (r.loop->resolve || !r.loop->user_types.empty()) return nullptr;
  for (size_t k = 0; k < in.size(); ++k) {
    if (r.loop->types[k] != in[k].dtype().id()) return nullptr;  // a cast: the stages buffer it
  }
  u.remember_fast_loop(key, r.loop);
  return r.loop;
}

// The trivial path's outputs: out= entries that fit (C-contiguous, the loop's native type, no
// partial overlap with an input), the others allocated. nullopt when an out= entry does not fit.
std::optional<std::vector<Array>> trivial_outputs(const UFunc& u, const UFuncLoop& loop,
                                                  std::span<const Array> in,
                                                  const UFuncOptions& o) {
  const Shape& shape = in[0].shape();
  std::vector<Array> outputs;
  outputs.reserve(static_cast<size_t>(u.nout()));
  for (int j = 0; j < u.nout(); ++j) {
    const TypeId want = loop.types[static_cast<size_t>(u.nin() + j)];
    if (o.out.empty() || !o.out[static_cast<size_t>(j)]) {
      outputs.push_back(Array::empty(shape, DType(want)));
      continue;
    }
    const Array& out = *o.out[static_cast<size_t>(j)];
    if (out.dtype().id() != want || !out.dtype().is_native() || out.shape() != shape ||
        !out.c_contiguous() || !out.writeable()) {
      return std::nullopt;
    }
    for (const Array& a : in) {  // in place (same elements) is fine, partial overlap is not
      if (overlapping(a, out) && a.data() != out.data()) return std::nullopt;
    }
    outputs.push_back(out);
  }
  return outputs;
}

// One call of the loop over n contiguous elements of every operand; applies the error policy.
void trivial_run(const UFunc& u, const UFuncLoop& loop, std::span<const Array> in,
                 const std::vector<Array>& outputs, int64_t n) {
  std::array<char*, 10> args;  // filled up to nargs <= 10 (trivial_call checks)
  std::array<int64_t, 10> steps;
  std::array<int64_t, 10> itemsizes;
  std::array<const char*, 10> dtypes;
  const BuiltinOperandTable& builtins = builtin_operands();
  const size_t nin = in.size(), nargs = nin + outputs.size();
  for (size_t k = 0; k < nargs; ++k) {
    const Array& a = k < nin ? in[k] : outputs[k - nin];
    args[k] = reinterpret_cast<char*>(a.data());
    steps[k] = a.itemsize();
    itemsizes[k] = builtins.itemsize[static_cast<size_t>(loop.types[k])];
    dtypes[k] = builtins.text[static_cast<size_t>(loop.types[k])];
  }
  // x87 flags matter only for long double loops; SSE's MXCSR alone is much cheaper.
  const bool x87 = std::any_of(loop.types.begin(), loop.types.end(), [](TypeId t) {
    return t == TypeId::LongDouble || t == TypeId::CLongDouble;
  });
  NpLoopContext ctx = loop_context(static_cast<int32_t>(nargs), itemsizes.data(), dtypes.data());
  const FpScope fp(!x87);
  int64_t dims[1] = {n};
  const NpStridedLoop fn = loop.contiguous ? loop.contiguous : loop.loop;  // steps == itemsizes
  if (fn(&ctx, args.data(), dims, steps.data(), loop.data) != 0) throw_loop_failure(ctx, u.name());
  const unsigned status = fp.raised(ctx.fp_status);
  if (status != 0) handle_fp_status(status, u.name());
}

}  // namespace

std::optional<std::vector<Array>> trivial_call(const UFunc& u, std::span<const Array> in,
                                               const UFuncOptions& o) {
  const int nin = u.nin(), nout = u.nout();
  if (o.where || o.dtype || !o.signature.empty() || o.casting != Casting::SameKind ||
      o.order == Order::F) {  // order='F' allocates Fortran-ordered results: the stages
    return std::nullopt;
  }
  if (static_cast<int>(in.size()) != nin || nin > 6 || nin + nout > 10 ||
      (!o.out.empty() && static_cast<int>(o.out.size()) != nout)) {
    return std::nullopt;
  }
  const Shape& shape = in[0].shape();
  const int64_t n = in[0].size();
  if (n >= parallel::kParallelMinElements) return std::nullopt;
  uint64_t key = 0;
  for (const Array& a : in) {
    const TypeId id = a.dtype().id();
    if (static_cast<int>(id) > static_cast<int>(TypeId::Complex256) || !a.dtype().is_native() ||
        a.shape() != shape || !a.c_contiguous()) {
      return std::nullopt;
    }
    key = key << 5 | (static_cast<uint64_t>(id) + 1);
  }
  const UFuncLoop* loop = trivial_loop(u, in, key);
  if (loop == nullptr) return std::nullopt;
  std::optional<std::vector<Array>> outputs = trivial_outputs(u, *loop, in, o);
  if (outputs && n > 0) trivial_run(u, *loop, in, *outputs, n);
  return outputs;
}

CallState::CallState(const UFunc& u, std::span<const Array> in, const UFuncOptions& o)
    : ufunc(u), options(o), inputs(in.begin(), in.end()) {
  if (static_cast<int>(in.size()) != u.nin()) throw TypeError(positional_count_error(u, in.size()));
  if (!o.out.empty() && static_cast<int>(o.out.size()) != u.nout()) {
    throw ValueError("The 'out' tuple must have exactly " + std::to_string(u.nout()) +
                     " entries: one per ufunc output");
  }
}

std::vector<Array> CallState::results() {
  for (size_t j = 0; j < cast_back.size(); ++j) {
    if (!cast_back[j]) continue;
    assign(*cast_back[j], outputs[j]);  // the cast was checked under casting= in stage 4
    outputs[j] = *cast_back[j];
  }
  return std::move(outputs);
}

void fix_signature(CallState& call) {
  const UFunc& u = call.ufunc;
  const UFuncOptions& o = call.options;
  call.fixed.assign(static_cast<size_t>(u.nin() + u.nout()), std::nullopt);
  if (!o.signature.empty()) {
    if (o.dtype) throw TypeError("cannot specify both 'signature' and 'dtype'");
    if (o.signature.size() != call.fixed.size()) {
      throw ValueError("a type-tuple must be specified of length " +
                       std::to_string(call.fixed.size()) + " for ufunc '" + u.name() + "'");
    }
    call.fixed = o.signature;
  } else if (o.dtype) {
    for (int i = u.nin(); i < u.nin() + u.nout(); ++i)
      call.fixed[static_cast<size_t>(i)] = *o.dtype;
  }
}

void resolve_loop(CallState& call) {
  std::vector<DType> types;
  for (const Array& a : call.inputs)
    types.push_back(a.dtype());
  call.resolved = call.ufunc.resolve(types, call.fixed, call.options.casting);
}

void check_input_casts(CallState& call) {
  const Casting casting = call.options.casting;
  for (size_t i = 0; i < call.inputs.size(); ++i) {
    const DType& from = call.inputs[i].dtype();
    const DType& to = call.resolved.dtypes[i];
    if (!can_cast(from, to, casting)) {
      throw UFuncTypeError("Cannot cast ufunc '" + call.ufunc.name() + "' input " +
                           std::to_string(i) + " from " + from.repr() + " to " + to.repr() +
                           " with casting rule '" + casting_name(casting) + "'");
    }
  }
}

namespace {

Shape broadcast_inputs(const std::vector<Array>& inputs) {
  std::vector<Shape> shapes;
  for (const Array& a : inputs)
    shapes.push_back(a.shape());
  try {
    return broadcast_shapes(shapes);
  } catch (const ValueError&) {
    std::string msg = "operands could not be broadcast together with shapes";
    for (const Shape& s : shapes) {
      msg += " (";
      for (size_t i = 0; i < s.size(); ++i)
        msg += std::to_string(s[i]) + (i + 1 < s.size() || s.size() == 1 ? "," : "");
      msg += ")";
    }
    throw ValueError(msg + " ");
  }
}

// An out= entry: writeable, broadcasting the inputs further at most (never fewer dimensions:
// grows `shape`), and reachable from the loop dtype under casting=.
void check_out(const CallState& call, const Array& out, const DType& loop_out, Shape& shape) {
  out.require_writeable();
  if (out.shape() != shape) {
    Shape grown = broadcast_shapes({shape, out.shape()});
    if (grown != out.shape()) {
      throw ValueError("non-broadcastable output operand with shape " +
                       py::repr_shape(out.shape()) + " doesn't match the broadcast shape " +
                       py::repr_shape(grown));
    }
    shape = grown;
  }
  const Casting casting = call.options.casting;
  if (!can_cast(loop_out, out.dtype(), casting)) {
    throw UFuncTypeError("Cannot cast ufunc '" + call.ufunc.name() + "' output from " +
                         loop_out.repr() + " to " + out.dtype().repr() + " with casting rule '" +
                         casting_name(casting) + "'");
  }
}

// A missing output: following the memory order of an input of the full shape (NumPy's K order)
// unless order= says otherwise.
Array allocate_output(const CallState& call, const DType& dtype) {
  const Order order = call.options.order;
  const auto like = std::find_if(call.inputs.begin(), call.inputs.end(),
                                 [&](const Array& a) { return a.shape() == call.shape; });
  if (order == Order::K && like != call.inputs.end()) return empty_like(*like, dtype, Order::K);
  Order ord = order == Order::F ? Order::F : Order::C;
  if (order == Order::A) {
    const bool all_f = std::all_of(call.inputs.begin(), call.inputs.end(), [](const Array& a) {
      return a.f_contiguous() && !a.c_contiguous();
    });
    ord = all_f ? Order::F : Order::C;
  }
  return Array::empty(call.shape, dtype, ord);
}

}  // namespace

void broadcast_and_allocate(CallState& call) {
  const int nin = call.ufunc.nin(), nout = call.ufunc.nout();
  const UFuncOptions& o = call.options;
  call.shape = broadcast_inputs(call.inputs);
  auto given = [&](int j) -> const std::optional<Array>* {
    return o.out.empty() ? nullptr : &o.out[static_cast<size_t>(j)];
  };
  for (int j = 0; j < nout; ++j) {  // every out= first: they may grow the shape
    if (const auto* out = given(j); out && *out) {
      check_out(call, **out, call.resolved.dtypes[static_cast<size_t>(nin + j)], call.shape);
    }
  }
  call.outputs.clear();
  for (int j = 0; j < nout; ++j) {
    const auto* out = given(j);
    call.outputs.push_back(
        out && *out ? **out
                    : allocate_output(call, call.resolved.dtypes[static_cast<size_t>(nin + j)]));
  }
}

void copy_overlapping_inputs(CallState& call, bool elementwise) {
  for (Array& in : call.inputs) {
    for (const Array& out : call.outputs) {
      if (!overlapping(in, out)) continue;
      const bool identical = in.offset() == out.offset() && in.shape() == out.shape() &&
                             in.strides() == out.strides() && in.dtype() == out.dtype();
      if (!identical || !elementwise) {
        in = copy(in, Order::K);
        break;
      }
    }
  }
}

void run_loop(const Shape& shape, std::vector<ExecOperand>& ops, const UFuncLoop& loop,
              ExecOptions options, std::string_view method) {
  options.contiguous = loop.contiguous;
  const unsigned status = execute(shape, ops, loop.loop, loop.data, options);
  handle_fp_status(status, method);
}

void execute_elementwise(CallState& call) {
  const size_t nin = call.inputs.size();
  std::vector<ExecOperand> ops;
  for (size_t k = 0; k < nin + call.outputs.size(); ++k) {
    const Array& a = k < nin ? call.inputs[k] : call.outputs[k - nin];
    ops.push_back(
        {a.data(), broadcast_strides(a, call.shape), a.dtype(), call.resolved.dtypes[k], k >= nin});
  }
  ExecOptions eo;
  ExecOperand mask_op;
  Array mask;
  if (call.options.where) {
    mask = *call.options.where;
    if (!mask.dtype().is_bool()) mask = astype(mask, dtypes::bool_(), Order::K, Casting::Safe);
    mask_op = {mask.data(), broadcast_strides(mask, call.shape), mask.dtype(), mask.dtype(), false};
    eo.mask = &mask_op;
  }
  eo.name = call.ufunc.name().c_str();
  eo.num_threads = call.options.num_threads;
  run_loop(call.shape, ops, *call.resolved.loop, eo, call.ufunc.name());
}

}  // namespace np::engine
