"""One call, written once, as both a request line and NumPy's side.

`call(s, "reshape", a, [2**64 - 1])` gives a Line whose request names `a` by its saved `.npy`
path and whose NumPy side is `np.reshape(a, [2**64 - 1])`. Arguments: NumPy arrays (saved;
keyword arrays as {"npy": path}), `Sc(value, dtype)` for {"scalar": ..., "dtype": ...},
`Ref(id, key)` for {"result_of": id}, anything else as the JSON value it is. Keyword lists reach
NumPy as tuples (axis=[0, 1] is axis=(0, 1)), as in the conformance suites.
"""
import re

import numpy as np

from framework import Line


class Sc:
    def __init__(self, value, dtype=None):
        self.value, self.dtype = value, dtype

    def to_json(self):
        d = {"scalar": self.value}
        if self.dtype is not None:
            d["dtype"] = self.dtype
        return d

    def to_numpy(self, env):
        return np.array(self.value, dtype=self.dtype)


class Ref:
    """{"result_of": id}; NumPy's side is the result of the line whose Line.key is `key`."""

    def __init__(self, id, key=None):
        self.id, self.key = id, key if key is not None else id

    def to_json(self):
        return {"result_of": self.id}

    def to_numpy(self, env):
        return env[self.key]


def to_json(s, v, keyword=False):
    if isinstance(v, np.ndarray):
        p = s.save(v)
        return {"npy": p} if keyword else p
    if isinstance(v, (Sc, Ref)):
        return v.to_json()
    if isinstance(v, (list, tuple)):
        return [to_json(s, x, keyword) for x in v]
    return v


def to_numpy(v, env, keyword=False):
    if isinstance(v, (Sc, Ref)):
        return v.to_numpy(env)
    if isinstance(v, (list, tuple)):
        items = [to_numpy(x, env) for x in v]
        return tuple(items) if keyword else items
    return v


def getitem(a, index, *extra):
    """a[index] for the protocol's subscript text ($k is positional argument k)."""
    args = (a,) + extra
    text = re.sub(r"\$(\d+)", lambda m: "_args[%s]" % m.group(1), index)
    return eval("_args[0][%s]" % text, {"_args": args, "__builtins__": {}})  # noqa: S307


def setitem(*args, index):
    """a[index] = value on a copy of a (the tool writes the modified array)."""
    a = args[0].copy()
    text = re.sub(r"\$(\d+)", lambda m: "_args[%s]" % m.group(1), index)
    scope = {"_args": (a,) + args[1:], "__builtins__": {}}
    exec("_args[0][%s] = _args[1]" % text, scope)  # noqa: S102
    return a


def np_function(func):
    special = {
        "getitem": lambda *args, index: getitem(args[0], index, *args[1:]),
        "astype": lambda a, dtype, **kw: a.astype(dtype, **kw),
        "copy": lambda a, **kw: np.copy(a, **kw),
        "view": lambda a, dtype: a.view(dtype),
        "dtype": np.dtype,
        "setitem": setitem,
        # A shape is one output (an int64 array), not one output per dimension.
        "broadcast_shapes": lambda *a: np.array(np.broadcast_shapes(*a), dtype=np.int64),
    }
    if func in special:
        return special[func]
    if func.endswith(".at"):  # NumPy returns None; the tool answers with the modified array
        def at(a, *rest, ufunc=getattr(np, func[:-3])):
            b = a.copy()
            ufunc.at(b, *rest)
            return b
        return at
    obj = np
    for part in func.split("."):
        obj = getattr(obj, part)
    return obj


def call(s, func, *args, numpy=None, key=None, summary=False, note="", id=None, outs=None,
         **kwargs):
    request = {"func": func, "args": [to_json(s, a) for a in args]}
    if kwargs:
        request["kwargs"] = {k: to_json(s, v, keyword=True) for k, v in kwargs.items()}
    if id is not None:
        request["id"] = id
    if outs is not None:  # the request's output paths ("out" is NumPy's keyword)
        request["out"] = outs
    if numpy is None:
        def numpy(env):
            fn = np_function(func)
            np_kwargs = {k: to_numpy(v, env, keyword=True) for k, v in kwargs.items()}
            return fn(*[to_numpy(a, env) for a in args], **np_kwargs)
    return Line(request, numpy=numpy, key=key, summary=summary, note=note)


def error_call(s, func, *args, types=(), note="", **kwargs):
    """A call NumPy cannot judge (it crashes, blocks, or has no counterpart): a clear error."""
    line = call(s, func, *args, **kwargs)
    line.numpy, line.expect, line.types, line.note = None, "error", types, note
    return line
