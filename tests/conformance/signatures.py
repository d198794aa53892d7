"""Every registered general function's signature (`numpy-plugins list --json`) against NumPy
1.24's: parameter names, kinds and defaults. NumPy's is inspect.signature where it has one, else
the first line of the docstring (C functions: np.zeros, np.concatenate, ...; ndarray methods:
`a.astype(dtype, ...)` with `a` for self). Deliberate differences are listed below with their
reason; an entry is checked too (the registered text must be the listed one, and NumPy's must
still differ), so nothing is skipped silently. Also checks that `info NAME` prints NAME(SIG),
and that wrong calls of NumPy's Python-level functions get NumPy's TypeError texts."""
import argparse
import inspect
import json
import re
import subprocess
import sys

import numpy as np

# name -> (the registered signature, why it differs from NumPy 1.24's).
DIFFERENCES = {
    "arange": ("start, stop=None, step=None, dtype=None, *, like=None",
               "the docstring writes arange([start,] stop[, step,], ...); these are the C "
               "parser's parameters (start is the first positional)"),
    "concatenate": ("arrays, axis=0, out=None, *, dtype=None, casting='same_kind'",
                    "the docstring's (a1, a2, ...) is a placeholder; names and kinds are those "
                    "of NumPy's dispatcher, defaults the docstring's"),
    "where": ("condition, x=<no value>, y=<no value>, /",
              "the docstring's where(condition, [x, y], /): x and y optional together"),
    "view": ("a, dtype=<no value>",
             "ndarray.view([dtype][, type]): type= (an ndarray subclass) is not supported"),
    "stack": ("arrays, axis=0, out=None",
              "NumPy 1.24's keyword-only dtype= and casting= are not implemented"),
    "hstack": ("tup", "NumPy 1.24's keyword-only dtype= and casting= are not implemented"),
    "vstack": ("tup", "NumPy 1.24's keyword-only dtype= and casting= are not implemented"),
    "clip": ("a, a_min, a_max, out=None",
             "the ufunc keywords NumPy passes on (**kwargs: where, casting, order, dtype, "
             "subok) are not implemented"),
    "array_repr": ("arr", "max_line_width, precision and suppress_small are not implemented"),
    "array_str": ("a", "max_line_width, precision and suppress_small are not implemented"),
    "getitem": ("a, *indices, index=()",
                "no NumPy function: the protocol's a[index] (docs/call-protocol.md)"),
    "setitem": ("a, value, *indices, index=()",
                "no NumPy function: the protocol's a[index] = value (docs/call-protocol.md)"),
    "set_num_threads": ("n", "no NumPy function: the engine's thread count"),
    "get_num_threads": ("", "no NumPy function: the engine's thread count"),
}
# Plugin functions whose plugin declares no signature yet (FunctionInfo::signature empty): the
# host binds nothing for them. Once one declares a signature, it is compared like the others.
UNDECLARED = {}


def numpy_object(name):
    """np.NAME (dotted names below np), else the ndarray method NAME, else None."""
    obj = np
    for part in name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return getattr(np.ndarray, name, None)
    return obj


def numpy_text(name):
    """NumPy's parameter list as text, or None when NumPy has no such function."""
    obj = numpy_object(name)
    if obj is None:
        return None
    try:
        return str(inspect.signature(obj))[1:-1]
    except (ValueError, TypeError):
        pass
    first = (obj.__doc__ or "").strip().splitlines()[0]
    inner = first[first.index("(") + 1:first.rindex(")")]
    if first.startswith("a."):  # an ndarray method: `a` is self
        return "a, " + inner if inner else "a"
    return inner


def parameters(text):
    """(name, kind, repr of default) of each parameter of a signature text, read by Python."""
    namespace = {"_NoValue": np._NoValue}
    # inspect prints a class default as <class 'float'>, the docstrings as float.
    text = re.sub(r"<class '(\w+)'>", r"\1", text.replace("<no value>", "_NoValue"))
    source = "def f(%s): pass" % text
    exec(source, namespace)  # noqa: S102 - the texts are the suite's own and NumPy's
    return [(p.name, p.kind.name, None if p.default is p.empty else repr(p.default))
            for p in inspect.signature(namespace["f"]).parameters.values()]


