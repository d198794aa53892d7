// View bounds checking (see bounds.hpp).
#include "layout/bounds.hpp"

#include "np/errors.hpp"
#include "util/checked.hpp"

namespace np::layout {

Extent extent(const Shape& shape, const Strides& strides, int64_t itemsize) {
  int64_t low = 0;
  int64_t high = 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] < 0) throw ValueError("negative dimensions are not allowed");
    if (shape[i] == 0) return {0, 0};
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t span = checked::mul(strides[i], shape[i] - 1, "stride * (dimension - 1)");
    if (span < 0) {
      low = checked::add(low, span, "view extent");
    } else {
      high = checked::add(high, span, "view extent");
    }
  }
  return {low, checked::add(high, itemsize, "view extent")};
}

void check_view_bounds(const Shape& shape, const Strides& strides, int64_t offset, int64_t itemsize,
                       int64_t buffer_size) {
  Extent e = extent(shape, strides, itemsize);
  // No element is addressed: any offset is harmless (it is never dereferenced) and NumPy keeps
  // the one the view arithmetic gives, e.g. flip of a (3, 0) array moves it by 2 rows.
  if (e.high == 0) return;
  int64_t first = checked::add(offset, e.low, "view extent");
  int64_t last = checked::add(offset, e.high, "view extent");
  if (first < 0 || last > buffer_size) {
    throw ValueError("strides and shape address bytes [" + std::to_string(first) + ", " +
                     std::to_string(last) + ") outside the buffer of " +
                     std::to_string(buffer_size) + " bytes");
  }
}

}  // namespace np::layout
