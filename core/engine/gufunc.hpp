// Generalized ufunc calls (gufunc.cpp): the engine's entry from ufunc_call. Internal.
#pragma once

#include <span>
#include <vector>

#include "np/ufunc.hpp"

namespace np::engine {

// A call of a ufunc with a core signature: the stages of call_pipeline.hpp with core dimensions.
std::vector<Array> gufunc_call(const UFunc& ufunc, std::span<const Array> inputs,
                               const UFuncOptions& options);

}  // namespace np::engine
