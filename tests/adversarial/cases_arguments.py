"""Routine arguments, index and dtype strings, huge shapes: datetime units (item 10), unbounded
time (item 11), impossible empty shapes (item 13), C++ exceptions leaking (item 14), undefined
behaviour (item 15), and bad-inputs.md "Parsers and arguments"."""
import numpy as np

from calls import Ref, call, error_call
from framework import ANY, Case, Line
from runner import Bounds

I64_MIN, I64_MAX = -(2 ** 63), 2 ** 63 - 1


def add_cases(s):
    add_datetime_units(s)
    add_unbounded_time(s)
    add_empty_shapes(s)
    add_internal_errors(s)
    add_slices(s)
    add_dtype_strings(s)
    add_size_overflow(s)
    add_index_expressions(s)
    add_axes(s)
    add_empty_reductions(s)
    add_integer_division(s)
    add_special_values(s)
    add_overlap(s)


def add_datetime_units(s):
    """Item 10: unit conversions whose factor overflows are NumPy's OverflowError."""
    pairs = [("M8[2147483647Y]", "M8[as]"), ("m8[2147483647W]", "m8[as]"),
             ("M8[2147483647M]", "M8[fs]"), ("m8[2147483647D]", "m8[as]"),
             ("M8[1000000000Y]", "M8[ps]"), ("M8[7Y]", "M8[as]"), ("m8[3W]", "m8[13as]")]
    for a, b in pairs:
        s.add(Case("promote_types(%s, %s)" % (a, b), "#10", [call(s, "promote_types", a, b)]))
        s.add(Case("result_type(%s, %s)" % (a, b), "#10", [call(s, "result_type", a, b)]))
        s.add(Case("can_cast(%s, %s)" % (a, b), "#10", [call(s, "can_cast", a, b)]))
        x = np.array([1, 0, -1, 7], dtype=a)
        s.add(Case("astype(%s -> %s)" % (a, b), "#10", [call(s, "astype", x, b)]))
    x = np.array([1, 2], dtype="M8[2147483647Y]")
    y = np.array([1, 2], dtype="m8[as]")
    s.add(Case("add(M8[2147483647Y], m8[as])", "#10", [call(s, "add", x, y)]))
    s.add(Case("astype M8[s] 2**62 -> M8[ns] (value wraps)", "#10",
               [call(s, "astype", np.array([2 ** 62, -(2 ** 62)], "M8[s]"), "M8[ns]")]))
    for text in ("M8[2147483648Y]", "M8[9223372036854775807s]", "m8[-1s]", "M8[4294967297Y]"):
        s.add(Case("dtype(%s)" % text, "#10", [call(s, "dtype", text)]))
    s.add(Case("dtype(M8[0s])", "#10", [error_call(
        s, "dtype", "M8[0s]", types=("TypeError",),
        note="NumPy 1.24 hangs on it; PARITY.md: rejected deliberately")]))


def add_unbounded_time(s):
    """Item 11: repeat counts whose total overflows end at once; big repeats run near NumPy's
    speed (NumPy: 0.1 s for 60 M elements)."""
    a = np.arange(6)
    for reps in (2 ** 62, 2 ** 61, I64_MAX, [2 ** 62] * 6, [I64_MAX, 1, 1, 1, 1, 1]):
        s.add(Case("repeat(arange(6), %s)" % str(reps)[:30], "#11",
                   [call(s, "repeat", a, reps)], bounds=Bounds(seconds=5)))
    s.add(Case("repeat(a2, 2**62, axis=1)", "#11",
               [call(s, "repeat", a.reshape(2, 3), 2 ** 62, axis=1)], bounds=Bounds(seconds=5)))
    s.add(Case("repeat(arange(6), 10**7) within 5 s", "#11",
               [call(s, "repeat", a, 10 ** 7, summary=True)],
               bounds=Bounds(seconds=5, rss_mb=1200)))
    s.add(Case("repeat(arange(6), [10**7]*6) within 5 s", "#11",
               [call(s, "repeat", a, [10 ** 7] * 6, summary=True)],
               bounds=Bounds(seconds=5, rss_mb=1200)))
    s.add(Case("tile(arange(6), 2**62)", "#11", [call(s, "tile", a, 2 ** 62)],
               bounds=Bounds(seconds=5)))
    s.add(Case("zeros([125000000]) stays lazily zeroed", "#12",
               [call(s, "zeros", [125000000], summary=True)],
               bounds=Bounds(seconds=10, rss_mb=200)))
    s.add(Case("zeros([2**31], dtype=u1) stays lazily zeroed", "#12",
               [call(s, "zeros", [2 ** 31], dtype="u1", summary=True)],
               bounds=Bounds(seconds=10, rss_mb=200, as_mb=4096)))


