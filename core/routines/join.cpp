// Joining, splitting, repetition and selection routines (pure data movement, no kernels).
#include <algorithm>
#include <cstring>
#include <new>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/iter_plan.hpp"
#include "layout/nd_loop.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/indexing.hpp"
#include "np/routines.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace {

Array slice_along(const Array& a, int64_t axis, int64_t start, int64_t stop) {
  Index idx;
  for (int i = 0; i < a.ndim(); ++i) {
    idx.push_back(i == axis ? IndexItem(Slice{start, stop, std::nullopt}) : IndexItem(Slice{}));
  }
  return getitem(a, idx);
}

// An empty array of `shape` whose memory order follows the inputs' common stride order
// (NumPy's multi-array sorted stride permutation, C order winning ties).
Array allocate_joined(const Shape& shape, const DType& dtype, const std::vector<Array>& inputs) {
  std::vector<Strides> strides;
  for (const Array& a : inputs) {
    if (a.ndim() == static_cast<int>(shape.size())) strides.push_back(a.strides());
  }
  if (strides.empty()) return Array::empty(shape, dtype);
  std::vector<int64_t> perm = engine::k_order(shape, strides);
  Shape permuted(shape.size());
  for (size_t i = 0; i < perm.size(); ++i)
    permuted[i] = shape[perm[i]];
  Array base = Array::empty(permuted, dtype);
  std::vector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<int64_t>(i);
  return transpose(base, Axes(inverse.begin(), inverse.end()));
}

}  // namespace

Array concatenate(const std::vector<Array>& arrays_in, std::optional<int64_t> axis_in,
                  std::optional<Array> out, std::optional<DType> dtype, Casting casting) {
  if (arrays_in.empty()) throw ValueError("need at least one array to concatenate");
  if (out && dtype) {
    throw TypeError(
        "concatenate() only takes `out` or `dtype` as an argument, but both were provided.");
  }
  std::vector<Array> arrays;
  int64_t axis = 0;
  if (!axis_in) {
    for (const Array& a : arrays_in)
      arrays.push_back(ravel(a));
  } else {
    arrays = arrays_in;
    if (arrays[0].ndim() == 0) throw ValueError("zero-dimensional arrays cannot be concatenated");
    axis = normalize_axis(*axis_in, arrays[0].ndim());
  }
  const int nd = arrays[0].ndim();
  Shape shape = arrays[0].shape();
  for (size_t i = 1; i < arrays.size(); ++i) {
    const Array& a = arrays[i];
    if (a.ndim() != nd) {
      throw ValueError(
          "all the input arrays must have same number of dimensions, but the array at "
          "index 0 has " +
          std::to_string(nd) + " dimension(s) and the array at index " + std::to_string(i) +
          " has " + std::to_string(a.ndim()) + " dimension(s)");
    }
    for (int d = 0; d < nd; ++d) {
      if (d == axis) continue;
      if (a.shape()[d] != shape[d]) {
        throw ValueError(
            "all the input array dimensions except for the concatenation axis must "
            "match exactly, but along dimension " +
            std::to_string(d) + ", the array at index 0 has size " + std::to_string(shape[d]) +
            " and the array at index " + std::to_string(i) + " has size " +
            std::to_string(a.shape()[d]));
      }
    }
    if (__builtin_add_overflow(shape[axis], a.shape()[axis], &shape[axis])) throw_array_too_big();
  }
  DType result_dtype;
  if (out) {
    result_dtype = out->dtype();
  } else if (dtype) {
    result_dtype = *dtype;
  } else {
    std::vector<DType> types;
    for (const Array& a : arrays)
      types.push_back(a.dtype());
    result_dtype = result_type(types);
  }
  for (const Array& a : arrays) {
    if (!can_cast(a.dtype(), result_dtype, casting)) {
      throw TypeError("Cannot cast array data from " + a.dtype().repr() + " to " +
                      result_dtype.repr() + " according to the rule '" + casting_name(casting) +
                      "'");
    }
  }
  Array result;
  if (out) {
    if (out->shape() != shape) throw ValueError("Output array is the wrong shape");
    result = *out;
  } else {
    result = allocate_joined(shape, result_dtype, arrays);
  }
  int64_t pos = 0;
  for (const Array& a : arrays) {
    int64_t n = a.shape()[axis];
    assign(slice_along(result, axis, pos, pos + n), a);
    pos += n;
  }
  return result;
}

