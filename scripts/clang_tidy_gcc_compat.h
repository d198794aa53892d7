/* Force-included into every translation unit clang-tidy parses (scripts/lint.sh): GCC builtins
 * the code uses (libquadmath's __float128 constants in plugins/arith) that clang 14 lacks. The
 * build itself uses GCC and never sees this file. */
#if defined(__clang__)
#define __builtin_infq() ((__float128)__builtin_inf())
#define __builtin_nanq(tag) ((__float128)__builtin_nan(tag))
#endif