def add_empty_shapes(s):
    """Item 13: a shape with a zero whose other dimensions overflow is NumPy's ValueError; the
    valid huge empty arrays go through later routines without leaking std::length_error."""
    for shape in ([0, I64_MAX, 4], [0, 2 ** 62], [0, 2 ** 62, 2 ** 62], [2 ** 62, 0, 2 ** 62],
                  [0, -1], [I64_MAX, 0]):
        for func in ("zeros", "empty", "ones"):
            s.add(Case("%s(%s)" % (func, shape), "#13", [call(s, func, shape)]))
        s.add(Case("zeros(%s, dtype=u1)" % shape, "#13", [call(s, "zeros", shape, dtype="u1")]))
    s.add(Case("full([0, 2**63-1, 4], 1)", "#13", [call(s, "full", [0, I64_MAX, 4], 1)]))
    s.add(Case("reshape(empty, [0, 2**63-1, 4])", "#13",
               [call(s, "reshape", np.zeros(0), [0, I64_MAX, 4])]))
    s.add(Case("broadcast_to(empty, [0, 2**63-1, 4])", "#13",
               [call(s, "broadcast_to", np.zeros(0), [0, I64_MAX, 4])]))
    s.add(Case("broadcast_shapes([0, 2**63-1, 4])", "#13",
               [call(s, "broadcast_shapes", [0, I64_MAX, 4])]))
    z = lambda: call(s, "zeros", [0, 2 ** 62], dtype="u1", id="z", key="z")  # noqa: E731
    followers = [("repeat(z, 2)", "repeat", (Ref("z"), 2), {}),
                 ("repeat(z, 2, axis=1)", "repeat", (Ref("z"), 2), {"axis": 1}),
                 ("repeat(z, 3, axis=0)", "repeat", (Ref("z"), 3), {"axis": 0}),
                 ("tile(z, [1, 4])", "tile", (Ref("z"), [1, 4]), {}),
                 ("concatenate([z, z], axis=1)", "concatenate", ([Ref("z"), Ref("z")],),
                  {"axis": 1}),
                 ("stack([z, z])", "stack", ([Ref("z"), Ref("z")],), {}),
                 ("reshape(z, [0, 2**62, 4])", "reshape", (Ref("z"), [0, 2 ** 62, 4]), {}),
                 ("expand_dims(z, 0)", "expand_dims", (Ref("z"), 0), {}),
                 ("sum(z, axis=0)", "sum", (Ref("z"),), {"axis": 0, "dtype": "u1"}),
                 ("astype(z, f8)", "astype", (Ref("z"), "f8"), {}),
                 ("copy(z)", "copy", (Ref("z"),), {}),
                 ("transpose(z)", "transpose", (Ref("z"),), {}),
                 ("getitem(z, '..., ::-1')", "getitem", (Ref("z"),), {"index": "..., ::-1"})]
    for name, func, args, kwargs in followers:
        second = call(s, func, *args, summary=True, **kwargs)
        s.add(Case("z=zeros([0,2**62],u1); " + name, "#13", [z(), second]))
    a = np.zeros((0, 2 ** 62), "u1")
    p = s.work.path("z0")
    np.save(p, a)
    s.add(Case("load (0, 2**62) u1 then repeat(axis=1)", "#13",
               [Line({"func": "repeat", "args": [p, 2], "kwargs": {"axis": 1}},
                     numpy=lambda env: np.repeat(np.load(p), 2, axis=1))]))


