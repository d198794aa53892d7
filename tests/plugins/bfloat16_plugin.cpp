// A dtype plugin for the tests (and a worked example for authors): bfloat16, the top 16 bits of
// a float32. It registers the dtype, its casts to/from float32 and float64 (narrowing rounds to
// nearest even), a promotion rule with float16, and add/multiply/equal loops that compute in
// float32; and a gufunc registered through the ABI.
#include <cstdint>
#include <cstring>

#include "np/plugin.hpp"

namespace {

using np::kernels::load;
using np::kernels::store;

float to_float(uint16_t b) {
  uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t from_float(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0) {
    return static_cast<uint16_t>((bits >> 16) | 0x0040u);  // NaN stays a (quiet) NaN
  }
  const uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);  // to nearest, ties to even
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

template <class From, class To, class Convert>
int convert_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                 void*) {
  const Convert convert;
  for (int64_t i = 0; i < dims[0]; ++i)
    store<To>(args[1] + i * steps[1], convert(load<From>(args[0] + i * steps[0])));
  return 0;
}
struct Widen {
  float operator()(uint16_t b) const { return to_float(b); }
};
struct WidenDouble {
  double operator()(uint16_t b) const { return to_float(b); }
};
struct Narrow {
  uint16_t operator()(float f) const { return from_float(f); }
};
struct NarrowDouble {
  uint16_t operator()(double d) const { return from_float(static_cast<float>(d)); }
};

template <class Op>
int binary(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  const Op op;
  for (int64_t i = 0; i < dims[0]; ++i) {
    float a = to_float(load<uint16_t>(args[0] + i * steps[0]));
    float b = to_float(load<uint16_t>(args[1] + i * steps[1]));
    store<uint16_t>(args[2] + i * steps[2], from_float(op(a, b)));
  }
  return 0;
}
struct Plus {
  float operator()(float a, float b) const { return a + b; }
};
struct Times {
  float operator()(float a, float b) const { return a * b; }
};

int equal(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    float a = to_float(load<uint16_t>(args[0] + i * steps[0]));
    float b = to_float(load<uint16_t>(args[1] + i * steps[1]));
    store<uint8_t>(args[2] + i * steps[2], a == b ? 1 : 0);
  }
  return 0;
}

// A gufunc loop, "(n),(n)->()": the inner product of float64 vectors. dims[0] is the outer
// count, dims[1] the core dimension n; steps[0..2] outer strides, steps[3..4] core strides.
int inner(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    double acc = 0;
    for (int64_t k = 0; k < dims[1]; ++k) {
      acc += load<double>(args[0] + i * steps[0] + k * steps[3]) *
             load<double>(args[1] + i * steps[1] + k * steps[4]);
    }
    store<double>(args[2] + i * steps[2], acc);
  }
  return 0;
}

NpStatus init(const NpHostApi* host, NpRegistrar* registrar, const char** error) {
  return np::plugin::guarded_init(
      host, registrar, error, "bfloat16_test", [](np::plugin::Registrar& r) {
        r.dtype("bfloat16", 'f', 2, 2);
        r.cast("bfloat16", "float32", NP_CASTING_SAFE, convert_loop<uint16_t, float, Widen>);
        r.cast("bfloat16", "float64", NP_CASTING_SAFE, convert_loop<uint16_t, double, WidenDouble>);
        r.cast("float32", "bfloat16", NP_CASTING_SAME_KIND, convert_loop<float, uint16_t, Narrow>);
        r.cast("float64", "bfloat16", NP_CASTING_SAME_KIND,
               convert_loop<double, uint16_t, NarrowDouble>);
        r.promotion("bfloat16", "float16", "float32");
#ifndef NP_BF16_OWN_UFUNCS_ONLY
        r.loop("add", "bfloat16,bfloat16->bfloat16", binary<Plus>);
        r.loop("multiply", "bfloat16,bfloat16->bfloat16", binary<Times>);
        r.loop("equal", "bfloat16,bfloat16->bool", equal);
#else  // a build whose loops all go to its own ufunc: check_file validates every registration
        (void)&binary<Plus>;
        (void)&binary<Times>;
        (void)&equal;
#endif
        NpUFuncDef gufunc{};
        gufunc.name = "bf16_test_inner";
        gufunc.nin = 2;
        gufunc.nout = 1;
        gufunc.summary = "inner product over the last axis (a test gufunc)";
        gufunc.core_signature = "(n),(n)->()";
        r.ufunc(gufunc);
        r.loop("bf16_test_inner", "dd->d", inner);
      });
}

}  // namespace

NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
  static const NpPluginInfo info = {NP_PLUGIN_ABI_MAJOR,
                                    NP_PLUGIN_ABI_MINOR,
                                    sizeof(NpPluginInfo),
                                    "bfloat16_test",
                                    "0.1.0",
                                    "dtype",
                                    "bfloat16 storage type with casts and add/multiply/equal",
                                    "BSD-3-Clause",
                                    &init};
  return &info;
}
