// Loader internals shared with the isolated (child-process) probe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "np/plugins.hpp"

namespace np::plugins::detail {

// load_files(), calling `before_open(path)` right before each file is opened and initialised
// (the probe reports progress through it, so a crash can be pinned on one file).
std::vector<PluginRecord> load_files_observed(
    Registry& registry, const std::vector<std::string>& files,
    const std::function<void(const std::string&)>& before_open);

}  // namespace np::plugins::detail
