"""Files: hostile `.npy` headers and data, `.npz` archives (zip tricks, lying sizes, bombs),
zero-size string types (issue 10 item 6), loader integer limits (item 3), and special files as
inputs (item 16). bad-inputs.md, "Files (.npy / .npz)"."""
import os
import zlib

import numpy as np

import craft
from framework import ERROR, Case, Line
from runner import Bounds

F8 = "'<f8'"


def np_load(path, **kw):
    """np.load as the tool's `load` answers it: an array, or every member of an .npz in order."""
    r = np.load(path, **kw)
    if isinstance(r, np.lib.npyio.NpzFile):
        with r:
            return [r[k] for k in r.files]
    return r


def load_line(path, note="", also=("ValueError",), or_error=False, **kw):
    """Loading a file: NumPy's result, or NumPy's error type. A hostile header is refused by
    NumPy's _read_array_header with ValueError, but some reach a later stage first (TypeError
    from the shape, MemoryError from allocating what the header claims): ValueError is taken
    for those too."""
    req = {"func": "load", "args": [path]}
    if kw:
        req["kwargs"] = kw
    return Line(req, numpy=lambda env: np_load(path, **kw), note=note, also=also,
                or_error=or_error)


def error_line(path, types=("ValueError",), note="", **kw):
    req = {"func": "load", "args": [path]}
    if kw:
        req["kwargs"] = kw
    return Line(req, expect=ERROR, types=types, note=note)


def add_cases(s):
    add_headers(s)
    add_sizes(s)
    add_layouts(s)
    add_zero_size_strings(s)
    add_header_limits(s)
    add_npz(s)
    add_special_files(s)


def add_headers(s):
    """Magic, versions, header keys and values (NumPy's _read_array_header)."""
    good = craft.header(F8, "(2,)")
    data = np.arange(2.0).tobytes()
    raw = {
        "empty file": b"",
        "truncated magic": b"\x93NUM",
        "wrong magic": craft.npy(good, data, magic=b"\x93NUMPZ"),
        "magic only": b"\x93NUMPY",
        "magic and version only": b"\x93NUMPY\x01\x00",
        "header length cut": b"\x93NUMPY\x01\x00\x10",
    }
    for version in ((0, 0), (1, 1), (2, 2), (255, 255), (4, 0)):
        raw["version %d.%d" % version] = craft.npy(good, data, version=version)
    for name, text in {
        "missing shape key": "{'descr': '<f8', 'fortran_order': False, }",
        "missing descr key": "{'fortran_order': False, 'shape': (2,), }",
        "extra key": "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1, }",
        "header not a dict": "[1, 2, 3]",
        "header not a literal": "{'descr': __import__('os'), 'shape': (2,)}",
        "header unterminated": "{'descr': '<f8', 'fortran_order': False, 'shape': (2,",
        "shape a list": craft.header(F8, "[2]"),
        "shape float": craft.header(F8, "(2.0,)"),
        "shape string": craft.header(F8, "('2',)"),
        "shape bool": craft.header(F8, "(True,)"),
        "shape int": craft.header(F8, "2"),
        "shape huge literal": craft.header(F8, "(%d,)" % 2 ** 64),
        "shape nested": craft.header(F8, "((2,),)"),
        "fortran_order 0": craft.header(F8, "(2,)", fortran="0"),
        "fortran_order string": craft.header(F8, "(2,)", fortran="'False'"),
        "fortran_order None": craft.header(F8, "(2,)", fortran="None"),
        "descr f3": craft.header("'<f3'", "(2,)"),
        "descr unknown": craft.header("'<x8'", "(2,)"),
        "descr int": craft.header("8", "(2,)"),
        "descr empty list": craft.header("[]", "(2,)"),
        "descr bad field list": craft.header("[('a',)]", "(2,)"),
        "descr object": craft.header("'|O'", "(2,)"),
        "descr object field": craft.header("[('a', '|O')]", "(2,)"),
        "descr M8 bad unit": craft.header("'<M8[xyz]'", "(2,)"),
        "header deeply nested": craft.header(F8, "(" * 5000 + ")" * 5000),
    }.items():
        raw[name] = craft.npy(text, data)
    for name, data_bytes in raw.items():
        p = s.file(data_bytes, "hdr")
        s.add(Case("npy " + name, "files", [load_line(p)]))


