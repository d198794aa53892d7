"""The batch protocol: nested JSON (item 1), answers flushed per line (item 2), integers past
int64 (item 7), null where a value is needed (item 8), colliding ids and result_of (item 9), the
result store's memory (item 12), and garbage lines."""
import json
import os
import select
import signal
import subprocess
import time

import numpy as np

from calls import Ref, Sc, call
from framework import ANY, ERROR, Case, Custom, Line
from runner import Bounds

DEPTH = 30000


def follow_up(s):
    """A valid line after a hostile one: the batch must carry on."""
    return call(s, "zeros", [2])


def add_cases(s):
    add_nesting(s)
    add_big_integers(s)
    add_nulls(s)
    add_ids(s)
    add_garbage(s)
    add_flushing(s)
    add_result_store(s)


def add_nesting(s):
    a = s.save(np.arange(6.0))
    lists = "[" * DEPTH + "]" * DEPTH
    objects = '{"a":' * DEPTH + "1" + "}" * DEPTH
    lines = {
        "args": '{"func":"zeros","args":[%s]}' % lists,
        "kwargs": '{"func":"sum","args":["%s"],"kwargs":{"axis":%s}}' % (a, lists),
        "kwargs objects": '{"func":"sum","args":["%s"],"kwargs":{"axis":%s}}' % (a, objects),
        "id": '{"id":%s,"func":"zeros","args":[[1]]}' % lists,
        "id objects": '{"id":%s,"func":"zeros","args":[[1]]}' % objects,
        "scalar object": '{"func":"add","args":["%s",{"scalar":%s}]}' % (a, lists),
        "result_of object": '{"func":"copy","args":[{"result_of":%s}]}' % lists,
        "npy object": '{"func":"copy","args":[{"npy":%s}]}' % lists,
        "out": '{"func":"zeros","args":[[1]],"out":%s}' % lists,
        "func": '{"func":%s}' % lists,
        "whole line": lists,
        "unterminated": "[" * DEPTH,
        "unterminated object": '{"a":' * DEPTH,
    }
    for where, text in lines.items():
        s.add(Case("nested JSON 30000 deep: %s" % where, "#1",
                   [Line(text, expect=ERROR), follow_up(s)]))
    s.add(Case("nested JSON 30000 deep: single-call argument", "#1",
               [Line({"out": []}, expect=ERROR)], argv=["call", "zeros", lists]))
    s.add(Case("nested JSON 30000 deep: single-call --kw", "#1",
               [Line({"out": []}, expect=ERROR)], argv=["call", "sum", a, "--kw", "axis=" + lists]))
    shallow = [[[[[[[[[[[[[[[[[[[[2]]]]]]]]]]]]]]]]]]]]
    s.add(Case("nested JSON 20 deep shape", "#1", [call(s, "zeros", shallow)]))


