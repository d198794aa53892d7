// Typed strided conversion loops between the common numeric dtypes (bool, every integer,
// float16, float32, float64 in native byte order): one instantiation per pair, so contiguous
// conversions vectorise. They give exactly convert_element's results (NumPy's unsafe casting,
// x86 semantics for out-of-range float -> integer); tests/core/dtype/cast_loops_test.cpp checks
// every pair against it. Other pairs (byte-swapped, x87, binary128, complex, text, datetime,
// user dtypes) have no fast loop and take convert_element.
#pragma once

#include <cstddef>
#include <cstdint>

#include "np/dtype.hpp"

namespace np::detail {

using CastLoop = void (*)(const std::byte* src, int64_t src_stride, std::byte* dst,
                          int64_t dst_stride, int64_t n);

// The fast loop from -> to, or nullptr.
CastLoop find_cast_loop(const DType& from, const DType& to);

}  // namespace np::detail
