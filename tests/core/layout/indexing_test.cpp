#include "np/indexing.hpp"

#include <gtest/gtest.h>

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
