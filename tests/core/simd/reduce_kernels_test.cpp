// The core's reduction kernels (simd/reduce_kernels.hpp): every target this CPU runs against a
// scalar reference, for every dtype with kernels, on lengths around the block size, with NaNs,
// signed zeros and ties planted; then argmax/argmin/any/all through the routines, threaded and
// not, against the generic paths.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/manipulation.hpp"
#include "np/routines.hpp"
#include "np/threading.hpp"
#include "simd/reduce_kernels.hpp"

namespace np {
namespace {

bool same_bytes(const Array& a, const Array& b) {
  Array ca = copy(a, Order::C), cb = copy(b, Order::C);
  return ca.dtype() == cb.dtype() && ca.shape() == cb.shape() &&
         std::memcmp(ca.data(), cb.data(), static_cast<size_t>(ca.nbytes())) == 0;
}

template <class T>
int64_t reference_arg(const std::vector<T>& v, bool is_max) {
  int64_t best = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v[i])) return static_cast<int64_t>(i);
    }
    if (is_max ? v[i] > v[static_cast<size_t>(best)] : v[i] < v[static_cast<size_t>(best)]) {
      best = static_cast<int64_t>(i);
    }
  }
  return best;
}

template <class T>
bool reference_truth(const std::vector<T>& v, bool all) {
  for (const T& x : v) {
    const bool nonzero = !(x == T(0));
    if (all && !nonzero) return false;
    if (!all && nonzero) return true;
  }
  return all;
}

// Lengths around the kernels' block (2048) and vector widths, and a misaligned start.
const std::vector<int64_t> kLengths = {1,  2,    3,    7,    15,   16,   17,   63,   64,
                                       65, 2047, 2048, 2049, 2050, 4097, 6145, 10001};

template <class T>
std::vector<T> random_values(std::mt19937_64& gen, int64_t n, int pattern) {
  std::vector<T> v(static_cast<size_t>(n));
  std::uniform_int_distribution<int> small(-40, 40);
  for (auto& x : v) {
    int r = small(gen);
    if constexpr (std::is_unsigned_v<T>) r = std::abs(r);
    x = static_cast<T>(r);
  }
  std::uniform_int_distribution<int64_t> pos(0, n - 1);
  switch (pattern) {
    case 1:  // extremes of the type, several times (ties)
      for (int k = 0; k < 3; ++k) {
        v[static_cast<size_t>(pos(gen))] = std::numeric_limits<T>::max();
        v[static_cast<size_t>(pos(gen))] = std::numeric_limits<T>::lowest();
      }
      break;
    case 2:  // all equal
      std::fill(v.begin(), v.end(), T(5));
      break;
    case 3:  // ascending (every block improves the extreme)
      for (int64_t i = 0; i < n; ++i)
        v[static_cast<size_t>(i)] = static_cast<T>(i % 100);
      break;
    case 4:  // NaNs (floats) or zeros (integers) planted
      for (int k = 0; k < 2; ++k) {
        if constexpr (std::is_floating_point_v<T>) {
          v[static_cast<size_t>(pos(gen))] = std::numeric_limits<T>::quiet_NaN();
        } else {
          v[static_cast<size_t>(pos(gen))] = T(0);
        }
      }
      break;
    case 5:  // signed zeros as the extremes, and all zero otherwise for the truth kernels
      for (auto& x : v)
        x = std::is_signed_v<T> ? static_cast<T>(-std::abs(static_cast<double>(x))) : T(0);
      if constexpr (std::is_floating_point_v<T>) {
        v[static_cast<size_t>(pos(gen))] = T(-0.0);
        v[static_cast<size_t>(pos(gen))] = T(0.0);
      }
      break;
    case 6:  // all zero but one element (any must find it; all must fail)
      std::fill(v.begin(), v.end(), T(0));
      if constexpr (std::is_floating_point_v<T>) {
        for (size_t i = 0; i < v.size(); i += 3)
          v[i] = T(-0.0);
      }
      v[static_cast<size_t>(pos(gen))] =
          std::is_floating_point_v<T> && n % 2 ? std::numeric_limits<T>::quiet_NaN() : T(1);
      break;
    case 7:  // all nonzero
      for (auto& x : v)
        x = x == T(0) ? T(1) : x;
      break;
    default:
      break;
  }
  return v;
}

