// The bitwise SIMD loop templates, instantiated per target by bitwise_simd_<target>.cpp (which
// defines NP_SIMD_ARCH and NP_SIMD_FN first). Target code stays in an anonymous namespace.
#pragma once

#include <cstdint>
#include <cstring>
#include <xsimd/xsimd.hpp>

#include "simd/bitwise_simd.hpp"

namespace np::bitwise::simd {
namespace {

using Arch = NP_SIMD_ARCH;

inline bool partial_overlap(const char* in, const char* out, int64_t bytes) {
  return in != out && in < out + bytes && out < in + bytes;
}

struct AndOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return static_cast<V>(a & b);
  }
};
struct OrOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return static_cast<V>(a | b);
  }
};
struct XorOp {
  template <class V>
  V operator()(const V& a, const V& b) const {
    return static_cast<V>(a ^ b);
  }
};

template <class T, class F>
int binary(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
           void* baseline) {
  constexpr int64_t s = sizeof(T);
  const int64_t n = dims[0];
  if (steps[0] != s || steps[1] != s || steps[2] != s || partial_overlap(args[0], args[2], n * s) ||
      partial_overlap(args[1], args[2], n * s)) {
    return reinterpret_cast<NpStridedLoop>(baseline)(ctx, args, dims, steps, nullptr);
  }
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  const F f;
  const T* a = reinterpret_cast<const T*>(args[0]);
  const T* b = reinterpret_cast<const T*>(args[1]);
  T* o = reinterpret_cast<T*>(args[2]);
  int64_t i = 0;
  for (; i + w <= n; i += w)
    f(B::load_unaligned(a + i), B::load_unaligned(b + i)).store_unaligned(o + i);
  for (; i < n; ++i) {  // memcpy: operands may be misaligned (views, .npy offsets)
    T x, y;
    std::memcpy(&x, a + i, sizeof(T));
    std::memcpy(&y, b + i, sizeof(T));
    const auto r = f(x, y);
    std::memcpy(o + i, &r, sizeof(*o));
  }
  return 0;
}

template <class T>
int invert(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
           void* baseline) {
  constexpr int64_t s = sizeof(T);
  const int64_t n = dims[0];
  if (steps[0] != s || steps[1] != s || partial_overlap(args[0], args[1], n * s)) {
    return reinterpret_cast<NpStridedLoop>(baseline)(ctx, args, dims, steps, nullptr);
  }
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  const T* a = reinterpret_cast<const T*>(args[0]);
  T* o = reinterpret_cast<T*>(args[1]);
  int64_t i = 0;
  for (; i + w <= n; i += w)
    (~B::load_unaligned(a + i)).store_unaligned(o + i);
  for (; i < n; ++i) {
    T x;
    std::memcpy(&x, a + i, sizeof(T));
    const T r = static_cast<T>(~x);
    std::memcpy(o + i, &r, sizeof(T));
  }
  return 0;
}

template <class T>
NpStridedLoop pick(Op op) {
  switch (op) {
    case Op::And:
      return binary<T, AndOp>;
    case Op::Or:
      return binary<T, OrOp>;
    case Op::Xor:
      return binary<T, XorOp>;
    case Op::Invert:
      return invert<T>;
  }
  return nullptr;
}

}  // namespace

NpStridedLoop NP_SIMD_FN(Op op, char type) {
  switch (type) {
    case '?':  // bool: and/or/xor of 0/1 bytes; invert of bool is logical not (baseline)
      return op == Op::Invert ? nullptr : pick<uint8_t>(op);
    case 'b':
      return pick<int8_t>(op);
    case 'B':
      return pick<uint8_t>(op);
    case 'h':
      return pick<int16_t>(op);
    case 'H':
      return pick<uint16_t>(op);
    case 'i':
      return pick<int32_t>(op);
    case 'I':
      return pick<uint32_t>(op);
    case 'l':
      return pick<int64_t>(op);
    case 'L':
      return pick<uint64_t>(op);
    default:
      return nullptr;
  }
}

}  // namespace np::bitwise::simd
