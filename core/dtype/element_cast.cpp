// Single-element conversions (see element_cast.hpp).
#include "dtype/element_cast.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <vector>

#include "np/errors.hpp"
#include "np/float16.hpp"
#include "np/kernel_convert.hpp"
#include "np/user_dtypes.hpp"

namespace np::detail {

namespace {

constexpr bool kLittleHost = std::endian::native == std::endian::little;

bool needs_swap(const DType& t) {
  return (t.endian() == Endian::Big && kLittleHost) ||
         (t.endian() == Endian::Little && !kLittleHost);
}

// Bytes of one scalar component (complex types swap each half separately).
int64_t component_size(const DType& t) {
  return t.is_complex() ? t.itemsize() / 2 : t.itemsize();
}

template <class T>
T read_as(const std::byte* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class T>
void write_as(std::byte* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

long double as_real(const WideNumber& w) {
  switch (w.tag) {
    case WideNumber::Tag::Bool:
      return w.b ? 1.0L : 0.0L;
    case WideNumber::Tag::Signed:
      return static_cast<long double>(w.i);
    case WideNumber::Tag::Unsigned:
      return static_cast<long double>(w.u);
    case WideNumber::Tag::Real:
    case WideNumber::Tag::Complex:
      return w.re;
    case WideNumber::Tag::Quad:
    case WideNumber::Tag::QuadComplex:
      return static_cast<long double>(w.qre);
  }
  return 0;
}

long double as_imag(const WideNumber& w) {
  if (w.tag == WideNumber::Tag::Complex) return w.im;
  if (w.tag == WideNumber::Tag::QuadComplex) return static_cast<long double>(w.qim);
  return 0;
}

__float128 as_quad(const WideNumber& w) {
  switch (w.tag) {
    case WideNumber::Tag::Signed:
      return static_cast<__float128>(w.i);
    case WideNumber::Tag::Unsigned:
      return static_cast<__float128>(w.u);
    case WideNumber::Tag::Quad:
    case WideNumber::Tag::QuadComplex:
      return w.qre;
    default:
      return static_cast<__float128>(as_real(w));
  }
}

__float128 as_quad_imag(const WideNumber& w) {
  if (w.tag == WideNumber::Tag::QuadComplex) return w.qim;
  return static_cast<__float128>(as_imag(w));
}

// The real part as double the way NumPy converts (long double and quad round once).
double as_double(const WideNumber& w) {
  switch (w.tag) {
    case WideNumber::Tag::Signed:
      return static_cast<double>(w.i);
    case WideNumber::Tag::Unsigned:
      return static_cast<double>(w.u);
    case WideNumber::Tag::Quad:
    case WideNumber::Tag::QuadComplex:
      return static_cast<double>(w.qre);
    default:
      return static_cast<double>(as_real(w));
  }
}

float as_float(const WideNumber& w) {
  switch (w.tag) {
    case WideNumber::Tag::Signed:
      return static_cast<float>(w.i);
    case WideNumber::Tag::Unsigned:
      return static_cast<float>(w.u);
    case WideNumber::Tag::Quad:
    case WideNumber::Tag::QuadComplex:
      return static_cast<float>(w.qre);
    default:
      return static_cast<float>(as_real(w));
  }
}

bool is_integral(const WideNumber& w) {
  return w.tag == WideNumber::Tag::Bool || w.tag == WideNumber::Tag::Signed ||
         w.tag == WideNumber::Tag::Unsigned;
}

uint64_t as_wrapped_bits(const WideNumber& w, TypeId target) {
  if (w.tag == WideNumber::Tag::Bool) return w.b ? 1 : 0;
  if (w.tag == WideNumber::Tag::Signed) return static_cast<uint64_t>(w.i);
  if (w.tag == WideNumber::Tag::Unsigned) return w.u;
  long double v = as_real(w);
  if (w.tag == WideNumber::Tag::Quad || w.tag == WideNumber::Tag::QuadComplex) {
    v = static_cast<long double>(static_cast<double>(w.qre));
  }
  switch (target) {
    case TypeId::Int8:
    case TypeId::Int16:
    case TypeId::Int32:
    case TypeId::UInt8:
    case TypeId::UInt16:
      return static_cast<uint64_t>(static_cast<int64_t>(kernels::x86_to_i32(v)));
    case TypeId::UInt64:
      return kernels::x86_to_u64(v);
    default:
      return static_cast<uint64_t>(kernels::x86_to_i64(v));
  }
}

}  // namespace

void byteswap_inplace(std::byte* p, int64_t n) {
  std::reverse(p, p + n);
}

WideNumber load_number(const DType& t, const std::byte* src) {
  alignas(16) std::byte local[32];
  int64_t n = t.itemsize();
  if (n > 32 || !(t.is_numeric() || t.is_datetime_like())) {
    throw TypeError("cannot read a number from dtype " + t.str());
  }
  std::memcpy(local, src, static_cast<size_t>(n));
  if (needs_swap(t)) {
    int64_t c = component_size(t);
    for (int64_t off = 0; off < n; off += c)
      byteswap_inplace(local + off, c);
  }
  WideNumber w;
  using Tag = WideNumber::Tag;
  switch (t.id()) {
    case TypeId::Bool:
      w.tag = Tag::Bool;
      w.b = read_as<uint8_t>(local) != 0;
      break;
    case TypeId::Int8:
      w.tag = Tag::Signed;
      w.i = read_as<int8_t>(local);
      break;
    case TypeId::Int16:
      w.tag = Tag::Signed;
      w.i = read_as<int16_t>(local);
      break;
    case TypeId::Int32:
      w.tag = Tag::Signed;
      w.i = read_as<int32_t>(local);
      break;
    case TypeId::Int64:
    case TypeId::Datetime:
    case TypeId::Timedelta:
      w.tag = Tag::Signed;
      w.i = read_as<int64_t>(local);
      break;
    case TypeId::UInt8:
      w.tag = Tag::Unsigned;
      w.u = read_as<uint8_t>(local);
      break;
    case TypeId::UInt16:
      w.tag = Tag::Unsigned;
      w.u = read_as<uint16_t>(local);
      break;
    case TypeId::UInt32:
      w.tag = Tag::Unsigned;
      w.u = read_as<uint32_t>(local);
      break;
    case TypeId::UInt64:
      w.tag = Tag::Unsigned;
      w.u = read_as<uint64_t>(local);
      break;
    case TypeId::Float16:
      w.tag = Tag::Real;
      w.re = half_to_double(read_as<uint16_t>(local));
      break;
    case TypeId::Float32:
      w.tag = Tag::Real;
      w.re = read_as<float>(local);
      break;
    case TypeId::Float64:
      w.tag = Tag::Real;
      w.re = read_as<double>(local);
      break;
    case TypeId::LongDouble:
      w.tag = Tag::Real;
      w.re = read_as<long double>(local);
      break;
    case TypeId::Float128:
      w.tag = Tag::Quad;
      w.qre = read_as<__float128>(local);
      break;
    case TypeId::Complex64:
      w.tag = Tag::Complex;
      w.re = read_as<float>(local);
      w.im = read_as<float>(local + 4);
      break;
    case TypeId::Complex128:
      w.tag = Tag::Complex;
      w.re = read_as<double>(local);
      w.im = read_as<double>(local + 8);
      break;
    case TypeId::CLongDouble:
      w.tag = Tag::Complex;
      w.re = read_as<long double>(local);
      w.im = read_as<long double>(local + 16);
      break;
    case TypeId::Complex256:
      w.tag = Tag::QuadComplex;
      w.qre = read_as<__float128>(local);
      w.qim = read_as<__float128>(local + 16);
      break;
    default:
      throw TypeError("cannot read a number from dtype " + t.str());
  }
  return w;
}

void store_number(const WideNumber& w, const DType& t, std::byte* dst) {
  alignas(16) std::byte local[32] = {};
  int64_t n = t.itemsize();
  if (n > 32) throw TypeError("cannot store a number as dtype " + t.str());
  switch (t.id()) {
    case TypeId::Bool: {
      bool v = is_integral(w) ? as_wrapped_bits(w, TypeId::UInt64) != 0
               : (w.tag == WideNumber::Tag::Quad || w.tag == WideNumber::Tag::QuadComplex)
                   ? (w.qre != 0 || w.qim != 0)
                   : (as_real(w) != 0 || as_imag(w) != 0);
      write_as<uint8_t>(local, v ? 1 : 0);
      break;
    }
    case TypeId::Int8:
    case TypeId::UInt8:
      write_as<uint8_t>(local, static_cast<uint8_t>(as_wrapped_bits(w, t.id())));
      break;
    case TypeId::Int16:
    case TypeId::UInt16:
      write_as<uint16_t>(local, static_cast<uint16_t>(as_wrapped_bits(w, t.id())));
      break;
    case TypeId::Int32:
    case TypeId::UInt32:
      write_as<uint32_t>(local, static_cast<uint32_t>(as_wrapped_bits(w, t.id())));
      break;
    case TypeId::Int64:
    case TypeId::UInt64:
    case TypeId::Datetime:
    case TypeId::Timedelta:
      write_as<uint64_t>(local, as_wrapped_bits(w, t.id()));
      break;
    case TypeId::Float16:
      // NumPy converts integers through float32 and floating values through float64.
      write_as<uint16_t>(
          local, is_integral(w) ? float_to_half(as_float(w)) : double_to_half(as_double(w)));
      break;
    case TypeId::Float32:
      write_as<float>(local, as_float(w));
      break;
    case TypeId::Float64:
      write_as<double>(local, as_double(w));
      break;
    case TypeId::LongDouble:
      write_as<long double>(local,
                            w.tag == WideNumber::Tag::Quad || w.tag == WideNumber::Tag::QuadComplex
                                ? static_cast<long double>(w.qre)
                                : as_real(w));
      break;
    case TypeId::Float128:
      write_as<__float128>(local, as_quad(w));
      break;
    case TypeId::Complex64:
      write_as<float>(local, as_float(w));
      write_as<float>(local + 4, static_cast<float>(as_imag(w)));
      break;
    case TypeId::Complex128:
      write_as<double>(local, as_double(w));
      write_as<double>(local + 8, static_cast<double>(as_imag(w)));
      break;
    case TypeId::CLongDouble:
      write_as<long double>(local, as_real(w));
      write_as<long double>(local + 16, as_imag(w));
      break;
    case TypeId::Complex256:
      write_as<__float128>(local, as_quad(w));
      write_as<__float128>(local + 16, as_quad_imag(w));
      break;
    default:
      throw TypeError("cannot store a number as dtype " + t.str());
  }
  if (needs_swap(t)) {
    int64_t c = component_size(t);
    for (int64_t off = 0; off < n; off += c)
      byteswap_inplace(local + off, c);
  }
  std::memcpy(dst, local, static_cast<size_t>(n));
}

namespace {

std::u32string load_text(const DType& t, const std::byte* src) {
  std::u32string out;
  if (t.id() == TypeId::Bytes) {
    for (int64_t i = 0; i < t.itemsize(); ++i)
      out += static_cast<char32_t>(static_cast<uint8_t>(src[i]));
  } else {
    for (int64_t i = 0; i < t.itemsize() / 4; ++i) {
      uint32_t c;
      std::memcpy(&c, src + 4 * i, 4);
      if (needs_swap(t)) c = __builtin_bswap32(c);
      out += static_cast<char32_t>(c);
    }
  }
  while (!out.empty() && out.back() == 0)
    out.pop_back();
  return out;
}

void store_text(const std::u32string& text, const DType& t, std::byte* dst) {
  std::memset(dst, 0, static_cast<size_t>(t.itemsize()));
  if (t.id() == TypeId::Bytes) {
    for (size_t i = 0; i < text.size() && static_cast<int64_t>(i) < t.itemsize(); ++i) {
      if (text[i] > 0x7f) {
        throw UnicodeEncodeError("'ascii' codec can't encode character in position " +
                                 std::to_string(i) + ": ordinal not in range(128)");
      }
      dst[i] = static_cast<std::byte>(text[i]);
    }
    return;
  }
  for (size_t i = 0; i < text.size() && static_cast<int64_t>(i) < t.itemsize() / 4; ++i) {
    uint32_t c = text[i];
    if (needs_swap(t)) c = __builtin_bswap32(c);
    std::memcpy(dst + 4 * i, &c, 4);
  }
}

bool is_text(const DType& t) {
  return t.id() == TypeId::Bytes || t.id() == TypeId::Str;
}

// float16 <-> float32/float64 by bit manipulation, as NumPy does: NaN payloads (signalling ones
// included) survive, where a detour through a wider hardware type would quiet them.
bool convert_half_bits(const DType& from, const std::byte* src, const DType& to, std::byte* dst) {
  auto is_half_partner = [](TypeId id) { return id == TypeId::Float32 || id == TypeId::Float64; };
  bool half_in = from.id() == TypeId::Float16 && is_half_partner(to.id());
  bool half_out = to.id() == TypeId::Float16 && is_half_partner(from.id());
  if (!half_in && !half_out) return false;
  alignas(8) std::byte in[8];
  std::memcpy(in, src, static_cast<size_t>(from.itemsize()));
  if (needs_swap(from)) byteswap_inplace(in, from.itemsize());
  alignas(8) std::byte out[8];
  if (half_in) {
    uint16_t h = read_as<uint16_t>(in);
    if (to.id() == TypeId::Float32) {
      write_as<uint32_t>(out, half_to_float_bits(h));
    } else {
      write_as<uint64_t>(out, half_to_double_bits(h));
    }
  } else {
    uint16_t h = from.id() == TypeId::Float32 ? float_to_half_bits(read_as<uint32_t>(in))
                                              : double_to_half_bits(read_as<uint64_t>(in));
    write_as<uint16_t>(out, h);
  }
  if (needs_swap(to)) byteswap_inplace(out, to.itemsize());
  std::memcpy(dst, out, static_cast<size_t>(to.itemsize()));
  return true;
}

}  // namespace

namespace {

std::string text_as_utf8(const DType& t, const std::byte* src) {
  std::u32string chars = load_text(t, src);
  std::string out;
  for (char32_t c : chars) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

void store_ascii_text(const std::string& text, const DType& t, std::byte* dst) {
  std::u32string chars;
  for (char c : text)
    chars += static_cast<char32_t>(static_cast<unsigned char>(c));
  store_text(chars, t, dst);
}

void swap_components(const DType& t, std::byte* p) {
  if (t.is_numeric() || t.is_datetime_like()) {
    int64_t c = component_size(t);
    for (int64_t off = 0; off < t.itemsize(); off += c)
      byteswap_inplace(p + off, c);
  } else if (t.id() == TypeId::Str) {
    for (int64_t off = 0; off < t.itemsize(); off += 4)
      byteswap_inplace(p + off, 4);
  }
}

// Every scalar slot of a (possibly structured, possibly subarray) type gets the same value.
void broadcast_into(const DType& from, const std::byte* src, const DType& to, std::byte* dst) {
  if (to.has_fields()) {
    for (const Field& f : to.fields())
      broadcast_into(from, src, f.dtype(), dst + f.offset);
    return;
  }
  if (to.has_subarray()) {
    DType base = to.subarray_base();
    int64_t n = base.itemsize() ? to.itemsize() / base.itemsize() : 0;
    for (int64_t k = 0; k < n; ++k)
      broadcast_into(from, src, base, dst + k * base.itemsize());
    return;
  }
  convert_element(from, src, to, dst);
}

void convert_structured(const DType& from, const std::byte* src, const DType& to, std::byte* dst) {
  if (!to.has_fields()) {
    throw TypeError("Cannot cast array data from " + from.repr() + " to " + to.repr() +
                    " according to the rule 'unsafe'");
  }
  if (!from.has_fields()) {
    std::memset(dst, 0, static_cast<size_t>(to.itemsize()));
    broadcast_into(from, src, to, dst);
    return;
  }
  // Structured to structured: field by field in order (NumPy 1.24 casts by position).
  const auto& ff = from.fields();
  const auto& tf = to.fields();
  if (ff.size() != tf.size()) {
    throw ValueError("structures must have the same number of fields to be cast (" +
                     std::to_string(ff.size()) + " and " + std::to_string(tf.size()) + ")");
  }
  std::memset(dst, 0, static_cast<size_t>(to.itemsize()));
  for (size_t i = 0; i < ff.size(); ++i) {
    DType fs = ff[i].dtype(), ft = tf[i].dtype();
    if (fs.has_subarray() || ft.has_subarray()) {
      if (fs.itemsize() == ft.itemsize() && fs.equivalent(ft)) {
        std::memcpy(dst + tf[i].offset, src + ff[i].offset, static_cast<size_t>(ft.itemsize()));
        continue;
      }
      DType bs = fs.component(), bt = ft.component();
      int64_t ns = bs.itemsize() ? fs.itemsize() / bs.itemsize() : 0;
      int64_t nt = bt.itemsize() ? ft.itemsize() / bt.itemsize() : 0;
      for (int64_t k = 0; k < nt; ++k) {
        const std::byte* s = src + ff[i].offset + (ns == 1 ? 0 : k) * bs.itemsize();
        convert_element(bs, s, bt, dst + tf[i].offset + k * bt.itemsize());
      }
      continue;
    }
    convert_element(fs, src + ff[i].offset, ft, dst + tf[i].offset);
  }
}

}  // namespace

void convert_element(const DType& from, const std::byte* src, const DType& to, std::byte* dst) {
  if (from == to) {
    std::memcpy(dst, src, static_cast<size_t>(to.itemsize()));
    return;
  }
  if (from.is_user() || to.is_user()) {  // through the registered cast loops
    user_convert(from, src, 0, to, dst, 0, 1);
    return;
  }
  if (from.has_fields() || to.has_fields()) {
    convert_structured(from, src, to, dst);
    return;
  }
  if (to.has_subarray() || from.has_subarray()) {
    if (to.has_subarray()) {
      broadcast_into(from.has_subarray() ? from.component() : from, src, to, dst);
      return;
    }
    convert_element(from.component(), src, to, dst);  // the first element, as NumPy
    return;
  }
  if (to.id() == TypeId::Void) {
    // Raw bytes of the value in native byte order: copied, truncated or zero-padded.
    std::memset(dst, 0, static_cast<size_t>(to.itemsize()));
    size_t n = static_cast<size_t>(std::min(from.itemsize(), to.itemsize()));
    if (from.is_native()) {
      std::memcpy(dst, src, n);
    } else {
      std::vector<std::byte> native(static_cast<size_t>(from.itemsize()));
      convert_element(from, src, from.with_native_order(), native.data());
      std::memcpy(dst, native.data(), n);
    }
    return;
  }
  if (from.id() == TypeId::Void) throw ValueError("setting an array element with a sequence.");
  if (is_text(from) && is_text(to)) {
    store_text(load_text(from, src), to, dst);
    return;
  }
  if (is_text(from)) {
    text_to_element(text_as_utf8(from, src), from.id() == TypeId::Bytes, to, dst);
    return;
  }
  if (is_text(to)) {
    std::string text = element_to_text(from, src);
    int64_t room = to.id() == TypeId::Str ? to.itemsize() / 4 : to.itemsize();
    if (from.id() == TypeId::Datetime && static_cast<int64_t>(text.size()) > room) {
      throw RuntimeError(
          "The string provided for NumPy ISO datetime formatting was too short, "
          "with length " +
          std::to_string(room));
    }
    if (from.id() == TypeId::Timedelta && text.size() > 21) {
      text.resize(21);  // NumPy formats timedeltas through a 21-character buffer
    }
    store_ascii_text(text, to, dst);
    return;
  }
  if (from.equivalent(to)) {  // byte order differs only
    std::memcpy(dst, src, static_cast<size_t>(to.itemsize()));
    swap_components(to, dst);
    return;
  }
  if (from.is_datetime_like() && to.is_datetime_like()) {
    int64_t v = load_number(from, src).i;
    WideNumber w;
    w.tag = WideNumber::Tag::Signed;
    // Between datetime and timedelta NumPy copies the raw count; within a kind it converts units.
    w.i = from.id() == to.id() ? convert_datetime_value(v, from, to) : v;
    store_number(w, to, dst);
    return;
  }
  if (convert_half_bits(from, src, to, dst)) return;
  if ((from.is_numeric() || from.is_datetime_like()) &&
      (to.is_numeric() || to.is_datetime_like())) {
    store_number(load_number(from, src), to, dst);
    return;
  }
  throw TypeError("Cannot convert an element of dtype " + from.str() + " to dtype " + to.str());
}

}  // namespace np::detail
