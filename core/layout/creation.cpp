// Creation routines: empty/zeros/ones/full(_like), arange, linspace, logspace, geomspace, eye.
#include "np/creation.hpp"

#include <cmath>
#include <complex>
#include <cstring>
#include <limits>

#include "dtype/element_cast.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"

namespace np {

namespace layout {
Array allocate_like_for_creation(const Array& a, const DType& dtype, Order order,
                                 const Shape& shape);
}

Array empty(const Shape& shape, const DType& dtype, Order order) {
  if (order != Order::C && order != Order::F)
    throw ValueError("only 'C' or 'F' order is permitted");
  return Array::empty(shape, dtype, order);
}

Array zeros(const Shape& shape, const DType& dtype, Order order) {
  if (order != Order::C && order != Order::F)
    throw ValueError("only 'C' or 'F' order is permitted");
  return Array::zeroed(shape, dtype, order);
}

Array ones(const Shape& shape, const DType& dtype, Order order) {
  Array a = empty(shape, dtype, order);
  fill(a, Scalar(int64_t{1}));
  return a;
}

Array full(const Shape& shape, const Scalar& fill_value, std::optional<DType> dtype, Order order) {
  Array a = empty(shape, dtype ? *dtype : fill_value.dtype(), order);
  fill(a, fill_value);
  return a;
}

Array empty_like(const Array& prototype, std::optional<DType> dtype, Order order,
                 std::optional<Shape> shape) {
  return layout::allocate_like_for_creation(prototype, dtype ? *dtype : prototype.dtype(), order,
                                            shape ? *shape : prototype.shape());
}

Array zeros_like(const Array& prototype, std::optional<DType> dtype, Order order,
                 std::optional<Shape> shape) {
  Array a = empty_like(prototype, dtype, order, shape);
  fill(a, Scalar(int64_t{0}));
  return a;
}

Array ones_like(const Array& prototype, std::optional<DType> dtype, Order order,
                std::optional<Shape> shape) {
  Array a = empty_like(prototype, dtype, order, shape);
  fill(a, Scalar(int64_t{1}));
  return a;
}

Array full_like(const Array& prototype, const Scalar& fill_value, std::optional<DType> dtype,
                Order order, std::optional<Shape> shape) {
  Array a = empty_like(prototype, dtype, order, shape);
  fill(a, fill_value);
  return a;
}

namespace {

// The kind rank NumPy's result_type gives Python-like scalar arguments: b < i < u? < f < c.
DType default_result(std::initializer_list<const Scalar*> args) {
  bool any_complex = false, any_float = false, any_uint64 = false;
  for (const Scalar* s : args) {
    if (s == nullptr) continue;
    const DType& t = s->dtype();
    if (t.is_complex()) any_complex = true;
    if (t.is_floating()) any_float = true;
    if (t.id() == TypeId::UInt64) any_uint64 = true;
  }
  if (any_complex) return dtypes::complex128();
  if (any_float) {
    for (const Scalar* s : args) {
      if (s && (s->dtype().id() == TypeId::LongDouble)) return dtypes::longdouble();
    }
    return dtypes::float64();
  }
  if (any_uint64) return dtypes::uint64();
  return dtypes::int64();
}

bool integral(const Scalar& s) {
  return s.dtype().is_integer() || s.dtype().is_bool();
}

// Fills a[i] = first + i * delta in the array's own arithmetic (NumPy's dtype fill function).
template <class T>
void fill_linear(Array& a, int64_t n) {
  T* p = reinterpret_cast<T*>(a.data());
  T start = p[0];
  T delta = p[1] - p[0];
  for (int64_t i = 2; i < n; ++i)
    p[i] = start + static_cast<T>(i) * delta;
}

template <class T>
void fill_linear_int(Array& a, int64_t n) {
  T* p = reinterpret_cast<T*>(a.data());
  using U = std::make_unsigned_t<T>;
  U start = static_cast<U>(p[0]);
  U delta = static_cast<U>(p[1]) - start;
  for (int64_t i = 2; i < n; ++i)
    p[i] = static_cast<T>(start + static_cast<U>(i) * delta);
}

template <class R>
void fill_linear_complex(Array& a, int64_t n) {
  R* p = reinterpret_cast<R*>(a.data());
  R sr = p[0], si = p[1];
  R dr = p[2] - sr, di = p[3] - si;
  for (int64_t i = 2; i < n; ++i) {
    p[2 * i] = sr + static_cast<R>(i) * dr;
    p[2 * i + 1] = si + static_cast<R>(i) * di;
  }
}

// arange's length: ceil((stop - start) / step) in Python float (or int) arithmetic.
long double arange_length(const Scalar& start, const Scalar& stop, const Scalar& step,
                          bool all_int) {
  if (start.dtype().is_complex() || stop.dtype().is_complex() || step.dtype().is_complex()) {
    std::complex<double> d = (stop.as_complex() - start.as_complex()) / step.as_complex();
    if (step.as_complex() == std::complex<double>(0, 0))
      throw ZeroDivisionError("division by zero");
    return std::min(std::ceil(d.real()), std::ceil(d.imag()));
  }
  if (all_int) {
    long double s = step.dtype().is_unsigned_integer() ? static_cast<long double>(step.as_uint64())
                                                       : static_cast<long double>(step.as_int64());
    if (s == 0) throw ZeroDivisionError("division by zero");
    long double a = start.dtype().is_unsigned_integer()
                        ? static_cast<long double>(start.as_uint64())
                        : static_cast<long double>(start.as_int64());
    long double b = stop.dtype().is_unsigned_integer() ? static_cast<long double>(stop.as_uint64())
                                                       : static_cast<long double>(stop.as_int64());
    return std::ceil(static_cast<long double>(static_cast<double>((b - a) / s)));
  }
  double s = step.as_double();
  if (s == 0) throw ZeroDivisionError("division by zero");
  return std::ceil((stop.as_double() - start.as_double()) / s);
}

// NumPy's dtype "fill": elements 2 ... n-1 of `a` (native order) from its first two.
void fill_from_first_two(Array& a, int64_t n) {
  const DType& t = a.dtype();
  switch (t.id()) {
    case TypeId::Int8:
      fill_linear_int<int8_t>(a, n);
      break;
    case TypeId::UInt8:
      fill_linear_int<uint8_t>(a, n);
      break;
    case TypeId::Int16:
      fill_linear_int<int16_t>(a, n);
      break;
    case TypeId::UInt16:
      fill_linear_int<uint16_t>(a, n);
      break;
    case TypeId::Int32:
      fill_linear_int<int32_t>(a, n);
      break;
    case TypeId::UInt32:
      fill_linear_int<uint32_t>(a, n);
      break;
    case TypeId::Int64:
    case TypeId::Datetime:
    case TypeId::Timedelta:
      fill_linear_int<int64_t>(a, n);
      break;
    case TypeId::UInt64:
      fill_linear_int<uint64_t>(a, n);
      break;
    case TypeId::Float32:
      fill_linear<float>(a, n);
      break;
    case TypeId::Float64:
      fill_linear<double>(a, n);
      break;
    case TypeId::LongDouble:
      fill_linear<long double>(a, n);
      break;
    case TypeId::Float128:
      fill_linear<__float128>(a, n);
      break;
    case TypeId::Complex64:
      fill_linear_complex<float>(a, n);
      break;
    case TypeId::Complex128:
      fill_linear_complex<double>(a, n);
      break;
    case TypeId::CLongDouble:
      fill_linear_complex<long double>(a, n);
      break;
    case TypeId::Complex256:
      fill_linear_complex<__float128>(a, n);
      break;
    case TypeId::Float16: {
      // NumPy's HALF_fill computes in float32.
      auto* p = reinterpret_cast<uint16_t*>(a.data());
      float s0 = half_to_float(p[0]);
      float delta = half_to_float(p[1]) - s0;
      for (int64_t i = 2; i < n; ++i)
        p[i] = float_to_half(s0 + static_cast<float>(i) * delta);
      break;
    }
    case TypeId::Bool:
      if (n > 2) {
        throw TypeError(
            "arange() is only supported for booleans when the result has at most length 2.");
      }
      break;
    default:
      throw TypeError("arange() not supported for dtype " + t.str());
  }
}

}  // namespace

Array arange(const Scalar& start_in, std::optional<Scalar> stop_in, std::optional<Scalar> step_in,
             std::optional<DType> dtype) {
  Scalar start = start_in;
  Scalar stop;
  if (!stop_in) {
    stop = start_in;
    start = Scalar(int64_t{0});
  } else {
    stop = *stop_in;
  }
  Scalar step = step_in ? *step_in : Scalar(int64_t{1});
  DType result = dtype ? *dtype : default_result({&start, &stop, &step});
  if (result.is_flexible() || result.has_fields() ||
      !(result.is_numeric() || result.is_datetime_like())) {
    throw TypeError("arange() not supported for inputs with DType " + result.str());
  }
  bool all_int = integral(start) && integral(stop) && integral(step);
  long double length = arange_length(start, stop, step, all_int);
  if (std::isnan(length)) throw ValueError("arange: cannot compute length");
  if (length > static_cast<long double>(int64_t{1} << 48))
    throw ValueError("Maximum allowed size exceeded");
  int64_t n = length > 0 ? static_cast<int64_t>(length) : 0;
  Array a = Array::empty({n}, result.with_native_order());
  if (n == 0) return result.is_native() ? a : copy(a, Order::C);
  const DType& t = a.dtype();
  start.store(t, a.data());
  if (n == 1) return a;
  // Second element: start + step in Python arithmetic, then converted.
  Scalar second;
  if (start.dtype().is_complex() || step.dtype().is_complex()) {
    second = Scalar(start.as_complex() + step.as_complex());
  } else if (all_int) {
    if (start.dtype().is_unsigned_integer() || step.dtype().is_unsigned_integer()) {
      second = Scalar(static_cast<uint64_t>(start.as_uint64() + step.as_uint64()));
    } else {
      second = Scalar(static_cast<int64_t>(static_cast<uint64_t>(start.as_int64()) +
                                           static_cast<uint64_t>(step.as_int64())));
    }
  } else {
    second = Scalar(start.as_double() + step.as_double());
  }
  second.store(t, a.data() + t.itemsize());
  fill_from_first_two(a, n);
  if (!result.is_native()) {
    Array swapped = Array::empty({n}, result);
    assign(swapped, a);
    return swapped;
  }
  return a;
}

namespace {

template <class T>
Array linspace_values(T start, T stop, int64_t num, bool endpoint, const DType& work, T& step_out) {
  using R = decltype(std::abs(start));
  int64_t div = endpoint ? num - 1 : num;
  Array y = Array::empty({num}, work);
  T* p = reinterpret_cast<T*>(y.data());
  T delta = stop - start;
  if (div > 0) {
    T step = delta / static_cast<R>(div);
    step_out = step;
    bool step_zero = step == T(0);
    for (int64_t i = 0; i < num; ++i) {
      T v = static_cast<T>(static_cast<R>(i));
      p[i] = (step_zero ? (v / static_cast<R>(div)) * delta : v * step) + start;
    }
  } else {
    step_out = T(std::numeric_limits<R>::quiet_NaN());
    for (int64_t i = 0; i < num; ++i)
      p[i] = static_cast<T>(static_cast<R>(i)) * delta + start;
  }
  if (endpoint && num > 1) p[num - 1] = stop;
  return y;
}

DType float_work_type(const Scalar& a, const Scalar& b) {
  DType t = default_result({&a, &b});
  if (t.is_integer()) return dtypes::float64();
  return t;
}

Array cast_result(const Array& y, const std::optional<DType>& dtype) {
  if (!dtype || *dtype == y.dtype()) return y;
  Array out = Array::empty(y.shape(), *dtype);
  assign(out, y);
  return out;
}

// NumPy 1.24's linspace floors samples before casting to an integer dtype.
void floor_for_integer(Array& y, const std::optional<DType>& dtype) {
  if (!dtype || !dtype->is_integer()) return;
  if (y.dtype().id() == TypeId::Float64) {
    auto* p = reinterpret_cast<double*>(y.data());
    for (int64_t i = 0; i < y.size(); ++i)
      p[i] = std::floor(p[i]);
  } else if (y.dtype().id() == TypeId::LongDouble) {
    auto* p = reinterpret_cast<long double*>(y.data());
    for (int64_t i = 0; i < y.size(); ++i)
      p[i] = std::floor(p[i]);
  }
}

}  // namespace

LinspaceResult linspace(const Scalar& start, const Scalar& stop, int64_t num, bool endpoint,
                        std::optional<DType> dtype) {
  if (num < 0) {
    throw ValueError("Number of samples, " + std::to_string(num) + ", must be non-negative.");
  }
  DType work = float_work_type(start, stop);
  LinspaceResult r;
  if (work.is_complex()) {
    std::complex<double> step;
    Array y = linspace_values(start.as_complex(), stop.as_complex(), num, endpoint,
                              dtypes::complex128(), step);
    r.samples = cast_result(y, dtype);
    r.step = Scalar(step);
  } else if (work.id() == TypeId::LongDouble) {
    long double step;
    Array y = linspace_values(start.as_longdouble(), stop.as_longdouble(), num, endpoint,
                              dtypes::longdouble(), step);
    floor_for_integer(y, dtype);
    r.samples = cast_result(y, dtype);
    r.step = Scalar(step);
  } else {
    double step;
    Array y = linspace_values(start.as_double(), stop.as_double(), num, endpoint, dtypes::float64(),
                              step);
    floor_for_integer(y, dtype);
    r.samples = cast_result(y, dtype);
    r.step = Scalar(step);
  }
  return r;
}

Array logspace(const Scalar& start, const Scalar& stop, int64_t num, bool endpoint, double base,
               std::optional<DType> dtype) {
  Array y = linspace(start, stop, num, endpoint).samples;
  if (y.dtype().is_complex()) {
    auto* p = reinterpret_cast<std::complex<double>*>(y.data());
    for (int64_t i = 0; i < num; ++i)
      p[i] = std::pow(std::complex<double>(base, 0), p[i]);
  } else if (y.dtype().id() == TypeId::LongDouble) {
    auto* p = reinterpret_cast<long double*>(y.data());
    for (int64_t i = 0; i < num; ++i)
      p[i] = std::pow(static_cast<long double>(base), p[i]);
  } else {
    auto* p = reinterpret_cast<double*>(y.data());
    for (int64_t i = 0; i < num; ++i)
      p[i] = std::pow(base, p[i]);
  }
  return cast_result(y, dtype);
}

Array geomspace(const Scalar& start, const Scalar& stop, int64_t num, bool endpoint,
                std::optional<DType> dtype) {
  if (num < 0) {
    throw ValueError("Number of samples, " + std::to_string(num) + ", must be non-negative.");
  }
  DType work = float_work_type(start, stop);
  if (work.is_complex()) {
    std::complex<double> a = start.as_complex(), b = stop.as_complex();
    if (a == 0.0 || b == 0.0) throw ValueError("Geometric sequence cannot include zero");
    std::complex<double> sign(1, 0);  // NumPy negates (1+0j) into (-1-0j) below
    if (a.real() == 0 && b.real() == 0) {
      a = a.imag();
      b = b.imag();
      sign = std::complex<double>(0, 1);
    }
    // np.sign of a complex number in NumPy 1.24: the sign of the real part, else of the imaginary.
    auto csign = [](std::complex<double> z) {
      double part = z.real() != 0 ? z.real() : z.imag();
      return part < 0 ? -1 : (part > 0 ? 1 : 0);
    };
    if (csign(a) == -1 && csign(b) == -1) {
      a = -a;
      b = -b;
      sign = -sign;
    }
    Array y = logspace(Scalar(std::log10(a)), Scalar(std::log10(b)), num, endpoint, 10.0);
    auto* p = reinterpret_cast<std::complex<double>*>(y.data());
    if (num > 0) p[0] = a;
    if (num > 1 && endpoint) p[num - 1] = b;
    for (int64_t i = 0; i < num; ++i)
      p[i] = sign * p[i];
    return cast_result(y, dtype);
  }
  double a = start.as_double(), b = stop.as_double();
  if (a == 0 || b == 0) throw ValueError("Geometric sequence cannot include zero");
  double sign = 1;
  if (a < 0 && b < 0) {
    a = -a;
    b = -b;
    sign = -1;
  }
  Array y = logspace(Scalar(std::log10(a)), Scalar(std::log10(b)), num, endpoint, 10.0);
  auto* p = reinterpret_cast<double*>(y.data());
  if (num > 0) p[0] = a;
  if (num > 1 && endpoint) p[num - 1] = b;
  for (int64_t i = 0; i < num; ++i)
    p[i] = sign * p[i];
  return cast_result(y, dtype);
}

Array eye(int64_t n, std::optional<int64_t> m, int64_t k, const DType& dtype, Order order) {
  int64_t cols = m ? *m : n;
  if (n < 0 || cols < 0) throw ValueError("negative dimensions are not allowed");
  Array a = zeros({n, cols}, dtype, order);
  if (k >= cols || k <= -n) return a;  // (not -k >= n: k may be INT64_MIN)
  Scalar one(int64_t{1});
  int64_t i = k >= 0 ? 0 : -k;
  int64_t j = k >= 0 ? k : 0;
  for (; i < n && j < cols; ++i, ++j) {
    one.store(a.dtype(), a.data() + i * a.strides()[0] + j * a.strides()[1]);
  }
  return a;
}

Array identity(int64_t n, const DType& dtype) {
  return eye(n, std::nullopt, 0, dtype);
}

}  // namespace np
