"""Cases of the adversarial suite and how each is judged.

A case is one tool process: a batch of request lines on stdin (or one `call FUNC ...` command
line). Each line carries NumPy's side (`numpy=fn(env)`, run live in a bounded child) or, where
NumPy has no counterpart or itself crashes, hangs or blocks, the demand of a clear error. A case
passes when the process did not crash (no signal, no sanitizer report), ended within its time
bound and its memory bound, answered every line, each answer is NumPy's error type or NumPy's
result (dtype, shape and bits, read back from the `.npy` the tool wrote), and every output file
given to a failing request still holds what it held before.
"""
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from harness import outcome_problem, same_values  # noqa: E402

from runner import ENGINE_TYPES, UNCLEAR_TYPES, Bounds, Step, numpy_outcomes  # noqa: E402,F401

ERROR = "error"   # expect: a clear error (NumPy crashes, hangs or blocks, or has no counterpart)
ANY = "any"       # expect: any answer (success or clear error), within the bounds


@dataclass
class Line:
    request: object                  # dict (a request object) or str (a raw line)
    numpy: Optional[Callable] = None  # NumPy's side: fn(env) -> result; env: earlier results by id
    expect: Optional[str] = None     # ERROR / ANY when there is no NumPy side
    types: tuple = ()                # with ERROR: the error types accepted (empty: any clear one)
    key: object = None               # the id under which later lines see this line's NumPy result
    summary: bool = False            # compare dtype and shape only (results too large to write)
    sentinel: bool = True            # give a failing request an output file that must survive
    note: str = ""                   # why the expectation is what it is (shown on failure)
    also: tuple = ()                 # error types accepted besides NumPy's when NumPy raised
    or_error: bool = False           # a clear error is accepted besides NumPy's result


@dataclass
class Case:
    name: str
    item: str                        # the issue-10 item or bad-inputs row the case belongs to
    lines: List[Line]
    argv: Optional[list] = None      # a single `call` command line instead of a batch
    bounds: Bounds = field(default_factory=Bounds)
    check: Optional[Callable] = None  # extra check(run, answers) -> problem text or None
    cwd: Optional[str] = None


@dataclass
class Verdict:
    case: Case
    expected: str
    got: str
    problem: Optional[str]
    seconds: float = 0.0


def sentinel_bytes(path):
    """A small valid .npy whose bytes are unique to the path, written before the case runs."""
    data = np.frombuffer(path.encode().ljust(24, b"\0"), dtype=np.uint8)
    import io
    buf = io.BytesIO()
    np.save(buf, data)
    return buf.getvalue()


class Judge:
    def __init__(self, tool, workdir):
        self.tool = tool
        self.work = workdir

    # -- preparing ------------------------------------------------------------------------------
    def outcomes(self, case):
        steps = [Step(l.numpy, key=l.key, summary=l.summary) if l.numpy else
                 Step(lambda env: None) for l in case.lines]
        if not any(l.numpy for l in case.lines):
            return [None] * len(case.lines)
        got = numpy_outcomes(steps)
        return [o if l.numpy else None for o, l in zip(got, case.lines)]

    def prepare_outputs(self, case, outcomes):
        """Output paths: where a NumPy success is read back, and sentinels for failures."""
        sentinels = {}
        for k, (line, out) in enumerate(zip(case.lines, outcomes)):
            req = line.request
            if not isinstance(req, dict):
                continue
            req.setdefault("id", "line%d" % k)
            wants_error = line.expect == ERROR or (out is not None and not out.ok)
            if "out" in req:
                paths = req["out"]
            elif wants_error and line.sentinel:
                paths = req["out"] = [self.work.path("sentinel")]
            elif out is not None and out.ok and not out.summary and needs_files(out.value):
                req["out"] = [self.work.path("out") for _ in as_list(out.value)]
                continue
            else:
                continue
            if wants_error:
                for p in paths:
                    if writable_sentinel(p, self.work.root):
                        with open(p, "wb") as f:
                            f.write(sentinel_bytes(p))
                        sentinels[p] = sentinel_bytes(p)
        return sentinels

    # -- judging --------------------------------------------------------------------------------
    def judge(self, case):
        outcomes = self.outcomes(case)
        sentinels = self.prepare_outputs(case, outcomes)
        if case.argv is not None:
            run = self.tool.run(case.argv, b"", case.bounds, cwd=case.cwd)
        else:
            text = "".join((l.request if isinstance(l.request, str) else json.dumps(l.request))
                           + "\n" for l in case.lines)
            run = self.tool.run(["call", "--batch", "-"], text.encode("utf-8", "surrogateescape"),
                                case.bounds, cwd=case.cwd)
        expected = [expectation_text(l, o) for l, o in zip(case.lines, outcomes)]
        fault = run.fault()
        if fault:
            return Verdict(case, expected[-1], fault, fault + stderr_tail(run))
        answers, problem = parse_answers(run.stdout, len(case.lines))
        if problem:
            return Verdict(case, "%d answers" % len(case.lines), problem,
                           problem + stderr_tail(run))
        status_problem = exit_status_problem(case, run, answers)
        for k, (line, out, ans) in enumerate(zip(case.lines, outcomes, answers)):
            problem = line_problem(line, out, ans)
            if problem is None:
                problem = sentinel_problem(line, sentinels)
            if problem:
                where = " (line %d)" % (k + 1) if len(case.lines) > 1 else ""
                return Verdict(case, expected[k] + where, answer_text(ans), problem)
        problem = status_problem or (case.check(run, answers) if case.check else None)
        return Verdict(case, expected[-1], answer_text(answers[-1]), problem)


