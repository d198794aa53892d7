/* The plugin ABI: how a dynamically loaded kernel family talks to the host.
 *
 * Only C types cross this boundary and no exception may cross it in either direction. A plugin
 * is a shared library exporting one function, NP_PLUGIN_ENTRY_NAME, which returns a pointer to a
 * static NpPluginInfo. The host reads abi_major, abi_minor and struct_size first and reads
 * nothing else unless abi_major equals its own, abi_minor is not newer than its own and
 * struct_size covers every field of that minor version. It then calls init() once with the host
 * API table and a registrar handle; the plugin registers its ufuncs, loops and functions through
 * the table. Registrations are staged and committed only when init returns NP_STATUS_OK and none
 * of them conflicts with what is already registered: a plugin either loads completely or not at
 * all.
 *
 * Lifetime: the host keeps every plugin library loaded for the life of the process, so every
 * pointer a plugin passes (names, loop functions, loop data) may point into the library's static
 * storage. Strings passed to the host are copied during the call.
 *
 * Threading: init runs on one thread, once. Loops, resolvers and general functions may be called
 * concurrently from any thread; they must not keep mutable state outside their own arguments.
 * Plugins own no threads. The host API table's functions are thread-safe.
 *
 * Versioning: adding a field at the end of a struct, or a function at the end of NpHostApi, bumps
 * NP_PLUGIN_ABI_MINOR; anything else bumps NP_PLUGIN_ABI_MAJOR. Every struct starts with its
 * struct_size so each side can tell which fields the other knows. */
#ifndef NP_PLUGIN_ABI_H
#define NP_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "np/loop_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NP_PLUGIN_ABI_MAJOR 1
#define NP_PLUGIN_ABI_MINOR 1
/* The one exported symbol: `const NpPluginInfo* np_plugin_entry_v1(void);` */
#define NP_PLUGIN_ENTRY_NAME "np_plugin_entry_v1"

typedef enum NpStatus {
  NP_STATUS_OK = 0,
  NP_STATUS_INVALID_ARGUMENT = 1, /* malformed definition (bad type codes, NULL name, ...) */
  NP_STATUS_DUPLICATE = 2,        /* the name or loop signature is already registered */
  NP_STATUS_NOT_FOUND = 3,        /* a loop for a ufunc nobody registered */
  NP_STATUS_ABI_MISMATCH = 4,
  NP_STATUS_FAILED = 5 /* anything else; the message says what */
} NpStatus;

/* Opaque host objects, valid only during the call that hands them out. */
typedef struct NpRegistrar NpRegistrar;
typedef struct NpCall NpCall;
typedef struct NpValue NpValue;

/* Longest dtype string exchanged with resolvers ("<M8[25us]", "<f8"), terminating NUL included. */
#define NP_DTYPE_STR_MAX 32

/* --- ufuncs ---------------------------------------------------------------------------------- */

typedef enum NpIdentity {
  NP_IDENTITY_NONE = 0,
  NP_IDENTITY_ZERO = 1,
  NP_IDENTITY_ONE = 2,
  NP_IDENTITY_MINUS_ONE = 3, /* all bits set: bitwise_and */
  NP_IDENTITY_FALSE = 4,
  NP_IDENTITY_TRUE = 5,
  NP_IDENTITY_MINUS_INF = 6 /* logaddexp */
} NpIdentity;

enum {
  /* reduce over several axes at once is allowed (associative and commutative). */
  NP_UFUNC_REORDERABLE = 1u << 0,
  /* add/multiply: reductions of bool and small integers accumulate in 64 bits. */
  NP_UFUNC_REDUCE_UPCASTS_SMALL_INTS = 1u << 1,
  /* true_divide: bool/integer inputs resolve to the float64 loop. */
  NP_UFUNC_INTEGER_INPUTS_USE_FLOAT64 = 1u << 2,
  /* NumPy resolves this ufunc by its default linear search: no fitting loop is a plain TypeError
   * rather than UFuncTypeError. */
  NP_UFUNC_NO_LOOP_PLAIN_TYPE_ERROR = 1u << 3,
  /* NumPy's simple uniform resolvers (positive, sign, maximum, gcd, ...): only the loop of the
   * inputs' promoted dtype may run, with no linear search over safe casts. */
  NP_UFUNC_UNIFORM_RESOLUTION = 1u << 4,
  /* NumPy's division/remainder resolvers: datetime-like inputs only take loops with the same
   * datetime kinds (no number -> timedelta casts); otherwise UFuncTypeError. */
  NP_UFUNC_DATETIME_KINDS_EXACT = 1u << 5
};

