// The loop executor (see executor.hpp).
#include "engine/executor.hpp"

#include <xmmintrin.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <cfenv>
#include <cstring>
#include <optional>
#include <utility>

#include "dtype/cast_loops.hpp"
#include "dtype/element_cast.hpp"
#include "engine/iter_plan.hpp"
#include "np/errors.hpp"
#include "np/user_dtypes.hpp"
#include "util/error_kinds.hpp"
#include "util/parallel.hpp"

namespace np::engine {

void cast_strided(const DType& from, const std::byte* src, int64_t src_stride, const DType& to,
                  std::byte* dst, int64_t dst_stride, int64_t n) {
  if (from == to) {
    const size_t size = static_cast<size_t>(to.itemsize());
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(dst + i * dst_stride, src + i * src_stride, size);
    return;
  }
  if (from.is_user() || to.is_user()) {  // one call of the registered cast loop per chunk
    detail::user_convert(from, src, src_stride, to, dst, dst_stride, n);
    return;
  }
  if (detail::CastLoop fast = detail::find_cast_loop(from, to)) {
    fast(src, src_stride, dst, dst_stride, n);
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    detail::convert_element(from, src + i * src_stride, to, dst + i * dst_stride);
  }
}

unsigned hardware_fp_status() {
  int raised = std::fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID);
  unsigned s = 0;
  if (raised & FE_DIVBYZERO) s |= NP_FPE_DIVIDEBYZERO;
  if (raised & FE_OVERFLOW) s |= NP_FPE_OVERFLOW;
  if (raised & FE_UNDERFLOW) s |= NP_FPE_UNDERFLOW;
  if (raised & FE_INVALID) s |= NP_FPE_INVALID;
  return s;
}

FpScope::FpScope(bool sse_only) : sse_only_(sse_only) {
  if (sse_only_) {
    clear_sse_fp_status();
  } else {
    std::feclearexcept(FE_ALL_EXCEPT);
  }
}

FpScope::~FpScope() {
  if (!sse_only_) std::feclearexcept(FE_ALL_EXCEPT);
}

unsigned FpScope::raised(unsigned loop_flags) const {
  return loop_flags | (sse_only_ ? sse_fp_status() : hardware_fp_status());
}

NpLoopContext loop_context(int32_t nargs, const int64_t* itemsizes, const char* const* dtypes) {
  NpLoopContext ctx{};
  ctx.struct_size = static_cast<uint32_t>(sizeof(NpLoopContext));
  ctx.nargs = nargs;
  ctx.itemsizes = itemsizes;
  ctx.dtypes = dtypes;
  return ctx;
}

namespace {

std::array<std::string, kTypeIdCount> builtin_texts() {
  std::array<std::string, kTypeIdCount> texts;
  for (int i = 0; i < kTypeIdCount; ++i)
    texts[static_cast<size_t>(i)] = DType(static_cast<TypeId>(i)).str();
  return texts;
}

}  // namespace

const BuiltinOperandTable& builtin_operands() {
  static const std::array<std::string, kTypeIdCount> texts = builtin_texts();
  static const BuiltinOperandTable table = [] {
    BuiltinOperandTable t;
    for (int i = 0; i < kTypeIdCount; ++i) {
      t.text[static_cast<size_t>(i)] = texts[static_cast<size_t>(i)].c_str();
      t.itemsize[static_cast<size_t>(i)] = DType(static_cast<TypeId>(i)).itemsize();
    }
    return t;
  }();
  return table;
}

void LoopOperands::add(const DType& t, const BuiltinOperandTable& builtins) {
  itemsizes_.push_back(t.itemsize());
  const bool numeric = static_cast<int>(t.id()) <= static_cast<int>(TypeId::Complex256);
  if (numeric && t.is_native()) {  // the static table's text, no string built per call
    pointers_.push_back(builtins.text[static_cast<size_t>(t.id())]);
  } else {
    pointers_.push_back(nullptr);  // point_at_texts() fills it once texts_ stops growing
    texts_.push_back(t.str());
  }
}