template <class T>
void check_type(const simd::ReduceKernels& k, size_t id) {
  std::mt19937_64 gen(id * 7919 + 1);
  for (int64_t n : kLengths) {
    for (int pattern = 0; pattern <= 7; ++pattern) {
      std::vector<T> v = random_values<T>(gen, n, pattern);
      // One byte of offset: the kernels must not assume alignment.
      std::vector<std::byte> bytes(v.size() * sizeof(T) + 1);
      std::memcpy(bytes.data() + 1, v.data(), v.size() * sizeof(T));
      const std::byte* data = bytes.data() + 1;
      SCOPED_TRACE(std::string(k.target) + " type " + std::to_string(id) + " n " +
                   std::to_string(n) + " pattern " + std::to_string(pattern));
      ASSERT_NE(k.argmax[id], nullptr);
      EXPECT_EQ(k.argmax[id](data, n), reference_arg(v, true));
      EXPECT_EQ(k.argmin[id](data, n), reference_arg(v, false));
      EXPECT_EQ(k.any[id](data, n), reference_truth(v, false));
      EXPECT_EQ(k.all[id](data, n), reference_truth(v, true));
    }
  }
  EXPECT_FALSE(k.any[id](nullptr, 0));
  EXPECT_TRUE(k.all[id](nullptr, 0));
}

TEST(ReduceKernels, EveryTargetMatchesTheScalarReference) {
  auto tables = simd::runnable_reduce_kernels();
  ASSERT_GE(tables.size(), 1u);
  EXPECT_STREQ(tables.front()->target, "sse2");
  for (const simd::ReduceKernels* k : tables) {
    check_type<int8_t>(*k, 1);
    check_type<uint8_t>(*k, 2);
    check_type<int16_t>(*k, 3);
    check_type<uint16_t>(*k, 4);
    check_type<int32_t>(*k, 5);
    check_type<uint32_t>(*k, 6);
    check_type<int64_t>(*k, 7);
    check_type<uint64_t>(*k, 8);
    check_type<float>(*k, 10);
    check_type<double>(*k, 11);
    // bool: truth kernels only (bytes other than 0/1 are true)
    EXPECT_EQ(k->argmax[0], nullptr);
    const std::vector<uint8_t> b = {0, 0, 0, 2, 0};
    EXPECT_TRUE(k->any[0](reinterpret_cast<const std::byte*>(b.data()), 5));
    EXPECT_FALSE(k->all[0](reinterpret_cast<const std::byte*>(b.data()), 5));
    EXPECT_EQ(k->any[9], nullptr);  // float16 has none
  }
  EXPECT_EQ(&simd::reduce_kernels(), tables.back());
}

// argmax/argmin through the routine: long lanes split over threads give the serial answer,
// ties across parts included.
TEST(ReduceKernels, ThreadedArgExtremeIsTheSerialOne) {
  const int64_t n = (1 << 20) + 3;
  Array a = zeros({n}, dtypes::float64());
  auto* p = reinterpret_cast<double*>(a.data());
  for (int64_t i = 0; i < n; ++i)
    p[i] = static_cast<double>(i % 1000);
  p[700000] = 5000.0;  // the maximum, twice: the first wins
  p[900000] = 5000.0;
  p[300000] = -1.0;  // the minimum
  for (int threads : {1, 2, 3, 7}) {
    ThreadLimit limit(threads);
    EXPECT_EQ(argmax(a).at<int64_t>({}), 700000);
    EXPECT_EQ(argmin(a).at<int64_t>({}), 300000);
    Array with_nan = copy(a);
    reinterpret_cast<double*>(with_nan.data())[800000] = std::nan("");
    reinterpret_cast<double*>(with_nan.data())[950000] = std::nan("");
    EXPECT_EQ(argmax(with_nan).at<int64_t>({}), 800000);
    EXPECT_EQ(argmin(with_nan).at<int64_t>({}), 800000);
    Array ints = astype(a, dtypes::int32());
    EXPECT_EQ(argmax(ints).at<int64_t>({}), 700000);
  }
}

