#include "util/error_kinds.hpp"

#include <string_view>

#include "np/errors.hpp"

namespace np {

void throw_error_kind(int kind, const std::string& message) {
  switch (kind) {
    case NP_ERROR_TYPE:
      throw TypeError(message);
    case NP_ERROR_VALUE:
      throw ValueError(message);
    case NP_ERROR_INDEX:
      throw IndexError(message);
    case NP_ERROR_AXIS:
      throw AxisError(message);
    case NP_ERROR_OVERFLOW:
      throw OverflowError(message);
    case NP_ERROR_MEMORY:
      throw MemoryError(message);
    case NP_ERROR_ZERO_DIVISION:
      throw ZeroDivisionError(message);
    case NP_ERROR_NOT_IMPLEMENTED:
      throw NotImplementedError(message);
    case NP_ERROR_LINALG:
      throw LinAlgError(message);
    default:
      throw RuntimeError(message);
  }
}

NpErrorKind error_kind_of(const Error& error) {
  const std::string_view name = error.type_name();
  if (name == "AxisError") return NP_ERROR_AXIS;
  if (name == "TypeError" || name == "UFuncTypeError") return NP_ERROR_TYPE;
  if (name == "ValueError" || name == "UnicodeEncodeError") return NP_ERROR_VALUE;
  if (name == "IndexError" || name == "KeyError") return NP_ERROR_INDEX;
  if (name == "OverflowError") return NP_ERROR_OVERFLOW;
  if (name == "MemoryError") return NP_ERROR_MEMORY;
  if (name == "ZeroDivisionError") return NP_ERROR_ZERO_DIVISION;
  if (name == "NotImplementedError") return NP_ERROR_NOT_IMPLEMENTED;
  if (name == "LinAlgError") return NP_ERROR_LINALG;
  return NP_ERROR_RUNTIME;
}

void throw_loop_failure(const NpLoopContext& context, const std::string& name) {
  std::string message = context.error_message != nullptr
                            ? std::string(context.error_message)
                            : "the inner loop of '" + name + "' reported a failure";
  throw_error_kind(context.error_kind, message);
}

}  // namespace np
