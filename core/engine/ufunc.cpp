// UFunc loop registration, loop resolution (with a cache) and the elementwise call.
//
// Resolution, in order (NumPy's dispatching, written out):
//   1. dtype=/signature= fix some operand types: only loops matching them are candidates, and
//      inputs must cast to the loop under `casting`.
//   2. otherwise an exact match of every input type;
//   3. then the homogeneous loop of the promoted input type (np.result_type);
//   4. then NumPy's linear search: the first loop every input casts to safely.
// A loop's `resolve` hook (or the builtin types) then gives exact dtypes (datetime units).
#include "np/ufunc.hpp"

#include <cfenv>

#include <algorithm>

#include "engine/executor.hpp"
#include "engine/iter_plan.hpp"
#include "layout/bounds.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "util/error_kinds.hpp"
#include "util/parallel.hpp"
#include "util/pyrepr.hpp"

namespace np {

char type_char(TypeId id) {
  static constexpr char chars[] = {'?', 'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'e', 'f', 'd',
                                   'g', 'k', 'F', 'D', 'G', 'K', 'S', 'U', 'V', 'M', 'm'};
  return chars[static_cast<size_t>(id)];
}

TypeId type_from_char(char c) {
  for (int i = 0; i < kTypeIdCount; ++i) {
    if (type_char(static_cast<TypeId>(i)) == c) return static_cast<TypeId>(i);
  }
  if (c == 'q') return TypeId::Int64;
  if (c == 'Q') return TypeId::UInt64;
  if (c == 'p') return TypeId::Int64;
  if (c == 'P') return TypeId::UInt64;
  throw ValueError(std::string("unknown type character '") + c + "'");
}

namespace {
// Every datetime-like input meets a loop type of the same kind, and no number meets M or m.
bool datetime_kinds_match(const UFuncLoop& loop, std::span<const DType> inputs) {
  for (size_t k = 0; k < inputs.size(); ++k) {
    const TypeId want = loop.types[k];
    const bool loop_dt = want == TypeId::Datetime || want == TypeId::Timedelta;
    if (inputs[k].is_datetime_like() ? inputs[k].id() != want : loop_dt) return false;
  }
  return true;
}
}  // namespace

std::string UFuncLoop::signature() const {
  const bool named = std::find(types.begin(), types.end(), TypeId::User) != types.end();
  std::string s;
  for (size_t i = 0; i < types.size(); ++i) {
    if (nin >= 0 && i == static_cast<size_t>(nin)) {
      s += "->";
    } else if (named && i > 0) {
      s += ",";
    }
    if (types[i] == TypeId::User) {
      s += user_types[i].name();
    } else if (named) {
      s += DType(types[i]).name();
    } else {
      s += type_char(types[i]);
    }
  }
  return s;
}

bool UFuncLoop::type_matches(size_t k, const DType& dtype) const {
  if (types[k] != dtype.id()) return false;
  return types[k] != TypeId::User || user_types[k] == dtype;
}

UFunc::UFunc(UFuncSpec spec) : spec_(std::move(spec)) {
  if (spec_.nin < 1 || spec_.nout < 1) throw ValueError("a ufunc needs inputs and outputs");
  if (!spec_.core_signature.empty())
    parse_core_signature(spec_.core_signature, spec_.nin, spec_.nout);
}

void UFunc::add_loop(UFuncLoop loop) {
  if (static_cast<int>(loop.types.size()) != nin() + nout()) {
    throw ValueError("loop for ufunc '" + name() + "' has " + std::to_string(loop.types.size()) +
                     " types, expected " + std::to_string(nin() + nout()));
  }
  if (loop.loop == nullptr) throw ValueError("loop for ufunc '" + name() + "' has no function");
  loop.nin = nin();
  const bool has_user =
      std::find(loop.types.begin(), loop.types.end(), TypeId::User) != loop.types.end();
  if (has_user && loop.user_types.size() != loop.types.size()) {
    throw ValueError("loop for ufunc '" + name() + "' has user types without their dtypes");
  }
  for (const UFuncLoop& l : loops_) {
    bool same = l.types == loop.types;
    for (size_t k = 0; same && k < loop.types.size(); ++k) {
      if (loop.types[k] == TypeId::User) same = l.user_types[k] == loop.user_types[k];
    }
    if (same) {
      throw ValueError("ufunc '" + name() + "' loop " + l.signature() +
                       " is already registered by '" + l.owner + "'; '" + loop.owner +
                       "' cannot register it again");
    }
  }
  loops_.push_back(std::move(loop));
  std::lock_guard lock(cache_mutex_);
  cache_.clear();
  for (auto& slot : fast_)
    slot.store(0, std::memory_order_relaxed);
}

const UFuncLoop* UFunc::fast_loop(uint64_t key) const {
  for (const auto& slot : fast_) {
    const uint64_t v = slot.load(std::memory_order_acquire);
    if (v != 0 && (v >> 16) == key) return &loops_[(v & 0xffff) - 1];
  }
  return nullptr;
}

void UFunc::remember_fast_loop(uint64_t key, const UFuncLoop* loop) const {
  const size_t index = static_cast<size_t>(loop - loops_.data());
  if (index >= loops_.size() || index >= 0xfffe || key >= (uint64_t{1} << 48)) return;
  const uint32_t slot = fast_next_.fetch_add(1, std::memory_order_relaxed) % kFastSlots;
  fast_[slot].store(key << 16 | (index + 1), std::memory_order_release);
}

std::vector<std::string> UFunc::signatures() const {
  std::vector<std::string> out;
  for (const UFuncLoop& l : loops_)
    out.push_back(l.signature());
  return out;
}

namespace {

DType builtin_for(TypeId id, const DType& like) {
  switch (id) {
    case TypeId::Datetime:
    case TypeId::Timedelta:
    case TypeId::Bytes:
    case TypeId::Str:
    case TypeId::Void:
      return like.id() == id ? like.with_native_order() : DType(id);
    default:
      return DType(id);
  }
}

std::vector<DType> loop_dtypes(const UFuncLoop& loop, std::span<const DType> inputs) {
  if (loop.resolve) return loop.resolve(inputs);
  std::vector<DType> out;
  for (size_t i = 0; i < loop.types.size(); ++i) {
    out.push_back(loop.operand_dtype(i, i < inputs.size() ? inputs[i] : DType()));
  }
  return out;
}

bool inputs_cast(const UFuncLoop& loop, std::span<const DType> inputs, Casting casting) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (loop.type_matches(i, inputs[i])) continue;
    if (!can_cast(inputs[i], loop.operand_dtype(i, inputs[i]), casting)) return false;
  }
  return true;
}

}  // namespace

