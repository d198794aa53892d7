// Datetime unit arithmetic (core/dtype/casting.cpp, element_datetime.cpp, datetime_units.hpp):
// NumPy's unit factors with its overflow rule, its common divisor, its casting levels.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../test_support.hpp"
#include "dtype/datetime_units.hpp"
#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"

namespace np {
namespace {

DType dt(const char* text) {
  return DType::parse(text);
}

template <class Fn>
std::string overflow_of(Fn&& fn) {
  return testing_support::message_of<OverflowError>(fn, "OverflowError");
}

// A common divisor whose unit factor or multiple overflows is NumPy's OverflowError. Before,
// M8[2147483647Y] with M8[as] answered M8[as].
TEST(DatetimeUnits, CommonDivisorOverflowIsOverflowError) {
  EXPECT_EQ(overflow_of([] { promote_types(dt("M8[2147483647Y]"), dt("M8[as]")); }),
            "Integer overflow getting a common metadata divisor for NumPy datetime metadata "
            "[2147483647Y] and [as].");
  // Seconds to attoseconds is 10**18, past NumPy's 2**56 bound whatever the multiples.
  EXPECT_EQ(overflow_of([] { promote_types(dt("m8[s]"), dt("m8[as]")); }),
            "Integer overflow getting a common metadata divisor for NumPy datetime metadata [s] "
            "and [as].");
  EXPECT_EQ(promote_types(dt("M8[2147483647Y]"), dt("M8[D]")), dt("M8[D]"));
}

// NumPy counts a year as 7 days when a datetime year meets a linear unit (its nominal factors):
// gcd(7, 14) days. Before, the linear side won: M8[14D].
TEST(DatetimeUnits, CommonDivisorUsesNumpysNominalFactors) {
  EXPECT_EQ(promote_types(dt("M8[Y]"), dt("M8[14D]")), dt("M8[7D]"));
  EXPECT_EQ(promote_types(dt("M8[2147483647Y]"), dt("M8[M]")), dt("M8[M]"));
  EXPECT_EQ(promote_types(dt("m8[2147483647Y]"), dt("m8[2147483646M]")), dt("m8[6M]"));
  EXPECT_THROW(promote_types(dt("m8[Y]"), dt("m8[as]")), TypeError);  // timedeltas are strict
  EXPECT_EQ(promote_types(dt("M8[W]"), dt("m8[Y]")), dt("M8[W]"));    // a datetime is not
}

// A cast whose unit factor overflows raises before any value is converted, empty arrays too.
// Before, the values wrapped silently.
TEST(DatetimeUnits, CastFactorOverflowIsOverflowError) {
  const std::string msg =
      "Integer overflow while computing the conversion factor between NumPy datetime units Y "
      "and as";
  Array years = Array::from_vector(std::vector<int64_t>{1, -3});
  EXPECT_EQ(overflow_of([&] { astype(years.view_as(dt("M8[Y]"), {2}, {8}, 0), dt("M8[as]")); }),
            msg);
  EXPECT_EQ(overflow_of([] { astype(empty({0}, dt("M8[as]")), dt("M8[2147483647Y]")); }), msg);
  EXPECT_EQ(overflow_of([] { astype(empty({0}, dt("m8[W]")), dt("m8[as]")); }),
            "Integer overflow while computing the conversion factor between NumPy datetime units W "
            "and as");
  auto ratio = detail::conversion_factor(dt("M8[7D]"), dt("M8[W]"));
  EXPECT_EQ(ratio.num, 1);
  EXPECT_EQ(ratio.denom, 1);
}

// Linear casts are NumPy's v * num / denom in wrapping int64 arithmetic: 2**60 ms in fs is
// 2**60 * 10**12 = 2**72 * 5**12, which is 0 modulo 2**64 (NumPy's answer); in-range values are
// exact and floor.
TEST(DatetimeUnits, LinearCastsScaleAsNumpy) {
  Array ms = Array::from_vector(std::vector<int64_t>{int64_t{1} << 60, -7, -1});
  Array fs = astype(ms.view_as(dt("M8[ms]"), {3}, {8}, 0), dt("M8[fs]"));
  EXPECT_EQ(fs.view_as(dtypes::int64(), {3}, {8}, 0).at<int64_t>({0}), 0);
  EXPECT_EQ(fs.view_as(dtypes::int64(), {3}, {8}, 0).at<int64_t>({1}), -7000000000000);
  Array s = astype(ms.view_as(dt("m8[ms]"), {3}, {8}, 0), dt("m8[s]"));
  EXPECT_EQ(s.view_as(dtypes::int64(), {3}, {8}, 0).at<int64_t>({2}), -1);  // floor of -0.001
}

// NumPy's casting levels: a 10**3k metric-prefix fold is the same duration (no cast), 'safe' only
// towards a finer unit whose multiple divides, and an overflowing factor is not safe.
TEST(DatetimeUnits, CastingLevelsAsNumpy) {
  EXPECT_TRUE(can_cast(dt("M8[1000ms]"), dt("M8[s]"), Casting::No));
  EXPECT_TRUE(can_cast(dt("m8[1000000us]"), dt("m8[s]"), Casting::Safe));
  EXPECT_FALSE(can_cast(dt("M8[2000ms]"), dt("M8[s]"), Casting::Safe));
  EXPECT_FALSE(can_cast(dt("M8[14D]"), dt("M8[2W]"), Casting::Safe));  // coarser unit
  EXPECT_TRUE(can_cast(dt("M8[W]"), dt("M8[D]"), Casting::Safe));
  EXPECT_FALSE(can_cast(dt("M8[2147483647s]"), dt("M8[as]"), Casting::Safe));
  EXPECT_TRUE(can_cast(dt("M8[2147483647Y]"), dt("M8[as]"), Casting::Safe));  // as NumPy
  EXPECT_TRUE(can_cast(dt("M8[2147483647s]"), dt("M8[as]"), Casting::SameKind));
}

// NumPy keeps the multiple in a C int: 2**31 is refused (it was accepted).
TEST(DatetimeUnits, MultipleMustFitACInt) {
  EXPECT_EQ(dt("M8[2147483647Y]").datetime_multiple(), 2147483647);
  EXPECT_THROW(dt("M8[2147483648Y]"), TypeError);
}

// itemsize * 8 passes int64 for the largest sizes (signed overflow before).
TEST(DTypeNames, BitCountsOfHugeItemsizes) {
  EXPECT_EQ(dt("S9223372036854775807").name(), "bytes73786976294838206456");
  EXPECT_EQ(dt("V2305843009213693952").name(), "void18446744073709551616");
}

}  // namespace
}  // namespace np
