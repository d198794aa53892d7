"""add and multiply against NumPy: every numeric dtype pair, layouts (contiguous, F-order,
strided, negative strides, broadcast, 0-d, empty), keywords (out, where, casting, dtype,
signature, order), in-place overlapping views, reductions and the other ufunc methods."""
import itertools
import warnings

import numpy as np

from harness import Suite, numpy_outcome, outcome_problem, same_values

warnings.simplefilter("ignore")
suite = Suite("ufunc_calls")
rng = np.random.default_rng(2)
TYPES = "?bBhHiIlLefdFDg"


def values(dt, shape):
    dt = np.dtype(dt)
    if dt.kind == "b":
        return rng.random(shape) < 0.5
    if dt.kind in "iu":
        info = np.iinfo(dt)
        lo, hi = max(info.min, -1000), min(info.max, 1000)
        return rng.integers(lo, hi, shape, endpoint=True).astype(dt)
    if dt.kind == "f":
        v = (rng.standard_normal(shape) * 100).astype(dt)
        return v
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dt)


same = same_values


def add_case(func, np_fn, arrays, kwargs=None, extra_args=(), out_arrays=None, nout=1, check_view=None):
    kwargs = dict(kwargs or {})
    paths = [suite.save(a) for a in arrays]
    loaded = [np.load(p) for p in paths]
    req_kwargs = {}
    np_kwargs = {}
    for k, v in kwargs.items():
        if isinstance(v, np.ndarray):
            p = suite.save(v)
            req_kwargs[k] = {"npy": p}
            np_kwargs[k] = np.load(p)
        else:
            req_kwargs[k] = v
            np_kwargs[k] = tuple(v) if isinstance(v, list) and k != "out" else v
    ok, value = numpy_outcome(lambda: np_fn(*loaded, *extra_args, **np_kwargs))
    outs = [suite.path("out") for _ in range(nout)]

    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        vals = value if isinstance(value, tuple) else (value,)
        for k, v in enumerate(vals):
            problem = same(np.load(outs[k]), v)
            if problem:
                return problem
        return None
    suite.add({"func": func, "args": paths + list(extra_args), "kwargs": req_kwargs, "out": outs}, check)


# Every dtype pair, contiguous.
for a_t, b_t in itertools.product(TYPES, TYPES):
    a, b = values(a_t, 7), values(b_t, 7)
    add_case("add", np.add, [a, b])
    add_case("multiply", np.multiply, [a, b])
    add_case("subtract", np.subtract, [a, b])
    add_case("maximum", np.maximum, [a, b])
    add_case("minimum", np.minimum, [a, b])
    add_case("true_divide", np.true_divide, [a, b])
for t in TYPES:
    add_case("sqrt", np.sqrt, [np.abs(values(t, 9)) if t not in "?FDG" else values(t, 9)])

# Comparisons (bool results), bitwise and shifts over every dtype pair; floats and complex in
# bitwise ufuncs must raise UFuncTypeError naming the ufunc.
COMPARE = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
for a_t, b_t in itertools.product(TYPES, TYPES):
    a, b = values(a_t, 7), values(b_t, 7)
    b[::2] = a[::2].astype(b.dtype) if a.dtype.kind not in "c" or b.dtype.kind == "c" else b[::2]
    for fn in COMPARE:
        add_case(fn, getattr(np, fn), [a, b])
    for fn in ["bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]:
        add_case(fn, getattr(np, fn), [a, b])
for t in TYPES:
    add_case("invert", np.invert, [values(t, 9)])
special_c = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan])
sa, sb = np.meshgrid(special_c, special_c)
for fn in COMPARE:
    add_case(fn, getattr(np, fn), [sa.ravel(), sb.ravel()])
    add_case(fn, getattr(np, fn), [(sa + 1j * sb).ravel(), (sb + 1j * sa).ravel()])
    add_case(fn, getattr(np, fn), [np.array(["NaT", "2001-01-01", "2001-01-01"], "M8[D]"),
                                   np.array(["NaT", "2001-01-01T00:00:01", "NaT"], "M8[s]")])