def add_internal_errors(s):
    """Item 14: empty lists and other shapes of argument that reach C++ containers: NumPy's
    error, never RuntimeError("vector::_M_range_check")."""
    a = np.arange(6.0)
    a2 = np.arange(6.0).reshape(2, 3)
    cases = [("add.reduce(a, out=[])", "add.reduce", (a,), {"out": []}),
             ("add.reduce(a2, axis=0, out=[])", "add.reduce", (a2,), {"axis": 0, "out": []}),
             ("add.accumulate(a, out=[])", "add.accumulate", (a,), {"out": []}),
             ("add(a, a, out=[])", "add", (a, a), {"out": []}),
             ("add(a, a, out=[a, a])", "add", (a, a), {"out": [np.zeros(6), np.zeros(6)]}),
             ("divmod(a, a, out=[a])", "divmod", (a, a), {"out": [np.zeros(6)]}),
             ("add.reduceat(a, [])", "add.reduceat", (a, []), {}),
             ("add.reduceat(a, [2**63-1])", "add.reduceat", (a, [I64_MAX]), {}),
             ("add.reduceat(a, [-2**63])", "add.reduceat", (a, [I64_MIN]), {}),
             ("add.at(a, [], 1)", "add.at", (a, [], 1.0), {}),
             ("add.outer(a, empty)", "add.outer", (a, np.zeros(0)), {}),
             ("transpose(a2, [])", "transpose", (a2, []), {}),
             ("transpose(a2, [0])", "transpose", (a2, [0]), {}),
             ("moveaxis(a2, [0, 1], [0])", "moveaxis", (a2, [0, 1], [0]), {}),
             ("moveaxis(a2, [], [0])", "moveaxis", (a2, [], [0]), {}),
             ("concatenate([])", "concatenate", ([],), {}),
             ("stack([])", "stack", ([],), {}),
             ("result_type()", "result_type", (), {}),
             ("broadcast_shapes()", "broadcast_shapes", (), {}),
             ("broadcast_arrays()", "broadcast_arrays", (), {}),
             ("where()", "where", (), {}),
             ("squeeze(a2, axis=[])", "squeeze", (a2,), {"axis": []}),
             ("expand_dims(a, [])", "expand_dims", (a,), {"axis": []}),
             ("tile(a, [])", "tile", (a, []), {}),
             ("sum(a2, axis=[])", "sum", (a2,), {"axis": []}),
             ("roll(a2, [], axis=[])", "roll", (a2, []), {"axis": []}),
             ("roll(a2, [1, 2], axis=[0])", "roll", (a2, [1, 2]), {"axis": [0]}),
             ("repeat(a, [])", "repeat", (a, []), {}),
             ("repeat(a, [1, 2])", "repeat", (a, [1, 2]), {}),
             ("reshape(a, [])", "reshape", (a, []), {}),
             ("broadcast_to(a, [])", "broadcast_to", (a, []), {}),
             ("zeros([])", "zeros", ([],), {}),
             ("flip(a2, axis=[])", "flip", (a2,), {"axis": []}),
             ("lib.stride_tricks.as_strided(a, shape=[2], strides=[])",
              "lib.stride_tricks.as_strided", (a,), {"shape": [2], "strides": []}),
             ("setitem(a, '::2', empty)", "setitem", (a, np.zeros(0)), {"index": "::2"})]
    for name, func, args, kwargs in cases:
        s.add(Case(name, "#14", [call(s, func, *args, **kwargs)]))
    for idx in ("$1", "$99999999999999999999", "$-1", "$"):
        s.add(Case("getitem(a, index=%r) with no such argument" % idx, "#14",
                   [error_call(s, "getitem", a, index=idx, types=("IndexError", "ValueError"),
                               note="the protocol's $k names a positional argument")]))


