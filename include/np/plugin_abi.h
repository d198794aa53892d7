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
 * Plugins own no threads. Each NpHostApi function states its own contract (when it may be called,
 * thread safety, the lifetime of what it hands out).
 *
 * Versioning: adding a field at the end of a struct, or a function at the end of NpHostApi, bumps
 * NP_PLUGIN_ABI_MINOR; anything else bumps NP_PLUGIN_ABI_MAJOR. Every struct starts with its
 * struct_size so each side can tell which fields the other knows; every field added after 1.0
 * says "since 1.x". The host reads a field of a plugin's struct only when struct_size covers it,
 * so plugins built against any older minor version keep loading. History: 1.0 was the first ABI;
 * the dtype services (NpHostApi add_dtype, add_cast, add_promotion) and NpLoopDef::flags were
 * appended afterwards while the minor version still said 0, and are counted as 1.1, the first
 * bump after them (a plugin saying 1.0 may or may not have them: struct_size tells); 1.1 also
 * added NP_LOOP_REDUCE_ASSOCIATIVE; 1.2 adds general-function signatures and the NpHostApi entries
 * after add_promotion (conversions, by-name calls, views, out=). */
#ifndef NP_PLUGIN_ABI_H
#define NP_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "np/loop_abi.h"

/* Marks the entry point (np_plugin_entry_v1) as exported with C linkage, from C or C++. Plugins
 * build with hidden visibility (numpy_plugins_add_plugin), so this is the one visible symbol. */
#ifndef NP_PLUGIN_EXPORT
#ifdef __cplusplus
#define NP_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#else
#define NP_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define NP_PLUGIN_ABI_MAJOR 1
#define NP_PLUGIN_ABI_MINOR 2
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

/* Opaque host objects, valid only during the call that hands them out: a registrar during init,
 * a call and its values during one general-function call. */
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
  NP_UFUNC_UNIFORM_RESOLUTION = 1u << 4, /* since 1.1 */
  /* NumPy's division/remainder resolvers: datetime-like inputs only take loops with the same
   * datetime kinds (no number -> timedelta casts); otherwise UFuncTypeError. Since 1.1. */
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
  uint32_t flags;          /* NP_LOOP_*; since 1.1 (see Versioning), 0 when struct_size lacks it */
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
   * threads and add their results in order, bit-identically. Real float and integer add.
   * Since 1.1. */
  NP_LOOP_REDUCE_SPLITS = 1u << 0,
  /* The loop's operation is exactly associative: a chunk reduced from its own first element and
   * combined with the accumulator afterwards gives the serial result bit for bit. True for
   * maximum/minimum (they return an operand; the first NaN and the first of equal values win
   * either way), integer multiply (wraps modulo 2^n) and bitwise operations; false for float
   * add and multiply. The engine may reduce chunks on several threads, each from its first
   * element, and combine their results in order. Since 1.1. */
  NP_LOOP_REDUCE_ASSOCIATIVE = 1u << 1
};

/* --- dtypes -------------------------------------------------------------------------------- */

/* A fixed-size element type. Its name parses as a dtype once the plugin is loaded; arrays of it
 * can be created, copied, viewed and cast through the registered casts, and ufunc loops may name
 * it. Bytes of all zeros must be a valid value (np.zeros/np.empty create them). */
