"""Array routines against NumPy: joining/splitting, repeat/tile/roll, where/nonzero, and the
reductions sum/prod/cumsum/cumprod/mean/any/all/count_nonzero with axis/keepdims/dtype/where."""
import warnings

import numpy as np

from harness import Suite, numpy_outcome, outcome_problem, same_values

warnings.simplefilter("ignore")
suite = Suite("routines")
rng = np.random.default_rng(9)


same = same_values


def case(func, np_fn, args, kwargs=None, nout=None):
    kwargs = kwargs or {}
    json_args, np_args = [], []
    for a in args:
        if isinstance(a, np.ndarray):
            p = suite.save(a)
            json_args.append(p)
            np_args.append(np.load(p))
        elif isinstance(a, list) and a and isinstance(a[0], np.ndarray):
            paths = [suite.save(x) for x in a]
            json_args.append(paths)
            np_args.append([np.load(p) for p in paths])
        else:
            json_args.append(a)
            np_args.append(a)
    req_kwargs, np_kwargs = {}, {}
    for k, v in kwargs.items():
        if isinstance(v, np.ndarray):
            p = suite.save(v)
            req_kwargs[k] = {"npy": p}
            np_kwargs[k] = np.load(p)
        else:
            req_kwargs[k] = v
            np_kwargs[k] = tuple(v) if isinstance(v, list) else v
    ok, value = numpy_outcome(lambda: np_fn(*np_args, **np_kwargs))
    values = list(value) if ok and isinstance(value, (list, tuple)) else [value]
    outs = [suite.path("out") for _ in values] if ok else [suite.path("out")]

    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        if len(ans["outputs"]) != len(values):
            return "%d outputs != %d" % (len(ans["outputs"]), len(values))
        for k, v in enumerate(values):
            p = same(np.load(outs[k]), v)
            if p:
                return "output %d: %s" % (k, p)
        return None
    suite.add({"func": func, "args": json_args, "kwargs": req_kwargs, "out": outs}, check)


a = rng.standard_normal((3, 4))
b = rng.standard_normal((2, 4))
c = rng.integers(0, 9, (3, 2))
for axis in [0, 1, -1, None]:
    case("concatenate", np.concatenate, [[a, a[:1]]], {"axis": axis} if axis is not None else {"axis": None})
case("concatenate", np.concatenate, [[a, b]])
case("concatenate", np.concatenate, [[a, c]], {"axis": 1})
case("concatenate", np.concatenate, [[a, b]], {"axis": 1})
case("concatenate", np.concatenate, [[a, a.ravel()]])
case("concatenate", np.concatenate, [[c, c.astype(np.float32)]], {"axis": 0})
case("concatenate", np.concatenate, [[a, a]], {"dtype": "int64"})
case("concatenate", np.concatenate, [[a, a]], {"dtype": "int64", "casting": "unsafe"})
case("concatenate", np.concatenate, [[np.asfortranarray(a), np.asfortranarray(a)]], {"axis": 1})
for fn in ["stack", "hstack", "vstack", "dstack", "column_stack"]:
    case(fn, getattr(np, fn), [[a, a]])
    case(fn, getattr(np, fn), [[a[0], a[1]]])
    case(fn, getattr(np, fn), [[np.arange(3.0), np.arange(3.0)]])
case("stack", np.stack, [[a, a]], {"axis": -1})
case("stack", np.stack, [[a, b]])
x = np.arange(12.0).reshape(3, 4)
for spec in [2, 3, [1, 3], [0, 5], [3, 1]]:
    case("array_split", np.array_split, [x, spec], {"axis": 1})
case("split", np.split, [x, 2], {"axis": 1})
case("split", np.split, [x, 3], {"axis": 1})
case("split", np.split, [x, [1, 2]])
case("repeat", np.repeat, [x, 2])
case("repeat", np.repeat, [x, [1, 0, 2]], {"axis": 0})
case("repeat", np.repeat, [x, 2], {"axis": 1})
case("repeat", np.repeat, [x, -1])
case("tile", np.tile, [np.arange(3), [2]])
case("tile", np.tile, [np.arange(3), [2, 2]])
case("tile", np.tile, [x, [2, 1, 3]])
case("tile", np.tile, [x, [1]])
case("roll", np.roll, [np.arange(10), 3])
case("roll", np.roll, [x, 1], {"axis": 1})
case("roll", np.roll, [x, [1, -2]], {"axis": [0, 1]})
case("roll", np.roll, [x, -5])
cond = rng.random((3, 4)) < 0.5
case("where", np.where, [cond, x, -x])
case("where", np.where, [cond, x, c[:, :1].astype(np.int8)])
case("where", np.where, [cond])
case("nonzero", np.nonzero, [np.array([[0, 3], [4, 0]])])

data = {"f8": rng.standard_normal((5, 6, 7)), "f4": rng.standard_normal((9, 100)).astype(np.float32),
        "i1": rng.integers(-100, 100, (4, 5)).astype(np.int8), "u2": rng.integers(0, 1000, 50).astype(np.uint16),
        "b": rng.random((6, 4)) < 0.5, "c16": rng.standard_normal(20) + 1j * rng.standard_normal(20),
        "f2": rng.standard_normal(300).astype(np.float16), "empty": np.zeros((0, 3))}