Array stack(const std::vector<Array>& arrays, int64_t axis, std::optional<Array> out) {
  if (arrays.empty()) throw ValueError("need at least one array to stack");
  for (const Array& a : arrays) {
    if (a.shape() != arrays[0].shape())
      throw ValueError("all input arrays must have the same shape");
  }
  int64_t ax = normalize_axis(axis, arrays[0].ndim() + 1);
  std::vector<Array> expanded;
  for (const Array& a : arrays)
    expanded.push_back(expand_dims(a, {ax}));
  return concatenate(expanded, ax, out);
}

Array hstack(const std::vector<Array>& arrays) {
  std::vector<Array> arrs;
  for (const Array& a : arrays)
    arrs.push_back(atleast_1d(a));
  if (!arrs.empty() && arrs[0].ndim() == 1) return concatenate(arrs, 0);
  return concatenate(arrs, 1);
}

Array vstack(const std::vector<Array>& arrays) {
  std::vector<Array> arrs;
  for (const Array& a : arrays)
    arrs.push_back(atleast_2d(a));
  return concatenate(arrs, 0);
}

Array dstack(const std::vector<Array>& arrays) {
  std::vector<Array> arrs;
  for (const Array& a : arrays)
    arrs.push_back(atleast_3d(a));
  return concatenate(arrs, 2);
}

Array column_stack(const std::vector<Array>& arrays) {
  std::vector<Array> arrs;
  for (const Array& a : arrays) {
    if (a.ndim() < 2) {
      arrs.push_back(transpose(atleast_2d(a)));  // np.array(a, ndmin=2).T
    } else {
      arrs.push_back(a);
    }
  }
  return concatenate(arrs, 1);
}

namespace {

// Room for n entries, or NumPy's MemoryError (its Python list of n section sizes fails to
// allocate) instead of std::length_error or a machine driven out of memory.
template <class T>
void reserve_or_memory_error(std::vector<T>& v, int64_t n) {
  try {
    v.reserve(static_cast<size_t>(n));
  } catch (const std::length_error&) {
    throw MemoryError("Unable to allocate a list of " + std::to_string(n) + " sub-arrays");
  } catch (const std::bad_alloc&) {
    throw MemoryError("Unable to allocate a list of " + std::to_string(n) + " sub-arrays");
  }
}

}  // namespace

std::vector<Array> array_split(const Array& a, const SplitSpec& spec, int64_t axis_in) {
  if (a.ndim() == 0) throw ValueError("array split does not work on 0-d arrays");
  int64_t axis = normalize_axis(axis_in, a.ndim());
  int64_t total = a.shape()[axis];
  std::vector<int64_t> points;
  std::vector<Array> out;
  if (spec.sections) {
    int64_t sections = *spec.sections;
    if (sections <= 0) throw ValueError("number sections must be larger than 0.");
    reserve_or_memory_error(out, sections);  // the results first: the larger of the two
    reserve_or_memory_error(points, sections);
    int64_t each = total / sections, extras = total % sections;
    points.push_back(0);
    for (int64_t i = 0; i < sections; ++i)
      points.push_back(points.back() + each + (i < extras ? 1 : 0));
  } else {
    points.push_back(0);
    for (int64_t i : spec.indices)
      points.push_back(i);
    points.push_back(total);
  }
  for (size_t i = 0; i + 1 < points.size(); ++i) {
    out.push_back(slice_along(a, axis, points[i], points[i + 1]));
  }
  return out;
}

std::vector<Array> split(const Array& a, const SplitSpec& spec, int64_t axis) {
  if (spec.sections) {
    int64_t n = a.ndim() > 0 ? a.shape()[normalize_axis(axis, a.ndim())] : 0;
    if (*spec.sections <= 0 || n % *spec.sections != 0) {
      throw ValueError("array split does not result in an equal division");
    }
  }
  return array_split(a, spec, axis);
}

