// DType construction, attributes and printing (name/str/descr/repr) with NumPy 1.24's exact text.
#include "np/dtype.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "np/errors.hpp"
#include "util/checked.hpp"
#include "util/pyrepr.hpp"

namespace np {

using detail::DTypeDescr;

namespace {

constexpr Endian kNativeEndian =
    std::endian::native == std::endian::little ? Endian::Little : Endian::Big;

struct BuiltinRow {
  TypeId id;
  char kind;
  int64_t itemsize;
  int64_t alignment;
  const char* name;
};

// The builtin table: one row per TypeId, in TypeId order. Type codes come from the kernel type
// table (np/kernel_types.hpp; quad types use the project's own 'k'/'K', see PARITY.md, DType).
constexpr std::array<BuiltinRow, kTypeIdCount> kBuiltins{{
    {TypeId::Bool, 'b', 1, 1, "bool"},
    {TypeId::Int8, 'i', 1, 1, "int8"},
    {TypeId::UInt8, 'u', 1, 1, "uint8"},
    {TypeId::Int16, 'i', 2, 2, "int16"},
    {TypeId::UInt16, 'u', 2, 2, "uint16"},
    {TypeId::Int32, 'i', 4, 4, "int32"},
    {TypeId::UInt32, 'u', 4, 4, "uint32"},
    {TypeId::Int64, 'i', 8, 8, "int64"},
    {TypeId::UInt64, 'u', 8, 8, "uint64"},
    {TypeId::Float16, 'f', 2, 2, "float16"},
    {TypeId::Float32, 'f', 4, 4, "float32"},
    {TypeId::Float64, 'f', 8, 8, "float64"},
    {TypeId::LongDouble, 'f', 16, 16, "longdouble"},
    {TypeId::Float128, 'f', 16, 16, "float128"},
    {TypeId::Complex64, 'c', 8, 4, "complex64"},
    {TypeId::Complex128, 'c', 16, 8, "complex128"},
    {TypeId::CLongDouble, 'c', 32, 16, "clongdouble"},
    {TypeId::Complex256, 'c', 32, 16, "complex256"},
    {TypeId::Bytes, 'S', 0, 1, "bytes"},
    {TypeId::Str, 'U', 0, 4, "str"},
    {TypeId::Void, 'V', 0, 1, "void"},
    {TypeId::Datetime, 'M', 8, 8, "datetime64"},
    {TypeId::Timedelta, 'm', 8, 8, "timedelta64"},
}};

const BuiltinRow& row(TypeId id) {
  return kBuiltins[static_cast<size_t>(id)];
}

bool byte_order_applies(const DTypeDescr& d) {
  if (d.id == TypeId::Str || d.id == TypeId::Datetime || d.id == TypeId::Timedelta) return true;
  if (d.id == TypeId::Bytes || d.id == TypeId::Void) return false;
  return d.itemsize > 1;
}

std::shared_ptr<DTypeDescr> make_builtin(TypeId id) {
  const BuiltinRow& r = row(id);
  auto d = std::make_shared<DTypeDescr>();
  d->id = id;
  d->kind = r.kind;
  d->char_code = kernels::type_code_of(r.id);
  d->itemsize = r.itemsize;
  d->alignment = r.alignment;
  d->endian = kNativeEndian;
  if (!byte_order_applies(*d)) d->endian = Endian::NotApplicable;
  return d;
}

const std::shared_ptr<const DTypeDescr>& cached_builtin(TypeId id) {
  static const auto table = [] {
    std::array<std::shared_ptr<const DTypeDescr>, kTypeIdCount> t;
    for (int i = 0; i < kTypeIdCount; ++i)
      t[i] = make_builtin(static_cast<TypeId>(i));
    return t;
  }();
  return table[static_cast<size_t>(id)];
}

char endian_char(const DTypeDescr& d) {
  switch (d.endian) {
    case Endian::Little:
      return '<';
    case Endian::Big:
      return '>';
    case Endian::NotApplicable:
      return '|';
  }
  return '|';
}

std::string datetime_meta(const DTypeDescr& d) {
  if (d.unit == DatetimeUnit::Generic) return "";
  std::string s = "[";
  if (d.unit_multiple != 1) s += std::to_string(d.unit_multiple);
  s += datetime_unit_name(d.unit);
  return s + "]";
}

std::string str_of(const DTypeDescr& d) {
  if (d.id == TypeId::User) return d.user_name;
  std::string out(1, endian_char(d));
  switch (d.id) {
    case TypeId::Str:
      return out + "U" + std::to_string(d.itemsize / 4);
    case TypeId::Datetime:
      return out + "M8" + datetime_meta(d);
    case TypeId::Timedelta:
      return out + "m8" + datetime_meta(d);
    case TypeId::Float128:
      return out + "k16";
    case TypeId::Complex256:
      return out + "K32";
    default:
      return out + d.kind + std::to_string(d.itemsize);
  }
}

// NumPy's _scalar_str(dtype, short): the quoted construction text of a non-structured dtype.
std::string scalar_construction(const DTypeDescr& d, bool short_form) {
  std::string bo = d.endian == Endian::NotApplicable ? "" : std::string(1, endian_char(d));
  switch (d.id) {
    case TypeId::Bool:
      return short_form ? "'?'" : "'bool'";
    case TypeId::Bytes:
      return d.itemsize == 0 ? "'S'" : "'S" + std::to_string(d.itemsize) + "'";
    case TypeId::Str:
      return d.itemsize == 0 ? "'" + bo + "U'"
                             : "'" + bo + "U" + std::to_string(d.itemsize / 4) + "'";
    case TypeId::Void:
      return d.itemsize == 0 ? "'V'" : "'V" + std::to_string(d.itemsize) + "'";
    case TypeId::Datetime:
      return "'" + bo + "M8" + datetime_meta(d) + "'";
    case TypeId::Timedelta:
      return "'" + bo + "m8" + datetime_meta(d) + "'";
    default:
      break;
  }
  bool native = d.endian == kNativeEndian || d.endian == Endian::NotApplicable;
  if (short_form || !native) return "'" + bo + str_of(d).substr(1) + "'";
  return "'" + std::string(row(d.id).name) + "'";
}

// NumPy's _is_packed: fields laid out back to back (with C alignment for aligned structs).
bool is_packed(const DTypeDescr& d) {
  auto align_up = [](int64_t v, int64_t a) {
    return checked::add(v, a - 1, "structured itemsize") / a * a;
  };
  int64_t total = 0;
  int64_t max_align = 1;
  for (const Field& f : d.fields) {
    if (d.aligned_struct) {
      total = align_up(total, f.type->alignment);
      max_align = std::max(max_align, f.type->alignment);
    }
    if (f.offset != total) return false;
    total = checked::add(total, f.type->itemsize, "structured itemsize");
  }
  if (d.aligned_struct) total = align_up(total, max_align);
  return total == d.itemsize;
}

std::string construction_repr(const DTypeDescr& d, bool short_form);

std::string struct_list_str(const DTypeDescr& d) {
  std::string out = "[";
  for (size_t i = 0; i < d.fields.size(); ++i) {
    const Field& f = d.fields[i];
    if (i) out += ", ";
    out += "(";
    if (!f.title.empty()) {
      out += "(" + py::repr_str(f.title) + ", " + py::repr_str(f.name) + "), ";
    } else {
      out += py::repr_str(f.name) + ", ";
    }
    if (f.type->sub_base) {
      out += construction_repr(*f.type->sub_base, true) + ", " + py::repr_shape(f.type->sub_shape);
    } else {
      out += construction_repr(*f.type, true);
    }
    out += ")";
  }
  return out + "]";
}

std::string struct_dict_str(const DTypeDescr& d) {
  std::string names, formats, offsets, titles;
  bool any_title = false;
  for (size_t i = 0; i < d.fields.size(); ++i) {
    const Field& f = d.fields[i];
    std::string sep = i ? ", " : "";
    names += sep + py::repr_str(f.name);
    formats += sep + construction_repr(*f.type, true);
    offsets += sep + std::to_string(f.offset);
    titles += sep + (f.title.empty() ? std::string("None") : py::repr_str(f.title));
    any_title = any_title || !f.title.empty();
  }
  std::string out =
      "{'names': [" + names + "], 'formats': [" + formats + "], 'offsets': [" + offsets + "], ";
  if (any_title) out += "'titles': [" + titles + "], ";
  return out + "'itemsize': " + std::to_string(d.itemsize) + "}";
}

std::string construction_repr(const DTypeDescr& d, bool short_form) {
  if (d.id == TypeId::User) return py::repr_str(d.user_name);
  if (!d.fields.empty()) return is_packed(d) ? struct_list_str(d) : struct_dict_str(d);
  if (d.sub_base) {
    return "(" + construction_repr(*d.sub_base, true) + ", " + py::repr_shape(d.sub_shape) + ")";
  }
  return scalar_construction(d, short_form);
}

std::string descr_of(const DTypeDescr& d);

std::string field_descr(const DTypeDescr& d) {
  // Python's _array_descr: padding gaps become ('', '|V<n>') entries.
  std::string out = "[";
  int64_t offset = 0;
  bool first = true;
  auto append = [&](const std::string& item) {
    if (!first) out += ", ";
    out += item;
    first = false;
  };
  std::vector<const Field*> order;
  for (const Field& f : d.fields)
    order.push_back(&f);
  for (const Field* f : order) {
    if (f->offset > offset) {
      append("('', '|V" + std::to_string(f->offset - offset) + "')");
      offset = f->offset;
    } else if (f->offset < offset) {
      throw ValueError(
          "dtype.descr is not defined for types with overlapping or out-of-order fields");
    }
    std::string name = f->title.empty()
                           ? py::repr_str(f->name)
                           : "(" + py::repr_str(f->title) + ", " + py::repr_str(f->name) + ")";
    if (f->type->sub_base) {
      append("(" + name + ", " + descr_of(*f->type->sub_base) + ", " +
             py::repr_shape(f->type->sub_shape) + ")");
    } else {
      append("(" + name + ", " + descr_of(*f->type) + ")");
    }
    offset += f->type->itemsize;
  }
  if (d.itemsize > offset) append("('', '|V" + std::to_string(d.itemsize - offset) + "')");
  return out + "]";
}

// The element of a descr list for one (non-subarray) type: a quoted str or a nested list.
std::string descr_of(const DTypeDescr& d) {
  if (!d.fields.empty()) return field_descr(d);
  if (d.sub_base) {
    return "(" + descr_of(*d.sub_base) + ", " + py::repr_shape(d.sub_shape) + ")";
  }
  return py::repr_str(str_of(d));
}

std::shared_ptr<DTypeDescr> clone(const DType& t) {
  return std::make_shared<DTypeDescr>(t.descr_ref());
}

}  // namespace

const char* datetime_unit_name(DatetimeUnit unit) {
  static constexpr std::array<const char*, 14> names = {
      "Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", "generic"};
  return names[static_cast<size_t>(unit)];
}

DType::DType() : d_(cached_builtin(TypeId::Float64)) {}
DType::DType(TypeId id) {
  if (id == TypeId::User) {
    throw ValueError("a user dtype is made by registering it (np::register_user_dtype)");
  }
  d_ = cached_builtin(id);
}

DType DType::bytes(int64_t n) {
  if (n < 0) throw ValueError("negative itemsize for bytes dtype");
  auto d = make_builtin(TypeId::Bytes);
  d->itemsize = n;
  return DType(std::move(d));
}

DType DType::unicode(int64_t n) {
  if (n < 0 || n > (int64_t{1} << 40)) throw ValueError("invalid length for str dtype");
  auto d = make_builtin(TypeId::Str);
  d->itemsize = n * 4;
  return DType(std::move(d));
}

DType DType::void_(int64_t n) {
  if (n < 0) throw ValueError("negative itemsize for void dtype");
  auto d = make_builtin(TypeId::Void);
  d->itemsize = n;
  return DType(std::move(d));
}

namespace {
DType make_datetime_like(TypeId id, DatetimeUnit unit, int64_t multiple) {
  if (multiple <= 0 || multiple > (int64_t{1} << 31)) {
    throw TypeError("invalid datetime unit multiple " + std::to_string(multiple));
  }
  auto d = make_builtin(id);
  d->unit = unit;
  d->unit_multiple = unit == DatetimeUnit::Generic ? 1 : multiple;
  return DType(std::move(d));
}
}  // namespace

DType DType::datetime(DatetimeUnit unit, int64_t multiple) {
  return make_datetime_like(TypeId::Datetime, unit, multiple);
}
DType DType::timedelta(DatetimeUnit unit, int64_t multiple) {
  return make_datetime_like(TypeId::Timedelta, unit, multiple);
}

DType DType::subarray(const DType& base, const Shape& shape) {
  int64_t count = 1;
  for (int64_t n : shape) {
    if (n < 0) throw ValueError("invalid shape in fixed-type tuple: dimension smaller than zero.");
    count = checked::mul(count, n, "subarray size");
  }
  auto d = make_builtin(TypeId::Void);
  d->itemsize = checked::mul(count, base.itemsize(), "subarray itemsize");
  d->alignment = base.alignment();
  d->sub_base = base.handle();
  d->sub_shape = shape;
  return DType(std::move(d));
}

DType DType::structured(const std::vector<FieldSpec>& specs, bool align) {
  std::vector<std::string> names;
  std::vector<DType> types;
  std::vector<int64_t> offsets;
  int64_t offset = 0;
  int64_t max_align = 1;
  for (size_t i = 0; i < specs.size(); ++i) {
    DType t = DType::parse(specs[i].format);
    if (!specs[i].shape.empty()) t = DType::subarray(t, specs[i].shape);
    std::string name = specs[i].name.empty() ? "f" + std::to_string(i) : specs[i].name;
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      throw ValueError("field '" + name + "' occurs more than once");
    }
    if (align) {
      int64_t a = t.alignment();
      max_align = std::max(max_align, a);
      offset = checked::add(offset, a - 1, "structured itemsize") / a * a;
    }
    names.push_back(name);
    types.push_back(t);
    offsets.push_back(offset);
    offset = checked::add(offset, t.itemsize(), "structured itemsize");
  }
  if (align)
    offset = checked::add(offset, max_align - 1, "structured itemsize") / max_align * max_align;
  return structured_with_offsets(names, types, offsets, offset, align);
}

