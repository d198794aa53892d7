// A registry for the plugin tests: the core routines plus the plugin files a test needs, loaded
// once per fixture (the fixture keeps it in a function-local static for the process's life).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "np/plugins.hpp"
#include "np/registry.hpp"

namespace np::testing_support {

// A new Registry (never destroyed: plugins are never unloaded) with the core routines and
// `files` loaded; a file that does not load fails the test that asked for it.
inline Registry& registry_with_plugins(const std::vector<std::string>& files) {
  auto* registry = new Registry();
  register_core_functions(*registry);
  for (const auto& record : plugins::load_files(*registry, files))
    EXPECT_EQ(record.status, plugins::PluginStatus::Loaded) << record.reason;
  return *registry;
}

}  // namespace np::testing_support
