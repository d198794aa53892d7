// Floating-point error policy (see errstate.hpp).
#include "np/errstate.hpp"

#include <cstdlib>
#include <iostream>
#include <mutex>

#include "np/errors.hpp"
#include "np/loop_abi.h"
#include "util/logging.hpp"

namespace np {

namespace {
thread_local ErrState t_state;

std::mutex& handler_mutex() {
  static std::mutex m;
  return m;
}
std::function<void(const std::string&)>& handler() {
  static std::function<void(const std::string&)> h = [](const std::string& msg) {
    core_logger().warn("{}", msg);
  };
  return h;
}
}  // namespace

FpAction parse_fp_action(std::string_view text) {
  if (text == "ignore") return FpAction::Ignore;
  if (text == "warn") return FpAction::Warn;
  if (text == "raise") return FpAction::Raise;
  if (text == "call") return FpAction::Call;
  if (text == "print") return FpAction::Print;
  if (text == "log") return FpAction::Log;
  throw ValueError("invalid error handling mode '" + std::string(text) + "'");
}

const char* fp_action_name(FpAction action) {
  switch (action) {
    case FpAction::Ignore:
      return "ignore";
    case FpAction::Warn:
      return "warn";
    case FpAction::Raise:
      return "raise";
    case FpAction::Call:
      return "call";
    case FpAction::Print:
      return "print";
    case FpAction::Log:
      return "log";
  }
  return "?";
}

ErrState geterr() {
  return t_state;
}

ErrState seterr(const ErrState& state) {
  ErrState old = t_state;
  t_state = state;
  return old;
}

void set_warning_handler(std::function<void(const std::string&)> h) {
  std::lock_guard lock(handler_mutex());
  handler() = std::move(h);
}

void emit_warning(const std::string& message) {
  std::function<void(const std::string&)> h;
  {
    std::lock_guard lock(handler_mutex());
    h = handler();
  }
  if (h) h(message);
}

void handle_fp_status(unsigned status, std::string_view name) {
  if (status == 0) return;
  struct Category {
    unsigned bit;
    FpAction ErrState::*action;
    const char* text;
  };
  static const Category categories[] = {
      {NP_FPE_DIVIDEBYZERO, &ErrState::divide, "divide by zero"},
      {NP_FPE_OVERFLOW, &ErrState::over, "overflow"},
      {NP_FPE_UNDERFLOW, &ErrState::under, "underflow"},
      {NP_FPE_INVALID, &ErrState::invalid, "invalid value"},
  };
  const ErrState& st = t_state;
  for (const Category& c : categories) {
    if ((status & c.bit) == 0) continue;
    std::string msg = std::string(c.text) + " encountered in " + std::string(name);
    switch (st.*(c.action)) {
      case FpAction::Ignore:
        break;
      case FpAction::Warn:
        emit_warning("RuntimeWarning: " + msg);
        break;
      case FpAction::Log:
        core_logger().warn("{}", msg);
        break;
      case FpAction::Print:
        std::cerr << "Warning: " << msg << '\n';
        break;
      case FpAction::Raise:
        throw FloatingPointError(msg);
      case FpAction::Call:
        if (!st.call) throw ValueError("errstate 'call' policy without a callback");
        st.call(c.text, static_cast<int>(c.bit));
        break;
    }
  }
}

}  // namespace np
