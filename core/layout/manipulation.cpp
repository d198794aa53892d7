// View-producing manipulation routines (transpose family, reshape, broadcasting, field views).
#include "np/manipulation.hpp"

#include <algorithm>
#include <numeric>

#include "layout/nd_loop.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "util/checked.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace layout {
std::vector<int64_t> sorted_stride_perm(const Strides& strides) {
  std::vector<int64_t> perm(strides.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) {
    return checked::magnitude(strides[a]) > checked::magnitude(strides[b]);
  });
  return perm;
}
}  // namespace layout

int64_t normalize_axis(int64_t axis, int64_t ndim) {
  if (axis < -ndim || axis >= ndim) {
    throw AxisError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                    std::to_string(ndim));
  }
  return axis < 0 ? axis + ndim : axis;
}

Axes normalize_axes(const Axes& axes, int64_t ndim, const char* argname) {
  Axes out;
  for (int64_t a : axes) {
    int64_t n = normalize_axis(a, ndim);
    if (std::find(out.begin(), out.end(), n) != out.end()) {
      throw ValueError(std::string("repeated axis in `") + argname + "` argument");
    }
    out.push_back(n);
  }
  return out;
}

namespace {
Array permuted(const Array& a, const std::vector<int64_t>& perm) {
  Shape shape(perm.size());
  Strides strides(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) {
    shape[i] = a.shape()[perm[i]];
    strides[i] = a.strides()[perm[i]];
  }
  return a.view_as(a.dtype(), shape, strides, a.offset());
}
}  // namespace

Array transpose(const Array& a, std::optional<Axes> axes) {
  const int64_t n = a.ndim();
  std::vector<int64_t> perm(n);
  if (!axes) {
    for (int64_t i = 0; i < n; ++i)
      perm[i] = n - 1 - i;
    return permuted(a, perm);
  }
  if (static_cast<int64_t>(axes->size()) != n) throw ValueError("axes don't match array");
  std::vector<bool> seen(n, false);
  for (int64_t i = 0; i < n; ++i) {
    int64_t ax = normalize_axis((*axes)[i], n);
    if (seen[ax]) throw ValueError("repeated axis in transpose");
    seen[ax] = true;
    perm[i] = ax;
  }
  return permuted(a, perm);
}

Array swapaxes(const Array& a, int64_t axis1, int64_t axis2) {
  int64_t n = a.ndim();
  int64_t a1 = normalize_axis(axis1, n);
  int64_t a2 = normalize_axis(axis2, n);
  std::vector<int64_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[a1], perm[a2]);
  return permuted(a, perm);
}

Array moveaxis(const Array& a, const Axes& source, const Axes& destination) {
  int64_t n = a.ndim();
  Axes src = normalize_axes(source, n, "source");
  Axes dst = normalize_axes(destination, n, "destination");
  if (src.size() != dst.size()) {
    throw ValueError("`source` and `destination` arguments must have the same number of elements");
  }
  std::vector<int64_t> order;
  for (int64_t i = 0; i < n; ++i) {
    if (std::find(src.begin(), src.end(), i) == src.end()) order.push_back(i);
  }
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (size_t i = 0; i < src.size(); ++i)
    pairs.emplace_back(dst[i], src[i]);
  std::sort(pairs.begin(), pairs.end());
  for (auto [d, s] : pairs)
    order.insert(order.begin() + d, s);
  return permuted(a, order);
}

Array rollaxis(const Array& a, int64_t axis, int64_t start) {
  int64_t n = a.ndim();
  axis = normalize_axis(axis, n);
  if (start < 0) start += n;
  if (start < 0 || start > n) {
    throw AxisError("'start' arg requires " + std::to_string(-n) + " <= start < " +
                    std::to_string(n + 1) + ", but " +
                    std::to_string(start < 0 ? start - n : start) + " was passed in");
  }
  if (axis < start) --start;
  if (axis == start) return a.view_as(a.dtype(), a.shape(), a.strides(), a.offset());
  std::vector<int64_t> axes(n);
  std::iota(axes.begin(), axes.end(), 0);
  axes.erase(axes.begin() + axis);
  axes.insert(axes.begin() + start, axis);
  return permuted(a, axes);
}

