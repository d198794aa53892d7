// A dtype-erased scalar: one element with its dtype (a 0-d array value). Used for fill values,
// 0-d results and element reads. Copies share the element; set() is not offered, so a Scalar
// behaves as an immutable value.
#pragma once

#include <complex>
#include <cstdint>
#include <string>

#include "np/array.hpp"

namespace np {

class Scalar {
 public:
  Scalar() : Scalar(0.0) {}
  Scalar(bool v);
  Scalar(long v);           // int64 (int64_t is long on LP64)
  Scalar(unsigned long v);  // uint64
  Scalar(int v) : Scalar(static_cast<long>(v)) {}
  Scalar(long long v) : Scalar(static_cast<long>(v)) {}
  Scalar(unsigned v) : Scalar(static_cast<unsigned long>(v)) {}
  Scalar(unsigned long long v) : Scalar(static_cast<unsigned long>(v)) {}
  Scalar(double v);
  Scalar(long double v);
  Scalar(std::complex<double> v);
  // A bytes_ scalar (dtype S<n>).
  static Scalar bytes(const std::string& value);
  // A str_ scalar (dtype U<n>) from UTF-8 text.
  static Scalar unicode(const std::string& utf8);
  // Copies one element of `dtype` from `src`.
  static Scalar from_element(const DType& dtype, const std::byte* src);
  static Scalar from_array(const Array& zero_d);

  const DType& dtype() const { return value_.dtype(); }
  const std::byte* data() const { return value_.data(); }
  // The value converted (unsafe casting) to another dtype.
  Scalar astype(const DType& dtype) const;
  // Writes the value converted to `dtype` at dst.
  void store(const DType& dtype, std::byte* dst) const;

  bool as_bool() const;
  int64_t as_int64() const;
  uint64_t as_uint64() const;
  double as_double() const;
  long double as_longdouble() const;
  std::complex<double> as_complex() const;
  // Text of S/U scalars (UTF-8); TypeError for other kinds.
  std::string as_string() const;

  // NumPy's repr of the scalar value as an array element prints it (e.g. "1.5", "True", "b'ab'").
  std::string repr() const;
  // The 0-d array holding the value (a fresh copy).
  Array to_array() const;

 private:
  explicit Scalar(Array value) : value_(std::move(value)) {}
  Array value_;  // 0-d, native byte order, owned
};

}  // namespace np
