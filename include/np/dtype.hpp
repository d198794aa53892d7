// Runtime data-type descriptors: NumPy's `np.dtype` for every builtin type, structured and subarray
// types, datetime/timedelta units and byte order.
//
// A DType is an immutable value: copying it shares one descriptor (thread-safe to share and read).
// Parsing accepts every string form `np.dtype(...)` accepts for these types; name(), str(), descr()
// and repr() print exactly as NumPy 1.24 prints them, with one documented difference: `float128`
// and `complex256` are IEEE binary128 here, while x87 extended precision is
// `longdouble`/`clongdouble` (which still read and write NumPy's `<f16`/`<c32` so files interchange
// bit for bit).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "np/kernel_types.hpp"

namespace np {

using Shape = std::vector<int64_t>;

// TypeId and kTypeIdCount: np/kernel_types.hpp (the builtin type table).

enum class Endian : uint8_t { Little, Big, NotApplicable };

// Datetime units in NumPy's order from coarsest to finest; Generic is the unit-less `M8`.
enum class DatetimeUnit : uint8_t { Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as, Generic };

const char* datetime_unit_name(DatetimeUnit unit);

namespace detail {
struct DTypeDescr;
}

class DType;

// One named field of a structured dtype.
struct Field {
  std::string name;
  std::string title;  // empty when the field has no title
  std::shared_ptr<const detail::DTypeDescr> type;
  int64_t offset = 0;
  DType dtype() const;
};

// Input for building a structured dtype field by field.
struct FieldSpec {
  std::string name;
  std::string format;  // any dtype string, e.g. "<f8", "(2,3)i4"
  Shape shape = {};    // subarray shape, empty for scalar fields
};

class DType {
 public:
  // float64, like np.dtype(None).
  DType();
  explicit DType(TypeId id);
  explicit DType(std::shared_ptr<const detail::DTypeDescr> descr) : d_(std::move(descr)) {}

  // Parses any dtype string np.dtype() accepts for the supported types. Throws TypeError
  // "data type 'xyz' not understood" for unknown or malformed strings.
  static DType parse(std::string_view text);
  // Parses `.npy` descr text: a dtype string or a Python list of field tuples.
  static DType from_descr(std::string_view descr_literal);

  static DType bytes(int64_t n);
  static DType unicode(int64_t n);  // U<n>, n characters of 4 bytes
  static DType void_(int64_t n);
  static DType datetime(DatetimeUnit unit, int64_t multiple = 1);
  static DType timedelta(DatetimeUnit unit, int64_t multiple = 1);
  static DType structured(const std::vector<FieldSpec>& fields, bool align = false);
  // Explicit layout: names, types, offsets and total itemsize (np.dtype({'names':..., ...})).
  static DType structured_with_offsets(const std::vector<std::string>& names,
                                       const std::vector<DType>& types,
                                       const std::vector<int64_t>& offsets, int64_t itemsize,
                                       bool aligned_flag = false);
  static DType subarray(const DType& base, const Shape& shape);

  TypeId id() const;
  char kind() const;       // 'b' 'i' 'u' 'f' 'c' 'S' 'U' 'V' 'M' 'm'
  char char_code() const;  // '?' 'b' 'B' 'h' ... ('l' and 'q' both denote int64)
  int64_t itemsize() const;
  int64_t alignment() const;
  Endian endian() const;
  char byteorder() const;  // NumPy's dtype.byteorder: '=', '<', '>' or '|'
  bool is_native() const;
  bool is_flexible() const;  // S, U or V with itemsize 0 (unsized)

  bool is_bool() const { return id() == TypeId::Bool; }
  bool is_integer() const;
  bool is_signed_integer() const;
  bool is_unsigned_integer() const;
  bool is_floating() const;
  bool is_complex() const;
  bool is_numeric() const;  // bool, integer, floating or complex
  bool is_datetime_like() const;
  bool is_user() const { return id() == TypeId::User; }  // registered by a plugin or host
  bool has_fields() const;
  bool has_subarray() const;
  bool is_aligned_struct() const;

  DatetimeUnit datetime_unit() const;
  int64_t datetime_multiple() const;

