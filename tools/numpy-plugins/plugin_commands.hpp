// `numpy-plugins list`, `info` and `check`: what the installed plugins provide, and whether a
// plugin file is valid.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "np/plugins.hpp"

namespace np::tool {

// Loads the search path into the global registry with crash isolation (a plugin that crashes in
// loading is reported, not fatal). Returns every plugin record. Call once, before threads start.
std::vector<plugins::PluginRecord> load_plugins_isolated();

// list [--json]
int list_command(const std::vector<plugins::PluginRecord>& records, bool json, std::ostream& out);
// info FUNC [--json]
int info_command(const std::string& name, bool json, std::ostream& out, std::ostream& err);
// check PATH [--json]: exit 0 when valid, 1 with the reason when not.
int check_command(const std::string& path, bool json, std::ostream& out);

}  // namespace np::tool
