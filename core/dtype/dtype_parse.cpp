// Parsing of dtype strings with NumPy 1.24's grammar:
//   1. a string with a top-level comma or a leading repeat count goes through the comma-string
//      grammar (`i4,f8`, `(2,3)f8`, `3i4`), giving a structured or subarray type;
//   2. otherwise an optional byte-order prefix, then a datetime form (`M8[ns]`, `datetime64[ms]`),
//      a single char code, kind + size (`f8`, `S5`, `U3`), or a type name (without prefix).
// `.npy` descr lists are parsed by DType::from_descr from their Python literal text.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "np/dtype.hpp"
#include "np/errors.hpp"
#include "np/kernel_types.hpp"
#include "np/user_dtypes.hpp"
#include "util/checked.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace detail {
DType with_char_code(const DType& t, char code);
}

namespace {

[[noreturn]] void not_understood(std::string_view text) {
  throw TypeError("data type " + py::repr_str(text) + " not understood");
}

bool is_byteorder_char(char c) {
  return c == '<' || c == '>' || c == '=' || c == '|';
}

DType apply_byteorder(const DType& t, char order) {
  if (order == 0 || order == '=' || order == '|') return t;
  return t.newbyteorder(order);
}

// A one-letter type code: the builtin codes of the kernel type table (np/kernel_types.hpp), with
// 'q', 'Q' and 'c' keeping their own char code, flexible types of size 0 and generic datetimes.
std::optional<DType> from_char_code(char c) {
  switch (c) {
    case 'q':
      return detail::with_char_code(dtypes::int64(), 'q');
    case 'Q':
      return detail::with_char_code(dtypes::uint64(), 'Q');
    case 'S':
    case 'a':
      return DType::bytes(0);
    case 'c':
      return detail::with_char_code(DType::bytes(1), 'c');
    case 'U':
      return DType::unicode(0);
    case 'V':
      return DType::void_(0);
    case 'M':
      return DType::datetime(DatetimeUnit::Generic);
    case 'm':
      return DType::timedelta(DatetimeUnit::Generic);
    default:
      break;
  }
  const std::optional<TypeId> id = kernels::type_id_of(c);
  if (!id) return std::nullopt;
  return DType(*id);
}

const std::unordered_map<std::string_view, DType>& name_table() {
  static const auto table = [] {
    std::unordered_map<std::string_view, DType> t;
    auto add = [&](std::initializer_list<std::string_view> names, const DType& d) {
      for (auto n : names)
        t.emplace(n, d);
    };
    add({"bool", "bool8", "bool_"}, dtypes::bool_());
    add({"int8", "byte"}, dtypes::int8());
    add({"uint8", "ubyte"}, dtypes::uint8());
    add({"int16", "short"}, dtypes::int16());
    add({"uint16", "ushort"}, dtypes::uint16());
    add({"int32", "intc"}, dtypes::int32());
    add({"uint32", "uintc"}, dtypes::uint32());
    add({"int64", "int", "int_", "int0", "intp", "long"}, dtypes::int64());
    add({"longlong"}, detail::with_char_code(dtypes::int64(), 'q'));
    add({"uint64", "uint", "uint0", "uintp", "ulong"}, dtypes::uint64());
    add({"ulonglong"}, detail::with_char_code(dtypes::uint64(), 'Q'));
    add({"float16", "half"}, dtypes::float16());
    add({"float32", "single"}, dtypes::float32());
    add({"float64", "double", "float", "float_"}, dtypes::float64());
    add({"longdouble", "longfloat"}, dtypes::longdouble());
    add({"float128", "quad"}, dtypes::float128());
    add({"complex64", "csingle", "singlecomplex"}, dtypes::complex64());
    add({"complex128", "cdouble", "cfloat", "complex", "complex_"}, dtypes::complex128());
    add({"clongdouble", "clongfloat", "longcomplex"}, dtypes::clongdouble());
    add({"complex256"}, dtypes::complex256());
    add({"bytes", "bytes0", "bytes_", "string_"}, DType::bytes(0));
    add({"str", "str0", "str_", "unicode", "unicode_"}, DType::unicode(0));
    add({"void", "void0"}, DType::void_(0));
    return t;
  }();
  return table;
}

bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// "[25s]" → unit and multiple; throws TypeError with NumPy's wording.
void parse_datetime_meta(std::string_view meta, DatetimeUnit& unit, int64_t& multiple) {
  unit = DatetimeUnit::Generic;
  multiple = 1;
  if (meta.empty()) return;
  std::string quoted = "\"" + std::string(meta) + "\"";
  if (meta.size() < 2 || meta.front() != '[' || meta.back() != ']') {
    throw TypeError("Invalid datetime metadata string " + quoted);
  }
  std::string_view body = meta.substr(1, meta.size() - 2);
  if (body.empty()) throw TypeError("Invalid datetime metadata string " + quoted);
  size_t digits = 0;
  while (digits < body.size() && std::isdigit(static_cast<unsigned char>(body[digits])))
    ++digits;
  if (digits > 0) {
    if (!parse_int(body.substr(0, digits), multiple) || multiple <= 0 ||
        multiple > INT32_MAX) {  // NumPy keeps the multiple in a C int
      throw TypeError("Invalid datetime multiple in metadata string " + quoted);
    }
  }
  std::string_view u = body.substr(digits);
  static constexpr std::pair<std::string_view, DatetimeUnit> units[] = {
      {"Y", DatetimeUnit::Y},   {"M", DatetimeUnit::M},
      {"W", DatetimeUnit::W},   {"D", DatetimeUnit::D},
      {"h", DatetimeUnit::h},   {"m", DatetimeUnit::m},
      {"s", DatetimeUnit::s},   {"ms", DatetimeUnit::ms},
      {"us", DatetimeUnit::us}, {"ns", DatetimeUnit::ns},
      {"ps", DatetimeUnit::ps}, {"fs", DatetimeUnit::fs},
      {"as", DatetimeUnit::as}, {"generic", DatetimeUnit::Generic}};
  for (const auto& [name, value] : units) {
    if (u == name) {
      unit = value;
      if (unit == DatetimeUnit::Generic) multiple = 1;
      return;
    }
  }
  throw TypeError("Invalid datetime unit in metadata string " + quoted);
}

std::optional<DType> parse_datetime(std::string_view s) {
  TypeId id;
  std::string_view rest;
  for (auto [prefix, tid] : {std::pair<std::string_view, TypeId>{"M8", TypeId::Datetime},
                             {"m8", TypeId::Timedelta},
                             {"datetime64", TypeId::Datetime},
                             {"timedelta64", TypeId::Timedelta}}) {
    if (s.substr(0, prefix.size()) == prefix) {
      id = tid;
      rest = s.substr(prefix.size());
      if (rest.empty() || rest.front() == '[') {
        DatetimeUnit unit;
        int64_t multiple;
        parse_datetime_meta(rest, unit, multiple);
        return id == TypeId::Datetime ? DType::datetime(unit, multiple)
                                      : DType::timedelta(unit, multiple);
      }
    }
  }
  return std::nullopt;
}

std::optional<DType> from_kind_and_size(char kind, std::string_view size_text) {
  int64_t n;
  if (!all_digits(size_text) || !parse_int(size_text, n)) return std::nullopt;
  switch (kind) {
    case 'b':
      if (n == 1) return dtypes::bool_();
      break;
    case 'i':
      if (n == 1) return dtypes::int8();
      if (n == 2) return dtypes::int16();
      if (n == 4) return dtypes::int32();
      if (n == 8) return dtypes::int64();
      break;
    case 'u':
      if (n == 1) return dtypes::uint8();
      if (n == 2) return dtypes::uint16();
      if (n == 4) return dtypes::uint32();
      if (n == 8) return dtypes::uint64();
      break;
    case 'f':
      if (n == 2) return dtypes::float16();
      if (n == 4) return dtypes::float32();
      if (n == 8) return dtypes::float64();
      if (n == 16) return dtypes::longdouble();  // NumPy's x86-64 '<f16' is x87 extended
      break;
    case 'c':
      if (n == 8) return dtypes::complex64();
      if (n == 16) return dtypes::complex128();
      if (n == 32) return dtypes::clongdouble();
      break;
    case 'k':
      if (n == 16) return dtypes::float128();
      break;
    case 'K':
      if (n == 32) return dtypes::complex256();
      break;
    case 'S':
    case 'a':
      return DType::bytes(n);
    case 'U':
      if (n > (int64_t{1} << 40)) break;
      return DType::unicode(n);
    case 'V':
      return DType::void_(n);
    default:
      break;
  }
  return std::nullopt;
}

[[noreturn]] void object_unsupported(std::string_view text) {
  throw TypeError("data type " + py::repr_str(text) +
                  " is the object dtype, which this engine does not support");
}

// One type without commas or repeat counts.
DType parse_simple(std::string_view text) {
  if (text.empty()) not_understood(text);
  char order = 0;
  std::string_view body = text;
  if (is_byteorder_char(body.front())) {
    order = body.front();
    body.remove_prefix(1);
  }
  if (body.empty()) not_understood(text);
  std::optional<DType> datetime;
  try {
    datetime = parse_datetime(body);
  } catch (const TypeError& e) {
    throw TypeError("data type " + py::repr_str(text) + " not understood: " + e.what());
  }
  if (datetime) return apply_byteorder(*datetime, order);
  if (body.size() == 1) {
    if (body[0] == 'O') object_unsupported(text);
    if (auto dt = from_char_code(body[0])) return apply_byteorder(*dt, order);
    not_understood(text);
  }
  if (body[0] == 'O' && body.substr(1) == "8") object_unsupported(text);
  if (auto dt = from_kind_and_size(body[0], body.substr(1))) return apply_byteorder(*dt, order);
  if (order == 0) {
    if (text == "object" || text == "object_" || text == "object0") object_unsupported(text);
    auto it = name_table().find(text);
    if (it != name_table().end()) return it->second;
  }
  not_understood(text);
}

// NumPy's _commastring grammar: [order] [repeats] [order] type, items separated by commas.
struct CommaItem {
  std::string type;
  std::optional<py::Literal> repeats;
};

std::vector<CommaItem> split_commastring(std::string_view s) {
  std::vector<CommaItem> items;
  size_t p = 0;
  auto bad = [&]() -> void {
    throw ValueError("format number " + std::to_string(items.size() + 1) + " of \"" +
                     std::string(s) + "\" is not recognized");
  };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (p < s.size()) {
    char order1 = 0, order2 = 0;
    if (is_byteorder_char(s[p])) order1 = s[p++];
    size_t rep_start = p;
    while (p < s.size() && s[p] == ' ')
      ++p;
    if (p < s.size() && s[p] == '(') ++p;
    while (p < s.size() &&
           (s[p] == ' ' || s[p] == ',' || std::isdigit(static_cast<unsigned char>(s[p])))) {
      ++p;
    }
    if (p < s.size() && s[p] == ')') ++p;
    while (p < s.size() && s[p] == ' ')
      ++p;
    std::string_view repeats = s.substr(rep_start, p - rep_start);
    if (p < s.size() && is_byteorder_char(s[p])) order2 = s[p++];
    size_t type_start = p;
    while (p < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[p])) || s[p] == '.' || s[p] == '?')) {
      ++p;
    }
    if (p < s.size() && s[p] == '[') {
      size_t q = p + 1;
      while (q < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[q])) || s[q] == ',' || s[q] == '.')) {
        ++q;
      }
      if (q < s.size() && s[q] == ']' && q > p + 1) p = q + 1;
    }
    std::string type(s.substr(type_start, p - type_start));
    // Separator or trailing white space.
    if (p < s.size()) {
      size_t q = p;
      while (q < s.size() && is_space(s[q]))
        ++q;
      if (q == s.size()) {
        p = q;
      } else if (s[q] == ',') {
        ++q;
        while (q < s.size() && is_space(s[q]))
          ++q;
        p = q;
      } else {
        bad();
      }
    }
    char order = order2 ? order2 : order1;
    if (order1 && order2) {
      auto norm = [](char c) { return c == '=' ? '<' : c; };
      if (norm(order1) != norm(order2)) {
        throw ValueError(std::string("inconsistent byte-order specification ") + order1 + " and " +
                         order2);
      }
    }
    if (order == '|' || order == '=' || order == '<') order = 0;  // native order on this host
    CommaItem item;
    item.type = (order ? std::string(1, order) : std::string()) + type;
    std::string rep(repeats);
    rep.erase(0, rep.find_first_not_of(' '));
    if (!rep.empty()) {
      rep.erase(rep.find_last_not_of(' ') + 1);
      std::string literal = rep.front() == '(' ? rep : "(" + rep + ",)";
      try {
        item.repeats = py::parse_literal(literal);
      } catch (const ValueError&) {
        throw TypeError("data type " + py::repr_str(s) + " not understood (bad repeat count)");
      }
    }
    items.push_back(std::move(item));
  }
  if (items.empty()) not_understood(s);
  return items;
}

