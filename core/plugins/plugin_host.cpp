// The NpHostApi table: registration staging, logging, dtype services and the general-function
// call interface. Every entry point catches everything: no exception crosses into a plugin.
#include "plugins/plugin_host.hpp"

#include "plugins/plugin_calls.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <optional>
#include <string_view>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "registry/arg_parser.hpp"
#include "util/error_kinds.hpp"
#include "util/logging.hpp"

namespace np::plugins::detail {

namespace {

// The NpUFuncDef fields of ABI 1.0 (a plugin's struct must cover them).
constexpr size_t kUFuncDefV1Size = offsetof(NpUFuncDef, bool_inputs_error) + sizeof(const char*);
constexpr size_t kLoopDefV1Size = offsetof(NpLoopDef, resolve) + sizeof(NpResolveDTypes);
constexpr size_t kGeneralDefV1Size = offsetof(NpGeneralDef, function_data) + sizeof(void*);
constexpr size_t kGeneralDefV12Size = offsetof(NpGeneralDef, signature) + sizeof(const char*);

// The last failed dtype service call on this thread: a resolver that fails because promotion
// failed raises promotion's own error (its type and message).
struct DTypeServiceError {
  int kind = NP_ERROR_NONE;
  std::string message;
};
thread_local DTypeServiceError t_dtype_error;

NpStatus fail(NpRegistrar* r, NpStatus status, std::string message) {
  if (r != nullptr) r->last_error = std::move(message);
  return status;
}

// "dd->d" -> {Float64, Float64, Float64}; nullopt for unknown codes.
std::optional<std::vector<TypeId>> parse_type_codes(std::string_view text) {
  std::vector<TypeId> types;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '>') {
      ++i;
      continue;
    }
    if (c == 'q') c = 'l';  // int64 has two codes; the engine has one type
    if (c == 'Q') c = 'L';
    if (std::strchr("?bBhHiIlLefdgkFDGKMm", c) == nullptr || c == '\0') return std::nullopt;
    types.push_back(type_from_char(c));
  }
  return types;
}

std::optional<Scalar> identity_of(int32_t identity) {
  switch (identity) {
    case NP_IDENTITY_ZERO:
      return Scalar(int64_t{0});
    case NP_IDENTITY_ONE:
      return Scalar(int64_t{1});
    case NP_IDENTITY_MINUS_ONE:
      return Scalar(int64_t{-1});
    case NP_IDENTITY_FALSE:
      return Scalar(false);
    case NP_IDENTITY_TRUE:
      return Scalar(true);
    case NP_IDENTITY_MINUS_INF:
      return Scalar(-std::numeric_limits<double>::infinity());
    default:
      return std::nullopt;
  }
}

NpStatus api_add_ufunc(NpRegistrar* r, const NpUFuncDef* def) {
  if (r == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    if (def == nullptr || def->struct_size < kUFuncDefV1Size) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT, "add_ufunc: NpUFuncDef is NULL or too small");
    }
    if (def->name == nullptr || *def->name == '\0') {
      return fail(r, NP_STATUS_INVALID_ARGUMENT, "add_ufunc: the ufunc has no name");
    }
    std::string name = def->name;
    if (def->nin < 1 || def->nin > 8 || def->nout < 1 || def->nout > 4) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT,
                  "add_ufunc '" + name + "': nin must be 1..8 and nout 1..4");
    }
    if (def->identity < NP_IDENTITY_NONE || def->identity > NP_IDENTITY_MINUS_INF) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT, "add_ufunc '" + name + "': unknown identity");
    }
    for (const UFuncSpec& s : r->ufuncs) {
      if (s.name == name) {
        return fail(r, NP_STATUS_DUPLICATE, "ufunc '" + name + "' is registered twice");
      }
    }
    UFuncSpec spec;
    spec.name = name;
    spec.nin = def->nin;
    spec.nout = def->nout;
    spec.identity = identity_of(def->identity);
    spec.reorderable = (def->flags & NP_UFUNC_REORDERABLE) != 0;
    spec.reduce_upcasts_small_ints = (def->flags & NP_UFUNC_REDUCE_UPCASTS_SMALL_INTS) != 0;
    spec.integer_inputs_use_float64 = (def->flags & NP_UFUNC_INTEGER_INPUTS_USE_FLOAT64) != 0;
    spec.no_loop_raises_ufunc_type_error = (def->flags & NP_UFUNC_NO_LOOP_PLAIN_TYPE_ERROR) == 0;
    spec.uniform_resolution = (def->flags & NP_UFUNC_UNIFORM_RESOLUTION) != 0;
    spec.datetime_kinds_exact = (def->flags & NP_UFUNC_DATETIME_KINDS_EXACT) != 0;
    if (def->bool_inputs_error != nullptr) spec.boolean_inputs_error = def->bool_inputs_error;
    if (def->summary != nullptr) spec.summary = def->summary;
    spec.owner = r->plugin_name;
    if (def->core_signature != nullptr && *def->core_signature != '\0') {
      spec.core_signature = def->core_signature;
      parse_core_signature(spec.core_signature, spec.nin, spec.nout);  // ValueError if malformed
    }
    r->ufuncs.push_back(std::move(spec));
    return NP_STATUS_OK;
  } catch (const std::exception& e) {
    return fail(r, NP_STATUS_INVALID_ARGUMENT, e.what());
  } catch (...) {
    return fail(r, NP_STATUS_FAILED, "add_ufunc: unknown failure");
  }
}

