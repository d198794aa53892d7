// A dtype registered by a plugin (tests/plugins/bfloat16_plugin.cpp): parsing, casts and their
// levels, promotion, ufunc loops naming it, reductions, printing, and the refusals (saving to
// .npy, a second plugin registering the same name). User dtypes are process-wide, so the suite
// loads the plugin once.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/format.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"
#include "np/user_dtypes.hpp"
#include "plugin_test_registry.hpp"

namespace np {
namespace {

namespace fs = std::filesystem;

class UserDTypeTest : public ::testing::Test {
 protected:
  static Registry& registry() {
    static Registry& r = testing_support::registry_with_plugins(
        {std::string(NP_PLUGIN_DIR) + "/numpy_plugins_arith.so", NP_BF16_PLUGIN});
    return r;
  }
  void SetUp() override { registry(); }
  static Array f32(std::vector<double> values) {
    Array a = empty({static_cast<int64_t>(values.size())}, dtypes::float32());
    for (size_t i = 0; i < values.size(); ++i)
      reinterpret_cast<float*>(a.data())[i] = static_cast<float>(values[i]);
    return a;
  }
  static std::vector<float> as_floats(const Array& a) {
    Array f = astype(a, dtypes::float32());
    const float* p = reinterpret_cast<const float*>(f.data());
    return std::vector<float>(p, p + f.size());
  }
};

TEST_F(UserDTypeTest, ParsesAndPrintsItsName) {
  DType bf = DType::parse("bfloat16");
  EXPECT_TRUE(bf.is_user());
  EXPECT_EQ(bf.itemsize(), 2);
  EXPECT_EQ(bf.name(), "bfloat16");
  EXPECT_EQ(bf.str(), "bfloat16");
  EXPECT_EQ(bf.repr(), "dtype('bfloat16')");
  EXPECT_EQ(bf.kind(), 'f');
  EXPECT_EQ(user_dtype_owner(bf), "bfloat16_test");
  EXPECT_TRUE(bf == *find_user_dtype("bfloat16"));
  EXPECT_FALSE(bf == DType::parse("float16"));
}

TEST_F(UserDTypeTest, CastsRoundToNearestEvenAndChainThroughBuiltins) {
  DType bf = DType::parse("bfloat16");
  Array x = f32({1.0, 1.5, 3.140625, 1.00390625, 1.01171875, -2.0});
  Array b = astype(x, bf);
  EXPECT_EQ(b.dtype(), bf);
  // 1 + 2^-8 is a tie: to even (1.0); 1 + 3*2^-8 rounds up to 1 + 2^-6.
  EXPECT_EQ(as_floats(b), (std::vector<float>{1.0f, 1.5f, 3.140625f, 1.0f, 1.015625f, -2.0f}));
  // int16 reaches bfloat16 through float32 (a builtin cast, then the registered one).
  Array ints = astype(arange(Scalar(int64_t{0}), Scalar(int64_t{4})), dtypes::int16());
  EXPECT_EQ(as_floats(astype(ints, bf)), (std::vector<float>{0, 1, 2, 3}));
  Array back = astype(b, dtypes::int32());
  EXPECT_EQ(reinterpret_cast<const int32_t*>(back.data())[1], 1);
}

TEST_F(UserDTypeTest, CastingLevelsFollowTheRegisteredCasts) {
  DType bf = DType::parse("bfloat16");
  EXPECT_TRUE(can_cast(bf, dtypes::float32(), Casting::Safe));
  EXPECT_TRUE(can_cast(bf, dtypes::complex64(), Casting::Safe));  // via float32
  EXPECT_FALSE(can_cast(dtypes::float32(), bf, Casting::Safe));
  EXPECT_TRUE(can_cast(dtypes::float32(), bf, Casting::SameKind));
  EXPECT_FALSE(can_cast(dtypes::int8(), bf, Casting::Safe));
  EXPECT_TRUE(can_cast(dtypes::int8(), bf, Casting::SameKind));
  EXPECT_FALSE(can_cast(bf, dtypes::int32(), Casting::SameKind));
  EXPECT_TRUE(can_cast(bf, dtypes::int32(), Casting::Unsafe));
  EXPECT_TRUE(can_cast(bf, DType::parse("U5"), Casting::Unsafe));  // through float32
  EXPECT_FALSE(can_cast(bf, dtypes::float32(), Casting::No));
}

TEST_F(UserDTypeTest, PromotionUsesRulesThenSafeCasts) {
  DType bf = DType::parse("bfloat16");
  EXPECT_EQ(promote_types(bf, dtypes::float16()), dtypes::float32());  // the registered rule
  EXPECT_EQ(promote_types(dtypes::float16(), bf), dtypes::float32());
  EXPECT_EQ(promote_types(bf, dtypes::float64()), dtypes::float64());
  EXPECT_EQ(promote_types(bf, bf), bf);
  EXPECT_THROW(promote_types(bf, dtypes::int8()), TypeError);
}

TEST_F(UserDTypeTest, UfuncsRunTheRegisteredLoops) {
  DType bf = DType::parse("bfloat16");
  const UFunc& add = registry().ufunc("add");
  Array a = astype(f32({1.0, 2.0, 256.0}), bf);
  Array b = astype(f32({0.5, 0.25, 1.0}), bf);
  std::vector<Array> in{a, b};
  Array sum = ufunc_call(add, in)[0];
  EXPECT_EQ(sum.dtype(), bf);
  EXPECT_EQ(as_floats(sum), (std::vector<float>{1.5f, 2.25f, 256.0f}));  // 257 rounds to 256
  // Mixed with float32: promotion picks the float32 loop.
  std::vector<Array> mixed{a, f32({1, 1, 1})};
  EXPECT_EQ(ufunc_call(add, mixed)[0].dtype(), dtypes::float32());
  std::vector<Array> same{a, a};
  Array eq = ufunc_call(registry().ufunc("equal"), same)[0];
  EXPECT_EQ(eq.dtype(), dtypes::bool_());
  EXPECT_EQ(reinterpret_cast<const uint8_t*>(eq.data())[2], 1);
  // A reduction starts from the identity cast to bfloat16.
  ReduceOptions all;
  all.axis = std::nullopt;
  Array total = ufunc_reduce(add, a, all);
  EXPECT_EQ(total.dtype(), bf);
  EXPECT_EQ(as_floats(reshape(total, {1})), (std::vector<float>{260.0f}));
  const auto sigs = add.signatures();
  EXPECT_NE(std::find(sigs.begin(), sigs.end(), "bfloat16,bfloat16->bfloat16"), sigs.end());
  // No loop and no common dtype: a UFuncTypeError, not a crash.
  std::vector<Array> text{a, astype(f32({1, 2, 3}), DType::parse("U3"))};
  EXPECT_THROW(ufunc_call(add, text), TypeError);
}

TEST_F(UserDTypeTest, AGufuncRegisteredThroughTheAbiBroadcastsOverStacks) {
  const UFunc& inner = registry().ufunc("bf16_test_inner");
  EXPECT_EQ(inner.spec().core_signature, "(n),(n)->()");
  Array a = reshape(arange(Scalar(0.0), Scalar(6.0)), {2, 3});  // [[0,1,2],[3,4,5]]
  Array b = reshape(arange(Scalar(1.0), Scalar(4.0)), {1, 3});  // [[1,2,3]], broadcast
  std::vector<Array> in{a, b};
  Array r = ufunc_call(inner, in)[0];
  ASSERT_EQ(r.shape(), (Shape{2}));
  EXPECT_EQ(reinterpret_cast<const double*>(r.data())[0], 8.0);
  EXPECT_EQ(reinterpret_cast<const double*>(r.data())[1], 26.0);
  std::vector<Array> bad{a, reshape(arange(Scalar(0.0), Scalar(4.0)), {4})};
  EXPECT_THROW(ufunc_call(inner, bad), ValueError);  // core dimension mismatch
}

TEST_F(UserDTypeTest, PrintsValuesAndRefusesNpy) {
  DType bf = DType::parse("bfloat16");
  Array a = astype(f32({1.0, 2.5}), bf);
  EXPECT_EQ(array_repr(a), "array([1. , 2.5], dtype=bfloat16)");
  EXPECT_EQ(array_str(a), "[1.  2.5]");
  const std::string path = (fs::temp_directory_path() / "np_user_dtype_test.npy").string();
  EXPECT_THROW(save_npy(path, a), TypeError);
  Array z = zeros({3}, bf);
  EXPECT_EQ(as_floats(z), (std::vector<float>{0, 0, 0}));
}

TEST_F(UserDTypeTest, ASecondPluginCannotTakeTheName) {
  const fs::path copy = fs::temp_directory_path() / "np_bf16_copy.so";
  fs::copy_file(NP_BF16_PLUGIN, copy, fs::copy_options::overwrite_existing);
  Registry other;
  register_core_functions(other);
  auto records = plugins::load_files(other, {copy.string()});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].status, plugins::PluginStatus::Failed);
  EXPECT_NE(records[0].reason.find("dtype name 'bfloat16' is already taken by 'bfloat16_test'"),
            std::string::npos)
      << records[0].reason;
  fs::remove(copy);
}

}  // namespace
}  // namespace np
