#include "np/registry.hpp"

#include <gtest/gtest.h>

#include "np/creation.hpp"
#include "np/errors.hpp"

namespace np {
namespace {

TEST(Registry, CallsCoreRoutinesByName) {
  CallArgs c;
  c.args = {Value(std::vector<Value>{Value(2), Value(3)})};
  c.kwargs = {{"dtype", Value("int16")}};
  Results r = Registry::global().call("ones", c);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].as_array().dtype(), dtypes::int16());
  EXPECT_EQ(r[0].as_array().at<int16_t>({1, 2}), 1);
}

TEST(Registry, TypedErrorsForBadCalls) {
  CallArgs c;
  c.args = {Value(zeros({2}))};
  EXPECT_THROW(Registry::global().call("no_such_function", c), AttributeError);
  CallArgs bad_kw = c;
  bad_kw.kwargs = {{"bogus", Value(1)}};
  EXPECT_THROW(Registry::global().call("ravel", bad_kw), TypeError);
  CallArgs missing;
  EXPECT_THROW(Registry::global().call("reshape", missing), TypeError);
  CallArgs bad_order = c;
  bad_order.kwargs = {{"order", Value("Q")}};
  EXPECT_THROW(Registry::global().call("ravel", bad_order), ValueError);
}

TEST(Registry, DuplicateRegistrationNamesBothOwners) {
  Registry r;
  r.add_general({"f", FunctionKind::General, "one", ""}, [](const CallArgs&) { return Results{}; });
  try {
    r.add_general({"f", FunctionKind::General, "two", ""},
                  [](const CallArgs&) { return Results{}; });
    FAIL();
  } catch (const ValueError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("one"), std::string::npos);
    EXPECT_NE(m.find("two"), std::string::npos);
  }
}

}  // namespace
}  // namespace np
