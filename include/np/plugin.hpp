// Header-only C++ helpers for plugin authors, on top of the C plugin ABI (np/plugin_abi.h).
// They use exceptions inside the plugin and turn every one of them into a status code at the
// boundary, so none ever reaches the host. Nothing here links against the core.
//
//   NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
//     static const NpPluginInfo info = {NP_PLUGIN_ABI_MAJOR, NP_PLUGIN_ABI_MINOR,
//                                       sizeof(NpPluginInfo), "myplugin", "1.0", "demo",
//                                       "what it does", "MIT", &init};
//     return &info;
//   }
//   NpStatus init(const NpHostApi* host, NpRegistrar* reg, const char** error) {
//     return np::plugin::guarded_init(host, reg, error, "myplugin", [](np::plugin::Registrar& r) {
//       r.ufunc("cube", 1, 1, "x**3, element-wise");
//       r.loop("cube", "d->d", np::kernels::unary_loop<double, Cube>);
//     });
//   }
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "np/loop_helpers.hpp"
#include "np/plugin_abi.h"  // also defines NP_PLUGIN_EXPORT
#include "np/simd_level.hpp"

namespace np::plugin {

// A registration the host refused, or a failure inside a general function.
class Failure : public std::exception {
 public:
  Failure(int32_t kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }
  int32_t kind() const { return kind_; }

 private:
  int32_t kind_;
  std::string message_;
};

// Registration during init. Each method throws Failure when the host refuses.
class Registrar {
 public:
  Registrar(const NpHostApi* host, NpRegistrar* handle, const char* plugin_name)
      : host_(host), handle_(handle), name_(plugin_name) {}

  const NpHostApi& host() const { return *host_; }
  const char* plugin_name() const { return name_; }

  // An elementwise ufunc: the common case.
  void ufunc(const char* name, int nin, int nout, const char* summary,
             NpIdentity identity = NP_IDENTITY_NONE, uint32_t flags = 0) {
    NpUFuncDef def{sizeof(NpUFuncDef), name, nin, nout, identity, flags, summary, nullptr, nullptr};
    check(host_->add_ufunc(handle_, &def));
  }
  // Every field (gufunc core signatures, bool-input errors); struct_size is filled in here.
  void ufunc(NpUFuncDef def) {
    def.struct_size = sizeof(NpUFuncDef);
    check(host_->add_ufunc(handle_, &def));
  }
  // `contiguous`: the loop's contiguous slot (see NpLoopDef::contiguous), nullptr for none.
  void loop(const char* ufunc, const char* types, NpStridedLoop fn, void* data = nullptr,
            const char* target = "baseline", NpResolveDTypes resolve = nullptr, uint32_t flags = 0,
            NpStridedLoop contiguous = nullptr) {
    NpLoopDef def{sizeof(NpLoopDef), types, fn, data, target, resolve, flags, contiguous};
    check(host_->add_loop(handle_, ufunc, &def));
  }
  // A fixed-size dtype (see NpDTypeDef), its casts and promotion rules.
  void dtype(const char* name, char kind, int64_t itemsize, int64_t alignment) {
    NpDTypeDef def{sizeof(NpDTypeDef), name, kind, itemsize, alignment};
    check(host_->add_dtype(handle_, &def));
  }
  void cast(const char* from, const char* to, NpCasting casting, NpStridedLoop fn,
            void* data = nullptr) {
    NpCastDef def{sizeof(NpCastDef), from, to, casting, fn, data};
    check(host_->add_cast(handle_, &def));
  }
  void promotion(const char* a, const char* b, const char* result) {
    check(host_->add_promotion(handle_, a, b, result));
  }
  // A general function; `signature` is NumPy's parameter list ("a, /, axis=None"), which the
  // host binds every call against (see NpGeneralDef::signature), or nullptr for no binding.
  void general(const char* name, const char* summary, NpGeneralFunction fn, void* data = nullptr,
               const char* signature = nullptr) {
    NpGeneralDef def{sizeof(NpGeneralDef), name, summary, fn, data, signature};
    check(host_->add_general(handle_, &def));
  }
  void log(NpLogLevel level, const std::string& message) const {
    host_->log(level, name_, message.c_str());
  }

