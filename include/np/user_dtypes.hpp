// Dtypes registered at run time (by plugins through the C ABI, or by a host): a fixed-size element
// type with a name, its casts to and from other dtypes (each a strided loop with a casting
// level), and promotion rules. Once registered, the name parses as a dtype, arrays of it can be
// created, copied, viewed and cast, and ufuncs take loops for it like any builtin.
//
// Casting: a registered cast is used directly; a builtin type reaches a user type through a
// builtin cast to a type the user type registered a cast from (and back the same way), at the
// weaker of the two casting levels. promote_types asks the registered promotion rules, then
// safe casts either way. Thread safety: registration happens while loading; lookups take a
// shared lock. Registered dtypes and casts live for the rest of the process.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "np/casting.hpp"
#include "np/dtype.hpp"
#include "np/loop_abi.h"

namespace np {

struct UserDTypeSpec {
  std::string name;  // [A-Za-z_][A-Za-z0-9_]*, not a builtin dtype name
  char kind = 'V';   // NumPy kind letter the type reports ('f' for a float format, ...)
  int64_t itemsize = 0;
  int64_t alignment = 1;
  std::string owner;  // registering plugin
};

// ValueError when the name is malformed or taken, or the size/alignment is invalid.
DType register_user_dtype(const UserDTypeSpec& spec);
// The same checks without registering.
void validate_user_dtype_spec(const UserDTypeSpec& spec);
std::optional<DType> find_user_dtype(std::string_view name);
std::vector<DType> user_dtypes();
std::string user_dtype_owner(const DType& dtype);

struct UserCast {
  DType from, to;
  Casting level = Casting::Unsafe;  // Safe, SameKind or Unsafe
  NpStridedLoop loop = nullptr;     // 1 input, 1 output; loop_data passed through
  void* loop_data = nullptr;
  std::string owner;
};
// One of from/to must be a user dtype; ValueError when that cast is already registered.
void register_user_cast(UserCast cast);
bool user_cast_registered(const DType& from, const DType& to);
// Rule promote_types(a, b) == promote_types(b, a) == result (one of a/b a user dtype).
void register_user_promotion(const DType& a, const DType& b, const DType& result);

namespace detail {
// Casting level of from -> to when a user dtype is involved (nullopt: no conversion at all).
std::optional<Casting> user_cast_level(const DType& from, const DType& to);
// The registered promotion of a and b (either order), if any.
std::optional<DType> user_promotion(const DType& a, const DType& b);
// Converts n strided elements when from or to is a user dtype (TypeError when impossible).
void user_convert(const DType& from, const std::byte* src, int64_t src_stride, const DType& to,
                  std::byte* dst, int64_t dst_stride, int64_t n);
}  // namespace detail

}  // namespace np
