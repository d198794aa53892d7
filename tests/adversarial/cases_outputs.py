"""Output files: a full disk and a file-size limit (item 5: the old content must survive an
error), unwritable paths, writing over an mmap-loaded input (item 4), concurrent writers to one
path (item 5), FIFOs and symlinks as outputs.

The full disk is a private character device (1, 7) made in the scratch directory when the suite
may (root), so an implementation that writes through a temporary file and a rename can never
replace the machine's /dev/full; otherwise /dev/full itself."""
import json
import os
import resource
import shutil
import threading
import time

import numpy as np

import craft
from calls import Ref, call, error_call
from framework import ANY, Case, Custom, Line
from runner import Bounds


def write_like_numpy(path, value):
    with open(path, "wb") as f:
        np.save(f, value)
    return value


def full_device(root, name="full"):
    path = os.path.join(root, name)
    try:
        os.mknod(path, 0o666 | 0o020000, os.makedev(1, 7))
        return path
    except OSError:
        return "/dev/full"


def add_cases(s):
    add_full_disk(s)
    add_file_size_limit(s)
    add_unwritable(s)
    add_mmap_overwrite(s)
    add_special_outputs(s)
    s.add(Custom("concurrent writers to one -o path", "#5", concurrent_writers))


def add_full_disk(s):
    full = full_device(s.root)
    s.add(Case("call zeros [1] -o /dev/full", "#5",
               [Line({"out": [full]}, numpy=lambda env: write_like_numpy(full, np.zeros(1)))],
               argv=["call", "zeros", "[1]", "-o", full]))
    s.add(Case("batch zeros([1]) -> /dev/full", "#5", [
        call(s, "zeros", [1], outs=[full], numpy=lambda env: write_like_numpy(full, np.zeros(1))),
        call(s, "zeros", [2])]))
    s.add(Case("batch ones([10**6]) -> /dev/full", "#5", [call(
        s, "ones", [10 ** 6], outs=[full],
        numpy=lambda env: write_like_numpy(full, np.ones(10 ** 6)))]))
    # save/savez append .npy/.npz as NumPy does: full devices under those names ({"str": ...}
    # passes a path ending in .npy as a string, not as an array to load).
    full_npy, full_npz = full_device(s.root, "full.npy"), full_device(s.root, "full.npz")
    s.add(Case("save(/dev/full, a)", "#5", [error_call(
        s, "save", {"str": full_npy}, np.arange(3.0), types=("OSError",))]))
    s.add(Case("savez(/dev/full, a)", "#5", [error_call(
        s, "savez", full_npz, np.arange(3.0), types=("OSError",))]))


def add_file_size_limit(s):
    """RLIMIT_FSIZE below the result's size (SIGXFSZ ignored, so write fails with EFBIG): an
    OSError, and the file given with -o keeps its old bytes."""
    limit = 64 << 10

    def numpy_under_limit(value):
        def fn(env):
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # in NumPy's child only
            return write_like_numpy(s.work.path("fsize_numpy"), value)
        return fn
    big = np.ones(1 << 17)
    s.add(Case("ones([2**17]) -o existing file, RLIMIT_FSIZE 64 KiB", "#5", [
        call(s, "ones", [1 << 17], numpy=numpy_under_limit(big))],
        bounds=Bounds(fsize=limit)))
    s.add(Case("add(a, a) 1 MiB -o existing file, RLIMIT_FSIZE 64 KiB", "#5", [
        call(s, "add", big, big, numpy=numpy_under_limit(big + big))],
        bounds=Bounds(fsize=limit)))
    target = s.work.path("fsize", ".npz")
    with open(target, "wb") as f:
        f.write(b"old archive bytes")

    def archive_kept(run, answers):
        with open(target, "rb") as f:
            return None if f.read() == b"old archive bytes" else "savez destroyed the old file"
    s.add(Case("savez 1 MiB over existing file, RLIMIT_FSIZE 64 KiB", "#5", [
        error_call(s, "savez", target, big, types=("OSError",))],
        bounds=Bounds(fsize=limit), check=archive_kept))


def add_unwritable(s):
    a = np.arange(3.0)
    plain = s.file(b"plain file", "plain", ".txt")
    directory = os.path.join(s.root, "outdir.npy")
    os.mkdir(directory)
    targets = {"missing directory": os.path.join(s.root, "no", "such", "dir", "x.npy"),
               "path through a file": os.path.join(plain, "x.npy"),
               "an existing directory": directory,
               "empty path": ""}
    if os.geteuid() != 0:  # root writes anywhere; the permission case needs an ordinary user
        locked = os.path.join(s.root, "locked")
        os.mkdir(locked, 0o555)
        targets["read-only directory"] = os.path.join(locked, "x.npy")
    for name, target in targets.items():
        s.add(Case("-o to " + name, "#5", [
            call(s, "copy", a, outs=[target], numpy=lambda env, t=target: write_like_numpy(t, a))],
            check=still_directory(directory)))


def still_directory(path):
    def check(run, answers):
        return None if os.path.isdir(path) else "the directory %s was replaced" % path
    return check


