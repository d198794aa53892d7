// Shortest round-trip and correctly rounded decimal text for every float width. float32/64 and
// x87 long double use std::to_chars; float16 searches digit counts against the exact binary16
// conversion; binary128 uses Boost.Multiprecision's float128.
#include <boost/multiprecision/float128.hpp>
#include <charconv>
#include <cmath>
#include <cstring>

#include "np/errors.hpp"
#include "np/float16.hpp"
#include "print/float_text.hpp"
#include "print/format_element.hpp"

namespace np::print {

namespace {

Digits parse_scientific(const std::string& text) {
  // "-d.ddde+XX" or "de+XX"
  Digits d{};
  size_t i = 0;
  if (text[i] == '-') {
    d.negative = true;
    ++i;
  }
  size_t e = text.find_first_of("eE", i);
  for (size_t k = i; k < e; ++k) {
    if (text[k] != '.') d.digits += text[k];
  }
  d.exponent = std::stoi(text.substr(e + 1));
  while (d.digits.size() > 1 && d.digits.back() == '0')
    d.digits.pop_back();
  return d;
}

template <class T>
std::string to_chars_sci(T v, int precision = -1) {
  char buf[128];
  auto r = precision < 0
               ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific)
               : std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, precision);
  return std::string(buf, r.ptr);
}

template <class T>
std::string to_chars_fixed(T v, int precision) {
  char buf[6000];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
  return std::string(buf, r.ptr);
}

using boost::multiprecision::float128;

std::string quad_sci(__float128 v, int precision) {
  return float128(v).str(precision + 1, std::ios_base::scientific);
}

}  // namespace

Digits shortest_digits(TypeId type, const std::byte* p) {
  switch (type) {
    case TypeId::Float16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      double v = half_to_double(h);
      for (int prec = 0; prec < 17; ++prec) {
        std::string s = to_chars_sci(v, prec);
        double back = std::strtod(s.c_str(), nullptr);
        if (double_to_half(back) == h) return parse_scientific(s);
      }
      return parse_scientific(to_chars_sci(v));
    }
    case TypeId::Float32: {
      float v;
      std::memcpy(&v, p, 4);
      return parse_scientific(to_chars_sci(v));
    }
    case TypeId::Float64: {
      double v;
      std::memcpy(&v, p, 8);
      return parse_scientific(to_chars_sci(v));
    }
    case TypeId::LongDouble: {
      long double v;
      std::memcpy(&v, p, sizeof v);
      return parse_scientific(to_chars_sci(v));
    }
    case TypeId::Float128: {
      __float128 v;
      std::memcpy(&v, p, 16);
      for (int prec = 0; prec < 40; ++prec) {
        std::string s = quad_sci(v, prec);
        if (float128(s).backend().value() == v) return parse_scientific(s);
      }
      return parse_scientific(quad_sci(v, 36));
    }
    default:
      throw TypeError("shortest_digits: not a float type");
  }
}

std::string rounded_fixed(TypeId type, const std::byte* p, int precision) {
  switch (type) {
    case TypeId::Float16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      return to_chars_fixed(half_to_double(h), precision);
    }
    case TypeId::Float32: {
      float v;
      std::memcpy(&v, p, 4);
      return to_chars_fixed(v, precision);
    }
    case TypeId::Float64: {
      double v;
      std::memcpy(&v, p, 8);
      return to_chars_fixed(v, precision);
    }
    case TypeId::LongDouble: {
      long double v;
      std::memcpy(&v, p, sizeof v);
      return to_chars_fixed(v, precision);
    }
    case TypeId::Float128: {
      __float128 v;
      std::memcpy(&v, p, 16);
      return float128(v).str(precision, std::ios_base::fixed);
    }
    default:
      throw TypeError("rounded_fixed: not a float type");
  }
}

Digits rounded_scientific(TypeId type, const std::byte* p, int precision) {
  switch (type) {
    case TypeId::Float16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      return parse_scientific(to_chars_sci(half_to_double(h), precision));
    }
    case TypeId::Float32: {
      float v;
      std::memcpy(&v, p, 4);
      return parse_scientific(to_chars_sci(v, precision));
    }
    case TypeId::Float64: {
      double v;
      std::memcpy(&v, p, 8);
      return parse_scientific(to_chars_sci(v, precision));
    }
    case TypeId::LongDouble: {
      long double v;
      std::memcpy(&v, p, sizeof v);
      return parse_scientific(to_chars_sci(v, precision));
    }
    case TypeId::Float128: {
      __float128 v;
      std::memcpy(&v, p, 16);
      return parse_scientific(quad_sci(v, precision));
    }
    default:
      throw TypeError("rounded_scientific: not a float type");
  }
}

FloatClass classify(TypeId type, const std::byte* p) {
  long double v;
  switch (type) {
    case TypeId::Float16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      v = half_to_double(h);
      break;
    }
    case TypeId::Float32: {
      float f;
      std::memcpy(&f, p, 4);
      v = f;
      break;
    }
    case TypeId::Float64: {
      double d;
      std::memcpy(&d, p, 8);
      v = d;
      break;
    }
    case TypeId::LongDouble:
      std::memcpy(&v, p, sizeof v);
      break;
    case TypeId::Float128: {
      __float128 q;
      std::memcpy(&q, p, 16);
      FloatClass c;
      c.nan = q != q;
      c.inf = !c.nan && (q - q) != (q - q);  // inf - inf is NaN
      c.negative = std::signbit(static_cast<double>(q)) || (q < 0);
      c.zero = q == 0;
      c.abs = c.nan || c.inf ? 0 : static_cast<long double>(q < 0 ? -q : q);
      return c;
    }
    default:
      throw TypeError("classify: not a float type");
  }
  FloatClass c;
  c.nan = std::isnan(v);
  c.inf = std::isinf(v);
  c.negative = std::signbit(v);
  c.zero = v == 0;
  c.abs = std::fabs(v);
  return c;
}

}  // namespace np::print