# Shift counts at or beyond the width, and negative counts.
for t in "bBhHiIlL":
    x = values(t, 8)
    counts = np.array([0, 1, 7, 8, 15, 31, 63, 64], dtype=t if t in "BHIL" else t)
    add_case("left_shift", np.left_shift, [x, counts])
    add_case("right_shift", np.right_shift, [x, counts])
    if t in "bhil":
        add_case("left_shift", np.left_shift, [x, np.full(8, -1, dtype=t)])
        add_case("right_shift", np.right_shift, [x, np.full(8, -3, dtype=t)])
add_case("bitwise_and.reduce", np.bitwise_and.reduce, [values("i", (3, 5))], {"axis": 1})
add_case("bitwise_or.reduce", np.bitwise_or.reduce, [values("H", (0,))])

# Special values through maximum/minimum/divide/sqrt.
special = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 5e-324, 1e308])
sa, sb = np.meshgrid(special, special)
for fn in ["maximum", "minimum", "true_divide", "subtract"]:
    add_case(fn, getattr(np, fn), [sa.ravel(), sb.ravel()])
    add_case(fn, getattr(np, fn), [sa.ravel().astype(np.float32), sb.ravel().astype(np.float32)])
add_case("sqrt", np.sqrt, [special])
add_case("maximum.reduce", np.maximum.reduce, [np.array([1.0, np.nan, 3.0])])
add_case("minimum.reduce", np.minimum.reduce, [np.zeros((0,))])
add_case("maximum.reduce", np.maximum.reduce, [values("i", (5, 6))], {"axis": 1})
add_case("maximum", np.maximum, [np.array([1, 2, 0], "M8[D]"), np.array(["NaT", "1970-01-01", "1971-01-01"], "M8[D]")])
add_case("subtract", np.subtract, [np.array([10, 20], "M8[D]"), np.array([1, 2], "M8[h]")])
add_case("subtract", np.subtract, [np.array([True]), np.array([False])])

# Layouts.
base = values("d", (6, 5))
layouts = {"C": base, "F": np.asfortranarray(base), "T": base.T, "strided": base[::2, ::-2],
           "neg": base[::-1], "col": base[:, :1], "row": base[:1, :], "0d": np.array(3.5),
           "empty": base[:0], "1d": base[0]}
for (na, a), (nb, b) in itertools.product(layouts.items(), layouts.items()):
    add_case("add", np.add, [a, b])
for a in layouts.values():
    add_case("multiply", np.multiply, [a, np.float32(2.5) * np.ones(a.shape[-1:] if a.ndim else (), np.float32)])

# Keywords.
a, b = values("d", (4, 5)), values("d", (4, 5))
ai, bi = values("i", (4, 5)), values("i", (4, 5))
add_case("add", np.add, [a, b], {"out": np.zeros((4, 5))})
add_case("add", np.add, [a, b], {"out": np.zeros((4, 5), np.float32)})
add_case("add", np.add, [a, b], {"out": np.zeros((4, 5), np.int64)})
add_case("add", np.add, [a, b], {"out": np.zeros((4, 5), np.int64), "casting": "unsafe"})
add_case("add", np.add, [a, b], {"out": np.zeros((2, 4, 5))})
add_case("add", np.add, [a, b], {"out": np.zeros((5, 4))})
add_case("add", np.add, [ai, bi], {"dtype": "float32"})
add_case("add", np.add, [a, b], {"dtype": "int32"})
add_case("add", np.add, [a, b], {"dtype": "int32", "casting": "unsafe"})
add_case("add", np.add, [ai, bi], {"signature": "ff->f"})
add_case("add", np.add, [ai, bi], {"signature": "dd->d"})
add_case("add", np.add, [a, b], {"casting": "no"})
add_case("add", np.add, [ai, b], {"casting": "no"})
add_case("add", np.add, [ai, b], {"casting": "equiv"})
add_case("multiply", np.multiply, [a, b], {"order": "F"})
add_case("multiply", np.multiply, [a, b], {"order": "C"})
add_case("add", np.add, [a, b], {"where": rng.random((4, 5)) < 0.5, "out": np.full((4, 5), -7.0)})
add_case("add", np.add, [a, b], {"where": rng.random(5) < 0.5, "out": np.full((4, 5), -7.0)})
add_case("add", np.add, [a, values("d", 3)])
add_case("add", np.add, [values("d", (3, 1)), values("d", (1, 4))])
add_case("add", np.add, [np.array(["a"]), np.array(["b"])])
add_case("add", np.add, [np.zeros(2, "M8[s]"), np.zeros(2, "M8[s]")])
add_case("add", np.add, [np.array([1, 2], "M8[D]"), np.array([3, -1], "m8[h]")])
add_case("add", np.add, [np.array([1, 2], "m8[s]"), np.array([3, -1], "m8[ms]")])
add_case("add", np.add, [np.array([1, 2], "m8[s]"), np.array([3, -1], "M8[D]")])
add_case("multiply", np.multiply, [np.array([1, 2, -3], "m8[s]"), np.array([3, -1, 4])])
add_case("multiply", np.multiply, [np.array([1, 2, -3], "m8[s]"), np.array([1.5, -1.0, np.nan])])

