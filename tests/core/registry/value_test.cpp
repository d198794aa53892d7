// Value's integers of any size (Python ints from JSON) and NumPy's conversions of them.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "np/errors.hpp"
#include "np/registry.hpp"
#include "registry/arg_parser.hpp"

namespace np {
namespace {

TEST(Value, IntegersWithinInt64AreOrdinary) {
  Value v = Value::integer("-9223372036854775808");
  EXPECT_FALSE(v.is_big_int());
  EXPECT_EQ(v.as_int(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Value::integer("007").as_int(), 7);
  EXPECT_EQ(Value::integer("-0").as_int(), 0);
  EXPECT_THROW(Value::integer("1.5"), ValueError);
  EXPECT_THROW(Value::integer("-"), ValueError);
  EXPECT_THROW(Value::integer(""), ValueError);
}

TEST(Value, BigIntegersOverflowInsteadOfWrapping) {
  for (const char* text : {"9223372036854775808", "18446744073709551615", "18446744073709551616",
                           "-9223372036854775809", "100000000000000000000000000000"}) {
    Value v = Value::integer(text);
    EXPECT_TRUE(v.is_big_int()) << text;
    EXPECT_EQ(v.kind(), Value::Kind::Int);
    EXPECT_EQ(v.int_text(), text);
    EXPECT_TRUE(v.as_bool());
    try {
      (void)v.as_int();
      FAIL() << text << " converted to int64";
    } catch (const OverflowError& e) {
      EXPECT_STREQ(e.what(), "Python int too large to convert to C long");
    }
    EXPECT_THROW(v.as_int_list(), OverflowError);
  }
}

TEST(Value, BigIntegersKeepTheirExactValue) {
  EXPECT_EQ(Value::integer("18446744073709551615").as_uint64_beyond_int64(),
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(Value::integer("9223372036854775808").as_uint64_beyond_int64(), uint64_t{1} << 63);
  EXPECT_FALSE(Value::integer("18446744073709551616").as_uint64_beyond_int64());
  EXPECT_FALSE(Value::integer("-9223372036854775809").as_uint64_beyond_int64());
  EXPECT_FALSE(Value(int64_t{5}).as_uint64_beyond_int64());
  // float(2**64 - 1) is 2**64, correctly rounded.
  EXPECT_EQ(Value::integer("18446744073709551615").as_double(), 18446744073709551616.0);
  EXPECT_EQ(Value::integer("00018446744073709551617").int_text(), "18446744073709551617");
}

TEST(Value, IntegerAccessorsUseNumPysMessages) {
  auto message = [](const Value& v) {
    try {
      (void)v.as_int();
    } catch (const TypeError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(Value()), "'NoneType' object cannot be interpreted as an integer");
  EXPECT_EQ(message(Value(1.5)), "'float' object cannot be interpreted as an integer");
  EXPECT_EQ(message(Value("x")), "'str' object cannot be interpreted as an integer");
}

// np.asarray(v): 2**63 is a uint64; beyond uint64 NumPy needs an object array.
TEST(Value, PythonIntsAsScalars) {
  Scalar s = detail::scalar_of(Value::integer("9223372036854775808"), "x");
  EXPECT_EQ(s.dtype(), dtypes::uint64());
  EXPECT_EQ(s.as_uint64(), uint64_t{1} << 63);
  EXPECT_THROW(detail::scalar_of(Value::integer("18446744073709551616"), "x"), OverflowError);
  EXPECT_THROW(detail::scalar_of(Value::integer("-9223372036854775809"), "x"), OverflowError);
}

// np.array(v, dtype=t), as checked against NumPy 1.24.
TEST(Value, PythonIntsIntoDtypes) {
  const Value max_u64 = Value::integer("18446744073709551615");
  const Value two_63 = Value::integer("9223372036854775808");
  const Value two_64 = Value::integer("18446744073709551616");
  EXPECT_EQ(detail::scalar_as(max_u64, dtypes::float64(), "x").as_double(), 1.8446744073709552e19);
  EXPECT_EQ(detail::scalar_as(two_64, dtypes::float32(), "x").dtype(), dtypes::float32());
  EXPECT_THROW(detail::scalar_as(two_63, dtypes::int64(), "x"), OverflowError);
  EXPECT_THROW(detail::scalar_as(two_63, DType::parse("i4"), "x"), OverflowError);
  EXPECT_THROW(detail::scalar_as(two_64, dtypes::uint64(), "x"), OverflowError);
  EXPECT_EQ(detail::scalar_as(max_u64, dtypes::uint64(), "x").as_uint64(),
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(detail::scalar_as(two_63, DType::parse("u4"), "x").as_uint64(), 0u);  // wraps
  EXPECT_TRUE(detail::scalar_as(two_64, dtypes::bool_(), "x").as_bool());
  EXPECT_EQ(detail::scalar_as(two_64, DType::parse("S"), "x").as_string(), "18446744073709551616");
  EXPECT_EQ(detail::scalar_as(two_64, DType::parse("S5"), "x").as_string(), "18446");
  EXPECT_THROW(detail::scalar_as(two_64, DType::parse("m8[s]"), "x"), OverflowError);
}

TEST(Value, DimensionsBeyondInt64AreNumPysValueError) {
  std::vector<Value> shape{Value(2), Value::integer("18446744073709551615")};
  try {
    detail::dims_of(Value(shape), "shape");
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "Maximum allowed dimension exceeded");
  }
  EXPECT_EQ(detail::dims_of(Value(3), "shape"), std::vector<int64_t>{3});
  EXPECT_THROW(detail::dims_of(Value(), "shape"), TypeError);
}

}  // namespace
}  // namespace np
