// Registration of the arith family into a registry. The core ships no kernels: a host (the
// numpy-plugins tool, the tests, an application) registers the families it wants; the plugin
// loader (issue 4) will do the same from shared libraries.
#pragma once

#include "np/registry.hpp"

namespace np::arith {

// Registers the ufuncs add and multiply with loops for every numeric dtype and their
// datetime/timedelta forms. Idempotent per registry is not required: call once.
void register_family(Registry& registry);

// The comparison ufuncs (equal ... greater_equal); register_family calls it.
void register_comparisons(Registry& registry);

}  // namespace np::arith
