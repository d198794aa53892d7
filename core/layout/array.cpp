// Array, Buffer and the layout rules (contiguity, fresh strides, bounds of a view).
#include "np/array.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "layout/bounds.hpp"
#include "np/errors.hpp"
#include "util/checked.hpp"

namespace np {

Order parse_order(std::string_view text, std::string_view what) {
  if (text == "C" || text == "c") return Order::C;
  if (text == "F" || text == "f") return Order::F;
  if (text == "A" || text == "a") return Order::A;
  if (text == "K" || text == "k") return Order::K;
  throw ValueError(std::string(what) + " must be one of 'C', 'F', 'A', or 'K' (got '" +
                   std::string(text) + "')");
}

namespace {

// Freed large blocks kept for reuse (like PyTorch's caching allocator, on a small scale): a
// fresh 80 MB block costs 40 page faults per huge page region on first touch every call, a
// reused one none. At most kCachedBlocks blocks and kCachedBytes bytes; exact sizes only.
// Thread-safe; leaked on purpose (blocks may be returned during exit).
struct LargeBlockCache {
  static constexpr size_t kCachedBlocks = 4;
  static constexpr size_t kCachedBytes = size_t{512} << 20;
  std::mutex mutex;
  std::vector<std::pair<size_t, void*>> blocks;
  size_t bytes = 0;

  void* take(size_t size) {
    std::lock_guard lock(mutex);
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i].first != size) continue;
      void* p = blocks[i].second;
      blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i));
      bytes -= size;
      return p;
    }
    return nullptr;
  }
  void give(size_t size, void* p) {
    {
      std::lock_guard lock(mutex);
      if (blocks.size() < kCachedBlocks && bytes + size <= kCachedBytes) {
        blocks.emplace_back(size, p);
        bytes += size;
        return;
      }
    }
    std::free(p);
  }
};

LargeBlockCache& large_blocks() {
  static auto* cache = new LargeBlockCache();
  return *cache;
}

constexpr size_t kHugePage = size_t{1} << 21;

// `size` bytes (a multiple of kHugePage) of fresh anonymous memory, kHugePage-aligned: the
// kernel zeroes pages on first touch, so an untouched zero array costs no resident memory
// (NumPy's zeros gets the same from calloc). Null when the kernel refuses the mapping.
void* map_zeroed(size_t size) {
  const size_t span = size + kHugePage;
  void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto misalign = reinterpret_cast<uintptr_t>(raw) % kHugePage;
  const size_t head = misalign == 0 ? 0 : kHugePage - misalign;
  std::byte* start = static_cast<std::byte*>(raw) + head;
  if (head > 0) ::munmap(raw, head);
  if (span - head > size) ::munmap(start + size, span - head - size);
  return start;
}

}  // namespace

std::shared_ptr<Buffer> Buffer::allocate(int64_t nbytes, bool zero) {
  if (nbytes < 0) throw ValueError("negative buffer size");
  if (nbytes > (int64_t{1} << 46)) {
    throw MemoryError("Unable to allocate " + std::to_string(nbytes) + " bytes for an array");
  }
  size_t size = static_cast<size_t>(std::max<int64_t>(nbytes, 1));
  // Large buffers: 2 MiB aligned and marked for transparent huge pages (as NumPy's allocator
  // does from 4 MiB), so first touch faults in 512x fewer pages; freed ones are kept for reuse.
  const bool huge = size >= (size_t{4} << 20);
  const size_t align = huge ? kHugePage : 64;
  const size_t rounded = (size + align - 1) / align * align;
  if (huge && zero) {
    // Lazily zeroed pages straight from the kernel (a cached block would need a memset that
    // touches every page); unmapped when the last array goes.
    void* p = map_zeroed(rounded);
    if (p == nullptr) {
      throw MemoryError("Unable to allocate " + std::to_string(nbytes) + " bytes for an array");
    }
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure changes nothing
    Deleter unmap = [rounded](std::byte* q) { ::munmap(q, rounded); };
    return std::shared_ptr<Buffer>(new Buffer(static_cast<std::byte*>(p), nbytes, unmap, true));
  }
  void* p = huge ? large_blocks().take(rounded) : nullptr;
  if (p == nullptr) {
    p = std::aligned_alloc(align, rounded);
    if (p == nullptr) {
      throw MemoryError("Unable to allocate " + std::to_string(nbytes) + " bytes for an array");
    }
    if (huge) ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure changes nothing
  }
  if (zero) std::memset(p, 0, rounded);
  Deleter release = [](std::byte* q) { std::free(q); };
  if (huge) release = [rounded](std::byte* q) { large_blocks().give(rounded, q); };
  return std::shared_ptr<Buffer>(new Buffer(static_cast<std::byte*>(p), nbytes, release, true));
}

