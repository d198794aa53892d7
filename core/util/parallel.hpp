// The core's use of oneTBB (kept out of public headers): fixed blocks on arenas of a given
// concurrency, used by the executor and by large conversions. Internal to the core.
#pragma once

#include <cstdint>
#include <functional>

namespace np::parallel {

// Calls (elementwise and reductions) below this many elements stay on the calling thread.
inline constexpr int64_t kParallelMinElements = 1 << 17;
// Elements per block (a multiple of kBufferSize, so buffered chunks align with blocks).
inline constexpr int64_t kParallelGrain = 1 << 16;

// The thread count for a call: `requested` (> 0), else the scoped limit, else the global one.
int effective_threads(int requested);

// Runs body(0) ... body(blocks - 1) on an arena of `threads` threads (the caller joins in);
// returns when all are done. Exceptions thrown by a block are rethrown here.
void parallel_blocks(int threads, int64_t blocks, const std::function<void(int64_t)>& body);

}  // namespace np::parallel
