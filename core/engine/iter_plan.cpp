// Iterator planning steps (see iter_plan.hpp).
#include "engine/iter_plan.hpp"

#include <algorithm>
#include <numeric>

#include "np/errors.hpp"
#include "util/pyrepr.hpp"

namespace np::engine {

Strides broadcast_strides(const Array& a, const Shape& shape) {
  if (a.ndim() > static_cast<int>(shape.size())) {
    throw ValueError("operand with shape " + py::repr_shape(a.shape()) +
                     " cannot be broadcast to " + py::repr_shape(shape));
  }
  size_t lead = shape.size() - static_cast<size_t>(a.ndim());
  Strides s(shape.size(), 0);
  for (int i = 0; i < a.ndim(); ++i) {
    int64_t have = a.shape()[i];
    int64_t want = shape[lead + i];
    if (have == want) {
      s[lead + i] = have == 1 ? 0 : a.strides()[i];
    } else if (have != 1) {
      throw ValueError("operand with shape " + py::repr_shape(a.shape()) +
                       " cannot be broadcast to " + py::repr_shape(shape));
    }
  }
  return s;
}

std::vector<int64_t> k_order(const Shape& shape, const std::vector<Strides>& strides) {
  std::vector<int64_t> perm(shape.size());
  std::iota(perm.begin(), perm.end(), 0);
  // Insertion sort, stable: axis a goes before b when the first operand that distinguishes
  // them has a larger |stride| on a. Operands with a zero stride on either axis abstain.
  auto before = [&](int64_t a, int64_t b) {
    for (const Strides& s : strides) {
      int64_t sa = std::abs(s[a]), sb = std::abs(s[b]);
      if (sa == 0 || sb == 0 || shape[a] == 1 || shape[b] == 1) continue;
      if (sa != sb) return sa > sb;
      return false;
    }
    return false;
  };
  std::stable_sort(perm.begin(), perm.end(), before);
  return perm;
}

void permute(IterPlan& plan, const std::vector<int64_t>& perm) {
  Shape shape(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    shape[i] = plan.shape[perm[i]];
  for (Strides& s : plan.strides) {
    Strides t(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
      t[i] = s[perm[i]];
    s = std::move(t);
  }
  plan.shape = std::move(shape);
}

void flip_negative(IterPlan& plan) {
  for (size_t ax = 0; ax < plan.shape.size(); ++ax) {
    if (plan.shape[ax] <= 1) continue;
    bool any_negative = false, all_nonpositive = true;
    for (const Strides& s : plan.strides) {
      if (s[ax] < 0) any_negative = true;
      if (s[ax] > 0) all_nonpositive = false;
    }
    if (!any_negative || !all_nonpositive) continue;
    for (size_t k = 0; k < plan.strides.size(); ++k) {
      plan.base_offset[k] += plan.strides[k][ax] * (plan.shape[ax] - 1);
      plan.strides[k][ax] = -plan.strides[k][ax];
    }
  }
}

void coalesce(IterPlan& plan) {
  if (plan.shape.size() < 2) return;
  Shape shape{plan.shape[0]};
  std::vector<Strides> strides(plan.strides.size());
  for (size_t k = 0; k < strides.size(); ++k)
    strides[k] = {plan.strides[k][0]};
  for (size_t ax = 1; ax < plan.shape.size(); ++ax) {
    int64_t n = plan.shape[ax];
    int64_t prev = shape.back();
    bool merge = true;
    for (size_t k = 0; k < strides.size() && merge; ++k) {
      int64_t s_prev = strides[k].back();
      int64_t s_cur = plan.strides[k][ax];
      merge = prev == 1 || n == 1 || s_prev == s_cur * n;
    }
    if (merge) {
      for (size_t k = 0; k < strides.size(); ++k) {
        // The merged axis takes the inner stride (or the outer one when the inner is length 1).
        strides[k].back() = n == 1 ? strides[k].back() : plan.strides[k][ax];
      }
      shape.back() = prev * n;
    } else {
      shape.push_back(n);
      for (size_t k = 0; k < strides.size(); ++k)
        strides[k].push_back(plan.strides[k][ax]);
    }
  }
  plan.shape = std::move(shape);
  plan.strides = std::move(strides);
}

IterPlan make_plan(const Shape& shape, const std::vector<Strides>& strides, bool keep_order) {
  IterPlan plan{shape, strides, std::vector<int64_t>(strides.size(), 0)};
  if (!keep_order) {
    permute(plan, k_order(plan.shape, plan.strides));
    flip_negative(plan);
  }
  coalesce(plan);
  if (plan.shape.empty()) {  // 0-d: one element
    plan.shape = {1};
    for (Strides& s : plan.strides)
      s = {0};
  }
  return plan;
}

}  // namespace np::engine
