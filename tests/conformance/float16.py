"""All 65,536 float16 patterns to float32/float64, and float32/float64 corner values to float16."""
import numpy as np

from harness import Suite, same_array

suite = Suite("float16")
patterns = np.arange(65536, dtype=np.uint16).view(np.float16)
src = suite.save(patterns)


def convert_check(source, target, out):
    expected = source.astype(target)

    def check(ans):
        if not ans.get("ok"):
            return "error %s" % ans["error"]
        got = np.load(out)
        if target == np.float16 or source.dtype == np.float16:
            # Compare bits; NaN payloads must match too.
            return same_array(expected.view(np.uint8), got.view(np.uint8))
        return same_array(expected, got)
    return check


for target in (np.float32, np.float64):
    out = suite.path("out")
    suite.add({"func": "ascontiguousarray", "args": [src], "kwargs": {"dtype": np.dtype(target).str},
               "out": [out]}, convert_check(patterns, target, out))

rng = np.random.default_rng(1)
corners64 = [0.0, -0.0, 1.0, -1.0, 65504.0, 65519.99, 65520.0, 65536.0, 1e300, -1e300, np.inf, -np.inf,
             np.nan, 2.0**-24, 2.0**-25, 3 * 2.0**-25, 2.0**-25 + 2.0**-60, 2.0**-14, 2.0**-14 - 2.0**-30,
             1 + 2.0**-11, 1 + 2.0**-11 + 2.0**-40, 1 + 3 * 2.0**-11, 5e-324, 0.1, 1 / 3]
values64 = np.concatenate([np.array(corners64), rng.standard_normal(3000) * 10.0 ** rng.integers(-9, 6, 3000)])
values32 = values64.astype(np.float32)
values32_extra = np.frombuffer(rng.integers(0, 2**32, 4000, dtype=np.uint64).astype(np.uint32).tobytes(), np.float32)
for source in (values64, values32, values32_extra, values64.astype(np.float32).astype(np.float64)):
    path = suite.save(source)
    out = suite.path("out")
    suite.add({"func": "ascontiguousarray", "args": [path], "kwargs": {"dtype": "<f2"}, "out": [out]},
              convert_check(source, np.float16, out))
suite.run()
