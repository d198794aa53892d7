#include "np/registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "../test_support.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/io.hpp"
#include "np/scalar.hpp"

#include "../test_loops.hpp"  // the global registry holds test-only ufuncs

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

Results call(const std::string& name, std::vector<Value> args,
             std::vector<std::pair<std::string, Value>> kwargs = {}) {
  CallArgs c;
  c.args = std::move(args);
  c.kwargs = std::move(kwargs);
  return test_loops::registry().call(name, c);
}

Value arange6() {
  return Value(Array::from_vector(std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
}

// Parameters NumPy requires a value for reject None with its TypeError (expand_dims(a, None)
// used to return the input, moveaxis(a, None, 0) to read past an empty optional).
TEST(Registry, NoneWhereAValueIsRequiredIsATypeError) {
  const Value a = arange6();
  const Value m(zeros({2, 3}));
  EXPECT_THROW(call("expand_dims", {a, Value()}), TypeError);
  EXPECT_THROW(call("moveaxis", {a, Value(), Value(0)}), TypeError);
  EXPECT_THROW(call("moveaxis", {a, Value(0), Value()}), TypeError);
  EXPECT_THROW(call("swapaxes", {m, Value(), Value(0)}), TypeError);
  EXPECT_THROW(call("rollaxis", {m, Value(0), Value()}), TypeError);
  EXPECT_THROW(call("diagonal", {m, Value()}), TypeError);
  EXPECT_THROW(call("stack", {Value(std::vector<Value>{a, a})}, {{"axis", Value()}}), TypeError);
  EXPECT_THROW(call("split", {a, Value(2)}, {{"axis", Value()}}), TypeError);
  EXPECT_THROW(call("tile", {a, Value()}), TypeError);
  EXPECT_THROW(call("roll", {a, Value()}), TypeError);
  EXPECT_THROW(call("repeat", {a, Value()}), TypeError);
  EXPECT_THROW(call("eye", {Value()}), TypeError);
  EXPECT_THROW(call("eye", {Value(2)}, {{"k", Value()}}), TypeError);
  EXPECT_THROW(call("linspace", {Value(0), Value(1), Value()}), TypeError);
  EXPECT_THROW(call("var", {a}, {{"ddof", Value()}}), TypeError);
  EXPECT_THROW(call("promote_types", {Value(), Value("f8")}), TypeError);
  EXPECT_THROW(call("can_cast", {Value("i8"), Value()}), TypeError);
  EXPECT_THROW(call("astype", {a, Value("f8")}, {{"casting", Value()}}), TypeError);
  EXPECT_THROW(call("astype", {a, Value("f8")}, {{"copy", Value()}}), ValueError);
}

// Optional parameters read None as NumPy does.
TEST(Registry, NoneWhereNumPyTakesIt) {
  const Value a = arange6();
  const Value m(zeros({1, 3}));
  EXPECT_EQ(call("squeeze", {m, Value()})[0].as_array().shape(), (Shape{3}));
  EXPECT_EQ(call("transpose", {m, Value()})[0].as_array().shape(), (Shape{3, 1}));
  EXPECT_EQ(call("flip", {a, Value()})[0].as_array().at<int64_t>({0}), 5);
  EXPECT_EQ(call("reshape", {a, Value()})[0].as_array().shape(), (Shape{6}));
  EXPECT_EQ(call("concatenate", {Value(std::vector<Value>{m, m})}, {{"axis", Value()}})[0]
                .as_array()
                .shape(),
            (Shape{6}));
  EXPECT_EQ(call("cumsum", {m}, {{"axis", Value()}})[0].as_array().shape(), (Shape{3}));
  EXPECT_EQ(call("zeros", {Value()})[0].as_array().ndim(), 0);  // NumPy 1.24: shape None is ()
  EXPECT_EQ(call("astype", {a, Value()})[0].as_array().dtype(), dtypes::float64());
  EXPECT_EQ(call("view", {a, Value()})[0].as_array().dtype(), dtypes::float64());
  EXPECT_EQ(call("result_type", {Value(), Value("f4")})[0].as_dtype(), dtypes::float64());
  // where=None is where=False (np.asarray(None, bool)): nothing is summed.
  EXPECT_EQ(Scalar::from_array(call("sum", {a}, {{"where", Value()}})[0].as_array()).as_int64(), 0);
  EXPECT_THROW(call("sum", {a}, {{"keepdims", Value()}}), TypeError);
  EXPECT_EQ(call("count_nonzero", {a}, {{"keepdims", Value()}})[0].as_array().ndim(), 0);
}

// out= shapes NumPy refuses are its errors, not std::out_of_range from an empty tuple.
TEST(Registry, OutTuplesOfTheWrongLength) {
  const Value a = arange6();
  const Value out(zeros({}, dtypes::int64()));
  const Value empty(std::vector<Value>{});
  EXPECT_THROW(call("add.reduce", {a}, {{"out", empty}}), ValueError);
  EXPECT_THROW(call("add.reduce", {a}, {{"out", Value(std::vector<Value>{out, out})}}), ValueError);
  EXPECT_THROW(call("add.reduce", {a}, {{"out", Value(std::vector<Value>{Value()})}}), TypeError);
  EXPECT_THROW(call("add.accumulate", {a}, {{"out", empty}}), ValueError);
  EXPECT_THROW(call("add.reduceat", {a, Value(std::vector<Value>{Value(0)})}, {{"out", empty}}),
               ValueError);
  EXPECT_THROW(call("add", {a, a}, {{"out", empty}}), ValueError);
  EXPECT_THROW(call("divmod", {a, Value(2)}, {{"out", Value(std::vector<Value>{Value()})}}),
               ValueError);
  EXPECT_THROW(call("sum", {a}, {{"out", empty}}), TypeError);
  EXPECT_THROW(call("cumsum", {a}, {{"out", empty}}), TypeError);
  EXPECT_THROW(call("clip", {a, Value(1), Value(2)}, {{"out", empty}}), ValueError);
  Results r = call("add.reduce", {a}, {{"out", Value(std::vector<Value>{out})}});
  EXPECT_TRUE(r[0].as_array().same_buffer(out.as_array()));
  EXPECT_EQ(
      call("add", {a, a}, {{"out", Value(std::vector<Value>{Value()})}})[0].as_array().at<int64_t>(
          {5}),
      10);
}

// Python ints beyond int64, as NumPy 1.24 treats them.
TEST(Registry, BigIntegerArguments) {
  const Value a = arange6();
  const Value max_u64 = Value::integer("18446744073709551615");
  const Value two_63 = Value::integer("9223372036854775808");
  EXPECT_THROW(call("reshape", {a, Value(std::vector<Value>{max_u64})}), ValueError);
  EXPECT_THROW(call("zeros", {Value(std::vector<Value>{two_63})}), ValueError);
  EXPECT_THROW(call("sum", {a}, {{"axis", max_u64}}), OverflowError);
  EXPECT_THROW(call("add.reduce", {a}, {{"axis", two_63}}), OverflowError);
  EXPECT_THROW(call("repeat", {a, two_63}), OverflowError);
  // 2**63 is a uint64 and int64 + uint64 is float64.
  Array sum = call("add", {a, two_63})[0].as_array();
  EXPECT_EQ(sum.dtype(), dtypes::float64());
  EXPECT_EQ(sum.at<double>({1}), 9223372036854775808.0);
  EXPECT_THROW(call("add", {a, Value::integer("18446744073709551616")}), OverflowError);
  // Into an int64 array the value overflows (fill, setitem, initial); into float it converts.
  EXPECT_THROW(call("fill", {a, two_63}), OverflowError);
  EXPECT_THROW(call("sum", {a}, {{"initial", two_63}}), OverflowError);
  Value f(zeros({2}));
  call("fill", {f, max_u64});
  EXPECT_EQ(f.as_array().at<double>({0}), 1.8446744073709552e19);
  Results u = call("full", {Value(2), two_63});
  EXPECT_EQ(u[0].as_array().dtype(), dtypes::uint64());
}

TEST(Registry, ForeignExceptionsAreReportedAsInternalErrors) {
  auto report = [](auto&& thrower) {
    try {
      thrower();
    } catch (...) {
      return describe_exception(std::current_exception());
    }
    return ErrorReport{};
  };
  ErrorReport r = report([] { throw AxisError("axis 3 is out of bounds"); });
  EXPECT_EQ(r.type, "AxisError");
  EXPECT_EQ(r.message, "axis 3 is out of bounds");
  r = report([] { throw std::out_of_range("vector::_M_range_check"); });
  EXPECT_EQ(r.type, "RuntimeError");
  EXPECT_EQ(r.message, "internal error in numpy-plugins (please report): vector::_M_range_check");
  EXPECT_EQ(report([] { throw std::bad_alloc(); }).type, "MemoryError");
  EXPECT_EQ(report([] { throw std::filesystem::filesystem_error("x", std::error_code()); }).type,
            "OSError");
  EXPECT_EQ(report([] { throw 42; }).type, "RuntimeError");
}

}  // namespace
}  // namespace np