// Wraps a plugin's C resolver as the engine's dtype resolution function.
std::function<std::vector<DType>(std::span<const DType>)> wrap_resolver(NpResolveDTypes resolve,
                                                                        void* data, int nargs,
                                                                        std::string what) {
  return [=](std::span<const DType> inputs) {
    std::vector<std::string> in_text;
    for (const DType& d : inputs)
      in_text.push_back(d.str());
    std::vector<const char*> in_ptrs;
    for (const std::string& s : in_text)
      in_ptrs.push_back(s.c_str());
    std::vector<std::array<char, NP_DTYPE_STR_MAX>> out(static_cast<size_t>(nargs));
    for (auto& o : out)
      o.fill('\0');
    auto* out_rows = reinterpret_cast<char(*)[NP_DTYPE_STR_MAX]>(out.data());
    t_dtype_error = {};
    if (resolve(data, in_ptrs.data(), out_rows) != NP_STATUS_OK) {
      if (t_dtype_error.kind == NP_ERROR_NONE) {
        throw TypeError("the loop " + what + " cannot take these input dtypes");
      }
      throw_error_kind(t_dtype_error.kind, t_dtype_error.message);
    }
    std::vector<DType> result;
    for (auto& o : out) {
      o.back() = '\0';
      result.push_back(DType::parse(o.data()));
    }
    return result;
  };
}

// Splits "a,b->c" into operand tokens; nin is the count before "->" (-1 without an arrow).
std::vector<std::string> split_named_types(std::string_view text, int& nin) {
  std::vector<std::string> out;
  nin = -1;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && i + 1 < text.size() && text[i + 1] == '>') {
      out.push_back(current);
      current.clear();
      nin = static_cast<int>(out.size());
      ++i;
    } else if (text[i] == ',') {
      out.push_back(current);
      current.clear();
    } else if (text[i] != ' ') {
      current += text[i];
    }
  }
  out.push_back(current);
  return out;
}

