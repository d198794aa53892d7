"""astype for every pair of builtin dtypes over corner values (0, +-1, +-0.0, max/min, NaN, +-inf,
subnormals, large and fractional values), compared bit for bit with NumPy."""
import warnings

import numpy as np

from harness import Suite

warnings.simplefilter("ignore")
suite = Suite("astype")

numeric = ["?", "b", "B", "h", "H", "i", "I", "l", "L", "e", "f", "d", "g", "F", "D", "G"]
text = ["S1", "S8", "S40", "U1", "U8", "U40"]
times = ["M8[D]", "M8[s]", "M8[ms]", "M8[Y]", "M8[M]", "M8[W]", "m8[s]", "m8[ms]", "m8[D]", "m8[h]"]
swapped = [">i4", ">f8", ">c16", ">u2", ">f2", ">U8", ">M8[s]"]
targets = numeric + text + times + swapped + ["V4", "V16", "S", "U"]

floats = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -2.5, 2.5, 3.7, -3.7, 127.0, 128.0, 255.0, 256.0,
          -129.0, 32767.0, 65504.0, 65520.0, 1e5, 2.0**31, -2.0**31, 2.0**32, 2.0**53 + 1, 2.0**63,
          -2.0**63, 2.0**64, 1e20, -1e20, 1e300, 5e-324, 1e-310, 2.0**-24, 1.17549435e-38, 1e-45,
          np.nan, -np.nan, np.inf, -np.inf, 0.1, 1 / 3, 123456.789]
ints = [0, 1, -1, 2, 127, -128, 255, 256, 32767, -32768, 65535, 65536, 2**31 - 1, -2**31,
        2**32 - 1, 2**53 + 1, 2**63 - 1, -2**63, 12345, -67890]


def source_arrays(t):
    dt = np.dtype(t)
    if dt.kind in "biu":
        vals = np.array(ints, dtype=object)
        out = np.array([int(v) % (1 << (8 * dt.itemsize)) for v in vals], dtype=np.uint64 if dt.itemsize == 8 else np.int64)
        if dt.kind == "b":
            return np.array([True, False, True], dtype=dt)
        return out.astype(np.dtype("u%d" % dt.itemsize)).view(dt.newbyteorder("=")).astype(dt)
    if dt.kind == "f":
        return np.array(floats).astype(dt)
    if dt.kind == "c":
        re = np.array(floats)
        return (re + 1j * np.roll(re, 3)).astype(dt)
    if dt.kind == "U" or dt.kind == "S":
        vals = ["0", "1", "-7", "  42 ", "255", "256", "1_000", "+3"]
        return np.array(vals, dtype=dt)
    if dt.kind in "Mm":
        raw = np.array([0, 1, -1, 59, 1000, -1000, 86399, 10**9, -(10**9), 10**12], dtype=np.int64)
        a = raw.view("%s8[%s]" % (dt.kind, np.datetime_data(dt)[0])).astype(dt)
        a[3] = np.datetime64("NaT") if dt.kind == "M" else np.timedelta64("NaT")
        return a
    raise ValueError(t)


def significant_bytes(a):
    """Bytes that carry the values: x87 long doubles have 6 padding bytes per component."""
    a = np.ascontiguousarray(a)
    if a.dtype.char in "gG":
        return a.view(np.uint8).reshape(-1, 16)[:, :10].tobytes()
    return a.tobytes()


def implementation_defined(src, target):
    """Float -> integer conversions of NaN, inf or out-of-range values: NumPy's result depends on
    the CPU and on which loop (vectorised or scalar) handles the element. Masked, documented."""
    t = np.dtype(target)
    if src.dtype.kind not in "fc" or t.kind not in "iu":
        return np.zeros(src.shape, bool)
    re = src.real.astype(np.longdouble) if src.dtype.kind == "c" else src.astype(np.longdouble)
    info = np.iinfo(t)
    return ~np.isfinite(re) | (re <= np.longdouble(info.min) - 1) | (re >= np.longdouble(info.max) + 1)


def make_check(src, target, out):
    try:
        want = src.astype(target)
        want_error = None
    except Exception as exc:  # noqa: BLE001 - NumPy's exception type is the reference
        want, want_error = None, type(exc).__name__
    masked = implementation_defined(src, target)

    def check(ans):
        if want_error is not None:
            if ans.get("ok"):
                return "to %s: NumPy raised %s, engine succeeded" % (target, want_error)
            return None if ans["error"]["type"] == want_error else "error %s != %s (%s)" % (
                ans["error"]["type"], want_error, ans["error"]["message"])
        if not ans.get("ok"):
            return "engine raised %s" % ans["error"]
        got = np.load(out)
        if got.dtype != want.dtype:
            return "dtype %s != %s" % (got.dtype, want.dtype)
        g, w = got.reshape(-1), want.reshape(-1)
        bad = [i for i in range(w.size)
               if not masked[i] and significant_bytes(g[i:i + 1]) != significant_bytes(w[i:i + 1])]
        if bad:
            return "to %s differs at %s: src %r got %r want %r" % (
                target, bad[:4], src[bad[:4]], g[bad[:4]], w[bad[:4]])
        return None
    return check


# Pairs where NumPy 1.24 itself crashes (segfaults) on these inputs; the engine's behaviour for
# them is covered by the unit tests instead.
numpy_crashes = {("S8", t) for t in times if t.startswith("M")} | {("S8", ">M8[s]")} | {
    (s, t) for s in times if s.startswith("m") for t in ("S1", "S8", "U1", "U8", ">U8")}

sources = numeric + ["S8", "U8"] + times + swapped
for s in sources:
    src = source_arrays(s)
    path = suite.save(src)
    for t in targets:
        if (s, t) in numpy_crashes:
            continue
        out = suite.path("out")
        suite.add({"func": "astype", "args": [path, t], "out": [out]}, make_check(src, t, out))
# Text that does not parse raises NumPy's ValueError.
for bad, t in [(["abc"], "i4"), (["1.5"], "i8"), (["x"], "f8"), ([""], "?"), (["1e3"], "u1"), (["1+"], "c16")]:
    src = np.array(bad)
    path = suite.save(src)
    out = suite.path("out")
    suite.add({"func": "astype", "args": [path, t], "out": [out]}, make_check(src, t, out))
# Casting rules are enforced.
src = np.arange(3.0)
path = suite.save(src)
for t, casting in [("i4", "safe"), ("f4", "same_kind"), ("f4", "safe"), ("c8", "same_kind"), ("i8", "no")]:
    out = suite.path("out")
    ok = np.can_cast(src.dtype, t, casting)
    suite.add({"func": "astype", "args": [path, t], "kwargs": {"casting": casting}, "out": [out]},
              (lambda ok: lambda ans: None if bool(ans.get("ok")) == ok and (ok or ans["error"]["type"] == "TypeError") else "casting rule not enforced: %s" % ans)(ok))
suite.run()
