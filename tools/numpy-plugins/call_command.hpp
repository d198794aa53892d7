// `numpy-plugins call`: the by-name calling protocol (docs/call-protocol.md).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "registry/result_store.hpp"

namespace np::tool {

// Results of earlier requests in one batch, by request id (the `{"result_of": ID}` extension),
// so a request can operate on a view another request produced. Owned by the batch run and
// bounded by its memory budget (--result-memory).
using ResultStore = np::detail::ResultStore;

// One JSON request object (as text) -> one JSON answer line. Never throws (but std::bad_alloc
// while formatting the answer itself).
std::string answer_request(const std::string& request_line, ResultStore* memory = nullptr);
// The same for a request already parsed (by parse_json, so big integers are exact).
std::string answer_parsed(const nlohmann::json& request, ResultStore* memory = nullptr);
// Batch mode over a JSON-lines stream, each answer flushed as it is written; keeps earlier
// results within `result_memory` bytes. Returns the process exit status.
int run_batch(std::istream& in, std::ostream& out,
              int64_t result_memory = ResultStore::kDefaultBudget);
// Single-call form: FUNC [ARG ...] [--kw NAME=JSON ...] [-o OUT.npy ...].
int run_single(const std::vector<std::string>& argv, std::ostream& out);
// A --result-memory value: a non-negative byte count.
bool parse_result_memory(const std::string& text, int64_t& bytes);

}  // namespace np::tool