# Overlapping in-place views: as if the input were copied first.
for sl_out, sl_in in [((slice(1, None),), (slice(None, -1),)), ((slice(None, -1),), (slice(1, None),)),
                      ((slice(None, None, -1),), (slice(None),)), ((slice(None, None, 2),), (slice(1, None, 2),))]:
    x = np.arange(10.0)
    want = x.copy()
    np.add(want[sl_out], want[sl_in], out=want[sl_out])
    src = suite.save(x)
    out = suite.path("out")
    # Engine: build both views from one array with result_of, then add in place.
    idx_out = ",".join("%s:%s:%s" % (s.start if s.start is not None else "", s.stop if s.stop is not None else "", s.step if s.step is not None else "") for s in sl_out)
    idx_in = ",".join("%s:%s:%s" % (s.start if s.start is not None else "", s.stop if s.stop is not None else "", s.step if s.step is not None else "") for s in sl_in)
    base_id = str(len(suite.requests))
    suite.add({"func": "copy", "args": [src]}, lambda ans: None if ans.get("ok") else "copy failed")
    v_out = str(len(suite.requests))
    suite.add({"func": "getitem", "args": [{"result_of": base_id}], "kwargs": {"index": idx_out}}, lambda ans: None)
    v_in = str(len(suite.requests))
    suite.add({"func": "getitem", "args": [{"result_of": base_id}], "kwargs": {"index": idx_in}}, lambda ans: None)
    suite.add({"func": "add", "args": [{"result_of": v_out}, {"result_of": v_in}],
               "kwargs": {"out": {"result_of": v_out}}}, lambda ans: None)
    suite.add({"func": "copy", "args": [{"result_of": base_id}], "out": [out]},
              (lambda want, out: lambda ans: same(np.load(out), want))(want, out))

# Reductions.
# (300001,), (700, 400) and (400, 700) are long enough for the engine's threaded reductions
# (split chunks for the 1-d sum, blocks of outputs for the axis sums): results must not change.
shapes = [(0,), (1,), (5,), (7, 9), (3, 4, 5), (1000,), (20001,), (130, 70), (300001,), (700, 400),
          (400, 700)]
for shape in shapes:
    for t in "?bhilLfdeFDg":
        a = values(t, shape)
        add_case("add.reduce", np.add.reduce, [a])
        add_case("add.reduce", np.add.reduce, [a], {"axis": None})
        add_case("multiply.reduce", np.multiply.reduce, [a if t not in "fdeFDg" else a / 100])
        if len(shape) > 1:
            for axis in list(range(len(shape))) + [[0, -1]]:
                add_case("add.reduce", np.add.reduce, [a], {"axis": axis})
                add_case("add.reduce", np.add.reduce, [np.asfortranarray(a)], {"axis": axis})
            add_case("add.reduce", np.add.reduce, [a], {"axis": 0, "keepdims": True})
# maximum/minimum reductions (SIMD on contiguous chunks): plain, all non-positive with signed
# zeros as the extreme, and with NaNs planted — NumPy's serial results, NaN and zero signs included.
for shape in [(5,), (37,), (1000,), (20001,), (130, 70)]:
    for t in "fd":
        a = values(t, shape)
        neg = -np.abs(a)
        neg.flat[::7] = -0.0
        neg.flat[3::11] = 0.0
        with_nan = a.copy()
        with_nan.flat[min(a.size - 1, 17)] = np.nan
        for arr in (a, neg, with_nan):
            for name in ("maximum", "minimum"):
                add_case(name + ".reduce", getattr(np, name).reduce, [arr])
                if arr.ndim > 1:
                    add_case(name + ".reduce", getattr(np, name).reduce, [arr], {"axis": 1})