def add_slices(s):
    """Item 15: slice steps and bounds at the int64 limits (negating INT64_MIN, stride x step
    overflow) give NumPy's views, over C-order and engine-built reversed arrays."""
    a = np.arange(10.0)
    a2 = np.arange(12.0).reshape(3, 4)
    big = 2 ** 62
    indices = ["::%d" % I64_MIN, "::%d" % big, "::%d" % -big, "::%d" % I64_MAX,
               "::%d" % -I64_MAX, "%d:" % I64_MAX, ":%d" % I64_MIN, "%d::-1" % I64_MIN,
               "%d:%d:-1" % (I64_MAX, I64_MIN), "%d:%d:%d" % (I64_MIN, I64_MAX, I64_MIN),
               "::%d" % 2 ** 63, "::%d" % -(2 ** 63 + 1), "%d:" % 2 ** 64, ":%d" % -(2 ** 70),
               "1::%d" % I64_MIN, "-1::%d" % I64_MIN, "::0"]
    for idx in indices:
        s.add(Case("a[%s]" % idx, "#15", [call(s, "getitem", a, index=idx)]))
    for idx in ("::%d, ::%d" % (I64_MIN, big), "::%d, %d" % (big, I64_MIN),
                "..., ::%d" % I64_MIN, "None, ::%d, None" % -big):
        s.add(Case("a2[%s]" % idx, "#15", [call(s, "getitem", a2, index=idx)]))
    for idx in ("::%d" % I64_MIN, "::%d" % big, "%d::%d" % (I64_MIN, I64_MIN)):
        s.add(Case("flip(a)[%s] (engine-built view)" % idx, "#15", [
            call(s, "flip", a, id="f", key="f"),
            call(s, "getitem", Ref("f"), index=idx)]))
    # as_strided: NumPy does no bounds check (a wild pointer); the engine must refuse.
    for shape, strides in (([2], [2 ** 62]), ([3, 3], [I64_MIN, 8]), ([2, 2], [big, big]),
                           ([2 ** 62], [8]), ([2], [-8])):
        s.add(Case("as_strided(shape=%s, strides=%s)" % (shape, strides), "#15", [error_call(
            s, "lib.stride_tricks.as_strided", a, shape=shape, strides=strides,
            note="NumPy does not check; bad-inputs.md: error, never a wild pointer")]))
    s.add(Case("as_strided stride 0 then ::2**62", "#15", [
        call(s, "lib.stride_tricks.as_strided", a, shape=[2 ** 40], strides=[0], id="b",
             key="b", summary=True),
        call(s, "getitem", Ref("b"), index="::%d" % big)]))


def add_dtype_strings(s):
    """Item 15 (sizes that overflow) and bad-inputs.md dtype strings: NumPy's TypeError naming
    the string, or NumPy's dtype."""
    wrapped = ("S9223372036854775807", "U2305843009213693952", "V9223372036854775807",
               "S18446744073709551616", "a9223372036854775807", "U4611686018427387904")
    for text in wrapped:  # NumPy wraps the size to a nonsense dtype: no UB is all that is asked
        line = Line({"func": "dtype", "args": [text]}, expect=ANY,
                    note="NumPy 1.24 wraps the size; the answer must come without UB")
        s.add(Case("dtype(%s)" % text[:24], "#15", [line]))
    for text in ("S-1", "U-1"):
        s.add(Case("dtype(%s)" % text, "dtypes", [error_call(
            s, "dtype", text, types=("TypeError",), note="PARITY.md: rejected deliberately")]))
    texts = ["flaot32", "f3", "i16", "M8[xyz]", "(2,3", "(2,3)f8", "", "   ", "f8,", ",f8",
             "i4,(4611686018427387904,)i8", "(9223372036854775807,)i4",
             "(4294967296,4294967296)f8", "(" * 10000 + "f8", "x" * 100000, "f8," * 1000,
             "[('a', 'f8')]", "U0", "S0", "<>f8", "|f8", "=i4", "i0", "u3",
             "f8" + "\x00" + "junk", "M8[1000000000000000000000s]", "(2,)(3,)f8"]
    for text in texts:
        s.add(Case("dtype(%r)" % text[:30], "dtypes", [call(s, "dtype", text)]))
        if len(text) < 1000:  # NumPy takes minutes to cast into 1000 fields
            s.add(Case("astype(a, %r)" % text[:30], "dtypes",
                       [call(s, "astype", np.arange(3.0), text)]))