DType DType::structured_with_offsets(const std::vector<std::string>& names,
                                     const std::vector<DType>& types,
                                     const std::vector<int64_t>& offsets, int64_t itemsize,
                                     bool aligned_flag) {
  if (names.size() != types.size() || names.size() != offsets.size()) {
    throw ValueError("names, formats and offsets must have the same length");
  }
  auto d = make_builtin(TypeId::Void);
  int64_t end = 0;
  int64_t max_align = 1;
  for (size_t i = 0; i < names.size(); ++i) {
    if (offsets[i] < 0) throw ValueError("field offsets must be non-negative");
    for (size_t j = 0; j < i; ++j) {
      if (names[j] == names[i]) throw ValueError("field '" + names[i] + "' occurs more than once");
    }
    d->fields.push_back(Field{names[i], "", types[i].handle(), offsets[i]});
    end = std::max(end, checked::add(offsets[i], types[i].itemsize(), "field end"));
    max_align = std::max(max_align, types[i].alignment());
  }
  if (itemsize < end) {
    throw ValueError("itemsize " + std::to_string(itemsize) +
                     " is too small for the fields, which need " + std::to_string(end));
  }
  d->itemsize = itemsize;
  d->aligned_struct = aligned_flag;
  d->alignment = aligned_flag ? max_align : 1;
  return DType(std::move(d));
}