namespace {

// Writes `count` copies of the `block` bytes at src to dst: one copy, then doubling copies of
// what is already written (log2(count) memcpy calls, not one per element).
void fill_repeated(std::byte* dst, const std::byte* src, size_t block, int64_t count) {
  if (count == 0 || block == 0) return;
  std::memcpy(dst, src, block);
  const size_t total = block * static_cast<size_t>(count);  // fits: the output holds it
  for (size_t done = block; done < total;) {
    size_t n = std::min(done, total - done);
    std::memcpy(dst + done, dst, n);
    done += n;
  }
}

// The repetition counts of repeat as int64: one for all (a single value) or one per element.
struct RepeatCounts {
  Array values;  // C-contiguous int64
  bool single;
  int64_t operator[](int64_t i) const {
    return reinterpret_cast<const int64_t*>(values.data())[single ? 0 : i];
  }
};

RepeatCounts repeat_counts(const Array& repeats, int64_t n) {
  Array reps = astype(repeats, dtypes::int64(), Order::C, Casting::SameKind);
  if (reps.ndim() > 1) throw ValueError("repeats must be a scalar or a 1-d array");
  if (reps.size() != 1 && reps.size() != n) {
    throw ValueError("operands could not be broadcast together with shape (" + std::to_string(n) +
                     ",) (" + std::to_string(reps.size()) + ",)");
  }
  RepeatCounts c{reps, reps.size() == 1};
  for (int64_t i = 0; i < reps.size(); ++i) {
    if (c[i] < 0) throw ValueError("repeats may not contain negative values.");
  }
  return c;
}

}  // namespace

Array repeat(const Array& a_in, const Array& repeats_in, std::optional<int64_t> axis_in) {
  Array a = axis_in ? a_in : ravel(a_in);
  if (a.ndim() == 0) a = reshape(a, {1});
  const int64_t axis = axis_in ? normalize_axis(*axis_in, a.ndim()) : 0;
  const int64_t n = a.shape()[axis];
  const RepeatCounts counts = repeat_counts(repeats_in, n);
  // The new length; one that overflows is a shape no array can have.
  int64_t total = 0;
  if (counts.single) {
    if (__builtin_mul_overflow(n, counts[0], &total)) throw_array_too_big();
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (__builtin_add_overflow(total, counts[i], &total)) throw_array_too_big();
    }
  }
  Shape shape = a.shape();
  shape[axis] = total;
  Array out = Array::empty(shape, a.dtype());
  if (out.size() == 0) return out;
  // Every dimension is non-zero now, so these products are bounded by the output's byte size.
  const Array src = a.c_contiguous() ? a : copy(a, Order::C);
  int64_t outer = 1, block = a.itemsize();
  for (int64_t d = 0; d < a.ndim(); ++d) {
    if (d < axis) outer *= a.shape()[d];
    if (d > axis) block *= a.shape()[d];
  }
  const std::byte* s = src.data();
  std::byte* d = out.data();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < n; ++i, s += block) {
      fill_repeated(d, s, static_cast<size_t>(block), counts[i]);
      d += block * counts[i];
    }
  }
  return out;
}

Array tile(const Array& a, const std::vector<int64_t>& reps_in) {
  std::vector<int64_t> reps = reps_in;
  for (int64_t r : reps) {
    if (r < 0) throw ValueError("negative dimensions are not allowed");
  }
  int d = static_cast<int>(reps.size());
  Array c = a;
  while (c.ndim() < d)
    c = expand_dims(c, {0});  // np.array(A, ndmin=d)
  if (all_of(reps.begin(), reps.end(), [](int64_t r) { return r == 1; })) return copy(c, Order::C);
  if (d < c.ndim()) reps.insert(reps.begin(), static_cast<size_t>(c.ndim() - d), 1);
  Shape shape_out;
  for (int i = 0; i < c.ndim(); ++i) {
    int64_t dim;
    if (__builtin_mul_overflow(c.shape()[i], reps[i], &dim)) throw_array_too_big();
    shape_out.push_back(dim);
  }
  int64_t n = c.size();
  const Shape shape_in = c.shape();
  if (n > 0) {
    for (size_t i = 0; i < shape_in.size(); ++i) {
      if (reps[i] != 1)
        c = repeat(reshape(c, {-1, n}), full({}, Scalar(reps[i]), dtypes::int64()), 0);
      n /= shape_in[i];
    }
  }
  return reshape(c, shape_out);
}

