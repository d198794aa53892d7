#!/usr/bin/python3
"""The NumPy side of this project's own extra workloads: the reductions and casts of the SIMD work
(issue 5) that ../shared/bench/numpy_workloads.py does not list. Same interface and timing as that
script (median wall time in ms after one warm-up run), same data where the names overlap:
    /usr/bin/python3 bench/reduction_workloads.py [--json] [--runs N] [NAME ...]
"""
import json
import sys
import time

import numpy as np


def workloads():
    rng = np.random.default_rng(0)
    n = 10_000_000
    a = rng.random(n)
    a32 = a.astype(np.float32)
    i1 = rng.integers(0, 1 << 40, n)
    i32 = i1.astype(np.int32)
    zeros = np.zeros(n)  # any() must scan all of it
    mask = a >= 0  # all True: all() must scan all of it
    return {
        "argmax_f64_1e7": lambda: np.argmax(a),
        "argmin_i32_1e7": lambda: np.argmin(i32),
        "max_f32_1e7": lambda: np.max(a32),
        "max_i64_1e7": lambda: np.max(i1),
        "min_i32_1e7": lambda: np.min(i32),
        "any_f64_1e7": lambda: np.any(zeros),
        "all_bool_1e7": lambda: np.all(mask),
        "cast_i64_to_f64_1e7": lambda: i1.astype(np.float64),
        "cast_f32_to_f16_1e7": lambda: a32.astype(np.float16),
    }


def median_ms(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2] * 1e3


def main(argv):
    as_json = "--json" in argv
    runs = 7
    names = []
    i = 0
    while i < len(argv):
        if argv[i] == "--runs":
            runs = int(argv[i + 1])
            i += 1
        elif argv[i] != "--json":
            names.append(argv[i])
        i += 1
    table = workloads()
    unknown = [n for n in names if n not in table]
    if unknown:
        sys.exit("unknown workloads: %s" % unknown)
    result = {name: round(median_ms(fn, runs), 6) for name, fn in table.items() if not names or name in names}
    if as_json:
        print(json.dumps(result))
    else:
        for name, ms in result.items():
            print("%-28s %10.3f ms" % (name, ms))


if __name__ == "__main__":
    main(sys.argv[1:])
