#include "routines/lane_reductions.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

#include "np/manipulation.hpp"
#include "util/parallel.hpp"

namespace np::detail {

namespace {

// Elements per part of a long single lane: fixed, so the split never depends on the threads.
constexpr int64_t kLanePart = parallel::kParallelGrain;

bool threaded(int64_t elements, int threads) {
  return threads > 1 && elements >= parallel::kParallelMinElements;
}

// Runs body(first, count) over blocks of lanes, on the calling thread for small work.
template <class Body>
void for_lane_blocks(int64_t n, int64_t lanes, int threads, const Body& body) {
  if (!threaded(n * lanes, threads) || lanes == 1) {
    body(int64_t{0}, lanes);
    return;
  }
  // Blocks of about kLanePart elements (at least one lane each).
  const int64_t per_block = std::max<int64_t>(1, kLanePart / std::max<int64_t>(n, 1));
  const int64_t blocks = (lanes + per_block - 1) / per_block;
  parallel::parallel_blocks(threads, blocks, [&](int64_t b) {
    const int64_t first = b * per_block;
    body(first, std::min(per_block, lanes - first));
  });
}

}  // namespace

Array reduced_axes_last(const Array& a, const Axes& reduced) {
  std::vector<int64_t> perm;
  for (int64_t i = 0; i < a.ndim(); ++i) {
    if (std::find(reduced.begin(), reduced.end(), i) == reduced.end()) perm.push_back(i);
  }
  perm.insert(perm.end(), reduced.begin(), reduced.end());
  Array t = transpose(a, Axes(perm.begin(), perm.end()));
  return t.c_contiguous() ? t : copy(t, Order::C);
}

void arg_extreme_lanes(const Array& t, int64_t n, int64_t lanes, simd::ReduceKernels::ArgExtreme fn,
                       int64_t* out) {
  const int64_t item = t.itemsize();
  const std::byte* data = t.data();
  const int threads = parallel::effective_threads(0);
  if (lanes == 1 && threaded(n, threads)) {
    const int64_t parts = (n + kLanePart - 1) / kLanePart;
    std::vector<int64_t> winner(static_cast<size_t>(parts));
    parallel::parallel_blocks(threads, parts, [&](int64_t p) {
      const int64_t begin = p * kLanePart;
      winner[static_cast<size_t>(p)] =
          begin + fn(data + begin * item, std::min(kLanePart, n - begin));
    });
    // The parts' winners side by side: fn picks the first NaN, else the first extreme.
    std::vector<std::byte> values(static_cast<size_t>(parts * item));
    for (int64_t p = 0; p < parts; ++p) {
      std::memcpy(values.data() + p * item, data + winner[static_cast<size_t>(p)] * item,
                  static_cast<size_t>(item));
    }
    out[0] = winner[static_cast<size_t>(fn(values.data(), parts))];
    return;
  }
  for_lane_blocks(n, lanes, threads, [&](int64_t first, int64_t count) {
    for (int64_t l = first; l < first + count; ++l)
      out[l] = fn(data + l * n * item, n);
  });
}

void truth_lanes(const Array& t, int64_t n, int64_t lanes, simd::ReduceKernels::Truth fn,
                 uint8_t* out) {
  const int64_t item = t.itemsize();
  const std::byte* data = t.data();
  const int threads = parallel::effective_threads(0);
  if (lanes == 1 && threaded(n, threads)) {
    // Parts in parallel; once one part decides the answer (a nonzero for any, a zero for all),
    // the parts not started yet are skipped.
    const bool empty_answer = fn(data, 0);  // any: false, all: true
    const int64_t parts = (n + kLanePart - 1) / kLanePart;
    std::atomic<bool> decided{false};
    parallel::parallel_blocks(threads, parts, [&](int64_t p) {
      if (decided.load(std::memory_order_relaxed)) return;
      const int64_t begin = p * kLanePart;
      if (fn(data + begin * item, std::min(kLanePart, n - begin)) != empty_answer) {
        decided.store(true, std::memory_order_relaxed);
      }
    });
    out[0] = static_cast<uint8_t>(decided.load() ? !empty_answer : empty_answer);
    return;
  }
  for_lane_blocks(n, lanes, threads, [&](int64_t first, int64_t count) {
    for (int64_t l = first; l < first + count; ++l)
      out[l] = static_cast<uint8_t>(fn(data + l * n * item, n));
  });
}

}  // namespace np::detail
