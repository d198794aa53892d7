// Registry storage: a name -> entry table under a reader/writer lock.
#include "np/registry.hpp"

#include <map>
#include <mutex>
#include <shared_mutex>

#include "np/errors.hpp"

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
};

Registry::Registry() : impl_(std::make_unique<Impl>()) {}
Registry::~Registry() = default;

Registry& Registry::global() {
  static Registry* registry = [] {
    auto* r = new Registry();  // never destroyed: plugins may call into it during exit
    register_core_functions(*r);
    return r;
  }();
  return *registry;
}

void Registry::add_general(FunctionInfo info, GeneralFunction fn) {
  std::unique_lock lock(impl_->mutex);
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
  return impl_->entries.find(name) != impl_->entries.end();
}

Results Registry::call(std::string_view name, const CallArgs& args) const {
  GeneralFunction fn;
  {
    std::shared_lock lock(impl_->mutex);
    auto it = impl_->entries.find(name);
    if (it == impl_->entries.end()) {
      throw AttributeError("module 'numpy' has no attribute '" + std::string(name) + "'");
    }
    fn = it->second.fn;
  }
  return fn(args);
}

std::vector<FunctionInfo> Registry::list() const {
  std::shared_lock lock(impl_->mutex);
  std::vector<FunctionInfo> out;
  for (const auto& [name, entry] : impl_->entries)
    out.push_back(entry.info);
  return out;
}

}  // namespace np
