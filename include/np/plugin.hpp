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

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "np/loop_helpers.hpp"
#include "np/plugin_abi.h"
#include "np/simd_level.hpp"

#define NP_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

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
  void general(const char* name, const char* summary, NpGeneralFunction fn, void* data = nullptr) {
    NpGeneralDef def{sizeof(NpGeneralDef), name, summary, fn, data};
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

// Registers `types` with `baseline` as its loop and best_simd_loop(...) as its contiguous slot;
// the registration's target names that loop's level ("baseline" when there is none). The SIMD
// loop sees only the calls NpLoopDef::contiguous promises; `baseline` takes every other.
inline void loop_best_target(Registrar& r, const char* ufunc, const std::string& types,
                             kernels::SimdLevel level, NpStridedLoop baseline,
                             NpStridedLoop avx512_loop, NpStridedLoop avx2_loop,
                             uint32_t flags = 0) {
  const SimdChoice simd = best_simd_loop(level, avx512_loop, avx2_loop);
  r.loop(ufunc, types.c_str(), baseline, nullptr, kernels::simd_level_name(simd.level), nullptr,
         flags, simd.loop);
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

// Arguments and results of one general-function call.
class Call {
 public:
  Call(const NpHostApi* host, NpCall* call) : host_(host), call_(call) {}

  // Positional `index`, else keyword `keyword`; nullptr when absent.
  const NpValue* arg(int32_t index, const char* keyword) const {
    return host_->call_arg(call_, index, keyword);
  }
  int32_t positional_count() const { return host_->call_arg_count(call_); }
  // Present and not None.
  bool given(int32_t index, const char* keyword) const {
    const NpValue* v = arg(index, keyword);
    return v != nullptr && host_->value_kind(v) != NP_VALUE_NONE;
  }
  NpArrayView array(int32_t index, const char* keyword) const {
    NpArrayView view{};
    view.struct_size = sizeof(NpArrayView);
    check(host_->value_array(call_, required(index, keyword), &view));
    return view;
  }
  int64_t integer(int32_t index, const char* keyword) const {
    int64_t v = 0;
    check(host_->value_int(call_, required(index, keyword), &v));
    return v;
  }
  std::string string(int32_t index, const char* keyword, std::string fallback) const {
    if (!given(index, keyword)) return fallback;
    const char* s = nullptr;
    check(host_->value_str(call_, arg(index, keyword), &s));
    return s;
  }
  // A new C-contiguous result array (appended to the call's results).
  NpArrayView result(const char* dtype, const std::vector<int64_t>& shape) const {
    NpArrayView view{};
    view.struct_size = sizeof(NpArrayView);
    check(host_->add_result_array(call_, dtype, static_cast<int32_t>(shape.size()), shape.data(),
                                  &view));
    return view;
  }

 private:
  // A value the host rejected already carries its error on the call.
  struct Pending {};
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
