// The typed cast loops compiled for avx2 (flags in core/CMakeLists.txt); see cast_loops_impl.hpp.
#define NP_CAST_TABLE avx2_cast_table
#define NP_CAST_TARGET "avx2"
#define NP_CAST_HALF 0
#include "dtype/cast_loops_impl.hpp"
