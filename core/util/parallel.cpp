// Thread-count settings and the arenas (np/threading.hpp, engine/parallel.hpp).
#include "util/parallel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "np/errors.hpp"
#include "np/threading.hpp"
#include "util/logging.hpp"

namespace np {

namespace {

int initial_threads() {
  if (const char* env = std::getenv("NUMPY_PLUGINS_NUM_THREADS")) {
    try {
      int n = std::stoi(env);
      if (n >= 1 && n <= 1024) return n;
    } catch (const std::exception&) {  // reported below
    }
    core_logger().warn(
        "NUMPY_PLUGINS_NUM_THREADS='{}' is not a count from 1 to 1024; using the "
        "number of cores",
        env);
  }
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

std::atomic<int>& global_threads() {
  static std::atomic<int> n{initial_threads()};
  return n;
}

thread_local int t_limit = 0;  // 0: no scoped limit

}  // namespace

void set_num_threads(int n) {
  if (n < 1 || n > 1024) throw ValueError("num_threads must be between 1 and 1024");
  global_threads().store(n);
}

int num_threads() {
  return global_threads().load();
}

ThreadLimit::ThreadLimit(int n) : previous_(t_limit) {
  if (n < 1) throw ValueError("a thread limit must be at least 1");
  t_limit = n;
}

ThreadLimit::~ThreadLimit() {
  t_limit = previous_;
}

namespace parallel {

int effective_threads(int requested) {
  if (requested > 0) return requested;
  if (t_limit > 0) return t_limit;
  return num_threads();
}

namespace {
// One arena per concurrency, created on first use and kept (never destroyed: worker threads
// may still be winding down when static destructors run).
tbb::task_arena& arena_for(int threads) {
  static std::mutex mutex;
  static auto* arenas = new std::map<int, std::unique_ptr<tbb::task_arena>>();
  std::lock_guard lock(mutex);
  auto& slot = (*arenas)[threads];
  if (!slot) slot = std::make_unique<tbb::task_arena>(threads);
  return *slot;
}
}  // namespace

void parallel_blocks(int threads, int64_t blocks, const std::function<void(int64_t)>& body) {
  arena_for(threads).execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<int64_t>(0, blocks, 1),
        [&](const tbb::blocked_range<int64_t>& r) {
          for (int64_t b = r.begin(); b != r.end(); ++b)
            body(b);
        },
        tbb::simple_partitioner());
  });
}

}  // namespace parallel

}  // namespace np
