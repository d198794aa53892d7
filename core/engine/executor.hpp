// Runs a strided loop over operands broadcast to one shape, following an IterPlan. Operands
// whose memory dtype differs from the loop's (cast, byte order) are buffered in chunks of
// kBufferSize elements; a where= mask restricts which output elements are written. Large calls
// (elementwise, gufuncs over their loop dimensions, reductions over their outputs) split across
// threads in fixed blocks, bit-identical for any thread count.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

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

// A generalized ufunc's core (gufunc.cpp): appended to every loop call's dimensions and steps,
// as NumPy's gufunc loops receive them. Operands of gufuncs are never buffered (the caller
// converts them to the loop dtypes first) and never masked.
struct CoreLoop {
  std::vector<int64_t> dims;   // core dimension sizes, after dimensions[0]
  std::vector<int64_t> steps;  // core strides per operand, after the nargs outer steps
  int64_t work = 1;            // elements of work per outer element (for the thread split)
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
  // The loop's contiguous variant (UFuncLoop::contiguous), or null. Chosen once per call
  // instead of `loop` when every call's steps allow it (np/loop_abi.h); never for gufuncs nor
  // for the accumulating calls of reductions (steps 0).
  NpStridedLoop contiguous = nullptr;
  const CoreLoop* core = nullptr;  // gufuncs only
};

// For the builtin types in native byte order, indexed by TypeId: the dtype string ("<f8") and
// itemsize, built once and immutable (thread-safe). The call fast path and LoopOperands fill
// contexts from it without building strings.
struct BuiltinOperandTable {
  std::array<const char*, kTypeIdCount> text{};
  std::array<int64_t, kTypeIdCount> itemsize{};
};
const BuiltinOperandTable& builtin_operands();

// NpLoopContext's operand fields (nargs, itemsizes, dtype strings) for one call, built once from
// the loop dtypes. Contexts made by context() point into it: it must outlive them. Read-only
// after construction, so contexts on several threads may share one.

class LoopOperands {
 public:
  explicit LoopOperands(std::span<const DType> loop_dtypes);
  explicit LoopOperands(const std::vector<ExecOperand>& operands);  // their loop dtypes
  LoopOperands(const LoopOperands&) = delete;                       // pointers_ point into texts_
  LoopOperands& operator=(const LoopOperands&) = delete;
  NpLoopContext context() const;

 private:
  void add(const DType& loop_dtype, const BuiltinOperandTable& builtins);
  void point_at_texts();

  // Inline storage: a call builds one per execution, without allocating for up to 8 operands.
  boost::container::small_vector<int64_t, 8> itemsizes_;
  std::vector<std::string> texts_;  // dtype strings of the non-builtin operands
  boost::container::small_vector<const char*, 8> pointers_;  // into texts_ or the builtin table
};

// A fresh loop context (no flags, no error) describing nargs operands.
NpLoopContext loop_context(int32_t nargs, const int64_t* itemsizes, const char* const* dtypes);

// The NP_FPE_* bits of the calling thread's floating-point status flags.
unsigned hardware_fp_status();
// Cheaper pair for loops that compute only in SSE registers (no x87 long double): clears and
// reads the MXCSR flags alone.
void clear_sse_fp_status();
unsigned sse_fp_status();

// The floating-point status of running loops on one thread: made before the loops run, it
// clears the thread's flags; raised(flags) is what the loops reported through their contexts
// plus every hardware flag set since. Every path that runs loops measures through one: each
// block of execute() on the thread that runs it, the call fast path, ufunc.at. Not shared
// across threads.
class FpScope {
 public:
  // sse_only: clear and read the SSE flags (MXCSR) alone — enough, and much cheaper, when the
  // loops compute in SSE registers only (no x87 long double and no casts). The call fast path's
  // scope; it leaves the flags set when it ends (a clear costs ~10 ns of its ~100 ns, and every
  // scope clears when made).
  explicit FpScope(bool sse_only = false);
  ~FpScope();  // clears the flags again (unless sse_only): none leaks into the caller's view
  FpScope(const FpScope&) = delete;
  FpScope& operator=(const FpScope&) = delete;
  unsigned raised(unsigned loop_flags) const;

 private:
  bool sse_only_;
};

// Returns the NP_FPE_* bits the loop raised (hardware flags included). Every loop call gets
// a context filled with the operands' loop itemsizes and dtype strings.
unsigned execute(const Shape& shape, std::vector<ExecOperand>& operands, NpStridedLoop loop,
                 void* loop_data, const ExecOptions& options = {});

// Converts n elements between dtypes (strided in, strided out).
void cast_strided(const DType& from, const std::byte* src, int64_t src_stride, const DType& to,
                  std::byte* dst, int64_t dst_stride, int64_t n);

}  // namespace np::engine
