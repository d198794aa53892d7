#include "np/ufunc.hpp"

#include <gtest/gtest.h>

#include "../test_support.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"

namespace np {
namespace {

// A test gufunc (m,n),(n,p)->(m,p): float64 matrix product, NumPy's gufunc loop convention.
int matmul_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                void*) {
  const int64_t n_outer = dims[0], m = dims[1], n = dims[2], p = dims[3];
  const int64_t a_m = steps[3], a_n = steps[4], b_n = steps[5], b_p = steps[6], c_m = steps[7],
                c_p = steps[8];
  for (int64_t o = 0; o < n_outer; ++o) {
    const char* a = args[0] + o * steps[0];
    const char* b = args[1] + o * steps[1];
    char* c = args[2] + o * steps[2];
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < p; ++j) {
        double s = 0;
        for (int64_t k = 0; k < n; ++k) {
          s += *reinterpret_cast<const double*>(a + i * a_m + k * a_n) *
               *reinterpret_cast<const double*>(b + k * b_n + j * b_p);
        }
        *reinterpret_cast<double*>(c + i * c_m + j * c_p) = s;
      }
    }
  }
  return 0;
}

class UFuncTest : public ::testing::Test {
 protected:
  const UFunc& add() { return Registry::global().ufunc("add"); }
};

TEST_F(UFuncTest, GufuncMatrixProductOverBroadcastStacks) {
  Registry r;
  UFuncSpec spec{.name = "test_matmul",
                 .nin = 2,
                 .nout = 1,
                 .reorderable = false,
                 .summary = "test gufunc",
                 .owner = "test",
                 .core_signature = "(m,n),(n,p)->(m,p)"};
  UFunc& mm = r.add_ufunc(spec);
  mm.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
               .loop = matmul_loop,
               .owner = "test",
               .target = "baseline"});
  Array a = reshape(arange(Scalar(0.0), Scalar(12.0)), {2, 2, 3});  // two 2x3 matrices
  Array b = reshape(arange(Scalar(0.0), Scalar(6.0)), {3, 2});      // one 3x2, broadcast
  std::vector<Array> out = ufunc_call(mm, std::vector<Array>{a, b});
  ASSERT_EQ(out[0].shape(), (Shape{2, 2, 2}));
  // [[0,1,2],[3,4,5]] @ [[0,1],[2,3],[4,5]] = [[10,13],[28,40]]
  EXPECT_EQ(out[0].at<double>({0, 0, 0}), 10.0);
  EXPECT_EQ(out[0].at<double>({0, 1, 1}), 40.0);
  // Second stack: rows [6,7,8],[9,10,11] -> [46,67],[64,94]
  EXPECT_EQ(out[0].at<double>({1, 0, 0}), 46.0);
  EXPECT_EQ(out[0].at<double>({1, 1, 1}), 94.0);
  // Transposed (non-contiguous) core blocks give the same answer.
  Array bt = transpose(copy(transpose(b), Order::C));
  EXPECT_EQ(ufunc_call(mm, std::vector<Array>{a, bt})[0].at<double>({1, 1, 1}), 94.0);
  EXPECT_THROW(
      ufunc_call(mm, std::vector<Array>{a, reshape(arange(Scalar(0.0), Scalar(8.0)), {4, 2})}),
      ValueError);
  EXPECT_THROW(ufunc_reduce(mm, a), TypeError);
  EXPECT_THROW(parse_core_signature("(m,n),(n)->", 2, 1), ValueError);
  EXPECT_THROW(parse_core_signature("(99999999999999999999),(n)->(n)", 2, 1), ValueError);
  EXPECT_THROW(parse_core_signature("(3x),(n)->(n)", 2, 1), ValueError);
}

// The message of the FloatingPointError `fn` raises under over='raise' ("" when none).
template <class Fn>
std::string overflow_raised(Fn fn) {
  ErrState st;
  st.over = FpAction::Raise;
  ErrStateGuard guard(st);
  return testing_support::message_of<FloatingPointError>(fn, "FloatingPointError");
}

// Every call path reports the hardware flags its loops raised, named as NumPy names them.
TEST_F(UFuncTest, FloatingPointFlagsReachEveryPath) {
  Registry r;
  UFunc& mm = r.add_ufunc({.name = "test_matmul",
                           .nin = 2,
                           .nout = 1,
                           .owner = "test",
                           .core_signature = "(m,n),(n,p)->(m,p)"});
  mm.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
               .loop = matmul_loop,
               .owner = "test",
               .target = "baseline"});
  Array big = full({1, 1}, Scalar(1e200));
  EXPECT_EQ(overflow_raised([&] {
              ufunc_call(mm, std::vector<Array>{big, big});
            }),
            "overflow encountered in test_matmul");
  const UFunc& mul = Registry::global().ufunc("multiply");
  Array a = full({1}, Scalar(1e200));
  EXPECT_EQ(overflow_raised(
                [&] { ufunc_at(mul, a, Index{Array::from_vector(std::vector<int64_t>{0})}, a); }),
            "overflow encountered in at");
  Array pair = full({2}, Scalar(1e200));
  EXPECT_EQ(overflow_raised([&] { ufunc_reduce(mul, pair); }), "overflow encountered in reduce");
  EXPECT_EQ(overflow_raised([&] { ufunc_accumulate(mul, pair, 0); }),
            "overflow encountered in accumulate");
  EXPECT_EQ(overflow_raised(
                [&] { ufunc_reduceat(mul, pair, Array::from_vector(std::vector<int64_t>{0}), 0); }),
            "overflow encountered in reduceat");
}

