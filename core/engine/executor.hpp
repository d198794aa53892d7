// Runs a strided loop over operands broadcast to one shape, following an IterPlan. Operands
// whose memory dtype differs from the loop's (cast, byte order) are buffered in chunks of
// kBufferSize elements; a where= mask restricts which output elements are written.
#pragma once

#include <vector>

#include "np/array.hpp"
#include "np/loop_abi.h"

namespace np::engine {

inline constexpr int64_t kBufferSize = 8192;  // NumPy's default ufunc buffer size

struct ExecOperand {
  std::byte* data = nullptr;  // first element
  Strides strides;            // along the broadcast shape
  DType array_dtype;          // dtype in memory
  DType loop_dtype;           // dtype the loop computes in
  bool output = false;
};

struct ExecOptions {
  const ExecOperand* mask = nullptr;  // bool operand (where=), outputs written where true
  bool keep_order = false;            // iterate in C order (no axis reordering, no flips)
  bool chunk_inner = false;           // always split the inner axis at kBufferSize (reductions)
  // With a mask: call the loop once per run of selected elements instead of buffering the
  // outputs (masked reductions, whose output aliases an input). NumPy's masked loops do this.
  bool mask_runs = false;
  const char* name = "ufunc";       // the ufunc's name, for error messages
  int num_threads = 0;              // 0: the global setting (np/threading.hpp)
  bool reduce_splits = false;       // the loop's NP_LOOP_REDUCE_SPLITS (reductions only)
  bool reduce_associative = false;  // the loop's NP_LOOP_REDUCE_ASSOCIATIVE (reductions only)
};

// The NP_FPE_* bits of the calling thread's floating-point status flags.
unsigned hardware_fp_status();
// Cheaper pair for loops that compute only in SSE registers (no x87 long double): clears and
// reads the MXCSR flags alone.
void clear_sse_fp_status();
unsigned sse_fp_status();

// The floating-point status of one call path that runs loops on the calling thread (gufuncs,
// ufunc.at): made before the loops run, it clears the thread's flags; raised(flags) is what the
// loops reported through their contexts plus every hardware flag set since. Paths through
// execute() need none: it collects per block, on every thread it uses. Not shared across threads.
class FpScope {
 public:
  FpScope();
  ~FpScope();  // clears the flags again: none leaks into the caller's next measurement
  FpScope(const FpScope&) = delete;
  FpScope& operator=(const FpScope&) = delete;
  unsigned raised(unsigned loop_flags) const;
};

// Returns the NP_FPE_* bits the loop raised (hardware flags included).
unsigned execute(const Shape& shape, std::vector<ExecOperand>& operands, NpStridedLoop loop,
                 void* loop_data, const ExecOptions& options = {});

// Converts n elements between dtypes (strided in, strided out).
void cast_strided(const DType& from, const std::byte* src, int64_t src_stride, const DType& to,
                  std::byte* dst, int64_t dst_stride, int64_t n);

}  // namespace np::engine