def add_big_integers(s):
    """Item 7: JSON integers outside int64 must keep their value: NumPy's OverflowError,
    ValueError or value-based promotion, never a silent wrap to -1."""
    a = np.arange(6)
    a2 = np.arange(6.0).reshape(2, 3)
    big = [2 ** 63, 2 ** 64 - 1, 2 ** 64, 2 ** 70, -(2 ** 63) - 1, 10 ** 30]
    for n in big:
        s.add(Case("reshape(a, [%s])" % n, "#7", [call(s, "reshape", a, [n])]))
        s.add(Case("sum(axis=%s)" % n, "#7", [call(s, "sum", a, axis=n)]))
    for n in (2 ** 64 - 1, 2 ** 63, -(2 ** 63) - 1):
        s.add(Case("swapaxes(a, %s, 0)" % n, "#7", [call(s, "swapaxes", a2, n, 0)]))
        s.add(Case("expand_dims(a, %s)" % n, "#7", [call(s, "expand_dims", a, n)]))
        s.add(Case("roll(a, %s)" % n, "#7", [call(s, "roll", a, n)]))
        s.add(Case("repeat(a, %s)" % n, "#7", [call(s, "repeat", a, n)]))
        s.add(Case("add.reduce(axis=%s)" % n, "#7", [call(s, "add.reduce", a2, axis=n)]))
        s.add(Case("getitem a[%s]" % n, "#7", [call(s, "getitem", a, index=str(n))]))
        s.add(Case("diagonal(offset=%s)" % n, "#7", [call(s, "diagonal", a2, offset=n)]))
    for n in (2 ** 63, 2 ** 64 - 1, -(2 ** 63)):
        s.add(Case("add(int64 array, %s)" % n, "#7", [call(s, "add", a, n)]))
    s.add(Case("add(uint8 array, 2**64-1)", "#7", [call(s, "add", a.astype("u1"), 2 ** 64 - 1)]))
    s.add(Case("add(float32 array, 2**63)", "#7", [call(s, "add", a.astype("f4"), 2 ** 63)]))
    s.add(Case("add(int64 array, 2**64) (NumPy: object)", "#7", [Line(
        {"func": "add", "args": [s.save(a), 2 ** 64]}, expect=ERROR,
        note="NumPy makes an object array, which the engine has no type for")]))
    for value, dtype in ((2 ** 64 - 1, "f8"), (2 ** 64 - 1, "u8"), (2 ** 63, "i8"),
                         (2 ** 64, "u8"), (2 ** 64 - 1, "f4"), (2 ** 70, "f8"), (2 ** 63, "u8"),
                         (-(2 ** 63), "i8"), (-(2 ** 63) - 1, "i8"), (2 ** 64 - 1, "f2")):
        s.add(Case("scalar %s dtype %s" % (value, dtype), "#7",
                   [call(s, "copy", Sc(value, dtype))]))
    s.add(Case("full([2], 2**64-1)", "#7", [call(s, "full", [2], 2 ** 64 - 1)]))
    s.add(Case("full([2], 2**63, dtype=i8)", "#7", [call(s, "full", [2], 2 ** 63, dtype="i8")]))
    s.add(Case("arange(2**64-3, 2**64-1)", "#7", [call(s, "arange", 2 ** 64 - 3, 2 ** 64 - 1)]))
    s.add(Case("arange(2**63-3, 2**63)", "#7", [call(s, "arange", 2 ** 63 - 3, 2 ** 63)]))
    s.add(Case("zeros(1e999999 literal)", "#7", [Line('{"func":"zeros","args":[1e999999]}',
                                                      numpy=lambda env: np.zeros(float("inf")),
                                                      also=("ValueError",))]))
    huge = int("1" + "0" * 4000)
    s.add(Case("zeros(4001-digit integer)", "#7", [call(s, "zeros", huge)]))