std::shared_ptr<Buffer> Buffer::wrap(std::byte* data, int64_t nbytes, Deleter deleter,
                                     bool writeable) {
  if (nbytes < 0) throw ValueError("negative buffer size");
  if (data == nullptr && nbytes > 0) throw ValueError("null data pointer for a non-empty buffer");
  return std::shared_ptr<Buffer>(new Buffer(data, nbytes, std::move(deleter), writeable));
}

Buffer::~Buffer() {
  if (deleter_) deleter_(data_);
}

void throw_array_too_big() {
  throw ValueError(
      "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible "
      "size.");
}

void check_array_size(const Shape& shape, int64_t itemsize) {
  int64_t nbytes = itemsize;
  for (int64_t d : shape) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
    if (d != 0 && __builtin_mul_overflow(nbytes, d, &nbytes)) throw_array_too_big();
  }
}

int64_t shape_size(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
    n = checked::mul(n, d, "array size");
  }
  return n;
}

bool is_c_contiguous(const Shape& shape, const Strides& strides, int64_t itemsize) {
  int64_t expected = itemsize;
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] == 0) return true;
  }
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] != 1) {
      if (strides[i] != expected) return false;
      if (__builtin_mul_overflow(expected, shape[i], &expected)) return i == 0;  // no stride left
    }
  }
  return true;
}

bool is_f_contiguous(const Shape& shape, const Strides& strides, int64_t itemsize) {
  int64_t expected = itemsize;
  for (int64_t d : shape) {
    if (d == 0) return true;
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != 1) {
      if (strides[i] != expected) return false;
      if (__builtin_mul_overflow(expected, shape[i], &expected)) return i + 1 == shape.size();
    }
  }
  return true;
}

Strides fill_strides(const Shape& shape, int64_t itemsize, Order order) {
  check_array_size(shape, itemsize);  // so no stride below overflows
  Strides s(shape.size());
  int64_t step = itemsize;
  auto one = [&](size_t i) {
    s[i] = step;
    if (shape[i] != 0) step = checked::mul(step, shape[i], "strides");
  };
  if (order == Order::F) {
    for (size_t i = 0; i < shape.size(); ++i)
      one(i);
  } else {
    for (size_t i = shape.size(); i-- > 0;)
      one(i);
  }
  return s;
}

Strides contiguous_strides(const Shape& shape, int64_t itemsize, Order order) {
  if (shape_size(shape) == 0) return Strides(shape.size(), 0);
  return fill_strides(shape, itemsize, order);
}

Array::Array() : Array(empty({}, DType())) {
  std::memset(data(), 0, 8);
}

Array Array::empty(const Shape& shape, const DType& dtype, Order order) {
  return allocate(shape, dtype, order, false);
}

Array Array::zeroed(const Shape& shape, const DType& dtype, Order order) {
  return allocate(shape, dtype, order, true);
}

Array Array::allocate(const Shape& shape, const DType& dtype, Order order, bool zero) {
  if (shape.size() > static_cast<size_t>(kMaxDims)) {
    throw ValueError("maximum supported dimension for an ndarray is " + std::to_string(kMaxDims) +
                     ", found " + std::to_string(shape.size()));
  }
  // NumPy gives unsized S/U one character when allocating.
  DType t = dtype;
  if (t.id() == TypeId::Bytes && t.itemsize() == 0) t = DType::bytes(1);
  if (t.id() == TypeId::Str && t.itemsize() == 0) t = DType::unicode(1);
  if (t.has_subarray()) {
    // An array of a subarray dtype expands into extra trailing dimensions, as in NumPy.
    Shape full = shape;
    for (int64_t d : t.subarray_shape())
      full.push_back(d);
    return allocate(full, t.subarray_base(), order, zero);
  }
  check_array_size(shape, t.itemsize());
  int64_t nbytes = checked::mul(shape_size(shape), t.itemsize(), "array size in bytes");
  Array a{Uninitialized{}};
  a.buffer_ = Buffer::allocate(nbytes, zero);
  a.dtype_ = t;
  a.geometry_ = make_geometry(
      shape, contiguous_strides(shape, t.itemsize(), order == Order::F ? Order::F : Order::C),
      t.itemsize());
  a.offset_ = 0;
  a.writeable_ = true;
  a.owns_data_ = true;
  return a;
}

