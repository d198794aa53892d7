// Typed strided loops for the arith family, written once as templates over the element type
// and instantiated per dtype in arith_loops.cpp (the kernel boundary is the C NpStridedLoop).
#pragma once

#include "np/loop_abi.h"

namespace np::arith {

// One loop per (operation, type code); nullptr when the pair does not exist.
NpStridedLoop add_loop(char type_code);
NpStridedLoop multiply_loop(char type_code);

// Datetime/timedelta loops: "Mm->M", "mM->M", "mm->m" for add; "mq->m", "qm->m", "md->m",
// "dm->m" for multiply.
NpStridedLoop datetime_loop(const char* name);

}  // namespace np::arith
