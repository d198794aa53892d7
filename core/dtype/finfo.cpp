// np.finfo and np.iinfo: machine limits per builtin type.
#include <boost/multiprecision/float128.hpp>
#include <cmath>
#include <limits>

#include "np/dtype.hpp"
#include "np/errors.hpp"
#include "print/format_element.hpp"

namespace np {

namespace {

struct FloatParams {
  int bits, nmant, nexp, maxexp, minexp;
};

FloatParams params_for(TypeId id) {
  switch (id) {
    case TypeId::Float16:
      return {16, 10, 5, 16, -14};
    case TypeId::Float32:
      return {32, 23, 8, 128, -126};
    case TypeId::Float64:
      return {64, 52, 11, 1024, -1022};
    case TypeId::LongDouble:
      return {80, 63, 15, 16384, -16382};
    case TypeId::Float128:
      return {128, 112, 15, 16384, -16382};
    default:
      throw ValueError("data type not inexact");
  }
}

std::string short_text(long double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6Lg", v);
  return buf;
}

}  // namespace

FloatInfo finfo(const DType& type) {
  DType t = type.is_complex() ? type.real_type() : type;
  if (!t.is_floating()) {
    throw ValueError("data type " + type.repr() + " not inexact");
  }
  FloatParams p = params_for(t.id());
  FloatInfo info{};
  info.bits = t.id() == TypeId::LongDouble ? 128 : p.bits;  // NumPy reports the storage width
  info.nmant = p.nmant;
  info.nexp = p.nexp;
  info.iexp = p.nexp;
  info.maxexp = p.maxexp;
  info.minexp = p.minexp;
  info.machep = -p.nmant;
  info.negep = -p.nmant - 1;
  info.eps = std::ldexp(1.0L, -p.nmant);
  info.epsneg = std::ldexp(1.0L, -p.nmant - 1);
  info.tiny = std::ldexp(1.0L, p.minexp);
  info.smallest_subnormal = std::ldexp(1.0L, p.minexp - p.nmant);
  // max = (2 - eps) * 2^(maxexp-1)
  info.max = std::ldexp(2.0L - info.eps, p.maxexp - 1);
  info.min = -info.max;
  info.precision = static_cast<int>(std::floor(-std::log10(info.eps)));
  info.resolution = std::pow(10.0L, -info.precision);
  info.dtype = t;
  if (t.id() == TypeId::Float128) {
    using boost::multiprecision::float128;
    float128 eps = std::numeric_limits<float128>::epsilon();
    info.eps_str = eps.str(4, std::ios_base::scientific);
    info.max_str = (std::numeric_limits<float128>::max)().str(4, std::ios_base::scientific);
    info.tiny_str = (std::numeric_limits<float128>::min)().str(4, std::ios_base::scientific);
    info.smallest_subnormal_str =
        std::numeric_limits<float128>::denorm_min().str(4, std::ios_base::scientific);
  } else {
    info.eps_str = short_text(info.eps);
    info.max_str = short_text(info.max);
    info.tiny_str = short_text(info.tiny);
    info.smallest_subnormal_str = short_text(info.smallest_subnormal);
  }
  return info;
}

IntInfo iinfo(const DType& type) {
  IntInfo info{};
  info.dtype = type;
  int bits = static_cast<int>(type.itemsize() * 8);
  info.bits = bits;
  if (type.is_signed_integer()) {
    info.max = (static_cast<__int128>(1) << (bits - 1)) - 1;
    info.min = -info.max - 1;
  } else if (type.is_unsigned_integer()) {
    info.min = 0;
    info.max = (static_cast<__int128>(1) << bits) - 1;
  } else {
    throw ValueError("Invalid integer data type '" + std::string(1, type.kind()) + "'.");
  }
  return info;
}

}  // namespace np
