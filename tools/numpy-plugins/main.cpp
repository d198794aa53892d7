// numpy-plugins: inspect the engine and call any registered function by name.
#include <fstream>
#include <map>

#include <iostream>
#include <string>
#include <vector>

#include "call_command.hpp"
#include "np/registry.hpp"

namespace {

void usage(std::ostream& os) {
  os << "usage: numpy-plugins <command> [args]\n"
        "commands:\n"
        "  list                 registered functions (kind, owner, summary)\n"
        "  call FUNC ARGS...    call a function by name (see docs/call-protocol.md)\n"
        "  call --batch FILE|-  JSON-lines requests in, JSON-lines answers out\n"
        "  --version            print the version\n";
}

int list_command() {
  auto functions = np::Registry::global().list();
  std::map<std::string, int> per_owner;
  for (const auto& f : functions)
    ++per_owner[f.owner];
  std::cout << functions.size() << " registered functions (";
  bool first = true;
  for (const auto& [owner, count] : per_owner) {
    std::cout << (first ? "" : ", ") << owner << ": " << count;
    first = false;
  }
  std::cout << ")\n";
  for (const auto& f : functions) {
    std::cout << "  " << f.name << "  [" << np::function_kind_name(f.kind) << ", " << f.owner
              << "]  " << f.summary << '\n';
  }
  return 0;
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
  if (args[0] == "list") return list_command();
  if (args[0] == "call") {
    if (args.size() >= 2 && args[1] == "--batch") {
      if (args.size() < 3) {
        std::cerr << "call --batch needs a file or -\n";
        return 2;
      }
      if (args[2] == "-") return np::tool::run_batch(std::cin, std::cout);
      std::ifstream in(args[2]);
      if (!in) {
        std::cerr << "cannot read batch file '" << args[2] << "'\n";
        return 2;
      }
      return np::tool::run_batch(in, std::cout);
    }
    return np::tool::run_single(std::vector<std::string>(args.begin() + 1, args.end()), std::cout);
  }
  std::cerr << "unknown command '" << args[0] << "'\n";
  usage(std::cerr);
  return 2;
}
