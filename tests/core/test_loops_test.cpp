// The test-only loops (test_loops.hpp): the unit tests run without any plugin, on loops that
// compute what they say.
#include "test_loops.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/plugins.hpp"

namespace np {
namespace {

Array call1(const char* name, std::vector<Array> in) {
  return ufunc_call(test_loops::ufunc(name), in)[0];
}

TEST(TestLoops, NoPluginIsLoaded) {
  EXPECT_EQ(test_loops::ufunc("add").loops().front().owner, "test");
  EXPECT_TRUE(plugins::loaded_plugins().empty());
  EXPECT_EQ(test_loops::registry().find_ufunc("arctan2"), nullptr);  // an arith-only ufunc
}

TEST(TestLoops, ComputeWhatTheySay) {
  Array a = Array::from_vector(std::vector<int32_t>{-7, 7, std::numeric_limits<int32_t>::min()});
  Array b = Array::from_vector(std::vector<int32_t>{2, -2, 3});
  Array q = call1("floor_divide", {a, b});
  EXPECT_EQ(q.at<int32_t>({0}), -4);
  EXPECT_EQ(q.at<int32_t>({1}), -4);
  Array x = Array::from_vector(std::vector<double>{1.0, std::nan(""), -0.0});
  Array y = Array::from_vector(std::vector<double>{2.0, 0.0, 0.0});
  Array m = call1("maximum", {x, y});
  EXPECT_EQ(m.at<double>({0}), 2.0);
  EXPECT_TRUE(std::isnan(m.at<double>({1})));
  EXPECT_TRUE(std::signbit(m.at<double>({2})));  // the first of equal zeros
  EXPECT_EQ(call1("add", {x, y}).at<double>({0}), 3.0);
  Array t = Array::from_vector(std::vector<bool>{true, false, true});
  Array f = Array::from_vector(std::vector<bool>{true, false, false});
  Array sum = call1("add", {t, f});  // bool add is logical or, bool multiply logical and
  EXPECT_EQ(sum.dtype(), dtypes::bool_());
  EXPECT_TRUE(sum.at<bool>({2}));
  EXPECT_FALSE(call1("multiply", {t, f}).at<bool>({2}));
  // NumPy's loop order, which ufunc_test's ReduceEmptyPolicyAndAt relies on (loop 11: "dd->d").
  EXPECT_EQ(test_loops::ufunc("add").loops()[11].signature(), "dd->d");
  // Integers wrap; int32 min // -1 wraps with the overflow flag.
  ErrState raise;
  raise.over = FpAction::Raise;
  ErrStateGuard guard(raise);
  Array minus_one = full({3}, Scalar(int64_t{-1}), dtypes::int32());
  EXPECT_THROW(call1("floor_divide", {a, minus_one}), FloatingPointError);
}

}  // namespace
}  // namespace np
