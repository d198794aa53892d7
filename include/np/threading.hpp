// How many threads the engine may use. Large elementwise ufunc calls and reductions split into
// fixed blocks run on a oneTBB arena the core owns (plugins own no threads): elementwise calls
// over rows or the inner axis, reductions over their outputs, and long 1-d reductions of loops
// flagged NP_LOOP_REDUCE_SPLITS / NP_LOOP_REDUCE_ASSOCIATIVE over chunks combined in order;
// small calls stay on the calling thread. Results are bit-identical for any thread count.
//
// The global count starts at NUMPY_PLUGINS_NUM_THREADS, else the number of cores. A call can
// lower or raise it for itself (UFuncOptions::num_threads, or the `num_threads=` keyword by
// name); ThreadLimit lowers it for everything the current thread runs in a scope.
// Thread safety: set_num_threads is atomic; ThreadLimit is per thread.
#pragma once

namespace np {

void set_num_threads(int n);  // ValueError unless 1 <= n <= 1024
int num_threads();            // the global count

// Scoped per-thread override: while alive, calls from this thread use at most `n` threads.
class ThreadLimit {
 public:
  explicit ThreadLimit(int n);
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

 private:
  int previous_;
};

}  // namespace np
