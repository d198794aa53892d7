// Generalized ufunc calls through the staged pipeline: matmul's optional core dimensions bound as
// NumPy binds them (shapes and error texts from NumPy 1.24's np.matmul), signature= and dtype=
// as for elementwise ufuncs, out= of another dtype, and threaded execution over the loop
// dimensions giving the same bytes for any thread count.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>

#include "../test_support.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/manipulation.hpp"
#include "np/threading.hpp"
#include "np/ufunc.hpp"
#include "test_gufunc_loops.hpp"

namespace np {
namespace {

using testing_support::message_of;

constexpr const char* kMatmul = "(n?,k),(k,m?)->(n?,m?)";

Array ramp(const Shape& shape) {
  Array a = empty(shape, dtypes::float64());
  auto* p = reinterpret_cast<double*>(a.data());
  for (int64_t i = 0; i < a.size(); ++i)
    p[i] = static_cast<double>((i * 7) % 11) - 4.5;
  return a;
}

std::vector<Array> call(const UFunc& u, const Array& a, const Array& b,
                        const UFuncOptions& o = {}) {
  return ufunc_call(u, std::vector<Array>{a, b}, o);
}

TEST(GufuncOptionalDims, ParseMarksOptionalDimensions) {
  CoreSignature sig = parse_core_signature(kMatmul, 2, 1);
  ASSERT_EQ(sig.operands.size(), 3u);
  EXPECT_TRUE(sig.operands[0][0].optional);
  EXPECT_EQ(sig.operands[0][0].name, "n");
  EXPECT_FALSE(sig.operands[0][1].optional);
  EXPECT_TRUE(sig.operands[2][1].optional);
  EXPECT_THROW(parse_core_signature("(?),(k)->()", 2, 1), ValueError);
  EXPECT_THROW(parse_core_signature("(3?),(k)->()", 2, 1), ValueError);
}

TEST(GufuncOptionalDims, ShapesAsNumPyMatmul) {
  Registry r;
  const UFunc& mm = test_loops::add_matmul(r, "matmul", kMatmul);
  // np.matmul(ones(3), ones((3,2))).shape == (2,), and so on.
  EXPECT_EQ(call(mm, ones({3}), ones({3, 2}))[0].shape(), (Shape{2}));
  EXPECT_EQ(call(mm, ones({2, 3}), ones({3}))[0].shape(), (Shape{2}));
  EXPECT_EQ(call(mm, ones({3}), ones({3}))[0].shape(), (Shape{}));
  EXPECT_EQ(call(mm, ones({5, 2, 3}), ones({3}))[0].shape(), (Shape{5, 2}));
  EXPECT_EQ(call(mm, ones({2, 3}), ones({3, 2}))[0].shape(), (Shape{2, 2}));
  // Values: [1,2,3] @ [[1,0],[0,1],[1,1]] = [4,5]; the vector dot product 1+4+9.
  Array v = arange(Scalar(1.0), Scalar(4.0));
  Array m = Array::from_vector(std::vector<double>{1, 0, 0, 1, 1, 1}, {3, 2});
  Array vm = call(mm, v, m)[0];
  EXPECT_EQ(vm.at<double>({0}), 4.0);
  EXPECT_EQ(vm.at<double>({1}), 5.0);
  EXPECT_EQ(call(mm, v, v)[0].at<double>({}), 14.0);
  // out= of the reduced shape; an output can remove an optional dimension too.
  UFuncOptions o;
  o.out = {zeros({5, 2})};
  EXPECT_EQ(call(mm, ones({5, 2, 3}), ones({3}), o)[0].shape(), (Shape{5, 2}));
}

TEST(GufuncOptionalDims, ErrorsAsNumPyMatmul) {
  Registry r;
  const UFunc& mm = test_loops::add_matmul(r, "matmul", kMatmul);
  auto error = [&](const Array& a, const Array& b, const UFuncOptions& o = {}) {
    return message_of<ValueError>([&] { call(mm, a, b, o); });
  };
  EXPECT_EQ(error(ones({3}), ones({4})),
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            "signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)");
  EXPECT_EQ(error(ones({4}), ones({3, 2})),
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            "signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)");
  EXPECT_EQ(error(ones({}), ones({3})),
            "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with "
            "signature (n?,k),(k,m?)->(n?,m?) requires 1)");
  EXPECT_EQ(error(ones({5, 2, 3}), ones({4, 3, 2})),
            "operands could not be broadcast together with remapped shapes "
            "[original->remapped]: (5,2,3)->(5,newaxis,newaxis) (4,3,2)->(4,newaxis,newaxis)  "
            "and requested shape (2,2)");
  UFuncOptions o;
  o.out = {zeros({3})};
  EXPECT_EQ(error(ones({2, 3}), ones({3, 2}), o),
            "matmul: Output operand 0 has a mismatch in its core dimension 0, with gufunc "
            "signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 2)");
}

TEST(GufuncCalls, SignatureAndDtypeAsForUfuncs) {
  Registry r;
  const UFunc& mm = test_loops::add_matmul(r, "matmul", kMatmul);
  Array a = ones({2, 3}), b = ones({3, 2});
  UFuncOptions both;
  both.dtype = dtypes::float64();
  both.signature = {dtypes::float64(), dtypes::float64(), dtypes::float64()};
  EXPECT_EQ(message_of<TypeError>([&] { call(mm, a, b, both); }),
            "cannot specify both 'signature' and 'dtype'");
  // dtype= fixes the output type: float32 inputs run the float64 loop.
  UFuncOptions f64;
  f64.dtype = dtypes::float64();
  Array a32 = astype(a, dtypes::float32()), b32 = astype(b, dtypes::float32());
  EXPECT_EQ(call(mm, a32, b32, f64)[0].dtype(), dtypes::float64());
  UFuncOptions casting_no = f64;  // float32 -> float64 is not allowed under casting='no'
  casting_no.casting = Casting::No;
  EXPECT_THROW(call(mm, a32, b32, casting_no), UFuncTypeError);
  UFuncOptions where;
  where.where = Scalar(true).to_array();
  EXPECT_EQ(message_of<TypeError>([&] { call(mm, a, b, where); }),
            "matmul() got an unexpected keyword argument 'where'");
}

TEST(GufuncCalls, OutputsCastIntoOutAndAllocatedInKOrder) {
  Registry r;
  const UFunc& mm = test_loops::add_matmul(r, "matmul", kMatmul);
  Array a = ones({2, 3}), b = ones({3, 2});
  UFuncOptions o;
  o.out = {zeros({2, 2}, dtypes::float32())};
  Array got = call(mm, a, b, o)[0];
  EXPECT_EQ(got.dtype(), dtypes::float32());
  EXPECT_EQ(o.out[0]->at<float>({1, 1}), 3.0f);
  o.out = {zeros({2, 2}, dtypes::int32())};
  EXPECT_EQ(message_of<UFuncTypeError>([&] { call(mm, a, b, o); }),
            "Cannot cast ufunc 'matmul' output from dtype('float64') to dtype('int32') with "
            "casting rule 'same_kind'");
  // np.matmul(ones((4,5,2,3)).transpose(1,0,2,3), ones((3,2))).strides == (32,160,16,8)
  Array stack = transpose(ones({4, 5, 2, 3}), Axes{1, 0, 2, 3});
  EXPECT_EQ(call(mm, stack, b)[0].strides(), (Strides{32, 160, 16, 8}));
  // In place is not elementwise for a gufunc: an input overlapping the output is copied first.
  Array sq = ramp({3, 3});
  Array expected = call(mm, sq, sq)[0];
  UFuncOptions in_place;
  in_place.out = {sq};
  call(mm, sq, sq, in_place);
  EXPECT_EQ(std::memcmp(sq.data(), expected.data(), 9 * sizeof(double)), 0);
}

// "(n)->(2)": the first and last element of each vector (a fixed-size output dimension no input
// sets). dims = [outer, n], steps = [2 outer, the input's core stride, the output's].
int first_last(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
               void*) {
  for (int64_t o = 0; o < dims[0]; ++o) {
    const char* in = args[0] + o * steps[0];
    char* out = args[1] + o * steps[1];
    std::memcpy(out, in, sizeof(double));
    std::memcpy(out + steps[3], in + (dims[1] - 1) * steps[2], sizeof(double));
  }
  return 0;
}

TEST(GufuncCalls, FixedSizeOutputDimension) {
  Registry r;
  UFunc& u = r.add_ufunc(
      {.name = "first_last", .nin = 1, .nout = 1, .owner = "test", .core_signature = "(n)->(2)"});
  u.add_loop({.types = {TypeId::Float64, TypeId::Float64}, .loop = first_last, .owner = "test"});
  Array got = ufunc_call(u, std::vector<Array>{ramp({4, 5})})[0];
  ASSERT_EQ(got.shape(), (Shape{4, 2}));
  EXPECT_EQ(got.at<double>({1, 0}), ramp({4, 5}).at<double>({1, 0}));
  EXPECT_EQ(got.at<double>({1, 1}), ramp({4, 5}).at<double>({1, 4}));
  UFuncOptions o;
  o.out = {zeros({4, 3})};
  EXPECT_EQ(message_of<ValueError>([&] {
              ufunc_call(u, std::vector<Array>{ramp({4, 5})}, o);
            }),
            "first_last: Output operand 0 has a mismatch in its core dimension 0, with gufunc "
            "signature (n)->(2) (size 3 is different from 2)");
}

std::atomic<int> g_counted_calls{0};

int counted_matmul(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                   void* data) {
  g_counted_calls.fetch_add(1);
  return test_loops::matmul_f64(ctx, args, dims, steps, data);
}

// A stack of 3x3 products is split into blocks over the stack and gives the same bytes for
// 1, 2, 3 and 7 threads (num_threads= and ThreadLimit alike).
TEST(GufuncCalls, ThreadedOverLoopDimensionsBitIdentical) {
  Registry r;
  UFunc& mm = r.add_ufunc({.name = "counted_matmul",
                           .nin = 2,
                           .nout = 1,
                           .owner = "test",
                           .core_signature = "(m,n),(n,p)->(m,p)"});
  mm.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
               .loop = counted_matmul,
               .owner = "test"});
  Array a = ramp({20000, 3, 3});
  Array b = getitem(ramp({20000, 3, 6}), parse_index("..., ::2", {}));  // strided core blocks
  auto run = [&](int threads) {
    UFuncOptions o;
    o.num_threads = threads;
    g_counted_calls = 0;
    return call(mm, a, b, o)[0];
  };
  const Array one = run(1);
  EXPECT_EQ(g_counted_calls.load(), 1);  // serial: one loop call over the whole stack
  for (int threads : {2, 3, 7}) {
    const Array many = run(threads);
    EXPECT_GT(g_counted_calls.load(), 1) << threads;  // split into blocks
    ASSERT_EQ(many.shape(), one.shape());
    EXPECT_EQ(std::memcmp(many.data(), one.data(), static_cast<size_t>(one.nbytes())), 0)
        << threads << " threads";
  }
  // A block on a worker thread that overflows reaches the caller's error policy.
  Array big = full({20000, 3, 3}, Scalar(1e200));
  UFuncOptions threaded;
  threaded.num_threads = 3;
  ErrState raise;
  raise.over = FpAction::Raise;
  {
    ErrStateGuard guard(raise);
    EXPECT_EQ(message_of<FloatingPointError>([&] { call(mm, big, big, threaded); }),
              "overflow encountered in counted_matmul");
  }
  ThreadLimit limit(1);
  g_counted_calls = 0;
  const Array limited = call(mm, a, b)[0];
  EXPECT_EQ(g_counted_calls.load(), 1);
  EXPECT_EQ(std::memcmp(limited.data(), one.data(), static_cast<size_t>(one.nbytes())), 0);
}

}  // namespace
}  // namespace np
