"""Running the tool and NumPy under bounds.

`Tool.run` starts one `numpy-plugins` process in its own session, with an address-space limit
(`ulimit -v`; skipped for an ASan build, whose shadow memory needs terabytes of address space),
no core dumps, and optionally a file-size limit; it waits at most the case's time bound, then
kills the process group, and reports the exit status or signal, the peak resident set size of
the process (wait4's ru_maxrss, which also covers an ASan build) and what it wrote.

`numpy_outcomes` runs NumPy's side of a case in a forked child under its own address-space and
time bounds, so a hostile input that makes NumPy allocate, hang or crash cannot take the suite
down; the child sends back, per step, NumPy's result or the type of the exception it raised.
"""
import os
import pickle
import resource
import select
import signal
import subprocess
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Optional

# Text a sanitizer prints when it finds a fault (ASan, LSan, UBSan); release builds print none.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "SUMMARY: UndefinedBehaviorSanitizer", "SUMMARY: AddressSanitizer")

# The exception types the engine reports (include/np/errors.hpp). NumPy's exception is named by
# the first of these in its class's MRO (FileNotFoundError -> OSError, _UFuncNoLoopError ->
# UFuncTypeError); a NumPy type outside the list (EOFError, BadZipFile) cannot be reproduced by
# name, and any clear error is taken for it.
ENGINE_TYPES = ("TypeError", "UFuncTypeError", "ValueError", "IndexError", "KeyError", "AxisError",
                "OverflowError", "MemoryError", "OSError", "NotImplementedError", "LinAlgError",
                "ZeroDivisionError", "AttributeError", "UnicodeEncodeError", "RuntimeError",
                "FloatingPointError")
# A hostile input must never be answered with these: RuntimeError is how internal C++
# exceptions (std::out_of_range, std::length_error) leak out.
UNCLEAR_TYPES = ("RuntimeError", "Error")


@dataclass
class Bounds:
    seconds: float = 10.0   # wall time of the whole tool process (release build)
    rss_mb: int = 400       # peak resident set size
    as_mb: int = 3072       # address space (release build only)
    fsize: Optional[int] = None  # RLIMIT_FSIZE in bytes, SIGXFSZ ignored (write fails EFBIG)


@dataclass
class Run:
    status: Optional[int] = None   # exit status, or None when killed by a signal
    signal: Optional[int] = None
    timed_out: bool = False
    seconds: float = 0.0
    rss_mb: float = 0.0
    stdout: str = ""
    stderr: str = ""
    bound_seconds: float = 0.0
    bound_rss_mb: float = 0.0

    def fault(self):
        """What went wrong with the process itself (crash, sanitizer, time, memory), or None."""
        if self.timed_out:
            return "timeout > %.0fs" % self.bound_seconds
        if self.signal is not None:
            return "killed by %s" % signal.Signals(self.signal).name
        for mark in SANITIZER_MARKS:
            if mark in self.stderr:
                line = next(l for l in self.stderr.splitlines() if mark in l)
                return "sanitizer: " + line.strip()[:110]
        if self.rss_mb > self.bound_rss_mb:
            return "RSS %.0f MB > %.0f MB" % (self.rss_mb, self.bound_rss_mb)
        return None


class Tool:
    def __init__(self, path, sanitized):
        self.path = path
        self.sanitized = sanitized
        # ASan+UBSan at -O1 runs several times slower and maps shadow memory besides the heap.
        self.time_scale = 8.0 if sanitized else 1.0
        self.env = dict(os.environ)
        if sanitized:
            # A huge allocation that NumPy answers with MemoryError is not a memory fault: let
            # ASan's allocator return null (std::bad_alloc) instead of aborting on it.
            opts = self.env.get("ASAN_OPTIONS", "")
            self.env["ASAN_OPTIONS"] = (opts + ":" if opts else "") + "allocator_may_return_null=1"

    def rss_bound(self, bounds):
        # ASan adds shadow memory (an eighth of what is touched), its quarantine of freed blocks
        # (256 MB by default) and its own allocator's slack.
        return bounds.rss_mb * 1.25 + 600 if self.sanitized else bounds.rss_mb

    def _limits(self, bounds):
        def apply():
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if not self.sanitized:
                cap = bounds.as_mb << 20
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            if bounds.fsize is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (bounds.fsize, bounds.fsize))
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        return apply

    def start(self, argv, bounds, cwd=None, stdin=subprocess.PIPE, stdout=None):
        """A running tool process (stdout/stderr to temporary files unless given)."""
        out = stdout if stdout is not None else tempfile.TemporaryFile()
        err = tempfile.TemporaryFile()
        proc = subprocess.Popen([self.path] + list(argv), stdin=stdin, stdout=out, stderr=err,
                                cwd=cwd, env=self.env, preexec_fn=self._limits(bounds),
                                start_new_session=True)
        proc.np_files = (out, err)
        return proc

    def finish(self, proc, bounds, started, stdin_bytes=None):
        """Feed stdin, wait within the time bound (killing the process group past it), and
        collect the outcome."""
        if stdin_bytes is not None:
            threading.Thread(target=_feed, args=(proc.stdin, stdin_bytes), daemon=True).start()
        limit = bounds.seconds * self.time_scale
        waited = {}
        waiter = threading.Thread(target=lambda: waited.update(r=os.wait4(proc.pid, 0)))
        waiter.start()
        waiter.join(max(0.0, started + limit - time.monotonic()))
        run = Run(bound_seconds=limit, bound_rss_mb=self.rss_bound(bounds))
        if waiter.is_alive():
            run.timed_out = True
            _kill_group(proc.pid)
            waiter.join()
        _, status, usage = waited["r"]
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        run.seconds = time.monotonic() - started
        run.rss_mb = usage.ru_maxrss / 1024.0
        if os.WIFSIGNALED(status):
            run.signal = os.WTERMSIG(status)
        else:
            run.status = os.WEXITSTATUS(status)
        if run.timed_out:
            run.signal = None
        out, err = proc.np_files
        for f, name in ((out, "stdout"), (err, "stderr")):
            if hasattr(f, "seek"):
                f.seek(0)
                setattr(run, name, f.read().decode("utf-8", "replace"))
                f.close()
        if proc.stdin is not None and stdin_bytes is None:
            proc.stdin.close()
        return run

    def run(self, argv, stdin_bytes=b"", bounds=None, cwd=None):
        bounds = bounds or Bounds()
        started = time.monotonic()
        proc = self.start(argv, bounds, cwd=cwd)
        return self.finish(proc, bounds, started, stdin_bytes)


