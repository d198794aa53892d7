// Byte extents of strided layouts, with overflow-checked arithmetic. Every view the core makes
// is validated here, so no stride × index product can address memory outside its buffer.
#pragma once

#include <cstdint>

#include "np/array.hpp"

namespace np::layout {

struct Extent {
  int64_t low;   // lowest byte offset addressed, relative to the first element (<= 0)
  int64_t high;  // one past the highest byte addressed (>= itemsize when size > 0)
};

// Extent of the elements of (shape, strides); for size-0 layouts {0, 0}.
Extent extent(const Shape& shape, const Strides& strides, int64_t itemsize);

// Throws ValueError unless every element lies in [0, buffer_size) when placed at `offset`.
void check_view_bounds(const Shape& shape, const Strides& strides, int64_t offset, int64_t itemsize,
                       int64_t buffer_size);

}  // namespace np::layout
