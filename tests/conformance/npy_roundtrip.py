"""`.npy` round trips both ways for every dtype, byte order and memory order: NumPy writes, the
engine reads and writes back (byte-identical file expected), NumPy reads the engine's file."""
import numpy as np

from harness import Suite

suite = Suite("npy_roundtrip")
rng = np.random.default_rng(5)

simple = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "g", "c8", "c16",
          "G", "S1", "S7", "U1", "U5", "V4", "V9"]
simple += ["M8[%s]" % u for u in ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]]
simple += ["m8[%s]" % u for u in ["D", "s", "ns"]] + ["M8", "m8", "M8[25s]"]
structured = [
    np.dtype("i4,f8"),
    np.dtype([("a", "<i2"), ("b", ">f4", (2, 3)), ("c", "S3")]),
    np.dtype([("x", [("y", "<u1"), ("z", ">c8")]), ("w", "<U2")]),
    np.dtype([("a", "i1"), ("b", "<i8")], align=True),
    np.dtype({"names": ["p", "q"], "formats": ["<i4", "<f2"], "offsets": [0, 8], "itemsize": 12}),
    np.dtype([(("title", "named"), "<f8"), ("plain", "|b1")]),
    np.dtype([("é", "<i4"), ("ü", "<f8")]),  # needs format 3.0
    np.dtype([("f%d" % i, "<i4") for i in range(3000)]),  # needs format 2.0
]


def random_bytes(shape, dtype):
    n = int(np.prod(shape)) * dtype.itemsize
    raw = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
    a = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if dtype.kind == "b":
        a = a.view(np.uint8) % 2 == 1
        a = a.astype(dtype)
    if dtype.kind == "U":
        a = np.frombuffer(rng.integers(32, 0x3000, int(np.prod(shape)) * dtype.itemsize // 4, dtype=np.uint32).tobytes(), dtype=dtype).reshape(shape).copy()
    return a


cases = []
for text in simple:
    for order in "<>":
        dt = np.dtype(text).newbyteorder(order) if np.dtype(text).byteorder != "|" else np.dtype(text)
        for shape in [(), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4)]:
            a = random_bytes(shape, dt)
            cases.append(a)
            if a.ndim >= 2:
                cases.append(np.asfortranarray(a))
for dt in structured:
    for shape in [(), (3,), (2, 2)]:
        if dt.itemsize > 1000 and shape != (3,):
            continue
        cases.append(np.zeros(shape, dt))
        raw = rng.integers(0, 256, int(np.prod(shape)) * dt.itemsize, dtype=np.uint8).tobytes()
        cases.append(np.frombuffer(raw, dt).reshape(shape).copy())


def make_check(src_path, out, original):
    def check(ans):
        if not ans.get("ok"):
            return "engine raised %s" % ans["error"]
        with open(src_path, "rb") as f:
            want_bytes = f.read()
        with open(out, "rb") as f:
            got_bytes = f.read()
        if got_bytes != want_bytes:
            return "file bytes differ (header %r vs %r)" % (got_bytes[:140], want_bytes[:140])
        back = np.load(out, max_header_size=200000)
        if back.dtype != original.dtype or back.shape != original.shape:
            return "NumPy reads %s %s" % (back.dtype, back.shape)
        if back.tobytes() != original.tobytes():
            return "NumPy reads different data"
        return None
    return check


for a in cases:
    src = suite.save(a)
    out = suite.path("out")
    if a.dtype.itemsize > 1000:  # a format 2.0 header: allowed with a raised max_header_size
        suite.add({"func": "load", "kwargs": {"file": src, "max_header_size": 200000}, "out": [out]},
                  make_check(src, out, a))
    else:
        suite.add({"func": "copy", "args": [src], "kwargs": {"order": "K"}, "out": [out]},
                  make_check(src, out, a))
# Header limits: the engine refuses a header over 10000 characters by default, like np.load.
big = np.zeros(2, structured[-1])
big_path = suite.save(big)
suite.add({"func": "load", "kwargs": {"file": big_path}},
          lambda ans: None if (not ans.get("ok") and ans["error"]["type"] == "ValueError") else "accepted a huge header")
# Memory-mapped reads see the file's data.
mm = suite.save(np.arange(12.0).reshape(3, 4))
mm_out = suite.path("out")
suite.add({"func": "load", "kwargs": {"file": mm, "mmap_mode": "r"}, "out": [mm_out]},
          lambda ans: None if ans.get("ok") and (np.load(mm_out) == np.arange(12.0).reshape(3, 4)).all() else "mmap load failed")
suite.run()
