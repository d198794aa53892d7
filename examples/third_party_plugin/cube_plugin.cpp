// A minimal third-party plugin: one new ufunc, `cube` (x * x * x), with loops for float32 and
// float64, written as typed C++ element operations and exported through the C plugin ABI.
#include "np/plugin.hpp"

namespace {

struct Cube {
  template <class T>
  T operator()(T x) const {
    return x * x * x;
  }
};

NpStatus init(const NpHostApi* host, NpRegistrar* registrar, const char** error) {
  return np::plugin::guarded_init(
      host, registrar, error, "example_cube", [](np::plugin::Registrar& r) {
        r.ufunc("cube", 1, 1, "Cube of the input, element-wise (an example third-party plugin).");
        r.loop("cube", "f->f", np::kernels::unary_loop<float, Cube>);
        r.loop("cube", "d->d", np::kernels::unary_loop<double, Cube>);
        r.log(NP_LOG_DEBUG, "registered cube for float32 and float64");
      });
}

}  // namespace

NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
  static const NpPluginInfo info = {NP_PLUGIN_ABI_MAJOR,
                                    NP_PLUGIN_ABI_MINOR,
                                    sizeof(NpPluginInfo),
                                    "example_cube",
                                    "1.0.0",
                                    "example",
                                    "cube(x) = x**3 for float32 and float64",
                                    "MIT",
                                    &init};
  return &info;
}
