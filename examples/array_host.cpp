// A small host program: loads the kernel plugins of a directory, then creates, slices, prints and
// saves arrays through the core API and computes with the plugins' ufuncs.
//
//   array_host [--plugins DIR] [OUT.npy]
// Without --plugins the default search path is used (np/plugins.hpp).
#include <iostream>
#include <string>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"
#include "np/indexing.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/routines.hpp"
#include "np/ufunc.hpp"

int main(int argc, char** argv) {
  std::string out_path = "array_host_output.npy";
  std::string plugin_dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--plugins" && i + 1 < argc) {
      plugin_dir = argv[++i];
    } else {
      out_path = arg;
    }
  }
  // Loading: either one chosen directory or the default search path.
  std::vector<np::plugins::PluginRecord> records;
  if (!plugin_dir.empty()) {
    np::plugins::set_auto_load(false);
    records = np::plugins::load_path(np::Registry::global(), {plugin_dir});
  } else {
    np::Registry::global();  // loads the search path on first use
    records = np::plugins::loaded_plugins();
  }
  for (const auto& p : records) {
    std::cout << "plugin " << (p.name.empty() ? p.path : p.name) << ": "
              << (p.status == np::plugins::PluginStatus::Loaded ? "loaded" : "failed: " + p.reason)
              << " (" << p.loops.size() << " loops)\n";
  }
  std::cout << '\n';
  np::Array a = np::reshape(np::arange(np::Scalar(0.0), np::Scalar(24.0)), {2, 3, 4});
  std::cout << "a = " << np::array_repr(a) << "\n\n";

  np::Array view = np::getitem(a, np::parse_index("1, ::-1, 1:3", {}));
  std::cout << "a[1, ::-1, 1:3] (a view, strides " << view.strides()[0] << ", " << view.strides()[1]
            << ") = " << np::array_repr(view) << "\n\n";

  np::Array t = np::transpose(a, np::Axes{2, 0, 1});
  std::cout << "transpose(a, (2, 0, 1)).shape = (" << t.shape()[0] << ", " << t.shape()[1] << ", "
            << t.shape()[2] << "), F-contiguous copy: " << np::copy(t, np::Order::F).f_contiguous()
            << "\n\n";

  np::Array h =
      np::linspace(np::Scalar(0.0), np::Scalar(1.0), 5, true, np::dtypes::float16()).samples;
  std::cout << "linspace(0, 1, 5, dtype=float16) = " << np::array_repr(h) << "\n\n";

  np::setitem(a, np::parse_index("0, 0", {}), np::Scalar(-1.5).to_array());
  np::save_npy(out_path, a);
  np::Array back = np::load_npy(out_path);
  std::cout << "saved and reloaded " << out_path << ": " << np::array_str(back) << "\n\n";

  np::CallArgs call;
  call.args = {np::Value(a), np::Value(std::vector<np::Value>{np::Value(4), np::Value(-1)})};
  np::Array r = np::Registry::global().call("reshape", call)[0].as_array();
  std::cout << "by name: reshape(a, (4, -1)) = " << np::array_repr(r) << "\n";

  // Computing with the arith plugin's ufuncs and the core's reductions.
  const np::UFunc& add = np::Registry::global().ufunc("add");
  std::vector<np::Array> operands{
      r, np::reshape(np::arange(np::Scalar(0.0), np::Scalar(6.0)), {1, 6})};
  np::Array total = np::ufunc_call(add, operands)[0];  // (4, 6) + (1, 6) broadcasts
  std::cout << "add with broadcasting = " << np::array_repr(total) << "\n";
  np::ReductionArgs by_row;
  by_row.axis = np::Axes{1};
  std::cout << "sum(axis=1) = " << np::array_repr(np::sum(total, by_row)) << "\n";
  std::cout << "mean = " << np::array_str(np::mean(total))
            << ", std = " << np::array_str(np::stddev(total)) << "\n";
  np::Array as_int = np::astype(total, np::dtypes::int16());
  std::cout << "astype(int16) = " << np::array_repr(as_int) << "\n\n";

  try {
    np::getitem(a, np::parse_index("5", {}));
  } catch (const np::Error& e) {
    std::cout << "a[5] raises " << e.type_name() << ": " << e.what() << "\n";
  }
  return 0;
}
