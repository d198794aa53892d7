// The arith plugin: NumPy's arithmetic, math, comparison and logical ufuncs. Loops are registered
// in NumPy's order for each ufunc (loop resolution's linear search depends on it), with binary128
// loops ('k', 'K') after the long double ones.
#include <cstring>
#include <string>

#include "arith_datetime_resolve.hpp"
#include "arith_families.hpp"
#include "arith_loops.hpp"
#include "np/plugin.hpp"
#include "simd/arith_simd.hpp"

namespace np::arith {

namespace {

constexpr const char* kNumeric = "?bBhHiIlLefdgkFDGK";

using plugin::add_loops;
using plugin::Registrar;

// Datetime loop patterns (static: they are the loops' loop_data for the life of the process).
constexpr DatetimePattern kMmM{"MmM"}, kmmm{"mmm"}, kmMM{"mMM"}, kMMm{"MMm"}, kMMM{"MMM"},
    kmqm{"mqm"}, kqmm{"qmm"}, kmdm{"mdm"}, kdmm{"dmm"};

void* pattern(const DatetimePattern& p) {
  return const_cast<DatetimePattern*>(&p);
}

void datetime_common(Registrar& r, const char* ufunc, const char* types, NpStridedLoop fn,
                     const DatetimePattern& p) {
  r.loop(ufunc, types, fn, pattern(p), "baseline", resolve_common_unit);
}
void datetime_keep(Registrar& r, const char* ufunc, const char* types, NpStridedLoop fn,
                   const DatetimePattern& p) {
  r.loop(ufunc, types, fn, pattern(p), "baseline", resolve_keep_unit);
}

// The SIMD level this CPU allows (set in init from the host's cpu_features()).
kernels::SimdLevel g_level = kernels::SimdLevel::Baseline;

}  // namespace

void loop_best_target(plugin::Registrar& r, const char* name, const std::string& types, char code,
                      NpStridedLoop baseline, simd::Op op, uint32_t flags) {
  const plugin::SimdChoice simd =
      plugin::best_simd_loop(g_level, simd::avx512_loop, simd::avx2_loop, op, code);
  NpStridedLoop reduce = nullptr;
  if (simd.level == kernels::SimdLevel::Avx512) reduce = simd::avx512_reduce_loop(op, code);
  if (simd.level == kernels::SimdLevel::Avx2) reduce = simd::avx2_reduce_loop(op, code);
  // The reduction loop takes the place of the loop and hands what it does not reduce to the
  // baseline, its loop_data; the others leave loop_data free.
  NpStridedLoop loop = reduce != nullptr ? reduce : baseline;
  void* data = reduce != nullptr ? reinterpret_cast<void*>(baseline) : nullptr;
  r.loop(name, types.c_str(), loop, data, kernels::simd_level_name(simd.level), nullptr, flags,
         simd.loop);
}

namespace {

// add_loops, with the loops the best SIMD target has replaced by its; the loops of the type codes
// in `flagged` carry `flag` (NP_LOOP_REDUCE_SPLITS or NP_LOOP_REDUCE_ASSOCIATIVE).
void add_loops_simd(Registrar& r, const char* name, int nin, NpStridedLoop (*pick)(char),
                    simd::Op op, const char* flagged = "", uint32_t flag = 0) {
  for (const char* c = kNumeric; *c != '\0'; ++c) {
    NpStridedLoop baseline = pick(*c);
    if (baseline == nullptr) continue;
    const uint32_t flags = std::strchr(flagged, *c) != nullptr ? flag : 0;
    loop_best_target(r, name, plugin::same_type_signature(nin, 1, *c), *c, baseline, op, flags);
  }
}

void register_basic(Registrar& r) {
  r.ufunc({.name = "add",
           .nin = 2,
           .nout = 1,
           .identity = NP_IDENTITY_ZERO,
           .flags = NP_UFUNC_REORDERABLE | NP_UFUNC_REDUCE_UPCASTS_SMALL_INTS,
           .summary = "Add arguments element-wise."});
  // add's real float and integer reductions reduce each chunk on their own (pairwise for
  // floats) and add it once: the engine may split long sums over threads (NP_LOOP_REDUCE_SPLITS).
  add_loops_simd(r, "add", 2, add_loop, simd::Op::Add, "bBhHiIlLfdgk", NP_LOOP_REDUCE_SPLITS);
  datetime_common(r, "add", "Mm->M", datetime_loop("Mm->M"), kMmM);
  datetime_common(r, "add", "mm->m", datetime_loop("mm->m"), kmmm);
  datetime_common(r, "add", "mM->M", datetime_loop("mM->M"), kmMM);

  r.ufunc({.name = "subtract",
           .nin = 2,
           .nout = 1,
           .summary = "Subtract arguments, element-wise.",
           .bool_inputs_error = "numpy boolean subtract, the `-` operator, is not supported, use "
                                "the bitwise_xor, the `^` operator, or the logical_xor function "
                                "instead."});
  add_loops_simd(r, "subtract", 2, subtract_loop, simd::Op::Subtract);
  datetime_common(r, "subtract", "Mm->M", datetime_loop("Mm-M"), kMmM);
  datetime_common(r, "subtract", "mm->m", datetime_loop("mm-m"), kmmm);
  datetime_common(r, "subtract", "MM->m", datetime_loop("MM->m"), kMMm);

  r.ufunc({.name = "multiply",
           .nin = 2,
           .nout = 1,
           .identity = NP_IDENTITY_ONE,
           .flags = NP_UFUNC_REORDERABLE | NP_UFUNC_REDUCE_UPCASTS_SMALL_INTS,
           .summary = "Multiply arguments element-wise."});
  // Integer (and bool: logical and) products wrap, so they are exactly associative.
  add_loops_simd(r, "multiply", 2, multiply_loop, simd::Op::Multiply, "?bBhHiIlLqQ",
                 NP_LOOP_REDUCE_ASSOCIATIVE);
  datetime_keep(r, "multiply", "mq->m", datetime_loop("mq->m"), kmqm);
  datetime_keep(r, "multiply", "qm->m", datetime_loop("qm->m"), kqmm);
  datetime_keep(r, "multiply", "md->m", datetime_loop("md->m"), kmdm);
  datetime_keep(r, "multiply", "dm->m", datetime_loop("dm->m"), kdmm);

  for (const char* name : {"true_divide", "divide"}) {
    r.ufunc({.name = name,
             .nin = 2,
             .nout = 1,
             .flags = NP_UFUNC_INTEGER_INPUTS_USE_FLOAT64,
             .summary = "Divide arguments element-wise."});
    add_loops_simd(r, name, 2, true_divide_loop, simd::Op::Divide);
  }

  for (bool is_max : {true, false}) {
    const char* name = is_max ? "maximum" : "minimum";
    r.ufunc({.name = name,
             .nin = 2,
             .nout = 1,
             .flags = NP_UFUNC_REORDERABLE | NP_UFUNC_UNIFORM_RESOLUTION,
             .summary = is_max ? "Element-wise maximum of array elements."
                               : "Element-wise minimum of array elements."});
    // The real types' loops select an operand (first NaN, first of equal values): long
    // reductions may run in chunks on several threads (NP_LOOP_REDUCE_ASSOCIATIVE).
    add_loops_simd(r, name, 2, is_max ? maximum_loop : minimum_loop,
                   is_max ? simd::Op::Maximum : simd::Op::Minimum, "?bBhHiIlLqQefdgk",
                   NP_LOOP_REDUCE_ASSOCIATIVE);
    datetime_common(r, name, "mm->m", datetime_loop(is_max ? "max" : "min"), kmmm);
    datetime_common(r, name, "MM->M", datetime_loop(is_max ? "max" : "min"), kMMM);
  }

  r.ufunc({.name = "sqrt",
           .nin = 1,
           .nout = 1,
           .summary = "Return the non-negative square-root of an array, element-wise."});
  add_loops_simd(r, "sqrt", 1, sqrt_loop, simd::Op::Sqrt);

  r.ufunc({.name = "core.umath.clip",
           .nin = 3,
           .nout = 1,
           .summary = "Clip (limit) the values in an array."});
  add_loops(r, "core.umath.clip", kNumeric, 3, 1, clip_loop);
}

NpStatus init(const NpHostApi* host, NpRegistrar* registrar, const char** error) {
  return plugin::guarded_init(host, registrar, error, "arith", [host](Registrar& r) {
    set_host(host);
    g_level = kernels::best_simd_level(host->cpu_features());
    register_basic(r);
    register_comparisons(r);
    register_unary(r);
    register_binary(r);
  });
}

}  // namespace

}  // namespace np::arith

NP_PLUGIN_EXPORT const NpPluginInfo* np_plugin_entry_v1(void) {
  static const NpPluginInfo info = {NP_PLUGIN_ABI_MAJOR,
                                    NP_PLUGIN_ABI_MINOR,
                                    sizeof(NpPluginInfo),
                                    "arith",
                                    "0.1.0",
                                    "arith",
                                    "NumPy's arithmetic, math, comparison and logical ufuncs",
                                    "BSD-3-Clause",
                                    &np::arith::init};
  return &info;
}