def writable_sentinel(path, root):
    """Sentinels go only where the suite owns a regular file (or none yet) in a directory."""
    if not isinstance(path, str) or not path.startswith(root + os.sep):
        return False
    if os.path.lexists(path) and not (os.path.isfile(path) and not os.path.islink(path)):
        return False
    return os.path.isdir(os.path.dirname(path))


def as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def needs_files(value):
    return not isinstance(value, np.dtype) and not (
        isinstance(value, (list, tuple)) and value and isinstance(value[0], np.dtype))


def expectation_text(line, out):
    if line.expect == ANY:
        return "any answer"
    if line.expect == ERROR or out is None:
        return "clear error" + (" " + "/".join(line.types) if line.types else "")
    if out.fault or (not out.ok and out.value not in ENGINE_TYPES):
        return "clear error (NumPy: %s)" % (out.fault or out.value)
    if not out.ok and line.also:
        return "/".join((out.value,) + tuple(t for t in line.also if t != out.value))
    return out.describe() + (" or clear error" if line.or_error and out.ok else "")


def answer_text(ans):
    if ans.get("ok"):
        outs = ans.get("outputs", [])
        if outs and "dtype" in outs[0]:
            return "ok " + ", ".join("%s %s" % (o["dtype"], tuple(o["shape"])) for o in outs[:3])
        if outs and "str" in outs[0]:
            return "ok dtype %s" % outs[0]["str"]
        return "ok"
    err = ans.get("error", {})
    return "%s: %s" % (err.get("type"), str(err.get("message"))[:60])


def stderr_tail(run):
    tail = run.stderr.strip().splitlines()[-3:]
    return ("\n    stderr: " + " | ".join(tail)[:300]) if tail else ""


def parse_answers(stdout, count):
    answers = []
    for text in stdout.splitlines():
        if not text.strip():
            continue
        try:
            answers.append(json.loads(text))
        except RecursionError:  # an echoed 30000-deep id: valid JSON, too deep for Python's parser
            answers.append(shallow_answer(text))
        except ValueError:
            return None, "unparsable answer line: %r" % text[:80]
    if len(answers) != count:
        return None, "%d answers for %d lines" % (len(answers), count)
    return answers, None


def shallow_answer(text):
    """The outcome fields of an answer too deeply nested to parse whole."""
    kind = re.search(r'"type":"(\w+)"', text)
    return {"ok": '"ok":true' in text, "outputs": [],
            "error": {"type": kind.group(1) if kind else None, "message": "(deep answer)"}}


def exit_status_problem(case, run, answers):
    if case.argv is None:
        return None if run.status == 0 else "batch exit status %s" % run.status
    # One call: 0, or 1 for an answer that is an error (both are in use; 2 is a usage error).
    if run.status == 0 or (run.status == 1 and not answers[0].get("ok")):
        return None
    return "exit status %s with ok=%s" % (run.status, answers[0].get("ok"))


def clear_error_problem(ans, types=()):
    if ans.get("ok"):
        return "succeeded where a clear error is expected"
    kind = ans.get("error", {}).get("type")
    if kind in UNCLEAR_TYPES or kind not in ENGINE_TYPES:
        return "unclear error type %s: %s" % (kind, ans["error"].get("message", "")[:120])
    if types and kind not in types:
        return "error %s not one of %s" % (kind, "/".join(types))
    return None


