// libFuzzer target: the JSON batch protocol. The input is a batch (JSON lines); each request
// line is answered by np::tool::answer_request with one ResultStore, as run_batch does, so
// `result_of` is fuzzed too. Every answer must be a JSON object whose "ok" is a boolean and whose
// error type is one of NumPy's exception names, and no answer may be an internal error (a C++
// exception that escaped the engine: RuntimeError "internal error in numpy-plugins ...").
//
// The fuzzer must not damage the machine it runs on: requests run in a private directory (removed
// at exit) holding a few small .npy files, and a batch is skipped (not run, not kept) when any
// request could write a file or change process-wide state: an "out" key, the save functions,
// mmap mode 'r+'/'w+', set_num_threads, or any string containing '/' (a path outside that
// directory). Kept results are bounded by a small budget (kResultBudget).
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "call_command.hpp"
#include "fuzz_support.hpp"
#include "np/creation.hpp"
#include "np/io.hpp"
#include "np/manipulation.hpp"
#include "np/plugins.hpp"
#include "np/scalar.hpp"

namespace {

using nlohmann::json;

// SAX pass over one line (iterative in nlohmann, so deep nesting cannot overflow here): clears
// `safe` on any string or key the header comment excludes.
struct SafetyScan : nlohmann::json_sax<json> {
  bool safe = true;

  void check(const std::string& s) {
    static constexpr std::array<std::string_view, 7> kExcluded = {
        "out", "save", "savez", "savez_compressed", "r+", "w+", "set_num_threads"};
    if (s.find('/') != std::string::npos) safe = false;
    for (std::string_view e : kExcluded) {
      if (s == e) safe = false;
    }
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t& s) override {
    check(s);
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t& s) override {
    check(s);
    return true;
  }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;  // the tool answers a parse error without running anything
  }
};

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

constexpr int64_t kResultBudget = int64_t{64} << 20;

bool internal_error(const std::string& message) {
  return message.rfind("internal error in numpy-plugins", 0) == 0;
}

void check_answer(const std::string& answer) {
  json a;
  try {
    a = json::parse(answer);
  } catch (const json::exception&) {
    np::fuzz::finding("answer is not JSON", answer);
  }
  if (!a.is_object() || !a.contains("ok") || !a["ok"].is_boolean())
    np::fuzz::finding("answer without a boolean 'ok'", answer);
  if (a["ok"].get<bool>()) return;
  const json& e = a["error"];
  if (!e.is_object() || !e.contains("type") || !e.contains("message") || !e["type"].is_string() ||
      !e["message"].is_string())
    np::fuzz::finding("error answer without a type and a message", answer);
  static constexpr std::array<std::string_view, 16> kNumpyErrors = {
      "TypeError",      "UFuncTypeError",      "ValueError",         "IndexError",
      "KeyError",       "AxisError",           "OverflowError",      "MemoryError",
      "OSError",        "NotImplementedError", "LinAlgError",        "ZeroDivisionError",
      "AttributeError", "UnicodeEncodeError",  "FloatingPointError", "RuntimeError"};
  if (internal_error(e["message"].get<std::string>()))
    np::fuzz::finding("answer is an internal error (a C++ exception escaped)", answer);
  const auto type = e["type"].get<std::string>();
  for (std::string_view t : kNumpyErrors) {
    if (type == t) return;
  }
  np::fuzz::finding("answer with an error type that is not NumPy's", answer);
}

std::filesystem::path g_workdir;
// Requests run in the private directory; libFuzzer's own relative paths (corpus, artifacts) stay
// relative to the directory it was started in.
int g_home = -1;
int g_work = -1;

// In the private directory for the lifetime of the object.
struct InWorkdir {
  InWorkdir() {
    if (::fchdir(g_work) != 0) np::fuzz::finding("setup", "fchdir to the private directory");
  }
  ~InWorkdir() { (void)::fchdir(g_home); }
  InWorkdir(const InWorkdir&) = delete;
  InWorkdir& operator=(const InWorkdir&) = delete;
};

void remove_workdir() {
  std::error_code ignored;
  std::filesystem::remove_all(g_workdir, ignored);
}

// The private directory and its inputs: a.npy int64 (2, 3), f.npy float64 with inf/nan,
// s.npy structured, b.npy bool, t.npy datetime64[s], u.npy <U3, z.npz with members x and y.
void make_workdir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "np-fuzz-batch-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) np::fuzz::finding("setup", "mkdtemp failed");
  g_workdir = tmpl;
  std::atexit(remove_workdir);
  std::filesystem::current_path(g_workdir);  // the fixtures below are written there
  using np::Array;
  np::save_npy("a.npy", np::reshape(np::arange(np::Scalar(6L)), {2, 3}));
  np::save_npy("f.npy",
               Array::from_vector<double>({0.5, -1.0, std::numeric_limits<double>::infinity(),
                                           std::numeric_limits<double>::quiet_NaN()}));
  np::save_npy("s.npy",
               np::zeros({3}, np::DType::from_descr("[('x', '<i4'), ('y', '<f8', (2,))]")));
  np::save_npy("b.npy", Array::from_vector<bool>({true, false, true, true}, {2, 2}));
  np::save_npy("t.npy", np::zeros({2}, np::DType::parse("M8[s]")));
  np::save_npy("u.npy", np::zeros({2}, np::DType::parse("<U3")));
  np::savez("z.npz", {{"x", np::arange(np::Scalar(4L))}, {"y", np::zeros({2, 2})}}, true);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  np::plugins::set_auto_load(false);  // the core's functions only, the same in every run
  g_home = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  make_workdir();
  g_work = ::open(g_workdir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (g_home < 0 || g_work < 0 || ::fchdir(g_home) != 0) np::fuzz::finding("setup", "open/fchdir");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> requests;
  std::istringstream scan(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(scan, line);) {
    if (blank(line)) continue;
    SafetyScan sax;
    json::sax_parse(line, &sax);
    if (!sax.safe) return -1;
    requests.push_back(std::move(line));
  }
  InWorkdir here;
  np::tool::ResultStore memory(kResultBudget);
  for (const std::string& request : requests) {
    std::string answer;
    np::fuzz::np_error_or_success("answer_request",
                                  [&] { answer = np::tool::answer_request(request, &memory); });
    if (std::getenv("NP_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "%s\n", answer.c_str());
    if (answer.find('\n') != std::string::npos)
      np::fuzz::finding("answer spans more than one line", answer);
    check_answer(answer);
  }
  return 0;
}
