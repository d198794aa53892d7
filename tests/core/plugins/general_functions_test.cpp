// The host side of plugin general functions (ABI 1.2) through the test plugin
// tests/plugins/general_plugin.cpp and the bitwise plugin: signature binding and its TypeErrors,
// literal defaults, *args/**kwargs, by-name calls with their errors, conversions, views, out=,
// the axis and lane helpers, definitions of older ABI versions, and check_file registering
// nothing (dtypes included).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "np/plugin_abi.h"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "plugin_test_registry.hpp"
#include "plugins/plugin_host.hpp"

namespace np {
namespace {

using testing_support::message_of;

class GeneralFunctionsTest : public ::testing::Test {
 protected:
  static Registry& registry() {
    static Registry& r = testing_support::registry_with_plugins(
        {std::string(NP_PLUGIN_DIR) + "/numpy_plugins_arith.so",
         std::string(NP_PLUGIN_DIR) + "/numpy_plugins_bitwise.so", NP_GENERAL_PLUGIN});
    return r;
  }
  static Results call(const std::string& name, CallArgs args) {
    return registry().call(name, args);
  }
  static Array f64(std::vector<double> values) { return Array::from_vector(values); }
  static std::vector<double> doubles(const Value& v) {
    Array a = astype(v.as_array(), dtypes::float64(), Order::C);
    const auto* p = reinterpret_cast<const double*>(a.data());
    return std::vector<double>(p, p + a.size());
  }
};

TEST_F(GeneralFunctionsTest, BindsPositionalsKeywordsAndLiteralDefaults) {
  Results r = call("gp_bind", {{Value(int64_t{1}), Value(int64_t{2})}, {{"f", Value(3.0)}}});
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(r[0].as_int(), 1);
  EXPECT_EQ(r[1].as_int(), 2);
  EXPECT_EQ(r[2].as_int(), 2);  // c=2
  EXPECT_TRUE(r[3].is_none());  // d=None
  EXPECT_EQ(r[4].as_str(), "x");
  EXPECT_EQ(r[5].as_double(), 3.0);  // passed by keyword
  EXPECT_TRUE(r[6].as_bool());
  EXPECT_EQ(r[7].as_str(), "absent");  // h=float is no literal
  // b passed by keyword is found at its position as well.
  r = call("gp_bind", {{Value(int64_t{1})}, {{"b", Value("k")}, {"c", Value(int64_t{7})}}});
  EXPECT_EQ(r[1].as_str(), "k");
  EXPECT_EQ(r[2].as_int(), 7);
}

TEST_F(GeneralFunctionsTest, BindingRaisesNumPysTypeErrors) {
  auto type_error = [](const std::string& name, CallArgs args) {
    return message_of<TypeError>([&] { call(name, args); });
  };
  const Value one(int64_t{1});
  EXPECT_EQ(type_error("gp_bind", {{one, one}, {{"z", one}}}),
            "gp_bind() got an unexpected keyword argument 'z'");
  EXPECT_EQ(type_error("gp_bind", {{one, one}, {{"b", one}}}),
            "gp_bind() got multiple values for argument 'b'");
  EXPECT_EQ(type_error("gp_bind", {{one}, {}}),
            "gp_bind() missing 1 required positional argument: 'b'");
  EXPECT_EQ(type_error("gp_bind", {{one, one, one, one}, {}}),
            "gp_bind() takes from 2 to 3 positional arguments but 4 were given");
  EXPECT_EQ(type_error("gp_recurse", {{one}, {}}),
            "gp_recurse() takes 0 positional arguments but 1 was given");
}

TEST_F(GeneralFunctionsTest, StarArgsReadAsOneListAndKwargsByName) {
  Results r = call("gp_star", {{Value(f64({1})), Value(f64({2})), Value(f64({3}))}, {}});
  EXPECT_EQ(r[0].as_int(), 3);
  EXPECT_EQ(r[1].as_int(), 0);  // axis=0
  r = call("gp_call",
           {{Value("add.reduce"), Value(f64({1, 2, 4}))}, {{"axis", Value(int64_t{0})}}});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(doubles(r[0]), std::vector<double>{7});
}

TEST_F(GeneralFunctionsTest, ByNameCallsPropagateTheCalleesError) {
  // Type and message unchanged: UFuncTypeError stays UFuncTypeError.
  auto add_error = [] { return message_of<UFuncTypeError>([] { call("gp_call_c", {}); }); };
  EXPECT_EQ(add_error(), message_of<UFuncTypeError>([] {
              call("add", {{Value(int64_t{1}), Value("x")}, {}});
            }));
  EXPECT_EQ(message_of<AttributeError>([] {
              call("gp_call", {{Value("no_such")}, {}});
            }),
            "module 'numpy' has no attribute 'no_such'");
  EXPECT_NE(message_of<RuntimeError>([] {
              call("gp_recurse", {});
            }).find("maximum recursion depth exceeded"),
            std::string::npos);
}

TEST_F(GeneralFunctionsTest, ConvertsWithTheEnginesCasts) {
  Array a = f64({1.5, -2.5, 3});
  Results r = call("gp_as", {{Value(a), Value("<i4")}, {}});
  EXPECT_EQ(r[0].as_array().dtype(), dtypes::int32());
  EXPECT_EQ(doubles(r[0]), (std::vector<double>{1, -2, 3}));
  EXPECT_FALSE(r[1].as_bool());
  // Same dtype and layout: the argument's own memory; copy=True: never.
  EXPECT_TRUE(call("gp_as", {{Value(a)}, {}})[1].as_bool());
  EXPECT_FALSE(call("gp_as", {{Value(a)}, {{"copy", Value(true)}}})[1].as_bool());
  // A reversed view made C-contiguous.
  Array reversed = a.view_as(a.dtype(), {3}, {-8}, a.offset() + 16);
  r = call("gp_as", {{Value(reversed)}, {{"c_contiguous", Value(true)}}});
  EXPECT_EQ(doubles(r[0]), (std::vector<double>{3, -2.5, 1.5}));
  EXPECT_FALSE(r[1].as_bool());
  // Conversion errors are NumPy's.
  EXPECT_EQ(message_of<ValueError>([] {
              call("gp_as", {{Value("abc"), Value("<i8")}, {}});
            }),
            "invalid literal for int() with base 10: 'abc'");
}

TEST_F(GeneralFunctionsTest, ResultsMayViewTheirInputWithinItsMemory) {
  Array a = f64({0, 1, 2, 3, 4, 5});
  auto ints = [](std::vector<int64_t> v) {
    std::vector<Value> out(v.begin(), v.end());
    return Value(out);
  };
  Results r = call("gp_view", {{Value(a), Value(int64_t{40}), ints({3}), ints({-16})}, {}});
  EXPECT_EQ(doubles(r[0]), (std::vector<double>{5, 3, 1}));
  EXPECT_TRUE(r[0].as_array().same_buffer(a));
  EXPECT_THROW(call("gp_view", {{Value(a), Value(int64_t{8}), ints({6}), ints({8})}, {}}),
               ValueError);
  EXPECT_THROW(call("gp_view", {{Value(a), Value(int64_t{-8}), ints({1}), ints({8})}, {}}),
               ValueError);
}

TEST_F(GeneralFunctionsTest, OutIsWrittenAndReturnedWithNumPysChecks) {
  Array a = f64({1, 2, 3});
  Array out = zeros({3}, dtypes::float64());
  Results r = call("gp_twice", {{Value(a)}, {{"out", Value(out)}}});
  EXPECT_TRUE(r[0].as_array().same_buffer(out));
  EXPECT_EQ(doubles(Value(out)), (std::vector<double>{2, 4, 6}));
  // Another dtype (cast after the call), a strided out, and out as the input itself.
  Array out32 = zeros({3}, dtypes::float32());
  call("gp_twice", {{Value(a)}, {{"out", Value(out32)}}});
  EXPECT_EQ(doubles(Value(out32)), (std::vector<double>{2, 4, 6}));
  call("gp_twice", {{Value(a)}, {{"out", Value(a)}}});
  EXPECT_EQ(doubles(Value(a)), (std::vector<double>{2, 4, 6}));
  EXPECT_EQ(message_of<ValueError>([&] {
              call("gp_twice", {{Value(a)}, {{"out", Value(zeros({2}))}}});
            }),
            "Output array is the wrong shape");
  EXPECT_EQ(message_of<TypeError>([&] {
              call("gp_twice", {{Value(a)}, {{"out", Value(zeros({3}, dtypes::int64()))}}});
            }),
            "Cannot cast array data from dtype('float64') to dtype('int64') according to the "
            "rule 'same_kind'");
  EXPECT_EQ(message_of<TypeError>([&] {
              call("gp_twice", {{Value(a)}, {{"out", Value(1.0)}}});
            }),
            "'out' must be an array");
  EXPECT_EQ(call("gp_twice", {{Value(a)}, {{"out", Value()}}})[0].as_array().size(), 3);
}

TEST_F(GeneralFunctionsTest, AxisAndLaneHelpers) {
  Array a = reshape(f64({0, 1, 2, 3, 4, 5}), {2, 3});
  EXPECT_EQ(doubles(call("gp_lane_sums", {{Value(a)}, {}})[0]), (std::vector<double>{3, 12}));
  EXPECT_EQ(doubles(call("gp_lane_sums", {{Value(a), Value(int64_t{0})}, {}})[0]),
            (std::vector<double>{3, 5, 7}));
  EXPECT_EQ(doubles(call("gp_lane_sums", {{Value(transpose(a)), Value(int64_t{-2})}, {}})[0]),
            (std::vector<double>{3, 12}));
  EXPECT_EQ(message_of<AxisError>([&] {
              call("gp_lane_sums", {{Value(a), Value(int64_t{2})}, {}});
            }),
            "axis 2 is out of bounds for array of dimension 2");
}

TEST_F(GeneralFunctionsTest, OlderDefinitionsBindNothing) {
  Results r = call("gp_legacy", {{Value(int64_t{1}), Value(int64_t{2})}, {{"b", Value("kw")}}});
  EXPECT_EQ(r[0].as_int(), 2);
  EXPECT_EQ(r[1].as_str(), "kw");
  EXPECT_EQ(registry().info("gp_legacy")->signature, "");
  EXPECT_EQ(registry().info("packbits")->signature, "a, /, axis=None, bitorder='big'");
}

TEST_F(GeneralFunctionsTest, PackbitsRaisesNumPysKeywordErrors) {
  Array a = Array::from_vector(std::vector<uint8_t>{1, 0, 1});
  EXPECT_EQ(message_of<TypeError>([&] {
              call("packbits", {{Value(a)}, {{"axs", Value(0)}}});
            }),
            "packbits() got an unexpected keyword argument 'axs'");
  EXPECT_EQ(message_of<TypeError>([&] {
              call("unpackbits", {{Value(a), Value(0), Value(1), Value("big"), Value(2)}, {}});
            }),
            "unpackbits() takes from 1 to 4 positional arguments but 5 were given");
  EXPECT_EQ(message_of<TypeError>([&] {
              call("packbits", {{Value(a)}, {{"bitorder", Value()}}});
            }),
            "pack() argument 3 must be str, not None");
}

// A registrar driven directly: malformed signatures fail add_general; 1.0-sized definitions are
// accepted without one.
TEST(GeneralFunctionRegistration, SignaturesAreValidatedAndOptional) {
  const NpHostApi* host = plugins::detail::host_api();
  EXPECT_EQ(host->abi_minor, 2u);
  NpRegistrar registrar;
  registrar.plugin_name = "direct";
  auto fn = [](const NpHostApi*, NpCall*, void*) { return NP_STATUS_OK; };
  NpGeneralDef bad{sizeof(NpGeneralDef), "f", "", fn, nullptr, "a, a"};
  EXPECT_EQ(host->add_general(&registrar, &bad), NP_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(host->last_error(&registrar)).find("add_general 'f'"), std::string::npos);
  NpGeneralDef old{offsetof(NpGeneralDef, signature), "g", "", fn, nullptr, "a, a"};
  EXPECT_EQ(host->add_general(&registrar, &old), NP_STATUS_OK);
  ASSERT_EQ(registrar.generals.size(), 1u);
  EXPECT_EQ(registrar.generals[0].signature, nullptr);
}

// check_file validates without registering anything: a dtype plugin whose registrations all
// validate (loops on its own ufunc only) still loads afterwards; it failed with "dtype name
// 'bfloat16' is already taken" when check_file committed into a scratch registry.
TEST(CheckFile, RegistersNothingDTypesIncluded) {
  if (message_of<TypeError>([] { DType::parse("bfloat16"); }) == "no error") {
    GTEST_SKIP() << "bfloat16 was registered by an earlier test of this process";
  }
  plugins::PluginRecord checked = plugins::check_file(NP_BF16_ALONE_PLUGIN);
  ASSERT_EQ(checked.status, plugins::PluginStatus::Loaded) << checked.reason;
  EXPECT_EQ(checked.reason, "");
  EXPECT_EQ(checked.dtypes, std::vector<std::string>{"bfloat16"});
  EXPECT_EQ(checked.ufuncs, std::vector<std::string>{"bf16_test_inner"});
  EXPECT_EQ(checked.loops.size(), 1u);
  EXPECT_THROW(DType::parse("bfloat16"), TypeError);  // not registered by the check
  Registry r;
  register_core_functions(r);
  auto records = plugins::load_files(r, {NP_BF16_ALONE_PLUGIN});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].status, plugins::PluginStatus::Loaded) << records[0].reason;
  EXPECT_NO_THROW(DType::parse("bfloat16"));
}

}  // namespace
}  // namespace np
