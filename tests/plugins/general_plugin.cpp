// A test plugin of general functions exercising the host's call services (ABI 1.2): signature
// binding with literal defaults, *args, by-name calls and their error propagation, conversion
// to a dtype and layout, results that view an input, out=, the axis and lane helpers, and an
// old-style (ABI 1.0-sized) definition the host must bind nothing for.
// tests/core/plugins/general_functions_test.cpp drives it.
#include <cstring>
#include <string>
#include <vector>

#include "np/plugin.hpp"

namespace {

using np::plugin::Arg;
using np::plugin::Call;
using np::plugin::Failure;

// gp_bind(a, /, b, c=2, *, d=None, e='x', f=1.5, g=True, h=float): every parameter as a
// result, "absent" for one the call neither passed nor has a literal default for.
NpStatus gp_bind(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    const char* names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    for (int32_t k = 0; k < 8; ++k) {
      const NpValue* by_name = c.arg(-1, names[k]);
      if (by_name != c.arg(k, nullptr)) throw Failure(NP_ERROR_RUNTIME, "index and name differ");
      c.result_value(by_name != nullptr ? Arg(by_name) : Arg("absent"));
    }
  });
}

// gp_star(*arrays, axis=0): the number of arrays, then axis.
NpStatus gp_star(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    c.result_value(static_cast<int64_t>(c.items(c.arg(0, "arrays")).size()));
    c.result_value(c.arg(1, "axis"));
  });
}

// gp_call(name, *args, **kwargs): calls `name` by name with the arguments; its results.
NpStatus gp_call(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    const std::string name = c.string(c.arg(0, "name"));
    std::vector<Arg> args;
    for (const NpValue* v : c.items(c.arg(1, "args")))
      args.emplace_back(v);
    std::vector<np::plugin::Keyword> keywords;
    if (c.given(-1, "axis")) keywords.push_back({"axis", c.arg(-1, "axis")});
    for (const NpValue* result : c.call(name.c_str(), args, keywords))
      c.result_value(result);
  });
}

// The C form of a failing by-name call: returns NP_STATUS_FAILED with the callee's error pending.
NpStatus gp_call_c(const NpHostApi* host, NpCall* call, void*) {
  NpArgument args[2] = {};
  args[0].struct_size = sizeof(NpArgument);
  args[0].kind = NP_VALUE_INT;
  args[0].int_value = 1;
  args[1].struct_size = sizeof(NpArgument);
  args[1].kind = NP_VALUE_STR;
  args[1].str_value = "x";
  const NpValue* result = nullptr;
  if (host->call_function(call, "add", args, 2, &result, 1, nullptr) != NP_STATUS_OK) {
    return NP_STATUS_FAILED;
  }
  return NP_STATUS_OK;
}

// gp_recurse(): calls itself by name, forever.
NpStatus gp_recurse(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) { c.call("gp_recurse", {}); });
}

// gp_as(a, dtype=None, c_contiguous=False, copy=False): a converted by value_array_as (into a
// new result, C order), then whether the converted memory is a's own.
NpStatus gp_as(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    const NpValue* dtype = c.arg(1, "dtype");
    const std::string type = c.given(dtype) ? c.string(dtype) : "";
    int32_t flags = 0;
    if (c.boolean(c.arg(2, "c_contiguous"))) flags |= NP_ARRAY_C_CONTIGUOUS;
    if (c.boolean(c.arg(3, "copy"))) flags |= NP_ARRAY_COPY;
    const NpArrayView original = c.array(0, "a");
    const NpArrayView v = c.array_as(0, "a", type.empty() ? nullptr : type.c_str(), flags);
    std::vector<int64_t> shape(v.shape, v.shape + v.ndim);
    const NpArrayView out = c.result(v.dtype, shape);
    char* dst = static_cast<char*>(out.data);
    if (v.ndim == 0) {
      std::memcpy(dst, v.data, static_cast<size_t>(v.itemsize));
    } else {
      np::plugin::for_each_lane(v, v.ndim - 1, [&](char* first, int64_t stride, int64_t n) {
        for (int64_t j = 0; j < n; ++j, dst += v.itemsize)
          std::memcpy(dst, first + j * stride, static_cast<size_t>(v.itemsize));
      });
    }
    c.result_value(v.data == original.data);
  });
}

