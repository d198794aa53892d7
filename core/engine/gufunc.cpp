// Generalized ufuncs: core dimensions per operand ("(m,n),(n,p)->(m,p)", optional ones as
// matmul's "(n?,k),(k,m?)->(n?,m?)"). Outer (loop) dimensions broadcast like an elementwise
// ufunc's; the loop receives dimensions [n, core sizes...] and steps [nargs outer strides, core
// strides per operand...], as NumPy's gufunc loops do. The core sizes are one per distinct named
// dimension in order of first appearance (fixed sizes are not passed); an optional dimension
// an operand lacks is passed with size 1 and stride 0. Calls run through the executor, threaded
// over the loop dimensions.
#include "engine/gufunc.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "engine/call_pipeline.hpp"
#include "engine/iter_plan.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "util/pyrepr.hpp"

namespace np {

namespace {

// One core dimension of a signature: "n", "n?" or a fixed size "3".
CoreDim parse_core_dim(const std::string& item, std::string_view text) {
  auto malformed = [&] {
    return ValueError("malformed gufunc signature '" + std::string(text) + "'");
  };
  if (item.empty()) throw malformed();
  CoreDim d;
  std::string body = item;
  if (body.back() == '?') {
    d.optional = true;
    body.pop_back();
    if (body.empty() || !std::isalpha(static_cast<unsigned char>(body[0]))) throw malformed();
  }
  if (std::isdigit(static_cast<unsigned char>(body[0]))) {
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), d.size);
    if (ec != std::errc() || end != body.data() + body.size()) {
      throw ValueError("gufunc signature '" + std::string(text) + "': bad core dimension '" + item +
                       "'");
    }
  } else {
    d.name = body;
  }
  return d;
}

// "(a,b),(c)" -> the operands' core dimensions.
std::vector<std::vector<CoreDim>> parse_side(const std::string& side, std::string_view text) {
  auto malformed = [&] {
    return ValueError("malformed gufunc signature '" + std::string(text) + "'");
  };
  std::vector<std::vector<CoreDim>> ops;
  size_t p = 0;
  while (p < side.size()) {
    if (side[p] != '(') throw malformed();
    const size_t close = side.find(')', p);
    if (close == std::string::npos) throw malformed();
    std::vector<CoreDim> dims;
    const std::string body = side.substr(p + 1, close - p - 1);
    for (size_t q = 0; !body.empty();) {
      const size_t comma = body.find(',', q);
      dims.push_back(parse_core_dim(
          body.substr(q, comma == std::string::npos ? std::string::npos : comma - q), text));
      if (comma == std::string::npos) break;
      q = comma + 1;
    }
    ops.push_back(dims);
    p = close + 1;
    if (p < side.size()) {
      if (side[p] != ',') throw malformed();
      ++p;
    }
  }
  return ops;
}

}  // namespace

CoreSignature parse_core_signature(std::string_view text, int nin, int nout) {
  std::string s;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  }
  const size_t arrow = s.find("->");
  if (arrow == std::string::npos)
    throw ValueError("gufunc signature '" + std::string(text) + "' has no '->'");
  auto ins = parse_side(s.substr(0, arrow), text);
  auto outs = parse_side(s.substr(arrow + 2), text);
  if (static_cast<int>(ins.size()) != nin || static_cast<int>(outs.size()) != nout) {
    throw ValueError("gufunc signature '" + std::string(text) + "' does not match " +
                     std::to_string(nin) + " inputs and " + std::to_string(nout) + " outputs");
  }
  CoreSignature sig;
  sig.operands = ins;
  sig.operands.insert(sig.operands.end(), outs.begin(), outs.end());
  return sig;
}

namespace engine {

namespace {

// The label NumPy matches core dimensions by: the name, or the fixed size's digits.
std::string label_of(const CoreDim& d) {
  return d.name.empty() ? std::to_string(d.size) : d.name;
}

// How the operands' core dimensions bind for one call (NumPy's _validate_num_dims and
// _get_coredim_sizes).
struct CoreBinding {
  CoreSignature sig;
  std::vector<const Array*> given;       // per operand: the input or out= array, null if absent
  std::vector<int> ncore;                // per operand: core dimensions it has in this call
  std::set<std::string> missing;         // optional labels removed from every operand
  std::map<std::string, int64_t> sizes;  // label -> size (1 for missing ones)
  std::vector<Shape> outer;              // per given operand: its loop dimensions