Shape shape_from_literal(const py::Literal& lit, std::string_view text) {
  Shape shape;
  if (lit.is(py::Literal::Kind::Int)) {
    if (lit.int_overflow) not_understood(text);
    shape.push_back(lit.i);
    return shape;
  }
  if (!lit.is_sequence()) not_understood(text);
  for (const auto& item : lit.items) {
    if (!item.is(py::Literal::Kind::Int) || item.int_overflow) not_understood(text);
    shape.push_back(item.i);
  }
  return shape;
}

DType item_type(const CommaItem& item, std::string_view text) {
  DType base = parse_simple(item.type);
  if (!item.repeats) return base;
  const py::Literal& r = *item.repeats;
  // (type, 1) and '1type' mean the plain type in NumPy 1.24 (deprecated, FutureWarning).
  if (r.is(py::Literal::Kind::Int) && r.i == 1) return base;
  if (r.is(py::Literal::Kind::Tuple) && r.items.size() == 1 &&
      r.items[0].is(py::Literal::Kind::Int) && r.items[0].i == 1 &&
      text.find('(') == std::string_view::npos) {
    return base;  // "1i4" was wrapped as (1,) above; NumPy reads it as the plain type
  }
  Shape shape = shape_from_literal(r, text);
  if (shape.empty()) return base;
  return DType::subarray(base, shape);
}

