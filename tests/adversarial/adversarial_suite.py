"""The adversarial suite: the `numpy-plugins` tool attacked over every surface it has.

Surfaces (one module each): hostile `.npy`/`.npz` files and special files (cases_files), the
batch protocol (cases_protocol), routine arguments, index and dtype strings and huge shapes
(cases_arguments), and output files (cases_outputs). Every case of issue 10 items 1-16 and every
row of shared/design/bad-inputs.md the tool can reach (Files; Parsers and arguments) is here;
each case names its item.

Each case is one tool process, checked for: no crash (signal or sanitizer report), an answer
within its time bound, a peak RSS within its memory bound (and, in a release build, an
address-space limit as `ulimit -v` sets), NumPy's error type or NumPy's result computed live for
every line, and output files of failing requests left as they were. Prints a table
case -> expected -> got and exits non-zero on any failure.

    /usr/bin/python3 tests/adversarial/adversarial_suite.py --tool build/release/bin/numpy-plugins
        [--sanitized] [-k SUBSTRING]
"""
import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # NumPy's side runs in forked children

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases_arguments  # noqa: E402
import cases_files  # noqa: E402
import cases_outputs  # noqa: E402
import cases_protocol  # noqa: E402
from framework import Judge, Verdict, print_table  # noqa: E402
from runner import Tool, Workdir  # noqa: E402


class Suite:
    """What the case modules build on: a scratch directory, input files, the case list."""

    def __init__(self, tool, root):
        self.tool = tool
        self.work = Workdir(root)
        self.cases = []
        self.root = root

    def add(self, case):
        self.cases.append(case)

    def save(self, array, stem="in"):
        p = self.work.path(stem)
        np.save(p, array)
        return p

    def file(self, data, stem="in", ext=".npy"):
        p = self.work.path(stem, ext)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def judge(self, case):
        if callable(getattr(case, "run", None)):
            return case.run(self)  # a custom case judges itself
        return Judge(self.tool, self.work).judge(case)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--sanitized", action="store_true",
                        help="the tool is an ASan build: no address-space limit, looser bounds")
    parser.add_argument("-k", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # NumPy's warnings while building inputs are expected
    root = tempfile.mkdtemp(prefix="np_adversarial_")
    atexit.register(shutil.rmtree, root, True)
    suite = Suite(Tool(os.path.abspath(args.tool), args.sanitized), root)
    for module in (cases_files, cases_protocol, cases_arguments, cases_outputs):
        module.add_cases(suite)
    started = time.monotonic()
    verdicts = []
    for case in suite.cases:
        if args.k and args.k not in case.name:
            continue
        began = time.monotonic()
        try:
            verdicts.append(suite.judge(case))
        except Exception as exc:  # a fault of the suite itself must show, not stop the run
            verdicts.append(Verdict(case, "?", "suite error", "suite raised %r" % (exc,)))
        verdicts[-1].seconds = time.monotonic() - began
    failed = print_table(verdicts)
    slow = sorted(verdicts, key=lambda v: -v.seconds)[:5]
    print("slowest: " + ", ".join("%s %.1fs" % (v.case.name[:40], v.seconds) for v in slow))
    print("%d cases in %.1f s (%s build)" % (len(verdicts), time.monotonic() - started,
                                            "sanitized" if args.sanitized else "release"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
