// Signature parsing, normalised text and CPython's binding rules (Python/ceval.c,
// initialize_locals, 3.11) with its TypeError texts.
#include "registry/arg_binder.hpp"

#include <algorithm>
#include <cctype>

#include "np/errors.hpp"
#include "registry/arg_parser.hpp"

namespace np::detail {

namespace {

using Kind = Parameter::Kind;

std::string_view trimmed(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && space(s.back()))
    s.remove_suffix(1);
  return s;
}

[[noreturn]] void malformed(std::string_view text, const std::string& why) {
  throw ValueError("invalid signature '" + std::string(text) + "': " + why);
}

// The comma-separated items of `text` at bracket depth 0 and outside string literals, so that
// defaults such as (1, 2) or ',' stay whole.
std::vector<std::string_view> split_items(std::string_view text) {
  std::vector<std::string_view> items;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth < 0) malformed(text, "unbalanced brackets");
    } else if (c == ',' && depth == 0) {
      items.push_back(trimmed(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (quote != 0 || depth != 0) malformed(text, "unterminated string or bracket");
  items.push_back(trimmed(text.substr(start)));
  return items;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) != 0) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

// A double-quoted string literal as repr writes it ("same_kind" -> 'same_kind') when that needs
// no escaping; any other default as written.
std::string normalised_default(std::string_view d) {
  const bool double_quoted = d.size() >= 2 && d.front() == '"' && d.back() == '"';
  const std::string_view inner = double_quoted ? d.substr(1, d.size() - 2) : d;
  if (double_quoted && inner.find_first_of("'\"\\") == std::string_view::npos) {
    return "'" + std::string(inner) + "'";
  }
  return std::string(d);
}

// CPython's list of names in a "missing" message: 'a' / 'a' and 'b' / 'a', 'b', and 'c'.
std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    out += "'" + names[i] + "'";
  }
  return out;
}

std::string plural(size_t n, const std::string& word) {
  return word + (n == 1 ? "" : "s");
}

// The parameter an item of the text describes, in a signature whose earlier items set
// `keyword_only` (after * or *args).
Parameter parameter_of(std::string_view text, std::string_view item, bool keyword_only) {
  Parameter p;
  if (item.substr(0, 2) == "**") {
    p.kind = Kind::VarKeyword;
    item.remove_prefix(2);
  } else if (item.substr(0, 1) == "*") {
    p.kind = Kind::VarPositional;
    item.remove_prefix(1);
  } else {
    p.kind = keyword_only ? Kind::KeywordOnly : Kind::PositionalOrKeyword;
  }
  const size_t eq = item.find('=');
  p.name = std::string(trimmed(item.substr(0, eq)));
  if (eq != std::string_view::npos) {
    const std::string_view d = trimmed(item.substr(eq + 1));
    if (d.empty()) malformed(text, "'" + p.name + "=' has no default");
    if (p.kind == Kind::VarPositional || p.kind == Kind::VarKeyword) {
      malformed(text, "'" + p.name + "' collects arguments and cannot have a default");
    }
    p.default_text = normalised_default(d);
  }
  if (!is_identifier(p.name)) malformed(text, "'" + std::string(item) + "' is not a parameter");
  return p;
}

}  // namespace

void Signature::add(Parameter p) {
  if (index_of(p.name)) throw ValueError("duplicate parameter '" + p.name + "' in signature");
  if (p.kind == Kind::PositionalOnly || p.kind == Kind::PositionalOrKeyword) ++positional_count_;
  if (p.kind == Kind::VarPositional) var_positional_ = params_.size();
  if (p.kind == Kind::VarKeyword) var_keyword_ = params_.size();
  params_.push_back(std::move(p));
}

Signature Signature::parse(std::string_view text) {
  Signature sig;
  if (trimmed(text).empty()) return sig;
  bool keyword_only = false, bare_star_open = false, slash_seen = false, default_seen = false;
  for (std::string_view item : split_items(text)) {
    if (item.empty()) malformed(text, "empty parameter");
    if (sig.var_keyword_) malformed(text, "'**" + sig.params_.back().name + "' must come last");
    if (item == "/") {
      if (slash_seen || keyword_only || sig.params_.empty()) {
        malformed(text, "'/' must follow a parameter and come before '*'");
      }
      for (Parameter& p : sig.params_)
        p.kind = Kind::PositionalOnly;
      slash_seen = true;
      continue;
    }
    if (item == "*") {
      if (keyword_only) malformed(text, "'*' given twice");
      keyword_only = bare_star_open = true;
      continue;
    }
    Parameter p = parameter_of(text, item, keyword_only);
    if (p.kind == Kind::VarPositional) {
      if (keyword_only) malformed(text, "'*' given twice");
      keyword_only = true;
    }
    if (p.kind == Kind::KeywordOnly) bare_star_open = false;
    if (p.kind == Kind::PositionalOrKeyword) {
      if (!p.default_text && default_seen) {
        malformed(text, "required parameter '" + p.name + "' follows a default one");
      }
      default_seen = default_seen || p.default_text.has_value();
    }
    sig.add(std::move(p));
  }
  if (bare_star_open) malformed(text, "named parameters must follow a bare '*'");
  return sig;
}

Signature Signature::of_names(const std::vector<std::string>& names, size_t required) {
  Signature sig;
  bool keyword_only = false;
  size_t named = 0;
  for (const std::string& n : names) {
    Parameter p;
    if (!n.empty() && n[0] == '*') {
      p.name = n.substr(1);
      p.kind = Kind::VarPositional;
      keyword_only = true;
    } else {
      p.name = n;
      p.kind = keyword_only ? Kind::KeywordOnly : Kind::PositionalOrKeyword;
      if (named++ >= required) p.default_text = "";
    }
    sig.add(std::move(p));
  }
  return sig;
}

