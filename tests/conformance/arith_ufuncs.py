"""Every arith and bitwise ufunc against live NumPy, loop by loop.

For each ufunc the loops NumPy 1.24 has (ufunc.types, object loops aside) are the ones the engine
must have, in the same order; every loop runs on special values (signed zeros, infinities, NaN,
extremes, subnormals) and random values. Exact operations must match bit for bit (NaN payloads
aside); transcendental functions must stay within the ULP bounds in ULP_BOUNDS (NumPy uses SVML /
its own SIMD code for float32/float64, the engine the C library, so both sides carry their own
error). Layouts (engine-made strided and reversed views, broadcasting, 0-d, empty, in-place
overlap), errstate flags and typed errors are checked per ufunc. The largest ULP distance seen
per function and dtype is printed (the closing note's table).
"""
import itertools
import sys
import warnings

import numpy as np

from harness import Suite, numpy_outcome, outcome_problem, same_values

warnings.simplefilter("ignore")
suite = Suite("arith_ufuncs")
rng = np.random.default_rng(7)

ARITH = """add subtract multiply divide true_divide floor_divide remainder mod fmod divmod power
float_power negative positive absolute fabs sign reciprocal square sqrt cbrt exp exp2 expm1 log
log2 log10 log1p logaddexp logaddexp2 sin cos tan arcsin arccos arctan arctan2 hypot sinh cosh
tanh arcsinh arccosh arctanh degrees radians deg2rad rad2deg floor ceil trunc rint maximum minimum
fmax fmin equal not_equal less less_equal greater greater_equal logical_and logical_or
logical_xor logical_not isnan isinf isfinite isnat signbit copysign nextafter spacing ldexp frexp
modf heaviside conjugate gcd lcm""".split()
BITWISE = "bitwise_and bitwise_or bitwise_xor invert left_shift right_shift".split()

# Functions whose float32/float64/complex results are not required to be bit-identical: NumPy
# computes them with SVML or its own SIMD approximations. Bounds in ULP of the output type.
TRANSCENDENTAL = set("""cbrt exp exp2 expm1 log log2 log10 log1p sin cos tan arcsin arccos arctan
sinh cosh tanh arcsinh arccosh arctanh power float_power arctan2 logaddexp logaddexp2""".split())
ULP_BOUNDS = {"e": 1, "f": 4, "d": 4, "g": 0, "F": 4, "D": 4, "G": 0}
max_ulp = {}


def numpy_loops(name):
    seen = []
    for t in getattr(np, name).types:
        if "O" in t:
            continue
        t = t.replace("q", "l").replace("Q", "L")
        if t not in seen:
            seen.append(t)
    return seen


def floats(dt, n):
    dt = np.dtype(dt)
    info = np.finfo(dt)
    special = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, -3.0, 10.0, 1e-3, 100.5, -7.25, 0.75,
               float(info.tiny), float(info.tiny) / 4, float(info.max), -float(info.max),
               np.inf, -np.inf, np.nan]
    rand = np.concatenate([rng.standard_normal(n), rng.uniform(-1, 1, n), rng.standard_normal(n) * 30])
    return np.array(special + list(rand), dtype=dt)


def ints(dt, n, nonneg=False):
    info = np.iinfo(dt)
    special = [0, 1, 2, 3, 7, 100, info.max, info.max - 1]
    if info.min < 0 and not nonneg:
        special += [-1, -2, -7, -100, info.min, info.min + 1]
    lo = 0 if nonneg else max(info.min, -1000)
    rand = rng.integers(lo, min(info.max, 1000), n, endpoint=True)
    return np.array(special + list(rand), dtype=dt)