bool DType::is_integer() const {
  return kind() == 'i' || kind() == 'u';
}
bool DType::is_signed_integer() const {
  return kind() == 'i';
}
bool DType::is_unsigned_integer() const {
  return kind() == 'u';
}
bool DType::is_floating() const {
  return kind() == 'f';
}
bool DType::is_complex() const {
  return kind() == 'c';
}
bool DType::is_numeric() const {
  return id() <= TypeId::Complex256;
}
bool DType::is_datetime_like() const {
  return id() == TypeId::Datetime || id() == TypeId::Timedelta;
}
bool DType::is_aligned_struct() const {
  return d_->aligned_struct;
}
bool DType::is_flexible() const {
  return (id() == TypeId::Bytes || id() == TypeId::Str || id() == TypeId::Void) &&
         itemsize() == 0 && !has_fields();
}
DatetimeUnit DType::datetime_unit() const {
  return d_->unit;
}
int64_t DType::datetime_multiple() const {
  return d_->unit_multiple;
}
const std::vector<Field>& DType::fields() const {
  return d_->fields;
}

std::vector<std::string> DType::names() const {
  std::vector<std::string> out;
  for (const Field& f : d_->fields)
    out.push_back(f.name);
  return out;
}

const Field& DType::field(std::string_view name) const {
  for (const Field& f : d_->fields) {
    if (f.name == name || (!f.title.empty() && f.title == name)) return f;
  }
  throw ValueError("no field of name " + std::string(name));
}

