#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "../test_support.hpp"
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

namespace np {
namespace {

constexpr int64_t kBig = int64_t{1} << 62;
const char* const kTooBig =
    "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.";

template <class Fn>
std::string value_error_of(Fn&& fn) {
  return testing_support::message_of<ValueError>(fn, "ValueError");
}

// NumPy's rule for every array: the non-zero dimensions times the itemsize fit in intp, even
// when a zero dimension leaves the array empty. Before, these empty shapes were accepted.
TEST(ArraySize, NonZeroDimensionsMustFitEvenWhenEmpty) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(value_error_of([&] { zeros({0, max, 4}); }), kTooBig);
  EXPECT_EQ(value_error_of([&] { empty({0, kBig, 2}, dtypes::int8()); }), kTooBig);
  EXPECT_EQ(value_error_of([&] { zeros({0, kBig}); }), kTooBig);  // 2**62 * 8 bytes
  EXPECT_EQ(value_error_of([&] { reshape(zeros({0}), {0, kBig, 4}); }), kTooBig);
  EXPECT_EQ(value_error_of([&] { broadcast_to(zeros({1}), {kBig, 4}); }), kTooBig);
  EXPECT_EQ(value_error_of([&] { fill_strides({0, max, 4}, 8, Order::C); }), kTooBig);
  // What fits is still an (empty) array, as in NumPy.
  Array fits = zeros({0, kBig}, dtypes::int8());
  EXPECT_EQ(fits.size(), 0);
  EXPECT_EQ(fits.shape(), (Shape{0, kBig}));
}

long resident_pages() {
  long size = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  std::fclose(f);
  return resident;
}

// zeros gives lazily zeroed memory (calloc's contract, as NumPy): a 1 GB zeros costs no resident
// pages until written. Before, a memset touched every page (RSS +1 GB).
TEST(Zeros, LargeZerosStayUnresident) {
  const long page = ::sysconf(_SC_PAGESIZE);
  const long before = resident_pages();
  ASSERT_GT(before, 0);
  Array z = zeros({125000000});  // 1 GB of float64
  const long grown = (resident_pages() - before) * page;
  EXPECT_LT(grown, 64L << 20) << "zeros made " << grown << " bytes resident";
  EXPECT_EQ(reinterpret_cast<uintptr_t>(z.data()) % 64, 0U);  // the allocation alignment holds
  const double* p = reinterpret_cast<const double*>(z.data());
  for (int64_t i = 0; i < z.size(); i += 1000003)
    ASSERT_EQ(p[i], 0.0);
  EXPECT_EQ(p[z.size() - 1], 0.0);
}

// A zeros of a size a freed block of the cache has must still be zero (the cache is not used).
TEST(Zeros, ReusedBlockSizesAreZeroToo) {
  const int64_t n = 1 << 20;  // 8 MiB: a cached large block
  {
    Array dirty = empty({n});
    std::memset(dirty.data(), 0xff, static_cast<size_t>(dirty.nbytes()));
  }
  Array z = zeros({n});
  const auto* b = reinterpret_cast<const unsigned char*>(z.data());
  EXPECT_EQ(std::count(b, b + z.nbytes(), 0), z.nbytes());
}

}  // namespace
}  // namespace np
