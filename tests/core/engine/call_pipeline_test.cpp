// The call pipeline's loop contract: the contiguous slot is chosen exactly when its contract
// holds (contiguous and broadcast-scalar calls, not strided, partially overlapping, accumulating
// or gufunc calls), and every loop call's NpLoopContext describes the operands (nargs,
// itemsizes, dtype strings) on every path. Test-only loops, no plugin.
#include "engine/call_pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "np/creation.hpp"
#include "np/indexing.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"
#include "test_gufunc_loops.hpp"

namespace np {
namespace {

std::atomic<int> g_strided_calls{0};
std::atomic<int> g_contiguous_calls{0};
std::atomic<int> g_contract_broken{0};

int add_f64(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  g_strided_calls.fetch_add(1);
  for (int64_t i = 0; i < dims[0]; ++i) {
    double x, y;
    std::memcpy(&x, args[0] + i * steps[0], sizeof x);
    std::memcpy(&y, args[1] + i * steps[1], sizeof y);
    const double z = x + y;
    std::memcpy(args[2] + i * steps[2], &z, sizeof z);
  }
  return 0;
}

// The contiguous slot: checks the contract it is promised, then computes as add_f64 does.
int add_f64_contiguous(NpLoopContext* ctx, char* const* args, const int64_t* dims,
                       const int64_t* steps, void* data) {
  g_contiguous_calls.fetch_add(1);
  const bool inputs_ok = (steps[0] == 8 || steps[0] == 0) && (steps[1] == 8 || steps[1] == 0);
  const bool no_partial_overlap = args[2] == args[0] || args[2] == args[1] || steps[0] == 0 ||
                                  args[2] + 8 * dims[0] <= args[0] ||
                                  args[0] + 8 * dims[0] <= args[2];
  if (!inputs_ok || steps[2] != 8 || !no_partial_overlap) g_contract_broken.fetch_add(1);
  g_strided_calls.fetch_sub(1);  // add_f64 counts itself
  return add_f64(ctx, args, dims, steps, data);
}

class ContiguousSlot : public ::testing::Test {
 protected:
  ContiguousSlot()
      : add_(registry_.add_ufunc(
            {.name = "test_add", .nin = 2, .nout = 1, .identity = Scalar(0.0), .owner = "test"})) {
    add_.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
                   .loop = add_f64,
                   .contiguous = add_f64_contiguous,
                   .owner = "test"});
    g_strided_calls = 0;
    g_contiguous_calls = 0;
    g_contract_broken = 0;
  }
  ~ContiguousSlot() override { EXPECT_EQ(g_contract_broken.load(), 0); }

  // Which loop ran fn's calls: "contiguous", "strided", "both" or "none".
  template <class Fn>
  std::string loop_used(Fn fn) {
    g_strided_calls = 0;
    g_contiguous_calls = 0;
    fn();
    const bool c = g_contiguous_calls > 0, s = g_strided_calls > 0;
    return c && s ? "both" : c ? "contiguous" : s ? "strided" : "none";
  }
  std::vector<Array> call(const Array& a, const Array& b, const UFuncOptions& o = {}) {
    return ufunc_call(add_, std::vector<Array>{a, b}, o);
  }

  Registry registry_;
  UFunc& add_;
};

TEST_F(ContiguousSlot, ChosenForContiguousCalls) {
  Array a = arange(Scalar(0.0), Scalar(1000.0)), b = full({1000}, Scalar(0.5));
  EXPECT_EQ(loop_used([&] { call(a, b); }), "contiguous");                      // the fast path
  EXPECT_EQ(loop_used([&] { call(a, full({}, Scalar(2.0))); }), "contiguous");  // step-0 scalar
  Array a32 = astype(a, dtypes::float32());
  EXPECT_EQ(loop_used([&] { call(a32, b); }), "contiguous");  // buffered cast: itemsize steps
  UFuncOptions in_place;
  in_place.out = {a};
  EXPECT_EQ(loop_used([&] { call(a, b, in_place); }), "contiguous");  // identical: allowed
  EXPECT_EQ(a.at<double>({3}), 3.5);
  // A column reduction adds whole rows in place (acc is input and output, itemsize steps).
  ReduceOptions axis0;
  axis0.axis = Axes{0};
  Array m = reshape(arange(Scalar(0.0), Scalar(12.0)), {3, 4});
  EXPECT_EQ(loop_used([&] { ufunc_reduce(add_, m, axis0); }), "contiguous");
}

