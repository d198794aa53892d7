// Numbers <-> text for casts between numeric and S/U dtypes, with Python's text forms (NumPy's
// astype(str) writes str(scalar); astype(number) parses with int()/float()/complex()).
#include <algorithm>
#include <boost/multiprecision/float128.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstring>

#include "dtype/element_cast.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"
#include "np/kernel_types.hpp"
#include "print/format_element.hpp"
#include "util/pyrepr.hpp"

namespace np::detail {

namespace {

std::string strip_dot_zero(std::string s) {
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string complex_text(const DType& t, const std::byte* p) {
  DType part = t.real_type().with_native_order();
  alignas(16) std::byte re[16], im[16];
  convert_element(t.real_type(), p, part, re);
  convert_element(t.real_type(), p + part.itemsize(), part, im);
  std::string rs = strip_dot_zero(print::element_repr(part, re));
  std::string is = strip_dot_zero(print::element_repr(part, im));
  WideNumber rw = load_number(part, re);
  bool real_is_plus_zero =
      (rw.tag == WideNumber::Tag::Quad ? rw.qre == 0 && !std::signbit(static_cast<double>(rw.qre))
                                       : rw.re == 0 && !std::signbit(rw.re));
  if (real_is_plus_zero) return is + "j";
  if (is[0] != '-') is = "+" + is;
  return "(" + rs + is + "j)";
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return std::string(s.substr(b, e - b));
}

// Python's literal for error messages: 'abc' for str, b'abc' for bytes.
std::string quoted(const std::string& text, bool is_bytes) {
  return (is_bytes ? "b" : "") + py::repr_str(text);
}

// Python int(): optional sign, digits with single underscores between them.
bool parse_python_int(const std::string& s, __int128& out, bool& overflow) {
  overflow = false;
  size_t p = 0;
  bool neg = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) neg = s[p++] == '-';
  if (p >= s.size()) return false;
  __int128 v = 0;
  bool last_digit = false;
  for (; p < s.size(); ++p) {
    char c = s[p];
    if (c == '_' && last_digit && p + 1 < s.size() &&
        std::isdigit(static_cast<unsigned char>(s[p + 1]))) {
      last_digit = false;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    if (v > (static_cast<__int128>(1) << 100)) overflow = true;
    if (!overflow) v = v * 10 + (c - '0');
    last_digit = true;
  }
  out = neg ? -v : v;
  return true;
}

// Python float() grammar (decimal, inf, infinity, nan; underscores between digits).
bool valid_python_float(const std::string& s) {
  size_t p = 0;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) ++p;
  std::string rest;
  for (char c : s.substr(p))
    rest += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (rest == "inf" || rest == "infinity" || rest == "nan") return true;
  bool digits = false, dot = false, exp = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits = true;
    } else if (c == '_' && i > 0 && std::isdigit(static_cast<unsigned char>(rest[i - 1])) &&
               i + 1 < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i + 1]))) {
    } else if (c == '.' && !dot && !exp) {
      dot = true;
    } else if (c == 'e' && digits && !exp) {
      exp = true;
      digits = false;
      if (i + 1 < rest.size() && (rest[i + 1] == '+' || rest[i + 1] == '-')) ++i;
    } else {
      return false;
    }
  }
  return digits;
}

std::string without_underscores(std::string s) {
  std::erase(s, '_');
  return s;
}

// Python complex(): "a", "bj", "a+bj", "(a+bj)" with float literals a and b.
bool parse_python_complex(std::string s, double& re, double& im) {
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = trim(s.substr(1, s.size() - 2));
  if (s.empty()) return false;
  if (s.back() != 'j' && s.back() != 'J') {
    if (!valid_python_float(s)) return false;
    re = std::strtod(without_underscores(s).c_str(), nullptr);
    im = 0;
    return true;
  }
  std::string body = s.substr(0, s.size() - 1);
  // Split at the last sign that is not part of an exponent and not the first character.
  size_t split = std::string::npos;
  for (size_t i = body.size(); i-- > 1;) {
    if ((body[i] == '+' || body[i] == '-') && body[i - 1] != 'e' && body[i - 1] != 'E') {
      split = i;
      break;
    }
  }
  std::string real_part = split == std::string::npos ? "" : body.substr(0, split);
  std::string imag_part = split == std::string::npos ? body : body.substr(split);
  if (imag_part.empty() || imag_part == "+" || imag_part == "-") imag_part += "1";
  if (!real_part.empty() && !valid_python_float(real_part)) return false;
  if (!valid_python_float(imag_part)) return false;
  re = real_part.empty() ? 0.0 : std::strtod(without_underscores(real_part).c_str(), nullptr);
  im = std::strtod(without_underscores(imag_part).c_str(), nullptr);
  return true;
}

}  // namespace