std::string Signature::text() const {
  std::string out;
  auto item = [&out](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  for (size_t i = 0; i < params_.size(); ++i) {
    const Parameter& p = params_[i];
    if (p.kind == Kind::KeywordOnly && !var_positional_ &&
        (i == 0 || params_[i - 1].kind != Kind::KeywordOnly)) {
      item("*");
    }
    std::string s = p.kind == Kind::VarPositional ? "*" + p.name
                    : p.kind == Kind::VarKeyword  ? "**" + p.name
                                                  : p.name;
    if (p.default_text) s += "=" + (p.default_text->empty() ? "..." : *p.default_text);
    item(s);
    if (p.kind == Kind::PositionalOnly &&
        (i + 1 == params_.size() || params_[i + 1].kind != Kind::PositionalOnly)) {
      item("/");
    }
  }
  return out;
}

std::optional<size_t> Signature::index_of(std::string_view name) const {
  for (size_t i = 0; i < params_.size(); ++i) {
    if (params_[i].name == name) return i;
  }
  return std::nullopt;
}

Binding Signature::bind(std::string_view func, const CallArgs& call) const {
  Binding bound;
  bound.values.assign(params_.size(), nullptr);
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (i < positional_count_) {
      bound.values[i] = &call.args[i];
    } else if (var_positional_) {
      bound.extra_positional.push_back(call.args[i]);
    }
  }
  for (const auto& [key, value] : call.kwargs) {
    std::optional<size_t> idx = index_of(key);
    const bool by_keyword = idx && (params_[*idx].kind == Kind::PositionalOrKeyword ||
                                    params_[*idx].kind == Kind::KeywordOnly);
    if (!by_keyword) {
      if (var_keyword_) {
        bound.extra_keywords.emplace_back(key, value);
        continue;
      }
      std::vector<std::string> positional_only;
      for (const Parameter& p : params_) {
        const bool passed = std::any_of(call.kwargs.begin(), call.kwargs.end(),
                                        [&p](const auto& kw) { return kw.first == p.name; });
        if (p.kind == Kind::PositionalOnly && passed) positional_only.push_back(p.name);
      }
      if (!positional_only.empty()) {
        std::string names;
        for (const std::string& n : positional_only)
          names += (names.empty() ? "" : ", ") + n;
        // CPython 3.11 writes the plural even for one name.
        throw TypeError(std::string(func) +
                        "() got some positional-only arguments passed as keyword arguments: '" +
                        names + "'");
      }
      throw TypeError(std::string(func) + "() got an unexpected keyword argument '" + key + "'");
    }
    if (bound.values[*idx] != nullptr) {
      throw TypeError(std::string(func) + "() got multiple values for argument '" + key + "'");
    }
    bound.values[*idx] = &value;
  }
  if (call.args.size() > positional_count_ && !var_positional_) {
    too_many_positional(func, call, bound);
  }
  check_missing(func, bound);
  return bound;
}

void Signature::too_many_positional(std::string_view func, const CallArgs& call,
                                    const Binding& bound) const {
  size_t with_default = 0, keyword_only_given = 0;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (i < positional_count_ && params_[i].default_text) ++with_default;
    if (params_[i].kind == Kind::KeywordOnly && bound.values[i] != nullptr) ++keyword_only_given;
  }
  const size_t given = call.args.size();
  const std::string takes =
      with_default == 0
          ? plural(positional_count_, std::to_string(positional_count_) + " positional argument")
          : "from " + std::to_string(positional_count_ - with_default) + " to " +
                std::to_string(positional_count_) + " positional arguments";
  std::string given_text = std::to_string(given);
  if (keyword_only_given > 0) {
    given_text += " " + plural(given, "positional argument") + " (and " +
                  std::to_string(keyword_only_given) + " " +
                  plural(keyword_only_given, "keyword-only argument") + ")";
  }
  const char* verb = given == 1 && keyword_only_given == 0 ? "was" : "were";
  throw TypeError(std::string(func) + "() takes " + takes + " but " + given_text + " " + verb +
                  " given");
}

void Signature::check_missing(std::string_view func, const Binding& bound) const {
  for (Kind kind : {Kind::PositionalOrKeyword, Kind::KeywordOnly}) {
    std::vector<std::string> missing;
    for (size_t i = 0; i < params_.size(); ++i) {
      const bool positional =
          params_[i].kind == Kind::PositionalOnly || params_[i].kind == Kind::PositionalOrKeyword;
      const bool of_kind =
          kind == Kind::KeywordOnly ? params_[i].kind == Kind::KeywordOnly : positional;
      if (of_kind && params_[i].required() && bound.values[i] == nullptr) {
        missing.push_back(params_[i].name);
      }
    }
    if (missing.empty()) continue;
    const char* what = kind == Kind::KeywordOnly ? "keyword-only" : "positional";
    throw TypeError(std::string(func) + "() missing " + std::to_string(missing.size()) +
                    " required " + what + " " + plural(missing.size(), "argument") + ": " +
                    name_list(missing));
  }
}

BoundArgs::BoundArgs(std::string func, const CallArgs& call, const Signature& signature)
    : func_(std::move(func)), call_(&call) {
  Binding bound = signature.bind(func_, call);
  for (const Parameter& p : signature.parameters())
    names_.push_back(p.name);
  values_ = std::move(bound.values);
  rest_ = std::move(bound.extra_positional);
  keywords_ = std::move(bound.extra_keywords);
}

BoundArgs::BoundArgs(std::string func, const CallArgs& call, const std::vector<std::string>& params,
                     size_t required)
    : BoundArgs(std::move(func), call, Signature::of_names(params, required)) {}

}  // namespace np::detail
