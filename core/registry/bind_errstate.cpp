// The calling thread's floating-point error policy (seterr/geterr, NumPy 1.24's signatures)
// and the engine's thread count (set_num_threads/get_num_threads: no NumPy counterpart).
#include "np/errors.hpp"
#include "np/errstate.hpp"
#include "np/threading.hpp"
#include "registry/bindings.hpp"

namespace np::detail {

namespace {

// The settings as a Python dict literal, as np.seterr/np.geterr return a dict.
std::string errstate_text(const ErrState& s) {
  return std::string("{'divide': '") + fp_action_name(s.divide) + "', 'over': '" +
         fp_action_name(s.over) + "', 'under': '" + fp_action_name(s.under) + "', 'invalid': '" +
         fp_action_name(s.invalid) + "'}";
}

Results set_num_threads_body(const BoundArgs& b, Registry&) {
  const int old = num_threads();
  const int64_t n = b.integer("n");
  if (n < 1 || n > 1024) throw ValueError("num_threads must be between 1 and 1024");
  set_num_threads(static_cast<int>(n));
  return Results{Value(int64_t{old})};
}

// np.seterr: the old settings; each given action replaces its category, all= every one first.
Results seterr_body(const BoundArgs& b, Registry&) {
  ErrState s = geterr();
  ErrState old = s;
  if (b.given("all")) {
    FpAction a = parse_fp_action(b.get("all").as_str("all"));
    s.divide = s.over = s.under = s.invalid = a;
  }
  auto set = [&](const char* key, FpAction ErrState::*field) {
    if (b.given(key)) s.*field = parse_fp_action(b.get(key).as_str(key));
  };
  set("divide", &ErrState::divide);
  set("over", &ErrState::over);
  set("under", &ErrState::under);
  set("invalid", &ErrState::invalid);
  seterr(s);
  return Results{Value(errstate_text(old))};
}

}  // namespace

void register_errstate(Registry& r) {
  add_routines(
      r,
      {
          {"set_num_threads", "n",
           "set the number of threads large elementwise calls may use; returns the old count",
           set_num_threads_body},
          {"get_num_threads", "", "the number of threads large elementwise calls may use",
           [](const BoundArgs&, Registry&) { return Results{Value(int64_t{num_threads()})}; }},
          {"seterr", "all=None, divide=None, over=None, under=None, invalid=None",
           "set the floating-point error policy of this thread; returns the old one", seterr_body},
          {"geterr", "", "the floating-point error policy of this thread",
           [](const BoundArgs&, Registry&) { return Results{Value(errstate_text(geterr()))}; }},
      });
}

}  // namespace np::detail
