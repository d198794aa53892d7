// The reductions (sum ... count_nonzero), with NumPy 1.24's signatures (np._NoValue defaults
// shown as inspect shows them, <no value>). They compose the ufuncs of the registry the call
// came through.
#include "np/casting.hpp"
#include "np/errors.hpp"
#include "np/routines.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

// The keywords of NumPy's reductions over `a`. `bool_sums_as_int`: the reduction runs bool
// input as int64 (sum, prod), which decides how an int initial beyond int64 converts.
ReductionArgs reduction_args(const BoundArgs& b, const Array& a, bool bool_sums_as_int = true) {
  ReductionArgs r;
  r.axis = b.optional_int_list("axis");
  r.dtype = b.dtype("dtype");
  r.out = b.out_array();
  r.keepdims = b.keepdims();
  if (b.given("initial")) {
    DType t = r.dtype.value_or(a.dtype());
    if (bool_sums_as_int && t.kind() == 'b') t = dtypes::int64();
    r.initial = initial_of(b.get("initial"), t);
  }
  r.where = b.where();
  return r;
}

using Reduction = Array (*)(const Registry&, const Array&, const ReductionArgs&);

// sum, prod, mean, amax, amin through `reduce`; `bool_sums_as_int` as reduction_args.
RoutineBody reduction(Reduction reduce, bool bool_sums_as_int) {
  return [reduce, bool_sums_as_int](const BoundArgs& b, Registry& r) {
    Array a = b.array("a");
    return one(reduce(r, a, reduction_args(b, a, bool_sums_as_int)));
  };
}

// np.any / np.all through `reduce` (no ufuncs: bool lanes).
RoutineBody truth_reduction(Array (*reduce)(const Array&, const ReductionArgs&)) {
  return [reduce](const BoundArgs& b, Registry&) {
    Array a = b.array("a");
    return one(reduce(a, reduction_args(b, a)));
  };
}

// np.cumsum / np.cumprod through `accumulate`.
RoutineBody cumulative(Array (*accumulate)(const Registry&, const Array&, std::optional<int64_t>,
                                           std::optional<DType>, std::optional<Array>)) {
  return [accumulate](const BoundArgs& b, Registry& r) {
    std::optional<int64_t> axis = b.optional_integer("axis");
    std::optional<Array> out = b.out_array();
    return one(accumulate(r, b.array("a"), axis, b.dtype("dtype"), out));
  };
}

// A result computed without out=, copied into `out` when given (argmax/ptp with out=).
Results into(const std::optional<Array>& out, const Array& res) {
  if (!out) return one(res);
  const Array& target = *out;
  assign(target, res);
  return one(target);
}

// np.argmax / np.argmin through `find`.
RoutineBody arg_extreme(Array (*find)(const Array&, std::optional<int64_t>, bool)) {
  return [find](const BoundArgs& b, Registry&) {
    std::optional<int64_t> axis = b.optional_integer("axis");
    std::optional<Array> out = b.out_array();
    return into(out, find(b.array("a"), axis, b.boolean("keepdims", false)));
  };
}

Results ptp_body(const BoundArgs& b, Registry& r) {
  std::optional<Array> out = b.out_array();
  return into(out, ptp(r, b.array("a"), b.optional_int_list("axis"), b.keepdims()));
}

Results clip_body(const BoundArgs& b, Registry& r) {
  std::optional<Array> lo, hi;
  if (!b.get("a_min").is_none()) lo = b.array("a_min");
  if (!b.get("a_max").is_none()) hi = b.array("a_max");
  // np.clip is a ufunc call: out may be a 1-tuple, (None,) included.
  std::optional<Array> out;
  if (b.has("out")) out = single_ufunc_out(b.get("out"), true);
  return one(clip(r, b.array("a"), lo, hi, out));
}

// np.var / np.std through `spread`.
RoutineBody spread(Array (*statistic)(const Registry&, const Array&, const ReductionArgs&,
                                      int64_t)) {
  return [statistic](const BoundArgs& b, Registry& r) {
    int64_t ddof = b.integer("ddof", 0);
    Array a = b.array("a");
    return one(statistic(r, a, reduction_args(b, a), ddof));
  };
}

Results count_nonzero_body(const BoundArgs& b, Registry& r) {
  return one(count_nonzero(r, b.array("a"), multi_axis(b), b.boolean("keepdims", false)));
}

}  // namespace

// clip lacks NumPy's **kwargs (the ufunc keywords where=, casting=, order=, dtype=, subok=: not
// implemented); tests/conformance/signatures.py lists it.
void register_reductions(Registry& r) {
  const std::string reduce_sig =
      "a, axis=None, dtype=None, out=None, keepdims=<no value>, initial=<no value>, "
      "where=<no value>";
  const std::string extreme_sig =
      "a, axis=None, out=None, keepdims=<no value>, initial=<no value>, where=<no value>";
  const std::string truth_sig = "a, axis=None, out=None, keepdims=<no value>, *, where=<no value>";
  const std::string spread_sig =
      "a, axis=None, dtype=None, out=None, ddof=0, keepdims=<no value>, *, where=<no value>";
  const char* extreme = "maximum or minimum over axes";
  add_routines(
      r,
      {
          {"sum", reduce_sig, "sum of elements over axes", reduction(sum, true)},
          {"prod", reduce_sig, "product of elements over axes", reduction(prod, true)},
          {"cumsum", "a, axis=None, dtype=None, out=None", "cumulative reduction along an axis",
           cumulative(cumsum)},
          {"cumprod", "a, axis=None, dtype=None, out=None", "cumulative reduction along an axis",
           cumulative(cumprod)},
          {"mean", "a, axis=None, dtype=None, out=None, keepdims=<no value>, *, where=<no value>",
           "arithmetic mean over axes", reduction(mean, true)},
          {"any", truth_sig, "truth-value reduction over axes", truth_reduction(any)},
          {"all", truth_sig, "truth-value reduction over axes", truth_reduction(all)},
          {"max", extreme_sig, extreme, reduction(amax, false)},
          {"amax", extreme_sig, extreme, reduction(amax, false)},
          {"min", extreme_sig, extreme, reduction(amin, false)},
          {"amin", extreme_sig, extreme, reduction(amin, false)},
          {"argmax", "a, axis=None, out=None, *, keepdims=<no value>",
           "index of the maximum or minimum", arg_extreme(argmax)},
          {"argmin", "a, axis=None, out=None, *, keepdims=<no value>",
           "index of the maximum or minimum", arg_extreme(argmin)},
          {"ptp", "a, axis=None, out=None, keepdims=<no value>",
           "range of values (maximum - minimum) over axes", ptp_body},
          {"clip", "a, a_min, a_max, out=None", "limit the values of an array", clip_body},
          {"var", spread_sig, "variance or standard deviation over axes", spread(var)},
          {"std", spread_sig, "variance or standard deviation over axes", spread(stddev)},
          {"count_nonzero", "a, axis=None, *, keepdims=False", "number of non-zero values",
           count_nonzero_body},
      });
}

}  // namespace np::detail