// gp_view(a, offset, shape, strides): a result viewing a's memory.
NpStatus gp_view(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    std::vector<int64_t> shape, strides;
    for (const NpValue* v : c.items(c.arg(2, "shape")))
      shape.push_back(c.integer(v));
    for (const NpValue* v : c.items(c.arg(3, "strides")))
      strides.push_back(c.integer(v));
    const NpArrayView a = c.array(0, "a");
    c.result_view(c.arg(0, "a"), c.integer(1, "offset"), shape, strides, a.dtype);
  });
}

// gp_twice(a, /, out=None): 2 * a for float64 a, into out= when given.
NpStatus gp_twice(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    const NpArrayView a = c.array_as(0, "a", "<f8", NP_ARRAY_C_CONTIGUOUS);
    std::vector<int64_t> shape(a.shape, a.shape + a.ndim);
    const NpArrayView out = c.result_out(c.arg(1, "out"), "<f8", shape);
    int64_t n = 1;
    for (int64_t s : shape)
      n *= s;
    for (int64_t k = 0; k < n; ++k) {
      double x = 0;
      std::memcpy(&x, static_cast<const char*>(a.data) + k * 8, 8);
      x *= 2;
      std::memcpy(static_cast<char*>(out.data) + k * 8, &x, 8);
    }
  });
}

// gp_lane_sums(a, axis=-1): float64 sums of the lanes along axis (shape without that axis).
NpStatus gp_lane_sums(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    const NpArrayView a = c.array_as(0, "a", "<f8");
    const int axis = np::plugin::normalize_axis(c.integer(1, "axis"), a.ndim);
    std::vector<int64_t> shape;
    for (int d = 0; d < a.ndim; ++d) {
      if (d != axis) shape.push_back(a.shape[d]);
    }
    const NpArrayView out = c.result("<f8", shape);
    char* dst = static_cast<char*>(out.data);
    np::plugin::for_each_lane(a, axis, [&](char* first, int64_t stride, int64_t n) {
      double sum = 0;
      for (int64_t j = 0; j < n; ++j) {
        double x = 0;
        std::memcpy(&x, first + j * stride, 8);
        sum += x;
      }
      std::memcpy(dst, &sum, 8);
      dst += 8;
    });
  });
}

// Registered with a 1.0-sized NpGeneralDef: no signature, so the positionals count as passed.
NpStatus gp_legacy(const NpHostApi* host, NpCall* call, void*) {
  return np::plugin::guarded_call(host, call, [](Call& c) {
    c.result_value(static_cast<int64_t>(c.positional_count()));
    c.result_value(c.arg(-1, "b"));  // a keyword read as passed: nothing binds it
  });
}

NpStatus init(const NpHostApi* host, NpRegistrar* reg, const char** error) {
  return np::plugin::guarded_init(
      host, reg, error, "general_test", [reg](np::plugin::Registrar& r) {
        r.general("gp_bind", "binding", gp_bind, nullptr,
                  "a, /, b, c=2, *, d=None, e='x', f=1.5, g=True, h=float");
        r.general("gp_star", "*args", gp_star, nullptr, "*arrays, axis=0");
        r.general("gp_call", "by-name call", gp_call, nullptr, "name, *args, **kwargs");
        r.general("gp_call_c", "failing by-name call", gp_call_c, nullptr, "");
        r.general("gp_recurse", "recursion", gp_recurse, nullptr, "");
        r.general("gp_as", "conversion", gp_as, nullptr,
                  "a, dtype=None, c_contiguous=False, copy=False");
        r.general("gp_view", "views", gp_view, nullptr, "a, offset, shape, strides");
        r.general("gp_twice", "out=", gp_twice, nullptr, "a, /, out=None");
        r.general("gp_lane_sums", "lanes", gp_lane_sums, nullptr, "a, axis=-1");
        // An ABI 1.0 definition ends before `signature`: the host must not read the (bad) text.
        NpGeneralDef legacy{offsetof(NpGeneralDef, signature),
                            "gp_legacy",
                            "1.0 struct",
                            gp_legacy,
                            nullptr,
                            "((( not a signature"};
        if (r.host().add_general(reg, &legacy) != NP_STATUS_OK) {
          throw Failure(NP_STATUS_FAILED, r.host().last_error(reg));
        }
      });
}

}  // namespace

NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
  static const NpPluginInfo info = {NP_PLUGIN_ABI_MAJOR,
                                    NP_PLUGIN_ABI_MINOR,
                                    sizeof(NpPluginInfo),
                                    "general_test",
                                    "1.0.0",
                                    "test",
                                    "general functions on the host's call services",
                                    "MIT",
                                    &init};
  return &info;
}
