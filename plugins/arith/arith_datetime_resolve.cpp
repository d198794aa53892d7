#include "arith_datetime_resolve.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace np::arith {

namespace {

const NpHostApi* g_host = nullptr;

// "[s]" of "<M8[s]"; "" for generic units.
std::string unit_of(const char* dtype) {
  const char* open = std::strchr(dtype, '[');
  return open != nullptr ? std::string(open) : std::string();
}

bool is_datetime_like(const char* dtype) {
  std::string_view d = dtype;
  return d.size() >= 2 && (d[1] == 'M' || d[1] == 'm');
}

NpStatus put(char* out, const std::string& text) {
  if (text.size() + 1 > NP_DTYPE_STR_MAX) return NP_STATUS_FAILED;
  std::memcpy(out, text.c_str(), text.size() + 1);
  return NP_STATUS_OK;
}

// The builtin dtype string of a number code.
const char* number_dtype(char code) {
  switch (code) {
    case 'q':
      return "<i8";
    case 'd':
      return "<f8";
    case '?':
      return "|b1";
    default:
      return nullptr;
  }
}

}  // namespace

void set_host(const NpHostApi* host) {
  g_host = host;
}

NpStatus resolve_common_unit(void* pattern, const char* const* inputs,
                             char (*operands)[NP_DTYPE_STR_MAX]) {
  const auto* p = static_cast<const DatetimePattern*>(pattern);
  const size_t nargs = std::strlen(p->kinds);
  // NumPy promotes the units as datetimes when any input is one (non-strict: [Y] with [D] gives
  // [D]; the input cast check then refuses m8[Y] -> m8[D]), and as timedeltas otherwise (strict:
  // m8[Y] + m8[D] fails in promotion). Promotion's own error (TypeError, OverflowError) stands.
  // An input of the other datetime kind than the loop's (M8 where it takes m8) does not take
  // part: the input cast check refuses it with NumPy's UFuncTypeError, before any promotion
  // error its units could give.
  auto takes_part = [&](size_t i) {
    return is_datetime_like(inputs[i]) && inputs[i][1] == p->kinds[i];
  };
  bool any_datetime = false;
  for (size_t i = 0; i < static_cast<size_t>(p->nin); ++i)
    any_datetime = any_datetime || (takes_part(i) && inputs[i][1] == 'M');
  const std::string kind = any_datetime ? "<M8" : "<m8";
  std::string common;
  bool first = true;
  for (size_t i = 0; i < static_cast<size_t>(p->nin); ++i) {
    if (!takes_part(i)) continue;
    std::string as_kind = kind + unit_of(inputs[i]);
    if (first) {
      common = as_kind;
      first = false;
      continue;
    }
    char promoted[NP_DTYPE_STR_MAX];
    if (g_host == nullptr ||
        g_host->promote_types(common.c_str(), as_kind.c_str(), promoted) != NP_STATUS_OK) {
      return NP_STATUS_FAILED;
    }
    common = promoted;
  }
  if (first) {  // no input of the loop's kinds: any unit will do, the cast check refuses them
    for (size_t i = 0; i < static_cast<size_t>(p->nin) && first; ++i) {
      if (is_datetime_like(inputs[i])) {
        common = inputs[i];
        first = false;
      }
    }
  }
  const std::string unit = unit_of(common.c_str());
  for (size_t i = 0; i < nargs; ++i) {
    char k = p->kinds[i];
    const char* number = number_dtype(k);
    std::string text = number != nullptr ? std::string(number) : std::string("<") + k + "8" + unit;
    if (put(operands[i], text) != NP_STATUS_OK) return NP_STATUS_FAILED;
  }
  return NP_STATUS_OK;
}

NpStatus resolve_keep_unit(void* pattern, const char* const* inputs,
                           char (*operands)[NP_DTYPE_STR_MAX]) {
  const auto* p = static_cast<const DatetimePattern*>(pattern);
  const size_t nargs = std::strlen(p->kinds);
  std::string unit;
  for (size_t i = 0; i < static_cast<size_t>(p->nin); ++i) {
    if (p->kinds[i] == 'm') {
      unit = unit_of(inputs[i]);
      break;
    }
  }
  for (size_t i = 0; i < nargs; ++i) {
    char k = p->kinds[i];
    const char* number = number_dtype(k);
    std::string text = number != nullptr ? std::string(number) : "<m8" + unit;
    if (put(operands[i], text) != NP_STATUS_OK) return NP_STATUS_FAILED;
  }
  return NP_STATUS_OK;
}

}  // namespace np::arith