bool needs_commastring(std::string_view s) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  if (!s.empty() && digit(s[0])) return true;
  if (s.size() > 1 && is_byteorder_char(s[0]) && digit(s[1])) return true;
  if (s.size() > 1 && s[0] == '(' && s[1] == ')') return true;
  if (s.size() > 3 && is_byteorder_char(s[0]) && s[1] == '(' && s[2] == ')') return true;
  int depth = 0;
  for (char c : s) {
    if (c == ',' && depth == 0) return true;
    if (c == '[') ++depth;
    if (c == ']') --depth;
  }
  return false;
}

DType from_descr_literal(const py::Literal& lit, std::string_view text, int depth);

DType field_list(const py::Literal& lit, std::string_view text, int depth) {
  std::vector<std::string> names, titles;
  std::vector<DType> types;
  std::vector<int64_t> offsets;
  int64_t offset = 0;
  for (const auto& entry : lit.items) {
    if (!entry.is_sequence() || entry.items.size() < 2 || entry.items.size() > 3) {
      throw TypeError("data type " + py::repr_str(text) +
                      " not understood: each field must be (name, format[, shape])");
    }
    const py::Literal& name_lit = entry.items[0];
    std::string name, title;
    if (name_lit.is(py::Literal::Kind::Str)) {
      name = name_lit.s;
    } else if (name_lit.is_sequence() && name_lit.items.size() == 2 &&
               name_lit.items[0].is(py::Literal::Kind::Str) &&
               name_lit.items[1].is(py::Literal::Kind::Str)) {
      title = name_lit.items[0].s;
      name = name_lit.items[1].s;
    } else {
      throw TypeError("data type " + py::repr_str(text) + " not understood: bad field name");
    }
    DType t = from_descr_literal(entry.items[1], text, depth + 1);
    if (entry.items.size() == 3) {
      Shape shape = shape_from_literal(entry.items[2], text);
      if (!shape.empty() &&
          !(shape.size() == 1 && shape[0] == 1 && entry.items[2].is(py::Literal::Kind::Int))) {
        t = DType::subarray(t, shape);
      }
    }
    // Unnamed void entries are padding in .npy descr lists (NumPy drops them on load).
    if (name.empty() && t.id() == TypeId::Void && !t.has_fields() && !t.has_subarray()) {
      offset = checked::add(offset, t.itemsize(), "structured itemsize");
      continue;
    }
    if (name.empty()) name = "f" + std::to_string(names.size());
    names.push_back(name);
    titles.push_back(title);
    types.push_back(t);
    offsets.push_back(offset);
    offset = checked::add(offset, t.itemsize(), "structured itemsize");
  }
  DType result = DType::structured_with_offsets(names, types, offsets, offset);
  bool any_title = std::any_of(titles.begin(), titles.end(), [](auto& t) { return !t.empty(); });
  if (!any_title) return result;
  auto d = std::make_shared<detail::DTypeDescr>(result.descr_ref());
  for (size_t i = 0; i < d->fields.size(); ++i)
    d->fields[i].title = titles[i];
  return DType(std::move(d));
}