TEST_F(UFuncTest, ResolutionOrderAndErrors) {
  std::vector<DType> i8u8{dtypes::int8(), dtypes::uint8()};
  std::vector<std::optional<DType>> none(3);
  EXPECT_EQ(add().resolve(i8u8, none, Casting::SameKind).dtypes[2], dtypes::int16());
  std::vector<DType> i8u64{dtypes::int64(), dtypes::uint64()};
  EXPECT_EQ(add().resolve(i8u64, none, Casting::SameKind).dtypes[2], dtypes::float64());
  std::vector<DType> text{DType::unicode(1), DType::unicode(1)};
  EXPECT_THROW(add().resolve(text, none, Casting::SameKind), UFuncTypeError);
  Array x = arange(Scalar(0.0), Scalar(3.0));
  UFuncOptions o;
  o.out = {zeros({3}, dtypes::int32())};
  EXPECT_THROW(ufunc_call(add(), std::vector<Array>{x, x}, o), UFuncTypeError);
}

TEST_F(UFuncTest, ErrstatePolicies) {
  const UFunc& mul = Registry::global().ufunc("multiply");
  Array big = full({1}, Scalar(1e308));
  {
    ErrState st;
    st.over = FpAction::Raise;
    ErrStateGuard guard(st);
    EXPECT_THROW(ufunc_call(mul, std::vector<Array>{big, big}), FloatingPointError);
  }
  {
    ErrState st;
    st.over = FpAction::Ignore;
    ErrStateGuard guard(st);
    EXPECT_NO_THROW(ufunc_call(mul, std::vector<Array>{big, big}));
  }
  int calls = 0;
  {
    ErrState st;
    st.over = FpAction::Call;
    st.call = [&](const std::string& what, int) {
      EXPECT_EQ(what, "overflow");
      ++calls;
    };
    ErrStateGuard guard(st);
    ufunc_call(mul, std::vector<Array>{big, big});
  }
  EXPECT_EQ(calls, 1);
  std::vector<std::string> warnings;
  set_warning_handler([&](const std::string& m) { warnings.push_back(m); });
  ufunc_call(mul, std::vector<Array>{big, big});  // default policy: warn
  set_warning_handler(nullptr);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "RuntimeWarning: overflow encountered in multiply");
  EXPECT_EQ(geterr().over, FpAction::Warn);  // guards restored the default
}

TEST_F(UFuncTest, ReduceEmptyPolicyAndAt) {
  ReduceOptions o;
  Array empty = zeros({0});
  EXPECT_EQ(ufunc_reduce(add(), empty, o).at<double>({}), 0.0);
  Registry r;
  UFunc& nid = r.add_ufunc({.name = "noid", .nin = 2, .nout = 1, .owner = "test"});
  nid.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
                .loop = Registry::global().ufunc("add").loops()[11].loop,
                .owner = "test",
                .target = "baseline"});
  EXPECT_THROW(ufunc_reduce(nid, empty, o), ValueError);
  o.initial = Scalar(5.0);
  EXPECT_EQ(ufunc_reduce(nid, empty, o).at<double>({}), 5.0);
  Array a = zeros({4});
  ufunc_at(add(), a, Index{Array::from_vector(std::vector<int64_t>{1, 1, 3})},
           full({1}, Scalar(2.0)));
  EXPECT_EQ(a.at<double>({1}), 4.0);
  EXPECT_EQ(a.at<double>({3}), 2.0);
}

}  // namespace
}  // namespace np

namespace np {
namespace {

TEST(CommonDTypeHookTest, HooksAreAskedFromBothSides) {
  // A hook that makes (int8, datetime64[s]) promote to int64 — a stand-in for a plugin dtype.
  register_common_dtype_hook([](const DType& a, const DType& b) -> std::optional<DType> {
    if (a.id() == TypeId::Int8 && b.id() == TypeId::Datetime) return dtypes::int64();
    return std::nullopt;
  });
  EXPECT_EQ(promote_types(dtypes::int8(), DType::parse("M8[s]")), dtypes::int64());
  EXPECT_EQ(promote_types(DType::parse("M8[s]"), dtypes::int8()), dtypes::int64());
  EXPECT_THROW(promote_types(dtypes::int16(), DType::parse("M8[s]")), TypeError);
}

}  // namespace
}  // namespace np