Array roll(const Array& a, const std::vector<int64_t>& shift,
           std::optional<std::vector<int64_t>> axis) {
  if (!axis) {
    Array flat = ravel(a);
    if (shift.size() != 1) throw ValueError("'shift' and 'axis' should be scalars or 1D sequences");
    return reshape(roll(flat, shift, std::vector<int64_t>{0}), a.shape());
  }
  std::vector<int64_t> axes = *axis;
  std::vector<int64_t> shifts = shift;
  if (shifts.size() == 1 && axes.size() > 1) shifts.assign(axes.size(), shifts[0]);
  if (axes.size() == 1 && shifts.size() > 1) axes.assign(shifts.size(), axes[0]);
  if (shifts.size() != axes.size())
    throw ValueError("'shift' and 'axis' should be scalars or 1D sequences");
  std::vector<int64_t> total(static_cast<size_t>(a.ndim()), 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t& t = total[static_cast<size_t>(normalize_axis(axes[i], a.ndim()))];
    t = static_cast<int64_t>(static_cast<uint64_t>(t) +
                             static_cast<uint64_t>(shifts[i]));  // wraps as NumPy's int64 sum
  }
  Array out = empty_like(a);
  // For each axis the result is two blocks; go through every combination of blocks.
  std::vector<std::vector<std::pair<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>>>>
      rolls(static_cast<size_t>(a.ndim()));
  for (int d = 0; d < a.ndim(); ++d) {
    int64_t n = a.shape()[d];
    int64_t s = n ? ((total[d] % n) + n) % n : 0;
    if (s == 0) {
      rolls[d].push_back({{0, n}, {0, n}});
    } else {
      rolls[d].push_back({{0, n - s}, {s, n}});
      rolls[d].push_back({{n - s, n}, {0, s}});
    }
  }
  std::vector<size_t> choice(static_cast<size_t>(a.ndim()), 0);
  while (true) {
    Index src, dst;
    for (int d = 0; d < a.ndim(); ++d) {
      const auto& r = rolls[d][choice[d]];
      src.push_back(Slice{r.first.first, r.first.second, std::nullopt});
      dst.push_back(Slice{r.second.first, r.second.second, std::nullopt});
    }
    assign(getitem(out, dst), getitem(a, src));
    int d = a.ndim() - 1;
    while (d >= 0 && ++choice[d] == rolls[d].size()) {
      choice[d] = 0;
      --d;
    }
    if (d < 0) break;
  }
  return out;
}

Array where(const Array& condition, const Array& x, const Array& y) {
  std::vector<DType> types{x.dtype(), y.dtype()};
  DType t = result_type(types);
  Shape shape = broadcast_shapes({condition.shape(), x.shape(), y.shape()});
  Array cond = astype(broadcast_to(condition, shape), dtypes::bool_());
  Array xs = astype(broadcast_to(x, shape), t);
  Array ys = astype(broadcast_to(y, shape), t);
  Array out = Array::empty(shape, t);
  const size_t n = static_cast<size_t>(t.itemsize());
  std::byte* o = out.data();
  const std::byte* c = cond.data();
  const std::byte* xp = xs.data();
  const std::byte* yp = ys.data();
  layout::for_each_offset<4>(shape, {&out.strides(), &cond.strides(), &xs.strides(), &ys.strides()},
                             [&](const std::array<int64_t, 4>& off) {
                               bool pick = static_cast<uint8_t>(c[off[1]]) != 0;
                               std::memcpy(o + off[0], pick ? xp + off[2] : yp + off[3], n);
                             });
  return out;
}

std::vector<Array> nonzero(const Array& a) {
  if (a.ndim() == 0) {
    throw ValueError(
        "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() "
        "instead.");
  }
  Array mask = astype(a, dtypes::bool_(), Order::C);
  Index idx{mask};
  // Boolean indexing of an index grid gives the coordinates in C order.
  std::vector<Array> out;
  for (int d = 0; d < a.ndim(); ++d) {
    Shape shape(static_cast<size_t>(a.ndim()), 1);
    shape[d] = a.shape()[d];
    Array coord =
        broadcast_to(reshape(arange(Scalar(int64_t{0}), Scalar(a.shape()[d])), shape), a.shape());
    out.push_back(getitem(coord, idx));
  }
  return out;
}

}  // namespace np
