"""promote_types and can_cast (x 5 casting modes) for all pairs of builtin dtypes against NumPy."""
import itertools

import numpy as np

from harness import Suite, bool_check, numpy_outcome

suite = Suite("casting_tables")

types = ["?", "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d", "g", "F", "D", "G",
         "S", "S1", "S5", "S40", "U", "U1", "U5", "U40", "V4", "V8",
         "M8", "M8[s]", "M8[ms]", "M8[D]", "M8[Y]", "M8[M]", "M8[2s]", "M8[W]",
         "m8", "m8[s]", "m8[ms]", "m8[D]", "m8[Y]", "m8[M]", "m8[3h]",
         ">i4", ">f8", ">c16", ">U5", ">M8[s]", ">m8[ms]", "i4,f8"]
modes = ["no", "equiv", "safe", "same_kind", "unsafe"]


def dtype_check(ok, value):
    def check(ans):
        if not ok:
            if ans.get("ok"):
                return "NumPy raised %s, engine gave %s" % (value, ans["outputs"][0]["str"])
            return None if ans["error"]["type"] == value else "error %s != %s" % (ans["error"]["type"], value)
        if not ans.get("ok"):
            return "engine raised %s" % ans["error"]
        o = ans["outputs"][0]
        if o["str"] != value.str or o["descr"] != str(value.descr):
            return "got %s want %s" % (o["str"], value.str)
        return None
    return check



for a, b in itertools.product(types, types):
    ok, value = numpy_outcome(lambda: np.promote_types(a, b))
    suite.add({"func": "promote_types", "args": [a, b]}, dtype_check(ok, value))
    for mode in modes:
        out = suite.path("out")
        want = bool(np.can_cast(a, b, mode))
        suite.add({"func": "can_cast", "args": [a, b], "kwargs": {"casting": mode}, "out": [out]},
                  bool_check(want, out))
suite.run()
