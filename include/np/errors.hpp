// Typed exceptions named after the Python exceptions NumPy raises for the same fault.
// Every error the core raises derives from np::Error, whose type_name() is NumPy's exception name;
// the call protocol and the C ABI report that name verbatim.
#pragma once

#include <stdexcept>
#include <string>

namespace np {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // NumPy's (Python's) exception name, e.g. "TypeError".
  virtual const char* type_name() const noexcept { return "Error"; }
};

// The macro argument names a class and cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define NP_DEFINE_ERROR(Name, Base)                                   \
  class Name : public Base {                                          \
   public:                                                            \
    using Base::Base;                                                 \
    const char* type_name() const noexcept override { return #Name; } \
  }

NP_DEFINE_ERROR(TypeError, Error);
// NumPy's UFuncTypeError: no loop for the inputs, or an input/output cast forbidden by casting=.
NP_DEFINE_ERROR(UFuncTypeError, TypeError);
NP_DEFINE_ERROR(ValueError, Error);
NP_DEFINE_ERROR(IndexError, Error);
NP_DEFINE_ERROR(KeyError, Error);
// NumPy's AxisError subclasses both ValueError and IndexError; here it is a ValueError.
NP_DEFINE_ERROR(AxisError, ValueError);
NP_DEFINE_ERROR(OverflowError, Error);
NP_DEFINE_ERROR(MemoryError, Error);
NP_DEFINE_ERROR(OSError, Error);
NP_DEFINE_ERROR(NotImplementedError, Error);
NP_DEFINE_ERROR(LinAlgError, Error);
NP_DEFINE_ERROR(ZeroDivisionError, Error);
NP_DEFINE_ERROR(AttributeError, Error);
NP_DEFINE_ERROR(UnicodeEncodeError, ValueError);
NP_DEFINE_ERROR(RuntimeError, Error);
NP_DEFINE_ERROR(FloatingPointError, Error);

// NOLINTEND(bugprone-macro-parentheses)
#undef NP_DEFINE_ERROR

}  // namespace np
