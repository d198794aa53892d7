// The dtype-erased N-d array: a shared byte buffer + dtype + shape + byte strides + byte offset.
//
// Ownership: an Array holds a shared reference to its Buffer; views share the Buffer, so memory
// lives as long as any array over it. Thread safety: Array values may be copied and read from
// many threads; writing elements concurrently is the caller's business, as in NumPy.
// Invariant: every element an Array can address lies inside its Buffer (checked on every view).
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "np/dtype.hpp"
#include "np/float16.hpp"

namespace np {

using Strides = std::vector<int64_t>;

enum class Order : char { C = 'C', F = 'F', A = 'A', K = 'K' };
Order parse_order(std::string_view text, std::string_view what = "order");

inline constexpr int kMaxDims = 64;

// A block of bytes with a deleter. Owned by shared_ptr; immutable after creation except the bytes.
class Buffer {
 public:
  using Deleter = std::function<void(std::byte*)>;

  // Allocates nbytes (at least 1) aligned to 64 bytes; zero-filled when `zero`.
  static std::shared_ptr<Buffer> allocate(int64_t nbytes, bool zero = false);
  // Wraps external memory without copying; `deleter` (may be empty) runs when the last array goes.
  static std::shared_ptr<Buffer> wrap(std::byte* data, int64_t nbytes, Deleter deleter,
                                      bool writeable = true);

  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  std::byte* data() const { return data_; }
  int64_t size() const { return size_; }
  bool writeable() const { return writeable_; }

 private:
  Buffer(std::byte* data, int64_t size, Deleter deleter, bool writeable)
      : data_(data), size_(size), deleter_(std::move(deleter)), writeable_(writeable) {}
  std::byte* data_;
  int64_t size_;
  Deleter deleter_;
  bool writeable_;
};

// Layout queries, the single source of truth for contiguity (NumPy's rules: size-1 axes are
// ignored, size-0 arrays are both C and F contiguous).
bool is_c_contiguous(const Shape& shape, const Strides& strides, int64_t itemsize);
bool is_f_contiguous(const Shape& shape, const Strides& strides, int64_t itemsize);
// Strides of a freshly allocated array (NumPy gives all-zero strides to size-0 allocations).
Strides contiguous_strides(const Shape& shape, int64_t itemsize, Order order);
// Strides NumPy assigns when it reinterprets contiguous data (reshape of contiguous input);
// checks the shape with check_array_size first.
Strides fill_strides(const Shape& shape, int64_t itemsize, Order order);
// Product of dimensions, checked; throws ValueError on negative dims or overflow.
int64_t shape_size(const Shape& shape);
// NumPy's rule for every array it creates, views included: the product of the non-zero
// dimensions times the itemsize fits in intp, even when a zero dimension leaves it empty.
// Throws ValueError ("array is too big; ...") otherwise, or on a negative dimension.
void check_array_size(const Shape& shape, int64_t itemsize);
// The ValueError of check_array_size, for results whose shape itself would overflow.
[[noreturn]] void throw_array_too_big();

class Array {
 public:
  // A 0-d float64 zero.
  Array();

  static Array empty(const Shape& shape, const DType& dtype = DType(), Order order = Order::C);
  // Like empty, with every byte zero; large ones are lazily zeroed memory that costs no resident
  // pages until written (calloc's contract, as np.zeros).
  static Array zeroed(const Shape& shape, const DType& dtype = DType(), Order order = Order::C);
  // A view over `buffer`; validates that every addressed byte lies inside it.
  static Array from_buffer(std::shared_ptr<Buffer> buffer, const DType& dtype, const Shape& shape,
                           const Strides& strides, int64_t offset, bool writeable = true);
  // Wraps external memory without copying (C-contiguous when strides are empty).
  static Array wrap(void* data, const DType& dtype, const Shape& shape, const Strides& strides,
                    Buffer::Deleter deleter, bool writeable = true);
  // Copies a C++ sequence into a new 1-d (or reshaped) array.
  template <class T>
  static Array from_vector(const std::vector<T>& values, const Shape& shape = {});
  template <class T>
  static Array from_list(std::initializer_list<T> values, const Shape& shape = {}) {
    return from_vector(std::vector<T>(values), shape);
  }

  const DType& dtype() const { return dtype_; }
  const Shape& shape() const { return geometry_->shape; }
  const Strides& strides() const { return geometry_->strides; }
  int ndim() const { return static_cast<int>(geometry_->shape.size()); }
  int64_t size() const { return geometry_->size; }
  int64_t itemsize() const { return dtype_.itemsize(); }
  int64_t nbytes() const { return size() * itemsize(); }
  // Byte offset of the first element from the start of the buffer.
  int64_t offset() const { return offset_; }
  std::byte* data() const { return buffer_->data() + offset_; }
  const std::shared_ptr<Buffer>& buffer() const { return buffer_; }