Array squeeze(const Array& a, std::optional<Axes> axis) {
  Shape shape;
  Strides strides;
  std::vector<bool> drop(a.ndim(), false);
  if (axis) {
    for (int64_t ax : normalize_axes(*axis, a.ndim())) {
      if (a.shape()[ax] != 1) {
        throw ValueError("cannot select an axis to squeeze out which has size not equal to one");
      }
      drop[ax] = true;
    }
  } else {
    for (int i = 0; i < a.ndim(); ++i)
      drop[i] = a.shape()[i] == 1;
  }
  for (int i = 0; i < a.ndim(); ++i) {
    if (!drop[i]) {
      shape.push_back(a.shape()[i]);
      strides.push_back(a.strides()[i]);
    }
  }
  return a.view_as(a.dtype(), shape, strides, a.offset());
}

namespace {
// Inserts length-1 axes with stride 0 at the given output positions (NumPy's `np.newaxis`).
Array with_new_axes(const Array& a, const Axes& out_positions) {
  int64_t out_nd = a.ndim() + static_cast<int64_t>(out_positions.size());
  Shape shape;
  Strides strides;
  size_t src = 0;
  for (int64_t i = 0; i < out_nd; ++i) {
    if (std::find(out_positions.begin(), out_positions.end(), i) != out_positions.end()) {
      shape.push_back(1);
      strides.push_back(0);
    } else {
      shape.push_back(a.shape()[src]);
      strides.push_back(a.strides()[src]);
      ++src;
    }
  }
  return a.view_as(a.dtype(), shape, strides, a.offset());
}
}  // namespace

Array expand_dims(const Array& a, const Axes& axis) {
  int64_t out_nd = a.ndim() + static_cast<int64_t>(axis.size());
  Axes axes = normalize_axes(axis, out_nd);
  Shape shape;
  size_t src = 0;
  for (int64_t i = 0; i < out_nd; ++i) {
    bool inserted = std::find(axes.begin(), axes.end(), i) != axes.end();
    shape.push_back(inserted ? 1 : a.shape()[src++]);
  }
  // NumPy implements expand_dims with reshape, whose strides for new axes it follows here.
  return reshape(a, shape);
}

Array atleast_1d(const Array& a) {
  if (a.ndim() >= 1) return a.view_as(a.dtype(), a.shape(), a.strides(), a.offset());
  return reshape(a, {1});
}

Array atleast_2d(const Array& a) {
  if (a.ndim() >= 2) return a.view_as(a.dtype(), a.shape(), a.strides(), a.offset());
  if (a.ndim() == 0) return reshape(a, {1, 1});
  return with_new_axes(a, {0});
}

Array atleast_3d(const Array& a) {
  if (a.ndim() >= 3) return a.view_as(a.dtype(), a.shape(), a.strides(), a.offset());
  if (a.ndim() == 0) return reshape(a, {1, 1, 1});
  if (a.ndim() == 1) return with_new_axes(a, {0, 2});
  return with_new_axes(a, {2});
}

namespace {

std::string shape_text_with_unknown(const Shape& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ",";
    out += shape[i] < 0 ? std::string("newaxis") : std::to_string(shape[i]);
  }
  if (shape.size() == 1) out += ",";
  return out + ")";
}

Shape fix_unknown_dimension(const Shape& requested, int64_t size) {
  Shape shape = requested;
  int64_t known = 1;
  int unknown = -1;
  auto mismatch = [&]() {
    throw ValueError("cannot reshape array of size " + std::to_string(size) + " into shape " +
                     shape_text_with_unknown(requested));
  };
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] < 0) {
      if (shape[i] != -1) throw ValueError("negative dimensions not allowed");
      if (unknown >= 0) throw ValueError("can only specify one unknown dimension");
      unknown = static_cast<int>(i);
    } else if (__builtin_mul_overflow(known, shape[i], &known)) {
      mismatch();
    }
  }
  if (unknown >= 0) {
    if (known == 0 || size % known != 0) mismatch();
    shape[unknown] = size / known;
  } else if (known != size) {
    mismatch();
  }
  return shape;
}

