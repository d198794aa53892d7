// The argument binder: NumPy signature strings ("a, /, axis=None, *, bitorder='big'") as data,
// and binding a CallArgs against one with CPython's TypeErrors, so that every by-name routine
// (core or plugin) accepts and rejects exactly the calls NumPy's Python-level function would.
//
// The typed reading of bound values stays in BoundArgs (arg_parser.hpp); this file decides only
// which value goes to which parameter.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "np/registry.hpp"

namespace np::detail {

// One parameter of a signature, as Python's inspect.Parameter.
struct Parameter {
  enum class Kind { PositionalOnly, PositionalOrKeyword, VarPositional, KeywordOnly, VarKeyword };
  std::string name;
  Kind kind = Kind::PositionalOrKeyword;
  // The default as its Python text ("None", "'C'", "float"); nullopt: required. An empty text
  // means "has a default, its text unknown" (Signature::of_names only; text() shows "...").
  std::optional<std::string> default_text;

  bool required() const {
    return !default_text && kind != Kind::VarPositional && kind != Kind::VarKeyword;
  }
};

// Which parameter each value of a call went to. Pointers point into the bound CallArgs: a
// Binding must not outlive it.
struct Binding {
  std::vector<const Value*> values;     // per parameter; nullptr when not given (and for * / **)
  std::vector<Value> extra_positional;  // collected by *args
  std::vector<std::pair<std::string, Value>> extra_keywords;  // collected by **kwargs
};

// A parsed parameter list. Immutable after construction; safe to share between threads.
class Signature {
 public:
  Signature() = default;  // no parameters: "()"

  // Parses a signature without its parentheses: comma-separated `name`, `name=default`,
  // `/` (the parameters before it are positional-only), `*` (those after it keyword-only),
  // `*args`, `**kwargs`, in Python's order. Defaults are kept as their text (a string literal
  // in double quotes is normalised to single quotes, as repr writes it). ValueError naming the
  // problem for malformed text (duplicate names, a required parameter after a default one, a
  // bare `*` at the end, `/` or `**kwargs` out of place, an empty item).
  static Signature parse(std::string_view text);
  // The legacy form of a parameter list: names in order, one of them "*name" collecting the
  // remaining positionals; the first `required` named parameters are required, the others
  // have a default of unknown text. Every named parameter is positional-or-keyword, except
  // those after "*name", which are keyword-only.
  static Signature of_names(const std::vector<std::string>& names, size_t required);

  const std::vector<Parameter>& parameters() const { return params_; }
  // Normalised text, as Python's str(inspect.signature(f)) without the parentheses:
  // "a, /, axis=None, *, bitorder='big'".
  std::string text() const;
  // The index of the parameter named `name`; nullopt when there is none.
  std::optional<size_t> index_of(std::string_view name) const;

  // Binds `call` for the function named `func` (its name in the messages). TypeError with
  // CPython's wording (3.11) for an unexpected keyword, a positional-only parameter passed by
  // keyword, multiple values for one parameter, too many positionals, missing arguments; the
  // checks run in CPython's order (keywords, then the positional count, then missing ones).
  Binding bind(std::string_view func, const CallArgs& call) const;

 private:
  void add(Parameter p);
  [[noreturn]] void too_many_positional(std::string_view func, const CallArgs& call,
                                        const Binding& bound) const;
  void check_missing(std::string_view func, const Binding& bound) const;

  std::vector<Parameter> params_;
  size_t positional_count_ = 0;  // PositionalOnly + PositionalOrKeyword parameters
  std::optional<size_t> var_positional_;
  std::optional<size_t> var_keyword_;
};

}  // namespace np::detail