DType UFuncLoop::operand_dtype(size_t k, const DType& like) const {
  return types[k] == TypeId::User ? user_types[k] : builtin_for(types[k], like);
}

namespace {

std::string cache_key(std::span<const DType> inputs, std::span<const std::optional<DType>> fixed,
                      Casting casting) {
  std::string key;
  for (const DType& t : inputs)
    key += t.str() + ",";
  key += "|";
  for (const auto& f : fixed)
    key += (f ? f->str() : std::string("-")) + ",";
  key += casting_name(casting);
  return key;
}

}  // namespace

UFunc::Resolved UFunc::resolve(std::span<const DType> inputs,
                               std::span<const std::optional<DType>> fixed, Casting casting) const {
  if (static_cast<int>(inputs.size()) != nin()) {
    throw TypeError(name() + "() takes from " + std::to_string(nin()) + " to " +
                    std::to_string(nin() + nout()) + " positional arguments but " +
                    std::to_string(inputs.size()) + " were given");
  }
  const std::string key = cache_key(inputs, fixed, casting);
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      const UFuncLoop& l = loops_[it->second];
      return {&l, loop_dtypes(l, inputs)};
    }
  }
  auto remember = [&](size_t index) {
    std::lock_guard lock(cache_mutex_);
    cache_.emplace(key, index);
    return Resolved{&loops_[index], loop_dtypes(loops_[index], inputs)};
  };
  bool any_fixed =
      std::any_of(fixed.begin(), fixed.end(), [](const auto& f) { return f.has_value(); });
  if (!spec_.boolean_inputs_error.empty() &&
      std::all_of(inputs.begin(), inputs.end(), [](const DType& t) { return t.is_bool(); })) {
    throw TypeError(spec_.boolean_inputs_error);
  }
  if (!any_fixed && spec_.integer_inputs_use_float64 &&
      std::all_of(inputs.begin(), inputs.end(),
                  [](const DType& t) { return t.is_integer() || t.is_bool(); })) {
    for (size_t i = 0; i < loops_.size(); ++i) {
      if (std::all_of(loops_[i].types.begin(), loops_[i].types.end(),
                      [](TypeId t) { return t == TypeId::Float64; })) {
        return remember(i);
      }
    }
  }
  if (any_fixed) {
    for (size_t i = 0; i < loops_.size(); ++i) {
      const UFuncLoop& l = loops_[i];
      bool match = true;
      for (size_t k = 0; k < fixed.size() && match; ++k) {
        if (fixed[k] && !l.type_matches(k, *fixed[k])) match = false;
      }
      if (match && inputs_cast(l, inputs, casting)) return remember(i);
    }
  } else {
    for (size_t i = 0; i < loops_.size(); ++i) {  // 2. exact
      bool exact = true;
      for (size_t k = 0; k < inputs.size() && exact; ++k)
        exact = loops_[i].type_matches(k, inputs[k]);
      if (exact) return remember(i);
    }
    try {  // 3. promoted homogeneous loop
      DType promoted = result_type(inputs);
      for (size_t i = 0; i < loops_.size(); ++i) {
        bool homogeneous = true;
        for (size_t k = 0; k < inputs.size() && homogeneous; ++k) {
          homogeneous = loops_[i].type_matches(k, promoted);
        }
        if (homogeneous && spec_.datetime_kinds_exact && !datetime_kinds_match(loops_[i], inputs)) {
          continue;
        }
        if (homogeneous) return remember(i);
      }
    } catch (const TypeError&) {
      // no common dtype: fall through to the linear search
    } catch (const OverflowError&) {
      // datetime units without a representable common unit: no promoted loop either (a loop's
      // own resolver reports the overflow where NumPy's does)
    }
    for (size_t i = 0; i < loops_.size() && !spec_.uniform_resolution; ++i) {
      // 4. linear search, safe casting
      if (spec_.datetime_kinds_exact && !datetime_kinds_match(loops_[i], inputs)) continue;
      if (inputs_cast(loops_[i], inputs, Casting::Safe)) return remember(i);
    }
  }
  std::string types = "(";
  for (size_t k = 0; k < inputs.size(); ++k)
    types += (k ? ", " : "") + inputs[k].repr();
  types += ")";
  std::string available;
  for (const std::string& s : signatures())
    available += (available.empty() ? "" : " ") + s;
  const bool datetime_input = std::any_of(inputs.begin(), inputs.end(),
                                          [](const DType& t) { return t.is_datetime_like(); });
  if (spec_.datetime_kinds_exact && datetime_input && !any_fixed) {
    throw UFuncTypeError("ufunc '" + name() + "' cannot use operands with types " + types);
  }
  if (spec_.uniform_resolution && !any_fixed) {
    std::string text = "ufunc '" + name() +
                       "' did not contain a loop with signature matching types " + types +
                       " -> None";
    if (!spec_.no_loop_raises_ufunc_type_error) throw TypeError(text);
    throw UFuncTypeError("ufunc '" + name() +
                         "' did not contain a loop with signature matching types " + types +
                         " -> None");
  }
  std::string message = "ufunc '" + name() +
                        "' not supported for the input types, and the inputs could not be safely "
                        "coerced to any supported types according to the casting rule '" +
                        std::string(any_fixed ? casting_name(casting) : "safe") +
                        "'; input types " + types + "; available loops: " + available;
  if (!spec_.no_loop_raises_ufunc_type_error) throw TypeError(message);
  throw UFuncTypeError(message);
}