typedef struct NpUFuncDef {
  uint32_t struct_size;          /* sizeof(NpUFuncDef) */
  const char* name;              /* NumPy's public name */
  int32_t nin;                   /* 1..8 */
  int32_t nout;                  /* 1..4 */
  int32_t identity;              /* NpIdentity */
  uint32_t flags;                /* NP_UFUNC_* */
  const char* summary;           /* one line, may be NULL */
  const char* core_signature;    /* gufuncs: "(m,n),(n,p)->(m,p)"; NULL or "" for elementwise */
  const char* bool_inputs_error; /* NULL, or all-bool inputs raise TypeError with this text */
} NpUFuncDef;

/* Exact operand dtypes for given input dtypes: reads nin dtype strings, writes nin + nout. Used by
 * loops whose operands carry parameters (datetime units). Anything but NP_STATUS_OK makes the
 * call raise TypeError (the loop cannot take these inputs). */
typedef NpStatus (*NpResolveDTypes)(void* loop_data, const char* const* input_dtypes,
                                    char (*operand_dtypes)[NP_DTYPE_STR_MAX]);

typedef struct NpLoopDef {
  uint32_t struct_size; /* sizeof(NpLoopDef) */
  /* NumPy type codes, inputs then outputs, optionally with "->": "dd->d", "Mm->M". Codes:
   * ? b B h H i I l L q Q e f d g k F D G K M m ('l'/'q' are both int64, 'k'/'K' binary128).
   * Loops on registered dtypes name their operands, separated by commas:
   * "bfloat16,bfloat16->bfloat16", "bfloat16,float32->float32". */
  const char* types;
  NpStridedLoop loop;
  void* loop_data;         /* handed to the loop unchanged; lives as long as the library */
  const char* target;      /* SIMD target the loop was compiled for: "baseline", "avx2", ... */
  NpResolveDTypes resolve; /* NULL: operands are the builtin dtypes of `types` */
  uint32_t flags;          /* NP_LOOP_* */
  /* The loop for contiguous operands (NEP 43's contiguous slot), e.g. a SIMD target's loop, with
   * the same signature and loop_data as `loop`, which must still handle every call. The engine
   * calls it instead of `loop`, choosing once per call, only when every output's step equals its
   * loop dtype's itemsize, every input's step equals its itemsize or is 0 (a broadcast scalar),
   * and no input partially overlaps an output (an input identical to an output, in place, is
   * allowed); never for gufuncs or reductions' accumulating calls (args[0] == args[2], steps 0).
   * So it checks neither strides nor overlap. `target` names what it was compiled for. */
  NpStridedLoop contiguous; /* since 1.2; NULL: none */
} NpLoopDef;

enum {
  /* A binary reduction call acc = loop(acc, chunk) equals acc + loop(-0.0, chunk) (the loop
   * reduces the chunk on its own, then adds it once): the engine may reduce chunks on several
   * threads and add their results in order, bit-identically. Real float and integer add. */
  NP_LOOP_REDUCE_SPLITS = 1u << 0,
  /* The loop's operation is exactly associative: a chunk reduced from its own first element and
   * combined with the accumulator afterwards gives the serial result bit for bit. True for
   * maximum/minimum (they return an operand; the first NaN and the first of equal values win
   * either way), integer multiply (wraps modulo 2^n) and bitwise operations; false for float
   * add and multiply. The engine may reduce chunks on several threads, each from its first
   * element, and combine their results in order. ABI 1.1. */
  NP_LOOP_REDUCE_ASSOCIATIVE = 1u << 1
};

/* --- dtypes -------------------------------------------------------------------------------- */

