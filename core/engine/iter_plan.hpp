// The iterator planner: a fixed pipeline of small pure functions over (shape, strides[nop]):
//   broadcast_strides -> order_axes (K order by |stride|) -> flip_negative -> coalesce
// Each step is unit-tested alone (tests/core/engine/iter_plan_test.cpp). The result describes
// an N-d loop whose last axis is the inner (fastest) one.
#pragma once

#include <cstdint>
#include <vector>

#include "np/array.hpp"

namespace np::engine {

struct IterPlan {
  Shape shape;                       // iteration shape, last axis innermost
  std::vector<Strides> strides;      // per operand, byte strides along `shape`
  std::vector<int64_t> base_offset;  // per operand, bytes added to its data pointer (flips)
};

// Strides of `a` seen through the broadcast shape `shape` (0 for broadcast axes). ValueError
// with NumPy's message when a does not broadcast.
Strides broadcast_strides(const Array& a, const Shape& shape);

// Axis permutation for K order: axes by decreasing |stride| of the operands (first operand
// with a non-zero stride decides, C order on ties), so the last axis is the fastest.
std::vector<int64_t> k_order(const Shape& shape, const std::vector<Strides>& strides);

// Applies a permutation to the plan's axes.
void permute(IterPlan& plan, const std::vector<int64_t>& perm);

// Reverses axes along which every operand steps backwards (or not at all), so memory is walked
// forwards; the base offsets move to the last element of those axes.
void flip_negative(IterPlan& plan);

// Merges axis d into d+1 when every operand walks them as one run:
// shape[d]==1 || shape[d+1]==1 || stride[d] == stride[d+1] * shape[d+1].
void coalesce(IterPlan& plan);

// The whole pipeline for operands already broadcast to `shape` (strides given per operand).
IterPlan make_plan(const Shape& shape, const std::vector<Strides>& strides,
                   bool keep_order = false);

}  // namespace np::engine
