#include "bench_command.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <span>
#include <sstream>
#include <thread>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/indexing.hpp"
#include "np/manipulation.hpp"
#include "np/registry.hpp"
#include "np/routines.hpp"
#include "np/threading.hpp"
#include "np/ufunc.hpp"

namespace np::tool {

namespace {

// The data of ../shared/bench/numpy_workloads.py: the same sizes and dtypes (the values are
// uniform random, as NumPy's default_rng().random(); the generator differs, which does not
// matter for timing).
struct BenchData {
  static constexpr int64_t kN = 10'000'000;
  Array a, b, o, a32, b32, o32, h1, h2, i1, i2, m, s1k, s1kb, s1ko;
  // The extra reduction and cast workloads' data (bench/reduction_workloads.py).
  Array i32, zeros_f64, all_true;
  // The small call's operands, built once as a host calling in a loop would.
  std::array<Array, 2> small_in;
  UFuncOptions small_out;

  BenchData() {
    std::mt19937_64 gen(0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto random = [&](Shape shape) {
      Array r = empty(shape, dtypes::float64());
      auto* p = reinterpret_cast<double*>(r.data());
      for (int64_t i = 0; i < r.size(); ++i)
        p[i] = unit(gen);
      return r;
    };
    auto integers = [&](int64_t n) {
      Array r = empty({n}, dtypes::int64());
      std::uniform_int_distribution<int64_t> dist(0, (int64_t{1} << 40) - 1);
      auto* p = reinterpret_cast<int64_t*>(r.data());
      for (int64_t i = 0; i < n; ++i)
        p[i] = dist(gen);
      return r;
    };
    a = random({kN});
    b = random({kN});
    o = empty({kN}, dtypes::float64());
    a32 = astype(a, dtypes::float32());
    b32 = astype(b, dtypes::float32());
    o32 = empty({kN}, dtypes::float32());
    h1 = astype(getitem(a, parse_index(":1000000", {})), dtypes::float16());
    h2 = astype(getitem(b, parse_index(":1000000", {})), dtypes::float16());
    i1 = integers(kN);
    i2 = integers(kN);
    m = random({4000, 4000});
    s1k = getitem(a, parse_index(":1000", {}));
    s1kb = getitem(b, parse_index(":1000", {}));
    s1ko = getitem(o, parse_index(":1000", {}));
    small_in = {s1k, s1kb};
    i32 = astype(i1, dtypes::int32());
    zeros_f64 = zeros({kN}, dtypes::float64());
    all_true = ufunc_call(Registry::global().ufunc("greater_equal"),
                          std::array{a, full({}, Scalar(0.0), dtypes::float64())})[0];
    small_out.out.emplace_back(s1ko);
  }
};

// A host looks its ufuncs up once; the timed part is the call (resolution, planning, dispatch
// and the loop), as in NumPy's `np.add(a, b, out=o)`.
const UFunc& ufunc(const char* name) {
  return Registry::global().ufunc(name);
}

std::vector<Array> call(const UFunc& u, std::span<const Array> in,
                        const std::optional<Array>& out = std::nullopt) {
  UFuncOptions options;
  if (out) options.out.emplace_back(*out);
  return ufunc_call(u, in, options);
}

using Workload = std::function<void()>;

// Name -> workload, in the order of numpy_workloads.py. Bytes moved (for GB/s) are reported by
// the comparison script from the same sizes.
std::vector<std::pair<std::string, Workload>> workloads(const BenchData& d) {
  const UFunc& add = ufunc("add");
  const UFunc& mul = ufunc("multiply");
  const UFunc& exp = ufunc("exp");
  const UFunc& sqrt = ufunc("sqrt");
  const UFunc& sin = ufunc("sin");
  const UFunc& bit_and = ufunc("bitwise_and");
  return {
      {"add_f64_1e7",
       [&] {
         call(add, std::array{d.a, d.b}, d.o);
       }},
      {"add_f32_1e7",
       [&] {
         call(add, std::array{d.a32, d.b32}, d.o32);
       }},
      {"mul_f64_1e7",
       [&] {
         call(mul, std::array{d.a, d.b}, d.o);
       }},
      // A host calling in a loop keeps its operands and options (built once in BenchData).
      {"add_f64_1e3", [&] { ufunc_call(add, d.small_in, d.small_out); }},
      {"exp_f64_1e7", [&] { call(exp, std::array{d.a}, d.o); }},
      {"sqrt_f64_1e7", [&] { call(sqrt, std::array{d.a}, d.o); }},
      {"sin_f32_1e7", [&] { call(sin, std::array{d.a32}, d.o32); }},
      {"add_f16_1e6",
       [&] {
         call(add, std::array{d.h1, d.h2});
       }},
      {"bitand_i64_1e7",
       [&] {
         call(bit_and, std::array{d.i1, d.i2});
       }},
      {"add_bcast_4000x1_1x4000",
       [&] {
         call(add, std::array{getitem(d.m, parse_index(":, :1", {})),
                              getitem(d.m, parse_index(":1, :", {}))});
       }},
      {"add_transposed_4000sq",
       [&] {
         call(add, std::array{d.m, transpose(d.m)});
       }},
      {"add_strided_step2",
       [&] {
         call(add, std::array{getitem(d.a, parse_index("::2", {})),
                              getitem(d.b, parse_index("::2", {}))});
       }},
      {"cast_f64_to_f32_1e7", [&] { astype(d.a, dtypes::float32()); }},
      {"sum_f64_1e7", [&] { sum(d.a); }},
      {"sum_axis0_4000sq",
       [&] {
         ReductionArgs r;
         r.axis = Axes{0};
         sum(d.m, r);
       }},
      {"sum_axis1_4000sq",
       [&] {
         ReductionArgs r;
         r.axis = Axes{1};
         sum(d.m, r);
       }},
      // The extra workloads of bench/reduction_workloads.py.
      {"argmax_f64_1e7", [&] { argmax(d.a); }},
      {"argmin_i32_1e7", [&] { argmin(d.i32); }},
      {"max_f32_1e7", [&] { amax(d.a32); }},
      {"max_i64_1e7", [&] { amax(d.i1); }},
      {"min_i32_1e7", [&] { amin(d.i32); }},
      {"any_f64_1e7", [&] { any(d.zeros_f64); }},
      {"all_bool_1e7", [&] { all(d.all_true); }},
      {"cast_i64_to_f64_1e7", [&] { astype(d.i1, dtypes::float64()); }},
      {"cast_f32_to_f16_1e7", [&] { astype(d.a32, dtypes::float16()); }},
  };
}

double median_ms(const Workload& w, int runs) {
  w();  // warm-up, as numpy_workloads.py
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    w();
    auto stop = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// A streaming copy of 8e7 bytes (read 8e7, write 8e7) split over the engine's thread count, the
// memory bandwidth reference for the memory-bound workloads.
double stream_gbs(int runs) {
  const size_t n = 10'000'000;
  Array src = full({static_cast<int64_t>(n)}, Scalar(1.0), dtypes::float64());
  Array dst = zeros({static_cast<int64_t>(n)}, dtypes::float64());
  const int threads = std::max(1, num_threads());
  Workload copy = [&] {
    std::vector<std::thread> workers;
    const size_t part = (n + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
    for (int t = 0; t < threads; ++t) {
      const size_t begin = std::min(n, part * static_cast<size_t>(t));
      const size_t count = std::min(n, begin + part) - begin;
      workers.emplace_back([&, begin, count] {
        std::memcpy(dst.data() + begin * 8, src.data() + begin * 8, count * 8);
      });
    }
    for (auto& w : workers)
      w.join();
  };
  double ms = median_ms(copy, runs);
  return 2.0 * static_cast<double>(n * sizeof(double)) / (ms * 1e6);
}

// Resolution + planning + dispatch of add on 1,000 contiguous float64 (out= given): the median
// time of ufunc_call minus the median time of calling the loop the engine runs for it directly
// (the contiguous slot when the loop has one), in ns.
double call_overhead_ns() {
  const UFunc& add = ufunc("add");
  Array a = full({1000}, Scalar(1.5), dtypes::float64());
  Array b = full({1000}, Scalar(2.5), dtypes::float64());
  Array o = empty({1000}, dtypes::float64());
  std::array<Array, 2> in{a, b};
  UFuncOptions options;
  options.out.emplace_back(o);
  std::vector<DType> types{a.dtype(), b.dtype()};
  std::vector<std::optional<DType>> none(3);
  const UFunc::Resolved r = add.resolve(types, none, Casting::SameKind);
  char* args[3] = {reinterpret_cast<char*>(a.data()), reinterpret_cast<char*>(b.data()),
                   reinterpret_cast<char*>(o.data())};
  int64_t dims[1] = {1000};
  int64_t steps[3] = {8, 8, 8};
  constexpr int kCalls = 20000;
  auto per_call_ns = [](const Workload& w) {
    std::vector<double> v;
    for (int rep = 0; rep < 15; ++rep) {
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < kCalls; ++i)
        w();
      auto stop = std::chrono::steady_clock::now();
      v.push_back(std::chrono::duration<double, std::nano>(stop - start).count() / kCalls);
    }
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double call = per_call_ns([&] { ufunc_call(add, in, options); });
  const NpStridedLoop run = r.loop->contiguous != nullptr ? r.loop->contiguous : r.loop->loop;
  const double loop = per_call_ns([&] {
    NpLoopContext ctx{static_cast<uint32_t>(sizeof(NpLoopContext)), 0};
    run(&ctx, args, dims, steps, r.loop->data);
  });
  return call - loop;
}

}  // namespace

int bench_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  bool as_json = false;
  bool list_only = false;
  bool stream = false;
  bool overhead = false;
  int runs = 7;
  std::vector<std::string> names;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") {
      as_json = true;
    } else if (args[i] == "--list") {
      list_only = true;
    } else if (args[i] == "--stream") {
      stream = true;
    } else if (args[i] == "--overhead") {
      overhead = true;
    } else if (args[i] == "--runs" && i + 1 < args.size()) {
      try {
        runs = std::stoi(args[++i]);
      } catch (const std::exception&) {
        runs = 0;
      }
      if (runs < 1 || runs > 1000000) {
        err << "--runs needs a count from 1 to 1000000\n";
        return 2;
      }
    } else {
      names.push_back(args[i]);
    }
  }
  // The names are known without building the data (about 0.5 GB).
  const std::vector<std::string> known = {
      "add_f64_1e7", "add_f32_1e7", "mul_f64_1e7", "add_f64_1e3", "exp_f64_1e7", "sqrt_f64_1e7",
      "sin_f32_1e7", "add_f16_1e6", "bitand_i64_1e7", "add_bcast_4000x1_1x4000",
      "add_transposed_4000sq", "add_strided_step2", "cast_f64_to_f32_1e7", "sum_f64_1e7",
      "sum_axis0_4000sq", "sum_axis1_4000sq",
      // bench/reduction_workloads.py
      "argmax_f64_1e7", "argmin_i32_1e7", "max_f32_1e7", "max_i64_1e7", "min_i32_1e7",
      "any_f64_1e7", "all_bool_1e7", "cast_i64_to_f64_1e7", "cast_f32_to_f16_1e7"};
  if (list_only) {
    for (const auto& n : known)
      out << n << '\n';
    return 0;
  }
  std::vector<std::string> unknown;
  for (const auto& n : names) {
    if (std::find(known.begin(), known.end(), n) == known.end()) unknown.push_back(n);
  }
  if (!unknown.empty()) {
    err << "unknown workloads:";
    for (const auto& n : unknown)
      err << ' ' << n;
    err << '\n';
    return 2;
  }
  BenchData data;
  auto table = workloads(data);
  nlohmann::ordered_json result;
  for (const auto& [name, w] : table) {
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
    double ms = median_ms(w, runs);
    result[name] = std::round(ms * 1e6) / 1e6;
  }
  if (stream) result["stream_copy_gbs"] = std::round(stream_gbs(runs) * 100) / 100;
  if (overhead) result["call_overhead_ns"] = std::round(call_overhead_ns() * 10) / 10;
  if (as_json) {
    out << result.dump() << '\n';
  } else {
    for (const auto& [name, ms] : result.items()) {
      out << std::left << std::setw(28) << name << ' ' << std::right << std::setw(10) << std::fixed
          << std::setprecision(3) << ms.get<double>()
          << (name == "stream_copy_gbs"    ? " GB/s"
              : name == "call_overhead_ns" ? " ns"
                                           : " ms")
          << '\n';
    }
  }
  return 0;
}

}  // namespace np::tool
