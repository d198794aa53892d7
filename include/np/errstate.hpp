// NumPy's floating-point error policy (np.errstate / seterr / geterr / seterrcall), per thread.
// After each ufunc loop the engine reads the raised flags (hardware and loop-reported) and acts
// per category: ignore, warn (to the warning handler), raise FloatingPointError, call the
// error callback, print (stderr) or log (warning handler).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace np {

enum class FpAction { Ignore, Warn, Raise, Call, Print, Log };
FpAction parse_fp_action(std::string_view text);
const char* fp_action_name(FpAction action);

struct ErrState {
  FpAction divide = FpAction::Warn;
  FpAction over = FpAction::Warn;
  FpAction under = FpAction::Ignore;
  FpAction invalid = FpAction::Warn;
  // For FpAction::Call: receives NumPy's message ("divide by zero") and the flag bit.
  std::function<void(const std::string&, int)> call;
};

// The calling thread's policy.
ErrState geterr();
// Replaces the calling thread's policy; returns the previous one.
ErrState seterr(const ErrState& state);

// RAII: sets a policy for a scope (like `with np.errstate(...)`), restoring the old one after.
class ErrStateGuard {
 public:
  explicit ErrStateGuard(const ErrState& state) : saved_(seterr(state)) {}
  ~ErrStateGuard() { seterr(saved_); }
  ErrStateGuard(const ErrStateGuard&) = delete;
  ErrStateGuard& operator=(const ErrStateGuard&) = delete;

 private:
  ErrState saved_;
};

// Where warnings go (RuntimeWarning text). Default: the core's spdlog logger on stderr, level
// from NUMPY_PLUGINS_LOG_LEVEL. Process-wide; thread-safe.
void set_warning_handler(std::function<void(const std::string&)> handler);
void emit_warning(const std::string& message);

// Applies the policy to raised NP_FPE_* bits for ufunc `name` (throws FloatingPointError for
// 'raise'). Used by the engine after running loops.
void handle_fp_status(unsigned status, std::string_view name);

}  // namespace np
