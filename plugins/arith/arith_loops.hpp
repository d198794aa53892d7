// Typed strided loops for the arith family, written once as templates over the element type
// and instantiated per dtype in arith_loops.cpp (the kernel boundary is the C NpStridedLoop).
#pragma once

#include "np/loop_abi.h"

namespace np::arith {

// One loop per (operation, type code); nullptr when the pair does not exist.
NpStridedLoop add_loop(char type_code);
NpStridedLoop multiply_loop(char type_code);
NpStridedLoop subtract_loop(char type_code);
NpStridedLoop true_divide_loop(char type_code);  // e f d g k F D G K
NpStridedLoop maximum_loop(char type_code);      // NaN-propagating
NpStridedLoop minimum_loop(char type_code);
NpStridedLoop sqrt_loop(char type_code);  // unary: e f d g k F D G K
NpStridedLoop clip_loop(char type_code);  // 3 inputs: x, lo, hi

// Datetime/timedelta loops: "Mm->M", "mM->M", "mm->m" for add; "mq->m", "qm->m", "md->m",
// "dm->m" for multiply; "MM->m", "Mm-M", "mm-m" for subtract; "max"/"min" (NaT propagates).
NpStridedLoop datetime_loop(const char* name);

}  // namespace np::arith
