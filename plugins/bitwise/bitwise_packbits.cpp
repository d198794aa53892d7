// packbits and unpackbits, as NumPy: bool/integer elements pack by truthiness into uint8 (eight
// per byte, 'big' or 'little' bit order) along an axis or over the flattened array; uint8 bytes
// unpack into 0/1 bits with an optional count (negative counts drop bits from the end).
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "bitwise_register.hpp"

namespace np::bitwise {

namespace {

using plugin::Call;
using plugin::Failure;

// Visits every element of `view` (C order over all axes except `axis`; axis < 0 visits all
// axes in C order as one lane), calling lane(base pointer, lane length, lane stride) per lane.
template <class Lane>
void for_each_lane(const NpArrayView& v, int axis, Lane lane) {
  const int nd = v.ndim;
  std::vector<int64_t> idx(static_cast<size_t>(nd), 0);
  if (axis < 0) {  // the flattened array: one lane, walked element by element in C order
    int64_t total = 1;
    for (int d = 0; d < nd; ++d)
      total *= v.shape[d];
    if (total == 0) return;
    for (int64_t k = 0; k < total; ++k) {
      int64_t off = 0;
      for (int d = 0; d < nd; ++d)
        off += idx[static_cast<size_t>(d)] * v.strides[d];
      lane(static_cast<const char*>(v.data) + off, 1, 0);
      for (int d = nd - 1; d >= 0; --d) {
        if (++idx[static_cast<size_t>(d)] < v.shape[d]) break;
        idx[static_cast<size_t>(d)] = 0;
      }
    }
    return;
  }
  for (int d = 0; d < nd; ++d) {
    if (d != axis && v.shape[d] == 0) return;
  }
  while (true) {
    int64_t off = 0;
    for (int d = 0; d < nd; ++d)
      off += idx[static_cast<size_t>(d)] * v.strides[d];
    lane(static_cast<const char*>(v.data) + off, v.shape[axis], v.strides[axis]);
    int d = nd - 1;
    for (; d >= 0; --d) {
      if (d == axis) continue;
      if (++idx[static_cast<size_t>(d)] < v.shape[d]) break;
      idx[static_cast<size_t>(d)] = 0;
    }
    if (d < 0) return;
  }
}

bool nonzero(const char* p, int64_t itemsize) {
  for (int64_t b = 0; b < itemsize; ++b) {
    if (p[b] != 0) return true;
  }
  return false;
}

// axis=None -> -1; otherwise normalised, AxisError when out of range.
int axis_arg(const Call& c, int32_t index, int ndim) {
  if (!c.given(index, "axis")) return -1;
  int64_t axis = c.integer(index, "axis");
  if (axis < -ndim || axis >= ndim) {
    throw Failure(NP_ERROR_AXIS, "axis " + std::to_string(axis) +
                                     " is out of bounds for array of dimension " +
                                     std::to_string(ndim));
  }
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

bool little_order(const Call& c, int32_t index) {
  std::string order = c.string(index, "bitorder", "big");
  if (order != "big" && order != "little") {
    throw Failure(NP_ERROR_VALUE, "'order' must be either 'little' or 'big'");
  }
  return order == "little";
}

// Output writer: C-contiguous bytes along the output lanes, in the input lanes' order.
NpStatus packbits(const NpHostApi* host, NpCall* call, void*) {
  return plugin::guarded_call(host, call, [](Call& c) {
    NpArrayView a = c.array(0, "a");
    char kind = a.dtype[1];
    if (kind != 'b' && kind != 'i' && kind != 'u') {
      throw Failure(NP_ERROR_TYPE, "Expected an input array of integer or boolean data type");
    }
    const int axis = axis_arg(c, 1, a.ndim);
    const bool little = little_order(c, 2);
    std::vector<int64_t> shape;
    int64_t lane_len = 1;
    if (axis < 0) {
      for (int d = 0; d < a.ndim; ++d)
        lane_len *= a.shape[d];
      shape = {(lane_len + 7) / 8};
    } else {
      shape.assign(a.shape, a.shape + a.ndim);
      lane_len = a.shape[axis];
      shape[static_cast<size_t>(axis)] = (lane_len + 7) / 8;
    }
    NpArrayView out = c.result("|u1", shape);
    auto* dst = static_cast<uint8_t*>(out.data);
    // Output strides (C order) to place lane bytes; for axis=None the output is one lane.
    int64_t out_lane_stride = 1;
    if (axis >= 0) {
      for (int d = axis + 1; d < a.ndim; ++d)
        out_lane_stride *= shape[static_cast<size_t>(d)];
    }
    int64_t total_out = 1;
    for (int64_t s : shape)
      total_out *= s;
    if (total_out == 0) return;
    std::memset(dst, 0, static_cast<size_t>(total_out));
    // Walk lanes in C order of the other axes; lane k's first byte sits at the C offset of that
    // position in the output.
    std::vector<int64_t> pos(static_cast<size_t>(a.ndim), 0);
    int64_t bit = 0;  // for axis=None: running bit index over the flattened input
    auto out_offset = [&]() {
      int64_t off = 0;
      int64_t mul = 1;
      for (int d = a.ndim - 1; d >= 0; --d) {
        if (d != axis) off += pos[static_cast<size_t>(d)] * mul;
        mul *= shape[static_cast<size_t>(d)];
      }
      return off;
    };
    auto advance = [&]() {
      for (int d = a.ndim - 1; d >= 0; --d) {
        if (d == axis) continue;
        if (++pos[static_cast<size_t>(d)] < a.shape[d]) return;
        pos[static_cast<size_t>(d)] = 0;
      }
    };
    for_each_lane(a, axis, [&](const char* p, int64_t n, int64_t stride) {
      if (axis < 0) {
        if (nonzero(p, a.itemsize)) {
          int shift = little ? static_cast<int>(bit % 8) : 7 - static_cast<int>(bit % 8);
          dst[bit / 8] = static_cast<uint8_t>(dst[bit / 8] | (1u << shift));
        }
        ++bit;
        return;
      }
      const int64_t base = out_offset();
      for (int64_t j = 0; j < n; ++j) {
        if (!nonzero(p + j * stride, a.itemsize)) continue;
        int shift = little ? static_cast<int>(j % 8) : 7 - static_cast<int>(j % 8);
        uint8_t& byte = dst[base + (j / 8) * out_lane_stride];
        byte = static_cast<uint8_t>(byte | (1u << shift));
      }
      advance();
    });
  });
}

NpStatus unpackbits(const NpHostApi* host, NpCall* call, void*) {
  return plugin::guarded_call(host, call, [](Call& c) {
    NpArrayView a = c.array(0, "a");
    if (std::strcmp(a.dtype, "|u1") != 0) {
      throw Failure(NP_ERROR_TYPE, "Expected an input array of unsigned byte data type");
    }
    const int axis = axis_arg(c, 1, a.ndim);
    const bool little = little_order(c, 3);
    int64_t in_len = 1;
    if (axis < 0) {
      for (int d = 0; d < a.ndim; ++d)
        in_len *= a.shape[d];
    } else {
      in_len = a.shape[axis];
    }
    const int64_t bits = in_len * 8;
    int64_t count = bits;
    if (c.given(2, "count")) {
      count = c.integer(2, "count");
      if (count < 0) {
        if (-count > bits) throw Failure(NP_ERROR_VALUE, "-count larger than number of elements");
        count += bits;
      }
    }
    std::vector<int64_t> shape;
    if (axis < 0) {
      shape = {count};
    } else {
      shape.assign(a.shape, a.shape + a.ndim);
      shape[static_cast<size_t>(axis)] = count;
    }
    NpArrayView out = c.result("|u1", shape);
    auto* dst = static_cast<uint8_t*>(out.data);
    int64_t total_out = 1;
    for (int64_t s : shape)
      total_out *= s;
    if (total_out == 0) return;
    std::memset(dst, 0, static_cast<size_t>(total_out));
    auto bit_of = [little](uint8_t byte, int64_t j) {
      int shift = little ? static_cast<int>(j % 8) : 7 - static_cast<int>(j % 8);
      return static_cast<uint8_t>((byte >> shift) & 1u);
    };
    if (axis < 0) {
      int64_t k = 0;  // input byte index in C order
      for_each_lane(a, -1, [&](const char* p, int64_t, int64_t) {
        const auto byte = static_cast<uint8_t>(*p);
        for (int64_t j = 0; j < 8; ++j) {
          int64_t o = k * 8 + j;
          if (o < count) dst[o] = bit_of(byte, j);
        }
        ++k;
      });
      return;
    }
    int64_t out_lane_stride = 1;
    for (int d = axis + 1; d < a.ndim; ++d)
      out_lane_stride *= shape[static_cast<size_t>(d)];
    std::vector<int64_t> pos(static_cast<size_t>(a.ndim), 0);
    for_each_lane(a, axis, [&](const char* p, int64_t n, int64_t stride) {
      int64_t base = 0;
      int64_t mul = 1;
      for (int d = a.ndim - 1; d >= 0; --d) {
        if (d != axis) base += pos[static_cast<size_t>(d)] * mul;
        mul *= shape[static_cast<size_t>(d)];
      }
      for (int64_t j = 0; j < n * 8 && j < count; ++j) {
        dst[base + j * out_lane_stride] = bit_of(static_cast<uint8_t>(p[(j / 8) * stride]), j);
      }
      for (int d = a.ndim - 1; d >= 0; --d) {
        if (d == axis) continue;
        if (++pos[static_cast<size_t>(d)] < a.shape[d]) break;
        pos[static_cast<size_t>(d)] = 0;
      }
    });
  });
}

}  // namespace

void register_packing(plugin::Registrar& r) {
  r.general("packbits", "Packs the elements of a binary-valued array into bits in a uint8 array.",
            packbits);
  r.general("unpackbits", "Unpacks elements of a uint8 array into a binary-valued output array.",
            unpackbits);
}

}  // namespace np::bitwise
