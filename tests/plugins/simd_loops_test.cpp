// Every SIMD loop the project's plugins register, against its baseline, per SIMD target: the
// plugins are loaded into a scratch registry and every loop whose target is the level under test
// is enumerated (no hand-kept list). Its contiguous slot is called directly, as the engine calls
// it (contiguous operands, a broadcast scalar input, in place; unaligned starts; lengths around
// the vector widths and pairwise-sum blocks; NaN, signed zeros, infinities, subnormals), and
// compared bit for bit, floating-point flags included, with the registered loop (the baseline
// loop, or the reduction loop that hands these calls to it). libmvec's exp, log, sin, cos, tan and
// tanh may differ within the conformance suite's bound (4 ULP, tests/conformance/arith_ufuncs.py).
// Reductions (acc = loop(acc, chunk)) of a contiguous chunk, which the SIMD reduction loops take,
// are compared with the same chunk strided, which they hand to the baseline.
//
// A level the CPU lacks is skipped; the plugins register the highest level the CPU (and
// NUMPY_PLUGINS_CPU_CAP) allows, so lower levels run under a cap (PluginSimdLoops.cap_avx2).
#include <gtest/gtest.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "np/dtype.hpp"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/simd_level.hpp"
#include "np/ufunc.hpp"

namespace np {
namespace {

using kernels::SimdLevel;

struct RegisteredLoop {
  std::string ufunc;
  const UFuncLoop* loop;
};

// The project's plugins, loaded once into a registry of their own.
Registry& plugin_registry() {
  static Registry* registry = [] {
    auto* r = new Registry;  // lives for the process: its loops point into the plugins
    register_core_functions(*r);
    for (const auto& record : plugins::load_path(*r, {NP_PLUGIN_DIR})) {
      EXPECT_EQ(record.status, plugins::PluginStatus::Loaded)
          << record.path << ": " << record.reason;
    }
    return r;
  }();
  return *registry;
}

std::vector<RegisteredLoop> loops_of_target(const std::string& target) {
  std::vector<RegisteredLoop> out;
  Registry& registry = plugin_registry();
  for (const FunctionInfo& info : registry.list()) {
    if (info.kind != FunctionKind::UFunc) continue;
    const UFunc* ufunc = registry.find_ufunc(info.name);
    for (const UFuncLoop& loop : ufunc->loops()) {
      if (loop.target == target) out.push_back({info.name, &loop});
    }
  }
  return out;
}

bool approximate(const std::string& ufunc);

// Whether the SIMD loop raises the baseline's hardware flags. Not for comparisons and
// maximum/minimum (vector compares are quiet, the scalar ones signal FE_INVALID on NaN; the
// engine's NaN handling does not depend on it) nor float16 (F16C's float -> half conversion
// raises overflow/underflow, np::float_to_half raises nothing).
bool flags_comparable(const std::string& ufunc, TypeId out) {
  static const std::set<std::string> kCompares = {
      "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "maximum", "minimum"};
  return kCompares.count(ufunc) == 0 && out != TypeId::Float16 && !approximate(ufunc);
}

bool approximate(const std::string& ufunc) {
  static const std::set<std::string> kMvec = {"exp", "log", "sin", "cos", "tan", "tanh"};
  return kMvec.count(ufunc) != 0;
}

// Random elements of a builtin type: for floats a mix of moderate values (inside libmvec's safe
// ranges), wide magnitudes and special values; random bits for integers; 0/1 for bool.
class ElementSource {
 public:
  explicit ElementSource(uint32_t seed) : rng_(seed) {}

  void fill(TypeId id, char* p, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
      element(id, p + i * DType(id).itemsize());
  }

 private:
  template <class F>
  F real() {
    static const F kSpecial[] = {std::numeric_limits<F>::quiet_NaN(),
                                 -std::numeric_limits<F>::quiet_NaN(),
                                 F(0.0),
                                 F(-0.0),
                                 std::numeric_limits<F>::infinity(),
                                 -std::numeric_limits<F>::infinity(),
                                 std::numeric_limits<F>::denorm_min(),
                                 std::numeric_limits<F>::min(),
                                 std::numeric_limits<F>::max(),
                                 F(1.0)};
    const uint32_t pick = rng_() % 100;
    if (pick < 5) return kSpecial[rng_() % std::size(kSpecial)];
    if (pick < 20) {  // wide magnitudes, either sign
      const F m = static_cast<F>(
          std::ldexp(1.0 + (rng_() % 1000) / 1000.0, static_cast<int>(rng_() % 200) - 100));
      return rng_() % 2 != 0 ? m : -m;
    }
    std::uniform_real_distribution<double> moderate(-20.0, 20.0);
    return static_cast<F>(moderate(rng_));
  }

  void element(TypeId id, char* p) {
    switch (id) {
      case TypeId::Bool: {
        const uint8_t v = rng_() % 2;
        std::memcpy(p, &v, 1);
        return;
      }
      case TypeId::Float16: {
        const uint16_t bits = float_to_half(real<float>());
        std::memcpy(p, &bits, 2);
        return;
      }
      case TypeId::Float32: {
        const float v = real<float>();
        std::memcpy(p, &v, 4);
        return;
      }
      case TypeId::Float64: {
        const double v = real<double>();
        std::memcpy(p, &v, 8);
        return;
      }
      default:  // integers: random bits
        for (int64_t k = 0; k < DType(id).itemsize(); ++k)
          p[k] = static_cast<char>(rng_());
    }
  }

  std::mt19937 rng_;
};

// Monotone integer image of an IEEE float, for ULP distances.
template <class F, class I>
int64_t ordered(const char* p) {
  I bits;
  std::memcpy(&bits, p, sizeof(I));
  const int64_t v = static_cast<int64_t>(bits & ~(I{1} << (sizeof(I) * 8 - 1)));
  return (bits >> (sizeof(I) * 8 - 1)) != 0 ? -v : v;
}

// Both float32/float64 NaNs. Which NaN a binary operation returns when both operands are NaN
// (and so its sign and payload) depends on the compiler's operand order, which differs between
// the release and the sanitizer builds; NumPy does not define it either.
bool both_nan(TypeId id, const char* got, const char* want) {
  auto nan_pair = [&]<class F>(F g, F w) {
    std::memcpy(&g, got, sizeof(F));
    std::memcpy(&w, want, sizeof(F));
    return std::isnan(g) && std::isnan(w);
  };
  if (id == TypeId::Float32) return nan_pair(0.0f, 0.0f);
  if (id == TypeId::Float64) return nan_pair(0.0, 0.0);
  return false;
}

// Element k of outputs `got` and `want` (type id) agree: equal bits, both NaN, or for an
// approximate function both finite floats within 4 ULP.
bool agrees(TypeId id, bool approx, const char* got, const char* want) {
  const int64_t size = DType(id).itemsize();
  if (std::memcmp(got, want, static_cast<size_t>(size)) == 0) return true;
  if (both_nan(id, got, want)) return true;
  if (!approx) return false;
  int64_t a = 0;
  int64_t b = 0;
  if (id == TypeId::Float32) {
    float g, w;
    std::memcpy(&g, got, 4);
    std::memcpy(&w, want, 4);
    if (!std::isfinite(g) || !std::isfinite(w)) return false;
    a = ordered<float, uint32_t>(got);
    b = ordered<float, uint32_t>(want);
  } else if (id == TypeId::Float64) {
    double g, w;
    std::memcpy(&g, got, 8);
    std::memcpy(&w, want, 8);
    if (!std::isfinite(g) || !std::isfinite(w)) return false;
    a = ordered<double, uint64_t>(got);
    b = ordered<double, uint64_t>(want);
  } else {
    return false;
  }
  return std::llabs(a - b) <= 4;
}

// One call's operand layout: input k broadcast (step 0) or not, output in place on input 0.
struct Layout {
  int64_t n;
  int64_t misalign;  // bytes added to every operand's start
  std::vector<bool> broadcast;
  bool in_place;
};

constexpr int kFlags = FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW;

struct Outcome {
  std::vector<char> out;
  int flags = 0;
  int rc = 0;
};

// Runs `fn` on copies of `inputs` laid out as `layout`; returns the output bytes and flags.
Outcome run(NpStridedLoop fn, void* data, const UFuncLoop& loop, const Layout& layout,
            const std::vector<std::vector<char>>& inputs) {
  const size_t nargs = loop.types.size();
  const size_t nin = static_cast<size_t>(loop.nin);
  std::vector<std::vector<char>> buffers(nargs);
  std::vector<char*> args(nargs);
  std::vector<int64_t> steps(nargs);
  for (size_t k = 0; k < nargs; ++k) {
    const int64_t size = DType(loop.types[k]).itemsize();
    const bool scalar = k < nin && layout.broadcast[k];
    steps[k] = scalar ? 0 : size;
    buffers[k].assign(static_cast<size_t>((scalar ? 1 : layout.n) * size + 64), '\0');
    args[k] = buffers[k].data() + layout.misalign;
    if (k < nin)
      std::memcpy(args[k], inputs[k].data(),
                  static_cast<size_t>(steps[k] == 0 ? size : layout.n * size));
  }
  if (layout.in_place) args[nin] = args[0];
  NpLoopContext ctx{};
  ctx.struct_size = sizeof(NpLoopContext);
  const int64_t dims[1] = {layout.n};
  Outcome o;
  std::feclearexcept(FE_ALL_EXCEPT);
  o.rc = fn(&ctx, args.data(), dims, steps.data(), data);
  o.flags = std::fetestexcept(kFlags);
  const int64_t out_size = DType(loop.types[nin]).itemsize();
  o.out.assign(args[nin], args[nin] + layout.n * out_size);
  return o;
}

std::string describe(const RegisteredLoop& r, const Layout& l) {
  std::string s = r.ufunc + " " + r.loop->signature() + " n=" + std::to_string(l.n) +
                  " misalign=" + std::to_string(l.misalign);
  for (size_t k = 0; k < l.broadcast.size(); ++k) {
    if (l.broadcast[k]) s += " broadcast input " + std::to_string(k);
  }
  if (l.in_place) s += " in place";
  return s;
}

void check_contiguous(const RegisteredLoop& r, const Layout& layout, ElementSource& source) {
  const UFuncLoop& loop = *r.loop;
  const size_t nin = static_cast<size_t>(loop.nin);
  std::vector<std::vector<char>> inputs(nin);
  for (size_t k = 0; k < nin; ++k) {
    const int64_t count = std::max<int64_t>(layout.n, 1);  // a broadcast input has one element
    inputs[k].resize(static_cast<size_t>(count * DType(loop.types[k]).itemsize()));
    source.fill(loop.types[k], inputs[k].data(), count);
  }
  const Outcome got = run(loop.contiguous, loop.data, loop, layout, inputs);
  const Outcome want = run(loop.loop, loop.data, loop, layout, inputs);
  ASSERT_EQ(got.rc, want.rc) << describe(r, layout);
  const TypeId out_id = loop.types[nin];
  const int64_t size = DType(out_id).itemsize();
  const bool approx = approximate(r.ufunc);
  for (int64_t i = 0; i < layout.n; ++i) {
    ASSERT_TRUE(agrees(out_id, approx, got.out.data() + i * size, want.out.data() + i * size))
        << describe(r, layout) << ": element " << i << " differs";
  }
  if (flags_comparable(r.ufunc, out_id)) {
    EXPECT_EQ(got.flags, want.flags) << describe(r, layout) << ": flags differ";
  }
}

bool is_nan(TypeId id, const char* p) {
  if (id == TypeId::Float32) {
    float v;
    std::memcpy(&v, p, 4);
    return std::isnan(v);
  }
  if (id == TypeId::Float64) {
    double v;
    std::memcpy(&v, p, 8);
    return std::isnan(v);
  }
  return false;
}

// acc = loop(acc, chunk) over a contiguous chunk (the SIMD reduction, where the loop has one)
// and over the same chunk with a step of two elements (the baseline's).
void check_reduction(const RegisteredLoop& r, int64_t n, ElementSource& source) {
  const UFuncLoop& loop = *r.loop;
  const TypeId id = loop.types[0];
  const int64_t s = DType(id).itemsize();
  std::vector<char> chunk(static_cast<size_t>(n * s + 1));
  source.fill(id, chunk.data() + 1, n);  // unaligned
  std::vector<char> strided(static_cast<size_t>(2 * n * s + 1));
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(strided.data() + 2 * i * s, chunk.data() + 1 + i * s, static_cast<size_t>(s));
  std::vector<char> initial(static_cast<size_t>(s));
  source.fill(id, initial.data(), 1);
  auto reduce = [&](char* data, int64_t step, int& flags) {
    std::vector<char> acc = initial;
    char* args[3] = {acc.data(), data, acc.data()};
    const int64_t dims[1] = {n};
    const int64_t steps[3] = {0, step, 0};
    NpLoopContext ctx{};
    ctx.struct_size = sizeof(NpLoopContext);
    std::feclearexcept(FE_ALL_EXCEPT);
    loop.loop(&ctx, args, dims, steps, loop.data);
    flags = std::fetestexcept(kFlags);
    return acc;
  };
  int got_flags = 0;
  int want_flags = 0;
  const std::vector<char> got = reduce(chunk.data() + 1, s, got_flags);
  const std::vector<char> want = reduce(strided.data(), 2 * s, want_flags);
  // A NaN sum's sign depends on which NaN operand x86 propagates (the first), and compilers
  // order commutative vector operands freely: any NaN matches any NaN.
  const bool both_nan = is_nan(id, got.data()) && is_nan(id, want.data());
  EXPECT_TRUE(got == want || both_nan) << r.ufunc << " " << loop.signature() << " reduce n=" << n;
  if (flags_comparable(r.ufunc, id)) {
    EXPECT_EQ(got_flags, want_flags) << r.ufunc << " " << loop.signature() << " reduce n=" << n;
  }
}

bool reducible(const UFuncLoop& loop) {
  return loop.nin == 2 && loop.types.size() == 3 && loop.types[0] == loop.types[1] &&
         loop.types[1] == loop.types[2];
}

class PluginSimdLoops : public ::testing::TestWithParam<SimdLevel> {};

TEST_P(PluginSimdLoops, MatchTheBaselineBitForBit) {
  const SimdLevel level = GetParam();
  const uint64_t features = plugins::cpu_features();
  if (!kernels::supports(features, level)) GTEST_SKIP() << "this CPU lacks the level";
  if (kernels::best_simd_level(features) != level) {
    GTEST_SKIP() << "the plugins register a higher level here; run with NUMPY_PLUGINS_CPU_CAP";
  }
  const std::vector<RegisteredLoop> loops = loops_of_target(kernels::simd_level_name(level));
  ASSERT_GT(loops.size(), 50u) << "no SIMD loops registered for the level";
  ElementSource source(20261201);
  const int64_t kLengths[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 129, 1000};
  int contiguous_slots = 0;
  for (const RegisteredLoop& r : loops) {
    SCOPED_TRACE(r.ufunc + " " + r.loop->signature());
    ASSERT_NE(r.loop->contiguous, nullptr) << "a SIMD target without a contiguous slot";
    ++contiguous_slots;
    const size_t nin = static_cast<size_t>(r.loop->nin);
    const bool same_type_out = r.loop->types[nin] == r.loop->types[0];
    for (int64_t n : kLengths) {
      for (int64_t misalign : {0, 1}) {
        std::vector<bool> none(nin, false);
        check_contiguous(r, {n, misalign, none, false}, source);
        if (same_type_out) check_contiguous(r, {n, misalign, none, true}, source);
        for (size_t k = 0; k < nin; ++k) {
          std::vector<bool> one(nin, false);
          one[k] = true;
          check_contiguous(r, {n, misalign, one, false}, source);
        }
      }
    }
    if (reducible(*r.loop)) {
      for (int64_t n : {1, 8, 16, 17, 100, 128, 129, 1000, 4099})
        check_reduction(r, n, source);
    }
  }
  EXPECT_GT(contiguous_slots, 0);
}

INSTANTIATE_TEST_SUITE_P(Targets, PluginSimdLoops,
                         ::testing::Values(SimdLevel::Avx2, SimdLevel::Avx512),
                         [](const auto& info) {
                           return std::string(kernels::simd_level_name(info.param));
                         });

}  // namespace
}  // namespace np
