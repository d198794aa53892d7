// libFuzzer target: the subscript parser (np::parse_index) and its evaluation. The first input
// byte picks the indexed array (plain, negative-stride view, structured, 0-d, empty, strings,
// Fortran-order, read-only broadcast); the rest is the subscript text, whose `$k` refer to a fixed
// set of index arrays. Every input must parse and evaluate or raise an np::Error; a getitem
// result must lie inside the indexed array's buffer when it is a view, and every element of it is
// read (ASan checks each access). setitem then writes a scalar through the same index.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "np/creation.hpp"
#include "np/indexing.hpp"
#include "np/manipulation.hpp"
#include "np/scalar.hpp"

namespace {

using np::Array;
using np::DType;

constexpr int kBases = 8;

// A fresh array per input (setitem writes to it), all of 24 elements at most.
Array base_array(int which) {
  Array counting = np::arange(np::Scalar(24L));
  switch (which) {
    case 0:
      return np::reshape(counting, {2, 3, 4});
    case 1:
      return np::flip(np::reshape(counting, {4, 6}));
    case 2:
      return np::zeros({4}, DType::from_descr("[('x', '<i4'), ('y', '>f8'), ('z', '<i2', (2,))]"));
    case 3:
      return np::Scalar(2.5).to_array();
    case 4:
      return np::zeros({0, 3});
    case 5:
      return np::zeros({3, 2}, DType::parse("S5"));
    case 6:
      return np::asfortranarray(np::reshape(counting, {4, 6}));
    default:
      return np::broadcast_to(np::reshape(np::arange(np::Scalar(3L)), {3, 1}), {3, 5});
  }
}

const std::vector<Array>& index_arrays() {
  static const std::vector<Array> arrays = {
      Array::from_vector<int64_t>({2, 0, -1}),
      Array::from_vector<bool>({true, false, true}),
      Array::from_vector<int64_t>({0, 1, 1, 0}, {2, 2}),
      np::Scalar(1L).to_array(),
      Array::from_vector<double>({0.5}),
      Array::from_vector<int64_t>({}),
      np::Scalar(true).to_array(),
      Array::from_vector<bool>({true, false, true, false, true, false}, {2, 3}),
  };
  return arrays;
}

std::string geometry(const Array& a) {
  std::string s = "shape";
  for (int64_t n : a.shape())
    s += " " + std::to_string(n);
  s += " strides";
  for (int64_t n : a.strides())
    s += " " + std::to_string(n);
  return s + " offset " + std::to_string(a.offset()) + " buffer " +
         std::to_string(a.buffer()->size());
}

// A view must stay inside the buffer it shares: its lowest and highest element addresses.
void check_view_bounds(const Array& base, const Array& view) {
  if (!view.same_buffer(base) || view.size() == 0) return;
  __int128 lo = view.offset();
  __int128 hi = view.offset();
  for (int d = 0; d < view.ndim(); ++d) {
    __int128 span = static_cast<__int128>(view.shape()[static_cast<size_t>(d)] - 1) *
                    view.strides()[static_cast<size_t>(d)];
    (span < 0 ? lo : hi) += span;
  }
  if (lo < 0 || hi + view.itemsize() > view.buffer()->size())
    np::fuzz::finding("getitem view reaches outside its buffer", geometry(view));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int which = data[0] % kBases;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  np::Index index;
  if (!np::fuzz::np_error_or_success("parse_index",
                                     [&] { index = np::parse_index(text, index_arrays()); }))
    return 0;
  const Array base = base_array(which);
  np::fuzz::np_error_or_success("getitem", [&] {
    Array result = np::getitem(base, index);
    check_view_bounds(base, result);
    (void)np::ascontiguousarray(result);
  });
  np::fuzz::np_error_or_success("setitem",
                                [&] { np::setitem(base, index, np::Scalar(7L).to_array()); });
  return 0;
}