DType from_descr_literal(const py::Literal& lit, std::string_view text, int depth) {
  if (depth > py::kMaxDepth) throw TypeError("data type nesting too deep");
  if (lit.is(py::Literal::Kind::Str)) return DType::parse(lit.s);
  if (lit.is(py::Literal::Kind::List)) return field_list(lit, text, depth);
  if (lit.is(py::Literal::Kind::Tuple) && lit.items.size() == 2) {
    DType base = from_descr_literal(lit.items[0], text, depth + 1);
    Shape shape = shape_from_literal(lit.items[1], text);
    return shape.empty() ? base : DType::subarray(base, shape);
  }
  throw TypeError("data type " + py::repr_str(text) + " not understood");
}

}  // namespace

DType DType::parse(std::string_view text) {
  if (text.size() > 4096) {
    throw TypeError("data type string of " + std::to_string(text.size()) +
                    " characters not understood");
  }
  if (text.empty()) not_understood(text);
  if (auto user = find_user_dtype(text)) return *user;
  if (!needs_commastring(text)) return parse_simple(text);
  std::vector<CommaItem> items = split_commastring(text);
  if (items.size() == 1) return item_type(items[0], text);
  std::vector<std::string> names;
  std::vector<DType> types;
  std::vector<int64_t> offsets;
  int64_t offset = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    DType t;
    try {
      t = item_type(items[i], text);
    } catch (const TypeError&) {
      not_understood(text);
    }
    names.push_back("f" + std::to_string(i));
    types.push_back(t);
    offsets.push_back(offset);
    offset = checked::add(offset, t.itemsize(), "structured itemsize");
  }
  return structured_with_offsets(names, types, offsets, offset);
}

DType DType::from_descr(std::string_view descr_literal) {
  py::Literal lit;
  try {
    lit = py::parse_literal(descr_literal);
  } catch (const ValueError& e) {
    throw TypeError("data type " + py::repr_str(descr_literal) + " not understood: " + e.what());
  }
  return from_descr_literal(lit, descr_literal, 0);
}

}  // namespace np

namespace np::detail {
DType dtype_from_descr_literal(const py::Literal& literal) {
  return from_descr_literal(literal, "descr", 0);
}
}  // namespace np::detail