def add_size_overflow(s):
    """Item 15: sizes computed in concatenate, tile, repeat and the creation routines."""
    a = np.arange(6)
    e = np.zeros((0, 2 ** 62), "u1")
    cases = [("concatenate 3 x (0, 2**62) u1 axis=1", "concatenate", ([e, e, e],), {"axis": 1}),
             ("concatenate 2 x (0, 2**62) u1 axis=0", "concatenate", ([e, e],), {"axis": 0}),
             ("tile(a, [2**62, 2**62])", "tile", (a, [2 ** 62, 2 ** 62]), {}),
             ("tile(a, [2**31, 2**31, 4])", "tile", (a, [2 ** 31, 2 ** 31, 4]), {}),
             ("tile(e, [4, 2])", "tile", (e, [4, 2]), {}),
             ("repeat(a, [2**62]*6)", "repeat", (a, [2 ** 62] * 6), {}),
             ("arange(0, 2**62, 1)", "arange", (0, 2 ** 62, 1), {}),
             ("arange(-2**63, 2**63-1, 2**62)", "arange", (I64_MIN, I64_MAX, 2 ** 62), {}),
             ("arange(0, 10, 2**-1074 step)", "arange", (0, 10, 5e-324), {}),
             ("linspace(0, 1, num=2**62)", "linspace", (0, 1), {"num": 2 ** 62}),
             ("eye(2**32)", "eye", (2 ** 32,), {}),
             ("eye(3, k=-2**63)", "eye", (3,), {"k": I64_MIN}),
             ("identity(2**32)", "identity", (2 ** 32,), {}),
             ("full([2**31, 2**31], 0)", "full", ([2 ** 31, 2 ** 31], 0), {}),
             ("ones([2**40, 2**40], dtype=u1)", "ones", ([2 ** 40, 2 ** 40],), {"dtype": "u1"}),
             ("roll(a, -2**63)", "roll", (a, I64_MIN), {}),
             ("roll(a, 2**63-1)", "roll", (a, I64_MAX), {}),
             ("diagonal(offset=-2**63)", "diagonal", (a.reshape(2, 3),), {"offset": I64_MIN}),
             ("var(ddof=-2**63)", "var", (a,), {"ddof": I64_MIN}),
             ("var(ddof=2**63-1)", "var", (a,), {"ddof": I64_MAX}),
             ("std(ddof=-2**63)", "std", (a,), {"ddof": I64_MIN}),
             ("var(ddof=2**64)", "var", (a,), {"ddof": 2 ** 64}),
             ("mean(axis=-2**63)", "mean", (a,), {"axis": I64_MIN}),
             ("count_nonzero(axis=-2**63)", "count_nonzero", (a,), {"axis": I64_MIN}),
             ("squeeze(axis=-2**63)", "squeeze", (a,), {"axis": I64_MIN}),
             ("swapaxes(a, -2**63, 0)", "swapaxes", (a, I64_MIN, 0), {}),
             ("expand_dims(a, -2**63)", "expand_dims", (a, I64_MIN), {}),
             ("broadcast_to(a, [-1])", "broadcast_to", (a, [-1]), {}),
             ("broadcast_to(a, [2**62, 6])", "broadcast_to", (a, [2 ** 62, 6]), {}),
             ("reshape(a, [-2**63])", "reshape", (a, [I64_MIN]), {}),
             ("reshape(a, [-1, -1])", "reshape", (a, [-1, -1]), {}),
             ("reshape(a, [2**62, 0, -1])", "reshape", (a, [2 ** 62, 0, -1]), {}),
             ("clip(a, -2**63, 2**63-1)", "clip", (a, I64_MIN, I64_MAX), {}),
             ("add.reduce(a, initial=2**63-1)", "add.reduce", (a,), {"initial": I64_MAX})]
    for name, func, args, kwargs in cases:
        s.add(Case(name, "#15", [call(s, func, *args, **kwargs)], bounds=Bounds(seconds=5)))
    s.add(Case("zeros([2**33], dtype=U2**40)", "#15", [error_call(
        s, "zeros", [2 ** 33], dtype="U1099511627776", types=("MemoryError", "ValueError"),
        note="NumPy 1.24 wraps the itemsize (a C int)")]))
    s.add(Case("arange(0, 2**63-1) (NumPy: empty)", "#15", [error_call(
        s, "arange", 0, I64_MAX, types=("MemoryError", "ValueError"),
        note="NumPy 1.24's length wraps and it returns an empty array")], bounds=Bounds(seconds=5)))


