// IEEE 754 binary16 conversions, bit-identical to NumPy's npy_half routines: round to nearest
// even from float32 and float64 (each converted directly, never through the other), subnormals,
// signed zeros, infinities and NaN payloads kept in the top significand bits.
#pragma once

//
// Header-only (plugins use it without linking the core). The conversions work by bit
// manipulation, with no F16C dependence, so every target gives the same bits.
#include <bit>
#include <cstdint>

namespace np {

inline uint16_t float_to_half_bits(uint32_t f) {
  const uint32_t sign = (f >> 16) & 0x8000u;
  uint32_t exp = f & 0x7f800000u;
  uint32_t sig = f & 0x007fffffu;
  if (exp >= 0x47800000u) {  // |f| >= 2^16: overflow, infinity or NaN
    if (exp == 0x7f800000u && sig != 0) {
      uint16_t nan = static_cast<uint16_t>(0x7c00u + (sig >> 13));
      if (nan == 0x7c00u) ++nan;  // keep it a NaN when the payload lives in the low bits only
      return static_cast<uint16_t>(sign + nan);
    }
    return static_cast<uint16_t>(sign + 0x7c00u);
  }
  if (exp <= 0x38000000u) {  // |f| < 2^-14: a half subnormal or zero
    if (exp < 0x33000000u) return static_cast<uint16_t>(sign);  // below half of the smallest
    exp >>= 23;
    sig += 0x00800000u;
    sig >>= (113 - exp);
    // Round half to even, looking at the bits shifted out as well.
    if (((sig & 0x00003fffu) != 0x00001000u) || (f & 0x000007ffu)) sig += 0x00001000u;
    return static_cast<uint16_t>(sign + (sig >> 13));
  }
  const uint32_t half_exp = (exp - 0x38000000u) >> 13;
  if ((sig & 0x00003fffu) != 0x00001000u) sig += 0x00001000u;
  // A carry out of the significand correctly bumps the exponent (up to infinity).
  return static_cast<uint16_t>(sign + (sig >> 13) + half_exp);
}

inline uint16_t double_to_half_bits(uint64_t d) {
  const uint16_t sign = static_cast<uint16_t>((d >> 48) & 0x8000u);
  uint64_t exp = d & 0x7ff0000000000000ull;
  uint64_t sig = d & 0x000fffffffffffffull;
  if (exp >= 0x40f0000000000000ull) {
    if (exp == 0x7ff0000000000000ull && sig != 0) {
      uint16_t nan = static_cast<uint16_t>(0x7c00u + (sig >> 42));
      if (nan == 0x7c00u) ++nan;
      return static_cast<uint16_t>(sign + nan);
    }
    return static_cast<uint16_t>(sign + 0x7c00u);
  }
  if (exp <= 0x3f00000000000000ull) {
    if (exp < 0x3e60000000000000ull) return sign;
    exp >>= 52;
    sig += 0x0010000000000000ull;
    sig <<= (exp - 998);  // doubles have room to align without losing bits
    if ((sig & 0x003fffffffffffffull) != 0x0010000000000000ull) sig += 0x0010000000000000ull;
    return static_cast<uint16_t>(sign + (sig >> 53));
  }
  const uint64_t half_exp = (exp - 0x3f00000000000000ull) >> 42;
  if ((sig & 0x000007ffffffffffull) != 0x0000020000000000ull) sig += 0x0000020000000000ull;
  return static_cast<uint16_t>(sign + (sig >> 42) + half_exp);
}

inline uint32_t half_to_float_bits(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exp = h & 0x7c00u;
  if (exp == 0) {
    uint32_t sig = h & 0x03ffu;
    if (sig == 0) return sign;
    sig <<= 1;
    while ((sig & 0x0400u) == 0) {
      sig <<= 1;
      ++exp;
    }
    return sign + ((127 - 15 - exp) << 23) + ((sig & 0x03ffu) << 13);
  }
  if (exp == 0x7c00u) return sign + 0x7f800000u + (static_cast<uint32_t>(h & 0x03ffu) << 13);
  return sign + ((static_cast<uint32_t>(h & 0x7fffu) + 0x1c000u) << 13);
}

inline uint64_t half_to_double_bits(uint16_t h) {
  const uint64_t sign = static_cast<uint64_t>(h & 0x8000u) << 48;
  uint64_t exp = h & 0x7c00u;
  if (exp == 0) {
    uint64_t sig = h & 0x03ffu;
    if (sig == 0) return sign;
    sig <<= 1;
    while ((sig & 0x0400u) == 0) {
      sig <<= 1;
      ++exp;
    }
    return sign + ((1023 - 15 - exp) << 52) + ((sig & 0x03ffu) << 42);
  }
  if (exp == 0x7c00u) {
    return sign + 0x7ff0000000000000ull + (static_cast<uint64_t>(h & 0x03ffu) << 42);
  }
  return sign + ((static_cast<uint64_t>(h & 0x7fffu) + 0xfc000u) << 42);
}

inline float half_to_float(uint16_t h) {
  return std::bit_cast<float>(half_to_float_bits(h));
}
inline double half_to_double(uint16_t h) {
  return std::bit_cast<double>(half_to_double_bits(h));
}
inline uint16_t float_to_half(float v) {
  return float_to_half_bits(std::bit_cast<uint32_t>(v));
}
inline uint16_t double_to_half(double v) {
  return double_to_half_bits(std::bit_cast<uint64_t>(v));
}

// A binary16 value: storage only; arithmetic goes through float as NumPy does.
struct float16 {
  uint16_t bits = 0;
  float16() = default;
  static float16 from_bits(uint16_t b) {
    float16 h;
    h.bits = b;
    return h;
  }
  explicit float16(float f) : bits(float_to_half(f)) {}
  explicit float16(double d) : bits(double_to_half(d)) {}
  explicit operator float() const { return half_to_float(bits); }
  explicit operator double() const { return half_to_double(bits); }
};

}  // namespace np
