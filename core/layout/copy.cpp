// Byte-level copies: copy(order), assign (broadcasting, overlap-safe), fill.
#include <algorithm>
#include <cstring>

#include "dtype/cast_loops.hpp"
#include "dtype/datetime_units.hpp"
#include "dtype/element_cast.hpp"
#include "layout/bounds.hpp"
#include "layout/nd_loop.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "util/parallel.hpp"

namespace np {

namespace {

bool may_overlap(const Array& a, const Array& b) {
  if (!a.same_buffer(b) || a.size() == 0 || b.size() == 0) return false;
  layout::Extent ea = layout::extent(a.shape(), a.strides(), a.itemsize());
  layout::Extent eb = layout::extent(b.shape(), b.strides(), b.itemsize());
  int64_t a0 = a.offset() + ea.low, a1 = a.offset() + ea.high;
  int64_t b0 = b.offset() + eb.low, b1 = b.offset() + eb.high;
  return a0 < b1 && b0 < a1;
}

// Allocates an array shaped like `a` whose memory order follows `order` (K: a's stride order).
Array allocate_like(const Array& a, const DType& dtype, Order order, const Shape& shape) {
  if (order == Order::A) order = (a.f_contiguous() && !a.c_contiguous()) ? Order::F : Order::C;
  if (order != Order::K || shape != a.shape()) {
    return Array::empty(shape, dtype, order == Order::F ? Order::F : Order::C);
  }
  if (a.c_contiguous()) return Array::empty(shape, dtype, Order::C);
  if (a.f_contiguous()) return Array::empty(shape, dtype, Order::F);
  std::vector<int64_t> perm = layout::sorted_stride_perm(a.strides());
  Shape permuted(shape.size());
  for (size_t i = 0; i < perm.size(); ++i)
    permuted[i] = shape[perm[i]];
  Array base = Array::empty(permuted, dtype, Order::C);
  std::vector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<int64_t>(i);
  Array out = transpose(base, Axes(inverse.begin(), inverse.end()));
  return out;
}

}  // namespace

Array copy(const Array& a, Order order) {
  Array out = allocate_like(a, a.dtype(), order, a.shape());
  assign(out, a);
  return out;
}

Array ascontiguousarray(const Array& a) {
  Array src = a.ndim() == 0 ? reshape(a, {1}) : a;
  if (src.c_contiguous()) return src;
  return copy(src, Order::C);
}

Array asfortranarray(const Array& a) {
  Array src = a.ndim() == 0 ? reshape(a, {1}) : a;
  if (src.f_contiguous()) return src;
  return copy(src, Order::F);
}

void assign(const Array& dst, const Array& src_in) {
  dst.require_writeable();
  Array src = src_in.shape() == dst.shape() ? src_in : broadcast_to(src_in, dst.shape());
  if (may_overlap(dst, src)) {
    // As if the source were copied first (NumPy's overlap semantics), unless identical.
    bool identical = dst.offset() == src.offset() && dst.strides() == src.strides() &&
                     dst.dtype() == src.dtype();
    if (identical) return;
    src = copy(src, Order::K);
  }
  const DType& dt = dst.dtype();
  const DType& st = src.dtype();
  std::byte* d0 = dst.data();
  const std::byte* s0 = src.data();
  if (dt == st || (dt.id() == TypeId::Void && st.id() == TypeId::Void &&
                   dt.itemsize() == st.itemsize() && dt.equivalent(st))) {
    const size_t n = static_cast<size_t>(dt.itemsize());
    if (dst.c_contiguous() && src.c_contiguous()) {
      std::memmove(d0, s0, n * static_cast<size_t>(dst.size()));
      return;
    }
    layout::for_each_offset<2>(
        dst.shape(), {&dst.strides(), &src.strides()},
        [&](const std::array<int64_t, 2>& o) { std::memcpy(d0 + o[0], s0 + o[1], n); });
    return;
  }
  if (dt.has_fields() || st.has_fields()) {
    throw TypeError("Cannot assign between structured dtypes " + st.str() + " and " + dt.str() +
                    " with different layouts");
  }
  if (st.is_datetime_like() && st.id() == dt.id()) {
    detail::conversion_factor(st, dt);  // NumPy's OverflowError for the units, even when empty
  }
  if (detail::CastLoop fast = detail::find_cast_loop(st, dt)) {  // typed numeric conversion
    if (dst.c_contiguous() && src.c_contiguous()) {
      const int64_t n = dst.size();
      const int threads = parallel::effective_threads(0);
      if (threads > 1 && n >= parallel::kParallelMinElements) {  // independent elements
        const int64_t grain = parallel::kParallelGrain;
        parallel::parallel_blocks(threads, (n + grain - 1) / grain, [&](int64_t b) {
          const int64_t begin = b * grain;
          fast(s0 + begin * st.itemsize(), st.itemsize(), d0 + begin * dt.itemsize(), dt.itemsize(),
               std::min(grain, n - begin));
        });
        return;
      }
      fast(s0, st.itemsize(), d0, dt.itemsize(), n);
      return;
    }
    layout::for_each_offset<2>(
        dst.shape(), {&dst.strides(), &src.strides()},
        [&](const std::array<int64_t, 2>& o) { fast(s0 + o[1], 0, d0 + o[0], 0, 1); });
    return;
  }
  layout::for_each_offset<2>(dst.shape(), {&dst.strides(), &src.strides()},
                             [&](const std::array<int64_t, 2>& o) {
                               detail::convert_element(st, s0 + o[1], dt, d0 + o[0]);
                             });
}

void fill(const Array& a, const Scalar& value) {
  a.require_writeable();
  if (a.size() == 0) return;
  const DType& t = a.dtype();
  std::vector<std::byte> element(static_cast<size_t>(std::max<int64_t>(t.itemsize(), 1)));
  if (t.has_fields()) {
    if (!(value.dtype() == t)) {
      // NumPy fills every field from the scalar; do the same field by field.
      for (const Field& f : t.fields()) {
        value.store(f.dtype().component(), element.data() + f.offset);
        int64_t count =
            f.dtype().itemsize() / std::max<int64_t>(f.dtype().component().itemsize(), 1);
        for (int64_t k = 1; k < count; ++k) {
          std::memcpy(element.data() + f.offset + k * f.dtype().component().itemsize(),
                      element.data() + f.offset,
                      static_cast<size_t>(f.dtype().component().itemsize()));
        }
      }
    } else {
      std::memcpy(element.data(), value.data(), static_cast<size_t>(t.itemsize()));
    }
  } else {
    value.store(t, element.data());
  }
  const size_t n = static_cast<size_t>(t.itemsize());
  std::byte* base = a.data();
  layout::for_each_offset<1>(a.shape(), {&a.strides()}, [&](const std::array<int64_t, 1>& o) {
    std::memcpy(base + o[0], element.data(), n);
  });
}

namespace layout {
Array allocate_like_for_creation(const Array& a, const DType& dtype, Order order,
                                 const Shape& shape) {
  return allocate_like(a, dtype, order, shape);
}
}  // namespace layout

}  // namespace np
