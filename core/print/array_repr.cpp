// Array text following NumPy 1.24's arrayprint: per-dtype element formatters sized over the
// (summarised) data, then _formatArray's bracket nesting and line wrapping at 75 columns.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "dtype/element_cast.hpp"
#include "np/casting.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"
#include "np/kernel_types.hpp"
#include "np/manipulation.hpp"
#include "print/float_text.hpp"
#include "print/format_element.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace print {

namespace {

constexpr int kPrecision = 8;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr int kLineWidth = 75;

using Formatter = std::function<std::string(const std::byte*)>;
using Elements = std::vector<const std::byte*>;

bool is_float_type(TypeId t) {
  return t == TypeId::Float16 || t == TypeId::Float32 || t == TypeId::Float64 ||
         t == TypeId::LongDouble || t == TypeId::Float128;
}

std::string repeat(char c, int n) {
  return n > 0 ? std::string(static_cast<size_t>(n), c) : "";
}

struct PositionalParts {
  std::string sign, int_part, frac;
};

// Dragon4-positional in unique mode with a fractional-digit cutoff.
PositionalParts positional(TypeId t, const std::byte* p, int precision, int min_digits,
                           bool sign_plus) {
  FloatClass c = classify(t, p);
  PositionalParts out;
  out.sign = c.negative ? "-" : (sign_plus ? "+" : "");
  Digits d = shortest_digits(t, p);
  int n = static_cast<int>(d.digits.size());
  int frac_needed = std::max(0, n - 1 - d.exponent);
  if (c.zero) {
    out.int_part = "0";
  } else if (frac_needed > precision) {
    std::string s = rounded_fixed(t, p, precision);
    if (!s.empty() && s[0] == '-') s.erase(0, 1);
    size_t dot = s.find('.');
    out.int_part = s.substr(0, dot);
    out.frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    while (!out.frac.empty() && out.frac.back() == '0')
      out.frac.pop_back();
  } else if (d.exponent >= 0) {
    std::string digits = d.digits;
    if (static_cast<int>(digits.size()) <= d.exponent) digits += repeat('0', d.exponent + 1 - n);
    out.int_part = digits.substr(0, static_cast<size_t>(d.exponent) + 1);
    out.frac = digits.substr(static_cast<size_t>(d.exponent) + 1);
  } else {
    out.int_part = "0";
    out.frac = repeat('0', -d.exponent - 1) + d.digits;
  }
  if (static_cast<int>(out.frac.size()) < min_digits)
    out.frac += repeat('0', min_digits - static_cast<int>(out.frac.size()));
  return out;
}

struct ScientificParts {
  std::string sign, int_part, frac, exp;  // exp like "+05"
};

ScientificParts scientific(TypeId t, const std::byte* p, int precision, int min_digits,
                           bool sign_plus, int exp_digits) {
  FloatClass c = classify(t, p);
  ScientificParts out;
  out.sign = c.negative ? "-" : (sign_plus ? "+" : "");
  Digits d = shortest_digits(t, p);
  if (static_cast<int>(d.digits.size()) - 1 > precision) d = rounded_scientific(t, p, precision);
  if (c.zero) d = Digits{"0", 0, c.negative};
  out.int_part = d.digits.substr(0, 1);
  out.frac = d.digits.substr(1);
  if (static_cast<int>(out.frac.size()) < min_digits)
    out.frac += repeat('0', min_digits - static_cast<int>(out.frac.size()));
  std::string e = std::to_string(std::abs(d.exponent));
  int width = std::max(2, exp_digits);
  if (static_cast<int>(e.size()) < width) e = repeat('0', width - static_cast<int>(e.size())) + e;
  out.exp = (d.exponent < 0 ? "-" : "+") + e;
  return out;
}

// NumPy's FloatingFormat (floatmode 'maxprec', precision 8, sign '-' or '+').
class FloatFormat {
 public:
  FloatFormat(TypeId t, const Elements& data, bool sign_plus) : t_(t), sign_plus_(sign_plus) {
    Elements finite;
    bool any_neg_inf = false;
    bool any_nonfinite = false;
    long double max_abs = 0, min_abs = 0;
    bool have_nonzero = false;
    for (const std::byte* p : data) {
      FloatClass c = classify(t, p);
      if (c.nan || c.inf) {
        any_nonfinite = true;
        if (c.inf && c.negative) any_neg_inf = true;
        continue;
      }
      finite.push_back(p);
      if (!c.zero) {
        if (!have_nonzero) {
          max_abs = min_abs = c.abs;
          have_nonzero = true;
        } else {
          max_abs = std::max(max_abs, c.abs);
          min_abs = std::min(min_abs, c.abs);
        }
      }
    }
    if (finite.empty()) {
      pad_left_ = pad_right_ = 0;
    } else {
      exp_ = have_nonzero && (max_abs >= 1e8L || min_abs < 0.0001L || max_abs / min_abs > 1000.0L);
      if (exp_) {
        int max_frac = 0, max_exp = 0, max_int = 0;
        for (const std::byte* p : finite) {
          ScientificParts s = scientific(t, p, kPrecision, 0, sign_plus, 0);
          max_frac = std::max(max_frac, static_cast<int>(s.frac.size()));
          max_exp = std::max(max_exp, static_cast<int>(s.exp.size()));
          max_int = std::max(max_int, static_cast<int>((s.sign + s.int_part).size()));
        }
        exp_size_ = max_exp - 1;
        precision_ = max_frac;
        min_digits_ = precision_;
        pad_left_ = max_int;
        pad_right_ = exp_size_ + 2 + precision_;
      } else {
        int max_int = 0, max_frac = 0;
        for (const std::byte* p : finite) {
          PositionalParts s = positional(t, p, kPrecision, 0, sign_plus);
          max_int = std::max(max_int, static_cast<int>((s.sign + s.int_part).size()));
          max_frac = std::max(max_frac, static_cast<int>(s.frac.size()));
        }
        pad_left_ = max_int;
        pad_right_ = max_frac;
      }
    }
    if (any_nonfinite) {
      int neginf = (sign_plus || any_neg_inf) ? 1 : 0;
      int offset = pad_right_ + 1;
      pad_left_ = std::max({pad_left_, 3 - offset, 3 + neginf - offset});
    }
  }