def add_nulls(s):
    """Item 8: null (None) where NumPy needs a value: NumPy's TypeError, never the input back
    or an out-of-bounds read; where None is valid (axis=None), NumPy's result."""
    a = np.arange(6.0)
    a2 = np.arange(6.0).reshape(2, 3)
    cases = [
        ("expand_dims(a, null)", "expand_dims", (a, None), {}),
        ("expand_dims(axis=null)", "expand_dims", (a,), {"axis": None}),
        ("moveaxis(a, null, 0)", "moveaxis", (a2, None, 0), {}),
        ("moveaxis(a, 0, null)", "moveaxis", (a2, 0, None), {}),
        ("moveaxis(a, [null], [0])", "moveaxis", (a2, [None], [0]), {}),
        ("swapaxes(a, null, 0)", "swapaxes", (a2, None, 0), {}),
        ("swapaxes(a, 0, null)", "swapaxes", (a2, 0, None), {}),
        ("rollaxis(a, null)", "rollaxis", (a2, None), {}),
        ("diagonal(axis1=null)", "diagonal", (a2,), {"axis1": None}),
        ("diagonal(offset=null)", "diagonal", (a2,), {"offset": None}),
        ("stack(axis=null)", "stack", ([a, a],), {"axis": None}),
        ("concatenate(axis=null)", "concatenate", ([a, a],), {"axis": None}),
        ("sum(axis=null)", "sum", (a2,), {"axis": None}),
        ("sum(axis=[null])", "sum", (a2,), {"axis": [None]}),
        ("sum(axis=[0, null])", "sum", (a2,), {"axis": [0, None]}),
        ("mean(axis=null)", "mean", (a2,), {"axis": None}),
        ("var(ddof=null)", "var", (a2,), {"ddof": None}),
        ("add.reduce(axis=null)", "add.reduce", (a2,), {"axis": None}),
        ("add.accumulate(axis=null)", "add.accumulate", (a2,), {"axis": None}),
        ("add.reduceat(a, [0], axis=null)", "add.reduceat", (a2, [0]), {"axis": None}),
        ("squeeze(axis=null)", "squeeze", (a2,), {"axis": None}),
        ("transpose(a, null)", "transpose", (a2, None), {}),
        ("transpose(a, [null, 0])", "transpose", (a2, [None, 0]), {}),
        ("reshape(a, null)", "reshape", (a, None), {}),
        ("reshape(a, [null])", "reshape", (a, [None]), {}),
        ("reshape(a, [2, null])", "reshape", (a, [2, None]), {}),
        ("zeros(null)", "zeros", (None,), {}),
        ("zeros([null])", "zeros", ([None],), {}),
        ("ones([2, null])", "ones", ([2, None],), {}),
        ("repeat(a, null)", "repeat", (a, None), {}),
        ("repeat(a, [null])", "repeat", (a, [None]), {}),
        ("tile(a, null)", "tile", (a, None), {}),
        ("tile(a, [null])", "tile", (a, [None]), {}),
        ("roll(a, null)", "roll", (a, None), {}),
        ("roll(a, 1, axis=null)", "roll", (a2, 1), {"axis": None}),
        ("roll(a, [1, null], axis=[0, 1])", "roll", (a2, [1, None]), {"axis": [0, 1]}),
        ("flip(axis=null)", "flip", (a2,), {"axis": None}),
        ("broadcast_to(a, null)", "broadcast_to", (a, None), {}),
        ("broadcast_to(a, [null])", "broadcast_to", (a, [None]), {}),
        ("arange(null)", "arange", (None,), {}),
        ("linspace(0, 1, num=null)", "linspace", (0, 1), {"num": None}),
        ("eye(null)", "eye", (None,), {}),
        ("clip(a, null, null)", "clip", (a, None, None), {}),
        ("clip(a, null, 3)", "clip", (a, None, 3), {}),
        ("add(a, null)", "add", (a, None), {}),
        ("astype(a, null)", "astype", (a, None), {}),
        ("promote_types(null, i4)", "promote_types", (None, "i4"), {}),
        ("concatenate([a, null])", "concatenate", ([a, None],), {}),
        ("count_nonzero(axis=null)", "count_nonzero", (a2,), {"axis": None}),
        ("ptp(axis=null)", "ptp", (a2,), {"axis": None}),
    ]
    for name, func, args, kwargs in cases:
        s.add(Case(name, "#8", [call(s, func, *args, **kwargs)]))
    s.add(Case("full([2], null) (NumPy: object)", "#8", [Line(
        {"func": "full", "args": [[2], None]}, expect=ERROR,
        note="NumPy makes an object array of None")]))
    s.add(Case("getitem(index=null)", "#8", [Line(
        {"func": "getitem", "args": [s.save(a)], "kwargs": {"index": None}},
        numpy=lambda env: a[None], or_error=True,
        note="the protocol's index is subscript text; None may be taken as a[None]")]))