def add_index_expressions(s):
    """bad-inputs.md: out-of-bounds, too many indices, two ellipses, masks of the wrong shape,
    floats, malformed text: IndexError / TypeError like NumPy."""
    a = np.arange(6.0)
    a2 = np.arange(6.0).reshape(2, 3)
    for idx in ("6", "-7", "0, 0", "..., ...", "1.5", "1.0:", ":1.5", "'x'", "['x', 'y']",
                "None, " * 64 + "...", "None, " * 70 + "0", "0:3:0", "[", "1:2:3:4", "$$",
                "(", ")", "0,,0", "True", "None", "...",
                "%d" % 2 ** 63, "%d" % -(2 ** 63), "%d" % -(2 ** 63 + 1)):
        s.add(Case("a[%s]" % idx[:30], "index", [call(s, "getitem", a, index=idx)]))
    for idx in ("1, 1, 1", "..., 3", "-3, 0", "0, ..., 0, ..."):
        s.add(Case("a2[%s]" % idx, "index", [call(s, "getitem", a2, index=idx)]))
    masks = [np.array([True, False, True]), np.ones((3, 2), bool), np.ones((2, 3, 1), bool)]
    for m in masks:
        s.add(Case("a2[bool mask %s]" % (m.shape,), "index",
                   [call(s, "getitem", a2, m, index="$1")]))
    for ints in ([2 ** 62], [I64_MIN], [I64_MAX, 0], [-7], [6]):
        s.add(Case("a[int array %s]" % ints[:1], "index",
                   [call(s, "getitem", a, np.array(ints, "i8"), index="$1")]))
    s.add(Case("a[float array]", "index",
               [call(s, "getitem", a, np.array([1.0]), index="$1")]))
    s.add(Case("setitem out of bounds", "index",
               [call(s, "setitem", a, 1.0, index="%d" % I64_MIN)]))


def add_axes(s):
    """bad-inputs.md: axis out of range, duplicate axes: AxisError / ValueError."""
    a2 = np.arange(6.0).reshape(2, 3)
    cases = [("sum(axis=2)", "sum", (a2,), {"axis": 2}),
             ("sum(axis=-3)", "sum", (a2,), {"axis": -3}),
             ("sum(axis=[0, 0])", "sum", (a2,), {"axis": [0, 0]}),
             ("sum(axis=[0, -2])", "sum", (a2,), {"axis": [0, -2]}),
             ("moveaxis([0, 0], [0, 1])", "moveaxis", (a2, [0, 0], [0, 1]), {}),
             ("transpose([0, 0])", "transpose", (a2, [0, 0]), {}),
             ("squeeze(axis=5)", "squeeze", (a2,), {"axis": 5}),
             ("expand_dims([0, 0])", "expand_dims", (a2, [0, 0]), {}),
             ("expand_dims(axis=64)", "expand_dims", (a2, 64), {}),
             ("concatenate(axis=5)", "concatenate", ([a2, a2],), {"axis": 5}),
             ("swapaxes(5, 0)", "swapaxes", (a2, 5, 0), {}),
             ("flip(axis=[0, 0])", "flip", (a2,), {"axis": [0, 0]}),
             ("add.reduce(axis=[1, 1])", "add.reduce", (a2,), {"axis": [1, 1]}),
             ("add.accumulate(axis=2)", "add.accumulate", (a2,), {"axis": 2}),
             ("roll(axis=3)", "roll", (a2, 1), {"axis": 3}),
             ("stack(axis=3)", "stack", ([a2, a2],), {"axis": 3})]
    for name, func, args, kwargs in cases:
        s.add(Case(name, "axes", [call(s, func, *args, **kwargs)]))


def add_empty_reductions(s):
    e = np.zeros((0, 3))
    cases = [("maximum.reduce(empty)", "maximum.reduce", (np.zeros(0),), {}),
             ("minimum.reduce(zeros((0,3)), axis=0)", "minimum.reduce", (e,), {"axis": 0}),
             ("minimum.reduce(zeros((0,3)), axis=1)", "minimum.reduce", (e,), {"axis": 1}),
             ("ptp(zeros((0,3)), axis=0)", "ptp", (e,), {"axis": 0}),
             ("amax(empty)", "amax", (np.zeros(0),), {}),
             ("maximum.reduce(empty, initial=1)", "maximum.reduce", (np.zeros(0),),
              {"initial": 1.0}),
             ("add.reduce(empty)", "add.reduce", (np.zeros(0),), {}),
             ("mean(empty)", "mean", (np.zeros(0),), {}),
             ("var(empty, axis=0)", "var", (e,), {"axis": 0})]
    for name, func, args, kwargs in cases:
        s.add(Case(name, "reductions", [call(s, func, *args, **kwargs)]))


