// The reduction kernel templates, instantiated once per target by reduce_kernels_<target>.cpp,
// which defines NP_SIMD_ARCH (an xsimd architecture), NP_SIMD_TABLE (the table function's name)
// and NP_SIMD_TARGET before including this file. Everything here is in an anonymous namespace
// and no project header with inline code is included, so nothing compiled with one target's
// instructions can be shared with another translation unit.
#pragma once

#include <cmath>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>
#include <xsimd/xsimd.hpp>

#include "simd/reduce_kernels.hpp"

namespace np::simd {
namespace {

using Arch = NP_SIMD_ARCH;

// Elements scanned between the checks of a block (NaN seen, new extreme, truth decided).
constexpr int64_t kBlock = 2048;

template <class T>
T element(const std::byte* data, int64_t i) {  // memcpy: data may be misaligned
  T v;
  std::memcpy(&v, data + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

template <class T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(v);
  } else {
    return false;
  }
}

template <class T, bool IsMax>
bool beats(T v, T best) {
  return IsMax ? v > best : v < best;
}

// Blocks of kBlock elements: the block's extreme by vectors (and whether it holds a NaN); only a
// block whose extreme beats the running one is searched for the first index of that value, so
// the result is the serial rule's (first extreme; equal values, +0 and -0 included, compare
// equal, and the first of them is the one the serial loop keeps).
template <class T, bool IsMax>
int64_t arg_extreme(const std::byte* data, int64_t n) {
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  static_assert(kBlock % w == 0);
  T best = element<T>(data, 0);
  if (is_nan(best)) return 0;
  int64_t best_i = 0;
  int64_t i = 1;
  for (; i + kBlock <= n; i += kBlock) {
    const std::byte* block = data + i * static_cast<int64_t>(sizeof(T));
    B m = B::load_unaligned(reinterpret_cast<const T*>(block));
    // xsimd::isnan, not v != v: xsimd's AVX != is an ordered compare (false for NaN).
    auto nan = xsimd::batch_bool<T, Arch>(false);
    if constexpr (std::is_floating_point_v<T>) nan = xsimd::isnan(m);
    for (int64_t j = w; j < kBlock; j += w) {
      const B v = B::load_unaligned(reinterpret_cast<const T*>(block) + j);
      if constexpr (std::is_floating_point_v<T>) nan = nan | xsimd::isnan(v);
      m = IsMax ? xsimd::max(m, v) : xsimd::min(m, v);
    }
    if (std::is_floating_point_v<T> && xsimd::any(nan)) {
      for (int64_t j = 0;; ++j) {
        if (is_nan(element<T>(block, j))) return i + j;
      }
    }
    alignas(64) T lanes[w];
    m.store_aligned(lanes);
    T extreme = lanes[0];
    for (int64_t k = 1; k < w; ++k) {
      if (beats<T, IsMax>(lanes[k], extreme)) extreme = lanes[k];
    }
    if (beats<T, IsMax>(extreme, best)) {
      for (int64_t j = 0;; ++j) {
        const T v = element<T>(block, j);
        if (v == extreme) {
          best = v;
          best_i = i + j;
          break;
        }
      }
    }
  }
  for (; i < n; ++i) {
    const T v = element<T>(data, i);
    if (is_nan(v)) return i;
    if (beats<T, IsMax>(v, best)) {
      best = v;
      best_i = i;
    }
  }
  return best_i;
}

// any: some element compares unequal to zero; all: none compares equal to zero. Ordered
// equality, so NaN is nonzero and -0.0 is zero. Decided block by block (early exit).
template <class T, bool All>
bool truth(const std::byte* data, int64_t n) {
  using B = xsimd::batch<T, Arch>;
  constexpr int64_t w = static_cast<int64_t>(B::size);
  const B zero(T(0));
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    const T* block = reinterpret_cast<const T*>(data) + i;
    auto zeros = B::load_unaligned(block) == zero;
    if constexpr (All) {
      for (int64_t j = w; j < kBlock; j += w)
        zeros = zeros | (B::load_unaligned(block + j) == zero);
      if (xsimd::any(zeros)) return false;
    } else {
      for (int64_t j = w; j < kBlock; j += w)
        zeros = zeros & (B::load_unaligned(block + j) == zero);
      if (!xsimd::all(zeros)) return true;
    }
  }
  for (; i < n; ++i) {
    const bool nonzero = !(element<T>(data, i) == T(0));
    if (All && !nonzero) return false;
    if (!All && nonzero) return true;
  }
  return All;
}

// Storage types by TypeId (Bool ... Float64); float16 has no kernels (void).
template <size_t I>
using Storage =
    std::tuple_element_t<I, std::tuple<uint8_t, int8_t, uint8_t, int16_t, uint16_t, int32_t,
                                       uint32_t, int64_t, uint64_t, void, float, double>>;

template <size_t... I>
ReduceKernels make_table(std::index_sequence<I...>) {
  ReduceKernels t{};
  t.target = NP_SIMD_TARGET;
  auto fill = [&t](auto index) {
    constexpr size_t k = decltype(index)::value;
    using T = Storage<k>;
    if constexpr (!std::is_void_v<T>) {
      t.any[k] = truth<T, false>;
      t.all[k] = truth<T, true>;
      if constexpr (k != 0) {  // not bool
        t.argmax[k] = arg_extreme<T, true>;
        t.argmin[k] = arg_extreme<T, false>;
      }
    }
  };
  (fill(std::integral_constant<size_t, I>{}), ...);
  return t;
}

}  // namespace

const ReduceKernels& NP_SIMD_TABLE() {
  static const ReduceKernels table = make_table(std::make_index_sequence<kKernelTypes>{});
  return table;
}

}  // namespace np::simd
