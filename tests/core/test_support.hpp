// Helpers shared by the unit tests.
#pragma once

#include <cmath>
#include <cstring>
#include <string>

#include "np/array.hpp"
#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/manipulation.hpp"

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

// n values of a slow sine in [-53, 47] (every sign, fractions, repeats once cast to integers),
// cast to `t`.
inline Array ramp(int64_t n, const DType& t) {
  Array a = empty({n}, dtypes::float64());
  auto* p = reinterpret_cast<double*>(a.data());
  for (int64_t i = 0; i < n; ++i)
    p[i] = std::sin(0.001 * static_cast<double>(i)) * 50.0 - 3.0;
  return astype(a, t);
}

// Same dtype, shape and bytes (in C order).
inline bool same_bytes(const Array& a, const Array& b) {
  Array ca = copy(a, Order::C), cb = copy(b, Order::C);
  return ca.dtype() == cb.dtype() && ca.shape() == cb.shape() &&
         std::memcmp(ca.data(), cb.data(), static_cast<size_t>(ca.nbytes())) == 0;
}

}  // namespace np::testing_support
