// NumPy indexing: basic indexing (integers, slices, Ellipsis, newaxis) gives views; integer and
// boolean array indices (advanced indexing) give copies with NumPy's result-dimension placement;
// field names select structured fields. setitem casts the value unsafely and broadcasts it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "np/array.hpp"

namespace np {

struct Slice {
  std::optional<int64_t> start, stop, step;
};
struct EllipsisIndex {};
struct NewAxis {};
struct FieldName {
  std::string name;
};
struct FieldNames {
  std::vector<std::string> names;
};
using IndexItem =
    std::variant<int64_t, Slice, EllipsisIndex, NewAxis, Array, FieldName, FieldNames, bool>;
using Index = std::vector<IndexItem>;

Array getitem(const Array& a, const Index& index);
// Writes `value` (broadcast to the indexed shape, unsafe cast) into the selected elements.
// Repeated advanced indices: the last write wins, as in NumPy.
void setitem(const Array& a, const Index& index, const Array& value);

// Parses NumPy subscript text ("1:3, ..., None, $0, 'x'"); `$k` refers to arrays[k].
Index parse_index(std::string_view text, const std::vector<Array>& arrays);

}  // namespace np
