"""repr() and str() of arrays of every builtin dtype against NumPy 1.24's default print options."""
import numpy as np

from harness import Suite

suite = Suite("array_repr")
rng = np.random.default_rng(11)

arrays = [
    np.arange(3.0), np.array([1 / 3, 2, 1e-5]), np.array([1.5, 2.25]), np.array([1e10, 1]),
    np.array([np.nan, np.inf, -np.inf, 1.0]), np.array([-0.0, 0.0]), np.array([1e-300, 1e300]),
    np.array([0.1, 0.2, 0.3], np.float32), np.array([0.1, 65504, -2.5], np.float16),
    np.array([1, 2.5], np.longdouble), np.arange(2000), np.arange(2000.0).reshape(40, 50),
    np.arange(24).reshape(2, 3, 4), np.arange(12, dtype=np.int8).reshape(3, 4),
    np.array([1, 2], np.uint64), np.array([-128, 127], np.int8), np.array([True, False]),
    np.array([1 + 2j, 3.5 - 1j]), np.array([1j, -1j, np.nan + 1j], np.complex64),
    np.array(["ab", "c"]), np.array([b"ab", b"\x00x"]), np.zeros(3, "V4"),
    np.array(["2001-01-01", "NaT"], "M8[D]"), np.array([1, 2], "m8[s]"), np.array(["NaT"], "m8[ns]"),
    np.array(["2020-02-29T12:34:56.789"], "M8[ms]"), np.array(["2001-05"], "M8[M]"),
    np.zeros(2, "i4,f8"), np.zeros(2, [("a", "<i2", (2,)), ("b", "S2")]), np.zeros((0, 3)),
    np.zeros(0), np.array(3.0), np.array(True), np.array(-5, np.int16), np.zeros(3, ">f8"),
    np.zeros(2, ">i4"), rng.random(7) * 1000, rng.standard_normal((3, 3)), rng.random(20) * 1e-6,
    rng.integers(-10**6, 10**6, 30), np.linspace(0, 1, 11), np.array([123456789.0, 1.0]),
    np.array([0.001, 0.0001]), np.array([1e8, 1.0]),
]
for a in arrays:
    path = suite.save(a)
    for func, fn in (("array_repr", repr), ("array_str", str)):
        want = fn(a)
        if a.dtype.char in "gG":  # documented difference: x87 extended is named longdouble here
            want = want.replace("float128", "longdouble").replace("complex256", "clongdouble")
        out = suite.path("out")

        def check(ans, want=want, out=out):
            if not ans.get("ok"):
                return "engine raised %s" % ans["error"]
            got = str(np.load(out)[()])
            return None if got == want else "got\n%s\nwant\n%s" % (got, want)
        suite.add({"func": func, "args": [path], "out": [out]}, check)
suite.run()