  bool writeable() const { return writeable_; }
  bool owns_data() const { return owns_data_; }
  bool aligned() const;
  bool c_contiguous() const { return geometry_->c_contiguous; }
  bool f_contiguous() const { return geometry_->f_contiguous; }
  // NumPy's flags.writeable = True fails for views of read-only memory.
  void set_writeable(bool writeable);
  // Throws ValueError("assignment destination is read-only") unless writeable.
  void require_writeable() const;

  // A view of the same buffer with other metadata (bounds-checked). Never owns data.
  Array view_as(const DType& dtype, const Shape& shape, const Strides& strides,
                int64_t offset) const;
  // True when both arrays use the same buffer.
  bool same_buffer(const Array& other) const { return buffer_ == other.buffer_; }

  // Address of one element; index must have ndim entries, negatives wrap; IndexError when out.
  std::byte* element_ptr(std::span<const int64_t> index) const;

  // Typed element access for native-order builtin types (TypeError on a dtype mismatch).
  template <class T>
  T& at(std::initializer_list<int64_t> index) const;

 private:
  struct Uninitialized {};
  explicit Array(Uninitialized) {}
  static Array allocate(const Shape& shape, const DType& dtype, Order order, bool zero);

  // Shape and strides with what derives from them, computed once and shared by copies (an
  // Array's geometry never changes; views get their own), so copying an Array allocates nothing.
  struct Geometry {
    Shape shape;
    Strides strides;
    int64_t size;
    bool c_contiguous;
    bool f_contiguous;
  };
  static std::shared_ptr<const Geometry> make_geometry(Shape shape, Strides strides,
                                                       int64_t itemsize);

  std::shared_ptr<Buffer> buffer_;
  DType dtype_;
  std::shared_ptr<const Geometry> geometry_;
  int64_t offset_ = 0;
  bool writeable_ = true;
  bool owns_data_ = false;
};

// The DType of a C++ element type.
template <class T>
DType dtype_of() {
  if constexpr (std::is_same_v<T, bool>)
    return dtypes::bool_();
  else if constexpr (std::is_same_v<T, int8_t>)
    return dtypes::int8();
  else if constexpr (std::is_same_v<T, uint8_t>)
    return dtypes::uint8();
  else if constexpr (std::is_same_v<T, int16_t>)
    return dtypes::int16();
  else if constexpr (std::is_same_v<T, uint16_t>)
    return dtypes::uint16();
  else if constexpr (std::is_same_v<T, int32_t>)
    return dtypes::int32();
  else if constexpr (std::is_same_v<T, uint32_t>)
    return dtypes::uint32();
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, long long>)
    return dtypes::int64();
  else if constexpr (std::is_same_v<T, uint64_t> || std::is_same_v<T, unsigned long long>)
    return dtypes::uint64();
  else if constexpr (std::is_same_v<T, float16>)
    return dtypes::float16();
  else if constexpr (std::is_same_v<T, float>)
    return dtypes::float32();
  else if constexpr (std::is_same_v<T, double>)
    return dtypes::float64();
  else if constexpr (std::is_same_v<T, long double>)
    return dtypes::longdouble();
  else if constexpr (std::is_same_v<T, std::complex<float>>)
    return dtypes::complex64();
  else if constexpr (std::is_same_v<T, std::complex<double>>)
    return dtypes::complex128();
  else if constexpr (std::is_same_v<T, std::complex<long double>>)
    return dtypes::clongdouble();
  else
    static_assert(sizeof(T) == 0, "no builtin dtype for this C++ type");
}

template <class T>
Array Array::from_vector(const std::vector<T>& values, const Shape& shape) {
  Shape s = shape.empty() ? Shape{static_cast<int64_t>(values.size())} : shape;
  Array a = empty(s, dtype_of<T>());
  if (a.size() != static_cast<int64_t>(values.size())) {
    throw std::invalid_argument("from_vector: shape does not match the number of values");
  }
  T* out = reinterpret_cast<T*>(a.data());
  for (size_t i = 0; i < values.size(); ++i)
    out[i] = values[i];
  return a;
}

void throw_dtype_mismatch(const DType& have, const DType& want);

template <class T>
T& Array::at(std::initializer_list<int64_t> index) const {
  DType want = dtype_of<T>();
  if (!dtype_.equivalent(want) || !dtype_.is_native()) throw_dtype_mismatch(dtype_, want);
  return *reinterpret_cast<T*>(element_ptr(std::span<const int64_t>(index.begin(), index.size())));
}

}  // namespace np
