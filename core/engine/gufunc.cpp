// Generalized ufuncs: core dimensions per operand ("(m,n),(n,p)->(m,p)"). Outer (loop)
// dimensions broadcast like an elementwise ufunc; the loop receives dimensions
// [n, core sizes...] and steps [nargs outer strides, core strides per operand...], as NumPy's
// gufunc loops do.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "engine/executor.hpp"
#include "engine/iter_plan.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/ufunc.hpp"
#include "util/error_kinds.hpp"
#include "util/pyrepr.hpp"

namespace np {

CoreSignature parse_core_signature(std::string_view text, int nin, int nout) {
  CoreSignature sig;
  std::string s;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  }
  size_t arrow = s.find("->");
  if (arrow == std::string::npos)
    throw ValueError("gufunc signature '" + std::string(text) + "' has no '->'");
  auto parse_side = [&](const std::string& side) {
    std::vector<std::vector<CoreDim>> ops;
    size_t p = 0;
    while (p < side.size()) {
      if (side[p] != '(')
        throw ValueError("malformed gufunc signature '" + std::string(text) + "'");
      size_t close = side.find(')', p);
      if (close == std::string::npos)
        throw ValueError("malformed gufunc signature '" + std::string(text) + "'");
      std::vector<CoreDim> dims;
      std::string body = side.substr(p + 1, close - p - 1);
      size_t q = 0;
      while (!body.empty() && q <= body.size()) {
        size_t comma = body.find(',', q);
        std::string item =
            body.substr(q, comma == std::string::npos ? std::string::npos : comma - q);
        if (item.empty())
          throw ValueError("malformed gufunc signature '" + std::string(text) + "'");
        if (item.back() == '?') {
          throw ValueError("gufunc signature '" + std::string(text) +
                           "': optional core dimensions are not supported by this engine");
        }
        CoreDim d;
        if (std::isdigit(static_cast<unsigned char>(item[0]))) {
          auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), d.size);
          if (ec != std::errc() || end != item.data() + item.size()) {
            throw ValueError("gufunc signature '" + std::string(text) + "': bad core dimension '" +
                             item + "'");
          }
        } else {
          d.name = item;
        }
        dims.push_back(d);
        if (comma == std::string::npos) break;
        q = comma + 1;
      }
      ops.push_back(dims);
      p = close + 1;
      if (p < side.size()) {
        if (side[p] != ',')
          throw ValueError("malformed gufunc signature '" + std::string(text) + "'");
        ++p;
      }
    }
    return ops;
  };
  auto ins = parse_side(s.substr(0, arrow));
  auto outs = parse_side(s.substr(arrow + 2));
  if (static_cast<int>(ins.size()) != nin || static_cast<int>(outs.size()) != nout) {
    throw ValueError("gufunc signature '" + std::string(text) + "' does not match " +
                     std::to_string(nin) + " inputs and " + std::to_string(nout) + " outputs");
  }
  sig.operands = ins;
  sig.operands.insert(sig.operands.end(), outs.begin(), outs.end());
  return sig;
}

