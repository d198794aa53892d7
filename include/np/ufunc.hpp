// Universal functions: elementwise kernels (loops keyed by their operand types) with NumPy's
// calling semantics — broadcasting, out=, where=, casting=, dtype=, signature=, order=, memory
// overlap safety, floating-point error policy — and the methods reduce, accumulate, reduceat,
// outer and at. Kernels plug in as C strided loops (np/loop_abi.h).
//
// Thread safety: loops are registered while loading (single-threaded); afterwards a UFunc is
// read-only apart from its resolution cache, which is guarded by a mutex.
#pragma once

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "np/array.hpp"
#include "np/casting.hpp"
#include "np/indexing.hpp"
#include "np/loop_abi.h"
#include "np/manipulation.hpp"
#include "np/scalar.hpp"

namespace np {

// NumPy's one-letter type codes ('d' float64, 'M' datetime64, 'k' binary128 ...).
char type_char(TypeId id);
TypeId type_from_char(char c);  // ValueError for unknown codes

struct UFuncLoop {
  std::vector<TypeId> types;  // nin inputs then nout outputs
  NpStridedLoop loop = nullptr;
  // NEP 43-style contiguous slot: see np/plugin_abi.h NpLoopDef::contiguous
  NpStridedLoop contiguous = nullptr;
  void* data = nullptr;  // owned by the registrant, outlives the registry
  // Exact operand dtypes for given input dtypes (datetime units). Empty: the builtin types.
  std::function<std::vector<DType>(std::span<const DType>)> resolve;
  std::string owner = "core";
  std::string target = "baseline";  // the SIMD target the loop was compiled for
  int nin = -1;                     // set by UFunc::add_loop; -1: unknown
  bool reduce_splits = false;       // NP_LOOP_REDUCE_SPLITS (np/plugin_abi.h)
  bool reduce_associative = false;  // NP_LOOP_REDUCE_ASSOCIATIVE (np/plugin_abi.h)
  // The dtype of every operand whose type is TypeId::User (others unused); empty when the loop
  // has only builtin types.
  std::vector<DType> user_types;
  // The dtype of operand k (builtin `types[k]` or the user dtype); datetime-like and flexible
  // builtin types take their parameters from `like`.
  DType operand_dtype(size_t k, const DType& like) const;
  // Operand k of this loop accepts exactly `dtype`'s type (user dtypes compared by identity).
  bool type_matches(size_t k, const DType& dtype) const;
  // NumPy's form, "dd->d" ("ddd" while nin is unknown); with user dtypes, names separated by
  // commas: "bfloat16,bfloat16->bfloat16".
  std::string signature() const;
};

struct UFuncSpec {
  std::string name;
  int nin = 2;
  int nout = 1;
  std::optional<Scalar> identity;  // used for empty reductions and initial values
                                   // Reductions over several axes are allowed.
  bool reorderable = true;
  // add and multiply: reductions of bool and small integers accumulate in (u)int64, as NumPy.
  bool reduce_upcasts_small_ints = false;
  // true_divide: bool/integer inputs use the float64 loop (NumPy's true-division resolver).
  bool integer_inputs_use_float64 = false;
  // When non-empty, all-bool inputs raise TypeError with this text (NumPy's subtract/negative).
  std::string boolean_inputs_error;

  std::string summary;
  std::string owner = "core";
  // Generalized ufuncs: core dimensions per operand, e.g. "(m,n),(n,p)->(m,p)"; empty for
  // elementwise ufuncs. Fixed sizes ("(3)") are allowed.
  std::string core_signature;
  // NumPy raises UFuncTypeError when no loop fits for ufuncs with uniform-operation resolvers
  // (add, multiply, maximum, comparisons, ...) and a plain TypeError for those resolved by its
  // default linear search (bitwise, shifts).
  bool no_loop_raises_ufunc_type_error = true;
  // NumPy's "simple uniform" resolvers (positive, sign, maximum, fmax, gcd, ...): only the loop
  // of the inputs' promoted dtype may run; no linear search over safe casts.
  bool uniform_resolution = false;
  // floor_divide, remainder, divmod: datetime/timedelta inputs only take loops with the same
  // datetime kinds (no number->timedelta casts), else UFuncTypeError (NumPy's division and
  // remainder resolvers).
  bool datetime_kinds_exact = false;
};

class UFunc {
 public:
  explicit UFunc(UFuncSpec spec);
  UFunc(const UFunc&) = delete;
  UFunc& operator=(const UFunc&) = delete;