for name, arr in data.items():
    axes = [None] + list(range(arr.ndim))
    for axis in axes:
        kw = {"axis": axis}
        case("sum", np.sum, [arr], kw)
        case("prod", np.prod, [arr / 2 if arr.dtype.kind == "f" else arr], kw)
        case("mean", np.mean, [arr], kw)
        case("any", np.any, [arr], kw)
        case("all", np.all, [arr], kw)
        case("count_nonzero", np.count_nonzero, [arr], kw)
        if axis is not None or True:
            case("cumsum", np.cumsum, [arr], kw)
            case("cumprod", np.cumprod, [arr if arr.dtype.kind != "f" else arr / 2], kw)
    case("sum", np.sum, [arr], {"keepdims": True})
    if arr.ndim > 1:
        case("sum", np.sum, [arr], {"axis": [0, 1]})
        case("mean", np.mean, [arr], {"axis": [0, 1], "keepdims": True})
case("sum", np.sum, [data["f8"]], {"dtype": "float32"})
case("sum", np.sum, [data["i1"]], {"dtype": "int8"})
case("sum", np.sum, [data["f8"]], {"axis": 1, "where": rng.random((5, 6, 7)) < 0.5})
case("mean", np.mean, [data["f8"]], {"axis": 2, "where": rng.random((5, 6, 7)) < 0.5})
case("sum", np.sum, [data["f8"]], {"initial": 5.0})
case("mean", np.mean, [data["i1"]], {"dtype": "float32"})
case("any", np.any, [data["f8"] > 1], {"axis": 0, "keepdims": True})
case("sum", np.sum, [data["f8"]], {"axis": 3})

# Extremes, arg-extremes, ptp, clip, var/std.
stats = dict(data)
stats["nan"] = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, -np.inf]])
stats["nat"] = np.array(["2001-01-01", "NaT", "1999-01-01"], "M8[D]")
stats["ties"] = np.array([0.0, -0.0, 3.0, 3.0, -1.0, -1.0, 0.0], "f4")  # first extreme wins
stats["i8ext"] = np.array([np.iinfo(np.int64).min, 5, np.iinfo(np.int64).max, np.iinfo(np.int64).max])
stats["u8ext"] = np.array([0, np.iinfo(np.uint64).max, 7, np.iinfo(np.uint64).max], np.uint64)
for name, arr in stats.items():
    for axis in [None] + list(range(arr.ndim)):
        kw = {"axis": axis}
        if name != "nat":
            case("max", np.max, [arr], kw)
            case("min", np.min, [arr], kw)
            case("ptp", np.ptp, [arr], kw)
            case("var", np.var, [arr], kw)
            case("std", np.std, [arr], kw)
            case("var", np.var, [arr], dict(kw, ddof=1))
        case("argmax", np.argmax, [arr], kw)
        case("argmin", np.argmin, [arr], kw)
    case("argmax", np.argmax, [arr], {"axis": 0, "keepdims": True})
# Long arrays through the SIMD reduction kernels (blocks of 2048 elements) and, beyond 131072
# elements, the threaded parts: extremes late, ties across parts, NaNs, signed zeros, integer
# extremes; any/all on arrays that are zero but for one late element.
long = {"f8": rng.standard_normal(300001), "f4": rng.standard_normal((7, 40003)).astype(np.float32),
        "i4": rng.integers(-2**31, 2**31, 300001).astype(np.int32),
        "u1": rng.integers(0, 256, 150001).astype(np.uint8), "i8": rng.integers(-2**62, 2**62, 200003),
        "u2": rng.integers(0, 2**16, (3, 5000)).astype(np.uint16)}
long["f8_nan"] = long["f8"].copy()
long["f8_nan"][[250000, 290000]] = np.nan
long["f8_ties"] = np.zeros(300001)
long["f8_ties"][[100, 200000, 299999]] = [-0.0, 7.5, 7.5]
long["f4_zeros"] = np.zeros(200001, np.float32)
long["f4_zeros"][::3] = -0.0
long["f4_zeros"][199999] = np.nan
long["i2_one"] = np.zeros(300001, np.int16)
long["i2_one"][299998] = -3
long["b_one"] = np.zeros(300001, bool)
long["b_one"][150000] = True
long["b_all"] = np.ones((4, 70000), bool)
long["b_all"][2, 69999] = False
for name, arr in long.items():
    for axis in [None] + list(range(arr.ndim)):
        kw = {"axis": axis}
        case("any", np.any, [arr], kw)
        case("all", np.all, [arr], kw)
        if arr.dtype != bool:
            case("argmax", np.argmax, [arr], kw)
            case("argmin", np.argmin, [arr], kw)
            case("max", np.max, [arr], kw)
            case("min", np.min, [arr], kw)
case("max", np.max, [data["f8"]], {"axis": 1, "keepdims": True, "initial": 0.5})
case("max", np.max, [np.zeros(0)])
case("max", np.max, [np.zeros(0)], {"initial": 1.0})
case("argmax", np.argmax, [np.zeros(0)])
case("std", np.std, [data["f8"]], {"axis": 1, "where": rng.random((5, 6, 7)) < 0.6})
case("var", np.var, [data["f8"]], {"axis": [0, 2], "keepdims": True})
case("var", np.var, [data["i1"]], {"dtype": "float32"})
for lo, hi in [(-0.5, 0.5), (None, 0.1), (-0.1, None), (np.array(np.nan), 1.0)]:
    case("clip", np.clip, [data["f8"], lo, hi])
# Typed bounds: the engine types 0-d values strictly (see PARITY, scalar promotion).
case("clip", np.clip, [data["i1"], np.array(-10, np.int8), np.array(10, np.int8)])
case("clip", np.clip, [data["i1"], None, None])
case("clip", np.clip, [np.array([-0.0, 0.0, np.nan, 2.0]), 0.0, 1.0])
suite.run()