void LoopOperands::point_at_texts() {
  size_t next = 0;
  for (const char*& p : pointers_) {
    if (p == nullptr) p = texts_[next++].c_str();
  }
}

LoopOperands::LoopOperands(std::span<const DType> loop_dtypes) {
  const BuiltinOperandTable& builtins = builtin_operands();
  for (const DType& t : loop_dtypes)
    add(t, builtins);
  point_at_texts();
}

LoopOperands::LoopOperands(const std::vector<ExecOperand>& operands) {
  const BuiltinOperandTable& builtins = builtin_operands();
  for (const ExecOperand& op : operands)
    add(op.loop_dtype, builtins);
  point_at_texts();
}

NpLoopContext LoopOperands::context() const {
  return loop_context(static_cast<int32_t>(itemsizes_.size()), itemsizes_.data(), pointers_.data());
}

void clear_sse_fp_status() {
  _mm_setcsr(_mm_getcsr() & ~0x3Fu);
}

unsigned sse_fp_status() {
  const unsigned csr = _mm_getcsr();  // IE 1, DE 2, ZE 4, OE 8, UE 16, PE 32
  unsigned s = 0;
  if (csr & 0x04u) s |= NP_FPE_DIVIDEBYZERO;
  if (csr & 0x08u) s |= NP_FPE_OVERFLOW;
  if (csr & 0x10u) s |= NP_FPE_UNDERFLOW;
  if (csr & 0x01u) s |= NP_FPE_INVALID;
  return s;
}

namespace {

bool needs_buffer(const ExecOperand& op) {
  return !(op.array_dtype == op.loop_dtype) || !op.array_dtype.is_native();
}

}  // namespace

