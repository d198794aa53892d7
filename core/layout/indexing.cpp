// Indexing (see indexing.hpp). Basic items are applied first as a view, with the dimensions
// that advanced indices select kept whole; the advanced part then gathers (or scatters) over the
// broadcast index shape, placing its dimensions where NumPy does.
#include "np/indexing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "dtype/element_cast.hpp"
#include "layout/nd_loop.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"
#include "util/checked.hpp"

namespace np {

namespace {

[[noreturn]] void invalid_index() {
  throw IndexError(
      "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or "
      "boolean arrays are valid indices");
}

struct SliceResult {
  int64_t start, step, length;
};

// Python's PySlice_GetIndicesEx followed by NumPy's normalisation of empty slices.
SliceResult resolve_slice(const Slice& s, int64_t n) {
  int64_t step = s.step.value_or(1);
  if (step == 0) throw ValueError("slice step cannot be zero");
  // Python's PySlice_Unpack clamps the step to -PY_SSIZE_T_MAX, so that -step exists.
  step = std::max(step, -std::numeric_limits<int64_t>::max());
  int64_t start, stop;
  if (step > 0) {
    start = s.start.value_or(0);
    stop = s.stop.value_or(n);
    if (start < 0) start = std::max<int64_t>(start + n, 0);
    if (stop < 0) stop = std::max<int64_t>(stop + n, 0);
    start = std::min(start, n);
    stop = std::min(stop, n);
  } else {
    start = s.start.has_value() ? *s.start : n - 1;
    stop = s.stop.has_value() ? *s.stop : -1;
    if (s.start.has_value()) {
      if (start < 0) start = std::max<int64_t>(start + n, -1);
      start = std::min(start, n - 1);
    }
    if (s.stop.has_value()) {
      if (stop < 0) stop = std::max<int64_t>(stop + n, -1);
      stop = std::min(stop, n - 1);
    }
  }
  int64_t length = 0;
  if (step > 0 && stop > start) length = (stop - start - 1) / step + 1;
  if (step < 0 && stop < start) length = (start - stop - 1) / (-step) + 1;
  if (length <= 0) return {0, 1, 0};
  return {start, step, length};
}

struct AdvancedIndex {
  Array indices;   // intp values, any shape
  int view_axis;   // the dimension of the basic view it indexes
  int item_order;  // position among index items, for adjacency
};

struct Plan {
  Array view;  // basic indexing applied; advanced dims kept whole
  std::vector<AdvancedIndex> advanced;
  bool adjacent = true;
  std::vector<int> integer_orders;  // index items that were plain integers
};

bool is_int_array(const Array& a) {
  return a.dtype().is_integer();
}

Array to_intp(const Array& a) {
  Array out = Array::empty(a.shape(), dtypes::int64());
  assign(out, a);
  return out;
}

// Integer arrays of the positions where a boolean array is true, one per dimension.
std::vector<Array> nonzero(const Array& mask) {
  std::vector<std::vector<int64_t>> coords(static_cast<size_t>(mask.ndim()));
  std::vector<int64_t> idx(static_cast<size_t>(mask.ndim()), 0);
  const std::byte* base = mask.data();
  int64_t total = mask.size();
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rem = flat, off = 0;
    for (int d = mask.ndim() - 1; d >= 0; --d) {
      idx[d] = rem % mask.shape()[d];
      rem /= mask.shape()[d];
      off += idx[d] * mask.strides()[d];
    }
    if (static_cast<uint8_t>(base[off]) != 0) {
      for (int d = 0; d < mask.ndim(); ++d)
        coords[d].push_back(idx[d]);
    }
  }
  std::vector<Array> out;
  for (auto& c : coords)
    out.push_back(Array::from_vector(c));
  return out;
}

// The dimensions `index` consumes (integers, slices, integer arrays one each, boolean arrays
// their ndim); IndexError for a second ellipsis or an index item of the wrong type.
int consumed_dimensions(const Index& index) {
  int consumed = 0;
  int ellipses = 0;
  for (const IndexItem& item : index) {
    if (std::holds_alternative<int64_t>(item) || std::holds_alternative<Slice>(item)) {
      ++consumed;
    } else if (const Array* arr = std::get_if<Array>(&item)) {
      if (arr->dtype().is_bool()) {
        consumed += arr->ndim();
      } else if (is_int_array(*arr)) {
        ++consumed;
      } else {
        throw IndexError("arrays used as indices must be of integer (or boolean) type");
      }
    } else if (std::holds_alternative<EllipsisIndex>(item)) {
      ++ellipses;
    } else if (std::holds_alternative<FieldName>(item) ||
               std::holds_alternative<FieldNames>(item)) {
      invalid_index();
    }
  }
  if (ellipses > 1) throw IndexError("an index can only have a single ellipsis ('...')");
  return consumed;
}

// An integer index `k` into an axis of length n, negative from the end; IndexError when outside.
int64_t normalized_index(int64_t k, int64_t n, int axis) {
  int64_t i = k < 0 ? k + n : k;
  if (i < 0 || i >= n) {
    throw IndexError("index " + std::to_string(k) + " is out of bounds for axis " +
                     std::to_string(axis) + " with size " + std::to_string(n));
  }
  return i;
}

// A boolean index covering a's dimensions from `first` on must match their lengths.
void check_boolean_shape(const Array& a, const Array& mask, int first) {
  for (int d = 0; d < mask.ndim(); ++d) {
    if (mask.shape()[d] != a.shape()[first + d]) {
      throw IndexError(
          "boolean index did not match indexed array along dimension " + std::to_string(first + d) +
          "; dimension is " + std::to_string(a.shape()[first + d]) +
          " but corresponding boolean dimension is " + std::to_string(mask.shape()[d]));
    }
  }
}

// The index of the length-1 axis a scalar boolean adds: [0] for True, [] for False.
Array scalar_bool_index(bool value) {
  return value ? Array::from_vector(std::vector<int64_t>{0}) : Array::empty({0}, dtypes::int64());
}

Plan plan_index(const Array& a, const Index& index) {
  const int consumed = consumed_dimensions(index);
  if (consumed > a.ndim()) {
    throw IndexError("too many indices for array: array is " + std::to_string(a.ndim()) +
                     "-dimensional, but " + std::to_string(consumed) + " were indexed");
  }
  Plan plan;
  Shape shape;
  Strides strides;
  int64_t offset = a.offset();
  int src = 0;
  int order = 0;
  for (const IndexItem& item : index) {
    ++order;
    if (const int64_t* k = std::get_if<int64_t>(&item)) {
      offset += normalized_index(*k, a.shape()[src], src) * a.strides()[src];
      plan.integer_orders.push_back(order);
      ++src;
    } else if (const Slice* s = std::get_if<Slice>(&item)) {
      SliceResult r = resolve_slice(*s, a.shape()[src]);
      offset += r.start * a.strides()[src];
      shape.push_back(r.length);
      // NumPy's stride * step, wrapping as its C arithmetic does: the product only wraps for a
      // length-1 result (a longer one has |step| < n, and stride * (n - 1) fits the buffer),
      // whose stride addresses nothing.
      strides.push_back(checked::wrapping_mul(a.strides()[src], r.step));
      ++src;
    } else if (std::holds_alternative<NewAxis>(item)) {
      shape.push_back(1);
      strides.push_back(0);
    } else if (std::holds_alternative<EllipsisIndex>(item)) {
      int fill = a.ndim() - consumed;
      for (int k = 0; k < fill; ++k) {
        shape.push_back(a.shape()[src]);
        strides.push_back(a.strides()[src]);
        ++src;
      }
    } else if (const bool* b = std::get_if<bool>(&item)) {
      // A scalar boolean adds a length-1 axis indexed by [0] (True) or [] (False).
      shape.push_back(1);
      strides.push_back(0);
      plan.advanced.push_back({scalar_bool_index(*b), static_cast<int>(shape.size()) - 1, order});
    } else if (const Array* arr = std::get_if<Array>(&item)) {
      if (arr->dtype().is_bool()) {
        if (arr->ndim() == 0) {
          bool v = static_cast<uint8_t>(*arr->data()) != 0;
          shape.push_back(1);
          strides.push_back(0);
          plan.advanced.push_back(
              {scalar_bool_index(v), static_cast<int>(shape.size()) - 1, order});
          continue;
        }
        check_boolean_shape(a, *arr, src);
        std::vector<Array> coords = nonzero(*arr);
        for (int d = 0; d < arr->ndim(); ++d) {
          shape.push_back(a.shape()[src]);
          strides.push_back(a.strides()[src]);
          plan.advanced.push_back({coords[d], static_cast<int>(shape.size()) - 1, order});
          ++src;
        }
      } else {
        Array idx = to_intp(*arr);
        if (arr->ndim() == 0) {  // a 0-d integer array is an integer index
          int64_t k = *reinterpret_cast<const int64_t*>(idx.data());
          offset += normalized_index(k, a.shape()[src], src) * a.strides()[src];
          plan.integer_orders.push_back(order);
          ++src;
          continue;
        }
        shape.push_back(a.shape()[src]);
        strides.push_back(a.strides()[src]);
        plan.advanced.push_back({idx, static_cast<int>(shape.size()) - 1, order});
        ++src;
      }
    }
  }
  for (; src < a.ndim(); ++src) {
    shape.push_back(a.shape()[src]);
    strides.push_back(a.strides()[src]);
  }
  plan.view = a.view_as(a.dtype(), shape, strides, offset);
  // With advanced indexing, integers count as (0-d) advanced indices for adjacency, as in NumPy:
  // the broadcast dimensions stay in place only when all advanced items are consecutive.
  if (!plan.advanced.empty()) {
    std::vector<int> orders = plan.integer_orders;
    for (const AdvancedIndex& ai : plan.advanced)
      orders.push_back(ai.item_order);
    std::sort(orders.begin(), orders.end());
    orders.erase(std::unique(orders.begin(), orders.end()), orders.end());
    for (size_t i = 1; i < orders.size(); ++i) {
      if (orders[i] - orders[i - 1] > 1) plan.adjacent = false;
    }
  }
  return plan;
}

struct Gather {
  Shape bshape;                // broadcast index shape
  std::vector<Array> indices;  // broadcast views of the index arrays
  std::vector<int> adv_axes;   // view axes the indices select
  std::vector<int> rest_axes;  // remaining view axes
  Shape result_shape;
  int insert_at;  // where the broadcast dims go among rest axes
};

Gather prepare_gather(const Plan& plan) {
  Gather g;
  std::vector<Shape> shapes;
  for (const AdvancedIndex& ai : plan.advanced)
    shapes.push_back(ai.indices.shape());
  try {
    g.bshape = broadcast_shapes(shapes);
  } catch (const ValueError&) {
    std::string msg = "shape mismatch: indexing arrays could not be broadcast together with shapes";
    for (const Shape& s : shapes) {
      msg += " [";
      for (size_t i = 0; i < s.size(); ++i)
        msg += (i ? "," : "") + std::to_string(s[i]);
      msg += "]";
    }
    throw IndexError(msg + " ");
  }
  for (const AdvancedIndex& ai : plan.advanced) {
    g.indices.push_back(broadcast_to(ai.indices, g.bshape));
    g.adv_axes.push_back(ai.view_axis);
  }
  for (int d = 0; d < plan.view.ndim(); ++d) {
    if (std::find(g.adv_axes.begin(), g.adv_axes.end(), d) == g.adv_axes.end())
      g.rest_axes.push_back(d);
  }
  int first = *std::min_element(g.adv_axes.begin(), g.adv_axes.end());
  g.insert_at = 0;
  if (plan.adjacent) {
    for (int d : g.rest_axes) {
      if (d < first) ++g.insert_at;
    }
  }
  for (int i = 0; i < g.insert_at; ++i)
    g.result_shape.push_back(plan.view.shape()[g.rest_axes[i]]);
  for (int64_t d : g.bshape)
    g.result_shape.push_back(d);
  for (size_t i = g.insert_at; i < g.rest_axes.size(); ++i) {
    g.result_shape.push_back(plan.view.shape()[g.rest_axes[i]]);
  }
  // Bounds-check every index now, so nothing is written when one is out of range.
  for (size_t k = 0; k < g.indices.size(); ++k) {
    int64_t n = plan.view.shape()[g.adv_axes[k]];
    const Array& ix = g.indices[k];
    layout::for_each_offset<1>(ix.shape(), {&ix.strides()}, [&](const std::array<int64_t, 1>& o) {
      int64_t v = *reinterpret_cast<const int64_t*>(ix.data() + o[0]);
      if (v < -n || v >= n) {
        throw IndexError("index " + std::to_string(v) + " is out of bounds for axis " +
                         std::to_string(g.adv_axes[k]) + " with size " + std::to_string(n));
      }
    });
  }
  return g;
}

// Calls fn(source_subspace_view, result_position_view_strides...) for each broadcast position.
template <class Fn>
void for_each_position(const Plan& plan, const Gather& g, const Array& result, Fn&& fn) {
  const Array& v = plan.view;
  Shape sub_shape;
  Strides sub_strides;
  for (int d : g.rest_axes) {
    sub_shape.push_back(v.shape()[d]);
    sub_strides.push_back(v.strides()[d]);
  }
  // Result axes of the subspace and of the broadcast block.
  Strides res_sub_strides;
  for (int i = 0; i < g.insert_at; ++i)
    res_sub_strides.push_back(result.strides()[i]);
  for (size_t i = g.insert_at; i < g.rest_axes.size(); ++i) {
    res_sub_strides.push_back(result.strides()[i + g.bshape.size()]);
  }
  Strides res_b_strides;
  for (size_t i = 0; i < g.bshape.size(); ++i)
    res_b_strides.push_back(result.strides()[g.insert_at + i]);
  int64_t total = shape_size(g.bshape);
  std::vector<int64_t> bidx(g.bshape.size(), 0);
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rem = flat;
    for (size_t d = g.bshape.size(); d-- > 0;) {
      bidx[d] = rem % g.bshape[d];
      rem /= g.bshape[d];
    }
    int64_t src_off = v.offset();
    for (size_t k = 0; k < g.indices.size(); ++k) {
      const Array& ix = g.indices[k];
      int64_t o = 0;
      for (size_t d = 0; d < bidx.size(); ++d)
        o += bidx[d] * ix.strides()[d];
      int64_t val = *reinterpret_cast<const int64_t*>(ix.data() + o);
      int64_t n = v.shape()[g.adv_axes[k]];
      if (val < 0) val += n;
      src_off += val * v.strides()[g.adv_axes[k]];
    }
    int64_t res_off = result.offset();
    for (size_t d = 0; d < bidx.size(); ++d)
      res_off += bidx[d] * res_b_strides[d];
    Array src = v.view_as(v.dtype(), sub_shape, sub_strides, src_off);
    Array dst = result.view_as(result.dtype(), sub_shape, res_sub_strides, res_off);
    fn(src, dst);
  }
}

