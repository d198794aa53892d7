// Ufunc methods: reduce, accumulate, reduceat, outer and at.
//
// reduce runs the binary loop with the accumulator as first input and as output, stride 0 along
// the reduced axes, over the input in K order with the inner axis split at the buffer size, so a
// float add loop sees NumPy's reduce calls (and sums pairwise exactly where NumPy does).
#include <algorithm>
#include <cstring>

#include "dtype/element_cast.hpp"
#include "engine/call_pipeline.hpp"
#include "engine/executor.hpp"
#include "engine/iter_plan.hpp"
#include "layout/nd_loop.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/ufunc.hpp"
#include "util/error_kinds.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace {

void require_binary(const UFunc& u, const char* method) {
  if (!u.spec().core_signature.empty()) {
    throw TypeError(std::string(method) + " is not defined on ufunc '" + u.name() +
                    "' with signature " + u.spec().core_signature);
  }
  if (u.nin() != 2 || u.nout() != 1) {
    throw ValueError(std::string(method) + " only supported for binary functions");
  }
}

DType default_accumulator(const UFunc& u, const DType& input) {
  if (u.spec().reduce_upcasts_small_ints) {
    if (input.is_bool() || (input.is_signed_integer() && input.itemsize() < 8))
      return dtypes::int64();
    if (input.is_unsigned_integer() && input.itemsize() < 8) return dtypes::uint64();
  }
  return input.with_native_order();
}

// The loop for reducing with accumulator type `acc`: its first input and output must both be
// exactly the accumulator type.
UFunc::Resolved reduction_loop(const UFunc& u, const DType& acc, const DType& input,
                               bool dtype_given) {
  std::vector<DType> inputs{acc, input};
  std::vector<std::optional<DType>> fixed(3);
  if (dtype_given) fixed = {acc, acc, acc};
  UFunc::Resolved r = u.resolve(inputs, fixed, dtype_given ? Casting::Unsafe : Casting::Safe);
  if (!(r.dtypes[0] == r.dtypes[2])) {
    std::vector<std::optional<DType>> same{r.dtypes[2], r.dtypes[2], r.dtypes[2]};
    r = u.resolve(inputs, same, Casting::Unsafe);
  }
  return r;
}

Shape reduced_shape(const Shape& shape, const Axes& axes, bool keepdims) {
  Shape out;
  for (size_t i = 0; i < shape.size(); ++i) {
    bool reduced = std::find(axes.begin(), axes.end(), static_cast<int64_t>(i)) != axes.end();
    if (!reduced) {
      out.push_back(shape[i]);
    } else if (keepdims) {
      out.push_back(1);
    }
  }
  return out;
}

