// The loop executor (see executor.hpp).
#include "engine/executor.hpp"

#include <cfenv>
#include <cstring>

#include "dtype/element_cast.hpp"
#include "engine/iter_plan.hpp"
#include "np/errors.hpp"
#include "np/user_dtypes.hpp"
#include "util/error_kinds.hpp"

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
  for (int64_t i = 0; i < n; ++i) {
    detail::convert_element(from, src + i * src_stride, to, dst + i * dst_stride);
  }
}

namespace {

unsigned hardware_status() {
  int raised = std::fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID);
  unsigned s = 0;
  if (raised & FE_DIVBYZERO) s |= NP_FPE_DIVIDEBYZERO;
  if (raised & FE_OVERFLOW) s |= NP_FPE_OVERFLOW;
  if (raised & FE_UNDERFLOW) s |= NP_FPE_UNDERFLOW;
  if (raised & FE_INVALID) s |= NP_FPE_INVALID;
  return s;
}

bool needs_buffer(const ExecOperand& op) {
  return !(op.array_dtype == op.loop_dtype) || !op.array_dtype.is_native();
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

  std::vector<bool> buffered(nop);
  bool any_buffer = options.mask != nullptr;
  for (size_t k = 0; k < nop; ++k) {
    buffered[k] = needs_buffer(ops[k]) || (options.mask && !options.mask_runs && ops[k].output);
    any_buffer = any_buffer || buffered[k];
  }
  const int64_t chunk = (any_buffer || options.chunk_inner) ? std::min(inner, kBufferSize) : inner;
  std::vector<std::vector<std::byte>> buffers(nop);
  for (size_t k = 0; k < nop; ++k) {
    if (buffered[k]) buffers[k].resize(static_cast<size_t>(chunk * ops[k].loop_dtype.itemsize()));
  }

  NpLoopContext ctx{static_cast<uint32_t>(sizeof(NpLoopContext)), 0};
  std::feclearexcept(FE_ALL_EXCEPT);
  std::vector<char*> args(nop);
  std::vector<int64_t> steps(nop);
  std::vector<int64_t> offsets(plan.strides.size());
  for (size_t k = 0; k < plan.strides.size(); ++k)
    offsets[k] = plan.base_offset[k];
  std::vector<int64_t> idx(nd, 0);
  const std::byte* mask_base = options.mask ? options.mask->data : nullptr;

  while (true) {
    for (int64_t start = 0; start < inner; start += chunk) {
      const int64_t n = std::min(chunk, inner - start);
      for (size_t k = 0; k < nop; ++k) {
        std::byte* p = ops[k].data + offsets[k] + start * plan.strides[k][nd - 1];
        if (buffered[k]) {
          if (!ops[k].output) {
            cast_strided(ops[k].array_dtype, p, plan.strides[k][nd - 1], ops[k].loop_dtype,
                         buffers[k].data(), ops[k].loop_dtype.itemsize(), n);
          }
          args[k] = reinterpret_cast<char*>(buffers[k].data());
          steps[k] = ops[k].loop_dtype.itemsize();
        } else {
          args[k] = reinterpret_cast<char*>(p);
          steps[k] = plan.strides[k][nd - 1];
        }
      }
      if (options.mask_runs && mask_base != nullptr) {
        const std::byte* m = mask_base + offsets[nop] + start * plan.strides[nop][nd - 1];
        const int64_t ms = plan.strides[nop][nd - 1];
        std::vector<char*> run_args(nop);
        int64_t i = 0;
        while (i < n) {
          while (i < n && static_cast<uint8_t>(m[i * ms]) == 0)
            ++i;
          int64_t j = i;
          while (j < n && static_cast<uint8_t>(m[j * ms]) != 0)
            ++j;
          if (j > i) {
            for (size_t k = 0; k < nop; ++k)
              run_args[k] = args[k] + i * steps[k];
            int64_t run[1] = {j - i};
            if (loop(&ctx, run_args.data(), run, steps.data(), loop_data) != 0) {
              throw_loop_failure(ctx, options.name);
            }
          }
          i = j;
        }
        continue;
      }
      int64_t dims[1] = {n};
      if (loop(&ctx, args.data(), dims, steps.data(), loop_data) != 0) {
        throw_loop_failure(ctx, options.name);
      }
      for (size_t k = 0; k < nop; ++k) {
        if (!buffered[k] || !ops[k].output) continue;
        std::byte* p = ops[k].data + offsets[k] + start * plan.strides[k][nd - 1];
        const int64_t s = plan.strides[k][nd - 1];
        const int64_t bs = ops[k].loop_dtype.itemsize();
        if (mask_base) {
          const std::byte* m = mask_base + offsets[nop] + start * plan.strides[nop][nd - 1];
          const int64_t ms = plan.strides[nop][nd - 1];
          for (int64_t i = 0; i < n; ++i) {
            if (static_cast<uint8_t>(m[i * ms]) == 0) continue;
            cast_strided(ops[k].loop_dtype, buffers[k].data() + i * bs, bs, ops[k].array_dtype,
                         p + i * s, s, 1);
          }
        } else {
          cast_strided(ops[k].loop_dtype, buffers[k].data(), bs, ops[k].array_dtype, p, s, n);
        }
      }
    }
    // Advance the outer odometer.
    size_t ax = nd - 1;
    bool done = true;
    while (ax > 0) {
      --ax;
      if (++idx[ax] < plan.shape[ax]) {
        for (size_t k = 0; k < offsets.size(); ++k)
          offsets[k] += plan.strides[k][ax];
        done = false;
        break;
      }
      for (size_t k = 0; k < offsets.size(); ++k) {
        offsets[k] -= plan.strides[k][ax] * (plan.shape[ax] - 1);
      }
      idx[ax] = 0;
    }
    if (done) break;
  }
  return ctx.fp_status | hardware_status();
}

}  // namespace np::engine
