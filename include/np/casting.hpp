// Type promotion (np.promote_types / np.result_type) and casting rules (np.can_cast) for every
// builtin dtype, equal to NumPy 1.24's tables; binary128 types slot in above longdouble.
#pragma once

#include <functional>
#include <optional>
#include <span>

#include <string_view>

#include "np/array.hpp"
#include "np/dtype.hpp"

namespace np {

enum class Casting { No, Equiv, Safe, SameKind, Unsafe };
// "no", "equiv", "safe", "same_kind", "unsafe"; ValueError otherwise.
Casting parse_casting(std::string_view text);
const char* casting_name(Casting casting);

// np.can_cast(from_, to, casting) for dtypes.
bool can_cast(const DType& from, const DType& to, Casting casting = Casting::Safe);

// np.promote_types: the smallest type both safely cast to, in native byte order. TypeError when
// the two have no common dtype (e.g. int64 and datetime64).
DType promote_types(const DType& a, const DType& b);

// The sized dtype an unsized S/U/V target takes for a source (astype('U') of float64 is U32).
DType discover_flexible(const DType& source, const DType& target);

// ndarray.astype: a converted copy (order K keeps the memory order). TypeError "Cannot cast
// array data from dtype('float64') to dtype('int32') according to the rule 'safe'" when the
// casting rule forbids it. With copy=false the input itself is returned when nothing changes.
Array astype(const Array& a, const DType& dtype, Order order = Order::K,
             Casting casting = Casting::Unsafe, bool copy = true);

// np.copyto: src broadcast into dst under a casting rule (default same_kind); where (a bool
// array broadcastable to dst) selects the elements written.
void copyto(const Array& dst, const Array& src, Casting casting = Casting::SameKind,
            const Array* where = nullptr);

// A two-sided common-dtype hook (NumPy's __common_dtype__ / NEP 42): given (a, b) it returns
// the common dtype when it knows one, or nullopt to defer. promote_types asks every hook with
// (a, b) and then (b, a) before the builtin rules, so a plugin dtype can join promotion from
// either side. Registration is process-wide and thread-safe; hooks must be thread-safe.
using CommonDTypeHook = std::function<std::optional<DType>(const DType&, const DType&)>;
void register_common_dtype_hook(CommonDTypeHook hook);

// np.result_type over dtypes (array-less form): promote_types folded left to right.
DType result_type(std::span<const DType> types);

}  // namespace np
