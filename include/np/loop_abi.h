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

/* Error kinds a loop (or any plugin callback) may report; the host raises the NumPy exception of
 * the same name. */
typedef enum NpErrorKind {
  NP_ERROR_NONE = 0,
  NP_ERROR_RUNTIME = 1, /* RuntimeError */
  NP_ERROR_TYPE = 2,    /* TypeError */
  NP_ERROR_VALUE = 3,   /* ValueError */
  NP_ERROR_INDEX = 4,   /* IndexError */
  NP_ERROR_AXIS = 5,    /* AxisError */
  NP_ERROR_OVERFLOW = 6,
  NP_ERROR_MEMORY = 7,
  NP_ERROR_ZERO_DIVISION = 8,
  NP_ERROR_NOT_IMPLEMENTED = 9,
  NP_ERROR_LINALG = 10 /* LinAlgError */
} NpErrorKind;

typedef struct NpLoopContext {
  uint32_t struct_size; /* sizeof(NpLoopContext) as the engine built it */
  uint32_t fp_status;   /* OR of NP_FPE_* raised by the loop */
  /* A loop that returns nonzero may set these first: the engine raises error_kind with
   * error_message (a string with static storage duration, or NULL for a generic message). */
  int32_t error_kind;
  const char* error_message;
  /* since 1.2: the operands as the loop computes them (inputs, then outputs), filled by the engine
   * for every loop call (elementwise, gufunc, reduction) and valid for the duration of the call.
   * Loops over flexible types (strings, structured, sort keys) read their sizes here. Read them
   * only when struct_size >= offsetof(NpLoopContext, dtypes) + sizeof(const char* const*). */
  int32_t nargs;             /* since 1.2: number of operands (nin + nout) */
  const int64_t* itemsizes;  /* since 1.2: nargs element sizes in bytes */
  const char* const* dtypes; /* since 1.2: nargs dtype strings (dtype.str: "<f8", "|S5", or a
                              * registered dtype's name) */
} NpLoopContext;

/* args[i]: first element of operand i (inputs, then outputs).
 * dimensions[0]: number of elements; gufunc loops get their core dimension sizes after it.
 * steps[i]: byte stride of operand i; gufunc loops get the core strides after the nargs strides.
 * Returns 0 on success, nonzero when the loop failed (the engine raises context->error_kind,
 * RuntimeError when unset).
 * A loop's contiguous variant (np/plugin_abi.h NpLoopDef::contiguous, since 1.2) has this type
 * too and receives the same arguments; the engine calls it only when every output step equals its
 * itemsize, every input step equals its itemsize or is 0, and no input partially overlaps an
 * output. */
typedef int (*NpStridedLoop)(NpLoopContext* context, char* const* args, const int64_t* dimensions,
                             const int64_t* steps, void* loop_data);

#ifdef __cplusplus
}
#endif

#endif /* NP_LOOP_ABI_H */
