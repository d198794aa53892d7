// float16 <-> float32 conversions with F16C (compiled with -mavx2 -mf16c; used only when the CPU
// and OS support both). Self-contained on purpose: it includes no project header, so no inline
// function of the core is ever compiled here with AVX2 enabled (the linker keeps one copy of each
// and could pick this one). Vectors holding a NaN go to the scalar conversion passed in, because
// F16C quiets signalling NaNs while NumPy's conversion keeps their payload bits as they are.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace np::detail {

void f16c_half_to_float(const std::byte* src, std::byte* dst, int64_t n,
                        void (*scalar)(const std::byte*, std::byte*, int64_t)) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i));
    // NaN: exponent all ones and a nonzero significand, i.e. (h & 0x7fff) > 0x7c00.
    const __m128i magnitude = _mm_and_si128(h, _mm_set1_epi16(0x7fff));
    const __m128i nan = _mm_cmpgt_epi16(magnitude, _mm_set1_epi16(0x7c00));
    if (_mm_movemask_epi8(nan) != 0) {
      scalar(src + 2 * i, dst + 4 * i, 8);
      continue;
    }
    _mm256_storeu_ps(reinterpret_cast<float*>(dst + 4 * i), _mm256_cvtph_ps(h));
  }
  if (i < n) scalar(src + 2 * i, dst + 4 * i, n - i);
}

void f16c_float_to_half(const std::byte* src, std::byte* dst, int64_t n,
                        void (*scalar)(const std::byte*, std::byte*, int64_t)) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 f = _mm256_loadu_ps(reinterpret_cast<const float*>(src + 4 * i));
    if (_mm256_movemask_ps(_mm256_cmp_ps(f, f, _CMP_UNORD_Q)) != 0) {  // a NaN lane
      scalar(src + 4 * i, dst + 2 * i, 8);
      continue;
    }
    const __m128i h = _mm256_cvtps_ph(f, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * i), h);
  }
  if (i < n) scalar(src + 4 * i, dst + 2 * i, n - i);
}

}  // namespace np::detail
