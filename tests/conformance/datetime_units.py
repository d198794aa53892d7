"""Datetime unit arithmetic against NumPy: promote_types and can_cast (safe, same_kind) over
datetime/timedelta metadata pairs with small and extreme multiples (NumPy's OverflowErrors when a
unit factor or a common divisor overflows), astype between those units over corner values, bit
for bit (NumPy's own wrapping included), and add/subtract over unit pairs, or NumPy's error."""
import itertools
import warnings

import numpy as np

from harness import Suite, bool_check, numpy_outcome, outcome_problem, same_values

warnings.simplefilter("ignore")
suite = Suite("datetime_units")

units = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]
multiples = [1, 7, 12, 14, 1000, 2147483647]
metas = ["[%s%s]" % ("" if n == 1 else n, u) for u in units for n in multiples]
values = [0, 1, -1, 7, -13, 1000003, -99999999, 2**40, -2**40, 2**60, -2**62, 2**63 - 1,
          -2**63 + 1, -2**63]  # the last one is NaT


def dtype_check(ok, value):
    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem is not None or not ok:
            return problem
        got = ans["outputs"][0]["str"]
        return None if got == value.str else "got %s want %s" % (got, value.str)
    return check



def array_check(ok, value, out):
    def check(ans):
        problem = outcome_problem(ok, value, ans)
        if problem is not None or not ok:
            return problem
        return same_values(np.load(out), value)
    return check


for kind_a, kind_b in [("M8", "M8"), ("m8", "m8"), ("M8", "m8")]:
    for ma, mb in itertools.product(metas, metas):
        a, b = kind_a + ma, kind_b + mb
        ok, value = numpy_outcome(lambda: np.promote_types(a, b))
        suite.add({"func": "promote_types", "args": [a, b]}, dtype_check(ok, value))
        if kind_a != kind_b:
            continue
        for mode in ["safe", "same_kind"]:
            out = suite.path("can_cast")
            want = bool(np.can_cast(a, b, mode))
            suite.add({"func": "can_cast", "args": [a, b], "kwargs": {"casting": mode},
                       "out": [out]}, bool_check(want, out))



def cast_values(kind, ma, mb):
    """The corner values; for datetimes through the calendar (years or months on a side), only
    those whose date fits: beyond it NumPy's day count wraps around in int64 (a meaningless
    value the engine does not reproduce) while its wrapping scale of the source is kept."""
    calendar = kind == "M8" and any(m.endswith("Y]") or m.endswith("M]") for m in (ma, mb))
    if not calendar:
        return values
    multiple = np.datetime_data(np.dtype(kind + ma))[1]
    return [v for v in values if v == -2**63 or abs(v * multiple) < 2**54]


# Casts: every unit pair at multiples 1 and 2147483647 (and 7 for a non-trivial ratio).
cast_metas = ["[%s%s]" % ("" if n == 1 else n, u) for u in units for n in [1, 7, 2147483647]]
for kind in ["M8", "m8"]:
    for ma, mb in itertools.product(cast_metas, cast_metas):
        src = np.array(cast_values(kind, ma, mb), dtype="i8").view(kind + ma)
        ok, value = numpy_outcome(lambda: src.astype(kind + mb))
        out = suite.path("astype")
        suite.add({"func": "astype", "args": [suite.save(src), kind + mb], "out": [out]},
                  array_check(ok, value, out))
        # An empty array raises NumPy's OverflowError as well (the units decide, not the values).
        empty = np.array([], dtype=kind + ma)
        ok, value = numpy_outcome(lambda: empty.astype(kind + mb))
        out = suite.path("astype_empty")
        suite.add({"func": "astype", "args": [suite.save(empty), kind + mb], "out": [out]},
                  array_check(ok, value, out))
# Datetime arithmetic (the arith plugin's unit resolution through the host's promotion): NumPy
# promotes the units as datetimes when an operand is one (then checks the input casts) and as
# timedeltas otherwise, with promotion's TypeError or OverflowError.
arith_metas = ["[%s%s]" % ("" if n == 1 else n, u) for u in units for n in [1, 2147483647]]
small = [0, 1, -1, -2**63]
for func in ["add", "subtract"]:
    for kind_a, kind_b in [("M8", "M8"), ("M8", "m8"), ("m8", "M8"), ("m8", "m8")]:
        for ma, mb in itertools.product(arith_metas, arith_metas):
            a = np.array(small, dtype="i8").view(kind_a + ma)
            b = np.array(small[::-1], dtype="i8").view(kind_b + mb)
            ok, value = numpy_outcome(lambda: getattr(np, func)(a, b))
            out = suite.path(func)
            suite.add({"func": func, "args": [suite.save(a), suite.save(b)], "out": [out]},
                      array_check(ok, value, out))
suite.run()