def add_integer_division(s):
    """bad-inputs.md: INT_MIN // -1, INT_MIN % -1, division by zero: NumPy's values, and under
    seterr(all='raise') NumPy's FloatingPointError."""
    for t in ("i1", "i2", "i4", "i8"):
        lo = np.iinfo(t).min
        x = np.array([lo, lo, 7, -7, 0], t)
        y = np.array([-1, 0, 0, -1, 0], t)
        for func in ("floor_divide", "remainder", "fmod", "divmod"):
            s.add(Case("%s(%s min, -1 / 0)" % (func, t), "division", [call(s, func, x, y)]))
        raising = [Line({"func": "seterr", "kwargs": {"all": "raise"}}, expect=ANY)]
        for func in ("floor_divide", "remainder"):
            line = call(s, func, np.array([lo], t), np.array([-1], t))
            line.numpy = raise_numpy(func, np.array([lo], t), np.array([-1], t))
            raising.append(line)
        line = call(s, "floor_divide", np.array([1], t), np.array([0], t))
        line.numpy = raise_numpy("floor_divide", np.array([1], t), np.array([0], t))
        raising.append(line)
        s.add(Case("seterr(raise): %s min // -1, %% -1, 1 // 0" % t, "division", raising))
    f = np.array([1.0, -1.0, 0.0, np.nan, np.inf])
    s.add(Case("true_divide(f8, 0.0)", "division", [call(s, "true_divide", f, np.zeros(5))]))
    s.add(Case("floor_divide(f8, 0.0)", "division", [call(s, "floor_divide", f, np.zeros(5))]))


def raise_numpy(func, x, y):
    def fn(env):
        with np.errstate(all="raise"):
            return getattr(np, func)(x, y)
    return fn


def add_special_values(s):
    """bad-inputs.md: NaN, +-inf, -0.0 and signalling NaN through max/min/abs/sign/log1p/
    power/fmod: NumPy's bits."""
    snan = np.array([0x7FF0000000000001], "u8").view("f8")[0]
    v = np.array([np.nan, -np.nan, np.inf, -np.inf, -0.0, 0.0, 1.0, -1.0, snan, 5e-324])
    for t in ("f8", "f4", "f2"):
        x = v.astype(t)
        y = x[::-1].copy()
        for func in ("maximum", "minimum", "fmax", "fmin", "power", "fmod", "copysign"):
            s.add(Case("%s(special %s)" % (func, t), "special", [call(s, func, x, y)]))
        for func in ("absolute", "sign", "log1p", "negative", "sqrt"):
            s.add(Case("%s(special %s)" % (func, t), "special", [call(s, func, x)]))
        for func in ("maximum.reduce", "minimum.reduce", "amax", "amin"):
            s.add(Case("%s(special %s)" % (func, t), "special", [call(s, func, x)]))


def add_overlap(s):
    """bad-inputs.md: in-place ops on overlapping views give NumPy's result (inputs as if
    copied first): a[1:] += a[:-1], reversed, strided."""
    forms = [("a[1:] += a[:-1]", "1:", ":-1"), ("a[::-1] += a", "::-1", "..."),
             ("a[2:] += a[:-2:1]", "2:", ":-2"), ("a[::2] += a[1::2]", "::2", "1::2"),
             ("a[:-1] += a[1:]", ":-1", "1:")]
    for name, out_idx, in_idx in forms:
        def whole(env, out_idx=out_idx, in_idx=in_idx):
            a = np.arange(8.0)
            np.add(eval("a[%s]" % out_idx), eval("a[%s]" % in_idx), out=eval("a[%s]" % out_idx))
            return a
        lines = [call(s, "arange", 8.0, id="base", key="base"),
                 call(s, "getitem", Ref("base"), index=out_idx, id="o", key="o"),
                 call(s, "getitem", Ref("base"), index=in_idx, id="i", key="i"),
                 Line({"func": "add", "args": [{"result_of": "o"}, {"result_of": "i"}],
                       "kwargs": {"out": {"result_of": "o"}}}, expect=ANY),
                 Line({"func": "copy", "args": [{"result_of": "base"}]}, numpy=whole)]
        s.add(Case("overlap " + name, "overlap", lines))