// The reduction of ufunc_reduce; floating-point errors are reported as raised in `method` (NumPy
// names the method, "overflow encountered in reduce", not the ufunc).
Array reduce_as(const UFunc& u, const Array& a, const ReduceOptions& o, const char* method) {
  require_binary(u, method);
  Axes axes;
  if (o.axis) {
    axes = normalize_axes(*o.axis, a.ndim(), "axis");
  } else {
    for (int i = 0; i < a.ndim(); ++i)
      axes.push_back(i);
  }
  if (!u.spec().reorderable && axes.size() > 1) {
    throw ValueError("reduction operation '" + u.name() +
                     "' is not reorderable, so at most one axis may be specified");
  }
  // The accumulator type comes from dtype= or the input; out= only receives the final cast.
  DType acc_type = o.dtype ? *o.dtype : default_accumulator(u, a.dtype());
  UFunc::Resolved r = reduction_loop(u, acc_type, a.dtype(), o.dtype.has_value());
  const DType loop_acc = r.dtypes[0];
  Shape keep_shape = reduced_shape(a.shape(), axes, true);
  Shape result_shape = reduced_shape(a.shape(), axes, o.keepdims);
  if (o.out && o.out->shape() != result_shape) {
    if (o.out->ndim() != static_cast<int>(result_shape.size())) {
      throw ValueError("output parameter for reduction operation " + u.name() +
                       " has the wrong number of dimensions: Found " +
                       std::to_string(o.out->ndim()) + " but expected " +
                       std::to_string(result_shape.size()));
    }
    throw ValueError("output parameter for reduction operation " + u.name() +
                     " has a non-reduction dimension not equal to the input one.");
  }
  bool empty_reduction = false;
  for (int64_t ax : axes)
    empty_reduction = empty_reduction || a.shape()[ax] == 0;
  std::optional<Scalar> start = o.initial ? o.initial : u.spec().identity;
  if (o.where && !start) {
    throw ValueError("reduction operation '" + u.name() +
                     "' does not have an identity, so to use a where mask one has to specify "
                     "'initial'");
  }
  Array acc = Array::empty(keep_shape, loop_acc);
  if (empty_reduction && !start && shape_size(keep_shape) > 0) {
    throw ValueError("zero-size array to reduction operation " + u.name() +
                     " which has no identity");
  }
  Array input = a;
  if (start) {
    fill(acc, *start);
  } else if (acc.size() > 0) {
    // No identity: start from the first element along the reduced axes.
    Index first;
    for (int i = 0; i < a.ndim(); ++i) {
      bool reduced = std::find(axes.begin(), axes.end(), i) != axes.end();
      first.push_back(reduced ? IndexItem(Slice{0, 1, std::nullopt}) : IndexItem(Slice{}));
    }
    assign(acc, getitem(a, first));
    if (axes.size() == 1) {  // skip the element already taken (matters for subtract-like ops)
      Index rest;
      for (int i = 0; i < a.ndim(); ++i) {
        rest.push_back(i == axes[0] ? IndexItem(Slice{1, std::nullopt, std::nullopt})
                                    : IndexItem(Slice{}));
      }
      input = getitem(a, rest);
    }
  }
  if (acc.size() > 0 && input.size() > 0) {
    Strides acc_strides = acc.strides();
    for (int64_t ax : axes)
      acc_strides[static_cast<size_t>(ax)] = 0;
    const DType in_type = r.dtypes[1];
    if (o.where) {
      // Masked: the loop runs over each run of selected elements, as NumPy's masked loops do.
      Array mask = broadcast_to(*o.where, input.shape());
      if (!mask.dtype().is_bool()) mask = astype(mask, dtypes::bool_(), Order::K, Casting::Safe);
      std::vector<engine::ExecOperand> ops{
          {acc.data(), acc_strides, loop_acc, loop_acc, false},
          {input.data(), input.strides(), input.dtype(), in_type, false},
          {acc.data(), acc_strides, loop_acc, loop_acc, true}};
      engine::ExecOperand mask_op{mask.data(), engine::broadcast_strides(mask, input.shape()),
                                  mask.dtype(), mask.dtype(), false};
      engine::ExecOptions eo;
      eo.chunk_inner = true;
      eo.mask = &mask_op;
      eo.mask_runs = true;
      eo.name = u.name().c_str();
      engine::run_loop(input.shape(), ops, *r.loop, eo, method);
    } else {
      std::vector<engine::ExecOperand> ops{
          {acc.data(), acc_strides, loop_acc, loop_acc, false},
          {input.data(), input.strides(), input.dtype(), in_type, false},
          {acc.data(), acc_strides, loop_acc, loop_acc, true}};
      engine::ExecOptions eo;
      eo.chunk_inner = true;
      eo.name = u.name().c_str();
      eo.reduce_splits = r.loop->reduce_splits;
      eo.reduce_associative = r.loop->reduce_associative;
      engine::run_loop(input.shape(), ops, *r.loop, eo, method);
    }
  }
  Array result = o.keepdims ? acc
                            : acc.view_as(
                                  acc.dtype(), result_shape,
                                  [&] {
                                    Strides s;
                                    for (size_t i = 0; i < keep_shape.size(); ++i) {
                                      if (std::find(axes.begin(), axes.end(),
                                                    static_cast<int64_t>(i)) == axes.end()) {
                                        s.push_back(acc.strides()[i]);
                                      }
                                    }
                                    return s;
                                  }(),
                                  acc.offset());
  if (o.out) {
    if (!can_cast(result.dtype(), o.out->dtype(), Casting::SameKind)) {
      throw UFuncTypeError("Cannot cast ufunc '" + u.name() + "' output from " +
                           result.dtype().repr() + " to " + o.out->dtype().repr() +
                           " with casting rule 'same_kind'");
    }
    assign(*o.out, result);
    return *o.out;
  }
  if (!(acc_type == loop_acc) && o.dtype) return astype(result, *o.dtype);
  return result;
}

}  // namespace

