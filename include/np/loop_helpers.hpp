// Header-only helpers for writing kernels against the C loop ABI (np/loop_abi.h): a kernel author
// writes a typed element operation and instantiates a strided NpStridedLoop from it.
//
//   struct Hypot { double operator()(double a, double b) const { return std::hypot(a, b); } };
//   NpStridedLoop loop = np::kernels::binary_loop<double, Hypot>;
//
// Loads and stores go through memcpy, so operands may be unaligned. The loops hold no state.
#pragma once

#include <cstdint>
#include <cstring>

#include "np/loop_abi.h"

namespace np::kernels {

template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class T>
inline void store(char* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// out[i] = op(a[i], b[i]) with operands and result of type T. Contiguous operands (and a
// broadcast scalar on either side) take loops with compile-time strides, which the compiler
// vectorises; anything else takes the strided loop.
template <class T, class Op>
int binary_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  const Op op;
  const int64_t n = dims[0];
  constexpr int64_t s = sizeof(T);
  const char* a = args[0];
  const char* b = args[1];
  char* o = args[2];
  if (steps[2] == s) {
    if (steps[0] == s && steps[1] == s) {
      for (int64_t i = 0; i < n; ++i)
        store<T>(o + i * s, op(load<T>(a + i * s), load<T>(b + i * s)));
      return 0;
    }
    if (steps[0] == s && steps[1] == 0) {
      const T bv = load<T>(b);
      for (int64_t i = 0; i < n; ++i)
        store<T>(o + i * s, op(load<T>(a + i * s), bv));
      return 0;
    }
    if (steps[0] == 0 && steps[1] == s) {
      const T av = load<T>(a);
      for (int64_t i = 0; i < n; ++i)
        store<T>(o + i * s, op(av, load<T>(b + i * s)));
      return 0;
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    store<T>(o + i * steps[2], op(load<T>(a + i * steps[0]), load<T>(b + i * steps[1])));
  }
  return 0;
}

// out[i] = op(a[i]) with operand and result of type T (contiguous fast path as above).
template <class T, class Op>
int unary_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  const Op op;
  const int64_t n = dims[0];
  constexpr int64_t s = sizeof(T);
  if (steps[0] == s && steps[1] == s) {
    for (int64_t i = 0; i < n; ++i)
      store<T>(args[1] + i * s, op(load<T>(args[0] + i * s)));
    return 0;
  }
  for (int64_t i = 0; i < n; ++i)
    store<T>(args[1] + i * steps[1], op(load<T>(args[0] + i * steps[0])));
  return 0;
}

// The (args, steps) of a call are a NumPy reduction: the output aliases the first input and
// neither moves, so a loop may accumulate over the second input.
inline bool is_binary_reduce(char* const* args, const int64_t* steps) {
  return args[0] == args[2] && steps[0] == 0 && steps[2] == 0;
}

}  // namespace np::kernels
