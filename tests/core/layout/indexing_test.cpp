#include "np/indexing.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"

namespace np {
namespace {

Array cube() {
  return reshape(arange(Scalar(int64_t{0}), Scalar(int64_t{24})), {2, 3, 4});
}

TEST(BasicIndexing, ViewsWithNumpyStridesAndOffsets) {
  Array a = cube();
  Array v = getitem(a, parse_index("1, ::-2, 1:3", {}));
  EXPECT_TRUE(v.same_buffer(a));
  EXPECT_EQ(v.shape(), (Shape{2, 2}));
  EXPECT_EQ(v.strides(), (Strides{-64, 8}));
  EXPECT_EQ(v.offset(), 96 + 64 + 8);
  Array e = getitem(a, parse_index("..., None, 0", {}));
  EXPECT_EQ(e.shape(), (Shape{2, 3, 1}));
  Array empty = getitem(a, parse_index("5:1", {}));
  EXPECT_EQ(empty.shape(), (Shape{0, 3, 4}));
  EXPECT_EQ(empty.offset(), 0);  // NumPy points empty slices at the start
}

TEST(BasicIndexing, Errors) {
  Array a = cube();
  EXPECT_THROW(getitem(a, parse_index("2", {})), IndexError);
  EXPECT_THROW(getitem(a, parse_index("0, 0, 0, 0", {})), IndexError);
  EXPECT_THROW(getitem(a, parse_index("..., ...", {})), IndexError);
  EXPECT_THROW(getitem(a, parse_index("1.5", {})), IndexError);
  EXPECT_THROW(getitem(a, parse_index("::0", {})), ValueError);
}

TEST(AdvancedIndexing, PlacementAndCopies) {
  Array a = cube();
  Array i = Array::from_vector(std::vector<int64_t>{0, 1});
  Array j = Array::from_vector(std::vector<int64_t>{1, 2});
  Array r = getitem(a, parse_index("$0, :, $1", {i, j}));
  EXPECT_EQ(r.shape(), (Shape{2, 3}));  // non-adjacent: broadcast dims first
  EXPECT_FALSE(r.same_buffer(a));
  EXPECT_EQ(r.at<int64_t>({1, 2}), 1 * 12 + 2 * 4 + 2);
  Array s = getitem(a, parse_index(":, $0, $1", {i, j}));
  EXPECT_EQ(s.shape(), (Shape{2, 2}));  // adjacent: in place
  Array mask = Array::from_vector(std::vector<bool>{true, false, true});
  Array m = getitem(a, parse_index(":, $0", {mask}));
  EXPECT_EQ(m.shape(), (Shape{2, 2, 4}));
  EXPECT_THROW(getitem(a, parse_index("$0", {mask})), IndexError);
}

TEST(SetItem, CastsBroadcastsAndLastWriteWins) {
  Array a = zeros({5}, dtypes::int32());
  setitem(a, parse_index("1:4", {}), Scalar(1.7).to_array());
  EXPECT_EQ(a.at<int32_t>({2}), 1);
  Array idx = Array::from_vector(std::vector<int64_t>{0, 0});
  Array vals = Array::from_vector(std::vector<int32_t>{7, 9});
  setitem(a, parse_index("$0", {idx}), vals);
  EXPECT_EQ(a.at<int32_t>({0}), 9);
  Array ro = broadcast_to(a, {2, 5});
  EXPECT_THROW(setitem(ro, parse_index("0", {}), Scalar(1).to_array()), ValueError);
}

}  // namespace
}  // namespace np

namespace np {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

Array six() {
  return arange(Scalar(int64_t{0}), Scalar(int64_t{6}));
}

// Steps at the edges of int64: NumPy takes -2**63 as -(2**63 - 1) (Python's slice clamp), and a
// length-1 result's stride is its wrapped stride * step. Before, -step and stride * step were
// signed overflows.
TEST(SliceEdges, ExtremeStepsGiveNumpysOneElement) {
  Array a = six();
  Array down = getitem(a, {Slice{std::nullopt, std::nullopt, kMin}});
  ASSERT_EQ(down.shape(), (Shape{1}));
  EXPECT_EQ(down.at<int64_t>({0}), 5);
  EXPECT_EQ(down.strides(), (Strides{8}));  // 8 * -(2**63 - 1) mod 2**64, as NumPy reports
  Array up = getitem(a, {Slice{std::nullopt, std::nullopt, int64_t{1} << 62}});
  ASSERT_EQ(up.shape(), (Shape{1}));
  EXPECT_EQ(up.at<int64_t>({0}), 0);
  EXPECT_EQ(up.strides(), (Strides{0}));  // 8 * 2**62 mod 2**64
  Array far = getitem(a, {Slice{int64_t{5}, kMin, kMin}});
  ASSERT_EQ(far.shape(), (Shape{1}));
  EXPECT_EQ(far.at<int64_t>({0}), 5);
  EXPECT_EQ(getitem(a, {Slice{kMin, kMax, std::nullopt}}).shape(), (Shape{6}));
}

// Slice bounds beyond int64 are clamped, as Python does for slices (an integer index that big is
// an IndexError or, within uint64, an OverflowError).
TEST(SliceEdges, BoundsBeyondInt64AreClamped) {
  Array a = six();
  Array down = getitem(a, parse_index("::-100000000000000000000", {}));
  ASSERT_EQ(down.shape(), (Shape{1}));
  EXPECT_EQ(down.at<int64_t>({0}), 5);
  EXPECT_EQ(getitem(a, parse_index("-100000000000000000000:", {})).shape(), (Shape{6}));
  EXPECT_EQ(getitem(a, parse_index("100000000000000000000:", {})).shape(), (Shape{0}));
  EXPECT_THROW(getitem(a, parse_index("100000000000000000000", {})), IndexError);
  // As NumPy: a[2**63] (a uint64 to NumPy) overflows the C long conversion; a[-2**63-1] and
  // a[10**20] are no valid index.
  EXPECT_THROW(getitem(a, parse_index("9223372036854775808", {})), OverflowError);
  EXPECT_THROW(getitem(a, parse_index("18446744073709551615", {})), OverflowError);
  EXPECT_THROW(getitem(a, parse_index("-9223372036854775809", {})), IndexError);
}

// A view may carry an INT64_MIN stride on a length-1 axis (as_strided); flipping it or ordering
// axes by |stride| negated it.
TEST(SliceEdges, MostNegativeStrideFlipsAndRavels) {
  Array a = six();
  Array odd = as_strided(a, Shape{1, 2}, Strides{kMin, 8}, true);
  Array f = flip(odd);
  EXPECT_EQ(f.at<int64_t>({0, 0}), 1);
  Array k = flatten(odd, Order::K);
  EXPECT_EQ(k.at<int64_t>({1}), 1);
}

}  // namespace
}  // namespace np
