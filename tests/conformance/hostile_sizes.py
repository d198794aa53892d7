"""Shapes, counts, steps and offsets at the edges of int64 against NumPy: creation routines and
views with impossible (even empty) shapes, repeat/tile/concatenate/array_split whose sizes
overflow, slices with extreme steps and bounds (values and strides), var/std with extreme ddof,
eye with extreme diagonals. Each answer is NumPy's error type or NumPy's result."""
import warnings

import numpy as np

from harness import Suite, numpy_outcome, outcome_problem, same_values

warnings.simplefilter("ignore")
suite = Suite("hostile_sizes")

MAX = 2**63 - 1
MIN = -2**63
BIG = 2**62


def result_check(ok, value, out=None, strides=None):
    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem is not None or not ok:
            return problem
        o = ans["outputs"][0]
        if list(o["shape"]) != list(np.shape(value)):
            return "shape %s != %s" % (o["shape"], list(np.shape(value)))
        if strides is not None and o["strides"] != list(strides):
            return "strides %s != %s" % (o["strides"], list(strides))
        if out is not None and np.size(value) < 10**6:
            return same_values(np.load(out), value)
        return None
    return check


def add(func, np_call, args, kwargs=None, compare_values=True, strides=None):
    ok, value = numpy_outcome(np_call)
    out = suite.path("out") if compare_values else None
    request = {"func": func, "args": args, "kwargs": kwargs or {}}
    if out is not None:
        request["out"] = [out]
    want_strides = value.strides if strides and ok else None
    suite.add(request, result_check(ok, value, out, want_strides))


shapes = [[0, MAX, 4], [0, BIG, 2], [0, BIG], [BIG, 0], [0, 2**61, 4], [2**31, 2**31, 0],
          [0, 2**31, 2**31, 2], [MAX], [0, MAX]]
for shape in shapes:
    for dtype in ["i1", "f8", "S0", "U1"]:
        add("zeros", lambda: np.zeros(shape, dtype), [shape], {"dtype": dtype},
            compare_values=False)
        add("empty", lambda: np.empty(shape, dtype), [shape], {"dtype": dtype},
            compare_values=False)

empty0 = suite.save(np.zeros(0))
for shape in [[0, BIG, 4], [0, MAX, 4], [0, BIG], [-1, BIG], [0, -1], [0, 2**32, 2**32]]:
    add("reshape", lambda: np.zeros(0).reshape(shape), [empty0, shape], compare_values=False)
one = suite.save(np.zeros(1))
for shape in [[BIG, 4], [BIG, 2], [MAX], [MAX, 4, 0], [2**31, 2**31, 4]]:
    add("broadcast_to", lambda: np.broadcast_to(np.zeros(1), shape), [one, shape],
        compare_values=False)

six = np.arange(6)
six_path = suite.save(six)
for count in [BIG, 2**61, MAX, 10**7, 0, 3]:
    add("repeat", lambda: np.repeat(six, count), [six_path, count], compare_values=count < 10**6)
for counts in [[BIG, BIG, 0, 0, 0, 0], [MAX, 1, 0, 0, 0, 0], [1, 2, 3, 0, 1, 2]]:
    add("repeat", lambda: np.repeat(six, counts), [six_path, counts])
wide = suite.save(np.zeros((0, BIG), "i1"))
for count, axis in [(2, 1), (BIG, 0), (2, 0), (1, 1)]:
    add("repeat", lambda: np.repeat(np.zeros((0, BIG), "i1"), count, axis), [wide, count],
        {"axis": axis}, compare_values=False)
for reps in [[BIG], [2**31, 2**31], [0, BIG], [3, 2]]:
    add("tile", lambda: np.tile(six, reps), [six_path, reps])
add("concatenate", lambda: np.concatenate([np.zeros((0, BIG), "i1")] * 2, axis=1),
    [[wide, wide]], {"axis": 1}, compare_values=False)
add("concatenate", lambda: np.concatenate([np.zeros((0, BIG), "i1")] * 2, axis=0),
    [[wide, wide]], {"axis": 0}, compare_values=False)
add("array_split", lambda: np.array_split(six, BIG), [six_path, BIG], compare_values=False)

grid = np.arange(24).reshape(4, 6)
grid_path = suite.save(grid)
steps = ["::%d" % MIN, "::%d" % BIG, "::%d" % -BIG, "::%d" % MAX, "5:%d:%d" % (MIN, MIN),
         "%d:%d" % (MIN, MAX), "::-100000000000000000000", "100000000000000000000:",
         "-100000000000000000000::3", "::%d" % (MIN + 1)]
for text in steps:
    index = tuple(slice(*[None if p == "" else int(p) for p in text.split(":")]) for _ in [0])
    add("getitem", lambda: six[index], [six_path], {"index": text}, strides=True)
    add("getitem", lambda: grid[:, index[0]], [grid_path], {"index": ":, " + text}, strides=True)

for ddof in [MIN, MAX, -1, 5, 6, 7]:
    add("var", lambda: np.var(six, ddof=ddof), [six_path], {"ddof": ddof})
    add("std", lambda: np.std(grid, axis=0, ddof=ddof), [grid_path], {"axis": 0, "ddof": ddof})
for k in [MIN, MAX, -3, 3, 1]:
    add("eye", lambda: np.eye(3, k=k), [3], {"k": k})
suite.run()
