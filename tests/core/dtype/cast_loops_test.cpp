// The typed cast loops give byte-for-byte convert_element's results for every pair of the fast
// types, on special values (signed zeros, NaN, infinities, out-of-range values, extremes) and
// random bit patterns, contiguous and strided.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "dtype/cast_loops.hpp"
#include "dtype/element_cast.hpp"
#include "np/dtype.hpp"
#include "np/float16.hpp"

namespace np {
namespace {

// Source elements of type t: special values for its kind plus random bit patterns.
std::vector<std::byte> samples(const DType& t, int64_t& count) {
  std::vector<double> specials = {0.0,
                                  -0.0,
                                  1.0,
                                  -1.0,
                                  0.5,
                                  1.5,
                                  2.5,
                                  -2.5,
                                  127.5,
                                  255.9,
                                  -129.0,
                                  65535.4,
                                  1e10,
                                  -1e10,
                                  3e9,
                                  -3e9,
                                  9.3e18,
                                  -9.3e18,
                                  1.8e19,
                                  2e19,
                                  1e-40,
                                  65504.0,
                                  70000.0,
                                  std::numeric_limits<double>::max(),
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::quiet_NaN()};
  const int64_t size = t.itemsize();
  std::vector<std::byte> out;
  auto push = [&](const void* p) {
    const auto* b = static_cast<const std::byte*>(p);
    out.insert(out.end(), b, b + size);
  };
  const DType f64 = dtypes::float64();
  for (double v : specials) {  // through the reference conversion into t
    std::vector<std::byte> e(static_cast<size_t>(size));
    detail::convert_element(f64, reinterpret_cast<const std::byte*>(&v), t, e.data());
    push(e.data());
  }
  std::mt19937_64 gen(42);
  for (int i = 0; i < 300; ++i) {  // random bit patterns (NaN payloads, subnormals, ...)
    uint64_t bits = gen();
    if (t.is_bool()) bits &= 1;
    push(&bits);
  }
  count = static_cast<int64_t>(out.size()) / size;
  return out;
}

// Every pair through `fast` (contiguous and strided) against convert_element.
void expect_reference_results(const DType& from, const DType& to, detail::CastLoop fast) {
  int64_t n = 0;
  std::vector<std::byte> src = samples(from, n);
  const int64_t fs = from.itemsize(), ts = to.itemsize();
  std::vector<std::byte> want(static_cast<size_t>(n * ts)), got(want.size()),
      strided(static_cast<size_t>(2 * n * ts));
  for (int64_t i = 0; i < n; ++i)
    detail::convert_element(from, src.data() + i * fs, to, want.data() + i * ts);
  fast(src.data(), fs, got.data(), ts, n);
  fast(src.data(), fs, strided.data(), 2 * ts, n);
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_EQ(std::memcmp(got.data() + i * ts, want.data() + i * ts, static_cast<size_t>(ts)), 0)
        << from.name() << " -> " << to.name() << " element " << i;
    ASSERT_EQ(
        std::memcmp(strided.data() + 2 * i * ts, want.data() + i * ts, static_cast<size_t>(ts)), 0);
  }
}

const std::vector<DType>& fast_types() {
  static const std::vector<DType> types = {dtypes::bool_(),   dtypes::int8(),    dtypes::uint8(),
                                           dtypes::int16(),   dtypes::uint16(),  dtypes::int32(),
                                           dtypes::uint32(),  dtypes::int64(),   dtypes::uint64(),
                                           dtypes::float16(), dtypes::float32(), dtypes::float64()};
  return types;
}

TEST(CastLoops, EveryFastPairMatchesTheReferenceConversion) {
  int pairs = 0;
  for (const DType& from : fast_types()) {
    for (const DType& to : fast_types()) {
      detail::CastLoop fast = detail::find_cast_loop(from, to);
      ASSERT_NE(fast, nullptr) << from.name() << " -> " << to.name();
      expect_reference_results(from, to, fast);
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, 144);
}

// Each SIMD target's table on its own (the CPU's best one is what find_cast_loop uses): the
// same bytes as the reference for every pair it has; only float16 pairs are left to the baseline.
TEST(CastLoops, EverySimdTargetMatchesTheReferenceConversion) {
  auto tables = detail::runnable_cast_tables();
  ASSERT_GE(tables.size(), 1u);
  EXPECT_STREQ(tables.front()->target, "baseline");
  for (const detail::CastTable* table : tables) {
    int pairs = 0;
    for (const DType& from : fast_types()) {
      for (const DType& to : fast_types()) {
        detail::CastLoop loop =
            table->loops[static_cast<size_t>(from.id())][static_cast<size_t>(to.id())];
        const bool half = from.id() == TypeId::Float16 || to.id() == TypeId::Float16;
        if (table != tables.front() && half) {
          EXPECT_EQ(loop, nullptr);
          continue;
        }
        ASSERT_NE(loop, nullptr) << table->target << ' ' << from.name() << " -> " << to.name();
        SCOPED_TRACE(table->target);
        expect_reference_results(from, to, loop);
        ++pairs;
      }
    }
    EXPECT_EQ(pairs, table == tables.front() ? 144 : 121) << table->target;
  }
}

TEST(CastLoops, OnlyNativeNumericTypesHaveFastLoops) {
  EXPECT_EQ(detail::find_cast_loop(dtypes::float64(), dtypes::longdouble()), nullptr);
  EXPECT_EQ(detail::find_cast_loop(dtypes::complex128(), dtypes::float64()), nullptr);
  EXPECT_EQ(detail::find_cast_loop(dtypes::float64().newbyteorder('S'), dtypes::float32()),
            nullptr);
  EXPECT_EQ(detail::find_cast_loop(DType::parse("U3"), dtypes::float32()), nullptr);
}

}  // namespace
}  // namespace np
