// `numpy-plugins bench [--json] [--runs N] [--list] [--stream] [NAME ...]`: the engine's side of
// the benchmark workloads of ../shared/bench/numpy_workloads.py (same names, data sizes and
// dtypes), each timed as the median of N runs after a warm-up, printed as a table or as the same
// JSON object (name -> median ms). --stream adds the measured streaming-copy bandwidth
// ("stream_copy_gbs"), the reference for memory-bound workloads; --overhead the cost of a call
// beyond its loop ("call_overhead_ns": add on 1,000 float64). Unknown names are an error.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace np::tool {

int bench_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace np::tool
