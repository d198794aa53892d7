#include "plugin_commands.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "np/errors.hpp"
#include "np/registry.hpp"
#include "np/ufunc.hpp"

namespace np::tool {

namespace {

using nlohmann::json;

const char* status_name(const plugins::PluginRecord& r) {
  return r.status == plugins::PluginStatus::Loaded ? "loaded" : "failed";
}

json record_json(const plugins::PluginRecord& r) {
  json loops = json::array();
  for (const auto& l : r.loops)
    loops.push_back({{"ufunc", l.ufunc}, {"signature", l.signature}, {"target", l.target}});
  return {{"name", r.name},
          {"version", r.version},
          {"family", r.family},
          {"description", r.description},
          {"license", r.license},
          {"path", r.path},
          {"status", status_name(r)},
          {"reason", r.reason},
          {"abi", std::to_string(r.abi_major) + "." + std::to_string(r.abi_minor)},
          {"dtypes", r.dtypes},
          {"ufuncs", r.ufuncs},
          {"functions", r.functions},
          {"loops", loops}};
}

// "add: ??->? bb->b ... [baseline]" lines, one per ufunc, loops in registration order.
void print_loops(const plugins::PluginRecord& r, std::ostream& out) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const plugins::LoopRecord*>> by_ufunc;
  for (const auto& l : r.loops) {
    if (by_ufunc[l.ufunc].empty()) order.push_back(l.ufunc);
    by_ufunc[l.ufunc].push_back(&l);
  }
  for (const auto& name : order) {
    out << "      " << name << ":";
    for (const auto* l : by_ufunc[name]) {
      out << ' ' << l->signature;
      if (l->target != "baseline") out << '@' << l->target;
    }
    out << "  [" << (by_ufunc[name].front()->target) << "]\n";
  }
}

std::string identity_text(const UFuncSpec& spec) {
  return spec.identity ? spec.identity->repr() : "None";
}

}  // namespace

std::vector<plugins::PluginRecord> load_plugins_isolated() {
  plugins::set_auto_load(false);
  return plugins::load_path_isolated(Registry::global(), plugins::search_path());
}

int list_command(const std::vector<plugins::PluginRecord>& records, bool as_json,
                 std::ostream& out) {
  const auto functions = Registry::global().list();
  int core_count = 0;
  for (const auto& f : functions)
    core_count += f.owner == "core" ? 1 : 0;
  const std::string cpu = plugins::cpu_feature_names(plugins::cpu_features());
  if (as_json) {
    json j;
    j["abi"] = std::to_string(NP_PLUGIN_ABI_MAJOR) + "." + std::to_string(NP_PLUGIN_ABI_MINOR);
    j["search_path"] = plugins::search_path();
    j["cpu_features"] = cpu;
    json kernels = json::array();
    for (const auto& k : plugins::core_kernel_targets())
      kernels.push_back({{"kernels", k.kernels}, {"target", k.target}});
    j["core_kernels"] = kernels;
    j["plugins"] = json::array();
    for (const auto& r : records)
      j["plugins"].push_back(record_json(r));
    json fns = json::array();
    for (const auto& f : functions) {
      fns.push_back({{"name", f.name},
                     {"kind", function_kind_name(f.kind)},
                     {"owner", f.owner},
                     {"signature", f.signature}});
    }
    j["functions"] = fns;
    out << j.dump(2) << '\n';
    return 0;
  }
  out << "numpy-plugins: plugin ABI " << NP_PLUGIN_ABI_MAJOR << '.' << NP_PLUGIN_ABI_MINOR
      << ", CPU features: " << (cpu.empty() ? "none" : cpu) << '\n';
  out << "search path:";
  for (const auto& p : plugins::search_path())
    out << ' ' << p;
  out << "\n\nplugins (" << records.size() << "):\n";
  for (const auto& r : records) {
    if (r.status == plugins::PluginStatus::Loaded) {
      out << "  " << r.name << ' ' << r.version << "  loaded  " << r.path << '\n';
      out << "    " << r.description << "  [family " << r.family << ", " << r.license << "]\n";
      out << "    " << r.dtypes.size() << " dtypes, " << r.ufuncs.size() << " ufuncs, "
          << r.loops.size() << " loops, " << r.functions.size() << " functions\n";
      if (!r.dtypes.empty()) {
        out << "      dtypes:";
        for (const auto& d : r.dtypes)
          out << ' ' << d;
        out << '\n';
      }
      print_loops(r, out);
      if (!r.functions.empty()) {
        out << "      functions:";
        for (const auto& f : r.functions)
          out << ' ' << f;
        out << '\n';
      }
    } else {
      out << "  " << (r.name.empty() ? "?" : r.name) << "  failed  " << r.path
          << "\n    reason: " << r.reason << '\n';
    }
  }
  out << "\ncore: " << core_count << " functions; SIMD kernels:";
  for (const auto& k : plugins::core_kernel_targets())
    out << ' ' << k.kernels << " @" << k.target << ';';
  out << '\n';
  for (const auto& f : functions) {
    if (f.owner == "core") out << "  " << f.name << "  " << f.summary << '\n';
  }
  return 0;
}