// any/all with axes: the kernel path against the generic one (a where= mask of all True takes
// the generic path), on C, F and reversed layouts, every kernel dtype, threaded.
TEST(ReduceKernels, TruthReductionsMatchTheGenericPath) {
  Array base = zeros({64, 3, 700}, dtypes::float64());
  auto* p = reinterpret_cast<double*>(base.data());
  std::mt19937_64 gen(3);
  std::uniform_int_distribution<int64_t> pos(0, base.size() - 1);
  for (int k = 0; k < 40; ++k)
    p[pos(gen)] = (k % 3 == 0) ? std::nan("") : 1.0;
  for (int k = 0; k < 20; ++k)
    p[pos(gen)] = -0.0;
  Array mostly_true = copy(base);
  auto* q = reinterpret_cast<double*>(mostly_true.data());
  for (int64_t i = 0; i < mostly_true.size(); ++i)
    q[i] = (i % 9973 == 0) ? 0.0 : 2.0;
  Array all_true = full(base.shape(), Scalar(true), dtypes::bool_());
  for (const char* t : {"?", "i1", "u2", "i4", "u8", "f4", "f8"}) {
    for (const Array& src : {base, mostly_true}) {
      Array typed = astype(src, DType::parse(t));
      for (const Array& a : {typed, copy(typed, Order::F), flip(typed, std::nullopt)}) {
        for (const std::optional<Axes>& axis :
             {std::optional<Axes>{}, std::optional<Axes>{Axes{0}}, std::optional<Axes>{Axes{2}},
              std::optional<Axes>{Axes{0, 2}}, std::optional<Axes>{Axes{1}}}) {
          for (bool keepdims : {false, true}) {
            ReductionArgs r;
            r.axis = axis;
            r.keepdims = keepdims;
            ReductionArgs generic = r;
            generic.where = all_true;
            for (int threads : {1, 2}) {
              ThreadLimit limit(threads);
              Array fast_any = any(a, r), slow_any = any(a, generic);
              Array fast_all = all(a, r), slow_all = all(a, generic);
              ASSERT_EQ(fast_any.shape(), slow_any.shape()) << t;
              EXPECT_TRUE(same_bytes(fast_any, slow_any)) << t;
              EXPECT_TRUE(same_bytes(fast_all, slow_all)) << t;
            }
          }
        }
      }
    }
  }
  // Empty lanes: any of nothing is False, all of nothing is True.
  Array empty_lanes = zeros({3, 0}, dtypes::int32());
  ReductionArgs r1;
  r1.axis = Axes{1};
  EXPECT_FALSE(any(empty_lanes, r1).at<bool>({0}));
  EXPECT_TRUE(all(empty_lanes, r1).at<bool>({2}));
  EXPECT_EQ(any(zeros({0, 4}, dtypes::float32()), r1).shape(), (Shape{0}));
  // A long single lane over threads: the one nonzero at the end is found.
  Array big = zeros({3 << 20}, dtypes::float32());
  reinterpret_cast<float*>(big.data())[(3 << 20) - 1] = 1.0f;
  for (int threads : {1, 2, 3}) {
    ThreadLimit limit(threads);
    EXPECT_TRUE(any(big).at<bool>({}));
    EXPECT_FALSE(all(big).at<bool>({}));
  }
}

}  // namespace
}  // namespace np
