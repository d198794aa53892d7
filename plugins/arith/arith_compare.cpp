// Comparison ufuncs (bool results) for every numeric type and datetime64/timedelta64.
// Floats compare with IEEE semantics (NaN is unequal to everything); complex numbers compare
// lexicographically (real part, then imaginary), as NumPy; NaT compares unequal to everything.
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "arith_datetime_resolve.hpp"
#include "arith_families.hpp"
#include "arith_types.hpp"
#include "np/float16.hpp"
#include "np/kernel_types.hpp"
#include "np/loop_abi.h"
#include "np/loop_helpers.hpp"

namespace np::arith {

namespace {

using kernels::load;

enum class Cmp { Eq, Ne, Lt, Le, Gt, Ge };

template <Cmp C, class T>
bool compare(T a, T b) {
  switch (C) {
    case Cmp::Eq:
      return a == b;
    case Cmp::Ne:
      return a != b;
    case Cmp::Lt:
      return a < b;
    case Cmp::Le:
      return a <= b;
    case Cmp::Gt:
      return a > b;
    case Cmp::Ge:
      return a >= b;
  }
  return false;
}

template <Cmp C, class T>
inline bool compare_elements(T a, T b) {
  if constexpr (std::is_same_v<T, float16>) {  // float16 compares as float
    return compare<C>(static_cast<float>(a), static_cast<float>(b));
  } else {
    return compare<C>(a, b);
  }
}

template <Cmp C, class T>
int real_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps, void*) {
  constexpr int64_t s = sizeof(T);
  if (steps[0] == s && steps[1] == s && steps[2] == 1) {  // contiguous: vectorisable
    for (int64_t i = 0; i < dims[0]; ++i) {
      args[2][i] = compare_elements<C>(load<T>(args[0] + i * s), load<T>(args[1] + i * s)) ? 1 : 0;
    }
    return 0;
  }
  for (int64_t i = 0; i < dims[0]; ++i) {
    const bool r =
        compare_elements<C>(load<T>(args[0] + i * steps[0]), load<T>(args[1] + i * steps[1]));
    args[2][i * steps[2]] = r ? 1 : 0;
  }
  return 0;
}

template <Cmp C, class R>
int complex_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                 void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    const char* pa = args[0] + i * steps[0];
    const char* pb = args[1] + i * steps[1];
    R ar = load<R>(pa), ai = load<R>(pa + sizeof(R));
    R br = load<R>(pb), bi = load<R>(pb + sizeof(R));
    bool r = false;
    switch (C) {
      case Cmp::Eq:
        r = ar == br && ai == bi;
        break;
      case Cmp::Ne:
        r = ar != br || ai != bi;
        break;
      case Cmp::Lt:
        r = ar < br || (ar == br && ai < bi);
        break;
      case Cmp::Le:
        r = ar < br || (ar == br && ai <= bi);
        break;
      case Cmp::Gt:
        r = ar > br || (ar == br && ai > bi);
        break;
      case Cmp::Ge:
        r = ar > br || (ar == br && ai >= bi);
        break;
    }
    args[2][i * steps[2]] = r ? 1 : 0;
  }
  return 0;
}

template <Cmp C>
int datetime_loop(NpLoopContext*, char* const* args, const int64_t* dims, const int64_t* steps,
                  void*) {
  for (int64_t i = 0; i < dims[0]; ++i) {
    int64_t a = load<int64_t>(args[0] + i * steps[0]);
    int64_t b = load<int64_t>(args[1] + i * steps[1]);
    bool nat = a == kernels::kNaT || b == kernels::kNaT;
    bool r = nat ? C == Cmp::Ne : compare<C>(a, b);
    args[2][i * steps[2]] = r ? 1 : 0;
  }
  return 0;
}

template <Cmp C>
NpStridedLoop pick(char c) {
  return visit_loop(c, []<class T>(std::type_identity<T>) -> NpStridedLoop {
    if constexpr (is_cplx<T>::value) {
      return complex_loop<C, typename T::value_type>;
    } else if constexpr (std::is_same_v<T, bool>) {
      return real_loop<C, uint8_t>;
    } else {
      return real_loop<C, T>;
    }
  });
}

template <Cmp C>
void register_comparison(plugin::Registrar& r, const char* name, const char* summary) {
  static constexpr DatetimePattern kMM{"MM?"}, kmm{"mm?"};
  r.ufunc({.name = name, .nin = 2, .nout = 1, .summary = summary});
  constexpr simd::Op op = C == Cmp::Eq   ? simd::Op::Equal
                          : C == Cmp::Ne ? simd::Op::NotEqual
                          : C == Cmp::Lt ? simd::Op::Less
                          : C == Cmp::Le ? simd::Op::LessEqual
                          : C == Cmp::Gt ? simd::Op::Greater
                                         : simd::Op::GreaterEqual;
  for (const char* c = "?bBhHiIlLefdgkFDGK"; *c != '\0'; ++c) {
    const std::string types = plugin::same_type_signature(2, 1, *c, '?');
    if (std::strchr("bBhHiIlLfd", *c) != nullptr) {  // the types with SIMD comparisons
      loop_best_target(r, name, types, *c, pick<C>(*c), op);
    } else {
      r.loop(name, types.c_str(), pick<C>(*c));
    }
  }
  r.loop(name, "mm->?", datetime_loop<C>, const_cast<DatetimePattern*>(&kmm), "baseline",
         resolve_common_unit);
  r.loop(name, "MM->?", datetime_loop<C>, const_cast<DatetimePattern*>(&kMM), "baseline",
         resolve_common_unit);
}

}  // namespace

void register_comparisons(plugin::Registrar& r) {
  register_comparison<Cmp::Eq>(r, "equal", "Return (x1 == x2) element-wise.");
  register_comparison<Cmp::Ne>(r, "not_equal", "Return (x1 != x2) element-wise.");
  register_comparison<Cmp::Lt>(r, "less", "Return the truth value of (x1 < x2) element-wise.");
  register_comparison<Cmp::Le>(r, "less_equal",
                               "Return the truth value of (x1 <= x2) element-wise.");
  register_comparison<Cmp::Gt>(r, "greater", "Return the truth value of (x1 > x2) element-wise.");
  register_comparison<Cmp::Ge>(r, "greater_equal",
                               "Return the truth value of (x1 >= x2) element-wise.");
}

}  // namespace np::arith