def line_problem(line, out, ans):
    if line.expect == ANY:
        return None if ans.get("ok") else clear_error_problem(ans)
    if line.expect == ERROR or out is None:
        return clear_error_problem(ans, line.types)
    if out.fault or (not out.ok and out.value not in ENGINE_TYPES):
        return clear_error_problem(ans)
    if not out.ok and not ans.get("ok") and ans["error"]["type"] in UNCLEAR_TYPES:
        return clear_error_problem(ans)
    if not out.ok and not ans.get("ok") and ans["error"]["type"] in line.also:
        return None
    if out.ok and line.or_error and not ans.get("ok"):
        return clear_error_problem(ans)
    problem = outcome_problem(out.ok, out.value, ans)
    if problem or not out.ok:
        return problem
    return value_problem(line, out, ans)


def value_problem(line, out, ans):
    outputs = ans.get("outputs", [])
    if out.summary:
        dtype, shape = out.value
        got = outputs[0] if outputs else {}
        if got.get("dtype") != dtype or list(got.get("shape", [])) != list(shape):
            return "got %s %s want %s %s" % (got.get("dtype"), got.get("shape"), dtype, shape)
        return None
    values = as_list(out.value)
    if len(outputs) != len(values):
        return "%d outputs != NumPy's %d" % (len(outputs), len(values))
    for k, v in enumerate(values):
        if isinstance(v, np.dtype):
            if outputs[k].get("str") != v.str:
                return "dtype %s != %s" % (outputs[k].get("str"), v.str)
            continue
        paths = line.request.get("out", []) if isinstance(line.request, dict) else []
        if k >= len(paths):  # no file to read back: dtype and shape from the answer
            want = np.asarray(v)
            if outputs[k].get("dtype") != want.dtype.str or \
                    list(outputs[k].get("shape", [])) != list(want.shape):
                return "got %s %s want %s %s" % (outputs[k].get("dtype"), outputs[k].get("shape"),
                                                 want.dtype.str, list(want.shape))
            continue
        path = paths[k]
        try:
            got = np.load(path)
        except Exception as exc:  # the tool said ok but wrote no readable file
            return "output %d unreadable: %s" % (k, exc)
        problem = same_values(got, v)
        if problem:
            return "output %d: %s" % (k, problem)
    return None


def sentinel_problem(line, sentinels):
    if not isinstance(line.request, dict):
        return None
    for p in line.request.get("out", []):
        if p in sentinels:
            try:
                with open(p, "rb") as f:
                    now = f.read()
            except OSError as exc:
                return "output file %s lost: %s" % (os.path.basename(p), exc)
            if now != sentinels[p]:
                return "output file %s changed by a failing request" % os.path.basename(p)
    return None


def print_table(verdicts):
    rows = [("case", "item", "expected", "got", "")]
    for v in verdicts:
        verdict = "ok" if v.problem is None else "FAIL"
        rows.append((v.case.name, v.case.item, v.expected, v.got, verdict))
    widths = [min(max(len(r[i]) for r in rows), cap) for i, cap in enumerate((46, 9, 44, 52, 4))]
    for r in rows:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(r, widths)).rstrip())
    failed = [v for v in verdicts if v.problem]
    if failed:
        print("\nFailures:")
        for v in failed:
            note = "".join(" [%s]" % l.note for l in v.case.lines if l.note)
            print("- %s (%s): %s%s" % (v.case.name, v.case.item, v.problem, note))
    items = {}
    for v in verdicts:
        items.setdefault(v.case.item, [0, 0])[v.problem is not None] += 1
    def rank(k):  # issue items in number order, then the bad-inputs.md groups
        return (not k.startswith("#"), int(k[1:]) if k[1:].isdigit() else 0, k)
    order = sorted(items, key=rank)
    print("\nper item (passed/failed): " + ", ".join(
        "%s %d/%d" % (k, items[k][0], items[k][1]) for k in order))
    print("adversarial: %d passed, %d failed" % (len(verdicts) - len(failed), len(failed)))
    return failed


@dataclass
class Custom:
    """A case that drives the tool itself (interactive batches, concurrent writers):
    fn(suite) -> (expected text, got text, problem or None)."""
    name: str
    item: str
    fn: Callable
    lines: list = field(default_factory=list)

    def run(self, suite):
        expected, got, problem = self.fn(suite)
        return Verdict(self, expected, got, problem)
