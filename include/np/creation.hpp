// Array creation routines with NumPy's signatures and results.
#pragma once

#include <optional>

#include "np/array.hpp"
#include "np/scalar.hpp"

namespace np {

Array empty(const Shape& shape, const DType& dtype = DType(), Order order = Order::C);
Array zeros(const Shape& shape, const DType& dtype = DType(), Order order = Order::C);
Array ones(const Shape& shape, const DType& dtype = DType(), Order order = Order::C);
// dtype defaults to the fill value's dtype, as np.full.
Array full(const Shape& shape, const Scalar& fill_value, std::optional<DType> dtype = std::nullopt,
           Order order = Order::C);

// *_like: order K keeps the prototype's memory order; `shape` overrides the prototype's shape.
Array empty_like(const Array& prototype, std::optional<DType> dtype = std::nullopt,
                 Order order = Order::K, std::optional<Shape> shape = std::nullopt);
Array zeros_like(const Array& prototype, std::optional<DType> dtype = std::nullopt,
                 Order order = Order::K, std::optional<Shape> shape = std::nullopt);
Array ones_like(const Array& prototype, std::optional<DType> dtype = std::nullopt,
                Order order = Order::K, std::optional<Shape> shape = std::nullopt);
Array full_like(const Array& prototype, const Scalar& fill_value,
                std::optional<DType> dtype = std::nullopt, Order order = Order::K,
                std::optional<Shape> shape = std::nullopt);

// np.arange(start, stop, step, dtype): dtype defaults from the arguments (int64 for integers,
// float64 for floats, complex128 for complex).
Array arange(const Scalar& start, std::optional<Scalar> stop = std::nullopt,
             std::optional<Scalar> step = std::nullopt, std::optional<DType> dtype = std::nullopt);

struct LinspaceResult {
  Array samples;
  Scalar step;  // NaN when num <= 1 with endpoint (NumPy returns nan then)
};
LinspaceResult linspace(const Scalar& start, const Scalar& stop, int64_t num = 50,
                        bool endpoint = true, std::optional<DType> dtype = std::nullopt);
Array logspace(const Scalar& start, const Scalar& stop, int64_t num = 50, bool endpoint = true,
               double base = 10.0, std::optional<DType> dtype = std::nullopt);
Array geomspace(const Scalar& start, const Scalar& stop, int64_t num = 50, bool endpoint = true,
                std::optional<DType> dtype = std::nullopt);

Array eye(int64_t n, std::optional<int64_t> m = std::nullopt, int64_t k = 0,
          const DType& dtype = DType(), Order order = Order::C);
Array identity(int64_t n, const DType& dtype = DType());

// Fills every element of `a` with the value (unsafe cast). Throws when `a` is read-only.
void fill(const Array& a, const Scalar& value);

}  // namespace np