def _feed(pipe, data):
    try:
        pipe.write(data)
        pipe.close()
    except (BrokenPipeError, OSError):
        pass  # the tool stopped reading (it crashed or refused the input): its answer says so


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)  # the session this suite started for the tool
    except ProcessLookupError:
        pass


def numpy_type_name(exc):
    for cls in type(exc).__mro__:
        if cls.__name__ in ENGINE_TYPES:
            return cls.__name__
    return type(exc).__name__


@dataclass
class Outcome:
    ok: bool
    value: object = None   # NumPy's result (ok) or its canonical exception type name
    message: str = ""
    fault: Optional[str] = None  # NumPy itself crashed, hung or ran out of its bounds
    summary: bool = False   # value is (dtype.str, shape) instead of the data

    def describe(self):
        if self.fault:
            return "NumPy " + self.fault
        if not self.ok:
            return self.value
        return "ok " + describe_value(self.value, self.summary)


def describe_value(value, summary=False):
    import numpy as np
    if summary:
        return "%s %s" % value
    if isinstance(value, np.dtype):
        return "dtype %s" % value.str
    if isinstance(value, (list, tuple)):
        return "[%s]" % ", ".join(describe_value(v) for v in value)
    a = np.asarray(value)
    return "%s %s" % (a.dtype.str, tuple(a.shape))


@dataclass
class Step:
    """One NumPy step of a case: fn(env) -> value; env maps earlier batch ids to results."""
    fn: object
    key: object = None      # the batch id whose result later steps may use
    summary: bool = False   # send back dtype and shape only (large results)


def numpy_outcomes(steps, as_mb=4096, seconds=20.0):
    """NumPy's outcome for each step, computed in a forked child under bounds."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        _child(steps, w, as_mb, seconds)
    os.close(w)
    data, deadline = b"", time.monotonic() + seconds + 5
    while time.monotonic() < deadline:
        ready, _, _ = select.select([r], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(r, 1 << 20)
        if not chunk:
            break
        data += chunk
    os.close(r)
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)  # the child this function forked
            _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 0
    try:
        outcomes = pickle.loads(data)
        for o in outcomes:
            if o.ok and not o.summary:
                o.value = unpack(o.value)
        return outcomes
    except Exception:  # the child died or hung: NumPy cannot answer this case
        why = ("crashed (%s)" % signal.Signals(os.WTERMSIG(status)).name
               if os.WIFSIGNALED(status) else "did not answer within %.0fs" % seconds)
        return [Outcome(False, fault=why) for _ in steps]


def _child(steps, w, as_mb, seconds):
    code = 0
    try:
        resource.setrlimit(resource.RLIMIT_AS, (as_mb << 20, as_mb << 20))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.alarm(int(seconds))
        warnings.simplefilter("ignore")
        outcomes, env = [], {}
        for step in steps:
            outcomes.append(_one_step(step, env))
        data = pickle.dumps(outcomes)
        with os.fdopen(w, "wb") as f:
            f.write(data)
    except BaseException:  # noqa: B036 - anything here means no answer; the parent says so
        code = 3
    os._exit(code)


def _one_step(step, env):
    import numpy as np
    try:
        value = step.fn(env)
    except Exception as exc:  # NumPy's own exception type is the reference
        return Outcome(False, numpy_type_name(exc), str(exc)[:200])
    if step.key is not None:
        env[step.key] = value[0] if isinstance(value, (list, tuple)) else value
    if step.summary:
        a = np.asarray(value)
        return Outcome(True, (a.dtype.str, list(a.shape)), summary=True)
    return Outcome(True, pack(value))


def pack(value):
    """Arrays travel as .npy bytes: pickle drops a non-native byte order and turns S0 into S1."""
    import io
    import numpy as np
    if isinstance(value, (np.ndarray, np.generic)):
        buf = io.BytesIO()
        np.lib.format.write_array(buf, np.asarray(value), allow_pickle=False)
        return ("__npy__", buf.getvalue())
    if isinstance(value, (list, tuple)):
        return type(value)(pack(v) for v in value)
    return value


def unpack(value):
    import io
    import numpy as np
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__npy__":
        return np.lib.format.read_array(io.BytesIO(value[1]))
    if isinstance(value, (list, tuple)):
        return type(value)(unpack(v) for v in value)
    return value


@dataclass
class Workdir:
    root: str
    counter: int = 0
    made: list = field(default_factory=list)

    def path(self, stem, ext=".npy"):
        self.counter += 1
        return os.path.join(self.root, "%s_%d%s" % (stem, self.counter, ext))