def add_ids(s):
    """Item 9: ids are JSON values: 7 and "7" are two ids; result_of finds only what exists."""
    pairs = [(7, "7"), (True, "true"), ([1], "[1]"), ({"k": 1}, '{"k":1}'), (-0.5, "-0.5")]
    for first, second in pairs:
        lines = [call(s, "arange", 3, id=first, key="first"),
                 call(s, "arange", 5, id=second, key="second"),
                 call(s, "copy", Ref(first, "first")),
                 call(s, "copy", Ref(second, "second"))]
        s.add(Case("ids %s and %s" % (json.dumps(first), json.dumps(second)), "#9", lines,
                   check=ids_echoed([first, second])))
    s.add(Case("result_of unknown id", "#9", [call(s, "arange", 3, id="known"),
                                             Line({"func": "copy",
                                                   "args": [{"result_of": "unknown"}]},
                                                  expect=ERROR)]))
    s.add(Case("result_of 7 when only \"7\" exists", "#9", [
        call(s, "arange", 3, id="7"),
        Line({"func": "copy", "args": [{"result_of": 7}]}, expect=ERROR)]))
    s.add(Case("result_of a failed request", "#9", [
        call(s, "reshape", np.arange(6), [4], id="bad"),
        Line({"func": "copy", "args": [{"result_of": "bad"}]}, expect=ERROR)]))
    s.add(Case("result_of a later request", "#9", [
        Line({"func": "copy", "args": [{"result_of": "later"}]}, expect=ERROR),
        call(s, "arange", 3, id="later")]))
    s.add(Case("result_of its own id", "#9", [
        Line({"id": "self", "func": "copy", "args": [{"result_of": "self"}]}, expect=ERROR)]))
    s.add(Case("result_of a dtype result", "#9", [
        call(s, "promote_types", "i4", "f4", id="dt"),
        Line({"func": "copy", "args": [{"result_of": "dt"}]}, expect=ERROR)]))
    s.add(Case("result_of null / list / object", "#9", [
        call(s, "arange", 3, id="x"),
        Line({"func": "copy", "args": [{"result_of": None}]}, expect=ERROR),
        Line({"func": "copy", "args": [{"result_of": ["x"]}]}, expect=ERROR),
        Line({"func": "copy", "args": [{"result_of": {"id": "x"}}]}, expect=ERROR)]))


def ids_echoed(ids):
    def check(run, answers):
        for want, ans in zip(ids, answers):
            if ans.get("id") != want or type(ans.get("id")) is not type(want):
                return "answer id %r for request id %r" % (ans.get("id"), want)
        return None
    return check


def add_garbage(s):
    """Lines that are not requests: one clear error answer each, and the batch carries on."""
    a = s.save(np.arange(3.0))
    errors = {
        "not JSON": "not json",
        "array": "[1, 2]",
        "number": "42",
        "null": "null",
        "string": '"zeros"',
        "empty object": "{}",
        "func number": '{"func": 5}',
        "func null": '{"func": null}',
        "args number": '{"func":"zeros","args":5}',
        "args object": '{"func":"zeros","args":{"a":1}}',
        "args string": '{"func":"zeros","args":"[2]"}',
        "kwargs list": '{"func":"zeros","args":[[2]],"kwargs":[1]}',
        "kwargs string": '{"func":"zeros","args":[[2]],"kwargs":"dtype"}',
        "out number": '{"func":"zeros","args":[[2]],"out":5}',
        "out list of numbers": '{"func":"zeros","args":[[2]],"out":[5]}',
        "out string": '{"func":"zeros","args":[[2]],"out":"x.npy"}',
        "trailing garbage": '{"func":"zeros","args":[[2]]} x',
        "two objects": '{"func":"zeros","args":[[2]]}{"func":"ones","args":[[2]]}',
        "NUL in a string": '{"func":"zer\x00os","args":[[2]]}',
        "lone surrogate escape": '{"func":"\\ud800","args":[[2]]}',
        "npy key not a string": '{"func":"copy","args":[{"npy":5}]}',
        "scalar list": '{"func":"copy","args":[{"scalar":[1,2]}]}',
        "scalar null": '{"func":"copy","args":[{"scalar":null}]}',
        "scalar dtype number": '{"func":"copy","args":[{"scalar":1,"dtype":8}]}',
        "object without a known key": '{"func":"copy","args":[{"x":1}]}',
        "unknown func with path": '{"func":"../../../bin/sh","args":[]}',
    }
    for name, text in errors.items():
        s.add(Case("garbage line: " + name, "protocol", [Line(text, expect=ERROR), follow_up(s)]))
    s.add(Case("garbage line: invalid UTF-8", "protocol",
               [Line(b'{"func":"\xff\xfe","args":[[2]]}'.decode("utf-8", "surrogateescape"),
                     expect=ERROR), follow_up(s)]))
    valid = {
        "CRLF": ('{"func":"zeros","args":[[2]]}\r', lambda env: np.zeros(2)),
        "leading spaces 1 MB": (" " * (1 << 20) + '{"func":"zeros","args":[[2]]}',
                                lambda env: np.zeros(2)),
        "missing args": ('{"func":"zeros"}', lambda env: np.zeros()),
        "4 MB dtype string": ('{"func":"dtype","args":["%s"]}' % ("x" * (4 << 20)),
                              lambda env: np.dtype("x" * (4 << 20))),
        "100000-item shape": ('{"func":"zeros","args":[[%s]]}' % ",".join(["1"] * 100000),
                              lambda env: np.zeros([1] * 100000)),
        "empty func": ('{"func":""}', lambda env: getattr(np, "")),
        "unknown keyword": ('{"func":"sum","args":["%s"],"kwargs":{"axes":0}}' % a,
                            lambda env: np.sum(np.arange(3.0), axes=0)),
    }
    for name, (text, fn) in valid.items():
        s.add(Case("odd line: " + name, "protocol", [Line(text, numpy=fn), follow_up(s)]))
    s.add(Case("odd line: BOM", "protocol",
               [Line('\ufeff{"func":"zeros","args":[[2]]}', expect=ANY), follow_up(s)]))
    s.add(Case("odd line: duplicate keys", "protocol",
               [Line('{"func":"zeros","func":"ones","args":[[2]]}', expect=ANY), follow_up(s)]))