namespace engine {

bool overlapping(const Array& a, const Array& b) {
  if (!a.same_buffer(b) || a.size() == 0 || b.size() == 0) return false;
  layout::Extent ea = layout::extent(a.shape(), a.strides(), a.itemsize());
  layout::Extent eb = layout::extent(b.shape(), b.strides(), b.itemsize());
  return a.offset() + ea.low < b.offset() + eb.high && b.offset() + eb.low < a.offset() + ea.high;
}

// The signature entries dtype=/signature= fix (nin + nout, nullopt = free).
std::vector<std::optional<DType>> fixed_types(const UFunc& u, const UFuncOptions& o) {
  std::vector<std::optional<DType>> fixed(static_cast<size_t>(u.nin() + u.nout()));
  if (!o.signature.empty()) {
    if (o.signature.size() != fixed.size()) {
      throw ValueError("a type-tuple must be specified of length " + std::to_string(fixed.size()) +
                       " for ufunc '" + u.name() + "'");
    }
    fixed = o.signature;
  }
  if (o.dtype) {
    if (!o.signature.empty()) throw TypeError("cannot specify both 'signature' and 'dtype'");
    for (int i = u.nin(); i < u.nin() + u.nout(); ++i)
      fixed[static_cast<size_t>(i)] = *o.dtype;
  }
  return fixed;
}

}  // namespace engine

