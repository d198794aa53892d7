// Extremes, arg-extremes, peak-to-peak, clip, variance and standard deviation, composed from
// the registered ufuncs exactly as NumPy's _methods.py composes them.
#include <cmath>
#include <cstring>
#include <type_traits>

#include "dtype/element_cast.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/registry.hpp"
#include "np/routines.hpp"
#include "np/ufunc.hpp"
#include "routines/lane_reductions.hpp"
#include "routines/reduce_args.hpp"
#include "simd/reduce_kernels.hpp"
#include "util/checked.hpp"

namespace np {

namespace {

Array binary(const Registry& ufuncs, const char* name, const Array& x, const Array& y,
             std::optional<Array> out = std::nullopt, Casting casting = Casting::SameKind,
             std::optional<DType> dtype = std::nullopt) {
  UFuncOptions o;
  if (out) o.out = {*out};
  o.casting = casting;
  o.dtype = dtype;
  std::vector<Array> ins{x, y};
  return ufunc_call(ufuncs.ufunc(name), ins, o)[0];
}

// True when element p (dtype t) is "more extreme" than the current best b, NumPy's argmax order:
// NaN/NaT wins (first one), otherwise strictly greater (or less) replaces.
struct Comparable {
  bool nan = false;
  long double re = 0, im = 0;
  __float128 qre = 0, qim = 0;
  bool quad = false;
};

Comparable comparable(const DType& t, const std::byte* p) {
  detail::WideNumber w = detail::load_number(t, p);
  Comparable c;
  using Tag = detail::WideNumber::Tag;
  switch (w.tag) {
    case Tag::Bool:
      c.re = w.b ? 1 : 0;
      break;
    case Tag::Signed:
      c.re = static_cast<long double>(w.i);
      c.nan = t.is_datetime_like() && w.i == INT64_MIN;
      break;
    case Tag::Unsigned:
      c.re = static_cast<long double>(w.u);
      break;
    case Tag::Real:
      c.re = w.re;
      c.nan = std::isnan(w.re);
      break;
    case Tag::Complex:
      c.re = w.re;
      c.im = w.im;
      c.nan = std::isnan(w.re) || std::isnan(w.im);
      break;
    case Tag::Quad:
    case Tag::QuadComplex:
      c.quad = true;
      c.qre = w.qre;
      c.qim = w.tag == Tag::QuadComplex ? w.qim : 0;
      c.nan = w.qre != w.qre || c.qim != c.qim;
      break;
  }
  return c;
}

bool beats(const Comparable& x, const Comparable& best, bool is_max) {
  if (best.nan) return false;
  if (x.nan) return true;
  if (x.quad) {
    if (is_max) return x.qre > best.qre || (x.qre == best.qre && x.qim > best.qim);
    return x.qre < best.qre || (x.qre == best.qre && x.qim < best.qim);
  }
  if (is_max) return x.re > best.re || (x.re == best.re && x.im > best.im);
  return x.re < best.re || (x.re == best.re && x.im < best.im);
}

// Any dtype: each contiguous lane of n elements through the widened comparison.
void widened_arg_extreme_lanes(const Array& t, int64_t n, int64_t lanes, bool is_max,
                               int64_t* result) {
  const int64_t item = t.itemsize();
  for (int64_t lane = 0; lane < lanes; ++lane) {
    const std::byte* base = t.data() + lane * n * item;
    int64_t best_i = 0;
    Comparable best = comparable(t.dtype(), base);
    for (int64_t i = 1; i < n && !best.nan; ++i) {
      Comparable c = comparable(t.dtype(), base + i * item);
      if (beats(c, best, is_max)) {
        best = c;
        best_i = i;
      }
    }
    result[lane] = best_i;
  }
}

Array arg_extreme(const Array& a_in, std::optional<int64_t> axis_in, bool keepdims, bool is_max) {
  if (!(a_in.dtype().is_numeric() || a_in.dtype().is_datetime_like())) {
    throw TypeError(std::string(is_max ? "argmax" : "argmin") + " is not supported for dtype " +
                    a_in.dtype().str());
  }
  Array a = axis_in ? a_in : ravel(a_in);
  if (a.ndim() == 0) a = reshape(a, {1});
  int64_t axis = axis_in ? normalize_axis(*axis_in, a.ndim()) : 0;
  int64_t n = a.shape()[axis];
  if (n == 0) {
    throw ValueError(std::string("attempt to get ") + (is_max ? "argmax" : "argmin") +
                     " of an empty sequence");
  }
  // Move the axis last and walk each lane: SIMD kernels for the native numeric types, the
  // widened comparison for the rest.
  Array t = detail::reduced_axes_last(a, Axes{axis});
  Shape out_shape(t.shape().begin(), t.shape().end() - 1);
  Array out = Array::empty(out_shape, dtypes::int64());
  const int64_t lanes = shape_size(out_shape);
  auto* result = reinterpret_cast<int64_t*>(out.data());
  const auto id = static_cast<size_t>(t.dtype().id());
  simd::ReduceKernels::ArgExtreme kernel = nullptr;
  if (t.dtype().is_native() && id < simd::kKernelTypes) {
    const simd::ReduceKernels& k = simd::reduce_kernels();
    kernel = is_max ? k.argmax[id] : k.argmin[id];
  }
  if (kernel != nullptr) {
    detail::arg_extreme_lanes(t, n, lanes, kernel, result);
  } else {
    widened_arg_extreme_lanes(t, n, lanes, is_max, result);
  }
  if (keepdims) {
    Shape ks = a_in.ndim() == 0 ? Shape{} : a_in.shape();
    if (!axis_in) {
      ks.assign(static_cast<size_t>(a_in.ndim()), 1);
    } else {
      ks[static_cast<size_t>(axis)] = 1;
    }
    return reshape(out, ks);
  }
  return out;
}

}  // namespace

Array amax(const Registry& ufuncs, const Array& a, const ReductionArgs& r) {
  return ufunc_reduce(ufuncs.ufunc("maximum"), a, detail::to_reduce_options(r));
}
Array amin(const Registry& ufuncs, const Array& a, const ReductionArgs& r) {
  return ufunc_reduce(ufuncs.ufunc("minimum"), a, detail::to_reduce_options(r));
}

Array ptp(const Registry& ufuncs, const Array& a, std::optional<Axes> axis, bool keepdims) {
  ReductionArgs r;
  r.axis = axis;
  r.keepdims = keepdims;
  return binary(ufuncs, "subtract", amax(ufuncs, a, r), amin(ufuncs, a, r));
}

Array argmax(const Array& a, std::optional<int64_t> axis, bool keepdims) {
  return arg_extreme(a, axis, keepdims, true);
}
Array argmin(const Array& a, std::optional<int64_t> axis, bool keepdims) {
  return arg_extreme(a, axis, keepdims, false);
}

// NumPy 1.24 treats a scalar NaN bound as "no bound" (deprecated, but still the behaviour).
bool scalar_nan(const std::optional<Array>& bound) {
  if (!bound || bound->ndim() != 0 ||
      !(bound->dtype().is_floating() || bound->dtype().is_complex())) {
    return false;
  }
  Comparable c = comparable(bound->dtype(), bound->data());
  return c.nan;
}

Array clip(const Registry& ufuncs, const Array& a, const std::optional<Array>& lo_in,
           const std::optional<Array>& hi_in, std::optional<Array> out) {
  std::optional<Array> lo = scalar_nan(lo_in) ? std::nullopt : lo_in;
  std::optional<Array> hi = scalar_nan(hi_in) ? std::nullopt : hi_in;
  if (!lo_in && !hi_in) throw ValueError("One of max or min must be given");
  if (!lo && !hi) return out ? (assign(*out, a), *out) : copy(a, Order::K);
  if (!lo) return binary(ufuncs, "minimum", a, *hi, out);
  if (!hi) return binary(ufuncs, "maximum", a, *lo, out);
  UFuncOptions o;
  if (out) o.out = {*out};
  std::vector<Array> ins{a, *lo, *hi};
  return ufunc_call(ufuncs.ufunc("core.umath.clip"), ins, o)[0];
}

Array var(const Registry& ufuncs, const Array& a, const ReductionArgs& r_in, int64_t ddof) {
  ReductionArgs r = r_in;
  Axes axes;
  if (r.axis) {
    axes = normalize_axes(*r.axis, a.ndim(), "axis");
  } else {
    for (int i = 0; i < a.ndim(); ++i)
      axes.push_back(i);
  }
  if (!r.dtype && (a.dtype().is_integer() || a.dtype().is_bool())) r.dtype = dtypes::float64();
  // Counts per output element.
  Array rcount;
  if (r.where) {
    ReductionArgs cr;
    cr.axis = axes;
    cr.keepdims = true;
    cr.dtype = dtypes::int64();
    rcount = sum(ufuncs, astype(broadcast_to(*r.where, a.shape()), dtypes::int64()), cr);
  } else {
    int64_t n = 1;
    for (int64_t ax : axes)
      n *= a.shape()[static_cast<size_t>(ax)];
    rcount = full({}, Scalar(n), dtypes::int64());
  }
  // Pass 1: the mean, kept as dims.
  ReductionArgs mr = r;
  mr.out.reset();
  mr.keepdims = true;
  Array arrmean = sum(ufuncs, a, mr);
  // NumPy divides by a Python int, which keeps the mean's own float type.
  arrmean =
      binary(ufuncs, "true_divide", arrmean, rcount, arrmean, Casting::Unsafe, arrmean.dtype());
  // Pass 2: squared deviations.
  Array x = binary(ufuncs, "subtract", a, arrmean);
  if (x.dtype().is_complex()) {
    // NumPy squares real and imaginary parts separately and adds them (x * conj(x)).real.
    Array re = copy(real(x), Order::C);
    Array im = copy(imag(x), Order::C);
    re = binary(ufuncs, "multiply", re, re, re);
    im = binary(ufuncs, "multiply", im, im, im);
    x = binary(ufuncs, "add", re, im, re);
  } else {
    x = binary(ufuncs, "multiply", x, x, x);
  }
  ReductionArgs sr = r;
  sr.out.reset();
  Array ret = sum(ufuncs, x, sr);
  // ret / max(rcount - ddof, 0)
  Array denom = Array::empty(rcount.shape(), dtypes::int64());
  {
    Array counts = copy(rcount, Order::C);  // held: its buffer is read below
    const auto* c = reinterpret_cast<const int64_t*>(counts.data());
    auto* d = reinterpret_cast<int64_t*>(denom.data());
    bool any_nonpositive = false;
    for (int64_t i = 0; i < denom.size(); ++i) {
      any_nonpositive |= ddof >= c[i];
      // NumPy's intp `rcount - ddof` wraps (ddof = -2**63 gives a negative count, then 0).
      d[i] = std::max<int64_t>(checked::wrapping_sub(c[i], ddof), 0);
    }
    if (any_nonpositive) emit_warning("RuntimeWarning: Degrees of freedom <= 0 for slice");
  }
  if (!r.keepdims && r.where) denom = reshape(denom, ret.shape());
  Array result =
      ret.ndim() == 0
          ? binary(ufuncs, "true_divide", ret, denom, std::nullopt, Casting::Unsafe, ret.dtype())
          : binary(ufuncs, "true_divide", ret, denom, ret, Casting::Unsafe, ret.dtype());
  if (r.out) {
    assign(*r.out, result);
    return *r.out;
  }
  return result;
}

Array stddev(const Registry& ufuncs, const Array& a, const ReductionArgs& r, int64_t ddof) {
  ReductionArgs vr = r;
  vr.out.reset();
  Array v = var(ufuncs, a, vr, ddof);
  UFuncOptions o;
  std::vector<Array> ins{v};
  Array s = ufunc_call(ufuncs.ufunc("sqrt"), ins, o)[0];
  if (r.out) {
    assign(*r.out, s);
    return *r.out;
  }
  return s;
}

// The process-wide registry's overloads.
Array amax(const Array& a, const ReductionArgs& r) {
  return amax(Registry::global(), a, r);
}
Array amin(const Array& a, const ReductionArgs& r) {
  return amin(Registry::global(), a, r);
}
Array ptp(const Array& a, std::optional<Axes> axis, bool keepdims) {
  return ptp(Registry::global(), a, std::move(axis), keepdims);
}
Array clip(const Array& a, const std::optional<Array>& a_min, const std::optional<Array>& a_max,
           std::optional<Array> out) {
  return clip(Registry::global(), a, a_min, a_max, std::move(out));
}
Array var(const Array& a, const ReductionArgs& r, int64_t ddof) {
  return var(Registry::global(), a, r, ddof);
}
Array stddev(const Array& a, const ReductionArgs& r, int64_t ddof) {
  return stddev(Registry::global(), a, r, ddof);
}

}  // namespace np