DType DType::subarray_base() const {
  if (!d_->sub_base) throw ValueError("dtype " + repr() + " is not a subarray type");
  return DType(d_->sub_base);
}
const Shape& DType::subarray_shape() const {
  return d_->sub_shape;
}

DType DType::component() const {
  DType t = *this;
  while (t.has_subarray())
    t = t.subarray_base();
  return t;
}

DType DType::real_type() const {
  TypeId real;
  switch (id()) {
    case TypeId::Complex64:
      real = TypeId::Float32;
      break;
    case TypeId::Complex128:
      real = TypeId::Float64;
      break;
    case TypeId::CLongDouble:
      real = TypeId::LongDouble;
      break;
    case TypeId::Complex256:
      real = TypeId::Float128;
      break;
    default:
      return *this;
  }
  DType r(real);
  if (endian() != kNativeEndian) r = r.newbyteorder('S');
  return r;
}

char DType::byteorder() const {
  if (d_->endian == Endian::NotApplicable) return '|';
  return d_->endian == kNativeEndian ? '=' : endian_char(*d_);
}

bool DType::is_native() const {
  if (has_fields()) {
    return std::all_of(d_->fields.begin(), d_->fields.end(),
                       [](const Field& f) { return f.dtype().is_native(); });
  }
  if (has_subarray()) return subarray_base().is_native();
  return d_->endian != (kNativeEndian == Endian::Little ? Endian::Big : Endian::Little);
}

