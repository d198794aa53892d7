"""packbits, unpackbits and bitwise_count against NumPy (bitwise_count against Python's
int.bit_count of the magnitude, since NumPy 1.24 predates it): every bool/integer dtype, axes,
bit orders, counts, engine-made strided and reversed views, empty and 0-d inputs, and the typed
errors (float input, bad bitorder, axis out of range, -count too large), and the argument binding:
unknown, repeated and surplus arguments with NumPy's exact TypeErrors."""
import warnings

import numpy as np

from harness import Suite, numpy_outcome, outcome_problem, same_values

warnings.simplefilter("ignore")
suite = Suite("bitwise_functions")
rng = np.random.default_rng(11)


def case(func, array, kwargs, np_fn):
    path = suite.save(array)
    loaded = np.load(path)
    ok, value = numpy_outcome(lambda: np_fn(loaded, **kwargs))
    out = suite.path("out")

    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem or not ok:
            return problem
        return same_values(np.load(out), value)
    suite.add({"func": func, "args": [path], "kwargs": kwargs, "out": [out]}, check)


def view_case(func, array, index, kwargs, np_fn):
    base = str(len(suite.requests))
    suite.add({"func": "copy", "args": [suite.save(array)]}, lambda ans: None)
    vid = str(len(suite.requests))
    suite.add({"func": "getitem", "args": [{"result_of": base}], "kwargs": {"index": index}}, lambda ans: None)
    want = np_fn(array[eval("np.s_[%s]" % index)], **kwargs)
    out = suite.path("out")
    suite.add({"func": func, "args": [{"result_of": vid}], "kwargs": kwargs, "out": [out]},
              lambda ans: (outcome_problem(True, want, ans) or same_values(np.load(out), want)))


shapes = [(0,), (1,), (7,), (8,), (9,), (3, 5), (2, 3, 17), ()]
for code in "?bBhHiIlL":
    for shape in shapes:
        a = (rng.integers(-3, 3, shape) if code not in "?" else rng.random(shape) < 0.5).astype(code)
        for order in ("big", "little"):
            case("packbits", a, {"bitorder": order}, np.packbits)
            for axis in range(len(shape)):
                case("packbits", a, {"axis": axis, "bitorder": order}, np.packbits)
                case("packbits", a, {"axis": -1 - axis, "bitorder": order}, np.packbits)
def unpack_reference(a, **kw):
    # NumPy 1.24 leaves the padding of an empty input's count > 0 result uninitialised; the
    # engine zero-fills it, which is what NumPy returns for any non-empty input.
    r = np.unpackbits(a, **kw)
    return np.zeros_like(r) if a.size == 0 else r


for shape in shapes:
    u = rng.integers(0, 256, shape).astype(np.uint8)
    for order in ("big", "little"):
        case("unpackbits", u, {"bitorder": order}, unpack_reference)
        for count in (None, 0, 3, 8, 13, -1, -5, 100):
            case("unpackbits", u, {"count": count, "bitorder": order}, unpack_reference)
        for axis in range(len(shape)):
            for count in (None, 2, -3, 11):
                case("unpackbits", u, {"axis": axis, "count": count, "bitorder": order}, unpack_reference)
m = rng.integers(0, 2, (6, 20)).astype(np.int16)
for index in ("::2", "::-1", "1:-1, ::-3", "::-1, 2:"):
    view_case("packbits", m, index, {"axis": 1}, np.packbits)
    view_case("packbits", m, index, {}, np.packbits)
    view_case("unpackbits", m.astype(np.uint8) * 37, index, {"axis": 0, "bitorder": "little"}, np.unpackbits)
# Errors.
case("packbits", np.array([1.5]), {}, np.packbits)
case("packbits", np.array([1j]), {}, np.packbits)
case("packbits", np.array([1, 0]), {"bitorder": "middle"}, np.packbits)
case("packbits", np.array([1, 0]), {"axis": 1}, np.packbits)
case("unpackbits", np.array([1], np.int8), {}, np.unpackbits)
case("unpackbits", np.array([1], np.uint16), {}, np.unpackbits)
case("unpackbits", np.array([1], np.uint8), {"count": -9}, np.unpackbits)
case("unpackbits", np.array([1], np.uint8), {"axis": 2}, np.unpackbits)



# Argument binding (the host binds against NumPy's signatures): type and exact message as NumPy's.
# `array` is the first positional unless it is passed as keyword `a` (`a_keyword`).
def binding_case(func, array, args, kwargs, same_text=True, a_keyword=False):
    path = suite.save(array)
    loaded = np.load(path)
    np_fn = getattr(np, func)
    try:
        value = np_fn(a=loaded, *args, **kwargs) if a_keyword else np_fn(loaded, *args, **kwargs)
        want = None
    except Exception as exc:
        want = (type(exc).__name__, str(exc))
    out = suite.path("out")
    request_kwargs = dict(kwargs, a={"npy": path}) if a_keyword else kwargs
    request_args = list(args) if a_keyword else [path] + list(args)

    def check(ans):
        if want is None:
            problem = outcome_problem(True, value, ans)
            return problem or same_values(np.load(out), value)
        if ans.get("ok"):
            return "NumPy raised %s, engine succeeded" % (want,)
        got = (ans["error"]["type"], ans["error"]["message"])
        if got[0] != want[0] or (same_text and got[1] != want[1]):
            return "got %s want %s" % (got, want)
        return None
    suite.add({"func": func, "args": request_args, "kwargs": request_kwargs, "out": [out]}, check)


bits = np.array([[1, 0, 1], [0, 1, 1]], np.uint8)
for func in ("packbits", "unpackbits"):
    binding_case(func, bits, [], {"axs": 0})
    binding_case(func, bits, [0], {"axis": 0})
    binding_case(func, bits, [None, "little"] if func == "packbits" else [None, None, "little"], {})
    binding_case(func, bits, [1], {"bitorder": "little"})
    binding_case(func, bits, [], {"bitorder": None})
    binding_case(func, bits, [], {"bitorder": 5})
    binding_case(func, bits, [], {"bitorder": 1.5})
    binding_case(func, bits, [], {"axis": 1.5})
    # NumPy's C parser names its own parameter ('in'); CPython's wording names 'a': type only.
    binding_case(func, bits, [], {}, same_text=False, a_keyword=True)
binding_case("packbits", bits, [0, "big", 3], {})
binding_case("unpackbits", bits, [0, 1, "big", 2], {})
binding_case("unpackbits", bits, [0, 2, "big"], {"count": 3})
binding_case("unpackbits", bits, [], {"count": "a"})
binding_case("packbits", bits.astype(float), [], {"bitorder": "x"})  # bitorder is checked first
binding_case("packbits", bits.astype(float), [], {"axis": 5})

# bitwise_count: popcount of |x| as uint8.
def bit_count(a):
    return np.array([bin(abs(int(v))).count("1") for v in a.ravel()], np.uint8).reshape(a.shape)


for code in "bBhHiIlL":
    info = np.iinfo(code)
    a = np.array([0, 1, 2, 3, info.max, info.min, info.min + 1] + list(rng.integers(info.min, info.max, 40, dtype=code)), code)
    case("bitwise_count", a, {}, bit_count)
case("bitwise_count", np.array([1.5]), {}, lambda a: np.invert(a))  # TypeError, as invert
suite.run()