def add_sizes(s):
    """Declared sizes against the file: lying header lengths, short data, dims that overflow."""
    short = {
        "header length past EOF v1": craft.npy(craft.header(F8, "(2,)"), b"", header_len=60000),
        "header length 0xFFFFFFFF v2": craft.npy(craft.header(F8, "(2,)"), b"", version=(2, 0),
                                                 header_len=0xFFFFFFFF),
        "header length 0 v2": craft.npy(craft.header(F8, "(2,)"), b"", version=(2, 0),
                                        header_len=0, pad=False),
        "data short": craft.npy(craft.header(F8, "(10,)"), b"\0" * 24),
        "data short by one byte": craft.npy(craft.header(F8, "(3,)"), b"\0" * 23),
        "data missing 2**40 elements": craft.npy(craft.header(F8, "(%d,)" % 2 ** 40), b"\0" * 64),
        "dims product wraps to 0": craft.npy(craft.header(F8, "(%d, %d)" % (2 ** 32, 2 ** 32)),
                                             b"\0" * 64),
        "dims product overflows int64": craft.npy(craft.header(F8, "(%d, 4)" % 2 ** 62), b""),
        "dims times itemsize overflow": craft.npy(craft.header("'<U1000'", "(%d,)" % 2 ** 52), b""),
        "65 dims": craft.npy(craft.header(F8, "(" + "1, " * 65 + ")"), b"\0" * 8),
    }
    for name, data in short.items():
        s.add(Case("npy " + name, "files", [load_line(s.file(data, "size"))]))
    # NumPy 1.24 reads a -1 dimension as "infer" (array.shape = shape); bad-inputs.md asks for
    # an error, as a header with a negative size is corrupt.
    for shape in ("(-1, 3)", "(-3,)", "(%d,)" % -2 ** 63):
        p = s.file(craft.npy(craft.header(F8, shape), b"\0" * 24), "neg")
        s.add(Case("npy negative dims " + shape[:12], "files",
                   [error_line(p, note="NumPy infers -1; a negative size is corrupt")]))
    for dtype, shape in (("'|u1'", "(0, %d)" % 2 ** 62), (F8, "(0, %d)" % 2 ** 62),
                         (F8, "(0, %d, 4)" % (2 ** 63 - 1)), ("'|u1'", "(%d, 0)" % 2 ** 62)):
        p = s.file(craft.npy(craft.header(dtype, shape)), "empty")
        s.add(Case("npy empty %s %s" % (dtype, shape[:18]), "#13", [load_line(p)]))


def add_layouts(s):
    """Valid but unusual files: NumPy's values exactly (big-endian, Fortran order, v2/v3)."""
    rng = np.random.default_rng(10)
    arrays = {
        "big-endian f8": rng.standard_normal(5).astype(">f8"),
        "big-endian i2 2-d": np.arange(12, dtype=">i2").reshape(3, 4),
        "big-endian U3": np.array(["ab", "xyz"], dtype=">U3"),
        "big-endian c16": (rng.standard_normal(3) + 1j).astype(">c16"),
        "fortran order": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        "fortran order 3-d": np.asfortranarray(np.arange(24, dtype="i4").reshape(2, 3, 4)),
        "structured": np.array([(1, 2.0)], dtype=[("a", "<i4"), ("b", ">f8")]),
        "64 dims": np.zeros((1,) * 30 + (2,), "u1"),
    }
    for name, a in arrays.items():
        s.add(Case("npy " + name, "files", [load_line(s.file(craft.npy_of(a), "lay"))]))
    utf8 = np.array([(1,)], dtype=[("\u00e9t\u00e9", "<i4")])
    s.add(Case("npy v3 utf-8 field name", "files",
               [load_line(s.file(craft.npy_of(utf8, version=(3, 0)), "v3"))]))
    s.add(Case("npy v2 header", "files",
               [load_line(s.file(craft.npy_of(np.arange(3.0), version=(2, 0)), "v2"))]))


