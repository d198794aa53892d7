#!/usr/bin/python3
"""Engine vs NumPy on the benchmark workloads, in one go.

Runs `numpy-plugins bench --json` and ../shared/bench/numpy_workloads.py --json alternately
(ROUNDS times each, the engine first), keeps the median of each side's medians, and prints a table:
engine ms, NumPy ms, ratio engine/NumPy, and for memory-bound workloads the engine's GB/s against
the streaming-copy bandwidth measured by the engine in the same run. Only workloads the engine
implements are run (`numpy-plugins bench --list`); the project's extra reduction and cast workloads
take their NumPy side from bench/reduction_workloads.py.

Usage: /usr/bin/python3 bench/compare.py [--tool PATH] [--runs N] [--rounds R] [--json] [NAME ...]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NUMPY_SIDE = os.path.join(ROOT, "..", "shared", "bench", "numpy_workloads.py")
# The NumPy side of the project's extra reduction and cast workloads.
EXTRA_SIDE = os.path.join(HERE, "reduction_workloads.py")
EXTRA = ("argmax_f64_1e7", "argmin_i32_1e7", "max_f32_1e7", "max_i64_1e7", "min_i32_1e7", "any_f64_1e7",
         "all_bool_1e7", "cast_i64_to_f64_1e7", "cast_f32_to_f16_1e7")

# Useful bytes moved per call (reads + writes), for GB/s of the memory-bound workloads.
N = 10_000_000
BYTES = {
    "add_f64_1e7": 3 * 8 * N,
    "add_f32_1e7": 3 * 4 * N,
    "mul_f64_1e7": 3 * 8 * N,
    "bitand_i64_1e7": 3 * 8 * N,
    "cast_f64_to_f32_1e7": (8 + 4) * N,
    "sum_f64_1e7": 8 * N,
    "add_strided_step2": 3 * 8 * N // 2,
    "add_transposed_4000sq": 3 * 8 * 4000 * 4000,
    "add_bcast_4000x1_1x4000": 8 * 4000 * 4000,
    "sum_axis0_4000sq": 8 * 4000 * 4000,
    "sum_axis1_4000sq": 8 * 4000 * 4000,
    "add_f16_1e6": 3 * 2 * 1_000_000,
    "argmax_f64_1e7": 8 * N,
    "argmin_i32_1e7": 4 * N,
    "max_f32_1e7": 4 * N,
    "max_i64_1e7": 8 * N,
    "min_i32_1e7": 4 * N,
    "any_f64_1e7": 8 * N,
    "all_bool_1e7": N,
    "cast_i64_to_f64_1e7": 16 * N,
    "cast_f32_to_f16_1e7": 6 * N,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", default=os.path.join(ROOT, "build", "release", "bin", "numpy-plugins"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()

    known = subprocess.run([args.tool, "bench", "--list"], capture_output=True, text=True, check=True).stdout.split()
    names = args.names or known
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit("unknown workloads: %s" % unknown)

    engine_runs, numpy_runs = [], []
    for _ in range(args.rounds):
        out = subprocess.run([args.tool, "bench", "--json", "--stream", "--overhead", "--runs", str(args.runs)] + names,
                             capture_output=True, text=True, check=True).stdout
        engine_runs.append(json.loads(out))
        numpy_side = {}
        for script, subset in ((NUMPY_SIDE, [n for n in names if n not in EXTRA]),
                               (EXTRA_SIDE, [n for n in names if n in EXTRA])):
            if subset:
                out = subprocess.run(["/usr/bin/python3", script, "--json", "--runs", str(args.runs)] + subset,
                                     capture_output=True, text=True, check=True).stdout
                numpy_side.update(json.loads(out))
        numpy_runs.append(numpy_side)

    stream = statistics.median(r["stream_copy_gbs"] for r in engine_runs)
    overhead = statistics.median(r["call_overhead_ns"] for r in engine_runs)
    rows = []
    for name in names:
        e = statistics.median(r[name] for r in engine_runs)
        n = statistics.median(r[name] for r in numpy_runs)
        gbs = BYTES[name] / (e * 1e6) if name in BYTES else None
        rows.append({"name": name, "engine_ms": e, "numpy_ms": n, "ratio": e / n,
                     "engine_gbs": gbs, "stream_fraction": gbs / stream if gbs else None})
    if args.json:
        print(json.dumps({"stream_copy_gbs": stream, "call_overhead_ns": overhead, "workloads": rows}, indent=1))
        return
    print("streaming copy (engine, same run): %.2f GB/s" % stream)
    print("call overhead beyond the loop (add, 1000 float64): %.0f ns" % overhead)
    print("%-26s %11s %11s %8s %9s %8s" % ("workload", "engine ms", "numpy ms", "ratio", "GB/s", "stream"))
    for r in rows:
        gbs = "%9.2f" % r["engine_gbs"] if r["engine_gbs"] else "%9s" % "-"
        frac = "%7.0f%%" % (100 * r["stream_fraction"]) if r["stream_fraction"] else "%8s" % "-"
        print("%-26s %11.4f %11.4f %8.2f %s %s" % (r["name"], r["engine_ms"], r["numpy_ms"], r["ratio"], gbs, frac))


if __name__ == "__main__":
    main()