NpStatus api_add_loop(NpRegistrar* r, const char* ufunc_name, const NpLoopDef* def) {
  if (r == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    if (ufunc_name == nullptr || def == nullptr || def->struct_size < kLoopDefV1Size) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT,
                  "add_loop: NULL ufunc name, or NpLoopDef NULL or too small");
    }
    const std::string types_text = def->types != nullptr ? def->types : "";
    if (def->loop == nullptr) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT,
                  "add_loop '" + std::string(ufunc_name) + "' " + types_text + ": NULL loop");
    }
    UFuncLoop loop;
    std::vector<std::string> names;
    auto codes = parse_type_codes(types_text);
    const bool named = types_text.find(',') != std::string::npos || !codes;
    if (named) {  // operand dtype names, resolved at commit
      names = split_named_types(types_text, loop.nin);
      auto bad = [](const std::string& n) {
        return n.empty() || (n.size() == 1 && !parse_type_codes(n));
      };
      if (std::any_of(names.begin(), names.end(), bad)) {
        return fail(
            r, NP_STATUS_INVALID_ARGUMENT,
            "add_loop '" + std::string(ufunc_name) + "': bad type codes '" + types_text + "'");
      }
    } else {
      if (codes->empty()) {
        return fail(
            r, NP_STATUS_INVALID_ARGUMENT,
            "add_loop '" + std::string(ufunc_name) + "': bad type codes '" + types_text + "'");
      }
      loop.types = *codes;
      if (size_t arrow = types_text.find("->"); arrow != std::string::npos) {
        loop.nin = static_cast<int>(parse_type_codes(types_text.substr(0, arrow))->size());
      }
    }
    loop.loop = def->loop;
    loop.data = def->loop_data;
    if (def->struct_size >= offsetof(NpLoopDef, contiguous) + sizeof(NpStridedLoop)) {
      loop.contiguous = def->contiguous;
    }
    loop.owner = r->plugin_name;
    if (def->struct_size >= offsetof(NpLoopDef, flags) + sizeof(uint32_t)) {
      loop.reduce_splits = (def->flags & NP_LOOP_REDUCE_SPLITS) != 0;
      loop.reduce_associative = (def->flags & NP_LOOP_REDUCE_ASSOCIATIVE) != 0;
    }
    loop.target = def->target != nullptr && *def->target != '\0' ? def->target : "baseline";
    const int nargs = static_cast<int>(named ? names.size() : loop.types.size());
    if (def->resolve != nullptr) {
      loop.resolve = wrap_resolver(def->resolve, def->loop_data, nargs,
                                   std::string(ufunc_name) + " " + types_text);
    }
    for (const auto& staged : r->loops) {
      if (staged.ufunc == ufunc_name && staged.type_names == names &&
          (named || staged.loop.types == loop.types)) {
        return fail(r, NP_STATUS_DUPLICATE,
                    "loop " + types_text + " of '" + ufunc_name + "' is registered twice");
      }
    }
    r->loops.push_back({ufunc_name, std::move(loop), std::move(names)});
    return NP_STATUS_OK;
  } catch (const std::exception& e) {
    return fail(r, NP_STATUS_INVALID_ARGUMENT, e.what());
  } catch (...) {
    return fail(r, NP_STATUS_FAILED, "add_loop: unknown failure");
  }
}

constexpr size_t kDTypeDefV1Size = offsetof(NpDTypeDef, alignment) + sizeof(int64_t);
constexpr size_t kCastDefV1Size = offsetof(NpCastDef, loop_data) + sizeof(void*);

NpStatus api_add_dtype(NpRegistrar* r, const NpDTypeDef* def) {
  if (r == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    if (def == nullptr || def->struct_size < kDTypeDefV1Size || def->name == nullptr) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT,
                  "add_dtype: NpDTypeDef NULL, too small or unnamed");
    }
    UserDTypeSpec spec{def->name, def->kind != 0 ? def->kind : 'V', def->itemsize, def->alignment,
                       r->plugin_name};
    validate_user_dtype_spec(spec);  // ValueError: malformed, or taken by a loaded dtype
    for (const auto& d : r->dtypes) {
      if (d.name == spec.name) {
        return fail(r, NP_STATUS_DUPLICATE, "dtype '" + spec.name + "' is registered twice");
      }
    }
    r->dtypes.push_back(std::move(spec));
    return NP_STATUS_OK;
  } catch (const std::exception& e) {
    return fail(r, NP_STATUS_INVALID_ARGUMENT, e.what());
  } catch (...) {
    return fail(r, NP_STATUS_FAILED, "add_dtype: unknown failure");
  }
}

NpStatus api_add_cast(NpRegistrar* r, const NpCastDef* def) {
  if (r == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    if (def == nullptr || def->struct_size < kCastDefV1Size || def->from == nullptr ||
        def->to == nullptr || def->loop == nullptr) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT,
                  "add_cast: NpCastDef NULL, too small, or without types or loop");
    }
    Casting level;
    switch (def->casting) {
      case NP_CASTING_SAFE:
        level = Casting::Safe;
        break;
      case NP_CASTING_SAME_KIND:
        level = Casting::SameKind;
        break;
      case NP_CASTING_UNSAFE:
        level = Casting::Unsafe;
        break;
      default:
        return fail(r, NP_STATUS_INVALID_ARGUMENT, "add_cast: casting must be NP_CASTING_*");
    }
    r->casts.push_back({def->from, def->to, level, def->loop, def->loop_data});
    return NP_STATUS_OK;
  } catch (const std::exception& e) {
    return fail(r, NP_STATUS_INVALID_ARGUMENT, e.what());
  } catch (...) {
    return fail(r, NP_STATUS_FAILED, "add_cast: unknown failure");
  }
}

