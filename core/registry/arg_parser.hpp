// Binding CallArgs to a Python-style parameter list with NumPy's TypeErrors for unknown or
// repeated keywords and missing arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "np/errors.hpp"
#include "np/registry.hpp"
#include "np/scalar.hpp"

namespace np::detail {

class BoundArgs {
 public:
  // `params`: parameter names in order; a name starting with '*' collects the remaining
  // positionals (e.g. "*arrays"). Positionals beyond the list are a TypeError.
  BoundArgs(std::string func, const CallArgs& call, std::vector<std::string> params,
            size_t required);

  bool has(const std::string& name) const;
  const Value& get(const std::string& name) const;  // TypeError if missing
  const std::vector<Value>& rest() const { return rest_; }

  Array array(const std::string& name) const;
  int64_t integer(const std::string& name, std::optional<int64_t> dflt = std::nullopt) const;
  bool boolean(const std::string& name, bool dflt) const;
  double number(const std::string& name, double dflt) const;
  std::optional<DType> dtype(const std::string& name) const;  // absent or None -> nullopt
  Order order(const std::string& name, Order dflt) const;
  std::optional<std::vector<int64_t>> int_list(const std::string& name) const;  // None -> nullopt
  Scalar scalar(const std::string& name) const;
  std::string string(const std::string& name, const std::string& dflt) const;

 private:
  std::string func_;
  std::vector<std::string> names_;
  std::vector<const Value*> values_;
  std::vector<Value> rest_;
};

// A Value as a Scalar: numbers, bools, strings and 0-d arrays.
Scalar scalar_of(const Value& v, const std::string& what);

}  // namespace np::detail
