"""Regression tests of the call protocol's hardening (issue 10), against live NumPy 1.24.

Covers: nesting depth bounded while parsing (batch lines and the single-call form), answers
flushed per line (seen before the next line is written, kept when the tool is killed), Python
ints beyond int64 (NumPy's OverflowError, ValueError or uint64 promotion, never a wrap), None
where NumPy requires a value, request ids compared as JSON values, the bounded result store
(eviction named, memory bounded under RLIMIT_AS), out= tuples of the wrong length, and the
single-call exit status. Prints `N passed, M failed`; exits non-zero on any failure.
"""
import argparse
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--tool", required=True)
parser.add_argument("--sanitized", action="store_true",
                    help="the tool is built with ASan, whose shadow memory rules out RLIMIT_AS")
ARGS = parser.parse_args()
TOOL = ARGS.tool
WORK = tempfile.mkdtemp(prefix="np_protocol_")
FAILURES = []
PASSED = [0]


def expect(cond, what):
    if cond:
        PASSED[0] += 1
    else:
        FAILURES.append(what)
        print("FAIL:", what)


def path(name):
    return os.path.join(WORK, name)


def batch(lines, extra=(), preexec_fn=None, timeout=120):
    """Runs `call --batch -` over request dicts (or raw text lines); returns the answers."""
    text = "".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines)
    proc = subprocess.run([TOOL, "call", "--batch", "-", *extra], input=text, text=True,
                          capture_output=True, timeout=timeout, preexec_fn=preexec_fn)
    expect(proc.returncode == 0, "batch exits 0 (got %d: %s)" % (proc.returncode, proc.stderr[-300:]))
    return [json.loads(l) for l in proc.stdout.splitlines()]


def numpy_outcome(fn):
    try:
        with np.errstate(all="ignore"):
            return True, fn()
    except Exception as exc:  # NumPy's exception type is the reference
        return False, type(exc).__name__


A = np.arange(6)
np.save(path("a.npy"), A)
np.save(path("m.npy"), np.ones((2, 3)))
np.save(path("u1.npy"), A.astype(np.uint8))
np.save(path("u8.npy"), A.astype(np.uint64))
np.save(path("f4.npy"), A.astype(np.float32))
np.save(path("f8.npy"), A.astype(np.float64))
ARRAYS = {path(n + ".npy"): np.load(path(n + ".npy")) for n in ("a", "m", "u1", "u8", "f4", "f8")}


def as_numpy(value):
    if isinstance(value, str) and value in ARRAYS:
        return ARRAYS[value].copy()
    if isinstance(value, list):
        return tuple(as_numpy(v) for v in value)
    return value


def compare_with_numpy(cases, label):
    """cases: (request, NumPy callable on the request's args/kwargs as Python values, or an
    expected error type where NumPy's result needs an object array the engine lacks)."""
    requests = []
    for i, (req, _) in enumerate(cases):
        req = {k: v for k, v in dict(req, id=i).items() if k != "values"}
        req.setdefault("out", [path("%s_%d.npy" % (label, i))])
        requests.append(req)
    answers = batch(requests)
    expect(len(answers) == len(cases), "%s: one answer per case" % label)
    for req, (orig, ref), ans in zip(requests, cases, answers):
        what = "%s: %s" % (label, json.dumps(orig)[:160])
        if isinstance(ref, str):
            ok, value = False, ref
        else:
            ok, value = numpy_outcome(lambda: ref(*[as_numpy(a) for a in orig.get("args", [])],
                                                  **{k: as_numpy(v) for k, v in orig.get("kwargs", {}).items()}))
        if not ok:
            expect(not ans["ok"] and ans["error"]["type"] == value,
                   "%s: NumPy raises %s, answer %s" % (what, value, json.dumps(ans)[:300]))
            continue
        if not ans["ok"]:
            expect(False, "%s: NumPy succeeds, answer %s" % (what, json.dumps(ans)[:300]))
            continue
        if value is None or orig.get("values") is False or not req["out"]:
            expect(True, what)
            continue
        got = np.load(req["out"][0])
        want = np.asarray(value)
        nan_ok = got.dtype.kind in "fc"
        expect(got.dtype == want.dtype and got.shape == want.shape and
               np.array_equal(got, want, equal_nan=nan_ok),
               "%s: got %r %s, NumPy %r %s" % (what, got, got.dtype, want, want.dtype))