NpStatus api_add_promotion(NpRegistrar* r, const char* a, const char* b, const char* result) {
  if (r == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  if (a == nullptr || b == nullptr || result == nullptr) {
    return fail(r, NP_STATUS_INVALID_ARGUMENT, "add_promotion: NULL dtype name");
  }
  try {
    r->promotions.push_back({a, b, result});
    return NP_STATUS_OK;
  } catch (...) {
    return fail(r, NP_STATUS_FAILED, "add_promotion: unknown failure");
  }
}

NpStatus api_add_general(NpRegistrar* r, const NpGeneralDef* def) {
  if (r == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    if (def == nullptr || def->struct_size < kGeneralDefV1Size || def->name == nullptr ||
        *def->name == '\0' || def->function == nullptr) {
      return fail(r, NP_STATUS_INVALID_ARGUMENT,
                  "add_general: NpGeneralDef NULL, too small, unnamed or without a function");
    }
    for (const auto& g : r->generals) {
      if (g.info.name == def->name) {
        return fail(r, NP_STATUS_DUPLICATE,
                    "function '" + std::string(def->name) + "' is registered twice");
      }
    }
    NpRegistrar::StagedGeneral staged{{def->name, FunctionKind::General, r->plugin_name,
                                       def->summary != nullptr ? def->summary : ""},
                                      def->function,
                                      def->function_data,
                                      nullptr};
    // The signature field exists from ABI 1.2 on: older plugins' structs end before it.
    if (def->struct_size >= kGeneralDefV12Size && def->signature != nullptr) {
      staged.signature = std::make_shared<const GeneralSignature>(def->name, def->signature);
      staged.info.signature = staged.signature->text();
    }
    r->generals.push_back(std::move(staged));
    return NP_STATUS_OK;
  } catch (const std::exception& e) {
    return fail(r, NP_STATUS_INVALID_ARGUMENT,
                "add_general '" + std::string(def->name) + "': " + e.what());
  } catch (...) {
    return fail(r, NP_STATUS_FAILED, "add_general: unknown failure");
  }
}
const char* api_last_error(NpRegistrar* r) {
  return r == nullptr ? "NULL registrar" : r->last_error.c_str();
}

void api_log(NpLogLevel level, const char* plugin_name, const char* message) {
  try {
    auto lvl = spdlog::level::warn;
    switch (level) {
      case NP_LOG_TRACE:
        lvl = spdlog::level::trace;
        break;
      case NP_LOG_DEBUG:
        lvl = spdlog::level::debug;
        break;
      case NP_LOG_INFO:
        lvl = spdlog::level::info;
        break;
      case NP_LOG_WARN:
        lvl = spdlog::level::warn;
        break;
      default:
        lvl = spdlog::level::err;
        break;
    }
    core_logger().log(lvl, "[{}] {}", plugin_name != nullptr ? plugin_name : "?",
                      message != nullptr ? message : "");
  } catch (...) {  // logging never fails a plugin
  }
}

uint64_t api_cpu_features() {
  return cpu_features();
}

NpStatus copy_dtype_str(const std::string& s, char out[NP_DTYPE_STR_MAX]) {
  if (s.size() + 1 > NP_DTYPE_STR_MAX) return NP_STATUS_FAILED;
  std::memcpy(out, s.c_str(), s.size() + 1);
  return NP_STATUS_OK;
}

NpStatus api_promote_types(const char* a, const char* b, char out[NP_DTYPE_STR_MAX]) {
  if (a == nullptr || b == nullptr || out == nullptr) return NP_STATUS_INVALID_ARGUMENT;
  try {
    return copy_dtype_str(promote_types(DType::parse(a), DType::parse(b)).str(), out);
  } catch (const Error& e) {
    t_dtype_error = {error_kind_of(e), e.what()};
    return NP_STATUS_FAILED;
  } catch (const std::exception& e) {
    t_dtype_error = {NP_ERROR_TYPE, e.what()};
    return NP_STATUS_FAILED;
  } catch (...) {
    return NP_STATUS_FAILED;
  }
}

}  // namespace

