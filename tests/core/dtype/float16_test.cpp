#include "np/float16.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

namespace np {
namespace {

TEST(Float16, EveryPatternRoundTripsThroughFloatAndDouble) {
  for (uint32_t h = 0; h < 65536; ++h) {
    auto bits = static_cast<uint16_t>(h);
    EXPECT_EQ(float_to_half(half_to_float(bits)), bits) << h;
    EXPECT_EQ(double_to_half(half_to_double(bits)), bits) << h;
    if ((bits & 0x7c00u) != 0x7c00u ||
        (bits & 0x03ffu) == 0) {  // NaNs may be quieted by float->double
      EXPECT_EQ(std::bit_cast<uint64_t>(static_cast<double>(half_to_float(bits))),
                half_to_double_bits(bits))
          << h;
    }
  }
}

TEST(Float16, RoundsToNearestEven) {
  EXPECT_EQ(float_to_half(65504.0f), 0x7bffu);
  EXPECT_EQ(float_to_half(65520.0f), 0x7c00u);  // halfway to the next binade: overflow
  EXPECT_EQ(float_to_half(65519.0f), 0x7bffu);
  EXPECT_EQ(double_to_half(std::ldexp(1.0, -24)), 0x0001u);
  EXPECT_EQ(double_to_half(std::ldexp(1.0, -25)), 0x0000u);  // tie to even (zero)
  EXPECT_EQ(double_to_half(std::ldexp(3.0, -25)), 0x0002u);  // tie to even (two)
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3c00u);
  EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02u);
  EXPECT_EQ(float_to_half(-0.0f), 0x8000u);
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7c00u);
  EXPECT_EQ(double_to_half(-std::numeric_limits<double>::infinity()), 0xfc00u);
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::quiet_NaN()), 0x7e00u);
}

TEST(Float16, DoubleConvertsDirectlyNotThroughFloat) {
  // 1 + 2^-11 + 2^-40 rounds up from double; through float (which drops 2^-40) it would tie down.
  double v = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  EXPECT_EQ(double_to_half(v), 0x3c01u);
  EXPECT_EQ(float_to_half(static_cast<float>(v)), 0x3c00u);
}

}  // namespace
}  // namespace np