def add_flushing(s):
    """Item 2: each answer reaches stdout when its line is done, in every batch form, so a
    process that dies on line 3 has already delivered answers 1 and 2."""
    s.add(Custom("flush: --batch - answers each line at once", "#2",
                 lambda suite: interactive(suite, ["call", "--batch", "-"], None)))
    s.add(Custom("flush: --batch /dev/stdin (a FILE) answers each line", "#2",
                 lambda suite: interactive(suite, ["call", "--batch", "/dev/stdin"], None)))

    def fifo_form(suite):
        fifo = os.path.join(suite.root, "batch.fifo")
        os.mkfifo(fifo)
        return interactive(suite, ["call", "--batch", fifo], fifo)
    s.add(Custom("flush: --batch FIFO-FILE answers each line", "#2", fifo_form))


def interactive(suite, argv, fifo):
    """Write two requests, one at a time, waiting for each answer; then kill the process (a
    crash on line 3) and count the answers delivered."""
    tool = suite.tool
    bounds = Bounds(seconds=20)
    started = time.monotonic()
    proc = tool.start(argv, bounds, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = open(fifo, "wb") if fifo else proc.stdin
    got, problem = [], None
    for k in range(2):
        writer.write(b'{"id":%d,"func":"zeros","args":[[2]]}\n' % k)
        writer.flush()
        line = read_line(proc.stdout, 3.0 * tool.time_scale)
        if line is None:
            problem = "no answer to line %d while the batch stays open" % (k + 1)
            break
        got.append(line)
    os.killpg(proc.pid, signal.SIGKILL)  # the session started above
    run = tool.finish(proc, bounds, started)
    for f in (writer, proc.stdin, proc.stdout):
        try:
            f.close()
        except OSError:
            pass
    if run.signal not in (None, signal.SIGKILL):
        problem = problem or "killed by %s" % signal.Signals(run.signal).name
    return "2 answers before line 3", "%d answers" % len(got), problem


def read_line(pipe, seconds):
    deadline = time.monotonic() + seconds
    data = b""
    fd = pipe.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return None
        chunk = os.read(fd, 1)
        if not chunk:
            return None
        data += chunk
        if chunk == b"\n":
            return data
    return None


def add_result_store(s):
    """Item 12: results with ids are kept only while a later line can use them, or the store is
    bounded (call-protocol.md allows a budget; 1 GiB is taken here): 40 ids of 80 MB each must
    not add up to 3.2 GB."""
    lines = [call(s, "ones", [10 ** 7], id="big%d" % k, summary=True) for k in range(40)]
    s.add(Case("40 ids x ones([10**7]) in one batch", "#12", lines,
               bounds=Bounds(seconds=30, rss_mb=1400)))
    lines = [call(s, "ones", [10 ** 7], id="r%d" % k, summary=True)
             for k in range(40)]
    last = call(s, "getitem", Ref("r0"), index="::1000000")
    last.numpy, last.expect = None, ANY  # a bounded store may have let r0 go (call-protocol.md)
    lines.append(last)
    s.add(Case("40 ids x ones([10**7]), the first used last", "#12", lines,
               bounds=Bounds(seconds=30, rss_mb=1400)))
