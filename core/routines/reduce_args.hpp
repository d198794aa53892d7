// ReductionArgs (routine keywords) as the ufunc machinery's ReduceOptions.
#pragma once

#include "np/routines.hpp"
#include "np/ufunc.hpp"

namespace np::detail {

inline ReduceOptions to_reduce_options(const ReductionArgs& r) {
  ReduceOptions o;
  o.axis = r.axis;
  o.dtype = r.dtype;
  o.out = r.out;
  o.keepdims = r.keepdims;
  o.initial = r.initial;
  o.where = r.where;
  return o;
}

}  // namespace np::detail