Array ufunc_reduce(const UFunc& u, const Array& a, const ReduceOptions& o) {
  return reduce_as(u, a, o, "reduce");
}

Array ufunc_accumulate(const UFunc& u, const Array& a, int64_t axis_in, std::optional<DType> dtype,
                       std::optional<Array> out) {
  require_binary(u, "accumulate");
  if (a.ndim() == 0) throw TypeError("cannot accumulate on a scalar");
  int64_t axis = normalize_axis(axis_in, a.ndim());
  DType acc_type = dtype ? *dtype : default_accumulator(u, a.dtype());
  UFunc::Resolved r = reduction_loop(u, acc_type, a.dtype(), dtype.has_value());
  const DType loop_acc = r.dtypes[0];
  if (out && out->shape() != a.shape()) {
    throw ValueError("output parameter for accumulate has the wrong shape");
  }
  Array acc = Array::empty(a.shape(), loop_acc);
  const int64_t n = a.shape()[axis];
  if (n > 0 && acc.size() > 0) {
    auto along = [&](const Array& x, int64_t start, int64_t stop) {
      Index idx;
      for (int i = 0; i < x.ndim(); ++i) {
        idx.push_back(i == axis ? IndexItem(Slice{start, stop, std::nullopt}) : IndexItem(Slice{}));
      }
      return getitem(x, idx);
    };
    assign(along(acc, 0, 1), along(a, 0, 1));
    if (n > 1) {
      Array prev = along(acc, 0, n - 1), cur_in = along(a, 1, n), cur_out = along(acc, 1, n);
      // Move the accumulation axis outermost so each step sees the previous one finished.
      std::vector<int64_t> perm{axis};
      for (int i = 0; i < a.ndim(); ++i) {
        if (i != axis) perm.push_back(i);
      }
      Array p = transpose(prev, Axes(perm.begin(), perm.end()));
      Array ci = transpose(cur_in, Axes(perm.begin(), perm.end()));
      Array co = transpose(cur_out, Axes(perm.begin(), perm.end()));
      std::vector<engine::ExecOperand> ops{
          {p.data(), p.strides(), loop_acc, loop_acc, false},
          {ci.data(), ci.strides(), ci.dtype(), r.dtypes[1], false},
          {co.data(), co.strides(), loop_acc, loop_acc, true}};
      engine::ExecOptions eo;
      eo.keep_order = true;
      eo.name = u.name().c_str();
      engine::run_loop(p.shape(), ops, *r.loop, eo, "accumulate");
    }
  }
  if (out) {
    assign(*out, acc);
    return *out;
  }
  return acc;
}

Array ufunc_reduceat(const UFunc& u, const Array& a, const Array& indices_in, int64_t axis_in,
                     std::optional<DType> dtype, std::optional<Array> out) {
  require_binary(u, "reduceat");
  if (a.ndim() == 0) throw TypeError("cannot reduceat on a scalar");
  int64_t axis = normalize_axis(axis_in, a.ndim());
  if (indices_in.ndim() != 1) throw ValueError("index array must be one-dimensional");
  Array indices = astype(indices_in, dtypes::int64(), Order::C, Casting::SameKind);
  const int64_t n = a.shape()[axis];
  const int64_t m = indices.size();
  std::vector<int64_t> idx(static_cast<size_t>(m));
  for (int64_t i = 0; i < m; ++i) {
    idx[static_cast<size_t>(i)] = indices.at<int64_t>({i});
    if (idx[static_cast<size_t>(i)] < 0 || idx[static_cast<size_t>(i)] >= n) {
      throw IndexError("index " + std::to_string(idx[static_cast<size_t>(i)]) +
                       " out-of-bounds in " + u.name() + ".reduceat [0, " + std::to_string(n) +
                       ")");
    }
  }
  DType acc_type = dtype ? *dtype : default_accumulator(u, a.dtype());
  Shape shape = a.shape();
  shape[static_cast<size_t>(axis)] = m;
  Array result = Array::empty(shape, acc_type);
  for (int64_t i = 0; i < m; ++i) {
    int64_t lo = idx[static_cast<size_t>(i)];
    int64_t hi = i + 1 < m ? idx[static_cast<size_t>(i + 1)] : n;
    Index src, dst;
    for (int d = 0; d < a.ndim(); ++d) {
      if (d == axis) {
        src.push_back(lo < hi ? IndexItem(Slice{lo, hi, std::nullopt})
                              : IndexItem(Slice{lo, lo + 1, std::nullopt}));
        dst.push_back(Slice{i, i + 1, std::nullopt});
      } else {
        src.push_back(Slice{});
        dst.push_back(Slice{});
      }
    }
    ReduceOptions ro;
    ro.axis = Axes{axis};
    ro.dtype = acc_type;
    ro.keepdims = true;
    Array piece = reduce_as(u, getitem(a, src), ro, "reduceat");
    assign(getitem(result, dst), piece);
  }
  if (out) {
    assign(*out, result);
    return *out;
  }
  return result;
}

