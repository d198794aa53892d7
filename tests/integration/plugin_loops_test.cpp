// Integration of the engine with the project's plugins: the arith and bitwise loops, loaded as
// Registry::global() loads them (the build tree's plugin directory), through the engine's call
// paths. The engine's own unit tests use test-only loops instead (tests/core/test_loops.hpp).
#include <gtest/gtest.h>

#include <vector>

#include "../core/test_support.hpp"
#include "np/array.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"

namespace np {
namespace {

using testing_support::ramp;
using testing_support::same_bytes;

// Contiguous but misaligned operands (a view one byte into a buffer, as .npy offsets and packed
// structured fields produce) take the SIMD and fast paths like aligned ones, with equal results.
TEST(CallFastPath, MisalignedContiguousOperands) {
  const int64_t n = 37;  // whole vectors and a tail on every target
  auto misaligned = [&](const Array& aligned) {
    auto buffer = Buffer::allocate(aligned.nbytes() + 1);
    Array view =
        Array::from_buffer(buffer, aligned.dtype(), aligned.shape(), {aligned.itemsize()}, 1);
    assign(view, aligned);
    return view;
  };
  for (const DType& t : {dtypes::float64(), dtypes::float32(), dtypes::int64(), dtypes::int16()}) {
    Array a = ramp(n, t), b = ramp(n, t);
    std::vector<Array> aligned{a, b};
    std::vector<Array> odd{misaligned(a), misaligned(b)};
    for (const char* name : {"add", "maximum", "less", "not_equal", "multiply"}) {
      Array want = ufunc_call(Registry::global().ufunc(name), aligned)[0];
      Array got = ufunc_call(Registry::global().ufunc(name), odd)[0];
      EXPECT_TRUE(same_bytes(want, got)) << name << " " << t.name();
    }
    if (t.is_integer()) {
      Array want = ufunc_call(Registry::global().ufunc("bitwise_xor"), aligned)[0];
      EXPECT_TRUE(same_bytes(want, ufunc_call(Registry::global().ufunc("bitwise_xor"), odd)[0]));
    } else {
      std::vector<Array> one{a}, one_odd{misaligned(a)};
      Array want = ufunc_call(Registry::global().ufunc("exp"), one)[0];
      EXPECT_TRUE(same_bytes(want, ufunc_call(Registry::global().ufunc("exp"), one_odd)[0]));
    }
  }
}

}  // namespace
}  // namespace np