def deep(n, open_="[", close="]"):
    return open_ * n + close * n


# --- 1. Nesting depth is bounded while parsing, in every place a JSON value can be. --------
def nesting():
    lines = [
        '{"id": 1, "func": "copy", "args": [%s]}' % deep(30000),
        '{"id": 2, "func": "sum", "args": ["%s"], "kwargs": {"axis": %s}}' % (path("a.npy"), deep(30000)),
        '{"id": %s, "func": "copy", "args": ["%s"]}' % (deep(30000), path("a.npy")),
        '{"id": 4, "func": "copy", "args": [{"scalar": %s, "dtype": "f8"}]}' % deep(30000),
        '{"id": 5, "func": "copy", "args": [%s]}' % ('{"a":' * 30000 + "1" + "}" * 30000),
        '{"id": 6, "func": "copy", "args": [{"npy": %s}]}' % deep(30000, "{\"x\":[", "]}"),
        '{"id": 7, "func": "copy", "args": ["%s"]}' % path("a.npy"),
        # Within the bound the nesting is parsed (and the call itself decides).
        '{"id": 8, "func": "reshape", "args": ["%s", %s]}' % (path("a.npy"), deep(100)),
    ]
    answers = batch(lines)
    expect(len(answers) == len(lines), "nesting: every line answered (%d of %d)" % (len(answers), len(lines)))
    for ans in answers[:6]:
        expect(not ans["ok"] and ans["error"]["type"] == "ValueError" and
               "nested deeper than" in ans["error"]["message"],
               "nesting: deep line refused with ValueError (%s)" % json.dumps(ans)[:200])
    expect(len(answers) > 7 and answers[6]["ok"], "nesting: the tool goes on after deep lines")
    expect(len(answers) > 7 and not answers[7]["ok"] and "nested" not in answers[7]["error"]["message"],
           "nesting: 100 levels are parsed")
    for argv in (["copy", deep(30000)], ["zeros", "[2]", "--kw", "dtype=" + deep(30000)]):
        proc = subprocess.run([TOOL, "call", *argv], capture_output=True, text=True, timeout=60)
        ans = json.loads(proc.stdout) if proc.stdout.strip() else {}
        expect(proc.returncode == 0 and not ans.get("ok", True) and
               "nested deeper than" in ans["error"]["message"],
               "nesting: single-call form refuses %s (exit %d, %s)" % (argv[0], proc.returncode, proc.stdout[:200]))


# --- 2. Answers are flushed per line. -------------------------------------------------------
def read_line(stream, timeout):
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else None


