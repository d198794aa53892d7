#include <gtest/gtest.h>

#include "np/creation.hpp"
#include "np/format.hpp"
#include "np/manipulation.hpp"

namespace np {
namespace {

TEST(ArrayRepr, NumpyDefaults) {
  EXPECT_EQ(array_repr(arange(Scalar(0.0), Scalar(3.0))), "array([0., 1., 2.])");
  EXPECT_EQ(
      array_repr(reshape(
          arange(Scalar(int64_t{0}), Scalar(int64_t{4}), std::nullopt, dtypes::int8()), {2, 2})),
      "array([[0, 1],\n       [2, 3]], dtype=int8)");
  EXPECT_EQ(array_repr(zeros({0, 3})), "array([], shape=(0, 3), dtype=float64)");
  EXPECT_EQ(array_repr(arange(Scalar(int64_t{0}), Scalar(int64_t{2000}))),
            "array([   0,    1,    2, ..., 1997, 1998, 1999])");
  EXPECT_EQ(array_str(arange(Scalar(1.5), Scalar(3.0), Scalar(0.5))), "[1.5 2.  2.5]");
  EXPECT_EQ(array_repr(full({2}, Scalar(1e-5))), "array([1.e-05, 1.e-05])");
}

TEST(DatetimeText, UnitsAndNaT) {
  EXPECT_EQ(datetime_as_string(DType::parse("M8[D]"), 11323), "2001-01-01");
  EXPECT_EQ(datetime_as_string(DType::parse("M8[s]"), 86399), "1970-01-01T23:59:59");
  EXPECT_EQ(datetime_as_string(DType::parse("M8[ms]"), -1), "1969-12-31T23:59:59.999");
  EXPECT_EQ(datetime_as_string(DType::parse("M8[M]"), 13), "1971-02");
  EXPECT_EQ(datetime_as_string(DType::parse("M8[D]"), INT64_MIN), "NaT");
}

}  // namespace
}  // namespace np
