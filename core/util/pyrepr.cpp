// Python repr and literal parsing for .npy headers and dtype descr text.
#include "util/pyrepr.hpp"

#include <cctype>
#include <charconv>

#include "np/errors.hpp"

namespace np::py {

std::string repr_str(std::string_view s) {
  // Python prefers single quotes unless the text holds a single quote and no double quote.
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char q = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, q);
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
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);  // UTF-8 bytes pass through as Python 3 prints them
    }
  }
  out += q;
  return out;
}

std::string repr_shape(const Shape& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(shape[i]);
  }
  if (shape.size() == 1) out += ",";
  return out + ")";
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  Literal parse_all() {
    Literal v = value(0);
    skip_ws();
    if (p_ != t_.size()) fail("unexpected text after the literal");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw ValueError("malformed Python literal at offset " + std::to_string(p_) + ": " + why);
  }

  void skip_ws() {
    while (p_ < t_.size() &&
           (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) {
      ++p_;
    }
  }

  bool eat(char c) {
    skip_ws();
    if (p_ < t_.size() && t_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }

  bool keyword(std::string_view k) {
    if (t_.substr(p_, k.size()) != k) return false;
    size_t end = p_ + k.size();
    if (end < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[end])) || t_[end] == '_')) {
      return false;
    }
    p_ = end;
    return true;
  }

  Literal value(int depth) {
    if (depth > kMaxDepth) fail("nesting too deep");
    skip_ws();
    if (p_ >= t_.size()) fail("unexpected end of text");
    char c = t_[p_];
    Literal v;
    if (c == '{') {
      ++p_;
      v.kind = Literal::Kind::Dict;
      if (eat('}')) return v;
      while (true) {
        Literal k = value(depth + 1);
        if (!eat(':')) fail("expected ':' in dict");
        Literal val = value(depth + 1);
        v.keys.push_back(std::move(k));
        v.values.push_back(std::move(val));
        if (eat('}')) return v;
        if (!eat(',')) fail("expected ',' or '}' in dict");
        if (eat('}')) return v;
      }
    }
    if (c == '[' || c == '(') {
      char close = c == '[' ? ']' : ')';
      ++p_;
      v.kind = c == '[' ? Literal::Kind::List : Literal::Kind::Tuple;
      if (eat(close)) return v;
      bool trailing_comma = false;
      while (true) {
        v.items.push_back(value(depth + 1));
        if (eat(close)) break;
        if (!eat(',')) fail(std::string("expected ',' or '") + close + "'");
        if (eat(close)) {
          trailing_comma = true;
          break;
        }
      }
      // (x) without a comma is just x in parentheses.
      if (c == '(' && v.items.size() == 1 && !trailing_comma) return std::move(v.items[0]);
      return v;
    }
    if (c == '\'' || c == '"') return string_literal();
    if (keyword("True")) {
      v.kind = Literal::Kind::Bool;
      v.b = true;
      return v;
    }
    if (keyword("False")) {
      v.kind = Literal::Kind::Bool;
      return v;
    }
    if (keyword("None")) return v;
    if (c == '-' || c == '+' || std::isdigit(static_cast<unsigned char>(c))) return number();
    fail(std::string("unexpected character '") + c + "'");
  }

  Literal number() {
    size_t start = p_;
    if (t_[p_] == '-' || t_[p_] == '+') ++p_;
    bool is_float = false;
    while (p_ < t_.size()) {
      char c = t_[p_];
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '_') {
        ++p_;
      } else if (c == '.' || c == 'e' || c == 'E' ||
                 ((c == '-' || c == '+') && (t_[p_ - 1] == 'e' || t_[p_ - 1] == 'E'))) {
        is_float = true;
        ++p_;
      } else {
        break;
      }
    }
    std::string text(t_.substr(start, p_ - start));
    std::erase(text, '_');
    if (text == "-" || text == "+" || text.empty()) fail("bad number");
    Literal v;
    const char* b = text.data() + (text[0] == '+' ? 1 : 0);
    const char* e = text.data() + text.size();
    if (is_float) {
      v.kind = Literal::Kind::Float;
      auto r = std::from_chars(b, e, v.f);
      if (r.ec != std::errc() || r.ptr != e) fail("bad float");
      return v;
    }
    v.kind = Literal::Kind::Int;
    auto r = std::from_chars(b, e, v.i);
    if (r.ec == std::errc::result_out_of_range) {
      v.int_overflow = true;
    } else if (r.ec != std::errc() || r.ptr != e) {
      fail("bad integer");
    }
    return v;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
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
  }

  uint32_t hex_digits(int n) {
    if (p_ + n > t_.size()) fail("truncated escape");
    uint32_t v = 0;
    for (int i = 0; i < n; ++i) {
      char c = t_[p_++];
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (d < 0) fail("bad hex escape");
      v = v * 16 + static_cast<uint32_t>(d);
    }
    return v;
  }

  Literal string_literal() {
    char q = t_[p_++];
    Literal v;
    v.kind = Literal::Kind::Str;
    while (true) {
      if (p_ >= t_.size()) fail("unterminated string");
      char c = t_[p_++];
      if (c == q) break;
      if (c == '\n') fail("newline in string");
      if (c != '\\') {
        v.s += c;
        continue;
      }
      if (p_ >= t_.size()) fail("unterminated escape");
      char e = t_[p_++];
      switch (e) {
        case '\\':
        case '\'':
        case '"':
          v.s += e;
          break;
        case 'n':
          v.s += '\n';
          break;
        case 't':
          v.s += '\t';
          break;
        case 'r':
          v.s += '\r';
          break;
        case '0':
          v.s += '\0';
          break;
        case 'x':
          append_utf8(v.s, hex_digits(2));
          break;
        case 'u':
          append_utf8(v.s, hex_digits(4));
          break;
        case 'U': {
          uint32_t cp = hex_digits(8);
          if (cp > 0x10FFFF) fail("code point out of range");
          append_utf8(v.s, cp);
          break;
        }
        default:
          fail(std::string("unsupported escape \\") + e);
      }
    }
    return v;
  }

  std::string_view t_;
  size_t p_ = 0;
};

}  // namespace

Literal parse_literal(std::string_view text) {
  return Parser(text).parse_all();
}

}  // namespace np::py