namespace {

// Decimal text of itemsize * 8, exact for every int64 itemsize (the product can pass 2^63).
std::string bit_count_text(int64_t itemsize) {
  auto bits = static_cast<unsigned __int128>(itemsize) * 8;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(bits % 10)));
    bits /= 10;
  } while (bits != 0);
  return digits;
}

}  // namespace

std::string DType::name() const {
  const DTypeDescr& d = *d_;
  switch (d.id) {
    case TypeId::User:
      return d.user_name;
    case TypeId::Bytes:
    case TypeId::Str:
    case TypeId::Void:
      if (d.itemsize == 0 && d.fields.empty()) return row(d.id).name;
      return std::string(row(d.id).name) + bit_count_text(d.itemsize);
    case TypeId::Datetime:
    case TypeId::Timedelta:
      return std::string(row(d.id).name) + datetime_meta(d);
    default:
      return row(d.id).name;
  }
}

std::string DType::str() const {
  return str_of(*d_);
}

std::string DType::descr() const {
  if (has_fields()) return field_descr(*d_);
  return "[('', " + py::repr_str(str()) + ")]";
}

std::string DType::npy_descr() const {
  return has_fields() ? field_descr(*d_) : py::repr_str(str());
}

std::string DType::repr() const {
  std::string out = "dtype(" + construction_repr(*d_, false);
  if (d_->aligned_struct) out += ", align=True";
  return out + ")";
}