const NpHostApi* host_api() {
  static const NpHostApi api = {.struct_size = sizeof(NpHostApi),
                                .abi_major = NP_PLUGIN_ABI_MAJOR,
                                .abi_minor = NP_PLUGIN_ABI_MINOR,
                                .add_ufunc = api_add_ufunc,
                                .add_loop = api_add_loop,
                                .add_general = api_add_general,
                                .last_error = api_last_error,
                                .log = api_log,
                                .cpu_features = api_cpu_features,
                                .promote_types = api_promote_types,
                                .call_arg = api_call_arg,
                                .call_arg_count = api_call_arg_count,
                                .value_kind = api_value_kind,
                                .value_bool = api_value_bool,
                                .value_int = api_value_int,
                                .value_double = api_value_double,
                                .value_str = api_value_str,
                                .value_array = api_value_array,
                                .add_result_array = api_add_result_array,
                                .call_error = api_call_error,
                                .add_dtype = api_add_dtype,
                                .add_cast = api_add_cast,
                                .add_promotion = api_add_promotion,
                                .value_array_as = api_value_array_as,
                                .value_list_size = api_value_list_size,
                                .value_list_item = api_value_list_item,
                                .call_function = api_call_function,
                                .call_result = api_call_result,
                                .add_result_view = api_add_result_view,
                                .add_result_out = api_add_result_out,
                                .add_result_value = api_add_result_value};
  return &api;
}

namespace {

// A dtype name of a staged registration: a loaded dtype, or (nullopt) one this plugin registers
// in the same commit. TypeError when neither.
std::optional<DType> staged_dtype(const NpRegistrar& staged, const std::string& name) {
  for (const auto& d : staged.dtypes) {
    if (d.name == name) return std::nullopt;
  }
  return DType::parse(name);
}

// A loop's operand types once every dtype it names is registered.
void resolve_named_loop(UFuncLoop& loop, const std::vector<std::string>& names) {
  loop.types.clear();
  loop.user_types.clear();
  bool any_user = false;
  std::vector<DType> dtypes;
  for (const std::string& n : names) {
    DType d = n.size() == 1 ? DType(type_from_char(n[0])) : DType::parse(n);
    any_user = any_user || d.is_user();
    loop.types.push_back(d.id());
    dtypes.push_back(d);
  }
  if (any_user) loop.user_types = std::move(dtypes);
}

}  // namespace

namespace {

// Step 1 for dtypes, casts and promotions: malformed or already registered ones (ValueError).
void validate_dtype_services(const NpRegistrar& staged) {
  for (const UserDTypeSpec& d : staged.dtypes)
    validate_user_dtype_spec(d);
  for (const auto& c : staged.casts) {
    auto from = staged_dtype(staged, c.from);
    auto to = staged_dtype(staged, c.to);
    if (from && to && !from->is_user() && !to->is_user()) {
      throw ValueError("the cast " + c.from + " -> " + c.to + " involves no user dtype");
    }
    if (from && to && user_cast_registered(*from, *to)) {
      throw ValueError("the cast " + c.from + " -> " + c.to + " is already registered");
    }
  }
  for (const auto& pr : staged.promotions) {
    staged_dtype(staged, pr.a);
    staged_dtype(staged, pr.b);
    staged_dtype(staged, pr.result);
  }
}

// Step 1 for one loop: its dtypes exist (or are staged), its ufunc exists (or is staged), the
// operand count fits and no loaded plugin registered the same signature.
CommitResult validate_loop(const NpRegistrar& staged, const NpRegistrar::StagedLoop& s,
                           const Registry& registry, std::string& reason) {
  const std::string& ufunc_name = s.ufunc;
  UFuncLoop loop = s.loop;
  bool names_new_dtype = false;
  if (!s.type_names.empty()) {
    try {
      for (const std::string& n : s.type_names) {
        if (n.size() > 1 && !staged_dtype(staged, n)) names_new_dtype = true;
      }
      if (!names_new_dtype) resolve_named_loop(loop, s.type_names);
    } catch (const Error& e) {
      std::string joined;
      for (const std::string& n : s.type_names)
        joined += (joined.empty() ? "" : ",") + n;
      reason = "loop " + joined + " of '" + ufunc_name + "': " + e.what();
      return CommitResult::Conflict;
    }
  }
  const size_t ntypes = s.type_names.empty() ? loop.types.size() : s.type_names.size();
  const std::string text = names_new_dtype ? s.type_names.front() + "..." : loop.signature();
  int nargs = -1;
  for (const UFuncSpec& spec : staged.ufuncs) {
    if (spec.name == ufunc_name) nargs = spec.nin + spec.nout;
  }
  if (nargs < 0) {
    const UFunc* existing = registry.find_ufunc(ufunc_name);
    if (existing == nullptr) {
      reason =
          "loop " + text + " is for ufunc '" + ufunc_name + "', which no loaded plugin defines";
      return CommitResult::MissingUFunc;
    }
    nargs = existing->nin() + existing->nout();
    for (const UFuncLoop& l : existing->loops()) {
      if (names_new_dtype || l.types.size() != loop.types.size()) continue;
      bool same = true;
      for (size_t k = 0; same && k < loop.types.size(); ++k) {
        same = loop.types[k] == TypeId::User ? l.type_matches(k, loop.user_types[k])
                                             : l.types[k] == loop.types[k];
      }
      if (same) {
        reason =
            "loop " + text + " of '" + ufunc_name + "' is already registered by '" + l.owner + "'";
        return CommitResult::Conflict;
      }
    }
  }
  if (static_cast<size_t>(nargs) != ntypes) {
    reason = "loop " + text + " of '" + ufunc_name + "' has " + std::to_string(ntypes) +
             " operand types; the ufunc takes " + std::to_string(nargs);
    return CommitResult::Conflict;
  }
  return CommitResult::Committed;
}

}  // namespace

