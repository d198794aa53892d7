"""At least 500 generated index expressions over C-order, F-order and reversed arrays of 1-4
dimensions: shape, strides, offset (for views), values and error types must equal NumPy's."""
import random

import numpy as np

from harness import Suite, numpy_outcome

suite = Suite("indexing")
rnd = random.Random(7)


def rand_slice(n):
    parts = []
    for _ in range(rnd.choice([1, 2, 2, 3])):
        parts.append("" if rnd.random() < 0.3 else str(rnd.randint(-n - 2, n + 2)))
    if len(parts) == 3 and parts[2] == "0":
        parts[2] = rnd.choice(["0", "1", "-1"])
    return ":".join(parts) if len(parts) > 1 else parts[0] + ":"


def rand_item(n):
    r = rnd.random()
    if r < 0.35:
        return str(rnd.randint(-n - 1, n))
    if r < 0.75:
        return rand_slice(n)
    if r < 0.85:
        return "None"
    if r < 0.93:
        return "..."
    return rnd.choice(["1.5", "True", "False"])


def base_arrays():
    out = []
    for nd in range(1, 5):
        for _ in range(3):
            shape = tuple(rnd.randint(1, 5) for _ in range(nd))
            a = np.arange(int(np.prod(shape)), dtype=rnd.choice([np.int32, np.float64, np.int8])).reshape(shape)
            out.append(("C", a))
            out.append(("F", np.asfortranarray(a)))
            out.append(("rev", a[(slice(None, None, -1),) * nd]))
    return out


def describe_numpy(base, index_text, extra):
    env = {"a": base, "np": np}
    for k, v in enumerate(extra):
        env["arg%d" % (k + 1)] = v
    expr = index_text.replace("$", "arg")
    return numpy_outcome(lambda: eval("a[%s]" % expr if expr else "a[()]", env))


count = 0
for kind, a in base_arrays():
    for _ in range(18):
        n = a.shape[0]
        items = [rand_item(a.shape[min(i, a.ndim - 1)]) for i in range(rnd.randint(0, a.ndim + 1))]
        extra = []
        if rnd.random() < 0.25:
            axis_len = a.shape[0]
            if rnd.random() < 0.5:
                extra.append(np.array([rnd.randint(-axis_len, axis_len - 1) for _ in range(rnd.randint(1, 4))]))
            else:
                extra.append(np.array([rnd.random() < 0.5 for _ in range(axis_len)]))
            items.insert(0, "$1")
        text = ", ".join(items)
        if text.count("...") > 1 and rnd.random() < 0.5:
            text = text.replace("...", ":", 1)
        ok, value = describe_numpy(a, text, extra)
        # F-order arrays load F-ordered; reversed ones are built by the engine (see below).
        base_path = suite.save(np.flip(a) if kind == "rev" else a)
        args = [base_path] + [suite.save(e) for e in extra]
        out = suite.path("out")

        def make_check(ok=ok, value=value, a=a, out=out, layout=kind):
            def check(ans):
                if not ok:
                    if ans.get("ok"):
                        return "NumPy raised %s, engine returned" % value
                    return None if ans["error"]["type"] == value else "error %s != %s (%s)" % (
                        ans["error"]["type"], value, ans["error"]["message"])
                if not ans.get("ok"):
                    return "engine raised %s" % ans["error"]
                got = np.load(out)
                want = np.asarray(value)
                if got.shape != want.shape or got.dtype != want.dtype or got.tobytes() != np.ascontiguousarray(want).tobytes():
                    return "value mismatch %s vs %s" % (got.shape, want.shape)
                o = ans["outputs"][0]
                if np.shares_memory(value, a) and want.ndim > 0:
                    if list(o["strides"]) != list(want.strides):
                        return "strides %s != %s" % (o["strides"], want.strides)
                    off = want.__array_interface__["data"][0] - a.__array_interface__["data"][0]
                    if o["view_of"] != 0 or o["offset"] != off:
                        return "view_of/offset %s/%s != 0/%s" % (o["view_of"], o["offset"], off)
                return None
            return check
        if kind == "rev":
            # The engine builds the reversed (negative-stride) view itself with flip, and the
            # getitem request indexes that view through the batch's result_of extension.
            base_c = np.load(base_path)
            flip_id = str(len(suite.requests))
            flip_out = suite.path("out")
            rev_np = np.flip(base_c)

            def flip_check(ans, rev_np=rev_np, base_c=base_c):
                if not ans.get("ok"):
                    return "flip raised %s" % ans["error"]
                o = ans["outputs"][0]
                if list(o["strides"]) != list(rev_np.strides) or o["view_of"] != 0:
                    return "flip view %s != %s" % (o["strides"], rev_np.strides)
                return None
            suite.add({"func": "flip", "args": [base_path], "out": [flip_out]}, flip_check)
            args[0] = {"result_of": flip_id}
            ok, value = describe_numpy(rev_np, text, extra)
            suite.add({"func": "getitem", "args": args, "kwargs": {"index": text}, "out": [out]},
                      make_check(ok=ok, value=value, a=rev_np, out=out))
        else:
            loaded = np.load(args[0])
            ok, value = describe_numpy(loaded, text, extra)
            suite.add({"func": "getitem", "args": args, "kwargs": {"index": text}, "out": [out]},
                      make_check(ok=ok, value=value, a=loaded, out=out))
        count += 1
suite.run()
