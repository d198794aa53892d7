// Building a DType from an already parsed Python literal (a .npy header's descr value).
#pragma once

#include "np/dtype.hpp"
#include "util/pyrepr.hpp"

namespace np::detail {
DType dtype_from_descr_literal(const py::Literal& literal);
}
