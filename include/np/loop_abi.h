/* The kernel boundary: a C-compatible strided inner loop, shaped like NumPy's.
 *
 * Every elementwise kernel (core engine, plugins, third parties) is one of these. Only C types
 * cross this boundary and no exception may escape a loop. Thread safety: the engine may call a
 * loop concurrently on disjoint chunks; a loop must not keep state outside `loop_data`, which is
 * read-only during calls. Lifetime: `loop_data` is owned by whoever registered the loop and must
 * outlive the registry (plugins are never unloaded). */
#ifndef NP_LOOP_ABI_H
#define NP_LOOP_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Floating-point status bits a loop may raise (NumPy's npy_set_floatstatus_*). The engine also
 * reads the hardware flags after each call, so loops that compute in IEEE arithmetic need not
 * report them; integer loops report divide-by-zero and overflow here. */
enum { NP_FPE_DIVIDEBYZERO = 1, NP_FPE_OVERFLOW = 2, NP_FPE_UNDERFLOW = 4, NP_FPE_INVALID = 8 };

typedef struct NpLoopContext {
  uint32_t struct_size; /* sizeof(NpLoopContext) as the engine built it */
  uint32_t fp_status;   /* OR of NP_FPE_* raised by the loop */
} NpLoopContext;

/* args[i]: first element of operand i (inputs, then outputs).
 * dimensions[0]: number of elements; gufunc loops get their core dimension sizes after it.
 * steps[i]: byte stride of operand i; gufunc loops get the core strides after the nargs strides.
 * Returns 0 on success, nonzero when the loop failed (the engine raises RuntimeError). */
typedef int (*NpStridedLoop)(NpLoopContext* context, char* const* args, const int64_t* dimensions,
                             const int64_t* steps, void* loop_data);

#ifdef __cplusplus
}
#endif

#endif /* NP_LOOP_ABI_H */
