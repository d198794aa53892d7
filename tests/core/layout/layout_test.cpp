#include <gtest/gtest.h>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"

namespace np {
namespace {

Array arange_f8(int64_t n) {
  return arange(Scalar(0.0), Scalar(static_cast<double>(n)));
}

TEST(Contiguity, SizeOneAndSizeZeroAxes) {
  EXPECT_TRUE(is_c_contiguous({3, 1, 2}, {16, 999, 8}, 8));
  EXPECT_TRUE(is_f_contiguous({3, 1}, {8, 999}, 8));
  EXPECT_TRUE(is_c_contiguous({2, 0, 3}, {1, 2, 3}, 8));
  EXPECT_TRUE(is_f_contiguous({2, 0, 3}, {1, 2, 3}, 8));
  EXPECT_FALSE(is_c_contiguous({2, 3}, {8, 16}, 8));
  EXPECT_EQ(contiguous_strides({2, 0, 3}, 8, Order::C), (Strides{0, 0, 0}));
  EXPECT_EQ(fill_strides({0, 3}, 8, Order::C), (Strides{24, 8}));
}

TEST(Reshape, ViewWhenStridesAllowCopyOtherwise) {
  Array a = reshape(arange_f8(24), {2, 3, 4});
  Array sliced = transpose(a);
  Array r = reshape(sliced, {24});  // needs a copy
  EXPECT_FALSE(r.same_buffer(a));
  EXPECT_EQ(r.strides(), (Strides{8}));
  Array b = reshape(a, {6, -1});
  EXPECT_TRUE(b.same_buffer(a));
  EXPECT_EQ(b.shape(), (Shape{6, 4}));
  EXPECT_THROW(reshape(a, {5, -1}), ValueError);
  EXPECT_THROW(reshape(a, {-1, -1}), ValueError);
  EXPECT_THROW(reshape(a, {24}, Order::K), ValueError);
}

TEST(Views, TransposeFamily) {
  Array a = reshape(arange_f8(24), {2, 3, 4});
  EXPECT_EQ(transpose(a).strides(), (Strides{8, 32, 96}));
  EXPECT_EQ(swapaxes(a, 0, 2).shape(), (Shape{4, 3, 2}));
  EXPECT_EQ(moveaxis(a, {0}, {-1}).shape(), (Shape{3, 4, 2}));
  EXPECT_EQ(rollaxis(a, 2).shape(), (Shape{4, 2, 3}));
  EXPECT_THROW(transpose(a, Axes{0, 0, 1}), ValueError);
  EXPECT_THROW(swapaxes(a, 0, 3), AxisError);
  EXPECT_EQ(expand_dims(a, {0, -1}).shape(), (Shape{1, 2, 3, 4, 1}));
  EXPECT_EQ(squeeze(expand_dims(a, {0})).shape(), (Shape{2, 3, 4}));
  EXPECT_THROW(squeeze(a, Axes{0}), ValueError);
  Array f = flip(a, Axes{1});
  EXPECT_EQ(f.strides()[1], -32);
  EXPECT_EQ(f.offset(), 64);
  EXPECT_EQ(atleast_3d(arange_f8(3)).shape(), (Shape{1, 3, 1}));
}

TEST(Broadcast, ShapesAndReadOnlyViews) {
  EXPECT_EQ(broadcast_shapes({{3, 1}, {1, 4}}), (Shape{3, 4}));
  EXPECT_THROW(broadcast_shapes({{3}, {4}}), ValueError);
  Array b = broadcast_to(arange_f8(4), {3, 4});
  EXPECT_EQ(b.strides(), (Strides{0, 8}));
  EXPECT_FALSE(b.writeable());
  EXPECT_THROW(fill(b, Scalar(1.0)), ValueError);
}

TEST(AsStrided, RejectsLayoutsOutsideTheBuffer) {
  Array a = arange_f8(10);
  EXPECT_NO_THROW(as_strided(a, Shape{5}, Strides{16}));
  EXPECT_THROW(as_strided(a, Shape{6}, Strides{16}), ValueError);
  EXPECT_THROW(as_strided(a, Shape{2}, Strides{int64_t{1} << 62}), ValueError);
  EXPECT_THROW(as_strided(a, Shape{int64_t{1} << 40, int64_t{1} << 40}, Strides{8, 8}), ValueError);
}

TEST(Copy, OrdersAndOverlap) {
  Array a = reshape(arange_f8(6), {2, 3});
  EXPECT_TRUE(copy(a, Order::F).f_contiguous());
  Array t = transpose(a);
  Array k = copy(t, Order::K);
  EXPECT_EQ(k.strides(), (Strides{8, 24}));
  // a[1:] = a[:-1] on a 1-d array reads the source as if copied first.
  Array v = arange_f8(5);
  Array dst = v.view_as(v.dtype(), {4}, {8}, 8);
  Array src = v.view_as(v.dtype(), {4}, {8}, 0);
  assign(dst, src);
  EXPECT_EQ(v.at<double>({4}), 3.0);
  EXPECT_EQ(v.at<double>({1}), 0.0);
}

TEST(Creation, ArangeLinspaceEye) {
  Array r = arange(Scalar(int64_t{10}), Scalar(int64_t{0}), Scalar(int64_t{-3}));
  EXPECT_EQ(r.shape(), (Shape{4}));
  EXPECT_EQ(r.at<int64_t>({3}), 1);
  EXPECT_THROW(arange(Scalar(int64_t{0}), Scalar(int64_t{5}), Scalar(int64_t{0})),
               ZeroDivisionError);
  LinspaceResult l = linspace(Scalar(0.0), Scalar(1.0), 5, false);
  EXPECT_EQ(l.samples.at<double>({4}), 0.8);
  EXPECT_EQ(l.step.as_double(), 0.2);
  Array e = eye(3, 4, 1, dtypes::int32());
  EXPECT_EQ(e.at<int32_t>({0, 1}), 1);
  EXPECT_EQ(e.at<int32_t>({2, 3}), 1);
  EXPECT_EQ(e.at<int32_t>({0, 0}), 0);
  Array g = geomspace(Scalar(1.0), Scalar(1000.0), 4);
  EXPECT_EQ(g.at<double>({3}), 1000.0);
  EXPECT_THROW(geomspace(Scalar(0.0), Scalar(1.0), 3), ValueError);
}

TEST(Wrap, ExternalMemoryWithoutCopy) {
  static double storage[6] = {1, 2, 3, 4, 5, 6};
  bool released = false;
  {
    Array w =
        Array::wrap(storage, dtypes::float64(), {2, 3}, {}, [&](std::byte*) { released = true; });
    EXPECT_EQ(reinterpret_cast<double*>(w.data()), storage);
    EXPECT_EQ(w.at<double>({1, 2}), 6.0);
    EXPECT_THROW(w.at<float>({0, 0}), TypeError);
  }
  EXPECT_TRUE(released);
}

}  // namespace
}  // namespace np