def flushing(source):
    """source "-": requests through stdin; otherwise a FIFO passed as --batch FILE."""
    if source == "-":
        proc = subprocess.Popen([TOOL, "call", "--batch", "-"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, bufsize=1)
        writer = proc.stdin
    else:
        fifo = path("requests.fifo")
        os.mkfifo(fifo)
        proc = subprocess.Popen([TOOL, "call", "--batch", fifo], stdout=subprocess.PIPE, text=True)
        writer = open(fifo, "w", buffering=1)
    try:
        got = []
        for i in range(2):
            writer.write(json.dumps({"id": i, "func": "zeros", "args": [[i + 1]]}) + "\n")
            writer.flush()
            line = read_line(proc.stdout, 60)
            got.append(json.loads(line) if line else None)
        expect(all(a is not None and a["ok"] for a in got),
               "flush (%s): each answer arrives before the next request is written (%r)" % (source, got))
        # Killed while it waits for line 3: the answers written so far are all out already.
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        rest = proc.stdout.read()
        expect(rest == "", "flush (%s): nothing was held back (%r)" % (source, rest[:100]))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        writer.close()


# --- 7. Python ints beyond int64. ----------------------------------------------------------
def big_integers():
    a, m, u1, u8, f4, f8 = (path(n + ".npy") for n in ("a", "m", "u1", "u8", "f4", "f8"))
    U64 = 2**64 - 1
    cases = [
        ({"func": "reshape", "args": [a, [U64]]}, np.reshape),
        ({"func": "reshape", "args": [a, [2**63]]}, np.reshape),
        ({"func": "reshape", "args": [a, 2**64]}, np.reshape),
        ({"func": "reshape", "args": [a, [-2**63 - 1]]}, np.reshape),
        ({"func": "zeros", "args": [[2**63]]}, np.zeros),
        ({"func": "zeros", "args": [[2, 2**64]]}, np.zeros),
        ({"func": "eye", "args": [2**63]}, np.eye),
        ({"func": "transpose", "args": [m, [2**63, 0]]}, np.transpose),
        ({"func": "broadcast_to", "args": [a, [2**63, 6]]}, np.broadcast_to),
        ({"func": "sum", "args": [a], "kwargs": {"axis": U64}}, np.sum),
        ({"func": "sum", "args": [a], "kwargs": {"axis": [2**63]}}, np.sum),
        ({"func": "add.reduce", "args": [a], "kwargs": {"axis": 2**63}}, np.add.reduce),
        ({"func": "add.accumulate", "args": [a], "kwargs": {"axis": 2**63}}, np.add.accumulate),
        ({"func": "cumsum", "args": [a], "kwargs": {"axis": 2**63}}, np.cumsum),
        ({"func": "argmax", "args": [a], "kwargs": {"axis": 2**63}}, np.argmax),
        ({"func": "swapaxes", "args": [a, 2**63, 0]}, np.swapaxes),
        ({"func": "expand_dims", "args": [a, 2**63]}, np.expand_dims),
        ({"func": "moveaxis", "args": [a, 2**63, 0]}, np.moveaxis),
        ({"func": "squeeze", "args": [a, 2**63]}, np.squeeze),
        ({"func": "flip", "args": [a, 2**63]}, np.flip),
        ({"func": "concatenate", "args": [[a, a]], "kwargs": {"axis": 2**63}}, np.concatenate),
        ({"func": "repeat", "args": [a, 2**63]}, np.repeat),
        ({"func": "tile", "args": [a, [1, 2**63]]}, np.tile),
        # Value-based promotion of the Python int (2**63 fits uint64).
        ({"func": "add", "args": [a, 2**63]}, np.add),
        ({"func": "add", "args": [a, U64]}, np.add),
        ({"func": "add", "args": [u1, 2**63]}, np.add),
        ({"func": "add", "args": [f4, 2**63]}, np.add),
        ({"func": "add", "args": [2**63, 2**63]}, np.add),
        ({"func": "add", "args": [a, 2**64]}, "OverflowError"),  # NumPy: an object array
        ({"func": "add", "args": [a, -2**63 - 1]}, "OverflowError"),
        # {"scalar": v, "dtype": t} is np.array(v, dtype=t).
        ({"func": "copy", "args": [{"scalar": U64, "dtype": "f8"}]}, lambda s: np.array(U64, dtype="f8")),
        ({"func": "copy", "args": [{"scalar": 2**64 + 1, "dtype": "f4"}]}, lambda s: np.array(2**64 + 1, dtype="f4")),
        ({"func": "copy", "args": [{"scalar": 2**63, "dtype": "i8"}]}, lambda s: np.array(2**63, dtype="i8")),
        ({"func": "copy", "args": [{"scalar": 2**63, "dtype": "i4"}]}, lambda s: np.array(2**63, dtype="i4")),
        ({"func": "copy", "args": [{"scalar": U64, "dtype": "u8"}]}, lambda s: np.array(U64, dtype="u8")),
        ({"func": "copy", "args": [{"scalar": 2**64, "dtype": "u8"}]}, lambda s: np.array(2**64, dtype="u8")),
        ({"func": "copy", "args": [{"scalar": -2**63 - 1, "dtype": "i8"}]}, lambda s: np.array(-2**63 - 1, dtype="i8")),
        ({"func": "copy", "args": [{"scalar": 2**64, "dtype": "?"}]}, lambda s: np.array(2**64, dtype="?")),
        ({"func": "copy", "args": [{"scalar": 2**64, "dtype": "S"}]}, lambda s: np.array(2**64, dtype="S")),
        ({"func": "copy", "args": [{"scalar": 2**63}]}, lambda s: np.array(2**63)),
        ({"func": "copy", "args": [{"scalar": 7}]}, lambda s: np.array(7)),
        # Into an existing array: NumPy converts the Python int into its dtype.
        ({"func": "fill", "args": [a, 2**63]}, lambda x, v: x.fill(v)),
        ({"func": "fill", "args": [f8, 2**64]}, lambda x, v: (x.fill(v), x)[1]),
        ({"func": "fill", "args": [u8, 2**63]}, lambda x, v: (x.fill(v), x)[1]),
        ({"func": "setitem", "args": [a, 2**63], "kwargs": {"index": "0"}}, lambda x, v, index: x.__setitem__(0, v)),
        ({"func": "setitem", "args": [f8, 2**64], "kwargs": {"index": "0"}}, lambda x, v, index: (x.__setitem__(0, v), x)[1]),
        ({"func": "full", "args": [3, 2**63]}, np.full),
        ({"func": "full", "args": [3, 2**63], "kwargs": {"dtype": "i8"}}, np.full),
        ({"func": "full", "args": [3, 2**64], "kwargs": {"dtype": "f8"}}, np.full),
        ({"func": "full", "args": [3, 2**64], "kwargs": {"dtype": "i8"}}, np.full),
        ({"func": "sum", "args": [a], "kwargs": {"initial": 2**63}}, np.sum),
        ({"func": "sum", "args": [u8], "kwargs": {"initial": 2**63}}, np.sum),
        ({"func": "sum", "args": [f8], "kwargs": {"initial": 2**64}}, np.sum),
        ({"func": "add.reduce", "args": [a], "kwargs": {"initial": 2**63}}, np.add.reduce),
    ]
    compare_with_numpy(cases, "bigint")
    # Big integer ids are echoed exactly.
    answers = batch([{"id": 10**30, "func": "zeros", "args": [[1]]},
                     {"id": -2**70, "func": "zeros", "args": [[1]]}])
    expect([a.get("id") for a in answers] == [10**30, -2**70], "bigint: ids echoed exactly (%r)" % answers)


# --- 8. None where NumPy requires a value; None as NumPy reads it elsewhere. ------------------
def nones():
    a, m = path("a.npy"), path("m.npy")
    cases = [
        ({"func": "expand_dims", "args": [a, None]}, np.expand_dims),
        ({"func": "moveaxis", "args": [a, None, 0]}, np.moveaxis),
        ({"func": "moveaxis", "args": [a, 0, None]}, np.moveaxis),
        ({"func": "swapaxes", "args": [m, None, 0]}, np.swapaxes),
        ({"func": "rollaxis", "args": [m, None]}, np.rollaxis),
        ({"func": "rollaxis", "args": [m, 0, None]}, np.rollaxis),
        ({"func": "diagonal", "args": [m, None]}, np.diagonal),
        ({"func": "diagonal", "args": [m, 0, None]}, np.diagonal),
        ({"func": "stack", "args": [[a, a]], "kwargs": {"axis": None}}, np.stack),
        ({"func": "split", "args": [a, 2], "kwargs": {"axis": None}}, np.split),
        ({"func": "split", "args": [a, None]}, np.split),
        ({"func": "repeat", "args": [a, None]}, np.repeat),
        ({"func": "tile", "args": [a, None]}, np.tile),
        ({"func": "roll", "args": [a, None]}, np.roll),
        ({"func": "eye", "args": [None]}, np.eye),
        ({"func": "identity", "args": [None]}, np.identity),
        ({"func": "linspace", "args": [0, 1, None]}, np.linspace),
        ({"func": "geomspace", "args": [1, 2, 3], "kwargs": {"axis": None}}, np.geomspace),
        # (Not None, but the same parameter, ignored before: only 0 and -1 are axes of 1-d.)
        ({"func": "logspace", "args": [1, 2, 3], "kwargs": {"axis": 1}}, np.logspace),
        ({"func": "geomspace", "args": [1, 2, 3], "kwargs": {"axis": -2}}, np.geomspace),
        ({"func": "linspace", "args": [1, 2, 3], "kwargs": {"axis": -1}}, np.linspace),
        ({"func": "var", "args": [a], "kwargs": {"ddof": None}}, np.var),
        ({"func": "sum", "args": [a], "kwargs": {"keepdims": None}}, np.sum),
        ({"func": "add.reduce", "args": [a], "kwargs": {"keepdims": None}}, np.add.reduce),
        ({"func": "reshape", "args": [a, [2, None]]}, np.reshape),
        ({"func": "zeros", "args": [[None]]}, np.zeros),
        ({"func": "promote_types", "args": [None, "f8"]}, np.promote_types),
        ({"func": "add", "args": [a, None]}, np.add),
        ({"func": "add", "args": [a, a], "kwargs": {"casting": None}}, np.add),
        ({"func": "add", "args": [a, a], "kwargs": {"signature": None}}, np.add),
        ({"func": "add", "args": [a, a], "kwargs": {"subok": None}}, np.add),
        # Optional: None as NumPy reads it.
        ({"func": "sum", "args": [m], "kwargs": {"axis": None}}, np.sum),
        ({"func": "add.reduce", "args": [m], "kwargs": {"axis": None}}, np.add.reduce),
        ({"func": "add.accumulate", "args": [a], "kwargs": {"axis": None}}, np.add.accumulate),
        ({"func": "add.accumulate", "args": [m], "kwargs": {"axis": None}}, np.add.accumulate),
        ({"func": "cumsum", "args": [m], "kwargs": {"axis": None}}, np.cumsum),
        ({"func": "argmax", "args": [m], "kwargs": {"axis": None}}, np.argmax),
        ({"func": "squeeze", "args": [a, None]}, np.squeeze),
        ({"func": "transpose", "args": [m, None]}, np.transpose),
        ({"func": "flip", "args": [m, None]}, np.flip),
        ({"func": "concatenate", "args": [[m, m]], "kwargs": {"axis": None}}, np.concatenate),
        ({"func": "repeat", "args": [m, 2], "kwargs": {"axis": None}}, np.repeat),
        ({"func": "roll", "args": [m, 1], "kwargs": {"axis": None}}, np.roll),
        ({"func": "reshape", "args": [a, None]}, np.reshape),
        ({"func": "sum", "args": [a], "kwargs": {"where": None}}, np.sum),
        ({"func": "add.reduce", "args": [a], "kwargs": {"where": None}}, np.add.reduce),
        ({"func": "add", "args": [a, a], "kwargs": {"where": None}, "values": False}, np.add),
        ({"func": "add", "args": [a, a], "kwargs": {"order": None, "dtype": None}}, np.add),
        ({"func": "count_nonzero", "args": [a], "kwargs": {"keepdims": None}}, np.count_nonzero),
        ({"func": "astype", "args": [a, None]}, lambda x, t: x.astype(t)),
        ({"func": "view", "args": [a, None]}, lambda x, t: x.view(t)),
        ({"func": "result_type", "args": [None, "f4"], "values": False}, np.result_type),
    ]
    compare_with_numpy(cases, "none")


# --- 9. Ids are JSON values: 7 and "7" are two ids. -----------------------------------------
def ids():
    answers = batch([
        {"id": 7, "func": "zeros", "args": [[2]]},
        {"id": "7", "func": "zeros", "args": [[3]]},
        {"id": 7.0, "func": "zeros", "args": [[4]]},
        {"id": {"b": 1, "a": [1, "x"]}, "func": "zeros", "args": [[5]]},
        {"id": "r1", "func": "copy", "args": [{"result_of": 7}]},
        {"id": "r2", "func": "copy", "args": [{"result_of": "7"}]},
        {"id": "r3", "func": "copy", "args": [{"result_of": 7.0}]},
        {"id": "r4", "func": "copy", "args": [{"result_of": {"a": [1, "x"], "b": 1}}]},
        {"id": "r5", "func": "copy", "args": [{"result_of": "8"}]},
    ])
    shapes = [a["outputs"][0]["shape"] if a["ok"] else a["error"]["type"] for a in answers[4:]]
    expect(shapes == [[2], [3], [4], [5], "ValueError"], "ids: result_of by JSON value (%r)" % shapes)


# --- 12a. The result store is bounded; an evicted id is named as such. -----------------------
def result_store():
    lines = [{"id": i, "func": "ones", "args": [[5000]]} for i in range(5)]  # 40 kB each
    lines += [{"id": "old", "func": "copy", "args": [{"result_of": 0}]},
              {"id": "new", "func": "copy", "args": [{"result_of": 4}]},
              {"id": "none", "func": "copy", "args": [{"result_of": 99}]}]
    answers = batch(lines, ["--result-memory", "100000"])
    expect(len(answers) == 8 and all(a["ok"] for a in answers[:5]), "store: results made")
    old, new, none = answers[5:8]
    expect(not old["ok"] and old["error"]["type"] == "ValueError" and
           "no longer kept" in old["error"]["message"], "store: evicted id named (%s)" % json.dumps(old))
    expect(new["ok"], "store: a recent result is kept (%s)" % json.dumps(new))
    expect(not none["ok"] and "no earlier array result" in none["error"]["message"],
           "store: unknown id (%s)" % json.dumps(none))
    # Memory stays bounded: 30 results of 80 MB (2.4 GB) under a 600 MB address-space limit,
    # with a 160 MB budget. Without the bound the later requests fail with MemoryError.
    limit = 600 << 20
    limited = None if ARGS.sanitized else lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    answers = batch([{"id": i, "func": "ones", "args": [[10**7]]} for i in range(30)],
                    ["--result-memory", str(160 * 10**6)], preexec_fn=limited)
    expect(len(answers) == 30 and all(a["ok"] for a in answers),
           "store: memory bounded (%s)" % [a for a in answers if not a["ok"]][:1])
    proc = subprocess.run([TOOL, "call", "--batch", "-", "--result-memory", "lots"],
                          input="", capture_output=True, text=True, timeout=60)
    expect(proc.returncode == 2 and "--result-memory" in proc.stderr, "store: bad --result-memory is a usage error")


# --- 14. out= tuples NumPy refuses, and the single-call exit status. -------------------------
def outs_and_exit_status():
    a = path("a.npy")
    o = path("o0.npy")
    np.save(o, np.zeros((), np.int64))
    o6 = path("o6.npy")
    np.save(o6, np.zeros(6, np.int64))
    cases = [
        ({"func": "add.reduce", "args": [a], "kwargs": {"out": []}}, lambda x, out: np.add.reduce(x, out=())),
        ({"func": "add.reduce", "args": [a], "kwargs": {"out": [o, o]}}, np.add.reduce),
        ({"func": "add.reduce", "args": [a], "kwargs": {"out": [None]}}, np.add.reduce),
        ({"func": "add.reduce", "args": [a], "kwargs": {"out": [{"npy": o}]}, "out": []}, np.add.reduce),
        ({"func": "add.accumulate", "args": [a], "kwargs": {"out": []}}, lambda x, out: np.add.accumulate(x, out=())),
        ({"func": "add.reduceat", "args": [a, [0]], "kwargs": {"out": []}}, lambda x, i, out: np.add.reduceat(x, i, out=())),
        ({"func": "add", "args": [a, a], "kwargs": {"out": []}}, lambda x, y, out: np.add(x, y, out=())),
        ({"func": "add", "args": [a, a], "kwargs": {"out": [None, None]}}, np.add),
        ({"func": "add", "args": [a, a], "kwargs": {"out": 5}}, np.add),
        ({"func": "divmod", "args": [a, 2], "kwargs": {"out": [None]}}, np.divmod),
        ({"func": "add.outer", "args": [a, a], "kwargs": {"out": []}}, lambda x, y, out: np.add.outer(x, y, out=())),
        ({"func": "sum", "args": [a], "kwargs": {"out": []}}, lambda x, out: np.sum(x, out=())),
        ({"func": "cumsum", "args": [a], "kwargs": {"out": []}}, lambda x, out: np.cumsum(x, out=())),
        ({"func": "argmax", "args": [a], "kwargs": {"out": []}}, lambda x, out: np.argmax(x, out=())),
        ({"func": "clip", "args": [a, 1, 2], "kwargs": {"out": []}}, lambda x, lo, hi, out: np.clip(x, lo, hi, out=())),
        ({"func": "clip", "args": [a, 1, 2], "kwargs": {"out": [{"npy": o6}]}, "out": []}, np.clip),
    ]
    # Requests whose out= names a file load it: give NumPy the array, not the dict.
    for req, _ in cases:
        for k, v in req.get("kwargs", {}).items():
            if isinstance(v, list):
                for item in v:
                    if isinstance(item, dict):
                        ARRAYS.setdefault(item["npy"], np.load(item["npy"]))
    fixed = []
    for req, ref in cases:
        kw = req.get("kwargs", {})
        if isinstance(kw.get("out"), list) and any(isinstance(x, dict) for x in kw["out"]):
            ref = (lambda f, outs: lambda *args, out: f(*args, out=tuple(ARRAYS[x["npy"]] for x in outs)))(ref, kw["out"])
        fixed.append((req, ref))
    compare_with_numpy(fixed, "out")
    # Single call: exit 0 whenever an answer is written (its "ok" tells the outcome), 2 for usage.
    proc = subprocess.run([TOOL, "call", "flaot", "[1]"], capture_output=True, text=True, timeout=60)
    ans = json.loads(proc.stdout)
    expect(proc.returncode == 0 and ans["error"]["type"] == "AttributeError",
           "exit: a failed single call answers and exits 0 (%d)" % proc.returncode)
    proc = subprocess.run([TOOL, "call", "zeros", "[2]", "-o", path("z.npy")], capture_output=True, text=True)
    expect(proc.returncode == 0 and json.loads(proc.stdout)["ok"] and np.load(path("z.npy")).shape == (2,),
           "exit: a good single call exits 0")
    for argv in ([], ["zeros", "[2]", "--kw"], ["zeros", "[2]", "--kw", "dtype"], ["zeros", "-o"]):
        proc = subprocess.run([TOOL, "call", *argv], capture_output=True, text=True, timeout=60)
        expect(proc.returncode == 2 and proc.stdout == "", "exit: usage error %r exits 2" % argv)
    proc = subprocess.run([TOOL, "call", "zeros", str(2**64)], capture_output=True, text=True, timeout=60)
    expect(json.loads(proc.stdout)["error"]["type"] == "ValueError",
           "exit: single-call big integers are exact (%s)" % proc.stdout)


try:
    nesting()
    flushing("-")
    flushing("fifo")
    big_integers()
    nones()
    ids()
    result_store()
    outs_and_exit_status()
finally:
    shutil.rmtree(WORK, ignore_errors=True)
print("protocol_hardening: %d passed, %d failed" % (PASSED[0], len(FAILURES)))
print("%d passed, %d failed" % (PASSED[0], len(FAILURES)))
sys.exit(1 if FAILURES else 0)