def add_mmap_overwrite(s):
    """Item 4: a result written with -o over a file loaded with mmap_mode: the mapped input
    stays readable (no SIGBUS), the batch keeps answering, the new file holds the result."""
    original = np.arange(100000.0)
    for mode in ("r", "r+", "c"):
        path = s.work.path("mapped", ".dat")
        write_like_numpy(path, original)
        lines = [
            call(s, "load", path, mmap_mode=mode, id="m", key="m",
                 numpy=lambda env: original.copy()),
            call(s, "zeros", [1000], outs=[path], numpy=lambda env: np.zeros(1000)),
            call(s, "copy", Ref("m"), numpy=lambda env: original.copy()),
            call(s, "sum", Ref("m"), numpy=lambda env: original.sum()),
            call(s, "load", path, numpy=lambda env: np.zeros(1000)),
        ]
        s.add(Case("-o over mmap_mode=%s input, then use the input" % mode, "#4", lines))
        # Same size: NumPy's in-place write shows the new bytes through the map, a rename
        # keeps the old ones; either is fine as long as nothing crashes.
        path2 = s.work.path("mapped", ".dat")
        write_like_numpy(path2, original)
        s.add(Case("add(mapped, 1) -o the mapped file (mmap_mode=%s)" % mode, "#4", [
            call(s, "load", path2, mmap_mode=mode, id="m", key="m",
                 numpy=lambda env: original.copy()),
            call(s, "add", Ref("m"), 1.0, outs=[path2], numpy=lambda env: original + 1.0),
            Line({"func": "getitem", "args": [{"result_of": "m"}], "kwargs": {"index": "-3:"}},
                 expect=ANY)]))
    same = s.save(np.arange(5.0))
    s.add(Case("add(x.npy, x.npy) -o x.npy", "#4", [
        call(s, "add", np.arange(5.0), np.arange(5.0), outs=[same],
             numpy=lambda env: np.arange(5.0) * 2)]))
    s.cases[-1].lines[0].request["args"] = [same, same]


def add_special_outputs(s):
    a = np.arange(4.0)
    fifo = os.path.join(s.root, "out_fifo.npy")
    os.mkfifo(fifo)
    s.add(Case("-o to a FIFO with no reader", "#16",
               [Line({"func": "copy", "args": [s.save(a)], "out": [fifo]}, expect=ANY,
                     note="NumPy blocks on opening it")], bounds=Bounds(seconds=3)))
    target = s.save(np.zeros(2), "link_target")
    link = os.path.join(s.root, "link.npy")
    os.symlink(target, link)

    def through_link(run, answers):
        if not os.path.islink(link):
            return "the symlink was replaced by a file (NumPy writes through it)"
        got = np.load(target)
        return None if np.array_equal(got, a) else "the link's target does not hold the result"
    s.add(Case("-o to a symlink", "#5", [
        call(s, "copy", a, outs=[link], numpy=lambda env: a.copy())], check=through_link))


def feed(pipe, data):
    pipe.write(data)
    pipe.close()


def concurrent_writers(suite):
    """Six processes, each a batch writing its own array (sizes differ) to one path 15 times,
    run at once, three rounds: every answer is ok, the file ends as exactly one of the arrays
    (no interleaved header and data, no other writer's tail), and nothing else is left in the
    directory."""
    tool = suite.tool
    folder = os.path.join(suite.root, "concurrent")
    os.mkdir(folder)
    target = os.path.join(folder, "same.npy")
    sizes = [200000 + 400001 * k for k in range(6)]
    bounds = Bounds(seconds=30, rss_mb=600)
    for round_ in range(3):
        started = time.monotonic()
        procs = [tool.start(["call", "--batch", "-"], bounds) for _ in sizes]
        for k, (p, n) in enumerate(zip(procs, sizes)):
            line = json.dumps({"func": "full", "args": [[n], k + round_ * 10], "out": [target]})
            threading.Thread(target=feed, args=(p.stdin, (line + "\n").encode() * 15)).start()
        runs = [tool.finish(p, bounds, started) for p in procs]
        for r in runs:
            fault = r.fault()
            if fault or r.status != 0 or r.stdout.count('"ok":true') != 15:
                return "90 ok answers", fault or "exit %s" % r.status, fault or r.stdout[-200:]
        try:
            got = np.load(target)
        except Exception as exc:  # interleaved writes leave a file NumPy cannot read
            return "one whole array", "unreadable", "round %d: %s" % (round_, exc)
        fills = {k + round_ * 10: n for k, n in enumerate(sizes)}
        fill = int(got[0]) if got.size else None
        if fill not in fills or got.shape != (fills[fill],) or not (got == fill).all():
            return "one whole array", "mixed %s" % (got.shape,), "round %d: interleaved" % round_
        whole = len(craft.npy_of(np.full(fills[fill], fill)))
        if os.path.getsize(target) != whole:  # a shorter array written over a longer one
            return ("one whole array", "%d bytes for %d" % (os.path.getsize(target), whole),
                    "round %d: the file holds another writer's tail" % round_)
    left = sorted(set(os.listdir(folder)) - {"same.npy"})
    shutil.rmtree(folder, True)
    if left:
        return "only same.npy", "left: %s" % left[:3], "temporary files left behind: %s" % left[:3]
    return "one whole array", "one whole array", None
