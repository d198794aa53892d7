// Scalar: one element held as an owned 0-d array.
#include "np/scalar.hpp"

#include <cstring>

#include "dtype/element_cast.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "print/format_element.hpp"

namespace np {

namespace {
template <class T>
Array zero_d(const DType& dtype, T value) {
  Array a = Array::empty({}, dtype);
  std::memcpy(a.data(), &value, sizeof(T));
  return a;
}

// Strict UTF-8 decoding; ValueError on malformed input.
std::u32string utf8_to_u32(const std::string& s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + static_cast<size_t>(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
      if (extra != 0) throw ValueError("invalid UTF-8 text");
    }
    char32_t cp = extra == 0 ? c : (c & (0x3f >> extra));
    for (int k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xc0) != 0x80) throw ValueError("invalid UTF-8 text");
      cp = (cp << 6) | (cc & 0x3f);
    }
    out += cp;
    i += static_cast<size_t>(extra) + 1;
  }
  return out;
}
}  // namespace

Scalar::Scalar(bool v) : value_(zero_d<uint8_t>(dtypes::bool_(), v ? 1 : 0)) {}
Scalar::Scalar(long v) : value_(zero_d<int64_t>(dtypes::int64(), v)) {}
Scalar::Scalar(unsigned long v) : value_(zero_d<uint64_t>(dtypes::uint64(), v)) {}
Scalar::Scalar(long double v) : value_(zero_d(dtypes::longdouble(), v)) {}
Scalar::Scalar(double v) : value_(zero_d(dtypes::float64(), v)) {}
Scalar::Scalar(std::complex<double> v) : value_(zero_d(dtypes::complex128(), v)) {}

Scalar Scalar::bytes(const std::string& value) {
  Array a = Array::empty({}, DType::bytes(static_cast<int64_t>(std::max<size_t>(value.size(), 1))));
  std::memset(a.data(), 0, static_cast<size_t>(a.itemsize()));
  std::memcpy(a.data(), value.data(), value.size());
  return Scalar(a);
}

Scalar Scalar::unicode(const std::string& utf8) {
  std::u32string text = utf8_to_u32(utf8);
  Array a =
      Array::empty({}, DType::unicode(static_cast<int64_t>(std::max<size_t>(text.size(), 1))));
  std::memset(a.data(), 0, static_cast<size_t>(a.itemsize()));
  for (size_t i = 0; i < text.size(); ++i) {
    uint32_t c = text[i];
    std::memcpy(a.data() + 4 * i, &c, 4);
  }
  return Scalar(a);
}

Scalar Scalar::from_element(const DType& dtype, const std::byte* src) {
  DType native = dtype.with_native_order();
  Array a = Array::empty({}, native);
  if (native == dtype) {
    std::memcpy(a.data(), src, static_cast<size_t>(dtype.itemsize()));
  } else {
    detail::convert_element(dtype, src, native, a.data());
  }
  return Scalar(a);
}

Scalar Scalar::from_array(const Array& zero_d_array) {
  if (zero_d_array.size() != 1) {
    throw ValueError("can only convert an array of size 1 to a scalar");
  }
  const std::byte* p = zero_d_array.data();
  return from_element(zero_d_array.dtype(), p);
}

Scalar Scalar::astype(const DType& dtype) const {
  Array a = Array::empty({}, dtype);
  store(dtype, a.data());
  return Scalar(a);
}

void Scalar::store(const DType& dtype, std::byte* dst) const {
  detail::convert_element(value_.dtype(), value_.data(), dtype, dst);
}

bool Scalar::as_bool() const {
  uint8_t b;
  store(dtypes::bool_(), reinterpret_cast<std::byte*>(&b));
  return b != 0;
}
int64_t Scalar::as_int64() const {
  int64_t v;
  store(dtypes::int64(), reinterpret_cast<std::byte*>(&v));
  return v;
}
uint64_t Scalar::as_uint64() const {
  uint64_t v;
  store(dtypes::uint64(), reinterpret_cast<std::byte*>(&v));
  return v;
}
double Scalar::as_double() const {
  double v;
  store(dtypes::float64(), reinterpret_cast<std::byte*>(&v));
  return v;
}
long double Scalar::as_longdouble() const {
  long double v;
  store(dtypes::longdouble(), reinterpret_cast<std::byte*>(&v));
  return v;
}
std::complex<double> Scalar::as_complex() const {
  std::complex<double> v;
  store(dtypes::complex128(), reinterpret_cast<std::byte*>(&v));
  return v;
}

std::string Scalar::as_string() const {
  const DType& t = dtype();
  if (t.id() == TypeId::Bytes) {
    std::string s(reinterpret_cast<const char*>(data()), static_cast<size_t>(t.itemsize()));
    while (!s.empty() && s.back() == '\0')
      s.pop_back();
    return s;
  }
  if (t.id() == TypeId::Str) return print::unicode_element_to_utf8(t, data());
  throw TypeError("scalar of dtype " + t.str() + " is not text");
}

std::string Scalar::repr() const {
  return print::element_repr(dtype(), data());
}

Array Scalar::to_array() const {
  return copy(value_, Order::C);
}

}  // namespace np