def add_zero_size_strings(s):
    """Item 6: S0/U0/V0 in headers and .npz members must not load as S1/U1 of heap bytes."""
    for descr in ("'|S0'", "'<U0'", "'|V0'", "[('a', '|S0'), ('b', '<i4')]", "'>U0'"):
        for shape in ("(64,)", "(4, 16)", "(0,)"):
            p = s.file(craft.npy(craft.header(descr, shape), b"A" * 256), "s0")
            s.add(Case("npy descr %s shape %s" % (descr[:14], shape), "#6", [load_line(p)]))
    member = craft.npy(craft.header("'|S0'", "(64,)"), b"")
    p = s.file(craft.npz([("arr_0.npy", member)]), "s0", ".npz")
    s.add(Case("npz member descr |S0", "#6", [load_line(p)]))
    member = craft.npy(craft.header("'<U0'", "(64,)"), b"")
    p = s.file(craft.npz([("u.npy", member)], compress=True), "u0", ".npz")
    s.add(Case("npz member descr <U0 deflated", "#6", [load_line(p)]))


def add_header_limits(s):
    """Item 3 and its siblings: max_header_size anywhere in Python's int range; long headers."""
    plain = s.file(craft.npy_of(np.arange(4.0)), "plain", ".dat")
    for limit in (2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1, 2 ** 64, 10 ** 30, -(2 ** 63), -1, 0, 117):
        s.add(Case("load max_header_size=%s" % limit, "#3",
                   [load_line(plain, max_header_size=limit)]))
    s.add(Case("load max_header_size single-call", "#3", [load_line(plain)],
               argv=["call", "load", plain, "--kw", "max_header_size=9223372036854775807"]))
    s.cases[-1].lines[0].request = {"out": []}
    long_text = craft.header(F8, "(2,)") + " " * 12000
    long_hdr = s.file(craft.npy(long_text, np.arange(2.0).tobytes()), "long", ".dat")
    s.add(Case("npy header over 10000 chars", "files", [load_line(long_hdr)]))
    s.add(Case("npy header over 10000, limit raised", "files",
               [load_line(long_hdr, max_header_size=20000)]))
    s.add(Case("npy header over 10000, allow_pickle", "files",
               [load_line(long_hdr, allow_pickle=True)]))
    huge = craft.npy(craft.header(F8, "(2,)"), b"", version=(2, 0), header_len=0xFFFFFFFF)
    p = s.file(huge, "hugehdr", ".dat")
    s.add(Case("v2 header 0xFFFFFFFF, max_header_size=2**63-1", "#3",
               [load_line(p, max_header_size=2 ** 63 - 1)], bounds=Bounds(rss_mb=200)))


