// The general-function half of the host API (np/plugin_abi.h, "General-function calls"): the
// NpCall a plugin function receives, argument binding against the function's NumPy signature,
// conversions, by-name calls, views and out= results. plugin_host.cpp puts these entries into the
// NpHostApi table; registration (add_general) wraps a plugin function with make_general_function.
#pragma once

#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "np/plugin_abi.h"
#include "np/registry.hpp"
#include "registry/arg_binder.hpp"

namespace np::plugins::detail {

// A general function's parameter list (NpGeneralDef::signature), parsed once at registration
// and shared (immutable) by every call. Parameters not passed read as their default when it is a
// Python literal (None, True, False, an int, a float, a quoted string).
class GeneralSignature {
 public:
  // ValueError for malformed text (the binder's message).
  GeneralSignature(std::string function_name, std::string_view text);

  // Normalised text, as str(inspect.signature(f)) without the parentheses.
  std::string text() const { return signature_.text(); }
  // A bound call: per parameter in list order the value it reads as (the caller's, a literal
  // default, "*args" as one list), nullptr when absent. Points into the bound CallArgs, into
  // this signature and into the `owned` values of the call; all outlive it.
  struct Bound {
    std::vector<const Value*> params;
  };
  // NumPy's TypeErrors for unknown, repeated or missing arguments and too many positionals.
  Bound bind(const CallArgs& args, std::deque<Value>& owned) const;
  // The index of parameter `name`, or -1.
  int index_of(std::string_view name) const;

 private:
  std::string function_;
  np::detail::Signature signature_;
  std::vector<std::optional<Value>> defaults_;  // per parameter: its literal default
};

}  // namespace np::plugins::detail

// One general-function call as the plugin sees it. Owned by the host for the call's duration;
// used from the calling thread only.
struct NpCall {
  const np::CallArgs* args = nullptr;
  const np::Registry* registry = nullptr;  // the registry the function was called through
  const np::plugins::detail::GeneralSignature* signature = nullptr;  // null: no binding
  np::plugins::detail::GeneralSignature::Bound bound;
  // Values the call hands out (defaults' copies, *args lists, scalars as 0-d arrays, converted
  // arrays, by-name results): deques, so handed-out addresses stay put.
  std::deque<np::Value> owned;
  std::deque<np::Value> results;
  // out= results computed into a temporary: cast into `out` once the function succeeded.
  struct Writeback {
    np::Array temporary, out;
  };
  std::vector<Writeback> writebacks;
  // The pending error: a host failure keeps its exception (NumPy type and message unchanged);
  // call_error replaces it with a kind and a message.
  std::exception_ptr host_error;
  int32_t error_kind = NP_ERROR_NONE;
  std::string error_message;
};

namespace np::plugins::detail {

// Wraps a plugin function as a registered GeneralFunction calling through `registry` (where it
// is registered; it outlives its functions).
GeneralFunction make_general_function(NpGeneralFunction fn, void* data,
                                      std::shared_ptr<const GeneralSignature> signature,
                                      const Registry* registry);

// The call entries of the NpHostApi table.
const NpValue* api_call_arg(NpCall* call, int32_t index, const char* keyword);
int32_t api_call_arg_count(NpCall* call);
int32_t api_value_kind(const NpValue* value);
NpStatus api_value_bool(NpCall* call, const NpValue* v, int32_t* out);
NpStatus api_value_int(NpCall* call, const NpValue* v, int64_t* out);
NpStatus api_value_double(NpCall* call, const NpValue* v, double* out);
NpStatus api_value_str(NpCall* call, const NpValue* v, const char** out);
NpStatus api_value_array(NpCall* call, const NpValue* v, NpArrayView* out);
NpStatus api_add_result_array(NpCall* call, const char* dtype, int32_t ndim, const int64_t* shape,
                              NpArrayView* out);
void api_call_error(NpCall* call, int32_t error_kind, const char* message);
NpStatus api_value_array_as(NpCall* call, const NpValue* v, const char* dtype, int32_t flags,
                            NpArrayView* out);
int64_t api_value_list_size(NpCall* call, const NpValue* v);
const NpValue* api_value_list_item(NpCall* call, const NpValue* v, int64_t index);
NpStatus api_call_function(NpCall* call, const char* name, const NpArgument* args, int32_t nargs,
                           const NpValue** results, int32_t capacity, int32_t* nresults);
const NpValue* api_call_result(NpCall* call, int32_t index);
NpStatus api_add_result_view(NpCall* call, const NpValue* base, int64_t offset, int32_t ndim,
                             const int64_t* shape, const int64_t* strides, const char* dtype,
                             NpArrayView* out);
NpStatus api_add_result_out(NpCall* call, const NpValue* out_value, const char* dtype, int32_t ndim,
                            const int64_t* shape, int32_t flags, NpArrayView* view);
NpStatus api_add_result_value(NpCall* call, const NpArgument* value);

}  // namespace np::plugins::detail