TEST_F(ContiguousSlot, NotChosenForStridedOverlappingOrAccumulatingCalls) {
  Array a = arange(Scalar(0.0), Scalar(1000.0)), b = full({1000}, Scalar(0.5));
  const Index every_other = parse_index("::2", {});
  EXPECT_EQ(loop_used([&] { call(getitem(a, every_other), getitem(b, every_other)); }), "strided");
  UFuncOptions strided_out;
  strided_out.out = {getitem(zeros({2000}), every_other)};
  EXPECT_EQ(loop_used([&] { call(a, b, strided_out); }), "strided");
  // 1-d reduce: the accumulator steps 0 (args[0] == args[2]).
  EXPECT_EQ(loop_used([&] { ufunc_reduce(add_, a); }), "strided");
  // accumulate: out[i] = out[i-1] + in[i], the previous and the current row partially overlap.
  EXPECT_EQ(loop_used([&] { ufunc_accumulate(add_, a, 0); }), "strided");
  EXPECT_EQ(ufunc_accumulate(add_, a, 0).at<double>({999}), 999.0 * 1000.0 / 2);
  // The executor itself: an input that partially overlaps the output.
  Array x = arange(Scalar(0.0), Scalar(101.0));
  std::vector<engine::ExecOperand> ops{
      {x.data(), {8}, dtypes::float64(), dtypes::float64(), false},
      {b.data(), {8}, dtypes::float64(), dtypes::float64(), false},
      {x.data() + 8, {8}, dtypes::float64(), dtypes::float64(), true}};
  EXPECT_EQ(loop_used([&] {
              engine::run_loop({100}, ops, add_.loops()[0], engine::ExecOptions{}, "test_add");
            }),
            "strided");
}

TEST_F(ContiguousSlot, NeverForGufuncs) {
  Registry r;
  UFunc& mm = r.add_ufunc(
      {.name = "vec_add", .nin = 2, .nout = 1, .owner = "test", .core_signature = "(),()->()"});
  mm.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
               .loop = add_f64,
               .contiguous = add_f64_contiguous,
               .owner = "test"});
  Array a = arange(Scalar(0.0), Scalar(100.0));
  EXPECT_EQ(loop_used([&] { ufunc_call(mm, std::vector<Array>{a, a}); }), "strided");
}

// What a loop saw in its context: nargs, itemsizes and dtypes (per call, last call wins).
struct SeenOperands {
  uint32_t struct_size = 0;
  std::vector<int64_t> itemsizes;
  std::vector<std::string> dtypes;
};
std::mutex g_seen_mutex;
SeenOperands g_seen;

void record(const NpLoopContext* ctx) {
  std::lock_guard lock(g_seen_mutex);
  g_seen = {};
  g_seen.struct_size = ctx->struct_size;
  if (ctx->struct_size < offsetof(NpLoopContext, dtypes) + sizeof(ctx->dtypes)) return;
  for (int32_t k = 0; k < ctx->nargs; ++k) {
    g_seen.itemsizes.push_back(ctx->itemsizes[k]);
    g_seen.dtypes.emplace_back(ctx->dtypes[k]);
  }
}

int recording_add(NpLoopContext* ctx, char* const* args, const int64_t* dims, const int64_t* steps,
                  void* data) {
  record(ctx);
  return add_f64(ctx, args, dims, steps, data);
}

int recording_matmul(NpLoopContext* ctx, char* const* args, const int64_t* dims,
                     const int64_t* steps, void* data) {
  record(ctx);
  return test_loops::matmul_f64(ctx, args, dims, steps, data);
}

