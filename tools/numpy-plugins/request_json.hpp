// JSON for the call protocol: a bounded parser and an exact printer.
//
// parse_json checks the nesting depth while it parses (nlohmann's SAX interface builds the tree,
// so a hostile line of 30,000 '[' is refused before anything deep exists), and keeps integer
// literals exactly: nlohmann gives int64 and uint64 itself; an integer literal beyond both
// becomes a binary node holding its decimal text (no JSON text makes a binary node, so it
// cannot collide with a value the request spelled). dump_exact prints such trees back with
// those literals as written.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "np/errors.hpp"

namespace np::tool {

// Arrays and objects nested deeper than this (the request object itself is level 1) are a
// bad request: 64 array dimensions as nested lists fit with room to spare.
inline constexpr int kMaxJsonDepth = 128;

// Text that is not JSON: a ValueError "bad request: ..." of its own type, so that the
// single-call form can take such an argument as a plain string.
class JsonSyntaxError : public ValueError {
 public:
  using ValueError::ValueError;
};

// Parses one JSON text. Throws JsonSyntaxError for malformed text (numbers beyond double's
// range included) and ValueError "bad request: ..." for nesting deeper than kMaxJsonDepth.
nlohmann::json parse_json(std::string_view text);

// Whether `j` is an integer literal beyond int64 and uint64 (see above), and its text.
bool is_big_int(const nlohmann::json& j);
std::string big_int_text(const nlohmann::json& j);

// Compact JSON of `j` with big integer literals written exactly (invalid UTF-8 replaced).
// Object keys come out sorted, so equal JSON values print equal text.
std::string dump_exact(const nlohmann::json& j);

}  // namespace np::tool