 private:
  void check(NpStatus status) const {
    if (status != NP_STATUS_OK) throw Failure(status, host_->last_error(handle_));
  }
  const NpHostApi* host_;
  NpRegistrar* handle_;
  const char* name_;
};

// "dd->d": nin inputs of `code`, then nout outputs of `code` (or of `out_code` when nonzero).
inline std::string same_type_signature(int nin, int nout, char code, char out_code = 0) {
  std::string types(static_cast<size_t>(nin), code);
  types += "->";
  types.append(static_cast<size_t>(nout), out_code != 0 ? out_code : code);
  return types;
}

// Registers one loop per type code in `codes` for a ufunc with nin inputs and nout outputs: every
// input of that code, every output of that code (or of `out_code` when nonzero). Codes for which
// pick(code) returns nullptr are skipped.
template <class Pick>
void add_loops(Registrar& r, const char* ufunc, const char* codes, int nin, int nout, Pick pick,
               char out_code = 0, const char* target = "baseline") {
  for (const char* c = codes; *c != '\0'; ++c) {
    NpStridedLoop fn = pick(*c);
    if (fn == nullptr) continue;
    r.loop(ufunc, same_type_signature(nin, nout, *c, out_code).c_str(), fn, nullptr, target);
  }
}

// The SIMD level a plugin's loops may use: the best one the host's cpu_features() supports
// (already capped by NUMPY_PLUGINS_CPU_CAP).
inline kernels::SimdLevel simd_level(const Registrar& r) {
  return kernels::best_simd_level(r.host().cpu_features());
}

// The loop of the highest SIMD level up to `level` that has one (`avx512_loop`, `avx2_loop`;
// either may be nullptr), with that level; {Baseline, nullptr} when there is none.
struct SimdChoice {
  kernels::SimdLevel level = kernels::SimdLevel::Baseline;
  NpStridedLoop loop = nullptr;
};
inline SimdChoice best_simd_loop(kernels::SimdLevel level, NpStridedLoop avx512_loop,
                                 NpStridedLoop avx2_loop) {
  using kernels::SimdLevel;
  if (level >= SimdLevel::Avx512 && avx512_loop != nullptr) return {SimdLevel::Avx512, avx512_loop};
  if (level >= SimdLevel::Avx2 && avx2_loop != nullptr) return {SimdLevel::Avx2, avx2_loop};
  return {};
}
// The same from per-target pickers (`pick_avx512(args...)` returns that target's loop or
// nullptr), each called only when `level` allows its target: a picker compiled for a SIMD target
// may itself execute that target's instructions (an ASan build's stack poisoning does), so
// calling it on a CPU without them would be an illegal instruction.
template <class... Args>
SimdChoice best_simd_loop(kernels::SimdLevel level, NpStridedLoop (*pick_avx512)(Args...),
                          NpStridedLoop (*pick_avx2)(Args...), Args... args) {
  using kernels::SimdLevel;
  NpStridedLoop avx512 = level >= SimdLevel::Avx512 ? pick_avx512(args...) : nullptr;
  NpStridedLoop avx2 = level >= SimdLevel::Avx2 && avx512 == nullptr ? pick_avx2(args...) : nullptr;
  return best_simd_loop(level, avx512, avx2);
}

// Registers `types` with `baseline` as its loop and `simd.loop` as its contiguous slot; the
// registration's target names that loop's level ("baseline" when there is none). The SIMD loop
// sees only the calls NpLoopDef::contiguous promises; `baseline` takes every other.
inline void loop_best_target(Registrar& r, const char* ufunc, const std::string& types,
                             NpStridedLoop baseline, const SimdChoice& simd, uint32_t flags = 0) {
  r.loop(ufunc, types.c_str(), baseline, nullptr, kernels::simd_level_name(simd.level), nullptr,
         flags, simd.loop);
}
// The same with best_simd_loop(level, avx512_loop, avx2_loop) as the contiguous slot.
inline void loop_best_target(Registrar& r, const char* ufunc, const std::string& types,
                             kernels::SimdLevel level, NpStridedLoop baseline,
                             NpStridedLoop avx512_loop, NpStridedLoop avx2_loop,
                             uint32_t flags = 0) {
  loop_best_target(r, ufunc, types, baseline, best_simd_loop(level, avx512_loop, avx2_loop), flags);
}

// The body of NpPluginInfo::init: checks the host's ABI, runs body(Registrar&) and converts any
// exception into a status plus message (kept in static storage: init runs once, on one thread,
// and the host copies the message before anything else runs).
template <class Body>
NpStatus guarded_init(const NpHostApi* host, NpRegistrar* handle, const char** error_message,
                      const char* plugin_name, Body&& body) {
  static std::string message;
  auto fail = [&](NpStatus status, std::string text) {
    message = std::move(text);
    if (error_message != nullptr) *error_message = message.c_str();
    return status;
  };
  if (host == nullptr || host->abi_major != NP_PLUGIN_ABI_MAJOR ||
      host->struct_size < sizeof(NpHostApi)) {
    return fail(NP_STATUS_ABI_MISMATCH, "the host's plugin ABI is older than this plugin's");
  }
  try {
    Registrar registrar(host, handle, plugin_name);
    body(registrar);
    return NP_STATUS_OK;
  } catch (const Failure& f) {
    return fail(static_cast<NpStatus>(f.kind()), f.what());
  } catch (const std::exception& e) {
    return fail(NP_STATUS_FAILED, e.what());
  } catch (...) {
    return fail(NP_STATUS_FAILED, "unknown exception in init");
  }
}

// NumPy's normalize_axis_index: `axis` in [-ndim, ndim) as an index in [0, ndim); otherwise a
// Failure with NumPy's AxisError text, "axis 2 is out of bounds for array of dimension 1".
inline int normalize_axis(int64_t axis, int ndim) {
  if (axis < -static_cast<int64_t>(ndim) || axis >= ndim) {
    throw Failure(NP_ERROR_AXIS, "axis " + std::to_string(axis) +
                                     " is out of bounds for array of dimension " +
                                     std::to_string(ndim));
  }
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

namespace detail {

// Visits the lanes along `axis` of N views whose shapes agree on every other axis, in C order
// of the other axes: fn(firsts) with each view's lane start. Nothing when another axis is empty;
// lanes of length 0 along `axis` are visited. Pointers only ever address elements.
template <size_t N, class Fn>
void walk_lanes(const std::array<const NpArrayView*, N>& views, int axis, Fn&& fn) {
  const NpArrayView& v0 = *views[0];
  const int nd = v0.ndim;
  for (int d = 0; d < nd; ++d) {
    if (d != axis && v0.shape[d] == 0) return;
  }
  std::vector<int64_t> index(static_cast<size_t>(nd), 0);
  std::array<char*, N> first{};
  for (size_t k = 0; k < N; ++k)
    first[k] = static_cast<char*>(views[k]->data);
  while (true) {
    fn(first);
    int d = nd - 1;
    for (; d >= 0; --d) {
      if (d == axis) continue;
      auto& i = index[static_cast<size_t>(d)];
      if (++i < v0.shape[d]) {
        for (size_t k = 0; k < N; ++k)
          first[k] += views[k]->strides[d];
        break;
      }
      for (size_t k = 0; k < N; ++k)
        first[k] -= views[k]->strides[d] * (v0.shape[d] - 1);
      i = 0;
    }
    if (d < 0) return;
  }
}

inline void check_lane_axis(const NpArrayView& v, int axis) {
  if (axis < 0 || axis >= v.ndim) normalize_axis(axis, v.ndim);  // throws the AxisError
}

}  // namespace detail

// Calls fn(first, stride, length) for every 1-d lane of `v` along `axis` (a normalised axis,
// see normalize_axis): `first` points at the lane's first element, `stride` is the byte stride
// along the axis and `length` the lane's length. Lanes come in C order of the other axes.
template <class Fn>
void for_each_lane(const NpArrayView& v, int axis, Fn&& fn) {
  detail::check_lane_axis(v, axis);
  detail::walk_lanes<1>({&v}, axis, [&](const std::array<char*, 1>& first) {
    fn(first[0], v.strides[axis], v.shape[axis]);
  });
}

// The lanes of two views along `axis` side by side (an input's and its result's, which may differ
// in length along the axis): fn(a_first, a_stride, a_length, b_first, b_stride, b_length).
// ValueError when the views differ in ndim or in the length of another axis.
template <class Fn>
void for_each_lane_pair(const NpArrayView& a, const NpArrayView& b, int axis, Fn&& fn) {
  detail::check_lane_axis(a, axis);
  bool same = a.ndim == b.ndim;
  for (int d = 0; same && d < a.ndim; ++d)
    same = d == axis || a.shape[d] == b.shape[d];
  if (!same) throw Failure(NP_ERROR_VALUE, "lane walk over arrays of different shapes");
  detail::walk_lanes<2>({&a, &b}, axis, [&](const std::array<char*, 2>& first) {
    fn(first[0], a.strides[axis], a.shape[axis], first[1], b.strides[axis], b.shape[axis]);
  });
}

// One argument of a by-name call (Call::call), or a value result (Call::result_value): None
// (nullptr), a bool, an int, a float, a string, a dtype, a tuple of ints, or a value the call
// handed out (an argument, a result, a by-name result) passed on unchanged.
class Arg {
 public:
  Arg(std::nullptr_t) {}  // None
  Arg(bool v) : kind_(NP_VALUE_BOOL), int_(v ? 1 : 0) {}
  Arg(int v) : kind_(NP_VALUE_INT), int_(v) {}
  Arg(int64_t v) : kind_(NP_VALUE_INT), int_(v) {}
  Arg(double v) : kind_(NP_VALUE_FLOAT), float_(v) {}
  Arg(const char* v) : kind_(NP_VALUE_STR), text_(v) {}
  Arg(const NpValue* v) : value_(v) {}
  static Arg dtype(const char* name) {
    Arg a(name);
    a.kind_ = NP_VALUE_DTYPE;
    return a;
  }
  static Arg ints(std::vector<int64_t> v) {
    Arg a(nullptr);
    a.kind_ = NP_VALUE_LIST;
    a.ints_ = std::move(v);
    return a;
  }
  // The C argument; it points into this Arg, which must outlive it.
  NpArgument c_argument(const char* keyword) const {
    return {sizeof(NpArgument),
            keyword,
            value_,
            kind_,
            int_,
            float_,
            text_.c_str(),
            ints_.data(),
            static_cast<int64_t>(ints_.size())};
  }

 private:
  const NpValue* value_ = nullptr;
  int32_t kind_ = NP_VALUE_NONE;
  int64_t int_ = 0;
  double float_ = 0;
  std::string text_;
  std::vector<int64_t> ints_;
};

// A keyword argument of a by-name call: {"axis", 0}.
struct Keyword {
  const char* name;
  Arg value;
};

// Arguments and results of one general-function call. Every NpValue and NpArrayView it hands
// out belongs to the call and stays valid until the function returns.
class Call {
 public:
  Call(const NpHostApi* host, NpCall* call) : host_(host), call_(call) {}

  const NpHostApi& host() const { return *host_; }
  NpCall* handle() const { return call_; }

  // Positional `index`, else keyword `keyword`; nullptr when absent. With a signature: the
  // parameter `keyword` (or at `index`) however it was passed, or its literal default.
  const NpValue* arg(int32_t index, const char* keyword) const {
    return host_->call_arg(call_, index, keyword);
  }
  int32_t positional_count() const { return host_->call_arg_count(call_); }
  // Present and not None.
  bool given(int32_t index, const char* keyword) const { return given(arg(index, keyword)); }
  bool given(const NpValue* v) const {
    return v != nullptr && host_->value_kind(v) != NP_VALUE_NONE;
  }
  NpArrayView array(int32_t index, const char* keyword) const {
    return array(required(index, keyword));
  }
  NpArrayView array(const NpValue* v) const {
    NpArrayView view = blank_view();
    check(host_->value_array(call_, v, &view));
    return view;
  }
  // The argument converted to `dtype` (nullptr: its own) and the layout `flags` asks for
  // (NP_ARRAY_*), with the engine's casts; NumPy's errors.
  NpArrayView array_as(int32_t index, const char* keyword, const char* dtype,
                       int32_t flags = 0) const {
    return array_as(required(index, keyword), dtype, flags);
  }
  NpArrayView array_as(const NpValue* v, const char* dtype, int32_t flags = 0) const {
    NpArrayView view = blank_view();
    check(host_->value_array_as(call_, v, dtype, flags, &view));
    return view;
  }
  int64_t integer(int32_t index, const char* keyword) const {
    return integer(required(index, keyword));
  }
  int64_t integer(const NpValue* v) const {
    int64_t out = 0;
    check(host_->value_int(call_, v, &out));
    return out;
  }
  bool boolean(const NpValue* v) const {
    int32_t out = 0;
    check(host_->value_bool(call_, v, &out));
    return out != 0;
  }
  std::string string(int32_t index, const char* keyword, std::string fallback) const {
    const NpValue* v = arg(index, keyword);
    return given(v) ? string(v) : fallback;
  }
  std::string string(const NpValue* v) const {
    const char* s = nullptr;
    check(host_->value_str(call_, v, &s));
    return s;
  }
  // axis=None (or absent) -> nullopt; otherwise the normalised axis (AxisError when out of range).
  std::optional<int> axis(int32_t index, const char* keyword, int ndim) const {
    if (!given(index, keyword)) return std::nullopt;
    return normalize_axis(integer(index, keyword), ndim);
  }
  // The items of a tuple/list argument ("*args" too).
  std::vector<const NpValue*> items(const NpValue* list) const {
    std::vector<const NpValue*> out;
    const int64_t n = host_->value_list_size(call_, list);
    if (n < 0) throw Failure(NP_ERROR_TYPE, "expected a sequence");
    for (int64_t k = 0; k < n; ++k)
      out.push_back(host_->value_list_item(call_, list, k));
    return out;
  }

  // Calls a registered function or ufunc by name; its results (at most 64) belong to this call.
  // The callee's error propagates with its NumPy type and message.
  std::vector<const NpValue*> call(const char* name, const std::vector<Arg>& positional,
                                   const std::vector<Keyword>& keywords = {}) const {
    std::vector<NpArgument> args;
    for (const Arg& a : positional)
      args.push_back(a.c_argument(nullptr));
    for (const Keyword& k : keywords)
      args.push_back(k.value.c_argument(k.name));
    std::vector<const NpValue*> results(64, nullptr);
    int32_t count = 0;
    check(host_->call_function(call_, name, args.data(), static_cast<int32_t>(args.size()),
                               results.data(), static_cast<int32_t>(results.size()), &count));
    results.resize(static_cast<size_t>(count < 64 ? count : 64));
    return results;
  }

  // A new C-contiguous result array (appended to the call's results).
  NpArrayView result(const char* dtype, const std::vector<int64_t>& shape) const {
    NpArrayView view = blank_view();
    check(host_->add_result_array(call_, dtype, static_cast<int32_t>(shape.size()), shape.data(),
                                  &view));
    return view;
  }
  // A result viewing `base`'s memory `offset` bytes from its first element (bounds-checked).
  NpArrayView result_view(const NpValue* base, int64_t offset, const std::vector<int64_t>& shape,
                          const std::vector<int64_t>& strides, const char* dtype) const {
    if (shape.size() != strides.size()) throw Failure(NP_ERROR_VALUE, "shape and strides differ");
    NpArrayView view = blank_view();
    check(host_->add_result_view(call_, base, offset, static_cast<int32_t>(shape.size()),
                                 shape.data(), strides.data(), dtype, &view));
    return view;
  }
  // The result for NumPy's out= (`out` may be nullptr or None: a new array); write through the
  // returned view, which meets `flags`.
  NpArrayView result_out(const NpValue* out, const char* dtype, const std::vector<int64_t>& shape,
                         int32_t flags = NP_ARRAY_C_CONTIGUOUS) const {
    NpArrayView view = blank_view();
    check(host_->add_result_out(call_, out, dtype, static_cast<int32_t>(shape.size()), shape.data(),
                                flags, &view));
    return view;
  }
  // A value result: a Python scalar, None, a dtype, or a value of this call unchanged.
  void result_value(const Arg& value) const {
    NpArgument a = value.c_argument(nullptr);
    check(host_->add_result_value(call_, &a));
  }
  // The call's result `index` as a value (a view base, an argument of a by-name call).
  const NpValue* result_handle(int32_t index) const { return host_->call_result(call_, index); }

 private:
  // A value the host rejected already carries its error on the call.
  struct Pending {};
  static NpArrayView blank_view() {
    NpArrayView view{};
    view.struct_size = sizeof(NpArrayView);
    return view;
  }
  void check(NpStatus status) const {
    if (status != NP_STATUS_OK) throw Pending{};
  }
  const NpValue* required(int32_t index, const char* keyword) const {
    const NpValue* v = arg(index, keyword);
    if (v == nullptr) {
      throw Failure(NP_ERROR_TYPE, std::string("missing required argument '") +
                                       (keyword != nullptr ? keyword : "?") + "'");
    }
    return v;
  }
  template <class Body>
  friend NpStatus guarded_call(const NpHostApi* host, NpCall* call, Body&& body);

  const NpHostApi* host_;
  NpCall* call_;
};

// The body of an NpGeneralFunction: runs body(Call&); a Failure raises its kind on the call,
// any other exception a RuntimeError.
template <class Body>
NpStatus guarded_call(const NpHostApi* host, NpCall* call, Body&& body) {
  try {
    Call c(host, call);
    body(c);
    return NP_STATUS_OK;
  } catch (const Call::Pending&) {
    return NP_STATUS_FAILED;
  } catch (const Failure& f) {
    host->call_error(call, f.kind(), f.what());
  } catch (const std::exception& e) {
    host->call_error(call, NP_ERROR_RUNTIME, e.what());
  } catch (...) {
    host->call_error(call, NP_ERROR_RUNTIME, "unknown exception in a plugin function");
  }
  return NP_STATUS_FAILED;
}

}  // namespace np::plugin