Array Array::from_buffer(std::shared_ptr<Buffer> buffer, const DType& dtype, const Shape& shape,
                         const Strides& strides, int64_t offset, bool writeable) {
  if (!buffer) throw ValueError("from_buffer: null buffer");
  if (shape.size() != strides.size()) {
    throw ValueError("shape and strides must have the same length");
  }
  if (shape.size() > static_cast<size_t>(kMaxDims)) {
    throw ValueError("maximum supported dimension for an ndarray is " + std::to_string(kMaxDims));
  }
  layout::check_view_bounds(shape, strides, offset, dtype.itemsize(), buffer->size());
  Array a{Uninitialized{}};
  a.buffer_ = std::move(buffer);
  a.dtype_ = dtype;
  a.geometry_ = make_geometry(shape, strides, dtype.itemsize());
  a.offset_ = offset;
  a.writeable_ = writeable && a.buffer_->writeable();
  a.owns_data_ = false;
  return a;
}

Array Array::wrap(void* data, const DType& dtype, const Shape& shape, const Strides& strides,
                  Buffer::Deleter deleter, bool writeable) {
  Strides s =
      strides.empty() && !shape.empty() ? fill_strides(shape, dtype.itemsize(), Order::C) : strides;
  if (s.size() != shape.size()) throw ValueError("shape and strides must have the same length");
  // The wrapped extent is exactly what the layout addresses, from its lowest byte.
  layout::Extent e = layout::extent(shape, s, dtype.itemsize());
  auto buffer = Buffer::wrap(static_cast<std::byte*>(data) + e.low, e.high - e.low,
                             deleter ? Buffer::Deleter([deleter, data](std::byte*) {
                               deleter(static_cast<std::byte*>(data));
                             })
                                     : Buffer::Deleter(),
                             writeable);
  Array a = from_buffer(std::move(buffer), dtype, shape, s, -e.low, writeable);
  a.owns_data_ = static_cast<bool>(deleter);
  return a;
}

std::shared_ptr<const Array::Geometry> Array::make_geometry(Shape shape, Strides strides,
                                                            int64_t itemsize) {
  check_array_size(shape, itemsize);  // NumPy's rule for every array, views included
  auto g = std::make_shared<Geometry>();
  g->size = shape_size(shape);
  g->c_contiguous = is_c_contiguous(shape, strides, itemsize);
  g->f_contiguous = is_f_contiguous(shape, strides, itemsize);
  g->shape = std::move(shape);
  g->strides = std::move(strides);
  return g;
}

bool Array::aligned() const {
  int64_t a = dtype_.alignment();
  if (a <= 1) return true;
  auto base = reinterpret_cast<uintptr_t>(data());
  if (base % static_cast<uintptr_t>(a) != 0) return false;
  for (size_t i = 0; i < shape().size(); ++i) {
    if (shape()[i] > 1 && strides()[i] % a != 0) return false;
  }
  return true;
}

void Array::set_writeable(bool writeable) {
  if (writeable && !buffer_->writeable()) {
    throw ValueError("cannot set WRITEABLE flag to True of this array");
  }
  writeable_ = writeable;
}

void Array::require_writeable() const {
  if (!writeable_) throw ValueError("assignment destination is read-only");
}

Array Array::view_as(const DType& dtype, const Shape& shape, const Strides& strides,
                     int64_t offset) const {
  Array v = from_buffer(buffer_, dtype, shape, strides, offset, writeable_);
  v.writeable_ = writeable_;
  return v;
}

std::byte* Array::element_ptr(std::span<const int64_t> index) const {
  if (static_cast<int>(index.size()) != ndim()) {
    throw IndexError("expected " + std::to_string(ndim()) + " indices, got " +
                     std::to_string(index.size()));
  }
  int64_t off = offset_;
  for (size_t i = 0; i < index.size(); ++i) {
    int64_t k = index[i];
    if (k < 0) k += shape()[i];
    if (k < 0 || k >= shape()[i]) {
      throw IndexError("index " + std::to_string(index[i]) + " is out of bounds for axis " +
                       std::to_string(i) + " with size " + std::to_string(shape()[i]));
    }
    off += k * strides()[i];  // in bounds by the view invariant
  }
  return buffer_->data() + off;
}

void throw_dtype_mismatch(const DType& have, const DType& want) {
  throw TypeError("array has dtype " + have.str() + ", accessed as " + want.str());
}

}  // namespace np