// NumPy's _attempt_nocopy_reshape: strides for `newdims` over the same memory, if they exist.
bool attempt_nocopy_reshape(const Array& a, const Shape& newdims, bool f_order, Strides& out) {
  Shape olddims;
  Strides oldstrides;
  for (int i = 0; i < a.ndim(); ++i) {
    if (a.shape()[i] != 1) {
      olddims.push_back(a.shape()[i]);
      oldstrides.push_back(a.strides()[i]);
    }
  }
  const size_t oldnd = olddims.size();
  const size_t newnd = newdims.size();
  out.assign(newnd, 0);
  size_t oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < newnd && oi < oldnd) {
    int64_t np_ = newdims[ni];
    int64_t op = olddims[oi];
    while (np_ != op) {
      if (np_ < op) {
        np_ *= newdims[nj++];
      } else {
        op *= olddims[oj++];
      }
    }
    for (size_t ok = oi; ok + 1 < oj; ++ok) {
      if (f_order) {
        if (oldstrides[ok + 1] != olddims[ok] * oldstrides[ok]) return false;
      } else if (oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1]) {
        return false;
      }
    }
    if (f_order) {
      out[ni] = oldstrides[oi];
      for (size_t nk = ni + 1; nk < nj; ++nk)
        out[nk] = out[nk - 1] * newdims[nk - 1];
    } else {
      out[nj - 1] = oldstrides[oj - 1];
      for (size_t nk = nj - 1; nk > ni; --nk)
        out[nk - 1] = out[nk] * newdims[nk];
    }
    ni = nj++;
    oi = oj++;
  }
  int64_t last_stride = ni >= 1 ? out[ni - 1] : a.itemsize();
  if (f_order && ni >= 1) last_stride *= newdims[ni - 1];
  for (size_t nk = ni; nk < newnd; ++nk)
    out[nk] = last_stride;
  return true;
}

bool is_fortran(const Array& a) {
  return a.f_contiguous() && !a.c_contiguous();
}

}  // namespace

Array reshape(const Array& a, const Shape& requested, Order order) {
  if (order == Order::K) throw ValueError("order 'K' is not permitted for reshaping");
  if (order == Order::A) order = is_fortran(a) ? Order::F : Order::C;
  if (requested == a.shape()) return a.view_as(a.dtype(), a.shape(), a.strides(), a.offset());
  if (requested.size() > static_cast<size_t>(kMaxDims)) {
    throw ValueError("maximum supported dimension for an ndarray is " + std::to_string(kMaxDims));
  }
  Shape shape = fix_unknown_dimension(requested, a.size());
  bool f = order == Order::F;
  if ((!f && !a.c_contiguous()) || (f && !a.f_contiguous())) {
    Strides strides;
    if (attempt_nocopy_reshape(a, shape, f, strides)) {
      return a.view_as(a.dtype(), shape, strides, a.offset());
    }
    Array c = copy(a, order);
    return c.view_as(c.dtype(), shape, fill_strides(shape, c.itemsize(), order), c.offset());
  }
  return a.view_as(a.dtype(), shape, fill_strides(shape, a.itemsize(), order), a.offset());
}

Array ravel(const Array& a, Order order) {
  if (order == Order::K) {
    if (a.c_contiguous()) {
      order = Order::C;
    } else if (a.f_contiguous()) {
      order = Order::F;
    }
  } else if (order == Order::A) {
    order = is_fortran(a) ? Order::F : Order::C;
  }
  if (order == Order::C && a.c_contiguous()) return reshape(a, {-1}, Order::C);
  if (order == Order::F && a.f_contiguous()) return reshape(a, {-1}, Order::F);
  if (order == Order::K) {
    std::vector<int64_t> perm = layout::sorted_stride_perm(a.strides());
    int64_t stride = a.itemsize();
    int i = a.ndim() - 1;
    for (; i >= 0; --i) {
      int64_t ax = perm[i];
      if (a.shape()[ax] == 1) continue;
      if (a.strides()[ax] != stride) break;
      stride *= a.shape()[ax];
    }
    if (i < 0) return a.view_as(a.dtype(), {a.size()}, {a.itemsize()}, a.offset());
  }
  return flatten(a, order);
}

Array flatten(const Array& a, Order order) {
  if (order == Order::A) order = is_fortran(a) ? Order::F : Order::C;
  Array src = a;
  if (order == Order::F) {
    src = transpose(a);
  } else if (order == Order::K) {
    // Memory order: axes by decreasing |stride|, negative strides walked backwards.
    std::vector<int64_t> perm = layout::sorted_stride_perm(a.strides());
    src = transpose(flip(a,
                         [&] {
                           Axes neg;
                           for (int i = 0; i < a.ndim(); ++i) {
                             if (a.strides()[i] < 0) neg.push_back(i);
                           }
                           return neg;
                         }()),
                    Axes(perm.begin(), perm.end()));
  }
  Array out = Array::empty({a.size()}, a.dtype());
  Array out_nd =
      out.view_as(out.dtype(), src.shape(), fill_strides(src.shape(), out.itemsize(), Order::C), 0);
  assign(out_nd, src);
  return out;
}