namespace engine {

std::vector<Array> gufunc_call(const UFunc& u, std::span<const Array> inputs_in,
                               const UFuncOptions& o) {
  const int nin = u.nin(), nout = u.nout(), nargs = nin + nout;
  CoreSignature sig = parse_core_signature(u.spec().core_signature, nin, nout);
  std::vector<DType> in_types;
  for (const Array& a : inputs_in)
    in_types.push_back(a.dtype());
  std::vector<std::optional<DType>> fixed(static_cast<size_t>(nargs));
  if (o.dtype) {
    for (int j = nin; j < nargs; ++j)
      fixed[static_cast<size_t>(j)] = *o.dtype;
  }
  if (!o.signature.empty()) fixed = o.signature;
  UFunc::Resolved r = u.resolve(in_types, fixed, o.casting);
  // Inputs converted to the loop types up front (gufunc loops see whole core blocks).
  std::vector<Array> inputs;
  std::map<std::string, int64_t> sizes;
  std::vector<Shape> outer_shapes;
  for (int i = 0; i < nin; ++i) {
    const Array& a = inputs_in[static_cast<size_t>(i)];
    if (!can_cast(a.dtype(), r.dtypes[static_cast<size_t>(i)], o.casting)) {
      throw UFuncTypeError("Cannot cast ufunc '" + u.name() + "' input " + std::to_string(i) +
                           " from " + a.dtype().repr() + " to " +
                           r.dtypes[static_cast<size_t>(i)].repr() + " with casting rule '" +
                           casting_name(o.casting) + "'");
    }
    inputs.push_back(a.dtype() == r.dtypes[static_cast<size_t>(i)]
                         ? a
                         : astype(a, r.dtypes[static_cast<size_t>(i)]));
    const auto& core = sig.operands[static_cast<size_t>(i)];
    if (a.ndim() < static_cast<int>(core.size())) {
      throw ValueError(u.name() + ": Input operand " + std::to_string(i) +
                       " does not have enough dimensions (has " + std::to_string(a.ndim()) +
                       ", gufunc core with signature " + u.spec().core_signature + " requires " +
                       std::to_string(core.size()) + ")");
    }
    size_t first_core = static_cast<size_t>(a.ndim()) - core.size();
    for (size_t k = 0; k < core.size(); ++k) {
      int64_t n = a.shape()[first_core + k];
      const CoreDim& d = core[k];
      int64_t want = d.name.empty() ? d.size : (sizes.count(d.name) ? sizes[d.name] : -1);
      if (want >= 0 && want != n) {
        throw ValueError(u.name() + ": Input operand " + std::to_string(i) +
                         " has a mismatch in its core dimension " + std::to_string(k) +
                         ", with gufunc signature " + u.spec().core_signature + " (size " +
                         std::to_string(n) + " is different from " + std::to_string(want) + ")");
      }
      if (!d.name.empty()) sizes[d.name] = n;
    }
    outer_shapes.emplace_back(a.shape().begin(), a.shape().begin() + static_cast<long>(first_core));
  }
  Shape outer = broadcast_shapes(outer_shapes);
  std::vector<Array> outputs;
  for (int j = 0; j < nout; ++j) {
    const auto& core = sig.operands[static_cast<size_t>(nin + j)];
    Shape full = outer;
    for (const CoreDim& d : core) {
      if (d.name.empty()) {
        full.push_back(d.size);
      } else if (sizes.count(d.name) == 0) {
        throw ValueError(u.name() + ": output core dimension '" + d.name +
                         "' is not set by any input");
      } else {
        full.push_back(sizes[d.name]);
      }
    }
    const DType& t = r.dtypes[static_cast<size_t>(nin + j)];
    if (!o.out.empty() && o.out[static_cast<size_t>(j)]) {
      const Array& out = *o.out[static_cast<size_t>(j)];
      out.require_writeable();
      if (out.shape() != full) {
        throw ValueError(u.name() + ": Output operand " + std::to_string(j) + " has shape " +
                         py::repr_shape(out.shape()) + ", expected " + py::repr_shape(full));
      }
      if (!(out.dtype() == t))
        throw UFuncTypeError(u.name() + ": output dtype must be " + t.repr());
      outputs.push_back(out);
    } else {
      outputs.push_back(Array::empty(full, t));
    }
  }
  // Outer strides per operand (broadcast), core strides appended per operand.
  std::vector<const Array*> all;
  for (const Array& a : inputs)
    all.push_back(&a);
  for (const Array& a : outputs)
    all.push_back(&a);
  std::vector<Strides> outer_strides;
  std::vector<int64_t> core_steps;
  for (int k = 0; k < nargs; ++k) {
    const Array& a = *all[static_cast<size_t>(k)];
    size_t ncore = sig.operands[static_cast<size_t>(k)].size();
    Array outer_view = a.view_as(
        a.dtype(), Shape(a.shape().begin(), a.shape().end() - static_cast<long>(ncore)),
        Strides(a.strides().begin(), a.strides().end() - static_cast<long>(ncore)), a.offset());
    outer_strides.push_back(broadcast_strides(outer_view, outer));
    for (size_t c = 0; c < ncore; ++c)
      core_steps.push_back(a.strides()[a.strides().size() - ncore + c]);
  }
  std::vector<int64_t> dims{0};
  std::vector<std::string> names;
  for (const auto& op : sig.operands) {
    for (const CoreDim& d : op) {
      if (!d.name.empty() && std::find(names.begin(), names.end(), d.name) == names.end()) {
        names.push_back(d.name);
        dims.push_back(sizes[d.name]);
      }
    }
  }
  IterPlan plan = make_plan(outer, outer_strides, true);
  const size_t nd = plan.shape.size();
  std::vector<int64_t> steps(static_cast<size_t>(nargs));
  for (int k = 0; k < nargs; ++k)
    steps[static_cast<size_t>(k)] = plan.strides[static_cast<size_t>(k)][nd - 1];
  steps.insert(steps.end(), core_steps.begin(), core_steps.end());
  dims[0] = plan.shape[nd - 1];
  NpLoopContext ctx{static_cast<uint32_t>(sizeof(NpLoopContext)), 0};
  engine::FpScope fp;
  if (shape_size(outer) > 0) {
    std::vector<int64_t> idx(nd, 0);
    std::vector<char*> args(static_cast<size_t>(nargs));
    while (true) {
      for (int k = 0; k < nargs; ++k) {
        int64_t off = 0;
        for (size_t d = 0; d + 1 < nd; ++d)
          off += idx[d] * plan.strides[static_cast<size_t>(k)][d];
        args[static_cast<size_t>(k)] =
            reinterpret_cast<char*>(all[static_cast<size_t>(k)]->data() + off);
      }
      if (r.loop->loop(&ctx, args.data(), dims.data(), steps.data(), r.loop->data) != 0) {
        throw_loop_failure(ctx, u.name());
      }
      size_t ax = nd - 1;
      bool done = true;
      while (ax > 0) {
        --ax;
        if (++idx[ax] < plan.shape[ax]) {
          done = false;
          break;
        }
        idx[ax] = 0;
      }
      if (done) break;
    }
  }
  handle_fp_status(fp.raised(ctx.fp_status), u.name());
  return outputs;
}

}  // namespace engine
}  // namespace np
