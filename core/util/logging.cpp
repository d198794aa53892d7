#include "util/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <cstdlib>
#include <memory>

namespace np {

spdlog::logger& core_logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("numpy-plugins");
    l->set_pattern("[%n] [%l] %v");
    const char* level = std::getenv("NUMPY_PLUGINS_LOG_LEVEL");
    l->set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
    return l;
  }();
  return *logger;
}

}  // namespace np
