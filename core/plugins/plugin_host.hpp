// The host side of the plugin ABI: the NpHostApi table and the registrar that stages a plugin's
// registrations until they can be committed to a Registry as a whole.
#pragma once

#include <string>
#include <vector>

#include "np/plugin_abi.h"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"
#include "np/user_dtypes.hpp"

// The registrar handle a plugin's init receives (opaque to plugins). Owned by the loader; lives
// for one load attempt.
struct NpRegistrar {
  struct StagedLoop {
    std::string ufunc;
    np::UFuncLoop loop;
    // Named operand types ("bfloat16,bfloat16->bfloat16"), resolved at commit (they may name
    // dtypes this plugin registers); empty for type-code loops, whose types are set.
    std::vector<std::string> type_names;
  };
  struct StagedCast {
    std::string from, to;
    np::Casting level;
    NpStridedLoop loop;
    void* data;
  };
  struct StagedPromotion {
    std::string a, b, result;
  };
  struct StagedGeneral {
    np::FunctionInfo info;
    np::GeneralFunction function;
  };

  std::string plugin_name;
  std::vector<np::UserDTypeSpec> dtypes;
  std::vector<StagedCast> casts;
  std::vector<StagedPromotion> promotions;
  std::vector<np::UFuncSpec> ufuncs;
  std::vector<StagedLoop> loops;
  std::vector<StagedGeneral> generals;
  std::string last_error;
};

namespace np::plugins::detail {

// The process's host API table (static storage, immutable).
const NpHostApi* host_api();

enum class CommitResult { Committed, MissingUFunc, Conflict };

// Checks every staged registration against `registry`; when nothing conflicts and every loop's
// ufunc exists, registers them all and fills the record's ufuncs/functions/loops. Otherwise
// registers nothing and sets `reason`.
CommitResult commit(const NpRegistrar& staged, Registry& registry, PluginRecord& record,
                    std::string& reason);

}  // namespace np::plugins::detail
