// numpy-plugins: inspect the engine and call any registered function by name.
#include <fstream>
#include <map>

#include <iostream>
#include <string>
#include <vector>

#include "bench_command.hpp"
#include "call_command.hpp"
#include "np/registry.hpp"
#include "plugin_commands.hpp"

namespace {

void usage(std::ostream& os) {
  os << "usage: numpy-plugins <command> [args]\n"
        "commands:\n"
        "  list [--json]        plugins (status, loops, SIMD targets) and core functions\n"
        "  info FUNC [--json]   kind, arity, identity, loops and owner of a function\n"
        "  check PATH [--json]  validate a plugin file without registering it\n"
        "  call FUNC ARGS...    call a function by name (see docs/call-protocol.md)\n"
        "  call --batch FILE|- [--result-memory BYTES]\n"
        "                       JSON-lines requests in, JSON-lines answers out\n"
        "  bench [--json] [--runs N] [--list] [--stream] [NAME ...]\n"
        "                       time the benchmark workloads (median ms)\n"
        "  --version            print the version\n"
        "environment: NUMPY_PLUGINS_PATH (extra plugin directories, or 'disable'),\n"
        "  NUMPY_PLUGINS_LOG_LEVEL (trace|debug|info|warn|err|off), NUMPY_PLUGINS_CPU_CAP\n";
}

bool has_flag(const std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == flag) return true;
  }
  return false;
}

// The first argument after the command that is not a flag.
std::string operand(const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0) return args[i];
  }
  return {};
}

// call --batch FILE|- [--result-memory BYTES]
int batch_command(const std::vector<std::string>& args) {
  if (args.size() < 3) {
    std::cerr << "call --batch needs a file or -\n";
    return 2;
  }
  int64_t memory = np::tool::ResultStore::kDefaultBudget;
  for (size_t i = 3; i < args.size(); ++i) {
    if (args[i] == "--result-memory" && i + 1 < args.size() &&
        np::tool::parse_result_memory(args[i + 1], memory)) {
      ++i;
      continue;
    }
    std::cerr << "call --batch: unexpected argument '" << args[i]
              << "' (expected --result-memory BYTES)\n";
    return 2;
  }
  if (args[2] == "-") return np::tool::run_batch(std::cin, std::cout, memory);
  std::ifstream in(args[2]);
  if (!in) {
    std::cerr << "cannot read batch file '" << args[2] << "'\n";
    return 2;
  }
  return np::tool::run_batch(in, std::cout, memory);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "numpy-plugins 0.1.0\n";
    return 0;
  }
  if (args[0] == "check") {
    std::string path = operand(args);
    if (path.empty()) {
      std::cerr << "check needs a plugin file\n";
      return 2;
    }
    np::plugins::set_auto_load(false);
    return np::tool::check_command(path, has_flag(args, "--json"), std::cout);
  }
  // Every other command works on the registry with the plugins loaded, crash-isolated.
  const auto records = np::tool::load_plugins_isolated();
  if (args[0] == "list")
    return np::tool::list_command(records, has_flag(args, "--json"), std::cout);
  if (args[0] == "bench") {
    return np::tool::bench_command(std::vector<std::string>(args.begin() + 1, args.end()),
                                   std::cout, std::cerr);
  }
  if (args[0] == "info") {
    std::string name = operand(args);
    if (name.empty()) {
      std::cerr << "info needs a function name\n";
      return 2;
    }
    return np::tool::info_command(name, has_flag(args, "--json"), std::cout, std::cerr);
  }
  if (args[0] == "call") {
    if (args.size() >= 2 && args[1] == "--batch") return batch_command(args);
    return np::tool::run_single(std::vector<std::string>(args.begin() + 1, args.end()), std::cout);
  }
  std::cerr << "unknown command '" << args[0] << "'\n";
  usage(std::cerr);
  return 2;
}