bool field_only(const Index& index) {
  return index.size() == 1 && (std::holds_alternative<FieldName>(index[0]) ||
                               std::holds_alternative<FieldNames>(index[0]));
}

Array field_view(const Array& a, const IndexItem& item) {
  if (const FieldName* f = std::get_if<FieldName>(&item)) {
    if (!a.dtype().has_fields()) invalid_index();
    return field(a, f->name);
  }
  if (!a.dtype().has_fields()) invalid_index();
  return fields(a, std::get<FieldNames>(item).names);
}

}  // namespace

Array getitem(const Array& a, const Index& index) {
  if (field_only(index)) return field_view(a, index[0]);
  Plan plan = plan_index(a, index);
  if (plan.advanced.empty()) return plan.view;
  Gather g = prepare_gather(plan);
  Array result = Array::empty(g.result_shape, a.dtype());
  for_each_position(plan, g, result, [](const Array& src, const Array& dst) { assign(dst, src); });
  return result;
}

void setitem(const Array& a, const Index& index, const Array& value_in) {
  a.require_writeable();
  Array value = value_in;
  if (value.same_buffer(a)) value = copy(value_in, Order::K);
  if (field_only(index)) {
    assign(field_view(a, index[0]), value);
    return;
  }
  Plan plan = plan_index(a, index);
  if (plan.advanced.empty()) {
    assign(plan.view, value);
    return;
  }
  Gather g = prepare_gather(plan);
  Array converted = Array::empty(g.result_shape, a.dtype());
  assign(converted, value);  // broadcast and cast once, in the result layout
  for_each_position(plan, g, converted,
                    [](const Array& dst, const Array& src) { assign(dst, src); });
}

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