namespace {

// Everything a block of the iteration needs; read-only while blocks run.
struct Run {
  std::vector<ExecOperand>& ops;
  const IterPlan& plan;
  const std::vector<bool>& buffered;
  NpStridedLoop loop;       // the strided loop: handles every call
  NpStridedLoop call_loop;  // the loop of this call's row calls: `loop` or its contiguous slot
  void* loop_data;
  const ExecOptions& options;
  const LoopOperands& operands;  // every context's nargs, itemsizes and dtypes
  size_t nop;
  size_t nd;
  int64_t chunk;  // inner elements per loop call (buffer size when buffering)
  // A 2-d reduction over the outer axis, without buffers or mask, run in blocks of columns:
  // each block goes through run_row_groups.
  bool column_blocks = false;
};

// The steps of every row call: buffered operands step through their buffers, the others along
// the plan's inner axis; a gufunc's core strides follow.
std::vector<int64_t> row_steps(const Run& r) {
  std::vector<int64_t> steps(r.nop);
  for (size_t k = 0; k < r.nop; ++k) {
    steps[k] = r.buffered[k] ? r.ops[k].loop_dtype.itemsize() : r.plan.strides[k][r.nd - 1];
  }
  if (r.options.core) {
    steps.insert(steps.end(), r.options.core->steps.begin(), r.options.core->steps.end());
  }
  return steps;
}

// Calls the loop once per run of selected elements of the mask (masked reductions).
void call_mask_runs(const Run& r, const std::vector<char*>& args, int64_t* dims,
                    const std::vector<int64_t>& steps, const std::byte* m, int64_t ms,
                    NpLoopContext& ctx) {
  const int64_t n = dims[0];
  std::vector<char*> run_args(r.nop);
  int64_t i = 0;
  while (i < n) {
    while (i < n && static_cast<uint8_t>(m[i * ms]) == 0)
      ++i;
    int64_t j = i;
    while (j < n && static_cast<uint8_t>(m[j * ms]) != 0)
      ++j;
    if (j > i) {
      for (size_t k = 0; k < r.nop; ++k)
        run_args[k] = args[k] + i * steps[k];
      dims[0] = j - i;
      if (r.call_loop(&ctx, run_args.data(), dims, steps.data(), r.loop_data) != 0) {
        throw_loop_failure(ctx, r.options.name);
      }
    }
    i = j;
  }
}

// Casts the buffered outputs of one chunk of n elements back to their arrays (where the mask,
// when given, selects).
void write_back_outputs(const Run& r, const std::vector<std::vector<std::byte>>& buffers,
                        const std::vector<int64_t>& offsets, int64_t start, int64_t n) {
  const IterPlan& plan = r.plan;
  const size_t nop = r.nop, nd = r.nd;
  const std::byte* mask_base = r.options.mask ? r.options.mask->data : nullptr;
  for (size_t k = 0; k < nop; ++k) {
    if (!r.buffered[k] || !r.ops[k].output) continue;
    std::byte* p = r.ops[k].data + offsets[k] + start * plan.strides[k][nd - 1];
    const int64_t st = plan.strides[k][nd - 1];
    const int64_t bs = r.ops[k].loop_dtype.itemsize();
    if (mask_base) {
      const std::byte* m = mask_base + offsets[nop] + start * plan.strides[nop][nd - 1];
      const int64_t ms = plan.strides[nop][nd - 1];
      for (int64_t i = 0; i < n; ++i) {
        if (static_cast<uint8_t>(m[i * ms]) == 0) continue;
        cast_strided(r.ops[k].loop_dtype, buffers[k].data() + i * bs, bs, r.ops[k].array_dtype,
                     p + i * st, st, 1);
      }
    } else {
      cast_strided(r.ops[k].loop_dtype, buffers[k].data(), bs, r.ops[k].array_dtype, p, st, n);
    }
  }
}

// The byte offsets of row `row` (the flattened outer axes, C order) per operand, and its
// outer multi-index.
void row_start(const IterPlan& plan, int64_t row, std::vector<int64_t>& idx,
               std::vector<int64_t>& offsets) {
  const size_t nd = plan.shape.size();
  for (size_t ax = nd - 1; ax-- > 0;) {
    idx[ax] = row % plan.shape[ax];
    row /= plan.shape[ax];
  }
  for (size_t k = 0; k < plan.strides.size(); ++k) {
    offsets[k] = plan.base_offset[k];
    for (size_t ax = 0; ax + 1 < nd; ++ax)
      offsets[k] += idx[ax] * plan.strides[k][ax];
  }
}

// Advances the outer odometer (every axis but the inner one) by one row.
void next_row(const IterPlan& plan, std::vector<int64_t>& idx, std::vector<int64_t>& offsets) {
  for (size_t ax = plan.shape.size() - 1; ax-- > 0;) {
    if (++idx[ax] < plan.shape[ax]) {
      for (size_t k = 0; k < offsets.size(); ++k)
        offsets[k] += plan.strides[k][ax];
      return;
    }
    for (size_t k = 0; k < offsets.size(); ++k)
      offsets[k] -= plan.strides[k][ax] * (plan.shape[ax] - 1);
    idx[ax] = 0;
  }
}

// Runs rows [row_begin, row_end) of the plan (rows: the flattened outer axes, C order), each over
// the inner range [inner_begin, inner_end). Owns its buffers, so blocks may run concurrently.
void run_rows(const Run& r, int64_t row_begin, int64_t row_end, int64_t inner_begin,
              int64_t inner_end, NpLoopContext& ctx) {
  const IterPlan& plan = r.plan;
  const size_t nop = r.nop;
  const size_t nd = r.nd;
  std::vector<std::vector<std::byte>> buffers(nop);
  for (size_t k = 0; k < nop; ++k) {
    if (r.buffered[k]) {
      buffers[k].resize(static_cast<size_t>(r.chunk * r.ops[k].loop_dtype.itemsize()));
    }
  }
  std::vector<char*> args(nop);
  const std::vector<int64_t> steps = row_steps(r);
  boost::container::small_vector<int64_t, 8> dims{0};
  if (r.options.core) {
    dims.insert(dims.end(), r.options.core->dims.begin(), r.options.core->dims.end());
  }
  std::vector<int64_t> offsets(plan.strides.size());
  std::vector<int64_t> idx(nd, 0);
  row_start(plan, row_begin, idx, offsets);
  const std::byte* mask_base = r.options.mask ? r.options.mask->data : nullptr;
  for (int64_t row = row_begin; row < row_end; ++row) {
    for (int64_t start = inner_begin; start < inner_end; start += r.chunk) {
      const int64_t n = std::min(r.chunk, inner_end - start);
      for (size_t k = 0; k < nop; ++k) {
        std::byte* p = r.ops[k].data + offsets[k] + start * plan.strides[k][nd - 1];
        if (r.buffered[k]) {
          if (!r.ops[k].output) {
            cast_strided(r.ops[k].array_dtype, p, plan.strides[k][nd - 1], r.ops[k].loop_dtype,
                         buffers[k].data(), r.ops[k].loop_dtype.itemsize(), n);
          }
          p = buffers[k].data();
        }
        args[k] = reinterpret_cast<char*>(p);
      }
      dims[0] = n;
      if (r.options.mask_runs && mask_base != nullptr) {
        const std::byte* m = mask_base + offsets[nop] + start * plan.strides[nop][nd - 1];
        call_mask_runs(r, args, dims.data(), steps, m, plan.strides[nop][nd - 1], ctx);
        continue;
      }
      if (r.call_loop(&ctx, args.data(), dims.data(), steps.data(), r.loop_data) != 0) {
        throw_loop_failure(ctx, r.options.name);
      }
      write_back_outputs(r, buffers, offsets, start, n);
    }
    next_row(plan, idx, offsets);
  }
}

// A 2-d reduction over its outer axis (every row accumulated into one output row), for the
// columns [inner_begin, inner_end): groups of kGroupRows rows advance together in strips of
// kGroupColumns, each row of a group reduced into the strip in row order — every output element
// sees the same operations in the same order as row by row, while a group streams several rows
// at once (sum over axis 0 of 4000 x 4000 float64: 4.2-4.6 ms row by row, 3.1-3.8 ms in groups
// of 4 rows x 1024 columns; prefetching the next row instead gained less). No buffering, no mask
// (the caller checks).
void run_row_groups(const Run& r, int64_t inner_begin, int64_t inner_end, NpLoopContext& ctx) {
  constexpr int64_t kGroupRows = 4;
  constexpr int64_t kGroupColumns = 1024;
  const IterPlan& plan = r.plan;
  const size_t nop = r.nop;
  const int64_t rows = plan.shape[0];
  std::vector<char*> args(nop);
  std::vector<int64_t> steps(nop);
  for (size_t k = 0; k < nop; ++k)
    steps[k] = plan.strides[k][1];
  for (int64_t group = 0; group < rows; group += kGroupRows) {
    const int64_t group_end = std::min(rows, group + kGroupRows);
    for (int64_t start = inner_begin; start < inner_end; start += kGroupColumns) {
      int64_t dims[1] = {std::min(kGroupColumns, inner_end - start)};
      for (int64_t row = group; row < group_end; ++row) {
        for (size_t k = 0; k < nop; ++k) {
          args[k] = reinterpret_cast<char*>(r.ops[k].data + plan.base_offset[k] +
                                            row * plan.strides[k][0] + start * steps[k]);
        }
        if (r.call_loop(&ctx, args.data(), dims, steps.data(), r.loop_data) != 0) {
          throw_loop_failure(ctx, r.options.name);
        }
      }
    }
  }
}

// Runs body(b, ctx) for blocks 0..blocks-1 on `threads` threads, each block with its own loop
// context and floating-point scope on the thread that runs it; returns the NP_FPE_* bits of all
// of them.
template <class Body>
unsigned run_blocks(const LoopOperands& operands, int threads, int64_t blocks, Body body) {
  std::atomic<unsigned> status{0};
  parallel::parallel_blocks(threads, blocks, [&](int64_t b) {
    NpLoopContext ctx = operands.context();
    const FpScope fp;
    body(b, ctx);
    status.fetch_or(fp.raised(ctx.fp_status));
  });
  return status.load();
}

// Elements of work per outer element: 1, or a gufunc's core work.
int64_t work_of(const Run& r) {
  return r.options.core ? std::max<int64_t>(1, r.options.core->work) : 1;
}

// Blocks of whole rows (about kParallelGrain elements of work each).
unsigned parallel_row_blocks(const Run& r, int threads, int64_t rows, int64_t inner) {
  const int64_t per_block = std::max<int64_t>(1, parallel::kParallelGrain / (inner * work_of(r)));
  return run_blocks(
      r.operands, threads, (rows + per_block - 1) / per_block, [&](int64_t b, NpLoopContext& ctx) {
        run_rows(r, b * per_block, std::min(rows, (b + 1) * per_block), 0, inner, ctx);
      });
}

// Blocks of `per_block` inner elements: one row per block (per_row) or every row per block
// (columns of a reduction, whose rows must run in order).
unsigned parallel_inner_blocks(const Run& r, int threads, int64_t rows, int64_t inner,
                               int64_t per_block, bool per_row) {
  const int64_t across = (inner + per_block - 1) / per_block;
  const int64_t blocks = per_row ? rows * across : across;
  return run_blocks(r.operands, threads, blocks, [&](int64_t b, NpLoopContext& ctx) {
    const int64_t row = per_row ? b / across : 0;
    const int64_t begin = (b % across) * per_block;
    if (!per_row && r.column_blocks) {
      run_row_groups(r, begin, std::min(inner, begin + per_block), ctx);
      return;
    }
    run_rows(r, row, per_row ? row + 1 : rows, begin, std::min(inner, begin + per_block), ctx);
  });
}

// Reduces each kBufferSize chunk of the single row on its own in parallel, then combines the
// chunk results with the accumulator in order with one-element loop calls: exactly the serial
// sequence acc = loop(acc, chunk_k). Loops flagged NP_LOOP_REDUCE_SPLITS (sums) start each
// chunk from -0.0 converted to the accumulator type (0 for integers); loops flagged
// NP_LOOP_REDUCE_ASSOCIATIVE (maximum, minimum, integer multiply, bitwise) start each chunk
// from its own first element.
unsigned split_reduction(const Run& r, int threads) {
  const IterPlan& plan = r.plan;
  const DType& acc_type = r.ops[0].loop_dtype;
  const int64_t isz = acc_type.itemsize();
  const int64_t inner = plan.shape[r.nd - 1];
  const int64_t in_stride = plan.strides[1][r.nd - 1];
  std::byte* acc = r.ops[0].data + plan.base_offset[0];
  const std::byte* in = r.ops[1].data + plan.base_offset[1];
  const int64_t chunks = (inner + kBufferSize - 1) / kBufferSize;
  const bool from_first = r.options.reduce_associative;
  std::vector<std::byte> neutral(static_cast<size_t>(isz));
  if (!from_first) {
    const double negative_zero = -0.0;
    cast_strided(dtypes::float64(), reinterpret_cast<const std::byte*>(&negative_zero), 0, acc_type,
                 neutral.data(), 0, 1);
  }
  std::vector<std::byte> partial(static_cast<size_t>(chunks * isz));
  constexpr int64_t kChunksPerBlock = 8;
  const unsigned block_flags =
      run_blocks(r.operands, threads, (chunks + kChunksPerBlock - 1) / kChunksPerBlock,
                 [&](int64_t b, NpLoopContext& ctx) {
                   for (int64_t k = b * kChunksPerBlock;
                        k < std::min(chunks, (b + 1) * kChunksPerBlock); ++k) {
                     std::byte* p = partial.data() + k * isz;
                     const std::byte* first = in + k * kBufferSize * in_stride;
                     int64_t count = std::min(kBufferSize, inner - k * kBufferSize);
                     if (from_first) {  // the input has the accumulator's dtype (no buffering)
                       std::memcpy(p, first, static_cast<size_t>(isz));
                       first += in_stride;
                       count -= 1;
                       if (count == 0) continue;
                     } else {
                       std::memcpy(p, neutral.data(), static_cast<size_t>(isz));
                     }
                     char* args[3] = {reinterpret_cast<char*>(p),
                                      const_cast<char*>(reinterpret_cast<const char*>(first)),
                                      reinterpret_cast<char*>(p)};
                     int64_t dims[1] = {count};
                     int64_t steps[3] = {0, in_stride, 0};
                     if (r.loop(&ctx, args, dims, steps, r.loop_data) != 0) {
                       throw_loop_failure(ctx, r.options.name);
                     }
                   }
                 });
  NpLoopContext ctx = r.operands.context();
  const FpScope fp;
  for (int64_t k = 0; k < chunks; ++k) {
    char* args[3] = {reinterpret_cast<char*>(acc),
                     reinterpret_cast<char*>(partial.data() + k * isz),
                     reinterpret_cast<char*>(acc)};
    int64_t dims[1] = {1};
    int64_t steps[3] = {0, isz, 0};
    if (r.loop(&ctx, args, dims, steps, r.loop_data) != 0) throw_loop_failure(ctx, r.options.name);
  }
  return block_flags | fp.raised(ctx.fp_status);
}

}  // namespace

