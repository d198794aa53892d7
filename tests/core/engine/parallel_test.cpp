// Threaded elementwise execution computes exactly what one thread computes, for every path the
// executor has (contiguous, strided, reversed, broadcast, buffered casts, where= masks, several
// outputs), and floating-point flags raised on worker threads reach the caller's error policy.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/indexing.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"
#include "np/threading.hpp"
#include "np/ufunc.hpp"

#include "../test_loops.hpp"
#include "../test_support.hpp"

namespace np {
namespace {

using testing_support::ramp;
using testing_support::same_bytes;

std::vector<Array> run(const char* name, std::vector<Array> in, int threads,
                       std::optional<Array> where = std::nullopt) {
  UFuncOptions o;
  o.num_threads = threads;
  if (where) {
    o.where = where;
    o.out = {full(broadcast_shapes({in[0].shape()}), Scalar(-1.0), dtypes::float64())};
  }
  return ufunc_call(test_loops::ufunc(name), in, o);
}

TEST(ParallelExecution, EveryThreadCountGivesTheSameBits) {
  const int64_t n = 600'001;  // above the threshold, not a multiple of the block size
  Array a = ramp(n, dtypes::float64());
  Array b = ramp(n, dtypes::float64());
  Array f = ramp(n, dtypes::float32());
  Array m =
      reshape(getitem(ramp(n - 1, dtypes::float64()), parse_index(":600000", {})), {600, 1000});
  Array mask = astype(ramp(n, dtypes::int8()), dtypes::bool_());
  struct Case {
    const char* name;
    std::vector<Array> in;
    std::optional<Array> where;
  };
  std::vector<Case> cases = {
      {"add", {a, b}, {}},
      {"exp", {a}, {}},
      {"sin", {f}, {}},
      {"add", {a, f}, {}},  // float32 input buffered into the float64 loop
      {"multiply", {getitem(a, parse_index("::3", {})), getitem(b, parse_index("::-3", {}))}, {}},
      {"add", {m, transpose(m)}, {}},
      {"subtract", {m, getitem(m, parse_index(":1, :", {}))}, {}},  // broadcast rows
      {"add", {m, getitem(m, parse_index(":, :1", {}))}, {}},
      {"divmod", {a, b}, {}},
      {"power", {a, f}, {}},
      {"add", {a, b}, mask},
  };
  for (const Case& c : cases) {
    if (std::string(c.name) == "add" && c.in[0].ndim() == 2 && c.in[1].shape()[0] == 1000) {
      continue;  // m + m.T needs a square m
    }
    std::vector<Array> one = run(c.name, c.in, 1, c.where);
    for (int threads : {2, 3, 7}) {
      std::vector<Array> many = run(c.name, c.in, threads, c.where);
      ASSERT_EQ(one.size(), many.size());
      for (size_t k = 0; k < one.size(); ++k) {
        EXPECT_TRUE(same_bytes(one[k], many[k])) << c.name << " with " << threads << " threads";
      }
    }
  }
}

TEST(ParallelExecution, ReductionsGiveTheSameBitsOnAnyThreadCount) {
  Array big = ramp(1'000'003, dtypes::float64());  // full 1-d sums split into chunks
  Array m = reshape(getitem(ramp(600'000, dtypes::float32()), parse_index(":", {})), {600, 1000});
  Array ints = ramp(400'000, dtypes::int32());
  const UFunc& add = test_loops::ufunc("add");
  const UFunc& mul = test_loops::ufunc("multiply");
  struct Case {
    const UFunc* u;
    Array a;
    std::optional<Axes> axis;
  };
  // maximum/minimum (NP_LOOP_REDUCE_ASSOCIATIVE): chunks start from their first element; NaNs and
  // signed zeros planted so that the first NaN and the first of equal zeros must win.
  const UFunc& max = test_loops::ufunc("maximum");
  const UFunc& min = test_loops::ufunc("minimum");
  // Integer products (wrapping) and bitwise reductions: NP_LOOP_REDUCE_ASSOCIATIVE too.
  const UFunc& xor_ = test_loops::ufunc("bitwise_xor");
  Array with_nan = copy(big);
  reinterpret_cast<double*>(with_nan.data())[600'000] = std::nan("1");
  reinterpret_cast<double*>(with_nan.data())[900'000] = -std::nan("2");
  Array zeros_last = copy(big);
  auto* z = reinterpret_cast<double*>(zeros_last.data());
  for (int64_t i = 0; i < zeros_last.size(); ++i)
    z[i] = -std::fabs(z[i]) - 1.0;
  z[5'000] = -0.0;
  z[700'000] = 0.0;
  Array positive = copy(zeros_last);
  for (int64_t i = 0; i < positive.size(); ++i)
    reinterpret_cast<double*>(positive.data())[i] *= -1.0;
  Array halves = ramp(300'001, dtypes::float16());
  // Rows not a multiple of the row groups, columns not a multiple of the strips.
  Array odd = reshape(ramp(601 * 1031, dtypes::float64()), {601, 1031});
  std::vector<Case> cases = {
      {&add, big, Axes{0}},          {&add, m, Axes{0}},        {&add, m, Axes{1}},
      {&add, m, std::nullopt},       {&add, ints, Axes{0}},     {&mul, m, Axes{0}},
      {&add, transpose(m), Axes{1}}, {&max, big, Axes{0}},      {&min, big, Axes{0}},
      {&max, with_nan, Axes{0}},     {&min, with_nan, Axes{0}}, {&max, zeros_last, Axes{0}},
      {&min, positive, Axes{0}},     {&max, ints, Axes{0}},     {&min, halves, Axes{0}},
      {&mul, ints, Axes{0}},         {&add, odd, Axes{0}},      {&max, odd, Axes{0}},
      {&xor_, ints, Axes{0}}};
  for (const Case& c : cases) {
    ReduceOptions o;
    o.axis = c.axis;
    Array one, many;
    {
      ThreadLimit limit(1);
      one = ufunc_reduce(*c.u, c.a, o);
    }
    for (int threads : {2, 3, 7}) {
      ThreadLimit limit(threads);
      many = ufunc_reduce(*c.u, c.a, o);
      EXPECT_TRUE(same_bytes(one, many)) << c.u->name() << " with " << threads << " threads";
    }
  }
}

TEST(ParallelExecution, SquareTransposeAndGlobalSetting) {
  Array m = reshape(ramp(1000 * 1000, dtypes::float64()), {1000, 1000});
  const int before = num_threads();
  set_num_threads(1);
  std::vector<Array> in{m, transpose(m)};
  Array one = ufunc_call(test_loops::ufunc("add"), in)[0];
  set_num_threads(4);
  Array four = ufunc_call(test_loops::ufunc("add"), in)[0];
  {
    ThreadLimit limit(2);
    Array two = ufunc_call(test_loops::ufunc("add"), in)[0];
    EXPECT_TRUE(same_bytes(one, two));
  }
  set_num_threads(before);
  EXPECT_TRUE(same_bytes(one, four));
  EXPECT_THROW(set_num_threads(0), ValueError);
}

TEST(ParallelExecution, FlagsFromWorkerThreadsReachTheErrorPolicy) {
  const int64_t n = 1 << 20;
  Array x = full({n}, Scalar(1.0), dtypes::float64());
  Array zero = full({n}, Scalar(2.0), dtypes::float64());  // one zero, in the last block
  setitem(zero, parse_index(std::to_string(n - 5), {}), Scalar(0.0).to_array());
  ErrState raise_all;
  raise_all.divide = FpAction::Raise;
  ErrStateGuard scope(raise_all);
  std::vector<Array> in{x, zero};
  UFuncOptions o;
  o.num_threads = 2;
  EXPECT_THROW(ufunc_call(test_loops::ufunc("true_divide"), in, o), FloatingPointError);
  std::vector<Array> ints{astype(x, dtypes::int32()), astype(zero, dtypes::int32())};
  EXPECT_THROW(ufunc_call(test_loops::ufunc("floor_divide"), ints, o),
               FloatingPointError);  // integer ÷0 reported by the loop itself
}

}  // namespace
}  // namespace np

namespace np {
namespace {

// The call fast path keeps NumPy's output layouts: order='F' on C inputs allocates Fortran order.
TEST(CallFastPath, OrderFAllocatesFortranResults) {
  Array a = reshape(ramp(12, dtypes::float64()), {3, 4});
  std::vector<Array> in{a, a};
  UFuncOptions o;
  o.order = Order::F;
  Array f = ufunc_call(test_loops::ufunc("multiply"), in, o)[0];
  EXPECT_TRUE(f.f_contiguous());
  EXPECT_FALSE(f.c_contiguous());
  Array c = ufunc_call(test_loops::ufunc("multiply"), in)[0];
  EXPECT_TRUE(c.c_contiguous());
  EXPECT_TRUE(same_bytes(f, c));
}

}  // namespace
}  // namespace np