/* A fixed-size element type. Its name parses as a dtype once the plugin is loaded; arrays of it
 * can be created, copied, viewed and cast through the registered casts, and ufunc loops may name
 * it. Bytes of all zeros must be a valid value (np.zeros/np.empty create them). */
typedef struct NpDTypeDef {
  uint32_t struct_size; /* sizeof(NpDTypeDef) */
  const char* name;     /* [A-Za-z_][A-Za-z0-9_]{0,23}, not a builtin dtype name */
  char kind;            /* the NumPy kind letter it reports, e.g. 'f' for a float format */
  int64_t itemsize;
  int64_t alignment; /* a power of two dividing itemsize */
} NpDTypeDef;

typedef enum NpCasting {
  NP_CASTING_SAFE = 2,
  NP_CASTING_SAME_KIND = 3,
  NP_CASTING_UNSAFE = 4
} NpCasting;

/* A cast between a registered dtype and another dtype (builtin or registered): a 1-in 1-out
 * strided loop. Builtin types reach a registered one through a builtin cast to a type it has a
 * cast from (and back likewise), at the weaker of the two levels. */
typedef struct NpCastDef {
  uint32_t struct_size; /* sizeof(NpCastDef) */
  const char* from;     /* dtype names or strings: "bfloat16", "float32", "<f4" */
  const char* to;
  int32_t casting; /* NpCasting: the weakest casting rule under which it is allowed */
  NpStridedLoop loop;
  void* loop_data;
} NpCastDef;

/* --- general functions ----------------------------------------------------------------------- */

typedef enum NpValueKind {
  NP_VALUE_NONE = 0,
  NP_VALUE_BOOL = 1,
  NP_VALUE_INT = 2,
  NP_VALUE_FLOAT = 3,
  NP_VALUE_STR = 4,
  NP_VALUE_LIST = 5,
  NP_VALUE_ARRAY = 6,
  NP_VALUE_DTYPE = 7
} NpValueKind;

/* A borrowed view of an array argument or result. Pointers stay valid until the general function
 * returns. Strides are in bytes and may be negative or zero. */
typedef struct NpArrayView {
  uint32_t struct_size;
  int32_t ndim;
  void* data; /* first element */
  const int64_t* shape;
  const int64_t* strides;
  int64_t itemsize;
  char dtype[NP_DTYPE_STR_MAX]; /* dtype.str, e.g. "|u1", "<i8" */
} NpArrayView;

/* A general function: reads its arguments and adds its results through the host table; returns
 * NP_STATUS_OK, or reports the failure with host->call_error and returns NP_STATUS_FAILED. */
typedef struct NpHostApi NpHostApi;
typedef NpStatus (*NpGeneralFunction)(const NpHostApi* host, NpCall* call, void* function_data);

typedef struct NpGeneralDef {
  uint32_t struct_size; /* sizeof(NpGeneralDef) */
  const char* name;
  const char* summary;
  NpGeneralFunction function;
  void* function_data;
} NpGeneralDef;

/* --- the host API table ---------------------------------------------------------------------- */

typedef enum NpLogLevel {
  NP_LOG_TRACE = 0,
  NP_LOG_DEBUG = 1,
  NP_LOG_INFO = 2,
  NP_LOG_WARN = 3,
  NP_LOG_ERROR = 4
} NpLogLevel;

/* CPU feature bits (np_cpu_features): set only when both the CPU and the OS support them. */
enum {
  NP_CPU_SSE2 = 1u << 0,
  NP_CPU_SSE41 = 1u << 1,
  NP_CPU_SSE42 = 1u << 2,
  NP_CPU_AVX = 1u << 3,
  NP_CPU_FMA3 = 1u << 4,
  NP_CPU_AVX2 = 1u << 5,
  NP_CPU_F16C = 1u << 6,
  NP_CPU_AVX512F = 1u << 7,
  NP_CPU_AVX512BW = 1u << 8,
  NP_CPU_AVX512DQ = 1u << 9,
  NP_CPU_AVX512VL = 1u << 10,
  NP_CPU_AVX512CD = 1u << 11,
  NP_CPU_POPCNT = 1u << 12,
  NP_CPU_BMI2 = 1u << 13
};