  const std::vector<Field>& fields() const;
  std::vector<std::string> names() const;
  // The field named `name`; throws KeyError when absent.
  const Field& field(std::string_view name) const;
  DType subarray_base() const;
  const Shape& subarray_shape() const;
  // The scalar type under any subarray nesting and its total element count.
  DType component() const;
  // For complex types, the real component type (same byte order).
  DType real_type() const;

  std::string name() const;   // 'float64', 'datetime64[ns]', 'void96', 'bytes40'
  std::string str() const;    // '<f8', '|S5', '<M8[ns]', '|V12'
  std::string descr() const;  // Python literal of dtype.descr, e.g. "[('f0', '<i4'), ('', '|V4')]"
  // The `.npy` header form: str() for plain types, descr() for structured ones.
  std::string npy_descr() const;
  std::string repr() const;  // "dtype('float64')", "dtype([('a', '<i4')])"

  DType newbyteorder(char order = 'S') const;  // 'S' swap, '<', '>', '=', '|'
  DType with_native_order() const;

  // NumPy dtype equality: same type, size, byte order, unit, layout (char 'l' == 'q').
  bool operator==(const DType& other) const;
  bool operator!=(const DType& other) const { return !(*this == other); }
  // Equal but for byte order (NumPy's 'equiv' casting).
  bool equivalent(const DType& other) const;

  const detail::DTypeDescr& descr_ref() const { return *d_; }
  const std::shared_ptr<const detail::DTypeDescr>& handle() const { return d_; }

 private:
  std::shared_ptr<const detail::DTypeDescr> d_;
};

namespace detail {
struct DTypeDescr {
  TypeId id = TypeId::Float64;
  char kind = 'f';
  char char_code = 'd';
  Endian endian = Endian::Little;
  int64_t itemsize = 8;
  int64_t alignment = 8;
  DatetimeUnit unit = DatetimeUnit::Generic;
  int64_t unit_multiple = 1;
  std::vector<Field> fields;  // in `names` order; empty unless structured
  bool aligned_struct = false;
  std::shared_ptr<const DTypeDescr> sub_base;  // set for subarray types
  Shape sub_shape;
  int user_index = -1;    // User types: index in the user dtype table
  std::string user_name;  // User types: the registered name (also their str())
};
}  // namespace detail

inline TypeId DType::id() const {
  return d_->id;
}
inline int64_t DType::itemsize() const {
  return d_->itemsize;
}
inline int64_t DType::alignment() const {
  return d_->alignment;
}
inline char DType::kind() const {
  return d_->kind;
}
inline char DType::char_code() const {
  return d_->char_code;
}
inline Endian DType::endian() const {
  return d_->endian;
}
inline bool DType::has_fields() const {
  return !d_->fields.empty();
}
inline bool DType::has_subarray() const {
  return d_->sub_base != nullptr;
}
inline DType Field::dtype() const {
  return DType(type);
}

// Convenience constructors for the builtin types.
namespace dtypes {
DType bool_();
DType int8();
DType uint8();
DType int16();
DType uint16();
DType int32();
DType uint32();
DType int64();
DType uint64();
DType intp();
DType uintp();
DType float16();
DType float32();
DType float64();
DType longdouble();
DType float128();
DType complex64();
DType complex128();
DType clongdouble();
DType complex256();
}  // namespace dtypes

// np.finfo for float and complex types (complex types report their component).
struct FloatInfo {
  int bits;
  int precision;  // decimal digits
  int nmant, nexp, iexp, maxexp, minexp, machep, negep;
  // Values as decimal strings exactly as NumPy's finfo prints them is out of scope; values as
  // long double (exact for every type but float128, which reports its own string forms below).
  long double eps, epsneg, max, min, tiny, resolution, smallest_subnormal;
  std::string eps_str, max_str, tiny_str, smallest_subnormal_str;
  DType dtype;
};
FloatInfo finfo(const DType& type);

// np.iinfo for integer types.
struct IntInfo {
  int bits;
  __int128 min;
  __int128 max;
  DType dtype;
};
IntInfo iinfo(const DType& type);

}  // namespace np
