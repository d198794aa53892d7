// Helpers shared by the unit tests.
#pragma once

#include <string>

namespace np::testing_support {

// The message of the `Error` that fn() throws, or "no <what>" when it throws none (other
// exceptions propagate), so a test can compare NumPy's exact text.
template <class Error, class Fn>
std::string message_of(Fn&& fn, const std::string& what = "error") {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "no " + what;
}

}  // namespace np::testing_support
