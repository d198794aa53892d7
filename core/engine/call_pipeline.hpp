// The staged ufunc call. Every way of running a ufunc's loops goes through the same named
// stages, in this order, each a function of the call's state (CallState):
//   1. fix_signature            dtype=/signature= -> the operand types they fix
//   2. resolve_loop             the loop and its exact operand dtypes (UFunc::resolve)
//   3. check_input_casts        each input casts to its loop dtype under casting=
//   4. broadcast_and_allocate   the broadcast shape; out= checked, the other outputs allocated
//                               in K order (gufuncs: bind_core_dims + allocate_core_outputs in
//                               gufunc.cpp, the same rules over their loop dimensions)
//   5. copy_overlapping_inputs  inputs that overlap an output are read from copies
//   6. execute_elementwise      the executor runs the loop (gufuncs: execute_gufunc) and the
//                               floating-point policy sees every flag raised (run_loop)
// ufunc_call and outer take 1-6 (after the trivial fast path, stage 0); gufunc_call takes 1-3,
// its core forms of 4, then 5 and 6 through the same executor; the reductions and ufunc.at
// resolve their loops their own way (an accumulator type) and share run_loop / FpScope.
//
// Internal to the engine. A CallState belongs to one call on one thread.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/executor.hpp"
#include "np/ufunc.hpp"

namespace np::engine {

struct CallState {
  // Checks the argument counts (NumPy's TypeError for inputs, ValueError for the out tuple).
  CallState(const UFunc& ufunc, std::span<const Array> inputs, const UFuncOptions& options);

  const UFunc& ufunc;
  const UFuncOptions& options;
  std::vector<Array> inputs;                // stage 5 may replace some by copies
  std::vector<std::optional<DType>> fixed;  // stage 1: nin + nout entries, nullopt = free
  UFunc::Resolved resolved{};               // stage 2
  Shape shape;                              // stage 4: the broadcast (gufuncs: loop) shape
  std::vector<Array> outputs;               // stage 4: the nout arrays the loop writes
  // Stage 4 (gufuncs): out= arrays of another dtype than the loop's; the loop writes the
  // matching entry of `outputs` and results() casts it into them.
  std::vector<std::optional<Array>> cast_back;

  // The call's results once stage 6 ran: the outputs, cast into out= where cast_back says.
  std::vector<Array> results();
};

// Stage 0: NumPy's "trivial loop" — C-contiguous inputs of one shape in builtin native types a
// loop takes without casts, outputs absent or C-contiguous of the loop's types, no where=,
// dtype=, signature= or casting=, small enough for this thread: one loop call (the contiguous
// slot when the loop has one), no planning. nullopt: take the stages.
std::optional<std::vector<Array>> trivial_call(const UFunc& ufunc, std::span<const Array> inputs,
                                               const UFuncOptions& options);

void fix_signature(CallState& call);           // 1: TypeError for both dtype= and signature=
void resolve_loop(CallState& call);            // 2
void check_input_casts(CallState& call);       // 3: UFuncTypeError naming the input
void broadcast_and_allocate(CallState& call);  // 4 (elementwise)
// 5: an input that shares memory with an output is replaced by a copy — unless it is the same
// elements and the call is elementwise (in place is safe element by element, not for gufuncs).
void copy_overlapping_inputs(CallState& call, bool elementwise);
void execute_elementwise(CallState& call);  // 6 (elementwise)

// Stage 6's core, shared with gufuncs and the reductions: runs `loop` through the executor (its
// contiguous slot where the contract allows) and applies the floating-point policy to the
// flags raised, naming them after `method` (the ufunc, or "reduce", "at", ...).
void run_loop(const Shape& shape, std::vector<ExecOperand>& ops, const UFuncLoop& loop,
              ExecOptions options, std::string_view method);

// Whether a and b share memory (their byte extents intersect in one buffer).
bool overlapping(const Array& a, const Array& b);

}  // namespace np::engine
