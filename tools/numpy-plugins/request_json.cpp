// The bounded JSON parser of the call protocol (see request_json.hpp).
#include "request_json.hpp"

#include <cstdint>
#include <vector>

namespace np::tool {

using nlohmann::json;

namespace {

constexpr std::uint64_t kBigIntSubtype = 0x4e50;  // "NP"

bool is_integer_literal(const std::string& token) {
  return token.find_first_of(".eE") == std::string::npos;
}

// Builds the tree from nlohmann's SAX events, refusing a container that would open deeper
// than kMaxJsonDepth. Containers on the stack are the last child of their parent, and a
// parent only gains children after its open child is closed, so the pointers stay valid.
class BoundedBuilder {
 public:
  json take() { return std::move(root_); }

  bool null() { return add(json(nullptr)); }
  bool boolean(bool v) { return add(json(v)); }
  bool number_integer(json::number_integer_t v) { return add(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)); }
  bool number_float(json::number_float_t v, const std::string& token) {
    if (!is_integer_literal(token)) return add(json(v));
    // An integer literal nlohmann could not hold exactly: keep its text.
    return add(json::binary(std::vector<std::uint8_t>(token.begin(), token.end()), kBigIntSubtype));
  }
  bool string(std::string& v) { return add(json(std::move(v))); }
  bool binary(json::binary_t& v) { return add(json(std::move(v))); }
  bool start_object(std::size_t /*elements*/) { return open(json::object()); }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*elements*/) { return open(json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& e) {
    throw JsonSyntaxError(std::string("bad request: ") + e.what());
  }

 private:
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    json& slot = parent[key_];  // a repeated key keeps the last value, as Python's json does
    slot = std::move(v);
    return &slot;
  }
  bool add(json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(json&& container) {
    if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      throw ValueError("bad request: JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                       " levels");
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json root_;
  std::vector<json*> stack_;
  std::string key_;
};

std::string dump_plain(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

json parse_json(std::string_view text) {
  BoundedBuilder builder;
  json::sax_parse(text.begin(), text.end(), &builder);
  return builder.take();
}

bool is_big_int(const json& j) {
  return j.is_binary() && j.get_binary().has_subtype() &&
         j.get_binary().subtype() == kBigIntSubtype;
}

std::string big_int_text(const json& j) {
  const json::binary_t& bytes = j.get_binary();
  return {bytes.begin(), bytes.end()};
}

// Recursion is bounded: every tree here came from parse_json (depth <= kMaxJsonDepth) or was
// built by the tool around one.
std::string dump_exact(const json& j) {
  if (is_big_int(j)) return big_int_text(j);
  if (j.is_array()) {
    std::string s = "[";
    for (const json& e : j) {
      if (s.size() > 1) s += ',';
      s += dump_exact(e);
    }
    return s + "]";
  }
  if (j.is_object()) {
    std::string s = "{";
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (s.size() > 1) s += ',';
      s += dump_plain(json(it.key())) + ":" + dump_exact(it.value());
    }
    return s + "}";
  }
  return dump_plain(j);
}

}  // namespace np::tool