namespace {

// The byte range [low, high) an operand touches over the whole iteration.
std::pair<const std::byte*, const std::byte*> extent(const Shape& shape, const ExecOperand& op) {
  int64_t low = 0, high = op.array_dtype.itemsize();
  for (size_t ax = 0; ax < shape.size(); ++ax) {
    const int64_t span = op.strides[ax] * (shape[ax] - 1);
    (span < 0 ? low : high) += span;
  }
  return {op.data + low, op.data + high};
}

// Some input shares memory with an output without being the same elements (in place).
bool partial_overlap(const Shape& shape, const std::vector<ExecOperand>& ops) {
  for (const ExecOperand& in : ops) {
    if (in.output) continue;
    const auto [in_low, in_high] = extent(shape, in);
    for (const ExecOperand& out : ops) {
      if (!out.output) continue;
      const auto [out_low, out_high] = extent(shape, out);
      if (in_low >= out_high || out_low >= in_high) continue;
      const bool in_place =
          in.data == out.data && in.strides == out.strides && in.array_dtype == out.array_dtype;
      if (!in_place) return true;
    }
  }
  return false;
}

// The loop every row call of this run makes: the contiguous slot when its contract holds for
// the call's steps (outputs step by their itemsize, inputs by theirs or 0, no partial overlap;
// np/loop_abi.h), else the strided loop. Decided once per call; gufuncs never take the slot.
NpStridedLoop choose_loop(const Run& r, const Shape& shape, const ExecOptions& options) {
  if (options.contiguous == nullptr || options.core != nullptr) return r.loop;
  const std::vector<int64_t> steps = row_steps(r);
  for (size_t k = 0; k < r.nop; ++k) {
    const int64_t size = r.ops[k].loop_dtype.itemsize();
    if (steps[k] != size && (r.ops[k].output || steps[k] != 0)) return r.loop;
  }
  return partial_overlap(shape, r.ops) ? r.loop : options.contiguous;
}

// Reductions split over their outputs only: each output element is accumulated by one block, in
// the serial order, so results stay bit-identical. Either the inner axis is not reduced (blocks
// of columns, every block walking all rows in order), or no outer axis is reduced (blocks of
// whole rows, each reduced along the inner axis as in the serial run). nullopt: run serially.
std::optional<unsigned> parallel_reduction(const Run& run, int threads, int64_t rows, int64_t inner,
                                           bool any_buffer) {
  const IterPlan& plan = run.plan;
  const size_t nop = run.nop, nd = run.nd;
  size_t out = nop;
  for (size_t k = 0; k < nop; ++k) {
    if (run.ops[k].output) out = k;
  }
  if (out == nop) return std::nullopt;
  const bool inner_reduced = plan.strides[out][nd - 1] == 0 && inner > 1;
  bool outer_reduced = false;
  for (size_t ax = 0; ax + 1 < nd; ++ax) {
    outer_reduced = outer_reduced || (plan.strides[out][ax] == 0 && plan.shape[ax] > 1);
  }
  // One long reduced axis (a full 1-d reduction) of a loop that allows it: every kBufferSize
  // chunk reduced on its own, the results combined in chunk order.
  const ExecOptions& options = run.options;
  const bool associative_same_type =
      options.reduce_associative && run.ops[0].loop_dtype == run.ops[1].loop_dtype;
  if (inner_reduced && rows == 1 && (options.reduce_splits || associative_same_type) &&
      !any_buffer && nop == 3) {
    return split_reduction(run, threads);
  }
  if (!inner_reduced) {
    // One wide block of columns per thread: each thread streams long runs of every row
    // (narrower blocks restart the hardware prefetcher at every row; sum over axis 0 of
    // 4000 x 4000 float64 took 5.6 ms in 8 blocks, 4.9 ms in 2).
    const int64_t per_block = std::max<int64_t>(256, (inner + threads - 1) / threads);
    Run strips = run;
    strips.column_blocks = nd == 2 && !any_buffer;  // any_buffer covers a mask too
    return parallel_inner_blocks(strips, threads, rows, inner, per_block, false);
  }
  if (!outer_reduced) return parallel_row_blocks(run, threads, rows, inner);
  return std::nullopt;
}

}  // namespace