namespace np {
namespace {

// load passes max_header_size to the members of an .npz too, as NumPy.
TEST(Registry, LoadAppliesTheHeaderLimitToArchiveMembers) {
  std::vector<FieldSpec> fields;
  for (int i = 0; i < 600; ++i)
    fields.push_back({"field_" + std::to_string(i), "<f8"});
  const DType wide = DType::structured(fields);  // a header of more than 10000 characters
  const std::string path =
      (std::filesystem::temp_directory_path() / "np_registry_wide_header.npz").string();
  savez(path, {{"a", zeros({1}, wide)}});
  CallArgs plain{{Value(path)}, {}};
  EXPECT_THROW(Registry::global().call("load", plain), ValueError);
  CallArgs raised{{Value(path)}, {{"max_header_size", Value(int64_t{100000})}}};
  EXPECT_EQ(Registry::global().call("load", raised).size(), 1u);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace np

namespace np {
namespace {

// np.save and np.savez append their suffix to a path without it, as NumPy.
TEST(Registry, SaveAppendsTheSuffixAsNumPy) {
  const auto dir = std::filesystem::temp_directory_path() / "np_registry_save_suffix";
  std::filesystem::create_directories(dir);
  Array a = zeros({2});
  Registry::global().call("save", CallArgs{{Value((dir / "x").string()), Value(a)}, {}});
  EXPECT_TRUE(std::filesystem::exists(dir / "x.npy"));
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
  Registry::global().call("save", CallArgs{{Value((dir / "y.npy").string()), Value(a)}, {}});
  EXPECT_TRUE(std::filesystem::exists(dir / "y.npy"));
  Registry::global().call("savez", CallArgs{{Value((dir / "z").string()), Value(a)}, {}});
  EXPECT_TRUE(std::filesystem::exists(dir / "z.npz"));
  std::filesystem::remove_all(dir);
}

// A float64 "add" that keeps the larger operand: a registry's own ufunc, told apart from the
// arith family's add by its results.
int keep_larger(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const double x = *reinterpret_cast<const double*>(args[0] + i * steps[0]);
    const double y = *reinterpret_cast<const double*>(args[1] + i * steps[1]);
    *reinterpret_cast<double*>(args[2] + i * steps[2]) = x > y ? x : y;
  }
  return 0;
}

// The core's routines composed from ufuncs (sum ... std) take them from the registry the call
// came through, not from Registry::global().
TEST(Registry, RoutinesUseTheRegistryTheyWereCalledThrough) {
  Registry own;
  register_core_functions(own);
  const Value a(Array::from_vector(std::vector<double>{1, 5, 2}));
  const CallArgs just_a{{a}, {}};
  ASSERT_EQ(Registry::global().call("sum", just_a)[0].as_array().at<double>({}), 8.0);
  for (const char* name : {"sum", "prod", "cumsum", "cumprod", "mean", "max", "amin", "ptp", "var",
                           "std", "count_nonzero"}) {
    EXPECT_THROW(own.call(name, just_a), AttributeError) << name;
  }
  const CallArgs clipped{{a, Value(2.0), Value(3.0)}, {}};
  EXPECT_EQ(testing_support::message_of<AttributeError>([&] { own.call("clip", clipped); }),
            "module 'numpy' has no attribute 'core.umath.clip'");

  UFunc& add = own.add_ufunc(UFuncSpec{.name = "add", .summary = "keeps the larger", .owner = "t"});
  add.add_loop(UFuncLoop{.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
                         .loop = keep_larger,
                         .owner = "t"});
  EXPECT_EQ(own.call("sum", just_a)[0].as_array().at<double>({}), 5.0);
  EXPECT_EQ(own.call("cumsum", just_a)[0].as_array().at<double>({2}), 5.0);
}

}  // namespace
}  // namespace np