namespace engine {
std::vector<Array> gufunc_call(const UFunc& u, std::span<const Array> inputs,
                               const UFuncOptions& o);
}

namespace {

// NumPy's "trivial loop" path: C-contiguous inputs of one shape in builtin native types that a
// loop takes without casts, outputs absent or C-contiguous of the loop's types, no where=,
// dtype=, signature= or casting=, and small enough to stay on this thread. One loop call, no
// planning; anything else returns nullopt and takes the general path.
std::optional<std::vector<Array>> trivial_call(const UFunc& u, std::span<const Array> in,
                                               const UFuncOptions& o) {
  const int nin = u.nin(), nout = u.nout();
  if (o.where || o.dtype || !o.signature.empty() || o.casting != Casting::SameKind ||
      o.order == Order::F) {  // order='F' allocates Fortran-ordered results: the general path
    return std::nullopt;
  }
  if (static_cast<int>(in.size()) != nin || nin > 6 ||
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
  const UFuncLoop* loop = u.fast_loop(key);
  if (loop == nullptr) {
    std::vector<DType> types;
    for (const Array& a : in)
      types.push_back(a.dtype());
    std::vector<std::optional<DType>> none(static_cast<size_t>(nin + nout));
    UFunc::Resolved r = u.resolve(types, none, Casting::SameKind);
    if (r.loop->resolve || !r.loop->user_types.empty()) return std::nullopt;
    for (int k = 0; k < nin; ++k) {
      if (r.loop->types[static_cast<size_t>(k)] != in[static_cast<size_t>(k)].dtype().id()) {
        return std::nullopt;  // needs a cast: the general path buffers it
      }
    }
    loop = r.loop;
    u.remember_fast_loop(key, loop);
  }
  std::vector<Array> outputs;
  outputs.reserve(static_cast<size_t>(nout));
  for (int j = 0; j < nout; ++j) {
    const TypeId want = loop->types[static_cast<size_t>(nin + j)];
    if (!o.out.empty() && o.out[static_cast<size_t>(j)]) {
      const Array& out = *o.out[static_cast<size_t>(j)];
      if (out.dtype().id() != want || !out.dtype().is_native() || out.shape() != shape ||
          !out.c_contiguous() || !out.writeable()) {
        return std::nullopt;
      }
      for (const Array& a : in) {  // in place (same elements) is fine, partial overlap is not
        if (engine::overlapping(a, out) && a.data() != out.data()) return std::nullopt;
      }
      outputs.push_back(out);
    } else {
      outputs.push_back(Array::empty(shape, DType(want)));
    }
  }
  std::array<char*, 10> args{};
  std::array<int64_t, 10> steps{};
  for (int k = 0; k < nin; ++k) {
    args[static_cast<size_t>(k)] = reinterpret_cast<char*>(in[static_cast<size_t>(k)].data());
    steps[static_cast<size_t>(k)] = in[static_cast<size_t>(k)].itemsize();
  }
  for (int j = 0; j < nout; ++j) {
    args[static_cast<size_t>(nin + j)] =
        reinterpret_cast<char*>(outputs[static_cast<size_t>(j)].data());
    steps[static_cast<size_t>(nin + j)] = outputs[static_cast<size_t>(j)].itemsize();
  }
  if (n > 0) {
    // x87 flags matter only for long double loops; SSE's MXCSR alone is much cheaper.
    const bool x87 = std::any_of(loop->types.begin(), loop->types.end(), [](TypeId t) {
      return t == TypeId::LongDouble || t == TypeId::CLongDouble;
    });
    NpLoopContext ctx{static_cast<uint32_t>(sizeof(NpLoopContext)), 0};
    if (x87) {
      std::feclearexcept(FE_ALL_EXCEPT);
    } else {
      engine::clear_sse_fp_status();
    }
    int64_t dims[1] = {n};
    if (loop->loop(&ctx, args.data(), dims, steps.data(), loop->data) != 0) {
      throw_loop_failure(ctx, u.name());
    }
    const unsigned status =
        ctx.fp_status | (x87 ? engine::hardware_fp_status() : engine::sse_fp_status());
    if (status != 0) handle_fp_status(status, u.name());
  }
  return outputs;
}

}  // namespace

std::vector<Array> ufunc_call(const UFunc& u, std::span<const Array> inputs_in,
                              const UFuncOptions& o) {
  if (!u.spec().core_signature.empty()) return engine::gufunc_call(u, inputs_in, o);
  if (auto fast = trivial_call(u, inputs_in, o)) return std::move(*fast);
  const int nin = u.nin(), nout = u.nout();
  if (static_cast<int>(inputs_in.size()) != nin) {
    throw TypeError(u.name() + "() takes from " + std::to_string(nin) + " to " +
                    std::to_string(nin + nout) + " positional arguments but " +
                    std::to_string(inputs_in.size()) + " were given");
  }
  if (!o.out.empty() && static_cast<int>(o.out.size()) != nout) {
    throw ValueError("The 'out' tuple must have exactly " + std::to_string(nout) +
                     " entries: one per ufunc output");
  }
  std::vector<Array> inputs(inputs_in.begin(), inputs_in.end());
  std::vector<DType> in_types;
  for (const Array& a : inputs)
    in_types.push_back(a.dtype());
  auto fixed = engine::fixed_types(u, o);
  UFunc::Resolved r = u.resolve(in_types, fixed, o.casting);
  for (int i = 0; i < nin; ++i) {
    if (!can_cast(in_types[i], r.dtypes[i], o.casting)) {
      throw UFuncTypeError("Cannot cast ufunc '" + u.name() + "' input " + std::to_string(i) +
                           " from " + in_types[i].repr() + " to " + r.dtypes[i].repr() +
                           " with casting rule '" + casting_name(o.casting) + "'");
    }
  }
  // Broadcast shape over inputs; outputs must match it exactly.
  std::vector<Shape> shapes;
  for (const Array& a : inputs)
    shapes.push_back(a.shape());
  Shape shape;
  try {
    shape = broadcast_shapes(shapes);
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
  std::vector<Array> outputs;
  for (int j = 0; j < nout; ++j) {
    const DType& loop_out = r.dtypes[static_cast<size_t>(nin + j)];
    if (!o.out.empty() && o.out[static_cast<size_t>(j)]) {
      const Array& out = *o.out[static_cast<size_t>(j)];
      out.require_writeable();
      if (out.shape() != shape) {
        // The output may have more dimensions (broadcasting the inputs further), never fewer.
        Shape grown = broadcast_shapes({shape, out.shape()});
        if (grown != out.shape()) {
          throw ValueError("non-broadcastable output operand with shape " +
                           py::repr_shape(out.shape()) + " doesn't match the broadcast shape " +
                           py::repr_shape(grown));
        }
        shape = grown;
      }
      if (!can_cast(loop_out, out.dtype(), o.casting)) {
        throw UFuncTypeError("Cannot cast ufunc '" + u.name() + "' output from " + loop_out.repr() +
                             " to " + out.dtype().repr() + " with casting rule '" +
                             casting_name(o.casting) + "'");
      }
      outputs.push_back(out);
    } else {
      outputs.emplace_back();
    }
  }
  for (int j = 0; j < nout; ++j) {
    if (!o.out.empty() && o.out[static_cast<size_t>(j)]) continue;
    const DType& loop_out = r.dtypes[static_cast<size_t>(nin + j)];
    // Allocate following the inputs' memory order (NumPy's K order) unless order says otherwise.
    const Array* like = nullptr;
    for (const Array& a : inputs) {
      if (a.shape() == shape) {
        like = &a;
        break;
      }
    }
    if (o.order == Order::K && like != nullptr) {
      outputs[static_cast<size_t>(j)] = empty_like(*like, loop_out, Order::K);
    } else {
      Order ord = o.order == Order::F ? Order::F : Order::C;
      if (o.order == Order::A) {
        bool all_f = std::all_of(inputs.begin(), inputs.end(), [](const Array& a) {
          return a.f_contiguous() && !a.c_contiguous();
        });
        ord = all_f ? Order::F : Order::C;
      }
      outputs[static_cast<size_t>(j)] = Array::empty(shape, loop_out, ord);
    }
  }
  // Overlap: read inputs as if copied first, unless elementwise identical to the output.
  for (Array& in : inputs) {
    for (const Array& out : outputs) {
      if (!engine::overlapping(in, out)) continue;
      bool identical = in.offset() == out.offset() && in.shape() == out.shape() &&
                       in.strides() == out.strides() && in.dtype() == out.dtype();
      if (!identical) {
        in = copy(in, Order::K);
        break;
      }
    }
  }
  std::vector<engine::ExecOperand> ops;
  for (int i = 0; i < nin; ++i) {
    const Array& a = inputs[static_cast<size_t>(i)];
    ops.push_back({a.data(), engine::broadcast_strides(a, shape), a.dtype(),
                   r.dtypes[static_cast<size_t>(i)], false});
  }
  for (int j = 0; j < nout; ++j) {
    const Array& a = outputs[static_cast<size_t>(j)];
    ops.push_back({a.data(), engine::broadcast_strides(a, shape), a.dtype(),
                   r.dtypes[static_cast<size_t>(nin + j)], true});
  }
  engine::ExecOptions eo;
  engine::ExecOperand mask_op;
  Array mask;
  if (o.where) {
    mask = *o.where;
    if (!mask.dtype().is_bool()) {
      mask = astype(mask, dtypes::bool_(), Order::K, Casting::Safe);
    }
    mask_op = {mask.data(), engine::broadcast_strides(mask, shape), mask.dtype(), mask.dtype(),
               false};
    eo.mask = &mask_op;
  }
  eo.name = u.name().c_str();
  eo.num_threads = o.num_threads;
  unsigned status = engine::execute(shape, ops, r.loop->loop, r.loop->data, eo);
  handle_fp_status(status, u.name());
  return outputs;
}

}  // namespace np