unsigned execute(const Shape& shape, std::vector<ExecOperand>& ops, NpStridedLoop loop,
                 void* loop_data, const ExecOptions& options) {
  const size_t nop = ops.size();
  for (int64_t d : shape) {
    if (d == 0) return 0;
  }
  std::vector<Strides> strides;
  for (const ExecOperand& op : ops)
    strides.push_back(op.strides);
  if (options.mask) strides.push_back(options.mask->strides);
  IterPlan plan = make_plan(shape, strides, options.keep_order);
  const size_t nd = plan.shape.size();
  const int64_t inner = plan.shape[nd - 1];
  int64_t rows = 1;
  for (size_t ax = 0; ax + 1 < nd; ++ax)
    rows *= plan.shape[ax];

  std::vector<bool> buffered(nop);
  bool any_buffer = options.mask != nullptr;
  for (size_t k = 0; k < nop; ++k) {
    buffered[k] = needs_buffer(ops[k]) || (options.mask && !options.mask_runs && ops[k].output);
    any_buffer = any_buffer || buffered[k];
  }
  if (options.core && any_buffer) throw RuntimeError("gufunc operands must not need buffering");
  const int64_t chunk = (any_buffer || options.chunk_inner) ? std::min(inner, kBufferSize) : inner;
  const LoopOperands operands(ops);
  Run run{ops, plan, buffered, loop, loop, loop_data, options, operands, nop, nd, chunk};
  run.call_loop = choose_loop(run, shape, options);

  // Large elementwise calls (and gufuncs, over their loop dimensions) split across threads in
  // fixed blocks: every element is computed by the same loop on the same inputs whatever the
  // thread count, so results are bit-identical. Reductions split over their outputs
  // (parallel_reduction); accumulations (keep_order) and masked reductions (mask_runs) run
  // serially.
  const int threads = parallel::effective_threads(options.num_threads);
  if (threads > 1 && rows * inner * work_of(run) >= parallel::kParallelMinElements &&
      !options.keep_order && !options.mask_runs) {
    if (!options.chunk_inner) {  // elementwise: any split computes every element the same way
      if (rows >= 2 * threads) return parallel_row_blocks(run, threads, rows, inner);
      const int64_t per_block = std::max<int64_t>(1, parallel::kParallelGrain / work_of(run));
      return parallel_inner_blocks(run, threads, rows, inner, per_block, true);
    }
    if (auto status = parallel_reduction(run, threads, rows, inner, any_buffer)) return *status;
  }
  NpLoopContext ctx = operands.context();
  const FpScope fp;
  run_rows(run, 0, rows, 0, inner, ctx);
  return fp.raised(ctx.fp_status);
}

}  // namespace np::engine
