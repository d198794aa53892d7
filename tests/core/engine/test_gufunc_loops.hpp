// Test-only loops for the engine's call pipeline tests: a float64 matrix-product gufunc loop and
// ufuncs built on it, so the tests depend on no plugin.
#pragma once

#include <cstring>

#include "np/registry.hpp"
#include "np/ufunc.hpp"

namespace np::test_loops {

// A float64 matrix product with NumPy's gufunc loop convention, for "(m,n),(n,p)->(m,p)" and
// matmul's "(n?,k),(k,m?)->(n?,m?)" alike: dims = [outer, rows, inner, columns], steps = [3
// outer, then a's (row, inner), b's (inner, column), c's (row, column) strides]. A missing
// optional dimension arrives with size 1 and stride 0. Elements are loaded with memcpy (any
// alignment).
inline int matmul_f64(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                      void*) {
  const int64_t n_outer = dims[0], rows = dims[1], inner = dims[2], cols = dims[3];
  for (int64_t o = 0; o < n_outer; ++o) {
    const char* a = args[0] + o * steps[0];
    const char* b = args[1] + o * steps[1];
    char* c = args[2] + o * steps[2];
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        double s = 0;
        for (int64_t k = 0; k < inner; ++k) {
          double x, y;
          std::memcpy(&x, a + i * steps[3] + k * steps[4], sizeof x);
          std::memcpy(&y, b + k * steps[5] + j * steps[6], sizeof y);
          s += x * y;
        }
        std::memcpy(c + i * steps[7] + j * steps[8], &s, sizeof s);
      }
    }
  }
  return 0;
}

// Registers a float64 gufunc named `name` with the given core signature in `r`, looping with
// matmul_f64.
inline UFunc& add_matmul(Registry& r, const std::string& name, const std::string& core) {
  UFunc& u = r.add_ufunc({.name = name,
                          .nin = 2,
                          .nout = 1,
                          .reorderable = false,
                          .summary = "test gufunc",
                          .owner = "test",
                          .core_signature = core});
  u.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
              .loop = matmul_f64,
              .owner = "test"});
  return u;
}

}  // namespace np::test_loops
