// Reductions over "lanes": an array reordered so that the reduced axes come last, C-contiguous,
// viewed as `lanes` rows of `n` elements, each row reduced by a SIMD kernel
// (simd/reduce_kernels.hpp). Large calls run on the core's threads; the results do not depend on
// the thread count (indices and truth values are exact, and a long single lane is split at fixed
// boundaries). Internal to the core.
#pragma once

#include <cstdint>

#include "np/array.hpp"
#include "np/manipulation.hpp"
#include "simd/reduce_kernels.hpp"

namespace np::detail {

// `a` with the axes of `reduced` moved last (in their order), C-contiguous: a view when `a`
// already is, else a copy.
Array reduced_axes_last(const Array& a, const Axes& reduced);

// out[l] = fn(lane l) for the lanes x n elements of the C-contiguous `t` (n >= 1). A single long
// lane is split into fixed parts whose winners are compared by fn once more, in part order, so
// the first extreme (or first NaN) of the whole lane wins.
void arg_extreme_lanes(const Array& t, int64_t n, int64_t lanes, simd::ReduceKernels::ArgExtreme fn,
                       int64_t* out);

// out[l] = fn(lane l) for the lanes x n elements of the C-contiguous `t` (n >= 0).
void truth_lanes(const Array& t, int64_t n, int64_t lanes, simd::ReduceKernels::Truth fn,
                 uint8_t* out);

}  // namespace np::detail
