// Registry storage: a name -> entry table under a reader/writer lock.
#include "np/registry.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <system_error>
#include <utility>

#include "np/errors.hpp"
#include "np/plugins.hpp"

namespace np {

const char* function_kind_name(FunctionKind kind) {
  switch (kind) {
    case FunctionKind::UFunc:
      return "ufunc";
    case FunctionKind::GUFunc:
      return "gufunc";
    case FunctionKind::General:
      return "function";
  }
  return "?";
}

struct Registry::Impl {
  struct Entry {
    FunctionInfo info;
    GeneralFunction fn;
  };
  mutable std::shared_mutex mutex;
  std::map<std::string, Entry, std::less<>> entries;
  std::map<std::string, std::unique_ptr<UFunc>, std::less<>> ufuncs;
};

namespace {
std::atomic<uint64_t> g_next_registry_id{1};
}  // namespace

Registry::Registry() : id_(g_next_registry_id++), impl_(std::make_unique<Impl>()) {}
Registry::~Registry() = default;

Registry& Registry::global() {
  static Registry* registry = [] {
    auto* r = new Registry();  // never destroyed: plugins may call into it during exit
    register_core_functions(*r);
    // Like `import numpy`: the kernel families on the search path come with the registry.
    if (plugins::auto_load_enabled()) plugins::load_path(*r, plugins::search_path());
    return r;
  }();
  return *registry;
}

UFunc& Registry::add_ufunc(UFuncSpec spec) {
  std::unique_lock lock(impl_->mutex);
  auto it = impl_->entries.find(spec.name);
  if (it != impl_->entries.end() || impl_->ufuncs.count(spec.name) != 0) {
    std::string owner = it != impl_->entries.end()
                            ? it->second.info.owner
                            : impl_->ufuncs.find(spec.name)->second->spec().owner;
    throw ValueError("function '" + spec.name + "' is already registered by '" + owner + "'; '" +
                     spec.owner + "' cannot register it again");
  }
  std::string name = spec.name;
  auto u = std::make_unique<UFunc>(std::move(spec));
  UFunc& ref = *u;
  impl_->ufuncs.emplace(std::move(name), std::move(u));
  return ref;
}

UFunc& Registry::ufunc(std::string_view name) {
  return const_cast<UFunc&>(std::as_const(*this).ufunc(name));  // the table owns it mutably
}

const UFunc& Registry::ufunc(std::string_view name) const {
  std::shared_lock lock(impl_->mutex);
  auto it = impl_->ufuncs.find(name);
  if (it == impl_->ufuncs.end()) {
    throw AttributeError("module 'numpy' has no attribute '" + std::string(name) + "'");
  }
  return *it->second;
}

const UFunc* Registry::find_ufunc(std::string_view name) const {
  std::shared_lock lock(impl_->mutex);
  auto it = impl_->ufuncs.find(name);
  return it == impl_->ufuncs.end() ? nullptr : it->second.get();
}

void Registry::add_general(FunctionInfo info, GeneralFunction fn) {
  std::unique_lock lock(impl_->mutex);
  if (impl_->ufuncs.count(info.name) != 0) {
    throw ValueError("function '" + info.name + "' is already registered by '" +
                     impl_->ufuncs.find(info.name)->second->spec().owner + "'; '" + info.owner +
                     "' cannot register it again");
  }
  auto it = impl_->entries.find(info.name);
  if (it != impl_->entries.end()) {
    throw ValueError("function '" + info.name + "' is already registered by '" +
                     it->second.info.owner + "'; '" + info.owner + "' cannot register it again");
  }
  std::string name = info.name;
  impl_->entries.emplace(std::move(name), Impl::Entry{std::move(info), std::move(fn)});
}

bool Registry::contains(std::string_view name) const {
  std::shared_lock lock(impl_->mutex);
  return impl_->entries.find(name) != impl_->entries.end() ||
         impl_->ufuncs.find(name) != impl_->ufuncs.end();
}

std::optional<FunctionInfo> Registry::info(std::string_view name) const {
  std::shared_lock lock(impl_->mutex);
  if (auto it = impl_->entries.find(name); it != impl_->entries.end()) return it->second.info;
  if (auto it = impl_->ufuncs.find(name); it != impl_->ufuncs.end()) {
    const UFuncSpec& spec = it->second->spec();
    FunctionKind kind = spec.core_signature.empty() ? FunctionKind::UFunc : FunctionKind::GUFunc;
    return FunctionInfo{spec.name, kind, spec.owner, spec.summary};
  }
  return std::nullopt;
}

Results Registry::call(std::string_view name, const CallArgs& args) const {
  GeneralFunction fn;
  {
    std::shared_lock lock(impl_->mutex);
    auto it = impl_->entries.find(name);
    if (it != impl_->entries.end()) {
      fn = it->second.fn;
    } else {
      // A ufunc, or a ufunc method written "add.reduce".
      size_t dot = name.rfind('.');
      std::string_view base = name, method;
      if (impl_->ufuncs.find(name) == impl_->ufuncs.end() && dot != std::string_view::npos) {
        base = name.substr(0, dot);
        method = name.substr(dot + 1);
      }
      auto u = impl_->ufuncs.find(base);
      if (u == impl_->ufuncs.end()) {
        throw AttributeError("module 'numpy' has no attribute '" + std::string(name) + "'");
      }
      const UFunc* ufunc = u->second.get();
      lock.unlock();
      return call_ufunc_by_name(*ufunc, method, args);
    }
  }
  return fn(args);
}

ErrorReport describe_exception(const std::exception_ptr& error) {
  const std::string internal = "internal error in numpy-plugins (please report): ";
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return {e.type_name(), e.what()};
  } catch (const std::bad_alloc&) {
    return {"MemoryError", "out of memory"};
  } catch (const std::system_error& e) {
    return {"OSError", e.what()};
  } catch (const std::exception& e) {
    return {"RuntimeError", internal + e.what()};
  } catch (...) {
    return {"RuntimeError", internal + "an exception that is not a std::exception"};
  }
}

std::vector<FunctionInfo> Registry::list() const {
  std::shared_lock lock(impl_->mutex);
  std::vector<FunctionInfo> out;
  for (const auto& [name, entry] : impl_->entries)
    out.push_back(entry.info);
  for (const auto& [name, u] : impl_->ufuncs) {
    FunctionKind kind =
        u->spec().core_signature.empty() ? FunctionKind::UFunc : FunctionKind::GUFunc;
    out.push_back({name, kind, u->spec().owner, u->spec().summary});
  }
  std::sort(out.begin(), out.end(),
            [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
  return out;
}

}  // namespace np
