"""Manipulation and creation routines against NumPy: shapes, strides, offsets of views, values,
and error types for bad arguments."""
import numpy as np

from harness import Suite, numpy_outcome, outcome_problem

suite = Suite("manipulation")
rng = np.random.default_rng(3)


def check_result(ok, value, inputs, outs, ulp_tolerant=False):
    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        values = value if isinstance(value, (list, tuple)) else [value]
        if len(ans["outputs"]) != len(values):
            return "%d outputs != %d" % (len(ans["outputs"]), len(values))
        for k, (want, o) in enumerate(zip(values, ans["outputs"])):
            want = np.asarray(want)
            got = np.load(outs[k])
            if got.dtype != want.dtype or got.shape != want.shape:
                return "output %d: %s %s != %s %s" % (k, got.dtype, got.shape, want.dtype, want.shape)
            if got.tobytes() != np.ascontiguousarray(want).tobytes():
                if ulp_tolerant and got.dtype.kind in "fc":
                    # Transcendental results: NumPy uses SVML on AVX-512 machines (<= 4 ulp).
                    # Complex values are compared relative to their magnitude.
                    eps = np.finfo(got.dtype).eps
                    err = np.abs(got.astype(np.complex128) - want.astype(np.complex128))
                    if np.all(err <= 4 * eps * np.abs(want.astype(np.complex128))):
                        continue
                    return "beyond 4 ulp: max relative error %g" % np.max(err / np.abs(want))
                if not (got.dtype.kind == "f" and np.array_equal(got, want, equal_nan=True)):
                    return "output %d values differ: %r vs %r" % (k, got.ravel()[:6], want.ravel()[:6])
            shares = [i for i, a in enumerate(inputs) if isinstance(a, np.ndarray) and np.shares_memory(want, a)]
            if shares and want.size > 0:
                base = inputs[shares[0]]
                if o["view_of"] != shares[0]:
                    return "output %d should be a view of argument %d" % (k, shares[0])
                if list(o["strides"]) != list(want.strides):
                    return "strides %s != %s" % (o["strides"], want.strides)
                off = want.__array_interface__["data"][0] - base.__array_interface__["data"][0]
                if o["offset"] != off:
                    return "offset %s != %s" % (o["offset"], off)
            elif o["view_of"] is not None and want.size > 0:
                return "engine returned a view where NumPy copies"
            if o["view_of"] is None and want.ndim > 0 and want.size > 0 and list(o["strides"]) != list(want.strides):
                if k == 0 and ans.get("_strict", True):
                    return "fresh strides %s != %s" % (o["strides"], want.strides)
        return None
    return check