typedef struct NpDTypeDef { /* since 1.1 (see Versioning) */
  uint32_t struct_size;     /* sizeof(NpDTypeDef) */
  const char* name;         /* [A-Za-z_][A-Za-z0-9_]{0,23}, not a builtin dtype name */
  char kind;                /* the NumPy kind letter it reports, e.g. 'f' for a float format */
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
typedef struct NpCastDef { /* since 1.1 (see Versioning) */
  uint32_t struct_size;    /* sizeof(NpCastDef) */
  const char* from;        /* dtype names or strings: "bfloat16", "float32", "<f4" */
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
 * NP_STATUS_OK, or NP_STATUS_FAILED with an error pending on the call (set by call_error, or left
 * by a host entry that failed: its NumPy exception is raised unchanged). */
typedef struct NpHostApi NpHostApi;
typedef NpStatus (*NpGeneralFunction)(const NpHostApi* host, NpCall* call, void* function_data);

typedef struct NpGeneralDef {
  uint32_t struct_size; /* sizeof(NpGeneralDef) */
  const char* name;
  const char* summary;
  NpGeneralFunction function;
  void* function_data;
  /* Since 1.2. NumPy's parameter list without the parentheses, as inspect.signature or NumPy's
   * documentation writes it: "a, /, axis=None, bitorder='big'". With one, the host binds every
   * call before the function runs, raising NumPy's TypeErrors for unknown, repeated or missing
   * arguments and too many positionals, and call_arg finds each parameter by its position in
   * the list or its name however it was passed; a parameter not passed reads as its default when
   * that is a Python literal (None, True, False, an int, a float, a quoted string) and as absent
   * (NULL) otherwise. "*args" reads as one NP_VALUE_LIST. NULL: no binding (call_arg sees the
   * positionals and keywords as passed). A malformed list fails add_general. */
  const char* signature;
} NpGeneralDef;

/* value_array_as flags. Without any, the argument's own memory is returned when its dtype is the
 * requested one. */
enum {
  NP_ARRAY_C_CONTIGUOUS = 1u << 0, /* C order, no gaps */
  NP_ARRAY_F_CONTIGUOUS = 1u << 1, /* Fortran order, no gaps */
  NP_ARRAY_ALIGNED = 1u << 2,      /* every element aligned for its type */
  NP_ARRAY_COPY = 1u << 3,         /* always a new array, which the plugin may write */
  /* The casting rule the conversion must obey (np.can_cast); by default 'unsafe', as
   * np.asarray(x, dtype). A forbidden cast is NumPy's TypeError "Cannot cast array data from
   * dtype('float64') to dtype('int32') according to the rule 'safe'". */
  NP_ARRAY_CAST_SAFE = 1u << 4,
  NP_ARRAY_CAST_SAME_KIND = 1u << 5
};

/* One argument of a by-name call (call_function) or one result value (add_result_value). */
typedef struct NpArgument {
  uint32_t struct_size; /* sizeof(NpArgument) */
  const char* keyword;  /* NULL: positional; positionals come before keywords, as in Python */
  /* When non-NULL the argument is this value, unchanged (an argument, a result or a by-name
   * call's result of the same call) and `kind` is ignored. */
  const NpValue* value;
  /* Otherwise NpValueKind: NONE; BOOL and INT (int_value); FLOAT (float_value); STR and DTYPE
   * (str_value, a dtype string for DTYPE); LIST: a tuple of `count` ints at `ints` (a shape, an
   * axis tuple). Strings and ints are copied during the call. */
  int32_t kind;
  int64_t int_value;
  double float_value;
  const char* str_value;
  const int64_t* ints;
  int64_t count;
} NpArgument;

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

/* The table the host hands to init; static storage, valid for the life of the process (a plugin
 * may keep the pointer). Contracts per entry:
 * - "init only": call only from init, with the registrar init received (one thread).
 * - "call only": call only from inside the general function that received `call`, on its thread;
 *   the NpCall and everything handed out for it die when the function returns.
 * - "any thread": thread-safe, callable at any time. */
struct NpHostApi {
  uint32_t struct_size; /* sizeof(NpHostApi) as the host built it */
  uint32_t abi_major;
  uint32_t abi_minor;

  /* Registration, init only. On failure the message is available from last_error until the next
   * registration call. Everything a def points to is copied or (functions, loop data) kept as is:
   * it lives in the library. */
  NpStatus (*add_ufunc)(NpRegistrar* registrar, const NpUFuncDef* def);
  /* Adds a loop to a ufunc this plugin or an already loaded one registered. */
  NpStatus (*add_loop)(NpRegistrar* registrar, const char* ufunc_name, const NpLoopDef* def);
  NpStatus (*add_general)(NpRegistrar* registrar, const NpGeneralDef* def);
  /* Init only; the text lives until the next registration call on the registrar. */
  const char* (*last_error)(NpRegistrar* registrar);

  /* Any thread. Logging through the host's logger ("numpy-plugins", level from
   * NUMPY_PLUGINS_LOG_LEVEL); the strings are copied. */
  void (*log)(NpLogLevel level, const char* plugin_name, const char* message);
  /* Any thread. NP_CPU_* bits of this machine, after NUMPY_PLUGINS_CPU_CAP is applied. */
  uint64_t (*cpu_features)(void);

  /* Any thread (resolvers use it): writes the promoted dtype string into the caller's buffer. A
   * failure's NumPy error is what a resolver failing right after it raises. */
  NpStatus (*promote_types)(const char* a, const char* b, char out[NP_DTYPE_STR_MAX]);

  /* General-function calls: every entry below is call only. Values handed out (NpValue,
   * NpArrayView and the memory they describe, strings) are owned by the host and stay valid
   * until the function returns.
   * call_arg: without a signature, positional argument `index`, else keyword `keyword` (may be
   * NULL); NULL when the caller gave neither. With a signature (NpGeneralDef::signature), the
   * parameter named `keyword`, else a keyword of that name a "**kwargs" collected, else the
   * parameter at position `index` of the list; parameters are found however the caller passed
   * them, and one not passed is its literal default, or NULL. */
  const NpValue* (*call_arg)(NpCall* call, int32_t index, const char* keyword);
  int32_t (*call_arg_count)(NpCall* call);     /* positional arguments as the caller passed them */
  int32_t (*value_kind)(const NpValue* value); /* NpValueKind; NONE for NULL. Any thread. */
  /* Each returns NP_STATUS_INVALID_ARGUMENT (with a TypeError pending on the call) when the
   * value has another kind. value_str's text lives as long as the value. */
  NpStatus (*value_bool)(NpCall* call, const NpValue* value, int32_t* out);
  NpStatus (*value_int)(NpCall* call, const NpValue* value, int64_t* out);
  NpStatus (*value_double)(NpCall* call, const NpValue* value, double* out);
  NpStatus (*value_str)(NpCall* call, const NpValue* value, const char** out);
  /* An array argument as it is (its memory is the caller's: do not write it); a scalar becomes
   * a 0-d array owned by the call. */
  NpStatus (*value_array)(NpCall* call, const NpValue* value, NpArrayView* out);
  /* Appends a new C-contiguous, uninitialised result array and describes it in `out`. */
  NpStatus (*add_result_array)(NpCall* call, const char* dtype, int32_t ndim, const int64_t* shape,
                               NpArrayView* out);
  /* Sets the exception the call raises when the function returns NP_STATUS_FAILED, replacing any
   * pending one. The message is copied. */
  void (*call_error)(NpCall* call, int32_t error_kind, const char* message);

  /* Registered dtypes, init only. Since 1.1 (see Versioning). A promotion rule says
   * promote_types(a, b) == promote_types(b, a) == result; without one, a safe cast either way
   * decides. */
  NpStatus (*add_dtype)(NpRegistrar* registrar, const NpDTypeDef* def);
  NpStatus (*add_cast)(NpRegistrar* registrar, const NpCastDef* def);
  NpStatus (*add_promotion)(NpRegistrar* registrar, const char* a, const char* b,
                            const char* result);

  /* Since 1.2; call only. Converts an argument (an array or a Python scalar) to `dtype` (NULL:
   * keep its dtype) and the layout `flags` asks for (NP_ARRAY_*) with the engine's own casts, as
   * np.asarray(value, dtype, order) / np.require; casting and conversion errors are NumPy's,
   * pending on the call. The converted array is owned by the call. Write into it only when
   * NP_ARRAY_COPY was given. */
  NpStatus (*value_array_as)(NpCall* call, const NpValue* value, const char* dtype, int32_t flags,
                             NpArrayView* out);
  /* Since 1.2; call only. Items of an NP_VALUE_LIST value (a tuple or list argument, "*args"):
   * the count (-1 for other kinds), and item `index` (NULL when out of range). */
  int64_t (*value_list_size)(NpCall* call, const NpValue* value);
  const NpValue* (*value_list_item)(NpCall* call, const NpValue* value, int64_t index);
  /* Since 1.2; call only. Calls any registered function, ufunc or ufunc method ("add.reduce") by
   * NumPy's name, through the registry this function was called through, with `nargs` arguments.
   * Writes the first `capacity` results into `results` (values owned by the outer call, valid
   * until the function returns) and their total number into *nresults (may be NULL). A failing
   * callee leaves its exception pending on the outer call, type and message unchanged: return
   * NP_STATUS_FAILED to raise it, or call_error to replace it. Calls nest at most 32 deep
   * (RuntimeError "maximum recursion depth exceeded ..." beyond). */
  NpStatus (*call_function)(NpCall* call, const char* name, const NpArgument* args, int32_t nargs,
                            const NpValue** results, int32_t capacity, int32_t* nresults);
  /* Since 1.2; call only. The call's result `index` (in the order added) as a value: to pass to
   * call_function (as out=, say) or as a view's base. NULL when out of range. */
  const NpValue* (*call_result)(NpCall* call, int32_t index);
  /* Since 1.2; call only. Appends a result that is a view of `base` (an array argument or a
   * result of this call): `offset` bytes from base's first element, with the given shape, byte
   * strides and dtype. Every element must lie inside base's memory (NumPy's ValueError
   * otherwise); the view is writeable when base is. */
  NpStatus (*add_result_view)(NpCall* call, const NpValue* base, int64_t offset, int32_t ndim,
                              const int64_t* shape, const int64_t* strides, const char* dtype,
                              NpArrayView* out);
  /* Since 1.2; call only. Appends a result for NumPy's out= parameter: with `out_value` NULL or
   * None, a new array as add_result_array; otherwise `out_value` must be an array (TypeError
   * "'out' must be an array"), writeable, of exactly `shape` (ValueError "Output array is the wrong
   * shape") whose dtype `dtype` casts to under 'same_kind' (NumPy's TypeError), and the result is
   * that array. `view` describes the memory to write: out's own when its dtype is `dtype`, it
   * meets `flags` (NP_ARRAY_C_CONTIGUOUS, ...) and shares no memory with an argument; else a
   * temporary the host casts into out after the function returns NP_STATUS_OK. */
  NpStatus (*add_result_out)(NpCall* call, const NpValue* out_value, const char* dtype,
                             int32_t ndim, const int64_t* shape, int32_t flags, NpArrayView* view);
  /* Since 1.2; call only. Appends a value as a result: a Python scalar, None, a dtype, or (via
   * NpArgument::value) an argument or a by-name call's result unchanged. `keyword` is ignored. */
  NpStatus (*add_result_value)(NpCall* call, const NpArgument* value);
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
