// The host side of the plugin ABI: the NpHostApi table and the registrar that stages a plugin's
// registrations until they can be committed to a Registry as a whole.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "np/plugin_abi.h"
#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"
#include "np/user_dtypes.hpp"

namespace np::plugins::detail {
class GeneralSignature;
}

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
    NpGeneralFunction function;
    void* data;
    // Parsed NpGeneralDef::signature; null when the plugin gave none (the host binds nothing).
    std::shared_ptr<const np::plugins::detail::GeneralSignature> signature;
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

// Checks every staged registration against `registry` and the process's dtypes without changing
// anything: Committed when commit() would register them all; otherwise the result and `reason`
// say why not. check_file validates with it alone.
CommitResult validate(const NpRegistrar& staged, const Registry& registry, std::string& reason);

// Fills the record's dtypes/ufuncs/loops/functions from what is staged, registering nothing.
void describe_staged(const NpRegistrar& staged, PluginRecord& record);

// validate(), then, when nothing conflicts and every loop's ufunc exists, registers them all
// (dtypes, casts and promotions process-wide) and fills the record's ufuncs/functions/loops.
// Otherwise registers nothing and sets `reason`.
CommitResult commit(const NpRegistrar& staged, Registry& registry, PluginRecord& record,
                    std::string& reason);

}  // namespace np::plugins::detail