DType DType::newbyteorder(char order) const {
  auto d = clone(*this);
  if (!d->fields.empty()) {
    for (Field& f : d->fields)
      f.type = DType(f.type).newbyteorder(order).handle();
    return DType(std::move(d));
  }
  if (d->sub_base) {
    d->sub_base = DType(d->sub_base).newbyteorder(order).handle();
    return DType(std::move(d));
  }
  if (d->endian == Endian::NotApplicable) return *this;
  switch (order) {
    case 'S':
    case 's':
      d->endian = d->endian == Endian::Little ? Endian::Big : Endian::Little;
      break;
    case '<':
    case 'L':
    case 'l':
      d->endian = Endian::Little;
      break;
    case '>':
    case 'B':
    case 'b':
      d->endian = Endian::Big;
      break;
    case '=':
    case 'N':
    case 'n':
    case '|':
    case 'I':
    case 'i':
      d->endian = kNativeEndian;
      break;
    default:
      throw ValueError(std::string(1, order) + " is an unrecognized byteorder");
  }
  return DType(std::move(d));
}

DType DType::with_native_order() const {
  return is_native() ? *this : newbyteorder('=');
}

namespace {
bool same_layout(const DTypeDescr& a, const DTypeDescr& b, bool check_endian) {
  if (&a == &b) return true;
  if (a.id != b.id || a.itemsize != b.itemsize) return false;
  if (a.id == TypeId::User) return a.user_index == b.user_index;
  if (check_endian && a.endian != b.endian) return false;
  if (a.unit != b.unit || a.unit_multiple != b.unit_multiple) return false;
  if ((a.sub_base == nullptr) != (b.sub_base == nullptr)) return false;
  if (a.sub_base) {
    return a.sub_shape == b.sub_shape && same_layout(*a.sub_base, *b.sub_base, check_endian);
  }
  if (a.fields.size() != b.fields.size()) return false;
  for (size_t i = 0; i < a.fields.size(); ++i) {
    const Field& fa = a.fields[i];
    const Field& fb = b.fields[i];
    if (fa.name != fb.name || fa.offset != fb.offset || fa.title != fb.title) return false;
    if (!same_layout(*fa.type, *fb.type, check_endian)) return false;
  }
  return true;
}
}  // namespace

bool DType::operator==(const DType& other) const {
  return same_layout(*d_, *other.d_, true);
}
bool DType::equivalent(const DType& other) const {
  return same_layout(*d_, *other.d_, false);
}

namespace dtypes {
DType bool_() {
  return DType(TypeId::Bool);
}
DType int8() {
  return DType(TypeId::Int8);
}
DType uint8() {
  return DType(TypeId::UInt8);
}
DType int16() {
  return DType(TypeId::Int16);
}
DType uint16() {
  return DType(TypeId::UInt16);
}
DType int32() {
  return DType(TypeId::Int32);
}
DType uint32() {
  return DType(TypeId::UInt32);
}
DType int64() {
  return DType(TypeId::Int64);
}
DType uint64() {
  return DType(TypeId::UInt64);
}
DType intp() {
  return DType(TypeId::Int64);
}
DType uintp() {
  return DType(TypeId::UInt64);
}
DType float16() {
  return DType(TypeId::Float16);
}
DType float32() {
  return DType(TypeId::Float32);
}
DType float64() {
  return DType(TypeId::Float64);
}
DType longdouble() {
  return DType(TypeId::LongDouble);
}
DType float128() {
  return DType(TypeId::Float128);
}
DType complex64() {
  return DType(TypeId::Complex64);
}
DType complex128() {
  return DType(TypeId::Complex128);
}
DType clongdouble() {
  return DType(TypeId::CLongDouble);
}
DType complex256() {
  return DType(TypeId::Complex256);
}
}  // namespace dtypes

namespace detail {
// Used by the parser to build 'q'/'Q' variants that print the same but keep their char code.
DType with_char_code(const DType& t, char code) {
  auto d = clone(t);
  d->char_code = code;
  return DType(std::move(d));
}
}  // namespace detail

}  // namespace np
