// The core's logger (spdlog logger "numpy-plugins" on stderr). Its level comes from the
// environment variable NUMPY_PLUGINS_LOG_LEVEL (trace, debug, info, warn, err, critical, off;
// default warn). Internal: spdlog stays out of the public headers.
#pragma once

#include <spdlog/spdlog.h>

namespace np {

// Thread-safe; created on first use and never destroyed.
spdlog::logger& core_logger();

}  // namespace np
