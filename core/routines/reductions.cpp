// Reductions as NumPy composes them: sum/prod/cumsum/cumprod through the add/multiply ufuncs,
// mean = sum / count in the result's float type, and truth-value reductions.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "dtype/element_cast.hpp"
#include "layout/nd_loop.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "routines/lane_reductions.hpp"
#include "routines/reduce_args.hpp"
#include "simd/reduce_kernels.hpp"

#include "np/registry.hpp"
#include "np/routines.hpp"
#include "np/ufunc.hpp"

namespace np {

namespace {

Axes all_axes(const Array& a, const std::optional<Axes>& axis) {
  if (axis) return normalize_axes(*axis, a.ndim(), "axis");
  Axes out;
  for (int i = 0; i < a.ndim(); ++i)
    out.push_back(i);
  return out;
}

// out[i] = out[i] / count[i] in the array's own (float or complex) arithmetic.
void divide_in_place(const Array& a, const Array& counts) {
  const DType& t = a.dtype();
  std::byte* base = a.data();
  const std::byte* cbase = counts.data();
  Strides cs = counts.strides();
  layout::for_each_offset<2>(a.shape(), {&a.strides(), &cs}, [&](const std::array<int64_t, 2>& o) {
    int64_t n;
    std::memcpy(&n, cbase + o[1], 8);
    std::byte* p = base + o[0];
    switch (t.id()) {
      case TypeId::Float32: {
        float v;
        std::memcpy(&v, p, 4);
        v = v / static_cast<float>(n);
        std::memcpy(p, &v, 4);
        break;
      }
      case TypeId::Float64: {
        double v;
        std::memcpy(&v, p, 8);
        v = v / static_cast<double>(n);
        std::memcpy(p, &v, 8);
        break;
      }
      case TypeId::LongDouble: {
        long double v;
        std::memcpy(&v, p, sizeof v);
        v = v / static_cast<long double>(n);
        std::memcpy(p, &v, sizeof v);
        break;
      }
      case TypeId::Float128: {
        __float128 v;
        std::memcpy(&v, p, 16);
        v = v / static_cast<__float128>(n);
        std::memcpy(p, &v, 16);
        break;
      }
      case TypeId::Complex64:
      case TypeId::Complex128:
      case TypeId::CLongDouble:
      case TypeId::Complex256: {
        // NumPy divides a complex by a real count as complex / complex(n, 0).
        detail::WideNumber w = detail::load_number(t, p);
        if (t.id() == TypeId::Complex256) {
          w.qre /= static_cast<__float128>(n);
          w.qim /= static_cast<__float128>(n);
        } else if (t.id() == TypeId::CLongDouble) {
          w.re /= static_cast<long double>(n);
          w.im /= static_cast<long double>(n);
        } else if (t.id() == TypeId::Complex128) {
          // NumPy's complex division by (n + 0j) multiplies by 1/n (Smith's algorithm).
          double scale = 1.0 / static_cast<double>(n);
          w.re = static_cast<double>(w.re) * scale;
          w.im = static_cast<double>(w.im) * scale;
        } else {
          float scale = 1.0f / static_cast<float>(n);
          w.re = static_cast<float>(w.re) * scale;
          w.im = static_cast<float>(w.im) * scale;
        }
        detail::store_number(w, t, p);
        break;
      }
      default:
        throw TypeError("mean: cannot divide values of dtype " + t.str());
    }
  });
}

// The reduced values `acc` (kept shape, reduced axes as 1) as the caller asked: keepdims or
// not, written to out= when given.
Array finish_truth(const Array& a, const Array& acc, const Axes& axes, const ReductionArgs& r) {
  Array result = acc;
  if (!r.keepdims) {
    Shape s;
    for (int i = 0; i < a.ndim(); ++i) {
      if (std::find(axes.begin(), axes.end(), i) == axes.end()) s.push_back(a.shape()[i]);
    }
    result = reshape(acc, s);
  }
  if (r.out) {
    assign(*r.out, result);
    return *r.out;
  }
  return result;
}

// The SIMD truth kernel for a's dtype (native bool, integers, float32, float64), or nullptr.
simd::ReduceKernels::Truth truth_kernel(const DType& t, bool all_mode) {
  const auto id = static_cast<size_t>(t.id());
  if (!t.is_native() || id >= simd::kKernelTypes) return nullptr;
  const simd::ReduceKernels& k = simd::reduce_kernels();
  return all_mode ? k.all[id] : k.any[id];
}

// Truth values reduced with `any` semantics (or `all` when all_mode), bool result.
Array truth_reduce(const Array& a, const ReductionArgs& r, bool all_mode) {
  Axes axes = all_axes(a, r.axis);
  Shape keep = a.shape();
  for (int64_t ax : axes)
    keep[static_cast<size_t>(ax)] = 1;
  if (auto kernel = truth_kernel(a.dtype(), all_mode); kernel != nullptr && !r.where) {
    // Reduced axes last, each lane of the kept index through the kernel (early exit).
    Axes sorted = axes;
    std::sort(sorted.begin(), sorted.end());
    Array t = detail::reduced_axes_last(a, sorted);
    Array acc = Array::empty(keep, dtypes::bool_());
    const int64_t lanes = acc.size();
    const int64_t n = lanes == 0 ? 0 : a.size() / lanes;
    detail::truth_lanes(t, n, lanes, kernel, reinterpret_cast<uint8_t*>(acc.data()));
    return finish_truth(a, acc, axes, r);
  }
  Array acc = full(keep, Scalar(all_mode), dtypes::bool_());
  Array truth = astype(a, dtypes::bool_());
  Strides acc_strides = acc.strides();
  for (int64_t ax : axes)
    acc_strides[static_cast<size_t>(ax)] = 0;
  Array mask = r.where ? astype(broadcast_to(*r.where, a.shape()), dtypes::bool_())
                       : full({}, Scalar(true), dtypes::bool_());
  Strides mask_strides = r.where ? mask.strides() : Strides(static_cast<size_t>(a.ndim()), 0);
  std::byte* accp = acc.data();
  const std::byte* tp = truth.data();
  const std::byte* mp = mask.data();
  layout::for_each_offset<3>(a.shape(), {&acc_strides, &truth.strides(), &mask_strides},
                             [&](const std::array<int64_t, 3>& o) {
                               if (static_cast<uint8_t>(mp[o[2]]) == 0) return;
                               bool v = static_cast<uint8_t>(tp[o[1]]) != 0;
                               uint8_t& cur = *reinterpret_cast<uint8_t*>(accp + o[0]);
                               cur = all_mode ? (cur && v) : (cur || v);
                             });
  return finish_truth(a, acc, axes, r);
}

}  // namespace

Array sum(const Registry& ufuncs, const Array& a, const ReductionArgs& r) {
  return ufunc_reduce(ufuncs.ufunc("add"), a, detail::to_reduce_options(r));
}

Array prod(const Registry& ufuncs, const Array& a, const ReductionArgs& r) {
  return ufunc_reduce(ufuncs.ufunc("multiply"), a, detail::to_reduce_options(r));
}

Array cumsum(const Registry& ufuncs, const Array& a, std::optional<int64_t> axis,
             std::optional<DType> dtype, std::optional<Array> out) {
  const UFunc& add = ufuncs.ufunc("add");
  if (!axis) return ufunc_accumulate(add, ravel(a), 0, dtype, out);
  return ufunc_accumulate(add, a, *axis, dtype, out);
}

Array cumprod(const Registry& ufuncs, const Array& a, std::optional<int64_t> axis,
              std::optional<DType> dtype, std::optional<Array> out) {
  const UFunc& mul = ufuncs.ufunc("multiply");
  if (!axis) return ufunc_accumulate(mul, ravel(a), 0, dtype, out);
  return ufunc_accumulate(mul, a, *axis, dtype, out);
}

Array mean(const Registry& ufuncs, const Array& a, const ReductionArgs& r) {
  Axes axes = all_axes(a, r.axis);
  // Result type: integers and bools average in float64; float16 accumulates in float32.
  ReductionArgs sr = r;
  sr.out.reset();
  bool half_result = false;
  if (!r.dtype) {
    if (a.dtype().is_integer() || a.dtype().is_bool()) {
      sr.dtype = dtypes::float64();
    } else if (a.dtype().id() == TypeId::Float16) {
      sr.dtype = dtypes::float32();
      half_result = true;
    }
  }
  Array total = sum(ufuncs, a, sr);
  // Element counts per output (where= counts only the selected elements).
  Array counts;
  if (r.where) {
    ReductionArgs cr;
    cr.axis = axes;
    cr.keepdims = r.keepdims;
    Array w = astype(broadcast_to(*r.where, a.shape()), dtypes::int64());
    cr.dtype = dtypes::int64();
    counts = sum(ufuncs, w, cr);
  } else {
    int64_t n = 1;
    for (int64_t ax : axes)
      n *= a.shape()[static_cast<size_t>(ax)];
    if (n == 0) emit_warning("RuntimeWarning: Mean of empty slice.");
    counts = full(total.shape(), Scalar(n), dtypes::int64());
  }
  Array result = total.owns_data() ? total : copy(total, Order::C);
  divide_in_place(result, counts);
  if (half_result && !r.dtype) result = astype(result, dtypes::float16());
  if (r.out) {
    assign(*r.out, result);
    return *r.out;
  }
  return result;
}

Array any(const Array& a, const ReductionArgs& r) {
  return truth_reduce(a, r, false);
}
Array all(const Array& a, const ReductionArgs& r) {
  return truth_reduce(a, r, true);
}

Array count_nonzero(const Registry& ufuncs, const Array& a, std::optional<Axes> axis,
                    bool keepdims) {
  // Truthiness first (NaN counts, -0.0 does not), then an int64 sum.
  Array truth = astype(astype(a, dtypes::bool_()), dtypes::int64());
  ReductionArgs r;
  r.axis = axis;
  r.keepdims = keepdims;
  r.dtype = dtypes::int64();
  return sum(ufuncs, truth, r);
}

// The process-wide registry's overloads.
Array sum(const Array& a, const ReductionArgs& r) {
  return sum(Registry::global(), a, r);
}
Array prod(const Array& a, const ReductionArgs& r) {
  return prod(Registry::global(), a, r);
}
Array cumsum(const Array& a, std::optional<int64_t> axis, std::optional<DType> dtype,
             std::optional<Array> out) {
  return cumsum(Registry::global(), a, axis, dtype, std::move(out));
}
Array cumprod(const Array& a, std::optional<int64_t> axis, std::optional<DType> dtype,
              std::optional<Array> out) {
  return cumprod(Registry::global(), a, axis, dtype, std::move(out));
}
Array mean(const Array& a, const ReductionArgs& r) {
  return mean(Registry::global(), a, r);
}
Array count_nonzero(const Array& a, std::optional<Axes> axis, bool keepdims) {
  return count_nonzero(Registry::global(), a, std::move(axis), keepdims);
}

}  // namespace np