std::vector<Array> ufunc_outer(const UFunc& u, const Array& a, const Array& b,
                               const UFuncOptions& options) {
  require_binary(u, "outer");
  Shape sa = a.shape();
  Strides st = a.strides();
  for (int i = 0; i < b.ndim(); ++i) {
    sa.push_back(1);
    st.push_back(0);
  }
  Array av = a.view_as(a.dtype(), sa, st, a.offset());
  std::vector<Array> ins{av, b};
  return ufunc_call(u, ins, options);
}

void ufunc_at(const UFunc& u, const Array& a, const Index& indices, const std::optional<Array>& b) {
  if (u.nout() != 1 || (u.nin() != 1 && u.nin() != 2)) {
    throw ValueError("at only supported for unary and binary functions");
  }
  if (u.nin() == 2 && !b) throw ValueError("second operand needed for ufunc");
  if (u.nin() == 1 && b) throw ValueError("second operand provided when ufunc is unary");
  a.require_writeable();
  // Element positions selected by the index, in order, repeats kept.
  Array positions = reshape(arange(Scalar(int64_t{0}), Scalar(a.size())), a.shape());
  Array picked = copy(getitem(positions, indices), Order::C);
  std::vector<DType> in_types{a.dtype()};
  if (b) in_types.push_back(b->dtype());
  UFunc::Resolved r =
      u.resolve(in_types, std::vector<std::optional<DType>>(static_cast<size_t>(u.nin() + 1)),
                Casting::Unsafe);
  Array vals;
  if (b) vals = copy(broadcast_to(*b, picked.shape()), Order::C);
  std::vector<std::byte> x0(static_cast<size_t>(r.dtypes[0].itemsize()));
  std::vector<std::byte> x1(b ? static_cast<size_t>(r.dtypes[1].itemsize()) : 0);
  std::vector<std::byte> y(static_cast<size_t>(r.dtypes.back().itemsize()));
  const engine::LoopOperands operands(r.dtypes);
  NpLoopContext ctx = operands.context();
  const engine::FpScope fp;
  const auto* pos = reinterpret_cast<const int64_t*>(picked.data());
  for (int64_t k = 0; k < picked.size(); ++k) {
    int64_t flat = pos[k];
    int64_t off = 0;
    for (int d = a.ndim() - 1; d >= 0; --d) {
      off += (flat % a.shape()[d]) * a.strides()[d];
      flat /= a.shape()[d];
    }
    std::byte* ap = a.data() + off;
    engine::cast_strided(a.dtype(), ap, 0, r.dtypes[0], x0.data(), 0, 1);
    std::vector<char*> args{reinterpret_cast<char*>(x0.data())};
    if (b) {
      engine::cast_strided(vals.dtype(), vals.data() + k * vals.itemsize(), 0, r.dtypes[1],
                           x1.data(), 0, 1);
      args.push_back(reinterpret_cast<char*>(x1.data()));
    }
    args.push_back(reinterpret_cast<char*>(y.data()));
    int64_t n[1] = {1};
    int64_t steps[3] = {0, 0, 0};
    if (r.loop->loop(&ctx, args.data(), n, steps, r.loop->data) != 0) {
      throw_loop_failure(ctx, u.name());
    }
    engine::cast_strided(r.dtypes.back(), y.data(), 0, a.dtype(), ap, 0, 1);
  }
  handle_fp_status(fp.raised(ctx.fp_status), "at");  // NumPy names the method
}

}  // namespace np
