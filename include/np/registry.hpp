// The by-name function registry: every routine (core routines now; ufuncs, gufuncs and plugin
// functions later) is callable by NumPy's public name with positional values and keyword options.
// The command-line tool, the C ABI and the Python shim all call through Registry::call.
//
// Thread safety: registration and calls may happen from any thread (a reader/writer lock guards
// the table). Registered callables must themselves be safe to call concurrently.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "np/array.hpp"
#include "np/ufunc.hpp"

namespace np {

// A dynamically typed argument or result: None, bool, int, float, str, list, array or dtype.
// An Int is a Python int of any size: within int64 it is held as int64, beyond it (a "big" int,
// e.g. 2**63 or -2**64 from JSON) as its exact decimal text, and as_int() raises NumPy's
// OverflowError instead of wrapping.
class Value {
 public:
  enum class Kind { None, Bool, Int, Float, Str, List, Array, DType };

  Value() = default;
  Value(bool v) : kind_(Kind::Bool), b_(v) {}
  Value(int v) : kind_(Kind::Int), i_(v) {}
  Value(int64_t v) : kind_(Kind::Int), i_(v) {}
  Value(double v) : kind_(Kind::Float), f_(v) {}
  Value(const char* v) : kind_(Kind::Str), s_(v) {}
  Value(std::string v) : kind_(Kind::Str), s_(std::move(v)) {}
  Value(std::vector<Value> v)
      : kind_(Kind::List), list_(std::make_shared<std::vector<Value>>(std::move(v))) {}
  Value(Array v) : kind_(Kind::Array), array_(std::make_shared<Array>(std::move(v))) {}
  Value(DType v) : kind_(Kind::DType), dtype_(std::make_shared<DType>(std::move(v))) {}
  // An integer of any size from its decimal text ("-?[0-9]+"); ValueError for other text.
  // Text within int64 gives an ordinary Int.
  static Value integer(std::string_view decimal);

  Kind kind() const { return kind_; }
  bool is_none() const { return kind_ == Kind::None; }
  // An Int outside int64's range.
  bool is_big_int() const { return kind_ == Kind::Int && !s_.empty(); }
  // Accessors throw TypeError naming `what` when the value has another kind (for integers
  // NumPy's "'NoneType' object cannot be interpreted as an integer"); as_int throws
  // OverflowError ("Python int too large to convert to C long") for a big int.
  bool as_bool(std::string_view what = "value") const;
  int64_t as_int(std::string_view what = "value") const;
  // The value of an Int in [2**63, 2**64) (NumPy makes such a Python int a uint64); nullopt
  // for every other value.
  std::optional<uint64_t> as_uint64_beyond_int64() const;
  // The decimal text of an Int (exact for big ints).
  std::string int_text() const;
  // Ints convert as Python's float(int) (correctly rounded); OverflowError beyond double.
  double as_double(std::string_view what = "value") const;
  const std::string& as_str(std::string_view what = "value") const;
  const std::vector<Value>& as_list(std::string_view what = "value") const;
  const Array& as_array(std::string_view what = "value") const;
  DType as_dtype(std::string_view what = "value") const;  // a DType value or a dtype string
  // An int or a list of ints (shapes, axes).
  std::vector<int64_t> as_int_list(std::string_view what = "value") const;
  std::string kind_name() const;
  // Python's type name of the value, as NumPy's TypeErrors show it ("NoneType", "float", ...).
  std::string python_type_name() const;

 private:
  Kind kind_ = Kind::None;
  bool b_ = false;
  int64_t i_ = 0;
  double f_ = 0;
  std::string s_;  // a Str's text; a big Int's decimal text (empty for an int64 Int)
  std::shared_ptr<std::vector<Value>> list_;
  std::shared_ptr<Array> array_;
  std::shared_ptr<DType> dtype_;
};

struct CallArgs {
  std::vector<Value> args;
  std::vector<std::pair<std::string, Value>> kwargs;
};
using Results = std::vector<Value>;

enum class FunctionKind { UFunc, GUFunc, General };
const char* function_kind_name(FunctionKind kind);

struct FunctionInfo {
  std::string name;  // NumPy's public name, e.g. "reshape", "lib.stride_tricks.as_strided"
  FunctionKind kind = FunctionKind::General;
  std::string owner;  // "core" or the registering plugin's name
  std::string summary;
  std::string signature;  // NumPy's parameter list ("a, /, axis=None"); empty when unknown
};

using GeneralFunction = std::function<Results(const CallArgs&)>;

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process-wide registry, with the core routines registered on first use.
  static Registry& global();

  // Registers a ufunc (no loops yet); ValueError naming both owners if the name is taken.
  UFunc& add_ufunc(UFuncSpec spec);
  // The ufunc named `name`; AttributeError when there is none.
  UFunc& ufunc(std::string_view name);
  const UFunc& ufunc(std::string_view name) const;
  const UFunc* find_ufunc(std::string_view name) const;

  // Registers a general function; ValueError naming both owners if the name is taken.
  void add_general(FunctionInfo info, GeneralFunction fn);
  bool contains(std::string_view name) const;
  // Kind, owner and summary of a registered function or ufunc; nullopt when unknown.
  std::optional<FunctionInfo> info(std::string_view name) const;
  // Calls by name; AttributeError for unknown names ("module 'numpy' has no attribute 'x'").
  Results call(std::string_view name, const CallArgs& args) const;
  std::vector<FunctionInfo> list() const;
  // Unique for the life of the process (never reused, unlike addresses).
  uint64_t id() const { return id_; }

 private:
  uint64_t id_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Registers the core's routines (creation, manipulation, indexing, copy) into `registry`.
void register_core_functions(Registry& registry);

// Calls a ufunc or one of its methods ("add", "add.reduce", ...) with NumPy's keywords.
Results call_ufunc_by_name(const UFunc& ufunc, std::string_view method, const CallArgs& args);

// An exception that escaped a call, as callers report it: NumPy's exception name and a message.
// np::Error gives its type_name(); std::bad_alloc is MemoryError; std::system_error (filesystem
// and stream failures included) OSError; any other exception is a defect of the engine and says
// so: RuntimeError "internal error in numpy-plugins (please report): ...".
struct ErrorReport {
  std::string type;
  std::string message;
};
ErrorReport describe_exception(const std::exception_ptr& error);

}  // namespace np