Shape broadcast_shapes(const std::vector<Shape>& shapes) {
  size_t nd = 0;
  for (const Shape& s : shapes)
    nd = std::max(nd, s.size());
  if (nd > static_cast<size_t>(kMaxDims)) throw ValueError("too many dimensions to broadcast");
  Shape out(nd, 1);
  for (const Shape& s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      size_t o = nd - s.size() + i;
      int64_t d = s[i];
      if (d < 0) throw ValueError("negative dimensions are not allowed");
      if (out[o] == 1) {
        out[o] = d;
      } else if (d != 1 && d != out[o]) {
        std::string msg =
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between";
        std::string detail;
        for (size_t k = 0; k < shapes.size(); ++k) {
          detail += (k ? " and " : " ") + std::string("arg ") + std::to_string(k) + " with shape " +
                    py::repr_shape(shapes[k]);
        }
        throw ValueError(msg + detail + ".");
      }
    }
  }
  return out;
}

Array broadcast_to(const Array& a, const Shape& shape) {
  for (int64_t d : shape) {
    if (d < 0) throw ValueError("all elements of broadcast shape must be non-negative");
  }
  if (static_cast<int>(shape.size()) < a.ndim()) {
    throw ValueError("input operand has more dimensions than allowed by the axis remapping");
  }
  size_t lead = shape.size() - a.ndim();
  Strides strides(shape.size(), 0);
  for (int i = 0; i < a.ndim(); ++i) {
    int64_t want = shape[lead + i];
    int64_t have = a.shape()[i];
    if (have == 1) {
      continue;  // NumPy gives every length-1 input axis stride 0
    }
    if (have == want) {
      strides[lead + i] = a.strides()[i];
    } else {
      throw ValueError(
          "operands could not be broadcast together with remapped shapes [original->remapped]: " +
          py::repr_shape(a.shape()) + " and requested shape " + py::repr_shape(shape));
    }
  }
  Array v = a.view_as(a.dtype(), shape, strides, a.offset());
  v.set_writeable(false);
  return v;
}

std::vector<Array> broadcast_arrays(const std::vector<Array>& arrays) {
  std::vector<Shape> shapes;
  for (const Array& a : arrays)
    shapes.push_back(a.shape());
  Shape shape = broadcast_shapes(shapes);
  std::vector<Array> out;
  for (const Array& a : arrays) {
    if (a.shape() == shape) {
      out.push_back(a.view_as(a.dtype(), a.shape(), a.strides(), a.offset()));
    } else {
      out.push_back(broadcast_to(a, shape));
    }
  }
  return out;
}

Array diagonal(const Array& a, int64_t offset, int64_t axis1, int64_t axis2) {
  if (a.ndim() < 2) throw ValueError("diag requires an array of at least two dimensions");
  int64_t a1 = normalize_axis(axis1, a.ndim());
  int64_t a2 = normalize_axis(axis2, a.ndim());
  if (a1 == a2) throw ValueError("axis1 and axis2 cannot be the same");
  int64_t n1 = a.shape()[a1], n2 = a.shape()[a2];
  int64_t s1 = a.strides()[a1], s2 = a.strides()[a2];
  int64_t start = a.offset();
  int64_t len;
  if (offset >= 0) {
    len = std::max<int64_t>(0, std::min(n1, n2 - offset));
    if (len > 0) start += offset * s2;
  } else {
    len = std::max<int64_t>(0, std::min(n1 + offset, n2));
    if (len > 0) start += -offset * s1;
  }
  Shape shape;
  Strides strides;
  for (int i = 0; i < a.ndim(); ++i) {
    if (i == a1 || i == a2) continue;
    shape.push_back(a.shape()[i]);
    strides.push_back(a.strides()[i]);
  }
  shape.push_back(len);
  strides.push_back(s1 + s2);
  Array v = a.view_as(a.dtype(), shape, strides, start);
  v.set_writeable(false);
  return v;
}

Array real(const Array& a) {
  if (!a.dtype().is_complex()) return a.view_as(a.dtype(), a.shape(), a.strides(), a.offset());
  return a.view_as(a.dtype().real_type(), a.shape(), a.strides(), a.offset());
}

Array imag(const Array& a) {
  if (a.dtype().is_complex()) {
    DType r = a.dtype().real_type();
    return a.view_as(r, a.shape(), a.strides(), a.offset() + r.itemsize());
  }
  if (!a.dtype().is_numeric()) {
    throw TypeError("imag is only defined for numeric arrays, not dtype " + a.dtype().str());
  }
  Array z = zeros_like(a);  // keeps the input's memory order, as a.imag does
  z.set_writeable(false);
  return z;
}