def add_npz(s):
    """Archives: not a zip, truncated, duplicates, traversal names, lying sizes, bombs."""
    good = craft.npy_of(np.arange(3.0))
    s.add(Case("npz not a zip", "files", [load_line(s.file(b"garbage" * 10, "nz", ".npz"))]))
    whole = craft.npz([("a.npy", good), ("b.npy", good)])
    cut = s.file(whole[:len(whole) // 2], "tr", ".npz")
    s.add(Case("npz truncated", "files", [load_line(cut)]))
    s.add(Case("npz empty archive", "files", [load_line(s.file(craft.npz([]), "e", ".npz"))]))
    s.add(Case("npz member not npy", "files", [error_line(
        s.file(craft.npz([("a.npy", b"hello")]), "nn", ".npz"), types=(),
        note="NumPy returns the member's raw bytes")]))
    s.add(Case("npz member with hostile header", "files", [load_line(s.file(craft.npz(
        [("a.npy", craft.npy(craft.header(F8, "(%d,)" % 2 ** 40), b""))]), "hh", ".npz"))]))
    dup = s.file(craft.npz([("arr_0.npy", good), ("arr_0.npy", craft.npy_of(np.ones(2)))]),
                 "dup", ".npz")
    s.add(Case("npz duplicate members", "files",
               [error_line(dup, types=(), note="bad-inputs.md: duplicate members are an error")]))
    for name in ("../evil.npy", "/tmp/np_adversarial_abs.npy", "a/../../evil.npy"):
        p = s.file(craft.npz([(name, good)]), "trav", ".npz")
        s.add(Case("npz member name %s" % name, "files",
                   [error_line(p, types=(), note="bad-inputs.md: traversing names are an error")],
                   check=no_file_outside(s.root, name)))
    member = craft.npy(craft.header(F8, "(1000,)"), np.zeros(1000).tobytes())
    s.add(Case("npz declared size smaller than inflated", "files",
               [load_line(s.file(craft.npz_lying_size(member, 100), "lie", ".npz"))]))
    small = craft.npy_of(np.arange(10.0))
    s.add(Case("npz declared size 4 GiB, data small", "files",
               [load_line(s.file(craft.npz_lying_size(small, 0xFFFFFFFF), "big", ".npz"),
                          or_error=True)],
               bounds=Bounds(rss_mb=200)))
    s.add(Case("npz bomb: 512 MiB inflating member, 10 elements", "files",
               [load_line(s.file(bomb(), "bomb", ".npz"), or_error=True)],
               bounds=Bounds(rss_mb=300)))


def bomb():
    """A member whose header says 10 float64 values, followed by 512 MiB of zeros."""
    head = craft.npy(craft.header(F8, "(10,)"), np.arange(10.0).tobytes())
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    comp = [deflater.compress(head)]
    crc = zlib.crc32(head)
    for _ in range(512):
        comp.append(deflater.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    comp.append(deflater.flush())
    return craft.zip_one_member(b"".join(comp), crc, len(head) + 512 * (1 << 20))


def no_file_outside(root, name):
    target = os.path.normpath(os.path.join(root, name))

    def check(run, answers):
        if os.path.exists(target) and not target.startswith(root + os.sep):
            return "a file was written outside the work directory: " + target
        return None
    return check


def add_special_files(s):
    """Item 16: FIFOs and other non-regular files as inputs. NumPy blocks on a FIFO forever;
    the tool must answer with a clear error within the bound."""
    fifo = os.path.join(s.root, "fifo.npy")
    os.mkfifo(fifo)
    fifo_dat = os.path.join(s.root, "fifo.dat")
    os.mkfifo(fifo_dat)
    fifo_npz = os.path.join(s.root, "fifo.npz")
    os.mkfifo(fifo_npz)
    quick = Bounds(seconds=3)
    s.add(Case("fifo as .npy argument", "#16", [error_line(fifo, types=())], bounds=quick))
    s.add(Case("fifo as load mmap_mode=r", "#16",
               [error_line(fifo_dat, types=(), mmap_mode="r")], bounds=quick))
    s.add(Case("fifo as load .npz", "#16", [error_line(fifo_npz, types=())], bounds=quick))
    a = s.save(np.arange(3.0))
    s.add(Case("fifo as where= keyword", "#16", [Line(
        {"func": "add", "args": [a, a], "kwargs": {"where": {"npy": fifo}}},
        expect=ERROR)], bounds=quick))
    s.add(Case("fifo single-call argument", "#16", [Line({"out": []}, expect=ERROR)],
               argv=["call", "copy", fifo], bounds=quick))
    directory = os.path.join(s.root, "dir.npy")
    os.mkdir(directory)
    s.add(Case("directory named .npy", "#16", [load_line(directory)], bounds=quick))
    s.add(Case("/dev/zero as load path", "#16", [error_line("/dev/zero", types=())], bounds=quick))
    s.add(Case("/dev/zero as load mmap_mode=r", "#16",
               [error_line("/dev/zero", types=(), mmap_mode="r")], bounds=quick))
    missing = os.path.join(s.root, "missing.npy")
    s.add(Case("missing .npy", "files", [load_line(missing)]))
