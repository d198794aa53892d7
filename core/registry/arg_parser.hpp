// Typed accessors over CallArgs bound to a signature (the binding itself: arg_binder.hpp),
// giving None NumPy's meaning.
//
// None contract: an accessor whose parameter NumPy requires a value for (an int, a sequence of
// ints, an array, a number) raises NumPy's TypeError for None; the `optional_*` accessors and
// dtype/order/string read None as "not given", as NumPy's defaults of None do; boolean() reads
// None as False (Python's truth value), keepdims() rejects it as NumPy's reductions do.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "np/casting.hpp"
#include "np/errors.hpp"
#include "np/registry.hpp"
#include "np/scalar.hpp"
#include "registry/arg_binder.hpp"

namespace np::detail {

// The values of one call bound to a Signature (arg_binder.hpp), read by parameter name.
// Holds pointers into the CallArgs: a BoundArgs must not outlive the call it binds.
class BoundArgs {
 public:
  // Binds `call` against `signature` with CPython's TypeErrors (Signature::bind), naming the
  // function `func` in them.
  BoundArgs(std::string func, const CallArgs& call, const Signature& signature);
  // The legacy parameter list: see Signature::of_names.
  BoundArgs(std::string func, const CallArgs& call, const std::vector<std::string>& params,
            size_t required);

  bool has(const std::string& name) const;          // given, possibly as None
  bool given(const std::string& name) const;        // given and not None
  const Value& get(const std::string& name) const;  // TypeError if missing
  // The positionals collected by *args, and the keywords collected by **kwargs.
  const std::vector<Value>& rest() const { return rest_; }
  const std::vector<std::pair<std::string, Value>>& keywords() const { return keywords_; }
  // The call as given, for routines whose arguments name positions (getitem's "$k").
  const CallArgs& call() const { return *call_; }

  Array array(const std::string& name) const;
  // Absent -> dflt (TypeError "missing" without one); None -> TypeError.
  int64_t integer(const std::string& name, std::optional<int64_t> dflt = std::nullopt) const;
  // Absent or None -> nullopt.
  std::optional<int64_t> optional_integer(const std::string& name) const;
  bool boolean(const std::string& name, bool dflt) const;  // None -> false
  // NumPy's reductions' keepdims: absent -> false; None -> TypeError.
  bool keepdims() const;
  double number(const std::string& name, double dflt) const;  // None -> TypeError
  std::optional<DType> dtype(const std::string& name) const;  // absent or None -> nullopt
  Order order(const std::string& name, Order dflt) const;     // absent or None -> dflt
  // An int or a sequence of ints (axes, shifts, strides); None -> TypeError.
  std::vector<int64_t> int_list(const std::string& name) const;
  std::optional<std::vector<int64_t>> optional_int_list(const std::string& name) const;
  // Dimensions (shapes, axis permutations): as int_list, but an int beyond int64 is NumPy's
  // ValueError "Maximum allowed dimension exceeded".
  std::vector<int64_t> dims(const std::string& name) const;
  std::optional<std::vector<int64_t>> optional_dims(const std::string& name) const;
  Scalar scalar(const std::string& name) const;
  std::string string(const std::string& name, const std::string& dflt) const;  // None -> dflt
  // A casting rule; None -> NumPy's TypeError "casting must be str, not NoneType".
  Casting casting(const std::string& name, Casting dflt) const;
  // A routine's out= (np.sum, np.cumsum, np.concatenate, ...): absent or None -> nullopt;
  // anything but an array (a tuple included) -> TypeError "output must be an array".
  std::optional<Array> out_array(const std::string& name = "out") const;
  // A where= mask: absent or True -> nullopt; None is False, as np.asarray(None, bool).
  std::optional<Array> where(const std::string& name = "where") const;

 private:
  std::string func_;
  const CallArgs* call_;
  std::vector<std::string> names_;
  std::vector<const Value*> values_;
  std::vector<Value> rest_;
  std::vector<std::pair<std::string, Value>> keywords_;
};

// A Value as a Scalar: numbers, bools, strings and 0-d arrays. A Python int in [2**63, 2**64)
// is a uint64 (as np.asarray(2**63)); beyond that OverflowError, as NumPy would need an object
// array, which the engine does not have.
Scalar scalar_of(const Value& v, const std::string& what);
// np.array(v, dtype=t) for a Python scalar v: ints beyond int64 follow NumPy's conversion into
// t (OverflowError "Python int too large to convert to C long" for signed and datetime types,
// uint64's range for unsigned ones, float(v) for floating types, the digits for strings).
// Other values are scalar_of(v) cast to t.
Scalar scalar_as(const Value& v, const DType& t, const std::string& what);
// np.asarray(v).astype(t): as scalar_of(v).astype(t), except that an int beyond uint64 (an
// object array in NumPy) converts as scalar_as(v, t).
Scalar scalar_cast(const Value& v, const DType& t, const std::string& what);
// A reduction's initial=: NumPy converts it into the reduction's dtype `t`, so an int beyond
// int64 follows scalar_as(v, t); other values are scalar_of(v).
Scalar initial_of(const Value& v, const DType& t);
// out= of a one-output ufunc call or method: None -> nullopt, an array, or a 1-tuple holding
// one (or None, when `none_item_ok`: a plain call takes out=(None,), reduce does not). NumPy's
// ValueError for a tuple of another length, its TypeError for anything else.
std::optional<Array> single_ufunc_out(const Value& v, bool none_item_ok);
// A Value as dimensions: see BoundArgs::dims.
std::vector<int64_t> dims_of(const Value& v, const std::string& what);

}  // namespace np::detail