a = values("d", (6, 7))
add_case("add.reduce", np.add.reduce, [a], {"initial": 10.0})
add_case("add.reduce", np.add.reduce, [a], {"axis": 1, "where": rng.random((6, 7)) < 0.5})
add_case("add.reduce", np.add.reduce, [a], {"dtype": "float32"})
add_case("add.reduce", np.add.reduce, [a], {"axis": 1, "out": np.zeros(6, np.float32)})
add_case("add.reduce", np.add.reduce, [a], {"axis": 5})
add_case("add.reduce", np.add.reduce, [a], {"axis": [0, 0]})
add_case("add.reduce", np.add.reduce, [values("d", (0, 3))], {"axis": 0})
add_case("multiply.reduce", np.multiply.reduce, [values("i", (0,))])
add_case("add.reduce", np.add.reduce, [a[::-1, ::2]], {"axis": 1})
add_case("add.accumulate", np.add.accumulate, [values("d", 50)])
add_case("add.accumulate", np.add.accumulate, [values("i", (4, 6))], {"axis": 1})
add_case("multiply.accumulate", np.multiply.accumulate, [values("b", (4, 6))], {"axis": 0})
add_case("add.accumulate", np.add.accumulate, [values("f", (4, 6))], {"dtype": "float64"})
x = np.arange(8.0)
add_case("add.reduceat", np.add.reduceat, [x], extra_args=([0, 4, 1, 5],))
add_case("add.reduceat", np.add.reduceat, [np.arange(16.0).reshape(4, 4)], extra_args=([0, 3, 1, 2, 0],))
add_case("add.reduceat", np.add.reduceat, [np.arange(16.0).reshape(4, 4)], {"axis": 1}, extra_args=([0, 3],))
add_case("add.reduceat", np.add.reduceat, [x], extra_args=([0, 10],))
add_case("multiply.outer", np.multiply.outer, [np.arange(1, 4), np.arange(1, 5)])
add_case("add.outer", np.add.outer, [values("d", (2, 3)), values("f", 4)])


def at_case(a, idx, b, ufunc):
    want = a.copy()
    getattr(np, ufunc).at(want, idx, b)
    add_case(ufunc + ".at", lambda x, i, v: (getattr(np, ufunc).at(x, i, v), x)[1], [a], extra_args=(idx, b))


# errstate: the policy set through seterr applies to later calls in the same batch (one thread).
def errstate_case(settings, fn, args):
    with np.errstate(**settings):
        ok, value = numpy_outcome(lambda: fn(*args))
    suite.add({"func": "seterr", "kwargs": settings}, lambda ans: None if ans.get("ok") else "seterr failed")
    paths = [suite.save(a) for a in args]
    out = suite.path("out")

    def check(ans):
        if not ok:
            if ans.get("ok"):
                return "NumPy raised %s under %s, engine succeeded" % (value, settings)
            return None if ans["error"]["type"] == value else "error %s != %s" % (ans["error"]["type"], value)
        if not ans.get("ok"):
            return "engine raised %s under %s" % (ans["error"], settings)
        return same(np.load(out), value)
    suite.add({"func": fn.__name__, "args": paths, "out": [out]}, check)
    suite.add({"func": "seterr", "kwargs": {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}},
              lambda ans: None)


one, zero, big, tiny = np.array([1.0]), np.array([0.0]), np.array([1e308]), np.array([1e-308])
errstate_case({"divide": "raise"}, np.true_divide, [one, zero])
errstate_case({"divide": "ignore"}, np.true_divide, [one, zero])
errstate_case({"invalid": "raise"}, np.true_divide, [zero, zero])
errstate_case({"over": "raise"}, np.multiply, [big, big])
errstate_case({"over": "ignore"}, np.multiply, [big, big])
errstate_case({"under": "raise"}, np.multiply, [tiny, tiny])
errstate_case({"all": "raise"}, np.add, [one, one])
errstate_case({"invalid": "raise"}, np.sqrt, [np.array([-1.0])])

at_case(np.arange(6.0), [0, 0, 1, 5], 1.0, "add")
at_case(np.arange(6), [0, 0, 1, 5], 3, "multiply")
suite.run()
