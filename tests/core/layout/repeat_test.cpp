// repeat / tile / concatenate (core/routines/join.cpp) and eye: sizes that overflow, and repeat's
// speed and results.
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <numeric>
#include <vector>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "np/routines.hpp"

namespace np {
namespace {

constexpr int64_t kBig = int64_t{1} << 62;

Array ints(int64_t n) {
  return arange(Scalar(int64_t{0}), Scalar(n));
}

Array count(int64_t c) {
  return full({}, Scalar(c), dtypes::int64());
}

std::vector<int64_t> values(const Array& a) {
  Array c = ascontiguousarray(astype(a, dtypes::int64()));
  const auto* p = reinterpret_cast<const int64_t*>(c.data());
  return std::vector<int64_t>(p, p + c.size());
}

// The new length overflows int64: NumPy answers ValueError (its count wraps negative). Before,
// the count wrapped and the copy loop ran for ever (or the size check saw a wrapped count).
TEST(Repeat, TotalCountOverflowIsValueError) {
  EXPECT_THROW(repeat(ints(6), count(kBig)), ValueError);
  EXPECT_THROW(repeat(ints(4), Array::from_vector(std::vector<int64_t>{kBig, kBig, kBig, kBig})),
               ValueError);
  EXPECT_THROW(repeat(ints(6), count(-1)), ValueError);
}

// An empty array with a huge dimension: no per-element count vector is built for a single count.
// Before, std::vector's length_error leaked ("cannot create std::vector larger than max_size()").
TEST(Repeat, EmptyArraysWithHugeDimensions) {
  Array a = zeros({0, kBig}, dtypes::int8());
  Array along = repeat(a, count(kBig), 0);
  EXPECT_EQ(along.shape(), (Shape{0, kBig}));
  EXPECT_THROW(repeat(a, count(2), 1), ValueError);  // 2**63 columns
  EXPECT_EQ(repeat(zeros({0, 4}), count(kBig), 0).shape(), (Shape{0, 4}));
}

TEST(Repeat, ResultsAlongEachAxis) {
  Array a = reshape(ints(6), {2, 3});
  EXPECT_EQ(values(repeat(a, count(2))),
            (std::vector<int64_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
  EXPECT_EQ(values(repeat(a, Array::from_vector(std::vector<int64_t>{0, 2, 1}), 1)),
            (std::vector<int64_t>{1, 1, 2, 4, 4, 5}));
  Array rows = repeat(a, Array::from_vector(std::vector<int64_t>{3, 1}), 0);
  EXPECT_EQ(rows.shape(), (Shape{4, 3}));
  EXPECT_EQ(values(rows), (std::vector<int64_t>{0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5}));
  // A non-contiguous (transposed) input and a middle axis.
  Array t = transpose(reshape(ints(24), {2, 3, 4}));  // shape (4, 3, 2)
  Array m = repeat(t, count(2), 1);
  ASSERT_EQ(m.shape(), (Shape{4, 6, 2}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 6; ++j)
      for (int64_t k = 0; k < 2; ++k)
        ASSERT_EQ(m.at<int64_t>({i, j, k}), t.at<int64_t>({i, j / 2, k}));
}

// repeat copies runs of bytes: 6 elements 10**7 times is one 480 MB fill (NumPy: 0.1 s). Before,
// one generic assignment per output element took 20-27 s.
TEST(Repeat, LargeCountsAreFast) {
  auto start = std::chrono::steady_clock::now();
  Array r = repeat(ints(6), count(10000000));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.size(), 60000000);
  EXPECT_LT(seconds, 10.0);  // generous: the machine may be busy; it was 20 s and more
  const auto* p = reinterpret_cast<const int64_t*>(r.data());
  for (int64_t i = 0; i < r.size(); i += 999983)
    ASSERT_EQ(p[i], i / 10000000);
  EXPECT_EQ(p[r.size() - 1], 5);
}

// Shapes whose dimensions themselves overflow (signed overflow before): NumPy's ValueError.
TEST(JoinSizes, TileAndConcatenateOverflowAreValueErrors) {
  EXPECT_THROW(tile(ints(6), {kBig}), ValueError);
  EXPECT_THROW(tile(ints(6), {kBig, kBig}), ValueError);
  Array a = zeros({0, kBig}, dtypes::int8());
  EXPECT_THROW(concatenate({a, a}, 1), ValueError);
  EXPECT_EQ(concatenate({a, a}, 0).shape(), (Shape{0, kBig}));
  EXPECT_EQ(values(tile(ints(2), {3})), (std::vector<int64_t>{0, 1, 0, 1, 0, 1}));
}

// eye with k at the int64 edges is all zeros (before: -k overflowed for INT64_MIN).
TEST(JoinSizes, EyeDiagonalOffsetsAtTheEdges) {
  for (int64_t k : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    std::vector<int64_t> v = values(eye(3, std::nullopt, k));
    EXPECT_EQ(std::accumulate(v.begin(), v.end(), int64_t{0}), 0);
  }
}

}  // namespace
}  // namespace np

namespace np {
namespace {

// More sections than any memory holds: NumPy's MemoryError at once. Before, 2**62 section
// points were pushed one by one until the machine ran out of memory.
TEST(JoinSizes, ArraySplitIntoImpossiblyManySections) {
  SplitSpec spec;
  spec.sections = int64_t{1} << 62;
  EXPECT_THROW(array_split(ints(6), spec, 0), MemoryError);
  spec.sections = 4;
  std::vector<Array> parts = array_split(ints(6), spec, 0);
  ASSERT_EQ(parts.size(), 4U);
  EXPECT_EQ(parts[0].size(), 2);
  EXPECT_EQ(parts[3].size(), 1);
}

}  // namespace
}  // namespace np