int info_command(const std::string& name, bool as_json, std::ostream& out, std::ostream& err) {
  Registry& reg = Registry::global();
  auto info = reg.info(name);
  if (!info) {
    err << "AttributeError: module 'numpy' has no attribute '" << name << "'\n";
    return 1;
  }
  std::string plugin_path;
  for (const auto& r : plugins::loaded_plugins()) {
    if (r.status == plugins::PluginStatus::Loaded && r.name == info->owner) plugin_path = r.path;
  }
  json j = {{"name", info->name},       {"kind", function_kind_name(info->kind)},
            {"owner", info->owner},     {"plugin_path", plugin_path},
            {"summary", info->summary}, {"signature", info->signature}};
  const UFunc* u = reg.find_ufunc(name);
  if (u != nullptr) {
    const UFuncSpec& spec = u->spec();
    json loops = json::array();
    for (const UFuncLoop& l : u->loops())
      loops.push_back({{"signature", l.signature()}, {"target", l.target}, {"owner", l.owner}});
    j["nin"] = spec.nin;
    j["nout"] = spec.nout;
    j["identity"] = identity_text(spec);
    j["reorderable"] = spec.reorderable;
    j["core_signature"] = spec.core_signature;
    j["loops"] = loops;
  }
  if (as_json) {
    out << j.dump(2) << '\n';
    return 0;
  }
  out << name << ": " << function_kind_name(info->kind) << " from '" << info->owner << "'"
      << (plugin_path.empty() ? "" : " (" + plugin_path + ")") << '\n';
  // NumPy's parameter list, as Python prints inspect.signature: "reshape(a, newshape, order='C')".
  // Every core routine declares one (geterr's is empty); a plugin function may declare none.
  if (!info->signature.empty() || (info->kind == FunctionKind::General && info->owner == "core")) {
    out << "  " << info->name << '(' << info->signature << ")\n";
  } else if (info->kind == FunctionKind::General) {
    out << "  parameters not declared by the plugin\n";
  }
  out << "  " << info->summary << '\n';
  if (u != nullptr) {
    out << "  nin " << u->nin() << ", nout " << u->nout() << ", identity "
        << identity_text(u->spec()) << (u->spec().reorderable ? ", reorderable" : "") << '\n';
    if (!u->spec().core_signature.empty())
      out << "  core signature " << u->spec().core_signature << '\n';
    out << "  loops (" << u->loops().size() << "):";
    for (const UFuncLoop& l : u->loops()) {
      out << ' ' << l.signature();
      if (l.target != "baseline") out << '@' << l.target;
      if (l.owner != info->owner) out << '(' << l.owner << ')';
    }
    out << '\n';
  }
  return 0;
}

int check_command(const std::string& path, bool as_json, std::ostream& out) {
  plugins::PluginRecord r = plugins::check_file_isolated(path);
  const bool ok = r.status == plugins::PluginStatus::Loaded;
  if (as_json) {
    out << record_json(r).dump(2) << '\n';
  } else if (ok) {
    out << "valid plugin: " << r.name << ' ' << r.version << " (ABI " << r.abi_major << '.'
        << r.abi_minor << "): " << r.ufuncs.size() << " ufuncs, " << r.loops.size() << " loops, "
        << r.functions.size() << " functions\n";
    if (!r.reason.empty()) out << "  " << r.reason << '\n';
  } else {
    out << "invalid plugin " << r.path << ": " << r.reason << '\n';
  }
  return ok ? 0 : 1;
}

}  // namespace np::tool
