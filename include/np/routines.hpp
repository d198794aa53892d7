// Array routines on the machinery: joining and splitting, repetition, selection, and the
// reductions built on the registered add/multiply ufuncs. NumPy's signatures and results.
#pragma once

#include <optional>
#include <vector>

#include "np/array.hpp"
#include "np/casting.hpp"
#include "np/manipulation.hpp"
#include "np/scalar.hpp"

namespace np {

class Registry;  // np/registry.hpp

// axis nullopt: the arrays are flattened first. dtype/casting as np.concatenate.
Array concatenate(const std::vector<Array>& arrays, std::optional<int64_t> axis = 0,
                  std::optional<Array> out = std::nullopt,
                  std::optional<DType> dtype = std::nullopt, Casting casting = Casting::SameKind);
Array stack(const std::vector<Array>& arrays, int64_t axis = 0,
            std::optional<Array> out = std::nullopt);
Array hstack(const std::vector<Array>& arrays);
Array vstack(const std::vector<Array>& arrays);
Array dstack(const std::vector<Array>& arrays);
Array column_stack(const std::vector<Array>& arrays);

// Sections (an int) or split indices; results are views of `a`.
struct SplitSpec {
  std::optional<int64_t> sections;
  std::vector<int64_t> indices;
};
std::vector<Array> array_split(const Array& a, const SplitSpec& spec, int64_t axis = 0);
std::vector<Array> split(const Array& a, const SplitSpec& spec, int64_t axis = 0);  // equal only

Array repeat(const Array& a, const Array& repeats, std::optional<int64_t> axis = std::nullopt);
Array tile(const Array& a, const std::vector<int64_t>& reps);
Array roll(const Array& a, const std::vector<int64_t>& shift,
           std::optional<std::vector<int64_t>> axis = std::nullopt);
// np.where(condition, x, y): x where condition is true, else y, in result_type(x, y).
Array where(const Array& condition, const Array& x, const Array& y);
// np.nonzero: one int64 index array per dimension.
std::vector<Array> nonzero(const Array& a);

struct ReductionArgs {
  std::optional<Axes> axis;  // nullopt: all axes
  std::optional<DType> dtype;
  std::optional<Array> out;
  bool keepdims = false;
  std::optional<Scalar> initial;
  std::optional<Array> where;
};

// The routines composed from ufuncs (add, multiply, maximum, minimum, subtract, true_divide,
// sqrt, clip) find them in `ufuncs`, the registry the call came through (AttributeError when no
// family registered one there); each overload without it uses Registry::global().
Array sum(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {});
Array prod(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {});
Array cumsum(const Registry& ufuncs, const Array& a, std::optional<int64_t> axis = std::nullopt,
             std::optional<DType> dtype = std::nullopt, std::optional<Array> out = std::nullopt);
Array cumprod(const Registry& ufuncs, const Array& a, std::optional<int64_t> axis = std::nullopt,
              std::optional<DType> dtype = std::nullopt, std::optional<Array> out = std::nullopt);
Array mean(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {});
Array amax(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {});
Array amin(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {});
Array ptp(const Registry& ufuncs, const Array& a, std::optional<Axes> axis = std::nullopt,
          bool keepdims = false);
// np.clip: min(max(a, a_min), a_max); one bound may be absent.
Array clip(const Registry& ufuncs, const Array& a, const std::optional<Array>& a_min,
           const std::optional<Array>& a_max, std::optional<Array> out = std::nullopt);
// Variance and standard deviation with ddof, NumPy's two-pass formula.
Array var(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {}, int64_t ddof = 0);
Array stddev(const Registry& ufuncs, const Array& a, const ReductionArgs& args = {},
             int64_t ddof = 0);
Array count_nonzero(const Registry& ufuncs, const Array& a, std::optional<Axes> axis = std::nullopt,
                    bool keepdims = false);

Array sum(const Array& a, const ReductionArgs& args = {});
Array prod(const Array& a, const ReductionArgs& args = {});
Array cumsum(const Array& a, std::optional<int64_t> axis = std::nullopt,
             std::optional<DType> dtype = std::nullopt, std::optional<Array> out = std::nullopt);
Array cumprod(const Array& a, std::optional<int64_t> axis = std::nullopt,
              std::optional<DType> dtype = std::nullopt, std::optional<Array> out = std::nullopt);
Array mean(const Array& a, const ReductionArgs& args = {});
Array amax(const Array& a, const ReductionArgs& args = {});
Array amin(const Array& a, const ReductionArgs& args = {});
Array ptp(const Array& a, std::optional<Axes> axis = std::nullopt, bool keepdims = false);
Array clip(const Array& a, const std::optional<Array>& a_min, const std::optional<Array>& a_max,
           std::optional<Array> out = std::nullopt);
Array var(const Array& a, const ReductionArgs& args = {}, int64_t ddof = 0);
Array stddev(const Array& a, const ReductionArgs& args = {}, int64_t ddof = 0);
Array count_nonzero(const Array& a, std::optional<Axes> axis = std::nullopt, bool keepdims = false);

// First index of the maximum (minimum); NaN (NaT) counts as the extreme. axis nullopt: over
// the flattened array. ValueError for empty sequences.
Array argmax(const Array& a, std::optional<int64_t> axis = std::nullopt, bool keepdims = false);
Array argmin(const Array& a, std::optional<int64_t> axis = std::nullopt, bool keepdims = false);

// Truth-value reductions (bool results).
Array any(const Array& a, const ReductionArgs& args = {});
Array all(const Array& a, const ReductionArgs& args = {});

}  // namespace np
