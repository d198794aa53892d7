// A minimal N-d odometer over several strided operands, used by the core's byte-level routines
// (copy, assign, fill, printing). The execution engine's planner (issue 3) replaces it for
// kernels; this one exists so the layout layer has no dependency on the engine.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "np/array.hpp"

namespace np::layout {

// Calls fn(offsets) for every index of `shape` in C order, where offsets[k] is the byte offset of
// the element in operand k (sum of index * strides[k]). fn receives a std::array<int64_t, N>.
template <size_t N, class Fn>
void for_each_offset(const Shape& shape, const std::array<const Strides*, N>& strides, Fn&& fn) {
  const size_t nd = shape.size();
  for (int64_t d : shape) {
    if (d == 0) return;
  }
  std::array<int64_t, N> off{};
  if (nd == 0) {
    fn(off);
    return;
  }
  std::vector<int64_t> idx(nd, 0);
  const int64_t inner = shape[nd - 1];
  std::array<int64_t, N> inner_stride;
  for (size_t k = 0; k < N; ++k)
    inner_stride[k] = (*strides[k])[nd - 1];
  while (true) {
    std::array<int64_t, N> o = off;
    for (int64_t i = 0; i < inner; ++i) {
      fn(o);
      for (size_t k = 0; k < N; ++k)
        o[k] += inner_stride[k];
    }
    // Advance the outer odometer.
    size_t ax = nd - 1;
    while (true) {
      if (ax == 0) return;
      --ax;
      if (++idx[ax] < shape[ax]) {
        for (size_t k = 0; k < N; ++k)
          off[k] += (*strides[k])[ax];
        break;
      }
      for (size_t k = 0; k < N; ++k)
        off[k] -= (*strides[k])[ax] * (shape[ax] - 1);
      idx[ax] = 0;
    }
  }
}

// Axes sorted by decreasing absolute stride, ties kept in axis order (NumPy's stride perm).
std::vector<int64_t> sorted_stride_perm(const Strides& strides);

}  // namespace np::layout
