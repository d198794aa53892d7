// packbits and unpackbits, as NumPy: bool/integer elements pack by truthiness into uint8 (eight
// per byte, 'big' or 'little' bit order) along an axis or over the flattened array; uint8 bytes
// unpack into 0/1 bits with an optional count (negative counts drop bits from the end).
//
// Built on the host's services: the signatures bind the arguments (NumPy's TypeErrors for
// unknown, repeated or missing ones), axis=None flattens through a by-name call of ravel, the
// engine's cast to bool gives each element's truth value, and the lane walk of np/plugin.hpp
// pairs every input lane with its output lane.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "bitwise_register.hpp"

namespace np::bitwise {

namespace {

using plugin::Call;
using plugin::Failure;

// Python's name of a non-string value's type, as CPython's "argument 3 must be str, not int".
const char* python_type(int32_t kind) {
  switch (kind) {
    case NP_VALUE_NONE:
      return "None";
    case NP_VALUE_BOOL:
      return "bool";
    case NP_VALUE_INT:
      return "int";
    case NP_VALUE_FLOAT:
      return "float";
    case NP_VALUE_LIST:
      return "tuple";
    case NP_VALUE_ARRAY:
      return "numpy.ndarray";
    default:
      return "numpy.dtype";
  }
}

// bitorder, checked first as NumPy does. `what` is NumPy's internal name of the check
// ("pack() argument 3").
bool little_order(const Call& c, int32_t index, const char* what) {
  const NpValue* v = c.arg(index, "bitorder");
  const int32_t kind = c.host().value_kind(v);
  if (kind != NP_VALUE_STR) {
    throw Failure(NP_ERROR_TYPE, std::string(what) + " must be str, not " + python_type(kind));
  }
  const std::string order = c.string(v);
  if (order != "big" && order != "little") {
    throw Failure(NP_ERROR_VALUE, "'order' must be either 'little' or 'big'");
  }
  return order == "little";
}

// The array to walk and the axis to walk it along: axis=None is the flattened array (by-name
// ravel), along axis 0.
struct Lanes {
  const NpValue* array;
  int axis;
};
Lanes lanes_of(const Call& c, int ndim) {
  const NpValue* a = c.arg(0, "a");
  if (std::optional<int> axis = c.axis(1, "axis", ndim)) return {a, *axis};
  return {c.call("ravel", {a}).at(0), 0};
}

int bit_shift(bool little, int64_t j) {
  return little ? static_cast<int>(j % 8) : 7 - static_cast<int>(j % 8);
}

NpStatus packbits(const NpHostApi* host, NpCall* call, void*) {
  return plugin::guarded_call(host, call, [](Call& c) {
    const bool little = little_order(c, 2, "pack() argument 3");
    const NpArrayView a = c.array(0, "a");
    const char kind = a.dtype[1];
    if (kind != 'b' && kind != 'i' && kind != 'u') {
      throw Failure(NP_ERROR_TYPE, "Expected an input array of integer or boolean data type");
    }
    const Lanes lanes = lanes_of(c, a.ndim);
    const NpArrayView bits = c.array_as(lanes.array, "|b1");  // the truth value of each element
    std::vector<int64_t> shape(bits.shape, bits.shape + bits.ndim);
    shape[static_cast<size_t>(lanes.axis)] = (shape[static_cast<size_t>(lanes.axis)] + 7) / 8;
    const NpArrayView out = c.result("|u1", shape);
    plugin::for_each_lane_pair(bits, out, lanes.axis,
                               [little](const char* in, int64_t in_stride, int64_t n, char* o,
                                        int64_t o_stride, int64_t bytes) {
                                 for (int64_t byte = 0; byte < bytes; ++byte) {
                                   unsigned value = 0;
                                   for (int64_t j = byte * 8; j < n && j < byte * 8 + 8; ++j) {
                                     if (in[j * in_stride] != 0)
                                       value |= 1u << bit_shift(little, j);
                                   }
                                   o[byte * o_stride] = static_cast<char>(value);
                                 }
                               });
  });
}

NpStatus unpackbits(const NpHostApi* host, NpCall* call, void*) {
  return plugin::guarded_call(host, call, [](Call& c) {
    const bool little = little_order(c, 3, "unpack() argument 4");
    const NpArrayView a = c.array(0, "a");
    if (std::strcmp(a.dtype, "|u1") != 0) {
      throw Failure(NP_ERROR_TYPE, "Expected an input array of unsigned byte data type");
    }
    const Lanes lanes = lanes_of(c, a.ndim);
    const NpArrayView in = c.array(lanes.array);
    std::vector<int64_t> shape(in.shape, in.shape + in.ndim);
    const int64_t bits = shape[static_cast<size_t>(lanes.axis)] * 8;
    int64_t count = bits;
    if (c.given(2, "count")) {
      count = c.integer(2, "count");
      if (count < 0) {
        if (-count > bits) throw Failure(NP_ERROR_VALUE, "-count larger than number of elements");
        count += bits;
      }
    }
    shape[static_cast<size_t>(lanes.axis)] = count;
    const NpArrayView out = c.result("|u1", shape);
    plugin::for_each_lane_pair(
        in, out, lanes.axis,
        [little](const char* src, int64_t src_stride, int64_t n, char* o, int64_t o_stride,
                 int64_t m) {
          for (int64_t j = 0; j < m; ++j) {  // bits beyond the input's are zero
            const auto byte = j < n * 8 ? static_cast<uint8_t>(src[(j / 8) * src_stride]) : 0;
            o[j * o_stride] = static_cast<char>((byte >> bit_shift(little, j)) & 1u);
          }
        });
  });
}

}  // namespace

void register_packing(plugin::Registrar& r) {
  // NumPy 1.24's parameter lists (its documentation; inspect.signature cannot read C functions).
  r.general("packbits", "Packs the elements of a binary-valued array into bits in a uint8 array.",
            packbits, nullptr, "a, /, axis=None, bitorder='big'");
  r.general("unpackbits", "Unpacks elements of a uint8 array into a binary-valued output array.",
            unpackbits, nullptr, "a, /, axis=None, count=None, bitorder='big'");
}

}  // namespace np::bitwise