[[noreturn]] void bad_subscript(std::string_view item) {
  throw IndexError("invalid subscript item '" + std::string(item) + "'");
}

bool parse_integer(const std::string& s, int64_t& out) {
  if (s.empty()) return false;
  const char* b = s.data() + (s[0] == '+' ? 1 : 0);
  auto r = std::from_chars(b, s.data() + s.size(), out);
  if (r.ec == std::errc::result_out_of_range) {
    throw IndexError("cannot fit '" + s + "' into an index-sized integer");
  }
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// A slice bound: Python clamps integers beyond the index range to it (PyNumber_AsSsize_t with
// no error type), so `::2**70` is `::2**63-1`.
bool parse_slice_bound(const std::string& s, int64_t& out) {
  if (s.empty()) return false;
  const char* b = s.data() + (s[0] == '+' ? 1 : 0);
  auto r = std::from_chars(b, s.data() + s.size(), out);
  if (r.ec == std::errc::result_out_of_range) {
    out = s[0] == '-' ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    return r.ptr == s.data() + s.size();
  }
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool looks_numeric(const std::string& s) {
  return !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' ||
                        s[0] == '+' || s[0] == '.');
}

std::string unquote(const std::string& s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  bad_subscript(s);
}

IndexItem parse_item(const std::string& item, const std::vector<Array>& arrays) {
  if (item == "...") return EllipsisIndex{};
  if (item == "None") return NewAxis{};
  if (item == "True") return true;
  if (item == "False") return false;
  if (item[0] == '$') {
    int64_t k;
    if (!parse_integer(item.substr(1), k) || k < 0 || k >= static_cast<int64_t>(arrays.size())) {
      throw IndexError("subscript '" + item + "' names no positional array argument");
    }
    return arrays[static_cast<size_t>(k)];
  }
  if (item[0] == '\'' || item[0] == '"') return FieldName{unquote(item)};
  if (item[0] == '[') {
    if (item.back() != ']') bad_subscript(item);
    FieldNames names;
    std::string body = item.substr(1, item.size() - 2);
    size_t p = 0;
    while (p <= body.size()) {
      size_t c = body.find(',', p);
      std::string part = trim(body.substr(p, c == std::string::npos ? std::string::npos : c - p));
      if (!part.empty()) names.names.push_back(unquote(part));
      if (c == std::string::npos) break;
      p = c + 1;
    }
    return names;
  }
  if (item.find(':') != std::string::npos) {
    std::vector<std::string> parts;
    size_t p = 0;
    while (true) {
      size_t c = item.find(':', p);
      parts.push_back(trim(item.substr(p, c == std::string::npos ? std::string::npos : c - p)));
      if (c == std::string::npos) break;
      p = c + 1;
    }
    if (parts.size() > 3) bad_subscript(item);
    Slice s;
    std::optional<int64_t>* fields[3] = {&s.start, &s.stop, &s.step};
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].empty() || parts[i] == "None") continue;
      int64_t v;
      if (!parse_slice_bound(parts[i], v)) {
        throw TypeError("slice indices must be integers or None or have an __index__ method");
      }
      *fields[i] = v;
    }
    return s;
  }
  int64_t v;
  try {
    if (parse_integer(item, v)) return v;
  } catch (const IndexError&) {
    // As NumPy: an int in [2**63, 2**64) (a uint64 to NumPy) fails converting to C long; larger
    // ones and those below -2**63 are not valid indices at all.
    uint64_t u = 0;
    auto [end, ec] =
        std::from_chars(item.data() + (item[0] == '+' ? 1 : 0), item.data() + item.size(), u);
    if (ec == std::errc() && end == item.data() + item.size()) {
      throw OverflowError("Python int too large to convert to C long");
    }
    throw;
  }
  if (looks_numeric(item)) invalid_index();
  bad_subscript(item);
}

}  // namespace

Index parse_index(std::string_view text, const std::vector<Array>& arrays) {
  Index out;
  std::string t = trim(text);
  if (t.empty() || t == "()") return out;
  if (t.size() > 100000) throw IndexError("subscript text too long");
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  std::vector<std::string> items;
  for (size_t i = 0; i <= t.size(); ++i) {
    char c = i < t.size() ? t[i] : ',';
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == ',' && depth == 0) {
      items.push_back(trim(std::string_view(t).substr(start, i - start)));
      start = i + 1;
    }
  }
  if (quote || depth != 0) throw IndexError("unbalanced subscript '" + t + "'");
  // A trailing comma makes a tuple; an empty item elsewhere is an error.
  if (items.size() > 1 && items.back().empty()) items.pop_back();
  for (const std::string& item : items) {
    if (item.empty()) throw IndexError("empty item in subscript '" + t + "'");
    out.push_back(parse_item(item, arrays));
  }
  if (out.size() > static_cast<size_t>(kMaxDims) * 2) throw IndexError("too many indices");
  return out;
}

}  // namespace np
