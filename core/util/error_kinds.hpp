// Translation between the C ABI's NpErrorKind codes and the typed exceptions of np/errors.hpp, in
// both directions: plugin callbacks report a kind plus a message, the host raises the matching
// exception; the host's own exceptions become a kind plus a message when they must cross back.
#pragma once

#include <string>

#include "np/loop_abi.h"

namespace np {

class Error;

// Throws the exception named by `kind` (RuntimeError for NONE or unknown codes).
[[noreturn]] void throw_error_kind(int kind, const std::string& message);

// The kind whose exception type matches `error` most closely.
NpErrorKind error_kind_of(const Error& error);

// Raises what a failing loop reported through its context (for ufunc `name`).
[[noreturn]] void throw_loop_failure(const NpLoopContext& context, const std::string& name);

}  // namespace np