def difference(ours, theirs):
    """None when the two texts have the same parameters, else a description."""
    a, b = parameters(ours), parameters(theirs)
    if a == b:
        return None
    lines = ["registered (%s) != NumPy (%s)" % (ours, theirs)]
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        if x != y:
            lines.append("    parameter %d: %s != %s" % (i, x, y))
    return "\n".join(lines)


def check(function):
    """A failure text for one registered function, or None; prints the listed differences."""
    name, ours = function["name"], function["signature"]
    if name in UNDECLARED and ours == "":
        print("  %s: no signature declared (%s)" % (name, UNDECLARED[name]))
        return None
    theirs = numpy_text(name)
    if name in DIFFERENCES:
        listed, why = DIFFERENCES[name]
        if ours != listed:
            return "%s: registered (%s), the list says (%s)" % (name, ours, listed)
        try:
            stale = theirs is not None and difference(ours, theirs) is None
        except SyntaxError:  # a docstring placeholder such as (a1, a2, ...)
            stale = False
        if stale:
            return "%s: now matches NumPy; remove it from DIFFERENCES" % name
        print("  %s(%s): differs deliberately: %s" % (name, ours, why))
        return None
    if theirs is None:
        return "%s: NumPy has no such function; list it in DIFFERENCES with the reason" % name
    d = difference(ours, theirs)
    return None if d is None else "%s: %s" % (name, d)


def info_prints_signature(tool, name, text):
    out = subprocess.run([tool, "info", name], capture_output=True, text=True, check=True).stdout
    line = "  %s(%s)" % (name, text)
    return None if line in out.splitlines() else "info %s does not print %r:\n%s" % (name, line, out)


# Wrong calls of NumPy's Python-level functions (their TypeErrors are CPython's): the tool's
# binder must raise the same TypeError with the same text. (function, args, kwargs)
WRONG_CALLS = [
    ("reshape", [1, [1], "C", 4], {}),
    ("reshape", [], {}),
    ("reshape", [1], {}),
    ("reshape", [1, [1]], {"a": 1}),
    ("sum", [1], {"axs": 0}),
    ("argmax", [1, None, None, False], {}),
    ("count_nonzero", [1, None, False], {}),
    ("linspace", [0], {}),
    ("geterr", [1], {}),
    ("moveaxis", [1, 0], {"destination": 0, "x": 1}),
    ("mean", [1, None, None, None, False, True], {}),
    ("load", ["x.txt", None, False, True, "ASCII", 10], {}),
]


def binder_failures(tool):
    requests = [{"id": str(i), "func": f, "args": a, "kwargs": k}
                for i, (f, a, k) in enumerate(WRONG_CALLS)]
    batch = "".join(json.dumps(r) + "\n" for r in requests)
    proc = subprocess.run([tool, "call", "--batch", "-"], input=batch, capture_output=True,
                          text=True, check=True)
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    failures = []
    for (func, args, kwargs), answer in zip(WRONG_CALLS, answers):
        try:
            getattr(np, func)(*args, **kwargs)
            want = None
        except TypeError as e:
            want = str(e)
        got = None if answer.get("ok") else (answer["error"]["type"], answer["error"]["message"])
        if want is None or got != ("TypeError", want):
            failures.append("%s(*%r, **%r): NumPy TypeError %r, tool %r" % (func, args, kwargs,
                                                                           want, got))
    if len(answers) != len(WRONG_CALLS):
        failures.append("binder calls: %d answers for %d calls" % (len(answers), len(WRONG_CALLS)))
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    tool = parser.parse_args().tool
    listing = json.loads(subprocess.run([tool, "list", "--json"], capture_output=True, text=True,
                                        check=True).stdout)
    functions = [f for f in listing["functions"] if f["kind"] == "function"]
    failures = [f for f in map(check, functions) if f]
    names = {f["name"] for f in functions}
    for listed in sorted((set(DIFFERENCES) | set(UNDECLARED)) - names):
        failures.append("%s: listed but not registered" % listed)
    for name, text in [("reshape", "a, newshape, order='C'"),
                       ("lib.stride_tricks.as_strided",
                        "x, shape=None, strides=None, subok=False, writeable=True"),
                       ("geterr", "")]:
        failures.append(info_prints_signature(tool, name, text))
    failures += binder_failures(tool)
    failures = [f for f in failures if f]
    for f in failures:
        print("FAIL " + f)
    print("signatures: %d functions, %d failed" % (len(functions), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