std::string element_to_text(const DType& t, const std::byte* p) {
  switch (t.kind()) {
    case 'b':
      return static_cast<uint8_t>(*p) ? "True" : "False";
    case 'i':
      return std::to_string(load_number(t, p).i);
    case 'u':
      return std::to_string(load_number(t, p).u);
    case 'f': {
      DType n = t.with_native_order();
      alignas(16) std::byte b[16];
      convert_element(t, p, n, b);
      return print::element_repr(n, b);
    }
    case 'c':
      return complex_text(t, p);
    case 'M':
      return datetime_as_string(t, load_number(t, p).i);
    case 'm':
      return timedelta_text(t, load_number(t, p).i);
    default:
      throw TypeError("no text form for dtype " + t.str());
  }
}

void text_to_element(const std::string& raw, bool from_bytes, const DType& t, std::byte* dst) {
  std::string s = trim(raw);
  if (t.kind() == 'M' || t.kind() == 'm') {
    int64_t v;
    if (t.kind() == 'M') {
      v = parse_datetime_text(raw, t);
    } else if (s.empty() || s == "NaT" || s == "nat") {
      v = kernels::kNaT;
    } else {
      // NumPy accepts only a plain signed integer here: no spaces, no underscores.
      std::string_view digits = raw;
      if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
      bool plain = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      __int128 x;
      bool overflow;
      if (!plain || !parse_python_int(raw, x, overflow) || overflow) {
        throw ValueError("Could not convert object to NumPy timedelta");
      }
      v = static_cast<int64_t>(x);
    }
    WideNumber w;
    w.tag = WideNumber::Tag::Signed;
    w.i = v;
    store_number(w, t, dst);
    return;
  }
  WideNumber w;
  if (t.kind() == 'b' || t.kind() == 'i' || t.kind() == 'u') {
    __int128 x;
    bool overflow;
    if (!parse_python_int(s, x, overflow)) {
      throw ValueError("invalid literal for int() with base 10: " + quoted(raw, from_bytes));
    }
    if (overflow || x > static_cast<__int128>(UINT64_MAX) || x < static_cast<__int128>(INT64_MIN)) {
      throw OverflowError("Python int too large to convert to C long");
    }
    if (x > INT64_MAX) {
      w.tag = WideNumber::Tag::Unsigned;
      w.u = static_cast<uint64_t>(x);
    } else {
      w.tag = WideNumber::Tag::Signed;
      w.i = static_cast<int64_t>(x);
    }
  } else if (t.id() == TypeId::LongDouble) {
    // NumPy parses long doubles with strtold: leading space allowed, trailing text not.
    char* end = nullptr;
    const char* begin = raw.c_str();
    long double v = std::strtold(begin, &end);
    if (end == begin || *end != '\0' || raw.find('_') != std::string::npos) {
      throw ValueError("could not convert string to float: " + quoted(raw, from_bytes));
    }
    w.tag = WideNumber::Tag::Real;
    w.re = v;
  } else if (t.kind() == 'f') {
    if (!valid_python_float(s)) {
      throw ValueError("could not convert string to float: " + quoted(raw, from_bytes));
    }
    std::string clean = without_underscores(s);
    if (t.id() == TypeId::Float128) {
      w.tag = WideNumber::Tag::Quad;
      w.qre = boost::multiprecision::float128(clean).backend().value();
    } else {
      w.tag = WideNumber::Tag::Real;
      w.re = t.id() == TypeId::LongDouble
                 ? std::strtold(clean.c_str(), nullptr)
                 : static_cast<long double>(std::strtod(clean.c_str(), nullptr));
    }
  } else if (t.kind() == 'c') {
    double re, im;
    if (!parse_python_complex(s, re, im)) throw ValueError("complex() arg is a malformed string");
    w.tag = WideNumber::Tag::Complex;
    w.re = re;
    w.im = im;
  } else {
    throw TypeError("cannot parse text into dtype " + t.str());
  }
  store_number(w, t, dst);
}

}  // namespace np::detail
