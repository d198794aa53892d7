// The typed cast loops compiled for avx512 (flags in core/CMakeLists.txt); see cast_loops_impl.hpp.
#define NP_CAST_TABLE avx512_cast_table
#define NP_CAST_TARGET "avx512"
#define NP_CAST_HALF 0
#include "dtype/cast_loops_impl.hpp"
