// The arith family's ufuncs and loops, registered in NumPy's loop order (which the linear
// search of loop resolution depends on).
#include "arith_register.hpp"

#include "arith_loops.hpp"
#include "np/errors.hpp"

namespace np::arith {

namespace {

constexpr const char* kNumericTypes = "?bBhHiIlLefdgkFDGK";

// Output units of datetime arithmetic: the operands' common unit.
std::vector<DType> unify_units(std::span<const DType> in, TypeId out_kind) {
  DType common = promote_types(in[0].is_datetime_like() ? in[0] : in[1],
                               in[1].is_datetime_like() ? in[1] : in[0]);
  auto with_kind = [&](const DType& t) {
    if (!t.is_datetime_like()) return t.with_native_order();
    return t.id() == TypeId::Datetime
               ? DType::datetime(common.datetime_unit(), common.datetime_multiple())
               : DType::timedelta(common.datetime_unit(), common.datetime_multiple());
  };
  DType out = out_kind == TypeId::Datetime
                  ? DType::datetime(common.datetime_unit(), common.datetime_multiple())
                  : DType::timedelta(common.datetime_unit(), common.datetime_multiple());
  return {with_kind(in[0]), with_kind(in[1]), out};
}

// Timedelta times a number: the timedelta keeps its unit.
std::vector<DType> keep_timedelta(std::span<const DType> in, TypeId number) {
  const DType& td = in[0].id() == TypeId::Timedelta ? in[0] : in[1];
  DType t = td.with_native_order();
  if (in[0].id() == TypeId::Timedelta) return {t, DType(number), t};
  return {DType(number), t, t};
}

void add_numeric_loops(UFunc& u, NpStridedLoop (*pick)(char)) {
  for (const char* c = kNumericTypes; *c; ++c) {
    NpStridedLoop loop = pick(*c);
    if (loop == nullptr) continue;  // e.g. no bool subtract, no integer true_divide
    TypeId t = type_from_char(*c);
    std::vector<TypeId> types(static_cast<size_t>(u.nin() + u.nout()), t);
    u.add_loop(UFuncLoop{types, loop, nullptr, {}, "arith", "baseline"});
  }
}

void add_datetime_pair(UFunc& u, TypeId a, TypeId b, TypeId out, const char* name) {
  u.add_loop({{a, b, out},
              datetime_loop(name),
              nullptr,
              [out](std::span<const DType> in) { return unify_units(in, out); },
              "arith",
              "baseline"});
}

}  // namespace

void register_family(Registry& r) {
  UFunc& add = r.add_ufunc({.name = "add",
                            .nin = 2,
                            .nout = 1,
                            .identity = Scalar(int64_t{0}),
                            .reorderable = true,
                            .reduce_upcasts_small_ints = true,
                            .summary = "Add arguments element-wise.",
                            .owner = "arith"});
  add_numeric_loops(add, add_loop);
  add.add_loop({{TypeId::Datetime, TypeId::Timedelta, TypeId::Datetime},
                datetime_loop("Mm->M"),
                nullptr,
                [](std::span<const DType> in) { return unify_units(in, TypeId::Datetime); },
                "arith",
                "baseline"});
  add.add_loop({{TypeId::Timedelta, TypeId::Timedelta, TypeId::Timedelta},
                datetime_loop("mm->m"),
                nullptr,
                [](std::span<const DType> in) { return unify_units(in, TypeId::Timedelta); },
                "arith",
                "baseline"});
  add.add_loop({{TypeId::Timedelta, TypeId::Datetime, TypeId::Datetime},
                datetime_loop("mM->M"),
                nullptr,
                [](std::span<const DType> in) { return unify_units(in, TypeId::Datetime); },
                "arith",
                "baseline"});

  UFunc& mul = r.add_ufunc({.name = "multiply",
                            .nin = 2,
                            .nout = 1,
                            .identity = Scalar(int64_t{1}),
                            .reorderable = true,
                            .reduce_upcasts_small_ints = true,
                            .summary = "Multiply arguments element-wise.",
                            .owner = "arith"});
  add_numeric_loops(mul, multiply_loop);
  mul.add_loop({{TypeId::Timedelta, TypeId::Int64, TypeId::Timedelta},
                datetime_loop("mq->m"),
                nullptr,
                [](std::span<const DType> in) { return keep_timedelta(in, TypeId::Int64); },
                "arith",
                "baseline"});
  mul.add_loop({{TypeId::Int64, TypeId::Timedelta, TypeId::Timedelta},
                datetime_loop("qm->m"),
                nullptr,
                [](std::span<const DType> in) { return keep_timedelta(in, TypeId::Int64); },
                "arith",
                "baseline"});
  mul.add_loop({{TypeId::Timedelta, TypeId::Float64, TypeId::Timedelta},
                datetime_loop("md->m"),
                nullptr,
                [](std::span<const DType> in) { return keep_timedelta(in, TypeId::Float64); },
                "arith",
                "baseline"});
  mul.add_loop({{TypeId::Float64, TypeId::Timedelta, TypeId::Timedelta},
                datetime_loop("dm->m"),
                nullptr,
                [](std::span<const DType> in) { return keep_timedelta(in, TypeId::Float64); },
                "arith",
                "baseline"});

  UFunc& sub = r.add_ufunc({.name = "subtract",
                            .nin = 2,
                            .nout = 1,
                            .reorderable = false,
                            .boolean_inputs_error =
                                "numpy boolean subtract, the `-` operator, is not supported, use "
                                "the bitwise_xor, the `^` operator, or the logical_xor function "
                                "instead.",
                            .summary = "Subtract arguments, element-wise.",
                            .owner = "arith"});
  add_numeric_loops(sub, subtract_loop);
  add_datetime_pair(sub, TypeId::Datetime, TypeId::Timedelta, TypeId::Datetime, "Mm-M");
  add_datetime_pair(sub, TypeId::Timedelta, TypeId::Timedelta, TypeId::Timedelta, "mm-m");
  add_datetime_pair(sub, TypeId::Datetime, TypeId::Datetime, TypeId::Timedelta, "MM->m");

  for (const char* name : {"true_divide", "divide"}) {
    UFunc& div = r.add_ufunc({.name = name,
                              .nin = 2,
                              .nout = 1,
                              .reorderable = false,
                              .integer_inputs_use_float64 = true,
                              .summary = "Divide arguments element-wise.",
                              .owner = "arith"});
    add_numeric_loops(div, true_divide_loop);
  }

  for (bool is_max : {true, false}) {
    UFunc& ext = r.add_ufunc({.name = is_max ? "maximum" : "minimum",
                              .nin = 2,
                              .nout = 1,
                              .reorderable = true,
                              .summary = is_max ? "Element-wise maximum of array elements."
                                                : "Element-wise minimum of array elements.",
                              .owner = "arith"});
    add_numeric_loops(ext, is_max ? maximum_loop : minimum_loop);
    add_datetime_pair(ext, TypeId::Datetime, TypeId::Datetime, TypeId::Datetime,
                      is_max ? "max" : "min");
    add_datetime_pair(ext, TypeId::Timedelta, TypeId::Timedelta, TypeId::Timedelta,
                      is_max ? "max" : "min");
  }

  UFunc& sq =
      r.add_ufunc({.name = "sqrt",
                   .nin = 1,
                   .nout = 1,
                   .summary = "Return the non-negative square-root of an array, element-wise.",
                   .owner = "arith"});
  add_numeric_loops(sq, sqrt_loop);

  UFunc& clip = r.add_ufunc({.name = "core.umath.clip",
                             .nin = 3,
                             .nout = 1,
                             .summary = "Clip (limit) the values in an array.",
                             .owner = "arith"});
  add_numeric_loops(clip, clip_loop);

  register_comparisons(r);
}

}  // namespace np::arith
