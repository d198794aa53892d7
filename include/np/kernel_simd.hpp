// Building blocks for contiguous-slot SIMD loops (NpLoopDef::contiguous) written with xsimd: a
// loop compiled for one target instantiates these with that target's xsimd architecture. They
// rely on the slot's promise (every operand contiguous or an input of step 0, no partial
// overlap; in place allowed) and check nothing. Header-only; needs xsimd on the include path.
//
//   struct Add { template <class V> V operator()(const V& a, const V& b) const { return a + b; } };
//   NpStridedLoop add_f64 = np::kernels::simd::binary<xsimd::avx2, double, Add>;
//
// F is called on batches for full vectors and on elements for the tail, so both must compute the
// same thing. Loads are unaligned vector loads or memcpy: operands may be misaligned.
#pragma once

#include <cstdint>
#include <cstring>
#include <xsimd/xsimd.hpp>

#include "np/loop_abi.h"

namespace np::kernels::simd {

// An input of a contiguous-slot call: contiguous elements, or one element broadcast (step 0).
template <class Arch, class T, bool Broadcast>
class Operand {
 public:
  using Batch = xsimd::batch<T, Arch>;
  explicit Operand(const char* p) : p_(p) {
    if constexpr (Broadcast) std::memcpy(&value_, p, sizeof(T));
  }
  Batch batch(int64_t i) const {
    if constexpr (Broadcast) {
      return Batch(value_);
    } else {
      return Batch::load_unaligned(reinterpret_cast<const T*>(p_ + i * int64_t{sizeof(T)}));
    }
  }
  T at(int64_t i) const {
    if constexpr (Broadcast) {
      return value_;
    } else {
      T v;
      std::memcpy(&v, p_ + i * int64_t{sizeof(T)}, sizeof(T));
      return v;
    }
  }

 private:
  const char* p_;
  T value_{};
};

// Calls run.template operator()<BroadcastA, BroadcastB>() for the broadcast pattern of two inputs.
template <class Run>
void with_broadcasts(const int64_t* steps, Run&& run) {
  if (steps[0] == 0 && steps[1] == 0) {
    run.template operator()<true, true>();
  } else if (steps[0] == 0) {
    run.template operator()<true, false>();
  } else if (steps[1] == 0) {
    run.template operator()<false, true>();
  } else {
    run.template operator()<false, false>();
  }
}

// out = f(a, b) over n elements: full vectors, then the tail element by element. Out is T, or
// bool for comparisons (one byte per result).
template <class Arch, class T, class Out, class F, bool BroadcastA, bool BroadcastB>
void binary_run(char* const* args, int64_t n) {
  constexpr int64_t w = static_cast<int64_t>(xsimd::batch<T, Arch>::size);
  const F f;
  const Operand<Arch, T, BroadcastA> a(args[0]);
  const Operand<Arch, T, BroadcastB> b(args[1]);
  Out* o = reinterpret_cast<Out*>(args[2]);
  int64_t i = 0;
  for (; i + w <= n; i += w)
    f(a.batch(i), b.batch(i)).store_unaligned(o + i);
  for (; i < n; ++i) {
    const Out r = f(a.at(i), b.at(i));
    std::memcpy(args[2] + i * int64_t{sizeof(Out)}, &r, sizeof(Out));
  }
}

// The contiguous-slot loop of a binary operation; either input may be a broadcast scalar.
template <class Arch, class T, class F, class Out = T>
int binary(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  with_broadcasts(steps,
                  [&]<bool A, bool B>() { binary_run<Arch, T, Out, F, A, B>(args, dims[0]); });
  return 0;
}

// A unary operation: vector(batch, i) stores the results of elements i .. i + width, scalar(x)
// gives one element's result (the tail, and a broadcast input, whose result every output gets).
template <class Arch, class T, class Vector, class Scalar>
void unary_run(char* const* args, const int64_t* dims, const int64_t* steps, Vector&& vector,
               Scalar&& scalar) {
  constexpr int64_t s = sizeof(T);
  const int64_t n = dims[0];
  int64_t i = 0;
  if (steps[0] == 0) {
    if (n == 0) return;
    const T r = scalar(Operand<Arch, T, true>(args[0]).at(0));
    for (; i < n; ++i)
      std::memcpy(args[1] + i * s, &r, s);
    return;
  }
  constexpr int64_t w = static_cast<int64_t>(xsimd::batch<T, Arch>::size);
  const Operand<Arch, T, false> a(args[0]);
  for (; i + w <= n; i += w)
    vector(a.batch(i), i);
  for (; i < n; ++i) {
    const T r = scalar(a.at(i));
    std::memcpy(args[1] + i * s, &r, s);
  }
}

// The contiguous-slot loop of a unary operation F (on batches and on elements alike).
template <class Arch, class T, class F>
int unary(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  const F f;
  T* o = reinterpret_cast<T*>(args[1]);
  unary_run<Arch, T>(
      args, dims, steps, [&](const auto& x, int64_t i) { f(x).store_unaligned(o + i); },
      [&](T x) { return static_cast<T>(f(x)); });
  return 0;
}

}  // namespace np::kernels::simd
