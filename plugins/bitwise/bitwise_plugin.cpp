// The bitwise plugin: NumPy's bit-twiddling ufuncs and packbits/unpackbits.
#include "bitwise_register.hpp"

namespace np::bitwise {
namespace {

NpStatus init(const NpHostApi* host, NpRegistrar* registrar, const char** error) {
  return plugin::guarded_init(host, registrar, error, "bitwise", [](plugin::Registrar& r) {
    register_ufuncs(r);
    register_packing(r);
  });
}

}  // namespace
}  // namespace np::bitwise

NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
  static const NpPluginInfo info = {
      NP_PLUGIN_ABI_MAJOR,
      NP_PLUGIN_ABI_MINOR,
      sizeof(NpPluginInfo),
      "bitwise",
      "0.1.0",
      "bitwise",
      "NumPy's bitwise ufuncs, bitwise_count, packbits and unpackbits",
      "BSD-3-Clause",
      &np::bitwise::init};
  return &info;
}