struct NpHostApi {
  uint32_t struct_size; /* sizeof(NpHostApi) as the host built it */
  uint32_t abi_major;
  uint32_t abi_minor;

  /* Registration (only during init, with the registrar init received). On failure the message
   * is available from last_error until the next registration call. */
  NpStatus (*add_ufunc)(NpRegistrar* registrar, const NpUFuncDef* def);
  /* Adds a loop to a ufunc this plugin or an already loaded one registered. */
  NpStatus (*add_loop)(NpRegistrar* registrar, const char* ufunc_name, const NpLoopDef* def);
  NpStatus (*add_general)(NpRegistrar* registrar, const NpGeneralDef* def);
  const char* (*last_error)(NpRegistrar* registrar);

  /* Logging through the host's logger ("numpy-plugins", level from NUMPY_PLUGINS_LOG_LEVEL). */
  void (*log)(NpLogLevel level, const char* plugin_name, const char* message);
  /* NP_CPU_* bits of this machine, after NUMPY_PLUGINS_CPU_CAP is applied. */
  uint64_t (*cpu_features)(void);

  /* dtype services (thread-safe, usable from resolvers): writes the promoted dtype string. */
  NpStatus (*promote_types)(const char* a, const char* b, char out[NP_DTYPE_STR_MAX]);

  /* General-function calls. Positional argument `index`, else keyword `keyword` (may be NULL);
   * NULL when the caller gave neither. */
  const NpValue* (*call_arg)(NpCall* call, int32_t index, const char* keyword);
  int32_t (*call_arg_count)(NpCall* call); /* positional arguments */
  int32_t (*value_kind)(const NpValue* value);
  /* Each returns NP_STATUS_INVALID_ARGUMENT (with a TypeError pending on the call) when the
   * value has another kind. */
  NpStatus (*value_bool)(NpCall* call, const NpValue* value, int32_t* out);
  NpStatus (*value_int)(NpCall* call, const NpValue* value, int64_t* out);
  NpStatus (*value_double)(NpCall* call, const NpValue* value, double* out);
  NpStatus (*value_str)(NpCall* call, const NpValue* value, const char** out);
  NpStatus (*value_array)(NpCall* call, const NpValue* value, NpArrayView* out);
  /* Appends a new C-contiguous, uninitialised result array and describes it in `out`. */
  NpStatus (*add_result_array)(NpCall* call, const char* dtype, int32_t ndim, const int64_t* shape,
                               NpArrayView* out);
  /* Sets the exception the call raises when the function returns NP_STATUS_FAILED. */
  void (*call_error)(NpCall* call, int32_t error_kind, const char* message);

  /* Registered dtypes (only during init). A promotion rule says promote_types(a, b) ==
   * promote_types(b, a) == result; without one, a safe cast either way decides. */
  NpStatus (*add_dtype)(NpRegistrar* registrar, const NpDTypeDef* def);
  NpStatus (*add_cast)(NpRegistrar* registrar, const NpCastDef* def);
  NpStatus (*add_promotion)(NpRegistrar* registrar, const char* a, const char* b,
                            const char* result);
};

/* --- the plugin's side ----------------------------------------------------------------------- */

typedef struct NpPluginInfo {
  uint32_t abi_major;   /* NP_PLUGIN_ABI_MAJOR the plugin was built against */
  uint32_t abi_minor;   /* NP_PLUGIN_ABI_MINOR the plugin was built against */
  uint32_t struct_size; /* sizeof(NpPluginInfo) */
  const char* name;     /* unique plugin name, [a-z0-9_]+ */
  const char* version;
  const char* family;
  const char* description;
  const char* license; /* SPDX identifier */
  /* Registers everything. Returns NP_STATUS_OK, or an error with a message in *error_message
   * (static storage). Must not throw. */
  NpStatus (*init)(const NpHostApi* host, NpRegistrar* registrar, const char** error_message);
} NpPluginInfo;

typedef const NpPluginInfo* (*NpPluginEntry)(void);

#ifdef __cplusplus
}
#endif

#endif /* NP_PLUGIN_ABI_H */
