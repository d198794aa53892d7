// Shape and layout manipulation. Every function documented as a view returns an Array sharing
// the input's buffer, with NumPy's exact shape, strides and offset; copies say so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "np/array.hpp"

namespace np {

using Axes = std::vector<int64_t>;

// Normalises a possibly negative axis; AxisError "axis 3 is out of bounds for array of
// dimension 2" when out of range.
int64_t normalize_axis(int64_t axis, int64_t ndim);
// Normalises a tuple of axes; ValueError "repeated axis" on duplicates.
Axes normalize_axes(const Axes& axes, int64_t ndim, const char* argname = "axis");

Array transpose(const Array& a, std::optional<Axes> axes = std::nullopt);     // view
Array swapaxes(const Array& a, int64_t axis1, int64_t axis2);                 // view
Array moveaxis(const Array& a, const Axes& source, const Axes& destination);  // view
Array rollaxis(const Array& a, int64_t axis, int64_t start = 0);              // view
Array squeeze(const Array& a, std::optional<Axes> axis = std::nullopt);       // view
Array expand_dims(const Array& a, const Axes& axis);                          // view
Array atleast_1d(const Array& a);                                             // view
Array atleast_2d(const Array& a);                                             // view
Array atleast_3d(const Array& a);                                             // view

// View when the strides allow (NumPy's _attempt_nocopy_reshape), else a copy. One -1 allowed.
Array reshape(const Array& a, const Shape& shape, Order order = Order::C);
Array ravel(const Array& a, Order order = Order::C);    // view when possible
Array flatten(const Array& a, Order order = Order::C);  // always a copy

Shape broadcast_shapes(const std::vector<Shape>& shapes);
Array broadcast_to(const Array& a, const Shape& shape);  // read-only view with stride 0
std::vector<Array> broadcast_arrays(const std::vector<Array>& arrays);

Array diagonal(const Array& a, int64_t offset = 0, int64_t axis1 = 0,
               int64_t axis2 = 1);  // read-only view
Array real(const Array& a);         // view for complex, the array itself otherwise
Array imag(const Array& a);         // view for complex, read-only zeros otherwise
Array field(const Array& a, const std::string& name);                 // view of one field
Array fields(const Array& a, const std::vector<std::string>& names);  // view keeping offsets
Array view(const Array& a, const DType& dtype);                       // reinterpret the bytes
Array flip(const Array& a, std::optional<Axes> axis = std::nullopt);  // view
// np.lib.stride_tricks.as_strided, bounds-checked against the buffer (ValueError outside it).
Array as_strided(const Array& a, std::optional<Shape> shape, std::optional<Strides> strides,
                 bool writeable = true);

// Byte-level copy in order C, F, A (F if the input is F-contiguous and not C) or K (keep the
// input's stride order). Never casts; the result owns its data and is writeable.
Array copy(const Array& a, Order order = Order::K);
Array ascontiguousarray(const Array& a);
Array asfortranarray(const Array& a);

// Copies `src` (broadcast to dst's shape, same dtype up to byte order or an unsafe element
// conversion) into `dst`. Source elements overlapping dst are read as if copied first.
void assign(const Array& dst, const Array& src);

}  // namespace np