def values(code, n, name):
    dt = np.dtype(code)
    if code == "?":
        return np.array([False, True] * ((n + 1) // 2), dtype=bool)
    if dt.kind in "iu":
        return ints(dt, n)
    if dt.kind == "f":
        return floats(dt, n)
    if dt.kind == "c":
        re = floats(dt.char.lower(), n)
        im = np.roll(floats(dt.char.lower(), n), 5)
        return (re + 1j * im).astype(dt) if True else None
    if code == "M":
        v = rng.integers(-10**9, 10**9, n).astype("M8[s]")
        v[::7] = np.datetime64("NaT")
        return v
    if code == "m":
        v = rng.integers(-10**6, 10**6, n).astype("m8[s]")
        v[::5] = np.timedelta64("NaT")
        v[1::9] = np.timedelta64(0, "s")
        return v
    raise ValueError(code)


def operands(name, loop):
    """Input arrays for one loop: binary loops get the cross product of the special values."""
    ins = loop.split("->")[0]
    if len(ins) == 1:
        return [values(ins, 60, name)]
    a, b = values(ins[0], 12, name), values(ins[1], 12, name)
    if name in ("power",) and ins[1] in "bhil":
        b = np.abs(b) % 9  # negative integer powers are an error, tested separately
    if name in ("left_shift", "right_shift"):
        b = np.arange(-3, 70)[: a.size].astype(b.dtype) if np.dtype(b.dtype).kind == "i" else (
            np.arange(0, 70)[: a.size].astype(b.dtype))
    if name == "ldexp":
        b = np.array([0, 1, -1, 5, -5, 100, -100, 2000, -2000, 30] * 5)[: a.size].astype(b.dtype)
    x, y = np.meshgrid(a, b, indexing="ij")
    return [x.ravel(), y.ravel()]


def ordered(bits, width):
    """Monotone integer image of IEEE floats (for ULP distances)."""
    bits = bits.astype(np.int64) if width < 64 else bits.view(np.int64)
    sign = np.int64(1) << (width - 1)
    return np.where(bits & sign, -(bits & (sign - 1)), bits)


def ulp_distance(got, want):
    """Largest ULP distance between arrays of the same float/complex dtype (NaN matches NaN,
    infinities must be equal); None when a NaN/inf pattern differs."""
    if got.dtype.kind == "c":
        a = ulp_distance(got.real.copy(), want.real.copy())
        b = ulp_distance(got.imag.copy(), want.imag.copy())
        return None if a is None or b is None else max(a, b)
    gn, wn = np.isnan(got), np.isnan(want)
    if not np.array_equal(gn, wn):
        return None
    gi, wi = np.isinf(got), np.isinf(want)
    if not np.array_equal(got[gi | wi], want[gi | wi]):
        return None
    keep = ~(gn | gi | wi)
    if not keep.any():
        return 0
    g, w = got[keep], want[keep]
    if got.dtype == np.longdouble:
        g, w = g.astype(np.float64), w.astype(np.float64)  # compared exactly below anyway
    width = g.dtype.itemsize * 8
    ui = {16: np.uint16, 32: np.uint32, 64: np.uint64}[width]
    gb, wb = ordered(g.view(ui), width), ordered(w.view(ui), width)
    return int(np.max(np.abs(gb - wb)))


def compare(name, loop, got, want):
    kind = np.dtype(want.dtype).char
    if name in TRANSCENDENTAL and want.dtype.kind in "fc" and kind != "g" and kind != "G":
        d = ulp_distance(got, want)
        if d is None:
            return "NaN/inf pattern differs: got %r want %r" % (got[:6], want[:6])
        key = (name, loop)
        max_ulp[key] = max(max_ulp.get(key, 0), d)
        bound = ULP_BOUNDS[kind]
        return None if d <= bound else "%d ulp > bound %d" % (d, bound)
    return same_values(got, want)


def add_case(name, arrays, loop=None, kwargs=None):
    kwargs = kwargs or {}
    paths = [suite.save(a) for a in arrays]
    loaded = [np.load(p) for p in paths]
    ok, value = numpy_outcome(lambda: getattr(np, name)(*loaded, **kwargs))
    nout = getattr(np, name).nout
    outs = [suite.path("out") for _ in range(nout)]

    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        vals = value if isinstance(value, tuple) else (value,)
        for k, v in enumerate(vals):
            problem = compare(name, loop, np.load(outs[k]), np.asarray(v))
            if problem:
                return problem
        return None
    suite.add({"func": name, "args": paths, "kwargs": kwargs, "out": outs}, check)


# 1. The loop table: the engine's loops are NumPy's (binary128 'k'/'K' aside), in NumPy's order.
import json
import subprocess

loop_table_failures = []
for name in ARITH + BITWISE:
    proc = subprocess.run([suite.tool, "info", name, "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        loop_table_failures.append("%s: info failed: %s" % (name, proc.stderr.strip()))
        continue
    got = [l["signature"] for l in json.loads(proc.stdout)["loops"]]
    got = [g for g in got if "k" not in g and "K" not in g]
    if got != numpy_loops(name):
        loop_table_failures.append("%s: loops %s != NumPy's %s" % (name, got, numpy_loops(name)))
for problem in loop_table_failures:
    print("FAIL loop table:", problem)
suite.add({"func": "seterr", "kwargs": {}},
          lambda ans: None if not loop_table_failures else "%d loop tables differ" % len(loop_table_failures))

for name in ARITH + BITWISE:
    want = numpy_loops(name)
    for loop in want:
        add_case(name, operands(name, loop), loop)

# 2. Layouts per ufunc, through engine-made views (copy, then getitem on the copy).
LAYOUT_INDEXES = ["::2", "::-1", "1:-1", "::-3"]


def view_case(name, arrays, index):
    ids = []
    for a in arrays:
        base = str(len(suite.requests))
        suite.add({"func": "copy", "args": [suite.save(a)]}, lambda ans: None if ans.get("ok") else "copy failed")
        vid = str(len(suite.requests))
        suite.add({"func": "getitem", "args": [{"result_of": base}], "kwargs": {"index": index}},
                  lambda ans: None if ans.get("ok") else "getitem failed")
        ids.append(vid)
    sl = eval("np.s_[%s]" % index)
    ok, value = numpy_outcome(lambda: getattr(np, name)(*[a[sl] for a in arrays]))
    outs = [suite.path("out") for _ in range(getattr(np, name).nout)]

    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        vals = value if isinstance(value, tuple) else (value,)
        for k, v in enumerate(vals):
            problem = compare(name, None, np.load(outs[k]), np.asarray(v))
            if problem:
                return problem
        return None
    suite.add({"func": name, "args": [{"result_of": i} for i in ids], "out": outs}, check)


def first_float_loop(name):
    for loop in numpy_loops(name):
        if loop[0] in "dl":
            return loop
    return numpy_loops(name)[0]


for name in ARITH + BITWISE:
    loop = first_float_loop(name)
    ins = loop.split("->")[0]
    base = [values(c, 40, name)[:40] for c in ins]
    if name == "ldexp":
        base[1] = (np.arange(40) % 7).astype(base[1].dtype)
    if name in ("left_shift", "right_shift", "power") and ins[-1] in "bhil":
        base[1] = (np.arange(40) % 9).astype(base[1].dtype)
    for index in LAYOUT_INDEXES:
        view_case(name, base, index)
    # broadcasting, 0-d and empty
    if len(ins) == 2:
        add_case(name, [base[0][:3].reshape(3, 1), base[1][:4].reshape(1, 4)], None)
        add_case(name, [base[0][:5], base[1][1:2].reshape(())], None)
    add_case(name, [b[:1].reshape(()) for b in base], None)
    add_case(name, [b[:0] for b in base], None)

# 3. In-place on overlapping views: a[1:] = f(a[:-1], ...), as if the input were copied first.
for name in ["add", "subtract", "multiply", "power", "floor_divide", "remainder", "hypot", "fmax",
             "negative", "exp", "sqrt", "floor", "copysign", "logaddexp", "bitwise_xor", "left_shift"]:
    loop = first_float_loop(name)
    ins = loop.split("->")[0]
    if getattr(np, name).nout != 1:
        continue
    x = (np.arange(12) % 5 + 1).astype(loop[0])
    want = x.copy()
    f = getattr(np, name)
    args_np = [want[:-1]] + ([want[:-1][::-1].copy()] if len(ins) == 2 else [])
    f(*args_np, out=want[1:])
    base = str(len(suite.requests))
    suite.add({"func": "copy", "args": [suite.save(x)]}, lambda ans: None)
    v_out = str(len(suite.requests))
    suite.add({"func": "getitem", "args": [{"result_of": base}], "kwargs": {"index": "1:"}}, lambda ans: None)
    v_in = str(len(suite.requests))
    suite.add({"func": "getitem", "args": [{"result_of": base}], "kwargs": {"index": ":-1"}}, lambda ans: None)
    extra = [suite.save(x[:-1][::-1].copy())] if len(ins) == 2 else []
    suite.add({"func": name, "args": [{"result_of": v_in}] + extra, "kwargs": {"out": {"result_of": v_out}}},
              lambda ans: None if ans.get("ok") else "in-place call failed: %s" % ans.get("error"))
    out = suite.path("out")
    suite.add({"func": "copy", "args": [{"result_of": base}], "out": [out]},
              (lambda want, out, name: lambda ans: compare(name, None, np.load(out), want))(want, out, name))

# 4. errstate: the flags each ufunc raises on the inputs that raise them, under all='raise'.
FLAG_CASES = [
    ("floor_divide", [np.array([1, 2], "i4"), np.array([0, 1], "i4")]),
    ("floor_divide", [np.array([-2**31], "i4"), np.array([-1], "i4")]),
    ("remainder", [np.array([1], "i8"), np.array([0], "i8")]),
    ("fmod", [np.array([1], "u2"), np.array([0], "u2")]),
    ("divmod", [np.array([5], "i1"), np.array([0], "i1")]),
    ("floor_divide", [np.array([1.0]), np.array([0.0])]),
    ("remainder", [np.array([1.0]), np.array([0.0])]),
    ("log", [np.array([0.0])]),
    ("log", [np.array([-1.0])]),
    ("sqrt", [np.array([-1.0], "f")]),
    ("exp", [np.array([1000.0])]),
    ("power", [np.array([10.0]), np.array([400.0])]),
    ("arccos", [np.array([2.0])]),
    ("power", [np.array([2], "i8"), np.array([-1], "i8")]),
    ("reciprocal", [np.array([0.0])]),
    ("nextafter", [np.array([np.finfo("d").max]), np.array([np.inf])]),
    ("floor_divide", [np.array([7], "m8[s]"), np.array([0], "m8[s]")]),
    ("spacing", [np.array([np.finfo("g").max, -np.finfo("g").max], "g")]),
    ("spacing", [np.array([np.finfo("d").max])]),
]
for name, arrays in FLAG_CASES:
    with np.errstate(all="raise"):
        ok, value = numpy_outcome(lambda: getattr(np, name)(*arrays))
    suite.add({"func": "seterr", "kwargs": {"all": "raise"}}, lambda ans: None if ans.get("ok") else "seterr failed")
    paths = [suite.save(a) for a in arrays]
    outs = [suite.path("out") for _ in range(getattr(np, name).nout)]

    def flag_check(ans, ok=ok, value=value, name=name, outs=outs):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        vals = value if isinstance(value, tuple) else (value,)
        for k, v in enumerate(vals):
            problem = compare(name, None, np.load(outs[k]), np.asarray(v))
            if problem:
                return problem
        return None
    suite.add({"func": name, "args": paths, "out": outs}, flag_check)
    suite.add({"func": "seterr", "kwargs": {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}},
              lambda ans: None)

# spacing of the largest finite values (NumPy's long double loop gives NaN, the others inf).
suite.add({"func": "seterr", "kwargs": {"all": "ignore"}}, lambda ans: None)
for code in "gdf":
    x = np.array([np.finfo(code).max, -np.finfo(code).max], dtype=code)
    with np.errstate(all="ignore"):
        want = np.spacing(x)
    out = suite.path("spacing")

    def spacing_check(ans, want=want, out=out):
        if not ans.get("ok"):
            return "engine raised %s" % ans["error"]
        return compare("spacing", None, np.load(out), want)
    suite.add({"func": "spacing", "args": [suite.save(x)], "out": [out]}, spacing_check)
suite.add({"func": "seterr", "kwargs": {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}},
          lambda ans: None)

# NaN sign bits where NumPy's loops set them (value comparisons ignore NaN payloads): its long
# double absolute flips a NaN's sign bit, its fabs clears it.
for name in ["absolute", "fabs"]:
    for code in "gd":
        x = np.array([np.nan, -np.nan, -0.0, 0.0, -2.5, -np.inf], dtype=code)
        want = np.signbit(getattr(np, name)(x))
        out = suite.path("signbit")

        def sign_check(ans, want=want, out=out):
            if not ans.get("ok"):
                return "engine raised %s" % ans["error"]
            got = np.signbit(np.load(out))
            return None if (got == want).all() else "sign bits %s want %s" % (got, want)
        suite.add({"func": name, "args": [suite.save(x)], "out": [out]}, sign_check)

# 5. Typed errors and resolution: no loop, bool rules, datetime-only ufuncs, mixed kinds.
ERROR_CASES = [
    ("isnat", [np.array([1.0])]), ("isnat", [np.array([1])]),
    ("negative", [np.array([True])]), ("positive", [np.array([True])]), ("sign", [np.array([True])]),
    ("gcd", [np.array([1.5]), np.array([2.0])]), ("gcd", [np.array([True]), np.array([True])]),
    ("floor", [np.array([1 + 1j])]), ("fabs", [np.array([1j])]), ("ldexp", [np.array([1.0]), np.array([1.5])]),
    ("ldexp", [np.array([1.5], "f"), np.array([3], "u8")]), ("bitwise_and", [np.array([1.0]), np.array([1])]),
    ("invert", [np.array([1.5])]), ("left_shift", [np.array([1j]), np.array([1])]),
    ("arctan2", [np.array([1j]), np.array([1.0])]), ("heaviside", [np.array([1 + 1j]), np.array([1.0])]),
    ("power", [np.array([2, 3], "i1"), np.array([1, -1], "i1")]),
    ("floor_divide", [np.array([1], "M8[s]"), np.array([1], "M8[s]")]),
    ("remainder", [np.array([1], "m8[s]"), np.array([2])]),
    ("maximum", [np.array([1], "M8[s]"), np.array([1], "m8[s]")]),
]
for name, arrays in ERROR_CASES:
    add_case(name, arrays, None)
# Resolution through casts: results of mixed and promoted inputs.
MIXED = [("floor", "b"), ("exp", "B"), ("exp", "h"), ("exp", "l"), ("sqrt", "i"), ("square", "?"),
         ("reciprocal", "?"), ("conjugate", "?"), ("floor_divide", "??"), ("power", "??"), ("fmod", "??"),
         ("arctan2", "bh"), ("hypot", "lf"), ("frexp", "b"), ("ldexp", "fb"), ("ldexp", "ll"), ("heaviside", "bb"),
         ("maximum", "bL"), ("fmax", "bL"), ("logical_and", "bL"), ("power", "fl"), ("copysign", "if"),
         ("gcd", "bB"), ("lcm", "hI"), ("logaddexp", "ii"), ("absolute", "?"), ("sign", "bB")]
for name, codes in MIXED:
    add_case(name, [values(c, 8, name)[:8] for c in codes], None)

suite.add({"func": "bitwise_count", "args": [suite.save(np.array([0, 1, -1, 127, -128, 85], "i1"))],
           "out": [suite.path("bc")]}, lambda ans: None if ans.get("ok") else "bitwise_count failed")

# 6. binary128 loops ('k', 'K'): the engine's quad results, rounded to float64, against NumPy's
# long double results rounded to float64 (both are more precise than float64): real results
# within 1 ULP (special values included); complex results, on finite moderate inputs, within a
# relative 1e-13 (complex products and logs cancel, so the last bits legitimately depend on the
# working precision). spacing is precision-specific by definition and is not compared.
QUAD = {"g": ("float128", np.longdouble), "G": ("complex256", np.clongdouble)}


def quad_case(name, loop):
    ins, outs = loop.split("->")
    arrays = operands(name, loop)
    for i, code in enumerate(ins):
        if code == "G":
            a = arrays[i].astype(np.complex128)
            bad = ~np.isfinite(a) | (np.abs(a) > 1e6) | (np.abs(a) < 1e-6)
            arrays[i] = np.where(bad, 0.5 + 0.25j, a)
    ids = []
    np_args = []
    for code, a in zip(ins, arrays):
        path = suite.save(a.astype(np.float64 if code == "g" else np.complex128 if code == "G" else a.dtype))
        loaded = np.load(path)
        if code in QUAD:
            rid = str(len(suite.requests))
            suite.add({"func": "astype", "args": [path], "kwargs": {"dtype": QUAD[code][0]}},
                      lambda ans: None if ans.get("ok") else "astype to quad failed: %s" % ans.get("error"))
            ids.append({"result_of": rid})
            np_args.append(loaded.astype(QUAD[code][1]))
        else:
            ids.append(path)
            np_args.append(loaded)
    ok, value = numpy_outcome(lambda: getattr(np, name)(*np_args))
    rid = str(len(suite.requests))
    suite.add({"func": name, "args": ids},
              lambda ans, ok=ok: None if ans.get("ok") == ok else "quad call outcome %s" % ans.get("error"))
    if not ok:
        return
    want_dtype = np.complex128 if outs[0] == "G" else np.float64 if outs[0] == "g" else np.asarray(value).dtype
    want = np.asarray(value).astype(want_dtype)
    out = suite.path("quad")

    def check(ans, want=want, out=out):
        if not ans.get("ok"):
            return "astype back failed: %s" % ans.get("error")
        got = np.load(out)
        if want.dtype.kind == "c":
            if not np.array_equal(np.isnan(got), np.isnan(want)):
                return "NaN pattern differs"
            scale = np.maximum(np.abs(want), 1e-300)
            err = np.nanmax(np.abs(got - want) / scale) if got.size else 0.0
            return None if err <= 1e-13 else "quad vs clongdouble relative error %g" % err
        if want.dtype.kind == "f":
            d = ulp_distance(got, want)
            if d is None or d > 1:
                return "quad vs long double: %s ulp; got %r want %r" % (d, got[:4], want[:4])
            return None
        return same_values(got, want)
    suite.add({"func": "astype", "args": [{"result_of": rid}], "kwargs": {"dtype": np.dtype(want_dtype).name},
               "out": [out]}, check)


for name in ARITH:
    if getattr(np, name).nout != 1 or name == "spacing":
        continue
    for loop in numpy_loops(name):
        if "g" in loop.split("->")[0] or "G" in loop.split("->")[0]:
            quad_case(name, loop)

# The maximum ULP distance per (function, loop): the closing note's table.
def report():
    rows = sorted(max_ulp.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    for (name, loop), d in rows:
        if loop is not None:
            print("ulp %-12s %-8s %d" % (name, loop, d))


import atexit
atexit.register(report)
suite.run()
