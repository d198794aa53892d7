// Operand dtypes of the arith family's datetime/timedelta loops, as C resolvers (NpResolveDTypes):
// the operands' common unit, obtained from the host's promotion rules.
#pragma once

#include "np/plugin_abi.h"

namespace np::arith {

// Called once from init, before any resolver runs; the table lives for the process.
void set_host(const NpHostApi* host);

// Describes one datetime loop: the kind of each operand ('M', 'm', or a number code such as 'q'
// or 'd' that keeps its builtin dtype, '?' for a bool result). Passed as the loop's loop_data.
struct DatetimePattern {
  char kinds[5];  // nin + nout codes, NUL-terminated
  int nin = 2;    // how many of them are inputs
};

// Every datetime-like operand (and the result) in the common unit of the datetime-like inputs.
NpStatus resolve_common_unit(void* pattern, const char* const* inputs,
                             char (*operands)[NP_DTYPE_STR_MAX]);
// Timedelta times/over a number: the timedelta operands keep the input timedelta's unit.
NpStatus resolve_keep_unit(void* pattern, const char* const* inputs,
                           char (*operands)[NP_DTYPE_STR_MAX]);

}  // namespace np::arith