  std::string operator()(const std::byte* p) const {
    FloatClass c = classify(t_, p);
    if (c.nan || c.inf) {
      std::string ret = c.nan ? std::string(sign_plus_ ? "+" : "") + "nan"
                              : std::string(c.negative ? "-" : (sign_plus_ ? "+" : "")) + "inf";
      return repeat(' ', pad_left_ + pad_right_ + 1 - static_cast<int>(ret.size())) + ret;
    }
    if (exp_) {
      ScientificParts s = scientific(t_, p, precision_, min_digits_, sign_plus_, exp_size_);
      std::string head = s.sign + s.int_part;
      return repeat(' ', pad_left_ - static_cast<int>(head.size())) + head + "." + s.frac + "e" +
             s.exp;
    }
    PositionalParts s = positional(t_, p, kPrecision, 0, sign_plus_);
    std::string head = s.sign + s.int_part;
    return repeat(' ', pad_left_ - static_cast<int>(head.size())) + head + "." + s.frac +
           repeat(' ', pad_right_ - static_cast<int>(s.frac.size()));
  }

 private:
  TypeId t_;
  bool sign_plus_;
  bool exp_ = false;
  int precision_ = kPrecision;
  int min_digits_ = 0;
  int pad_left_ = 0, pad_right_ = 0, exp_size_ = -1;
};

std::string int_text(const DType& t, const std::byte* p) {
  detail::WideNumber w = detail::load_number(t, p);
  if (w.tag == detail::WideNumber::Tag::Unsigned) return std::to_string(w.u);
  return std::to_string(w.i);
}

std::string utf8_of(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Python's repr of a bytes object.
std::string bytes_repr(const std::byte* p, int64_t n, bool strip_nuls) {
  std::string s(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  if (strip_nuls) {
    while (!s.empty() && s.back() == '\0')
      s.pop_back();
  }
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char q = (has_single && !has_double) ? '"' : '\'';
  std::string out = "b";
  out += q;
  static const char* hex = "0123456789abcdef";
  for (unsigned char c : s) {
    if (c == static_cast<unsigned char>(q) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += q;
  return out;
}

// A formatter for all of `data` (elements of dtype t), NumPy's _get_format_function.
Formatter make_formatter(const DType& t, const Elements& data, bool zero_d);

Formatter make_complex_formatter(const DType& t, const Elements& data) {
  DType r = t.real_type().with_native_order();
  int64_t half = r.itemsize();
  // Native copies of the parts so the float formatter can read them.
  auto reals = std::make_shared<std::vector<std::byte>>();
  auto imags = std::make_shared<std::vector<std::byte>>();
  reals->resize(static_cast<size_t>(half) * data.size());
  imags->resize(static_cast<size_t>(half) * data.size());
  Elements re, im;
  for (size_t i = 0; i < data.size(); ++i) {
    detail::convert_element(t.real_type(), data[i], r, reals->data() + i * half);
    detail::convert_element(t.real_type(), data[i] + half, r, imags->data() + i * half);
  }
  for (size_t i = 0; i < data.size(); ++i) {
    re.push_back(reals->data() + i * half);
    im.push_back(imags->data() + i * half);
  }
  auto rf = std::make_shared<FloatFormat>(r.id(), re, false);
  auto imf = std::make_shared<FloatFormat>(r.id(), im, true);
  DType src_real = t.real_type();
  return [rf, imf, r, src_real, half](const std::byte* p) {
    std::byte a[16], b[16];
    detail::convert_element(src_real, p, r, a);
    detail::convert_element(src_real, p + half, r, b);
    std::string rs = (*rf)(a);
    std::string is = (*imf)(b);
    size_t sp = is.find_last_not_of(' ') + 1;
    std::string trailing = is.substr(sp);
    return rs + is.substr(0, sp) + "j" + trailing;
  };
}

Formatter make_formatter(const DType& t, const Elements& data, bool zero_d) {
  if (t.is_bool()) {
    return [zero_d](const std::byte* p) {
      bool v = static_cast<uint8_t>(*p) != 0;
      return v ? (zero_d ? "True" : " True") : "False";
    };
  }
  if (t.is_integer()) {
    size_t width = 0;
    for (const std::byte* p : data)
      width = std::max(width, int_text(t, p).size());
    return [t, width](const std::byte* p) {
      std::string s = int_text(t, p);
      return repeat(' ', static_cast<int>(width) - static_cast<int>(s.size())) + s;
    };
  }
  if (is_float_type(t.id())) {
    if (t.is_native()) {
      auto f = std::make_shared<FloatFormat>(t.id(), data, false);
      return [f](const std::byte* p) { return (*f)(p); };
    }
    DType n = t.with_native_order();
    auto storage =
        std::make_shared<std::vector<std::byte>>(data.size() * static_cast<size_t>(t.itemsize()));
    Elements native;
    for (size_t i = 0; i < data.size(); ++i) {
      detail::convert_element(t, data[i], n, storage->data() + i * t.itemsize());
      native.push_back(storage->data() + i * t.itemsize());
    }
    auto f = std::make_shared<FloatFormat>(n.id(), native, false);
    return [f, t, n](const std::byte* p) {
      std::byte b[16];
      detail::convert_element(t, p, n, b);
      return (*f)(b);
    };
  }
  if (t.is_complex()) return make_complex_formatter(t, data);
  if (t.id() == TypeId::Datetime || t.id() == TypeId::Timedelta) {
    bool is_dt = t.id() == TypeId::Datetime;
    auto text = [t, is_dt](int64_t v) {
      return is_dt ? "'" + datetime_as_string(t, v) + "'" : std::to_string(v);
    };
    size_t width = 0;
    bool any_nat = false;
    for (const std::byte* p : data) {
      int64_t v = detail::load_number(t, p).i;
      if (v == kernels::kNaT) {
        any_nat = true;
        continue;
      }
      width = std::max(width, text(v).size());
    }
    if (any_nat) width = std::max<size_t>(width, 5);
    return [t, text, width](const std::byte* p) {
      int64_t v = detail::load_number(t, p).i;
      const std::string s = v == kernels::kNaT ? "'NaT'" : text(v);
      return repeat(' ', static_cast<int>(width) - static_cast<int>(s.size())) + s;
    };
  }
  if (t.id() == TypeId::Bytes) {
    return [t](const std::byte* p) { return bytes_repr(p, t.itemsize(), true); };
  }
  if (t.id() == TypeId::Str) {
    return [t](const std::byte* p) { return py::repr_str(unicode_element_to_utf8(t, p)); };
  }
  if (t.has_fields()) {
    std::vector<Formatter> fmts;
    std::vector<int64_t> offsets;
    std::vector<DType> types;
    for (const Field& f : t.fields()) {
      DType ft = f.dtype();
      DType comp = ft.component();
      Elements column;
      int64_t count = comp.itemsize() ? ft.itemsize() / comp.itemsize() : 0;
      for (const std::byte* p : data) {
        for (int64_t k = 0; k < count; ++k)
          column.push_back(p + f.offset + k * comp.itemsize());
      }
      fmts.push_back(make_formatter(comp, column, false));
      offsets.push_back(f.offset);
      types.push_back(ft);
    }
    return [fmts, offsets, types](const std::byte* p) {
      std::string out = "(";
      for (size_t i = 0; i < fmts.size(); ++i) {
        if (i) out += ", ";
        const DType& ft = types[i];
        if (!ft.has_subarray()) {
          out += fmts[i](p + offsets[i]);
          continue;
        }
        // Subarray field: nested lists of the component.
        DType comp = ft.component();
        const Shape& shape = ft.subarray_shape();
        std::function<std::string(size_t, int64_t)> nest = [&](size_t axis,
                                                               int64_t base) -> std::string {
          if (axis == shape.size()) return fmts[i](p + offsets[i] + base * comp.itemsize());
          int64_t inner = 1;
          for (size_t k = axis + 1; k < shape.size(); ++k)
            inner *= shape[k];
          std::string s = "[";
          for (int64_t j = 0; j < shape[axis]; ++j) {
            if (j) s += ", ";
            s += nest(axis + 1, base + j * inner);
          }
          return s + "]";
        };
        out += nest(0, 0);
      }
      if (fmts.size() == 1) out += ",";
      return out + ")";
    };
  }
  // Unstructured void: the bytes.
  return [t](const std::byte* p) { return bytes_repr(p, t.itemsize(), false); };
}

// Element pointers of `a` (leading/trailing edge items per axis when summarising), C order.
void collect(const Array& a, bool summarize, Elements& out) {
  std::vector<int64_t> idx;
  std::function<void(int, int64_t)> rec = [&](int axis, int64_t off) {
    if (axis == a.ndim()) {
      out.push_back(a.data() + off);
      return;
    }
    int64_t n = a.shape()[axis];
    int64_t s = a.strides()[axis];
    if (summarize && n > 2 * kEdgeItems) {
      for (int64_t i = 0; i < kEdgeItems; ++i)
        rec(axis + 1, off + i * s);
      for (int64_t i = n - kEdgeItems; i < n; ++i)
        rec(axis + 1, off + i * s);
    } else {
      for (int64_t i = 0; i < n; ++i)
        rec(axis + 1, off + i * s);
    }
  };
  rec(0, 0);
}

void extend_line(std::string& s, std::string& line, const std::string& word, int line_width,
                 const std::string& next_line_prefix) {
  bool needs_wrap = static_cast<int>(line.size() + word.size()) > line_width;
  if (line.size() <= next_line_prefix.size()) needs_wrap = false;
  if (needs_wrap) {
    size_t end = line.find_last_not_of(' ');
    s += (end == std::string::npos ? std::string() : line.substr(0, end + 1)) + "\n";
    line = next_line_prefix;
  }
  line += word;
}

std::string rstrip(const std::string& s) {
  size_t end = s.find_last_not_of(' ');
  return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

std::string format_array(const Array& a, const Formatter& fmt, int line_width,
                         const std::string& next_line_prefix, const std::string& separator,
                         bool summarize) {
  std::function<std::string(int, int64_t, const std::string&, int)> rec =
      [&](int axis, int64_t off, const std::string& hanging_indent, int curr_width) -> std::string {
    int axes_left = a.ndim() - axis;
    if (axes_left == 0) return fmt(a.data() + off);
    std::string next_hanging_indent = hanging_indent + " ";
    int next_width = curr_width - 1;
    int64_t n = a.shape()[axis];
    int64_t stride = a.strides()[axis];
    bool show_summary = summarize && 2 * kEdgeItems < n;
    int64_t leading = show_summary ? kEdgeItems : 0;
    int64_t trailing = show_summary ? kEdgeItems : n;
    std::string s;
    if (axes_left == 1) {
      int elem_width = curr_width - std::max(static_cast<int>(rstrip(separator).size()), 1);
      std::string line = hanging_indent;
      for (int64_t i = 0; i < leading; ++i) {
        extend_line(s, line, rec(axis + 1, off + i * stride, next_hanging_indent, next_width),
                    elem_width, hanging_indent);
        line += separator;
      }
      if (show_summary) {
        extend_line(s, line, "...", elem_width, hanging_indent);
        line += separator;
      }
      for (int64_t i = trailing; i > 1; --i) {
        extend_line(s, line, rec(axis + 1, off + (n - i) * stride, next_hanging_indent, next_width),
                    elem_width, hanging_indent);
        line += separator;
      }
      extend_line(s, line, rec(axis + 1, off + (n - 1) * stride, next_hanging_indent, next_width),
                  elem_width, hanging_indent);
      s += line;
    } else {
      std::string line_sep =
          rstrip(separator) + std::string(static_cast<size_t>(axes_left - 1), '\n');
      for (int64_t i = 0; i < leading; ++i) {
        s += hanging_indent + rec(axis + 1, off + i * stride, next_hanging_indent, next_width) +
             line_sep;
      }
      if (show_summary) s += hanging_indent + "..." + line_sep;
      for (int64_t i = trailing; i > 1; --i) {
        s += hanging_indent +
             rec(axis + 1, off + (n - i) * stride, next_hanging_indent, next_width) + line_sep;
      }
      s += hanging_indent + rec(axis + 1, off + (n - 1) * stride, next_hanging_indent, next_width);
    }
    return "[" + s.substr(hanging_indent.size()) + "]";
  };
  return rec(0, 0, next_line_prefix, line_width);
}

// A registered dtype prints through a builtin type it casts to (its values, not its bytes):
// float64 for float-like kinds, complex128, int64, bool, else any type with a cast.
std::optional<DType> display_dtype(const DType& t) {
  std::vector<DType> order;
  switch (t.kind()) {
    case 'c':
      order.push_back(dtypes::complex128());
      break;
    case 'i':
    case 'u':
      order.push_back(dtypes::int64());
      break;
    case 'b':
      order.push_back(dtypes::bool_());
      break;
    default:
      break;
  }
  order.push_back(dtypes::float64());
  for (const DType& d : order) {
    if (can_cast(t, d, Casting::Unsafe)) return d;
  }
  return std::nullopt;
}

std::string array2string(const Array& a, const std::string& separator, const std::string& prefix,
                         const std::string& suffix) {
  if (a.dtype().is_user()) {
    auto shown = display_dtype(a.dtype());
    return array2string(shown ? astype(a, *shown) : view(a, DType::void_(a.itemsize())), separator,
                        prefix, suffix);
  }
  bool summarize = a.size() > kThreshold;
  Elements data;
  collect(a, summarize, data);
  if (a.size() == 0 && a.ndim() > 0) return "[]";
  Formatter fmt = make_formatter(a.dtype(), data, a.ndim() == 0);
  if (a.ndim() == 0) return fmt(a.data());
  // The continuation prefix skips the prefix text and the opening bracket.
  return format_array(a, fmt, kLineWidth - static_cast<int>(suffix.size()),
                      std::string(prefix.size() + 1, ' '), separator, summarize);
}

// NumPy's dtype_short_repr for the `dtype=` part of array repr.
std::string dtype_short_repr(const DType& t) {
  if (t.has_fields()) {
    std::string r = t.repr();  // "dtype(" ... ")"
    std::string inner = r.substr(6, r.size() - 7);
    size_t align = inner.find(", align=True");
    if (align != std::string::npos) inner = inner.substr(0, align);
    return inner;
  }
  if (t.id() == TypeId::Bytes || t.id() == TypeId::Str || t.id() == TypeId::Void) {
    return "'" + t.str() + "'";
  }
  // NumPy prints the type name whatever the byte order, quoted unless it is an identifier.
  std::string name = t.name();
  bool plain = std::all_of(name.begin(), name.end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  return plain ? name : "'" + name + "'";
}

// NumPy's _typelessdata: int_, float_, complex_ and bool_ (by scalar type, any byte order).
bool dtype_is_implied(const DType& t) {
  switch (t.id()) {
    case TypeId::Bool:
    case TypeId::Float64:
    case TypeId::Complex128:
      return true;
    case TypeId::Int64:
      return t.char_code() == 'l';
    default:
      return false;
  }
}

}  // namespace

std::string unicode_element_to_utf8(const DType& t, const std::byte* p) {
  std::string out;
  std::u32string chars;
  bool swap = !t.is_native();
  for (int64_t i = 0; i < t.itemsize() / 4; ++i) {
    uint32_t c;
    std::memcpy(&c, p + 4 * i, 4);
    if (swap) c = __builtin_bswap32(c);
    chars += static_cast<char32_t>(c);
  }
  while (!chars.empty() && chars.back() == 0)
    chars.pop_back();
  for (char32_t c : chars)
    out += utf8_of(c);
  return out;
}

std::string element_repr(const DType& t, const std::byte* p) {
  if (t.is_user()) {
    auto shown = display_dtype(t);
    if (!shown) return element_repr(DType::void_(t.itemsize()), p);
    std::vector<std::byte> value(static_cast<size_t>(shown->itemsize()));
    detail::convert_element(t, p, *shown, value.data());
    return element_repr(*shown, value.data());
  }
  if (is_float_type(t.id()) && t.is_native()) {
    FloatClass c = classify(t.id(), p);
    if (c.nan) return "nan";
    if (c.inf) return c.negative ? "-inf" : "inf";
    if (c.zero || (c.abs >= 1e-4L && c.abs < 1e16L)) {
      PositionalParts s = positional(t.id(), p, 1000, 1, false);
      return s.sign + s.int_part + "." + s.frac;
    }
    ScientificParts s = scientific(t.id(), p, 1000, 0, false, 2);
    return s.sign + s.int_part + (s.frac.empty() ? "" : "." + s.frac) + "e" + s.exp;
  }
  Elements one{p};
  return make_formatter(t, one, true)(p);
}

}  // namespace print

std::string array_repr(const Array& a) {
  const std::string prefix = "array(";
  std::string lst;
  if (a.size() > 0 || a.shape() == Shape{0}) {
    lst = print::array2string(a, ", ", prefix, ")");
  } else {
    lst = "[], shape=" + py::repr_shape(a.shape());
  }
  if (print::dtype_is_implied(a.dtype()) && a.size() > 0) return prefix + lst + ")";
  std::string arr = prefix + lst + ",";
  std::string type = print::dtype_short_repr(a.dtype());
  size_t last_nl = arr.rfind('\n');
  size_t last_len = last_nl == std::string::npos ? arr.size() : arr.size() - last_nl - 1;
  std::string spacer = " ";
  if (static_cast<int>(last_len + 1 + 6 + type.size()) + 1 > print::kLineWidth) {
    spacer = "\n" + std::string(prefix.size(), ' ');
  }
  return arr + spacer + "dtype=" + type + ")";
}

std::string array_str(const Array& a) {
  if (a.ndim() == 0) {
    if (a.dtype().id() == TypeId::Str) return print::unicode_element_to_utf8(a.dtype(), a.data());
    return print::element_repr(a.dtype(), a.data());
  }
  return print::array2string(a, " ", "", "");
}

}  // namespace np