  bool is_missing(const CoreDim& d) const { return missing.count(label_of(d)) != 0; }
  int64_t size_of(const CoreDim& d) const {
    if (is_missing(d)) return 1;
    return d.name.empty() ? d.size : sizes.at(d.name);
  }
};

std::string operand_name(const UFunc& u, size_t k) {
  const size_t nin = static_cast<size_t>(u.nin());
  return k < nin ? "Input operand " + std::to_string(k)
                 : "Output operand " + std::to_string(k - nin);
}

// An operand with fewer dimensions than its core removes optional dimensions (from every
// operand that has them) until it has enough; ValueError when it still has too few.
void remove_missing_dims(const UFunc& u, CoreBinding& b) {
  for (size_t k = 0; k < b.given.size(); ++k) {
    if (b.given[k] == nullptr) continue;
    const int ndim = b.given[k]->ndim();
    for (const CoreDim& d : b.sig.operands[k]) {
      if (ndim >= b.ncore[k]) break;
      if (!d.optional || b.is_missing(d)) continue;
      b.missing.insert(label_of(d));
      for (size_t i = 0; i < b.sig.operands.size(); ++i) {
        b.ncore[i] -= static_cast<int>(
            std::count_if(b.sig.operands[i].begin(), b.sig.operands[i].end(),
                          [&](const CoreDim& e) { return label_of(e) == label_of(d); }));
      }
    }
    if (ndim < b.ncore[k]) {
      throw ValueError(u.name() + ": " + operand_name(u, k) +
                       " does not have enough dimensions (has " + std::to_string(ndim) +
                       ", gufunc core with signature " + u.spec().core_signature + " requires " +
                       std::to_string(b.ncore[k]) + ")");
    }
  }
}

// Every core dimension of every given operand matches the others of its label.
void bind_sizes(const UFunc& u, CoreBinding& b) {
  for (size_t k = 0; k < b.given.size(); ++k) {
    const Array* a = b.given[k];
    if (a == nullptr) continue;
    const size_t first_core = static_cast<size_t>(a->ndim() - b.ncore[k]);
    size_t present = 0;
    for (const CoreDim& d : b.sig.operands[k]) {
      if (b.is_missing(d)) continue;
      const int64_t n = a->shape()[first_core + present];
      const std::string label = label_of(d);
      const int64_t want = !d.name.empty() ? (b.sizes.count(label) ? b.sizes[label] : -1) : d.size;
      if (want >= 0 && want != n) {
        throw ValueError(u.name() + ": " + operand_name(u, k) +
                         " has a mismatch in its core dimension " + std::to_string(present) +
                         ", with gufunc signature " + u.spec().core_signature + " (size " +
                         std::to_string(n) + " is different from " + std::to_string(want) + ")");
      }
      b.sizes[label] = n;
      ++present;
    }
    b.outer[k] = Shape(a->shape().begin(), a->shape().begin() + static_cast<long>(first_core));
  }
  for (size_t k = static_cast<size_t>(u.nin()); k < b.given.size(); ++k) {
    const auto& core = b.sig.operands[k];
    for (size_t i = 0; i < core.size(); ++i) {
      const bool fixed = core[i].name.empty();
      if (!fixed && !b.is_missing(core[i]) && b.sizes.count(core[i].name) == 0) {
        throw ValueError(u.name() + ": " + operand_name(u, k) + " has core dimension " +
                         std::to_string(i) + " unspecified, with gufunc signature " +
                         u.spec().core_signature);
      }
    }
  }
}

CoreBinding bind_core_dims(const CallState& call) {
  const UFunc& u = call.ufunc;
  CoreBinding b{
      parse_core_signature(u.spec().core_signature, u.nin(), u.nout()), {}, {}, {}, {}, {}};
  const size_t nargs = b.sig.operands.size();
  for (const Array& a : call.inputs)
    b.given.push_back(&a);
  for (int j = 0; j < u.nout(); ++j) {
    const bool has = !call.options.out.empty() && call.options.out[static_cast<size_t>(j)];
    b.given.push_back(has ? &*call.options.out[static_cast<size_t>(j)] : nullptr);
  }
  for (const auto& core : b.sig.operands)
    b.ncore.push_back(static_cast<int>(core.size()));
  b.outer.resize(nargs);
  remove_missing_dims(u, b);
  bind_sizes(u, b);
  return b;
}

// A shape as NumPy's iterator prints it: "(5,2,3)", "(3,)", "()"; leading newaxis entries
// (empty strings) dropped, the others written "newaxis".
std::string iter_shape_text(const std::vector<std::string>& dims) {
  size_t first = 0;
  while (first < dims.size() && dims[first].empty())
    ++first;
  std::string text = "(";
  for (size_t i = first; i < dims.size(); ++i) {
    text += dims[i].empty() ? "newaxis" : dims[i];
    if (i + 1 < dims.size() || dims.size() - first == 1) text += ",";
  }
  return text + ")";
}

std::vector<std::string> dim_texts(const Shape& shape) {
  std::vector<std::string> out;
  for (int64_t n : shape)
    out.push_back(std::to_string(n));
  return out;
}

// NumPy's iterator text for inputs whose loop dimensions do not broadcast: each input's shape
// and its remapped one (loop dimensions right-aligned, a newaxis per output core dimension).
std::string remapped_broadcast_error(const CallState& call, const CoreBinding& b) {
  size_t loop_ndim = 0;
  for (size_t k = 0; k < call.inputs.size(); ++k)
    loop_ndim = std::max(loop_ndim, b.outer[k].size());
  std::vector<std::string> out_labels;
  std::vector<std::string> requested(loop_ndim);
  for (size_t k = call.inputs.size(); k < b.sig.operands.size(); ++k) {
    for (const CoreDim& d : b.sig.operands[k]) {
      if (b.is_missing(d) || std::count(out_labels.begin(), out_labels.end(), label_of(d)))
        continue;
      out_labels.push_back(label_of(d));
      requested.push_back(std::to_string(b.size_of(d)));
    }
  }
  std::string msg =
      "operands could not be broadcast together with remapped shapes "
      "[original->remapped]: ";
  for (size_t k = 0; k < call.inputs.size(); ++k) {
    std::vector<std::string> remapped(loop_ndim - b.outer[k].size());  // leading newaxis
    for (int64_t n : b.outer[k])
      remapped.push_back(std::to_string(n));
    remapped.resize(remapped.size() + out_labels.size(), "newaxis");
    msg +=
        iter_shape_text(dim_texts(call.inputs[k].shape())) + "->" + iter_shape_text(remapped) + " ";
  }
  return msg + " and requested shape " + iter_shape_text(requested);
}

// The loop shape: the inputs' loop dimensions broadcast; an out= array's may extend them.
Shape loop_shape(const CallState& call, const CoreBinding& b) {
  std::vector<Shape> shapes(b.outer.begin(), b.outer.begin() + call.ufunc.nin());
  Shape shape;
  try {
    shape = broadcast_shapes(shapes);
  } catch (const ValueError&) {
    throw ValueError(remapped_broadcast_error(call, b));
  }
  for (size_t k = shapes.size(); k < b.given.size(); ++k) {
    if (b.given[k] == nullptr) continue;
    Shape grown = broadcast_shapes({shape, b.outer[k]});
    if (grown != b.outer[k]) {
      throw ValueError("non-broadcastable output operand with shape " +
                       py::repr_shape(b.given[k]->shape()) + " doesn't match the loop shape " +
                       py::repr_shape(grown));
    }
    shape = grown;
  }
  return shape;
}

// A new output: its loop dimensions in the memory order of an input with the whole loop shape
// (NumPy's K order), its core dimensions C-contiguous inside.
Array allocate_core_output(const CallState& call, const CoreBinding& b, const Shape& core,
                           const DType& dtype) {
  const size_t nd = call.shape.size();
  std::vector<int64_t> perm;  // loop axes, outermost in memory first; empty: C order
  for (size_t k = 0; k < call.inputs.size() && perm.empty(); ++k) {
    if (b.outer[k] != call.shape) continue;
    const Strides& s = call.inputs[k].strides();
    perm = k_order(call.shape, {Strides(s.begin(), s.begin() + static_cast<long>(nd))});
  }
  Shape full = call.shape;
  full.insert(full.end(), core.begin(), core.end());
  if (std::is_sorted(perm.begin(), perm.end())) return Array::empty(full, dtype);
  Shape stored;
  for (int64_t ax : perm)
    stored.push_back(call.shape[static_cast<size_t>(ax)]);
  stored.insert(stored.end(), core.begin(), core.end());
  Axes axes(full.size());
  for (size_t p = 0; p < nd; ++p)
    axes[static_cast<size_t>(perm[p])] = static_cast<int64_t>(p);
  for (size_t c = nd; c < full.size(); ++c)
    axes[c] = static_cast<int64_t>(c);
  return transpose(Array::empty(stored, dtype), axes);
}

// Stage 4 for gufuncs: out= arrays checked (loop dimensions, casting=), the others allocated.
void allocate_core_outputs(CallState& call, const CoreBinding& b) {
  const UFunc& u = call.ufunc;
  call.outputs.clear();
  call.cast_back.assign(static_cast<size_t>(u.nout()), std::nullopt);
  for (int j = 0; j < u.nout(); ++j) {
    const size_t k = static_cast<size_t>(u.nin() + j);
    Shape core;
    for (const CoreDim& d : b.sig.operands[k]) {
      if (!b.is_missing(d)) core.push_back(b.size_of(d));
    }
    const DType& loop_dtype = call.resolved.dtypes[k];
    const Array* out = b.given[k];
    if (out == nullptr) {
      call.outputs.push_back(allocate_core_output(call, b, core, loop_dtype));
      continue;
    }
    out->require_writeable();
    if (!can_cast(loop_dtype, out->dtype(), call.options.casting)) {
      throw UFuncTypeError("Cannot cast ufunc '" + u.name() + "' output from " + loop_dtype.repr() +
                           " to " + out->dtype().repr() + " with casting rule '" +
                           casting_name(call.options.casting) + "'");
    }
    if (out->dtype() == loop_dtype) {
      call.outputs.push_back(*out);
    } else {  // the loop writes a temporary of its dtype, cast into out= afterwards
      call.outputs.push_back(Array::empty(out->shape(), loop_dtype));
      call.cast_back[static_cast<size_t>(j)] = *out;
    }
  }
}

// gufunc loops see whole core blocks: inputs are converted to the loop dtypes up front.
void convert_inputs(CallState& call) {
  for (size_t i = 0; i < call.inputs.size(); ++i) {
    const DType& want = call.resolved.dtypes[i];
    if (!(call.inputs[i].dtype() == want)) call.inputs[i] = astype(call.inputs[i], want);
  }
}

// Stage 6 for gufuncs: the executor runs the loop over the loop dimensions (threaded), with the
// core sizes and strides appended to every call's dimensions and steps.
void execute_gufunc(CallState& call, const CoreBinding& b) {
  const size_t nin = call.inputs.size();
  CoreLoop core;
  std::vector<std::string> named;
  for (const auto& dims : b.sig.operands) {
    for (const CoreDim& d : dims) {
      if (d.name.empty() || std::count(named.begin(), named.end(), d.name)) continue;
      named.push_back(d.name);
      core.dims.push_back(b.size_of(d));
      core.work *= std::max<int64_t>(1, b.size_of(d));
    }
  }
  std::vector<ExecOperand> ops;
  for (size_t k = 0; k < b.sig.operands.size(); ++k) {
    const Array& a = k < nin ? call.inputs[k] : call.outputs[k - nin];
    const size_t lead = static_cast<size_t>(a.ndim()) - static_cast<size_t>(b.ncore[k]);
    Array outer = a.view_as(
        a.dtype(), Shape(a.shape().begin(), a.shape().begin() + static_cast<long>(lead)),
        Strides(a.strides().begin(), a.strides().begin() + static_cast<long>(lead)), a.offset());
    ops.push_back({a.data(), broadcast_strides(outer, call.shape), a.dtype(), a.dtype(), k >= nin});
    size_t present = lead;
    for (const CoreDim& d : b.sig.operands[k]) {
      core.steps.push_back(b.is_missing(d) ? 0 : a.strides()[present++]);
    }
  }
  ExecOptions eo;
  eo.name = call.ufunc.name().c_str();
  eo.num_threads = call.options.num_threads;
  eo.core = &core;
  run_loop(call.shape, ops, *call.resolved.loop, eo, call.ufunc.name());
}

}  // namespace

std::vector<Array> gufunc_call(const UFunc& u, std::span<const Array> inputs,
                               const UFuncOptions& o) {
  if (o.where) throw TypeError(u.name() + "() got an unexpected keyword argument 'where'");
  CallState call(u, inputs, o);
  fix_signature(call);
  resolve_loop(call);
  check_input_casts(call);
  convert_inputs(call);
  const CoreBinding core = bind_core_dims(call);
  call.shape = loop_shape(call, core);
  allocate_core_outputs(call, core);
  copy_overlapping_inputs(call, false);
  execute_gufunc(call, core);
  return call.results();
}

}  // namespace engine
}  // namespace np