Array field(const Array& a, const std::string& name) {
  if (!a.dtype().has_fields()) {
    throw IndexError(
        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
        "integer or boolean arrays are valid indices");
  }
  const Field& f = a.dtype().field(name);
  DType t = f.dtype();
  Shape shape = a.shape();
  Strides strides = a.strides();
  if (t.has_subarray()) {
    Strides sub = fill_strides(t.subarray_shape(), t.subarray_base().itemsize(), Order::C);
    for (size_t i = 0; i < sub.size(); ++i) {
      shape.push_back(t.subarray_shape()[i]);
      strides.push_back(sub[i]);
    }
    t = t.subarray_base();
  }
  return a.view_as(t, shape, strides, a.offset() + f.offset);
}

Array fields(const Array& a, const std::vector<std::string>& names) {
  if (!a.dtype().has_fields()) throw IndexError("multi-field index on an unstructured array");
  std::vector<DType> types;
  std::vector<int64_t> offsets;
  for (const std::string& n : names) {
    if (std::count(names.begin(), names.end(), n) > 1)
      throw ValueError("duplicate field of name " + n);
    const Field& f = a.dtype().field(n);
    types.push_back(f.dtype());
    offsets.push_back(f.offset);
  }
  DType t = DType::structured_with_offsets(names, types, offsets, a.itemsize(),
                                           a.dtype().is_aligned_struct());
  return a.view_as(t, a.shape(), a.strides(), a.offset());
}

Array view(const Array& a, const DType& dtype) {
  const DType& t = dtype;
  if (t.is_flexible() && t.id() != TypeId::Void) {
    throw TypeError("data-type must not be an unsized string for a view");
  }
  if (t.has_subarray()) {
    // Viewing as a subarray type expands into trailing dimensions.
    Array v = view(a, DType::void_(t.itemsize()));
    Shape shape = v.shape();
    Strides strides = v.strides();
    DType base = t.subarray_base();
    Strides sub = fill_strides(t.subarray_shape(), base.itemsize(), Order::C);
    for (size_t i = 0; i < sub.size(); ++i) {
      shape.push_back(t.subarray_shape()[i]);
      strides.push_back(sub[i]);
    }
    return a.view_as(base, shape, strides, v.offset());
  }
  if (t.itemsize() == a.itemsize()) return a.view_as(t, a.shape(), a.strides(), a.offset());
  if (a.ndim() == 0) {
    throw ValueError(
        "Changing the dtype of a 0d array is only supported if the itemsize is unchanged");
  }
  int last = a.ndim() - 1;
  if (a.shape()[last] != 1 && a.size() != 0 && a.strides()[last] != a.itemsize()) {
    throw ValueError("To change to a dtype of a different size, the last axis must be contiguous");
  }
  int64_t bytes = a.shape()[last] * a.itemsize();
  if (t.itemsize() == 0 || bytes % t.itemsize() != 0) {
    throw ValueError("When changing to a " +
                     std::string(t.itemsize() > a.itemsize() ? "larger" : "smaller") +
                     " dtype, its size must be a divisor of the size of original dtype");
  }
  Shape shape = a.shape();
  Strides strides = a.strides();
  shape[last] = bytes / t.itemsize();
  strides[last] = t.itemsize();
  return a.view_as(t, shape, strides, a.offset());
}

Array flip(const Array& a, std::optional<Axes> axis) {
  if (a.ndim() == 0 && !axis) {
    // NumPy indexes a 0-d array with an empty tuple here, which yields a (native) scalar copy.
    Array out = Array::empty({}, a.dtype().with_native_order());
    assign(out, a);
    return out;
  }
  Axes axes;
  if (axis) {
    axes = normalize_axes(*axis, a.ndim());
  } else {
    axes.resize(a.ndim());
    std::iota(axes.begin(), axes.end(), 0);
  }
  Strides strides = a.strides();
  int64_t offset = a.offset();
  for (int64_t ax : axes) {
    if (a.shape()[ax] > 0) offset += (a.shape()[ax] - 1) * strides[ax];
    // Wrapping: an INT64_MIN stride (as_strided) only exists on an axis of length <= 1.
    strides[ax] = checked::wrapping_neg(strides[ax]);
  }
  return a.view_as(a.dtype(), a.shape(), strides, offset);
}

Array as_strided(const Array& a, std::optional<Shape> shape, std::optional<Strides> strides,
                 bool writeable) {
  Shape s = shape ? *shape : a.shape();
  Strides st = strides ? *strides : a.strides();
  if (!strides && shape && s.size() != a.shape().size())
    st = fill_strides(s, a.itemsize(), Order::C);
  if (s.size() != st.size()) throw ValueError("mismatch in length of strides and shape");
  Array v = a.view_as(a.dtype(), s, st, a.offset());
  if (!writeable || !a.writeable()) v.set_writeable(false);
  return v;
}

}  // namespace np
