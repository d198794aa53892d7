// The core's by-name routines: the registration helper the bindings files share, and the list
// of modules (each in its own bind_<module>.cpp).
#include <limits>
#include <memory>

#include "np/errors.hpp"
#include "registry/arg_binder.hpp"
#include "registry/bindings.hpp"

namespace np {

namespace detail {

void add_routines(Registry& registry, const std::vector<Routine>& routines) {
  for (const Routine& routine : routines) {
    auto signature = std::make_shared<const Signature>(Signature::parse(routine.signature));
    // CPython names a function by its own name in its TypeErrors, not by its module path.
    std::string message_name = routine.name.substr(routine.name.rfind('.') + 1);
    GeneralFunction fn = [signature, message_name, body = routine.body,
                          &registry](const CallArgs& call) {
      return body(BoundArgs(message_name, call, *signature), registry);
    };
    registry.add_general(FunctionInfo{routine.name, FunctionKind::General, "core", routine.summary,
                                      signature->text()},
                         std::move(fn));
  }
}

Results many(std::vector<Array> arrays) {
  Results r;
  for (Array& a : arrays)
    r.emplace_back(std::move(a));
  return r;
}

Shape nonnegative(Shape s) {
  for (int64_t d : s) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
  }
  return s;
}

std::optional<std::vector<int64_t>> multi_axis(const BoundArgs& b) {
  std::optional<std::vector<int64_t>> axes = b.optional_int_list("axis");
  for (int64_t a : axes.value_or(std::vector<int64_t>{})) {
    if (a < std::numeric_limits<int32_t>::min() || a > std::numeric_limits<int32_t>::max()) {
      throw ValueError("integer won't fit into a C int");
    }
  }
  return axes;
}

}  // namespace detail

void register_core_functions(Registry& registry) {
  detail::register_creation(registry);
  detail::register_manipulation(registry);
  detail::register_indexing(registry);
  detail::register_io(registry);
  detail::register_casting(registry);
  detail::register_routines(registry);
  detail::register_reductions(registry);
  detail::register_errstate(registry);
}

}  // namespace np
