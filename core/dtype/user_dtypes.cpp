// The user dtype table (np/user_dtypes.hpp).
#include "np/user_dtypes.hpp"

#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "dtype/element_cast.hpp"
#include "np/errors.hpp"

namespace np {

namespace {

struct Table {
  std::shared_mutex mutex;
  std::vector<DType> dtypes;
  std::vector<std::string> owners;
  std::map<std::string, size_t, std::less<>> by_name;
  std::vector<UserCast> casts;
  struct Rule {
    DType a, b, result;
  };
  std::vector<Rule> promotions;
};

// Leaked on purpose: loops registered here point into plugin images that are never unloaded,
// and arrays of user dtypes may be destroyed during exit.
Table& table() {
  static auto* t = new Table();
  return *t;
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 24) return false;
  if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

int rank(Casting c) {
  return static_cast<int>(c);
}

const UserCast* find_cast(const Table& t, const DType& from, const DType& to) {
  for (const UserCast& c : t.casts) {
    if (c.from == from && c.to == to) return &c;
  }
  return nullptr;
}

// The builtin level of a -> b, as can_cast would answer it (nullopt: only unsafe or never).
Casting builtin_level(const DType& a, const DType& b) {
  for (Casting c : {Casting::No, Casting::Equiv, Casting::Safe, Casting::SameKind}) {
    if (can_cast(a, b, c)) return c;
  }
  return Casting::Unsafe;
}

}  // namespace

void validate_user_dtype_spec(const UserDTypeSpec& spec) {
  if (!valid_name(spec.name)) {
    throw ValueError("user dtype name '" + spec.name +
                     "' must be 1-24 characters of letters, digits and '_'");
  }
  if (spec.itemsize <= 0 || spec.itemsize > (int64_t{1} << 20)) {
    throw ValueError("user dtype '" + spec.name + "': itemsize must be 1..2**20 bytes");
  }
  if (spec.alignment <= 0 || (spec.alignment & (spec.alignment - 1)) != 0 || spec.alignment > 64 ||
      spec.itemsize % spec.alignment != 0) {
    throw ValueError("user dtype '" + spec.name +
                     "': alignment must be a power of two up to 64 dividing the itemsize");
  }
  bool taken = true;
  try {
    DType::parse(spec.name);
  } catch (const TypeError&) {
    taken = false;
  }
  if (taken) {
    const std::string owner = user_dtype_owner(DType::parse(spec.name));
    throw ValueError("dtype name '" + spec.name + "' is already taken" +
                     (owner.empty() ? std::string(" by a builtin dtype") : " by '" + owner + "'"));
  }
}

DType register_user_dtype(const UserDTypeSpec& spec) {
  validate_user_dtype_spec(spec);
  Table& t = table();
  std::unique_lock lock(t.mutex);
  if (t.by_name.count(spec.name) != 0) {  // registered meanwhile by another thread
    throw ValueError("dtype name '" + spec.name + "' is already taken by '" +
                     t.owners[t.by_name.find(spec.name)->second] + "'");
  }
  auto d = std::make_shared<detail::DTypeDescr>();
  d->id = TypeId::User;
  d->kind = spec.kind;
  d->char_code = 'V';
  d->endian = Endian::NotApplicable;
  d->itemsize = spec.itemsize;
  d->alignment = spec.alignment;
  d->user_index = static_cast<int>(t.dtypes.size());
  d->user_name = spec.name;
  DType dtype(std::move(d));
  t.by_name.emplace(spec.name, t.dtypes.size());
  t.dtypes.push_back(dtype);
  t.owners.push_back(spec.owner);
  return dtype;
}

std::optional<DType> find_user_dtype(std::string_view name) {
  Table& t = table();
  std::shared_lock lock(t.mutex);
  if (t.dtypes.empty()) return std::nullopt;
  auto it = t.by_name.find(name);
  if (it == t.by_name.end()) return std::nullopt;
  return t.dtypes[it->second];
}

std::vector<DType> user_dtypes() {
  Table& t = table();
  std::shared_lock lock(t.mutex);
  return t.dtypes;
}

std::string user_dtype_owner(const DType& dtype) {
  if (!dtype.is_user()) return {};
  Table& t = table();
  std::shared_lock lock(t.mutex);
  return t.owners[static_cast<size_t>(dtype.descr_ref().user_index)];
}

void register_user_cast(UserCast cast) {
  if (!cast.from.is_user() && !cast.to.is_user()) {
    throw ValueError("a registered cast must involve a user dtype");
  }
  if (cast.loop == nullptr) throw ValueError("a registered cast needs a loop");
  if (cast.level == Casting::No || cast.level == Casting::Equiv) {
    throw ValueError("a registered cast is safe, same_kind or unsafe");
  }
  Table& t = table();
  std::unique_lock lock(t.mutex);
  if (const UserCast* c = find_cast(t, cast.from, cast.to)) {
    throw ValueError("the cast " + cast.from.name() + " -> " + cast.to.name() +
                     " is already registered by '" + c->owner + "'");
  }
  t.casts.push_back(std::move(cast));
}

bool user_cast_registered(const DType& from, const DType& to) {
  Table& t = table();
  std::shared_lock lock(t.mutex);
  return find_cast(t, from, to) != nullptr;
}

void register_user_promotion(const DType& a, const DType& b, const DType& result) {
  if (!a.is_user() && !b.is_user()) {
    throw ValueError("a registered promotion must involve a user dtype");
  }
  if (!(result == a) && !(result == b) && !(result.is_user() || result.is_numeric())) {
    throw ValueError("promotion result must be a numeric or user dtype");
  }
  Table& t = table();
  std::unique_lock lock(t.mutex);
  for (const auto& r : t.promotions) {
    if ((r.a == a && r.b == b) || (r.a == b && r.b == a)) {
      throw ValueError("the promotion of " + a.name() + " and " + b.name() +
                       " is already registered");
    }
  }
  t.promotions.push_back({a, b, result});
}

namespace detail {

std::optional<Casting> user_cast_level(const DType& from, const DType& to) {
  if (from == to) return Casting::No;
  Table& t = table();
  std::shared_lock lock(t.mutex);
  if (const UserCast* c = find_cast(t, from, to)) return c->level;
  std::optional<Casting> best;
  auto consider = [&](Casting level) {
    if (!best || rank(level) < rank(*best)) best = level;
  };
  for (const UserCast& c : t.casts) {
    // builtin from -> c.from (builtin) -> c.to == to
    if (c.to == to && !from.is_user() && !c.from.is_user()) {
      consider(static_cast<Casting>(std::max(rank(builtin_level(from, c.from)), rank(c.level))));
    }
    // from == c.from -> c.to (builtin) -> builtin to
    if (c.from == from && !to.is_user() && !c.to.is_user()) {
      consider(static_cast<Casting>(std::max(rank(c.level), rank(builtin_level(c.to, to)))));
    }
  }
  return best;
}

std::optional<DType> user_promotion(const DType& a, const DType& b) {
  Table& t = table();
  std::shared_lock lock(t.mutex);
  for (const auto& r : t.promotions) {
    if ((r.a == a && r.b == b) || (r.a == b && r.b == a)) return r.result;
  }
  return std::nullopt;
}

void user_convert(const DType& from, const std::byte* src, int64_t src_stride, const DType& to,
                  std::byte* dst, int64_t dst_stride, int64_t n) {
  if (n <= 0) return;
  auto run = [](const UserCast& c, const std::byte* s, int64_t ss, std::byte* d, int64_t ds,
                int64_t count) {
    char* args[2] = {const_cast<char*>(reinterpret_cast<const char*>(s)),
                     reinterpret_cast<char*>(d)};
    int64_t dims[1] = {count};
    int64_t steps[2] = {ss, ds};
    NpLoopContext ctx{static_cast<uint32_t>(sizeof(NpLoopContext)), 0, 0, nullptr};
    if (c.loop(&ctx, args, dims, steps, c.loop_data) != 0) {
      throw TypeError("the cast " + c.from.name() + " -> " + c.to.name() + " failed" +
                      (ctx.error_message != nullptr ? std::string(": ") + ctx.error_message : ""));
    }
  };
  const UserCast* direct = nullptr;
  const UserCast* into = nullptr;    // builtin -> to
  const UserCast* out_of = nullptr;  // from -> builtin
  {
    Table& t = table();
    std::shared_lock lock(t.mutex);
    direct = find_cast(t, from, to);
    for (const UserCast& c : t.casts) {
      if (!into && c.to == to && !c.from.is_user() && !from.is_user()) into = &c;
      if (!out_of && c.from == from && !c.to.is_user() && !to.is_user()) out_of = &c;
    }
  }
  // Casts are stored in a vector that only grows while loading; pointers stay valid afterwards.
  if (direct != nullptr) {
    run(*direct, src, src_stride, dst, dst_stride, n);
    return;
  }
  const UserCast* via = into != nullptr ? into : out_of;
  if (via == nullptr) {
    throw TypeError("Cannot cast array data from " + from.repr() + " to " + to.repr() +
                    ": no registered cast");
  }
  const DType& middle = into != nullptr ? into->from : out_of->to;
  const int64_t mid_size = middle.itemsize();
  std::vector<std::byte> buffer(static_cast<size_t>(mid_size * n));
  if (into != nullptr) {  // builtin from -> middle -> user to
    for (int64_t i = 0; i < n; ++i)
      convert_element(from, src + i * src_stride, middle, buffer.data() + i * mid_size);
    run(*into, buffer.data(), mid_size, dst, dst_stride, n);
  } else {  // user from -> middle -> builtin to
    run(*out_of, src, src_stride, buffer.data(), mid_size, n);
    for (int64_t i = 0; i < n; ++i)
      convert_element(middle, buffer.data() + i * mid_size, to, dst + i * dst_stride);
  }
}

}  // namespace detail

}  // namespace np
