// The core's by-name routines, one bindings file per module (bind_<module>.cpp). Each module
// lists its routines as data — NumPy's name, NumPy's signature text, a summary and the body
// over the bound arguments — and registers them with add_routines.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "np/registry.hpp"
#include "registry/arg_parser.hpp"

namespace np::detail {

// A routine's body: the call's values bound to its signature, and the registry the call came
// through (the ufuncs a routine composes come from there, never from Registry::global()).
using RoutineBody = std::function<Results(const BoundArgs& args, Registry& registry)>;

struct Routine {
  std::string name;       // NumPy's public name ("reshape", "lib.stride_tricks.as_strided")
  std::string signature;  // NumPy's parameter list, as Signature::parse reads it
  std::string summary;
  RoutineBody body;
};

// Registers each routine into `registry` (owner "core"; FunctionInfo::signature is the
// normalised text). The signature is parsed once; each call is bound against it, with
// TypeErrors naming the last component of the name (as_strided), before the body runs. The
// registry owns the callables, which refer to it: they live exactly as long as it does.
void add_routines(Registry& registry, const std::vector<Routine>& routines);

void register_creation(Registry& registry);
void register_manipulation(Registry& registry);
void register_casting(Registry& registry);
void register_routines(Registry& registry);
void register_reductions(Registry& registry);
void register_errstate(Registry& registry);
void register_io(Registry& registry);
void register_indexing(Registry& registry);

// Helpers more than one module's bindings use.
inline Results one(Array a) {
  return {Value(std::move(a))};
}
Results many(std::vector<Array> arrays);
// ValueError "negative dimensions are not allowed" for a negative entry of a shape.
Shape nonnegative(Shape s);
// axis= of the routines NumPy parses with PyArray_ConvertMultiAxis (squeeze, count_nonzero):
// an int beyond C int is its ValueError there (elsewhere the C int conversion's OverflowError).
std::optional<std::vector<int64_t>> multi_axis(const BoundArgs& b);

}  // namespace np::detail
