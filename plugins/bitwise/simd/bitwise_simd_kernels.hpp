// The bitwise SIMD loop templates, instantiated per target by bitwise_simd_<target>.cpp (which
// defines NP_SIMD_ARCH and NP_SIMD_FN first): contiguous-slot loops (np/kernel_simd.hpp), so they
// check neither strides nor overlap. Target code stays in an anonymous namespace.
#pragma once

#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "np/kernel_simd.hpp"
#include "np/kernel_types.hpp"
#include "simd/bitwise_simd.hpp"

namespace np::bitwise::simd {
namespace {

using Arch = NP_SIMD_ARCH;

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
struct InvertOp {
  template <class V>
  V operator()(const V& a) const {
    return static_cast<V>(~a);
  }
};

template <class T>
NpStridedLoop pick(Op op) {
  switch (op) {
    case Op::And:
      return kernels::simd::binary<Arch, T, AndOp>;
    case Op::Or:
      return kernels::simd::binary<Arch, T, OrOp>;
    case Op::Xor:
      return kernels::simd::binary<Arch, T, XorOp>;
    case Op::Invert:
      return kernels::simd::unary<Arch, T, InvertOp>;
  }
  return nullptr;
}

}  // namespace

NpStridedLoop NP_SIMD_FN(Op op, char type) {
  // bool: and/or/xor of 0/1 bytes as uint8; invert of bool is logical not (baseline only).
  if (type == '?') return op == Op::Invert ? nullptr : pick<uint8_t>(op);
  return kernels::visit_type(type, [op]<class Row>(Row) -> NpStridedLoop {
    using T = typename Row::type;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                  Row::id != TypeId::Datetime && Row::id != TypeId::Timedelta) {
      return pick<T>(op);
    } else {
      return nullptr;
    }
  });
}

}  // namespace np::bitwise::simd
