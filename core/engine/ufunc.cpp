// UFunc loop registration, loop resolution (with a cache) and the elementwise call (its stages
// are in call_pipeline.cpp).
//
// Resolution, in order (NumPy's dispatching, written out):
//   1. dtype=/signature= fix some operand types: only loops matching them are candidates, and
//      inputs must cast to the loop under `casting`.
//   2. otherwise an exact match of every input type;
//   3. then the homogeneous loop of the promoted input type (np.result_type);
//   4. then NumPy's linear search: the first loop every input casts to safely.
// A loop's `resolve` hook (or the builtin types) then gives exact dtypes (datetime units).
#include "np/ufunc.hpp"

#include <algorithm>

#include "engine/call_pipeline.hpp"
#include "engine/gufunc.hpp"
#include "np/errors.hpp"
#include "np/kernel_types.hpp"

namespace np {

// Both through the one builtin type table (np/kernel_types.hpp).
char type_char(TypeId id) {
  return kernels::type_code_of(id);
}

TypeId type_from_char(char c) {
  if (std::optional<TypeId> id = kernels::type_id_of(c)) return *id;
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

// Cache misses only: a linear search for the loop's index (the deque has no pointer arithmetic).
void UFunc::remember_fast_loop(uint64_t key, const UFuncLoop* loop) const {
  size_t index = 0;
  while (index < loops_.size() && &loops_[index] != loop)
    ++index;
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

std::vector<Array> ufunc_call(const UFunc& u, std::span<const Array> inputs,
                              const UFuncOptions& o) {
  if (!u.spec().core_signature.empty()) return engine::gufunc_call(u, inputs, o);
  if (auto fast = engine::trivial_call(u, inputs, o)) return std::move(*fast);
  engine::CallState call(u, inputs, o);
  engine::fix_signature(call);
  engine::resolve_loop(call);
  engine::check_input_casts(call);
  engine::broadcast_and_allocate(call);
  engine::copy_overlapping_inputs(call, true);
  engine::execute_elementwise(call);
  return call.results();
}

}  // namespace np
