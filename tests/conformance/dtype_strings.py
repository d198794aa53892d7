"""Every dtype string NumPy accepts (for the supported types) and a corpus of malformed ones."""
import numpy as np

from harness import Suite, numpy_outcome

suite = Suite("dtype_strings")

names = [k for k in np.sctypeDict if isinstance(k, str)]
accepted = []
for base in ["?", "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "p", "P", "e", "f", "d", "F", "D",
             "b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16",
             "S", "S0", "S7", "a5", "U", "U0", "U9", "V", "V3", "V16", "c"]:
    accepted.append(base)
    for order in "<>=|":
        accepted.append(order + base)
for unit in ["", "[Y]", "[M]", "[W]", "[D]", "[h]", "[m]", "[s]", "[ms]", "[us]", "[ns]", "[ps]",
             "[fs]", "[as]", "[25s]", "[3D]", "[generic]"]:
    for kind in ["M8", "m8", "datetime64", "timedelta64"]:
        accepted.append(kind + unit)
        accepted.append(">" + kind + unit)
accepted += ["i4,f8", "i4, f8", "f8 ,i4", "(2,3)f8", "3i4", "2,3i4", "(2,)i4", "()i4", "(0,)i4",
             "i4,", "f4,(2,)i2,S3", "M8[ns],i4", "U1,U2", "p,P", "<(2,)i4", "(2,)<i4", ">(2,)>i4",
             "(2,3)S3", "2a5", "int8,int16", "b1,>f4,(3,)u2"]
# x87 long double strings keep NumPy's meaning; float128/complex256 names are the documented difference.
accepted += ["g", "G", "f16", "c32", "<f16", ">c32", "longdouble", "clongdouble", "longfloat",
             "clongfloat", "longcomplex"]
skip_names = {"float128", "complex256", "object", "object0", "object_", "O"}
accepted += [n for n in names if n not in skip_names and n not in ("O8",)]

malformed = ["flaot64", "f3", "i16", "f1", "b2", "u16", "c4", "i0", "Sx", "f8f8", ">int32",
             "<float64", ">bool", " i4", "i4 ", "(2)i4", "(2,3))f8", "((2,3))f8", "M8[xyz]",
             "M8[]", "M[ns]", "M8[ ns]", "m8[-1s]", "?1", "q8", "l8", "e2", "", "é", "int33",
             "float", "<>i4", "<(2,)>i4", "x" * 5000, "[('a','<i4')]", "i4,,f8", "(2,3"]

def attrs(d):
    return {"name": d.name, "str": d.str, "descr": str(d.descr), "itemsize": d.itemsize,
            "byteorder": d.byteorder, "kind": d.kind, "char": d.char, "alignment": d.alignment}

def make_check(text):
    ok, value = numpy_outcome(lambda: np.dtype(text))
    def check(ans):
        if not ok:
            if ans.get("ok"):
                return "NumPy raised %s, engine accepted" % value
            want = value if value != "SyntaxError" else ans["error"]["type"]
            if ans["error"]["type"] != want:
                return "error %s != %s" % (ans["error"]["type"], value)
            if value == "TypeError" and repr(text)[:40].strip("'") not in ans["error"]["message"] and len(text) < 40:
                return "message does not quote the string: " + ans["error"]["message"]
            return None
        if not ans.get("ok"):
            return "NumPy accepted, engine raised %s" % ans["error"]
        out = ans["outputs"][0]
        want = attrs(value)
        got = {"name": out["name"], "str": out["str"], "descr": out["descr"], "itemsize": out["itemsize"],
               "byteorder": out["byteorder"], "kind": out["kind"], "char": out["char"],
               "alignment": out["alignment"]}
        if value.char == "g" or value.char == "G":
            want["name"] = "longdouble" if value.char == "g" else "clongdouble"
        if got != want:
            return "got %s want %s" % (got, want)
        if out["repr"] != repr(value) and value.char not in "gG":
            return "repr %s != %s" % (out["repr"], repr(value))
        return None
    return check

for text in dict.fromkeys(accepted):
    suite.add({"func": "dtype", "args": [text]}, make_check(text))
for text in malformed:
    suite.add({"func": "dtype", "args": [text]}, make_check(text))
suite.run()