// A loop over bytes: "S3" + "S3" -> "S6" would need the sizes; here the context must say them.
int recording_concat(NpLoopContext* ctx, char* const* args, const int64_t* dims,
                     const int64_t* steps, void*) {
  record(ctx);
  const int64_t a = ctx->itemsizes[0], b = ctx->itemsizes[1];
  for (int64_t i = 0; i < dims[0]; ++i) {
    std::memcpy(args[2] + i * steps[2], args[0] + i * steps[0], static_cast<size_t>(a));
    std::memcpy(args[2] + i * steps[2] + a, args[1] + i * steps[1], static_cast<size_t>(b));
  }
  return 0;
}

SeenOperands seen() {
  std::lock_guard lock(g_seen_mutex);
  return g_seen;
}

TEST(LoopContextOperands, FilledOnEveryPath) {
  Registry r;
  UFunc& add = r.add_ufunc(
      {.name = "rec_add", .nin = 2, .nout = 1, .identity = Scalar(0.0), .owner = "test"});
  add.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
                .loop = recording_add,
                .owner = "test"});
  const std::vector<int64_t> eights{8, 8, 8};
  const std::vector<std::string> f8{"<f8", "<f8", "<f8"};
  Array a = arange(Scalar(0.0), Scalar(10.0));
  auto check = [&](const char* path, auto fn) {
    g_seen = {};
    fn();
    const SeenOperands s = seen();
    EXPECT_EQ(s.struct_size, sizeof(NpLoopContext)) << path;
    EXPECT_EQ(s.itemsizes, eights) << path;
    EXPECT_EQ(s.dtypes, f8) << path;
  };
  check("fast path", [&] { ufunc_call(add, std::vector<Array>{a, a}); });
  check("executor", [&] { ufunc_call(add, std::vector<Array>{a, full({}, Scalar(1.0))}); });
  check("buffered", [&] { ufunc_call(add, std::vector<Array>{astype(a, dtypes::int32()), a}); });
  check("reduce", [&] { ufunc_reduce(add, a); });
  check("accumulate", [&] { ufunc_accumulate(add, a, 0); });
  check("at", [&] {
    ufunc_at(add, a, Index{Array::from_vector(std::vector<int64_t>{1})}, full({1}, Scalar(1.0)));
  });
  UFunc& mm = r.add_ufunc({.name = "rec_matmul",
                           .nin = 2,
                           .nout = 1,
                           .owner = "test",
                           .core_signature = "(m,n),(n,p)->(m,p)"});
  mm.add_loop({.types = {TypeId::Float64, TypeId::Float64, TypeId::Float64},
               .loop = recording_matmul,
               .owner = "test"});
  check("gufunc", [&] { ufunc_call(mm, std::vector<Array>{ones({2, 2}), ones({2, 2})}); });
}

TEST(LoopContextOperands, FlexibleTypesKnowTheirSizes) {
  Registry r;
  UFunc& cat = r.add_ufunc({.name = "rec_concat", .nin = 2, .nout = 1, .owner = "test"});
  UFuncLoop loop{.types = {TypeId::Bytes, TypeId::Bytes, TypeId::Bytes},
                 .loop = recording_concat,
                 .owner = "test"};
  loop.resolve = [](std::span<const DType> in) {
    return std::vector<DType>{in[0], in[1], DType::bytes(in[0].itemsize() + in[1].itemsize())};
  };
  cat.add_loop(std::move(loop));
  Array x = astype(Array::from_vector(std::vector<int64_t>{123, 456}), DType::bytes(3));
  Array y = astype(Array::from_vector(std::vector<int64_t>{7, 8}), DType::bytes(2));
  Array z = ufunc_call(cat, std::vector<Array>{x, y})[0];
  EXPECT_EQ(z.dtype(), DType::bytes(5));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(z.data()), 4), "1237");
  const SeenOperands s = seen();
  EXPECT_EQ(s.itemsizes, (std::vector<int64_t>{3, 2, 5}));
  EXPECT_EQ(s.dtypes, (std::vector<std::string>{"|S3", "|S2", "|S5"}));
}

}  // namespace
}  // namespace np
