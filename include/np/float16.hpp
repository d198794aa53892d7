// IEEE 754 binary16 conversions, bit-identical to NumPy's npy_half routines: round to nearest
// even from float32 and float64 (each converted directly, never through the other), subnormals,
// signed zeros, infinities and NaN payloads kept in the top significand bits.
#pragma once

#include <cstdint>

namespace np {

uint16_t float_to_half_bits(uint32_t float_bits);
uint16_t double_to_half_bits(uint64_t double_bits);
uint32_t half_to_float_bits(uint16_t half_bits);
uint64_t half_to_double_bits(uint16_t half_bits);

float half_to_float(uint16_t half_bits);
double half_to_double(uint16_t half_bits);
uint16_t float_to_half(float value);
uint16_t double_to_half(double value);

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
