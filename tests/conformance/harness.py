"""Shared conformance harness: runs `numpy-plugins call --batch` and compares with live NumPy.

Each suite builds (request, check) pairs; a check receives the tool's answer (and the output
files) and returns None when it matches NumPy, else a text describing the difference.
The suite prints `N passed, M failed` and exits non-zero when anything failed.
"""
import argparse
import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np


class Suite:
    def __init__(self, name):
        parser = argparse.ArgumentParser()
        parser.add_argument("--tool", required=True)
        self.tool = parser.parse_args().tool
        self.name = name
        # Inputs and the tool's outputs live here for the run only: removed at exit, pass or fail
        # (a suite writes hundreds of MB; left behind, repeated runs fill the disk).
        self.tmp = tempfile.mkdtemp(prefix="np_conf_%s_" % name)
        atexit.register(shutil.rmtree, self.tmp, True)
        self.requests = []
        self.checks = []
        self.counter = 0
        self.saved = {}  # content key -> path: an input array used by many requests is written once

    def path(self, stem):
        self.counter += 1
        return os.path.join(self.tmp, "%s_%d.npy" % (stem, self.counter))

    def save(self, array):
        array = np.asanyarray(array)
        key = None
        if not array.dtype.hasobject:
            order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
            digest = hashlib.sha1(np.ascontiguousarray(array).tobytes()).hexdigest()
            key = (array.dtype.str, array.dtype.descr.__repr__(), array.shape, order, digest)
            if key in self.saved:
                return self.saved[key]
        p = self.path("in")
        np.save(p, array)
        if key is not None:
            self.saved[key] = p
        return p

    def add(self, request, check):
        request = dict(request)
        request["id"] = str(len(self.requests))
        self.requests.append(request)
        self.checks.append(check)

    def run(self):
        batch = "\n".join(json.dumps(r) for r in self.requests) + "\n"
        proc = subprocess.run([self.tool, "call", "--batch", "-"], input=batch, text=True,
                              capture_output=True, check=False)
        if proc.returncode != 0:
            print("tool failed:", proc.stderr)
            print("0 passed, %d failed" % len(self.requests))
            sys.exit(1)
        answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        passed = failed = 0
        shown = 0
        for req, check, ans in zip(self.requests, self.checks, answers):
            try:
                problem = check(ans)
            except Exception as exc:  # a crash in the comparison is a failure too
                problem = "check raised %r" % (exc,)
            if problem is None:
                passed += 1
            else:
                failed += 1
                if shown < int(os.environ.get("NP_CONF_SHOW", "25")):
                    shown += 1
                    print("FAIL %s: %s\n  answer: %s\n  problem: %s" % (
                        self.name, json.dumps(req)[:300], json.dumps(ans)[:300], problem))
        if len(answers) != len(self.requests):
            failed += len(self.requests) - len(answers)
            print("answers missing: %d" % (len(self.requests) - len(answers)))
        print("%s: %d passed, %d failed" % (self.name, passed, failed))
        print("%d passed, %d failed" % (passed, failed))
        sys.exit(1 if failed else 0)


def numpy_outcome(fn):
    """(True, value) or (False, exception type name)."""
    try:
        return True, fn()
    except Exception as exc:  # NumPy's own exception type is the reference
        return False, type(exc).__name__


def bool_check(want, out):
    """A check for a call whose one result, written to `out`, must be the bool `want`."""
    def check(ans):
        if not ans.get("ok"):
            return "engine raised %s" % ans["error"]
        got = bool(np.load(out)[()])
        return None if got == want else "got %s want %s" % (got, want)
    return check


def outcome_problem(ok, value, ans):
    """The problem with an answer's outcome, or None when it matches NumPy's: an error of the
    same type when NumPy raised, success when NumPy succeeded (values are the caller's to check)."""
    if not ok:
        if ans.get("ok"):
            return "NumPy raised %s, engine succeeded" % value
        if ans["error"]["type"] != value:
            return "error %s != %s (%s)" % (ans["error"]["type"], value, ans["error"]["message"])
        return None
    if not ans.get("ok"):
        return "engine raised %s" % ans["error"]
    return None


def same_values(got, want):
    """None when `got` equals NumPy's `want` in dtype, shape and bits (NaN payloads and x87
    padding aside), else the difference."""
    want = np.asarray(want)
    if got.dtype != want.dtype or got.shape != want.shape:
        return "got %s %s want %s %s" % (got.dtype, got.shape, want.dtype, want.shape)
    g = np.ascontiguousarray(got)
    w = np.ascontiguousarray(want)
    if g.tobytes() == w.tobytes():
        return None
    if w.dtype.kind in "fc" and np.array_equal(g, w, equal_nan=True):
        return None  # NaN payloads, or the padding bytes of x87 long doubles
    return "values differ: got %r want %r" % (g.ravel()[:6], w.ravel()[:6])


def same_array(expected, got):
    if expected.dtype != got.dtype:
        return "dtype %s != %s" % (got.dtype, expected.dtype)
    if expected.shape != got.shape:
        return "shape %s != %s" % (got.shape, expected.shape)
    if expected.tobytes() != got.tobytes():
        return "values differ: %r vs %r" % (got.ravel()[:8], expected.ravel()[:8])
    return None


def error_check(expected_type):
    def check(ans):
        if ans.get("ok"):
            return "expected %s, got success" % expected_type
        got = ans["error"]["type"]
        if got != expected_type:
            return "error type %s != %s (%s)" % (got, expected_type, ans["error"]["message"])
        return None
    return check
