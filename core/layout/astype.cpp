// astype and copyto: element conversions over whole arrays under a casting rule.
#include <cstring>

#include "dtype/element_cast.hpp"
#include "layout/nd_loop.hpp"
#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"

namespace np {

namespace {

int64_t datetime_text_length(DatetimeUnit unit) {
  switch (unit) {
    case DatetimeUnit::Y:
      return 22;
    case DatetimeUnit::M:
      return 25;
    case DatetimeUnit::W:
    case DatetimeUnit::D:
      return 28;
    case DatetimeUnit::h:
      return 32;
    case DatetimeUnit::m:
      return 35;
    case DatetimeUnit::s:
      return 38;
    case DatetimeUnit::ms:
      return 42;
    case DatetimeUnit::us:
      return 45;
    case DatetimeUnit::ns:
      return 48;
    case DatetimeUnit::ps:
      return 51;
    case DatetimeUnit::fs:
      return 54;
    case DatetimeUnit::as:
      return 57;
    default:
      return 22;
  }
}

[[noreturn]] void cannot_cast(const DType& from, const DType& to, Casting casting) {
  throw TypeError("Cannot cast array data from " + from.repr() + " to " + to.repr() +
                  " according to the rule '" + casting_name(casting) + "'");
}

}  // namespace

DType discover_flexible(const DType& source, const DType& target) {
  if (!target.is_flexible()) return target;
  int64_t length;
  TypeId s = source.id();
  if (target.id() == TypeId::Void) return DType::void_(source.itemsize());
  if (s == target.id()) return source;  // same text kind: keep its size and byte order
  if (s == TypeId::Bytes) {
    length = source.itemsize();
  } else if (s == TypeId::Str) {
    length = source.itemsize() / 4;
  } else if (s == TypeId::Datetime) {
    length = datetime_text_length(source.datetime_unit());
  } else if (s == TypeId::Timedelta) {
    length = 21;
  } else if (source.is_numeric()) {
    // The length promote_types gives (bool 5, int64 21, float64 32, ...).
    DType p =
        promote_types(source, target.id() == TypeId::Str ? DType::unicode(0) : DType::bytes(0));
    length = p.id() == TypeId::Str ? p.itemsize() / 4 : p.itemsize();
  } else {
    length = source.itemsize();
  }
  DType out = target.id() == TypeId::Str ? DType::unicode(length) : DType::bytes(length);
  return target.is_native() ? out : out.newbyteorder('S');
}

Array astype(const Array& a, const DType& dtype_in, Order order, Casting casting, bool copy) {
  DType dtype = discover_flexible(a.dtype(), dtype_in);
  if (!can_cast(a.dtype(), dtype, casting)) cannot_cast(a.dtype(), dtype, casting);
  if (!copy && a.dtype() == dtype) {
    bool ok = order == Order::K || order == Order::A || (order == Order::C && a.c_contiguous()) ||
              (order == Order::F && a.f_contiguous());
    if (ok) return a;
  }
  Array out = empty_like(a, dtype, order);
  assign(out, a);
  return out;
}

void copyto(const Array& dst, const Array& src, Casting casting, const Array* where) {
  if (!can_cast(src.dtype(), dst.dtype(), casting)) cannot_cast(src.dtype(), dst.dtype(), casting);
  if (where == nullptr) {
    assign(dst, src);
    return;
  }
  dst.require_writeable();
  Array mask = broadcast_to(*where, dst.shape());
  if (!mask.dtype().is_bool()) {
    throw TypeError("Cannot cast array data from " + mask.dtype().repr() +
                    " to dtype('bool') according to the rule 'safe'");
  }
  // Convert the (broadcast) source once into dst's dtype, then write the selected elements.
  Array converted = Array::empty(dst.shape(), dst.dtype());
  assign(converted, src);
  const size_t n = static_cast<size_t>(dst.itemsize());
  std::byte* d0 = dst.data();
  const std::byte* c0 = converted.data();
  const std::byte* m0 = mask.data();
  layout::for_each_offset<3>(dst.shape(), {&dst.strides(), &converted.strides(), &mask.strides()},
                             [&](const std::array<int64_t, 3>& o) {
                               if (static_cast<uint8_t>(m0[o[2]]) != 0)
                                 std::memcpy(d0 + o[0], c0 + o[1], n);
                             });
}

}  // namespace np