def add(func, np_fn, args, kwargs=None, nout=1):
    kwargs = kwargs or {}
    loaded = []
    json_args = []
    for a in args:
        if isinstance(a, np.ndarray):
            p = suite.save(a)
            loaded.append(np.load(p))
            json_args.append(p)
        else:
            loaded.append(a)
            json_args.append(a)
    ok, value = numpy_outcome(lambda: np_fn(*loaded, **{k: (tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()}))
    outs = [suite.path("out") for _ in range(nout if not ok or not isinstance(value, (list, tuple)) else len(value))]
    suite.add({"func": func, "args": json_args, "kwargs": kwargs, "out": outs},
              check_result(ok, value, loaded, outs, ulp_tolerant=func in ("logspace", "geomspace")))


shapes = [(5,), (2, 3), (3, 1, 4), (2, 3, 4), (1,), (0, 3), (4, 0), ()]
dtypes = ["<f8", "<i4", "|u1", ">i2", "<c16", "|b1", "<f2", "|S3", "<U2", "<M8[s]"]
arrays = []
for shape in shapes:
    for dt in dtypes[:4]:
        arrays.append(np.asarray(rng.integers(0, 100, shape)).astype(dt))
for dt in dtypes[4:]:
    arrays.append(np.asarray(rng.integers(0, 100, (2, 3))).astype(dt))
arrays.append(np.zeros(4, "i4,(2,)f8,S3"))
arrays.append(np.asfortranarray(rng.random((3, 4))))

for a in arrays:
    nd = a.ndim
    add("transpose", np.transpose, [a])
    if nd >= 2:
        add("transpose", np.transpose, [a], {"axes": list(range(nd))[::-1]})
        add("swapaxes", np.swapaxes, [a, 0, nd - 1])
        add("moveaxis", np.moveaxis, [a, 0, -1])
        add("rollaxis", np.rollaxis, [a, nd - 1])
        add("diagonal", np.diagonal, [a])
        add("diagonal", np.diagonal, [a], {"offset": 1})
        add("diagonal", np.diagonal, [a], {"offset": -1, "axis1": nd - 1, "axis2": 0})
        add("fliplr", np.fliplr, [a])
    add("squeeze", np.squeeze, [a])
    add("expand_dims", np.expand_dims, [a, 0])
    add("expand_dims", np.expand_dims, [a], {"axis": [0, -1]})
    add("atleast_1d", np.atleast_1d, [a])
    add("atleast_2d", np.atleast_2d, [a])
    add("atleast_3d", np.atleast_3d, [a])
    for order in ["C", "F", "A", "K"]:
        add("ravel", np.ravel, [a], {"order": order})
        add("copy", np.copy, [a], {"order": order})
        add("flatten", lambda x, order: x.flatten(order), [a], {"order": order})
    add("reshape", np.reshape, [a, [-1]])
    if a.size:
        add("reshape", np.reshape, [a, [a.size, 1]], {"order": "F"})
    add("flip", np.flip, [a])
    if nd:
        add("flip", np.flip, [a], {"axis": 0})
        add("broadcast_to", np.broadcast_to, [a, [2] + list(a.shape)])
    add("real", np.real, [a])
    add("imag", np.imag, [a]) if a.dtype.kind in "fciub" else None
    add("ascontiguousarray", np.ascontiguousarray, [a])
    add("asfortranarray", np.asfortranarray, [a])

# Views through strides: reshape of non-contiguous inputs, transposed and strided.
base = rng.random((4, 6))
for a in [base.T, base[:, ::2], base[::2], base[:, :1], base[1:3, 2:5]]:
    for newshape in ([-1], [2, -1], [1, -1, 1], list(a.shape)[::-1]):
        for order in ["C", "F", "A"]:
            add("reshape", np.reshape, [a, newshape], {"order": order})
    add("ravel", np.ravel, [a], {"order": "K"})
# Errors.
a = np.arange(6.0).reshape(2, 3)
add("reshape", np.reshape, [a, [4, -1]])
add("reshape", np.reshape, [a, [-1, -1]])
add("reshape", np.reshape, [a, [6]], {"order": "K"})
add("transpose", np.transpose, [a], {"axes": [0, 0]})
add("transpose", np.transpose, [a], {"axes": [0, 2]})
add("swapaxes", np.swapaxes, [a, 0, 5])
add("squeeze", np.squeeze, [a], {"axis": 0})
add("moveaxis", np.moveaxis, [a, [0, 1], [0]])
add("broadcast_to", np.broadcast_to, [a, [3, 3]])
add("broadcast_to", np.broadcast_to, [a, [3]])
add("diagonal", np.diagonal, [a], {"axis1": 0, "axis2": 0})
add("expand_dims", np.expand_dims, [a, 5])
add("ravel", np.ravel, [a], {"order": "Z"})
add("broadcast_arrays", lambda *x: np.broadcast_arrays(*x), [np.arange(3.0), np.arange(4.0).reshape(4, 1)], nout=2)
add("broadcast_arrays", lambda *x: np.broadcast_arrays(*x), [np.arange(3.0), np.arange(4.0)], nout=2)
add("view", lambda x, dtype: x.view(dtype), [np.arange(6, dtype=np.int32).reshape(2, 3), "<i2"])
add("view", lambda x, dtype: x.view(dtype), [np.arange(6, dtype=np.int32).reshape(3, 2), "<i8"])
add("view", lambda x, dtype: x.view(dtype), [np.arange(6, dtype=np.int32).reshape(2, 3), "<i8"])
add("lib.stride_tricks.as_strided", np.lib.stride_tricks.as_strided, [np.arange(10.0)], {"shape": [4], "strides": [16]})

# Creation.
for dt in [None, "<f8", "<f4", "<i8", "<i4", "|u1", "<c16", "<f2", "|b1", ">f8", "<g"]:
    kw = {} if dt is None else {"dtype": dt}
    add("zeros", np.zeros, [[2, 3]], kw)
    add("ones", np.ones, [[3]], kw)
    add("empty", lambda s, **k: np.zeros(s, **k), [[0]], kw)
    add("full", np.full, [[2, 2], 7], kw)
    add("eye", np.eye, [3], kw)
    add("eye", np.eye, [3, 4], dict(kw, k=1))
    add("eye", np.eye, [4, 3], dict(kw, k=-2))
    add("identity", np.identity, [3], kw)
    add("arange", np.arange, [10], kw)
    add("arange", np.arange, [1, 11, 3], kw)
    add("arange", np.arange, [10, 0, -3], kw)
    if dt in (None, "<f8", "<f4", "<c16", ">f8", "<f2"):
        add("arange", np.arange, [0.5, 4.1, 0.7], kw)
        add("linspace", np.linspace, [0, 1, 7], kw)
        add("linspace", np.linspace, [2.5, -1, 6], dict(kw, endpoint=False))
        add("logspace", np.logspace, [0, 3, 4], kw)
        add("geomspace", np.geomspace, [1, 1000, 4], kw)
        add("geomspace", np.geomspace, [-1, -1000, 5], kw)
for num in [0, 1, 2, 5, 50]:
    add("linspace", np.linspace, [0, 10, num])
    add("linspace", lambda *a, **k: np.linspace(*a, **k), [0, 10, num], {"retstep": True}, nout=2)
add("linspace", np.linspace, [0, 9, 4], {"dtype": "<i8"})
add("linspace", np.linspace, [0, 1, -1])
add("geomspace", np.geomspace, [0, 1, 3])
add("arange", np.arange, [0, 5, 0])
add("arange", np.arange, [0.1, 0.35, 0.05])
add("full", np.full, [[2], 1.5])
add("full", np.full, [[2], True])
add("full", np.full, [[2], -3])
proto = np.asfortranarray(rng.random((3, 4)))
for fn, name in [(np.empty_like, "empty_like"), (np.zeros_like, "zeros_like"), (np.ones_like, "ones_like")]:
    if name == "empty_like":
        continue
    add(name, fn, [proto])
    add(name, fn, [proto], {"dtype": "<i4", "order": "C"})
    add(name, fn, [proto.T[::-1]])
add("full_like", np.full_like, [proto, 2.5])
suite.run()