CommitResult validate(const NpRegistrar& staged, const Registry& registry, std::string& reason) {
  try {
    validate_dtype_services(staged);
  } catch (const Error& e) {
    reason = e.what();
    return CommitResult::Conflict;
  }
  auto taken_by = [&](const std::string& name) -> std::optional<std::string> {
    if (auto info = registry.info(name)) return info->owner;
    return std::nullopt;
  };
  for (const UFuncSpec& spec : staged.ufuncs) {
    if (auto owner = taken_by(spec.name)) {
      reason = "ufunc '" + spec.name + "' is already registered by '" + *owner + "'";
      return CommitResult::Conflict;
    }
  }
  for (const auto& g : staged.generals) {
    if (auto owner = taken_by(g.info.name)) {
      reason = "function '" + g.info.name + "' is already registered by '" + *owner + "'";
      return CommitResult::Conflict;
    }
  }
  for (const auto& s : staged.loops) {
    CommitResult result = validate_loop(staged, s, registry, reason);
    if (result != CommitResult::Committed) return result;
  }
  return CommitResult::Committed;
}

namespace {

// Step 2: registers everything validate() accepted; dtypes first (loops, casts and promotions
// may name them).
void apply(const NpRegistrar& staged, Registry& registry, PluginRecord& record) {
  for (const UserDTypeSpec& d : staged.dtypes) {
    register_user_dtype(d);
    record.dtypes.push_back(d.name);
  }
  for (const auto& c : staged.casts) {
    register_user_cast(
        {DType::parse(c.from), DType::parse(c.to), c.level, c.loop, c.data, staged.plugin_name});
  }
  for (const auto& pr : staged.promotions) {
    register_user_promotion(DType::parse(pr.a), DType::parse(pr.b), DType::parse(pr.result));
  }
  for (const UFuncSpec& spec : staged.ufuncs) {
    registry.add_ufunc(spec);
    record.ufuncs.push_back(spec.name);
  }
  for (const auto& s : staged.loops) {
    UFunc& u = registry.ufunc(s.ufunc);
    UFuncLoop loop = s.loop;
    if (!s.type_names.empty()) resolve_named_loop(loop, s.type_names);
    loop.nin = u.nin();
    record.loops.push_back({s.ufunc, loop.signature(), loop.target});
    u.add_loop(std::move(loop));
  }
  for (const auto& g : staged.generals) {
    // The function calls by name through the registry it is registered in, which outlives it.
    registry.add_general(g.info, make_general_function(g.function, g.data, g.signature, &registry));
    record.functions.push_back(g.info.name);
  }
}

}  // namespace

void describe_staged(const NpRegistrar& staged, PluginRecord& record) {
  for (const UserDTypeSpec& d : staged.dtypes)
    record.dtypes.push_back(d.name);
  for (const UFuncSpec& spec : staged.ufuncs)
    record.ufuncs.push_back(spec.name);
  for (const auto& s : staged.loops) {
    std::string text = s.type_names.empty() ? s.loop.signature() : "";
    for (size_t k = 0; k < s.type_names.size(); ++k) {
      const bool arrow = s.loop.nin >= 0 && k == static_cast<size_t>(s.loop.nin);
      text += (k == 0 ? "" : arrow ? "->" : ",") + s.type_names[k];
    }
    record.loops.push_back({s.ufunc, text, s.loop.target});
  }
  for (const auto& g : staged.generals)
    record.functions.push_back(g.info.name);
}

CommitResult commit(const NpRegistrar& staged, Registry& registry, PluginRecord& record,
                    std::string& reason) {
  CommitResult result = validate(staged, registry, reason);
  if (result == CommitResult::Committed) apply(staged, registry, record);
  return result;
}

}  // namespace np::plugins::detail
