// Type promotion (np.promote_types / np.result_type) and casting rules (np.can_cast) for every
// builtin dtype, equal to NumPy 1.24's tables; binary128 types slot in above longdouble.
#pragma once

#include <span>
#include <string_view>

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

// np.result_type over dtypes (array-less form): promote_types folded left to right.
DType result_type(std::span<const DType> types);

}  // namespace np
