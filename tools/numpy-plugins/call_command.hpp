// `numpy-plugins call`: the by-name calling protocol (../shared/design/call-protocol.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace np::tool {

// Results of earlier requests in one batch, by request id (the `{"result_of": ID}` extension),
// so a request can operate on a view another request produced. Owned by the batch run.
struct BatchMemory;

// One JSON request object (as text) -> one JSON answer line. Never throws.
std::string answer_request(const std::string& request_line, BatchMemory* memory = nullptr);
// Batch mode over a JSON-lines stream; returns the process exit status.
int run_batch(std::istream& in, std::ostream& out);
// Single-call form: FUNC [ARG.npy ...] [--kw NAME=JSON ...] [-o OUT.npy ...].
int run_single(const std::vector<std::string>& argv, std::ostream& out);

}  // namespace np::tool