  const UFuncSpec& spec() const { return spec_; }
  const std::string& name() const { return spec_.name; }
  int nin() const { return spec_.nin; }
  int nout() const { return spec_.nout; }
  // ValueError naming both owners when a loop with the same types exists.
  void add_loop(UFuncLoop loop);
  // In registration order. Stable storage: a loop's address never changes once added (later
  // add_loop calls append without moving it), so pointers to loops live as long as the UFunc.
  const std::deque<UFuncLoop>& loops() const { return loops_; }
  std::vector<std::string> signatures() const;

  struct Resolved {
    const UFuncLoop* loop;      // into loops(): valid as long as the UFunc (stable storage)
    std::vector<DType> dtypes;  // nin + nout exact operand dtypes
  };
  // Loop selection: a fixed signature (dtype=/signature=) filters the loops; otherwise exact
  // match, then the promoted homogeneous loop, then the first loop every input safely casts to
  // (NumPy's linear search). TypeError listing the signatures when nothing fits.
  Resolved resolve(std::span<const DType> inputs, std::span<const std::optional<DType>> fixed,
                   Casting casting) const;

  // The call fast path's cache: input builtin types (packed, see ufunc.cpp) -> the loop that
  // takes them without casts. Lock-free; safe to use from any thread.
  const UFuncLoop* fast_loop(uint64_t key) const;
  void remember_fast_loop(uint64_t key, const UFuncLoop* loop) const;

 private:
  UFuncSpec spec_;
  std::deque<UFuncLoop> loops_;  // a deque so that adding loops never moves the others
  mutable std::mutex cache_mutex_;
  mutable std::map<std::string, size_t> cache_;  // resolution key -> loop index
  // key << 16 | (loop index + 1); 0 is empty. Cleared when loops are added.
  static constexpr size_t kFastSlots = 8;
  mutable std::array<std::atomic<uint64_t>, kFastSlots> fast_{};
  mutable std::atomic<uint32_t> fast_next_{0};
};

struct UFuncOptions {
  std::vector<std::optional<Array>> out;  // empty, or nout entries (nullopt = allocate)
  std::optional<Array> where;             // bool mask broadcast to the result
  Casting casting = Casting::SameKind;
  std::optional<DType> dtype;                   // output dtype (fixes the loop)
  std::vector<std::optional<DType>> signature;  // empty, or nin + nout entries
  Order order = Order::K;
  int num_threads = 0;  // 0: the global setting (np/threading.hpp)
};

std::vector<Array> ufunc_call(const UFunc& ufunc, std::span<const Array> inputs,
                              const UFuncOptions& options = {});

// A parsed gufunc signature: per operand, its core dimensions (a name or a fixed size).
struct CoreDim {
  std::string name;   // empty for fixed sizes
  int64_t size = -1;  // fixed size, or -1
  // "n?": the dimension may be missing from an operand that lacks dimensions for it; it is then
  // removed from every operand's core (NumPy's flexible dimensions, matmul's n? and m?).
  bool optional = false;
};
struct CoreSignature {
  std::vector<std::vector<CoreDim>> operands;  // nin inputs then nout outputs
};
// Parses "(m,n),(n,p)->(m,p)" and "(n?,k),(k,m?)->(n?,m?)"; ValueError for malformed text.
CoreSignature parse_core_signature(std::string_view text, int nin, int nout);

struct ReduceOptions {
  std::optional<Axes> axis = Axes{0};  // nullopt: every axis
  std::optional<DType> dtype;
  std::optional<Array> out;
  bool keepdims = false;
  std::optional<Scalar> initial;
  std::optional<Array> where;
};

Array ufunc_reduce(const UFunc& ufunc, const Array& a, const ReduceOptions& options = {});
Array ufunc_accumulate(const UFunc& ufunc, const Array& a, int64_t axis = 0,
                       std::optional<DType> dtype = std::nullopt,
                       std::optional<Array> out = std::nullopt);
Array ufunc_reduceat(const UFunc& ufunc, const Array& a, const Array& indices, int64_t axis = 0,
                     std::optional<DType> dtype = std::nullopt,
                     std::optional<Array> out = std::nullopt);
std::vector<Array> ufunc_outer(const UFunc& ufunc, const Array& a, const Array& b,
                               const UFuncOptions& options = {});
// In place, unbuffered: repeated indices apply repeatedly. b is nullopt for unary ufuncs.
void ufunc_at(const UFunc& ufunc, const Array& a, const Index& indices,
              const std::optional<Array>& b);

}  // namespace np
