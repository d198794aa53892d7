// Typed strided conversion loops between the common numeric dtypes (bool, every integer,
// float16, float32, float64 in native byte order): one instantiation per pair and SIMD target
// (baseline, avx2, avx512: cast_loops_<target>.cpp, the best the CPU runs chosen once), so
// contiguous conversions vectorise at the target's width. They give exactly convert_element's
// results (NumPy's unsafe casting, x86 semantics for out-of-range float -> integer);
// tests/core/dtype/cast_loops_test.cpp checks every pair against it. Other pairs (byte-swapped,
// x87, binary128, complex, text, datetime, user dtypes) have no fast loop and take convert_element.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "np/dtype.hpp"

namespace np::detail {

using CastLoop = void (*)(const std::byte* src, int64_t src_stride, std::byte* dst,
                          int64_t dst_stride, int64_t n);

// The fast types: TypeIds Bool ... Float64.
inline constexpr size_t kCastTypes = 12;
using CastLoopGrid = std::array<std::array<CastLoop, kCastTypes>, kCastTypes>;

// One target's loops, indexed [from TypeId][to TypeId]; the SIMD targets have no float16 pairs
// (nullptr: the baseline's loop and its F16C path serve them).
struct CastTable {
  const char* target;
  CastLoopGrid loops;
};

const CastTable& baseline_cast_table();
const CastTable& avx2_cast_table();
const CastTable& avx512_cast_table();

// Every table this CPU can run, baseline first (for tests).
std::vector<const CastTable*> runnable_cast_tables();

// The target whose loops find_cast_loop uses where wider vectors pay ("baseline", "avx2",
// "avx512"), with "+f16c" when float16 <-> float32 goes through F16C.
std::string cast_loops_target();

// The fast loop from -> to (the best target's), or nullptr.
CastLoop find_cast_loop(const DType& from, const DType& to);

}  // namespace np::detail
