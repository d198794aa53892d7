#!/usr/bin/python3
"""Writes the seed corpora of the libFuzzer targets to tests/fuzz/corpus/<fuzzer>/ (checked in).

Run with Debian's python3-numpy (/usr/bin/python3): the .npy seeds are NumPy's own files, plus
hand-made hostile headers. issue10-* seeds are the examples of issue 10's classes that the fuzzer
can reach. Re-running rewrites the seed-NN and issue10-* files only; reproducers of findings
(files named finding-*) are kept.
"""
import io
import pathlib
import struct

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent

DTYPE_SEEDS = [
    "i4,f8", "(2,3)<f8", "M8[25s]", "datetime64[ms]", "S10", ">U3", "3i4,(2,)S3", "float64",
    "f2", "<c8", "?", "u8", "int8", "V12", "U", "S0", "m8[us]", "timedelta64[2h]", "M8",
    "a5", "=i2", "|u1", "O", "float128", "<g", "e",
    "[('a', '<i4'), ('b', '<f8', (2, 3))]", "[(('t', 'n'), '|S3')]",
    "[('x', '<i4'), ('', '|V4'), ('y', '>f8')]", "[('a', [('b', '<i2'), ('c', 'u1')])]",
    "{'names': ['a'], 'formats': ['<i4']}", "(3,)[('x', 'u1')]", "U2147483648",
    # ../shared/design/bad-inputs.md: misspelled, unsized, unknown unit, unbalanced, empty, long.
    "flaot64", "f3", "i16", "M8[xyz]", "(2,3", "", "(2,3)" * 40 + "i4",
]

# The first byte picks the indexed array (fuzz_index.cpp: 0..7); the rest is the subscript.
INDEX_SEEDS = [
    (0, "1"), (0, ":"), (0, "::-1"), (0, "..., None"), (0, "$0"), (0, "0, $0"), (0, "1:3, ..., None"),
    (0, "-1"), (0, "True"), (0, "$2, :"), (0, "$7"), (0, "$3"), (0, "None, None"), (0, "0, 0, 0"),
    (0, "-25"),
    (1, ":, $1"), (1, "::2, 1::2"), (1, "$0, $0"), (1, "..., -1"), (2, "'x'"), (2, "['x', 'y']"),
    (2, "'z'"), (2, "$0"), (3, "..."), (3, "()"), (3, "False"), (4, ":, 1"), (4, "$5"), (5, "1, 0"),
    (5, "$1"), (6, "::3, ::-2"), (6, "$6"), (7, "0"), (7, ":, 2:"), (7, "$4"),
    # bad-inputs.md: two ellipses, a float index, too many indices, out of bounds.
    (0, "..., 0, ..."), (0, "1.5"), (0, "0, 0, 0, 0"), (0, "2"), (1, "$1, $1"),
]

BATCH_SEEDS = [
    '{"id": 1, "func": "reshape", "args": ["a.npy", [3, 2]]}',
    '{"id": "v", "func": "flip", "args": ["a.npy"]}\n'
    '{"id": 2, "func": "getitem", "args": [{"result_of": "v"}], "kwargs": {"index": "::-1, 1"}}',
    '{"func": "zeros", "args": [[2, 3]], "kwargs": {"dtype": "f4"}}',
    '{"func": "astype", "args": ["t.npy", "S3"]}',
    '{"func": "sum", "args": ["f.npy"], "kwargs": {"axis": 0}}',
    '{"func": "concatenate", "args": [["a.npy", "a.npy"]], "kwargs": {"axis": 1}}',
    '{"func": "repeat", "args": ["a.npy", 2]}',
    '{"func": "tile", "args": ["a.npy", [2, 1]]}',
    '{"func": "promote_types", "args": ["M8[s]", "M8[as]"]}',
    '{"func": "dtype", "args": ["i4,f8"]}',
    '{"func": "load", "args": ["s.npy"], "kwargs": {"mmap_mode": "r"}}',
    '{"func": "load", "args": ["z.npz"]}',
    '{"func": "getitem", "args": ["s.npy"], "kwargs": {"index": "\'x\'"}}',
    '{"func": "setitem", "args": ["a.npy", {"scalar": 5, "dtype": "i2"}], "kwargs": {"index": "0, 1"}}',
    '{"func": "mean", "args": ["f.npy"]}',
    '{"func": "transpose", "args": ["a.npy"], "kwargs": {"axes": [1, 0]}}',
    '{"func": "moveaxis", "args": ["a.npy", 0, 1]}',
    '{"func": "expand_dims", "args": ["a.npy", 0]}',
    '{"func": "broadcast_to", "args": ["a.npy", [4, 2, 3]]}',
    '{"func": "lib.stride_tricks.as_strided", "args": ["a.npy"], "kwargs": {"shape": [3, 2], "strides": [8, 8]}}',
    '{"func": "arange", "args": [0, 10, 3]}',
    '{"func": "linspace", "args": [0, 1, 5]}',
    '{"func": "eye", "args": [3], "kwargs": {"k": 1}}',
    '{"func": "full", "args": [[2], {"scalar": 1.5, "dtype": "f2"}]}',
    '{"func": "where", "args": ["b.npy", "b.npy", 0]}',
    '{"func": "nonzero", "args": ["b.npy"]}',
    '{"func": "clip", "args": ["f.npy", 0, 1]}',
    '{"func": "array_repr", "args": ["u.npy"]}',
    '{"func": "can_cast", "args": ["i8", "f4"], "kwargs": {"casting": "same_kind"}}',
    '{"func": "result_type", "args": ["i1", "u8"]}',
    '{"func": "view", "args": ["a.npy", "u1"]}',
    '{"func": "diagonal", "args": ["a.npy"]}',
    '{"func": "roll", "args": ["a.npy", 1]}',
    '{"func": "stack", "args": [["a.npy", "a.npy"]]}',
    '{"func": "ptp", "args": ["a.npy"], "kwargs": {"axis": null}}',
    '{"func": "prod", "args": ["a.npy"], "kwargs": {"keepdims": true}}',
    '{"func": "seterr", "kwargs": {"all": "ignore"}}\n{"func": "geterr"}',
    '{"func": "squeeze", "args": ["a.npy"]}',
    '{"func": "fill", "args": ["a.npy", 3]}',
    '{"id": [[1], {"k": null}], "func": "copy", "args": ["a.npy"]}',
    '{"func": "ones", "args": [[2, 2]], "kwargs": {"dtype": "S3"}}',
    '{"func": "getitem", "args": ["a.npy", "b.npy"], "kwargs": {"index": "$1"}}',
    '{"func": "count_nonzero", "args": [{"npy": "b.npy"}]}',
    '{"func":',
    # bad-inputs.md: huge strides through as_strided, then slicing (numpy#32219).
    '{"id": "w", "func": "lib.stride_tricks.as_strided", "args": ["a.npy"], '
    '"kwargs": {"shape": [2, 2], "strides": [4611686018427387904, 8]}}\n'
    '{"func": "getitem", "args": [{"result_of": "w"}], "kwargs": {"index": "::2"}}',
    '{"func": "sum", "args": [{"npy": "a.npy"}], "kwargs": {"axis": [0, 0]}}',
]


def nested(depth):
    return "[" * depth + "]" * depth


# Issue 10's examples, by item, as the fuzzers take them (a fuzzer that crashes on one stops).
# The nesting depths are the smallest round ones that overflowed the stack of the fuzz build
# (ASan, -O1) before item 1 was fixed: args from about 4000 levels, an id from 6000-10000.
ISSUE_SEEDS = {
    "fuzz_batch": {
        "issue10-01-nested-args": '{"func": "copy", "args": [%s]}' % nested(5000),
        "issue10-01-nested-id": '{"id": %s, "func": "copy", "args": ["a.npy"]}' % nested(10000),
        "issue10-03-max-header-size":
            '{"func": "load", "args": ["a.npy"], "kwargs": {"max_header_size": 9223372036854775807}}',
        "issue10-07-reshape-uint64-max": '{"func": "reshape", "args": ["a.npy", [18446744073709551615]]}',
        "issue10-07-scalar-uint64-max":
            '{"func": "copy", "args": [{"scalar": 18446744073709551615, "dtype": "f8"}]}',
        "issue10-08-expand-dims-null": '{"func": "expand_dims", "args": ["a.npy", null]}',
        "issue10-08-moveaxis-null": '{"func": "moveaxis", "args": ["a.npy", null, 0]}',
        "issue10-09-id-types": '{"id": 7, "func": "arange", "args": [3]}\n'
                               '{"id": "7", "func": "zeros", "args": [[2]]}\n'
                               '{"func": "copy", "args": [{"result_of": 7}]}',
        "issue10-10-datetime-units": '{"func": "promote_types", "args": ["M8[2147483647Y]", "M8[as]"]}',
        "issue10-11-repeat-2-62": '{"func": "repeat", "args": ["a.npy", 4611686018427387904]}',
        "issue10-13-empty-shape": '{"id": "e", "func": "zeros", "args": [[0, 9223372036854775807, 4]]}\n'
                                  '{"func": "repeat", "args": [{"result_of": "e"}, 2]}',
        "issue10-15-tile": '{"func": "tile", "args": ["a.npy", [4611686018427387904, 4]]}',
        "issue10-15-concatenate":
            '{"func": "concatenate", "args": [["a.npy", "a.npy"]], "kwargs": {"axis": null}}',
    },
    "fuzz_index": {
        "issue10-15-step-int64-min": b"\0::-9223372036854775808",
        "issue10-15-step-2-62": b"\0::4611686018427387904",
    },
    "fuzz_dtype": {
        "issue10-15-bytes-name": "S9223372036854775807",
        "issue10-10-datetime-multiple": "M8[2147483647Y]",
    },
}


def npy_bytes(array, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, array)
    else:
        np.lib.format.write_array(buf, array, version=version)
    return buf.getvalue()


def npy_header(header_text, version=(1, 0), data=b""):
    """A .npy file with the given header dict text (padded as NumPy pads) and data."""
    text = header_text.encode("latin1")
    fmt = "<H" if version[0] == 1 else "<I"
    prefix = 6 + 2 + struct.calcsize(fmt)
    pad = 64 - (prefix + len(text) + 1) % 64
    body = text + b" " * pad + b"\n"
    return b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(body)) + body + data


def npy_seeds():
    seeds = [
        npy_bytes(np.arange(6).reshape(2, 3)),
        npy_bytes(np.asfortranarray(np.ones((2, 3), dtype="<f4"))),
        npy_bytes(np.array([True, False])),
        npy_bytes(np.zeros(3, dtype=[("a", "<i4"), ("b", ">f8", (2,))])),
        npy_bytes(np.zeros(2, dtype=[("a", [("b", "<i2"), ("c", "u1")])])),
        npy_bytes(np.zeros(2, dtype=np.dtype({"names": ["x"], "formats": ["<i2"], "itemsize": 8}))),
        npy_bytes(np.array([b"ab", b"cde"])),
        npy_bytes(np.array(["x", "yz"])),
        npy_bytes(np.array(["2020-01-01"], dtype="M8[ns]")),
        npy_bytes(np.array([3], dtype="m8[D]")),
        npy_bytes(np.array([1 + 2j], dtype="<c16")),
        npy_bytes(np.array([1.5], dtype="<f2")),
        npy_bytes(np.array(7)),
        npy_bytes(np.zeros((0, 3))),
        npy_bytes(np.arange(3, dtype=">i4")),
        npy_bytes(np.arange(2), version=(2, 0)),
        npy_bytes(np.zeros(1, dtype=[("\u00e9", "<i4")]), version=(3, 0)),
        npy_bytes(np.zeros(2, dtype="V3")),
        npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }"),
        npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 9223372036854775807, 4), }"),
        npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"),
        npy_header("{'descr': '<i8', 'fortran_order': True, 'shape': (2, 2), }", data=b"\x01" * 8),
        npy_header("{'descr': [('a', '<i4', (2147483647, 2147483647))], 'fortran_order': False, 'shape': (), }"),
        npy_header("{'descr': '<M8[2147483647Y]', 'fortran_order': False, 'shape': (1,), }", data=b"\0" * 8),
        npy_header("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", data=b"\0" * 4),
        npy_header("{'descr': '<i4', 'shape': (1,)}", data=b"\0" * 4),
        npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", version=(2, 0)),
    ]
    truncated = npy_bytes(np.arange(100))
    seeds.append(truncated[:-8])
    lying = bytearray(npy_bytes(np.arange(2)))
    lying[8:10] = struct.pack("<H", 0xFFFF)
    seeds.append(bytes(lying))
    seeds.append(b"\x93NUMPY\x01\x00")
    seeds.append(b"\x93NUMPY\x03\x00\xff\xff\xff\xff{")
    # bad-inputs.md: empty file, wrong magic, unknown versions, a v2 header length of 0xFFFFFFFF,
    # object dtype, the valid empty (0, 2**62), 65 dimensions, non-bool fortran_order, bad shape.
    seeds.append(b"")
    seeds.append(b"\x93NUMPZ\x01\x00")
    good = npy_bytes(np.arange(2))
    for version in (b"\x00\x00", b"\x01\x01", b"\x02\x02", b"\xff\xff"):
        seeds.append(good[:6] + version + good[8:])
    seeds.append(b"\x93NUMPY\x02\x00\xff\xff\xff\xff{'descr': '<i8'}")
    seeds.append(npy_header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data=b"\0" * 8))
    seeds.append(npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904), }"))
    seeds.append(npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }" % ("1, " * 65)))
    seeds.append(npy_header("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", data=b"\0" * 8))
    seeds.append(npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': [1], }", data=b"\0" * 8))
    return seeds


def as_bytes(s):
    return s if isinstance(s, bytes) else s.encode()


def write(fuzzer, seeds):
    d = HERE / "corpus" / fuzzer
    d.mkdir(parents=True, exist_ok=True)
    for old in list(d.glob("seed-*")) + list(d.glob("issue10-*")):
        old.unlink()
    for i, s in enumerate(seeds):
        (d / f"seed-{i:02d}").write_bytes(as_bytes(s))
    for name, s in ISSUE_SEEDS.get(fuzzer, {}).items():
        (d / name).write_bytes(as_bytes(s))


def main():
    write("fuzz_dtype", DTYPE_SEEDS)
    write("fuzz_index", [bytes([b]) + s.encode() for b, s in INDEX_SEEDS])
    write("fuzz_batch", BATCH_SEEDS)
    write("fuzz_npy", npy_seeds())
    for name, descr in (("issue10-06-bytes0", "|S0"), ("issue10-06-str0", "<U0")):
        header = "{'descr': '%s', 'fortran_order': False, 'shape': (64,), }" % descr
        (HERE / "corpus" / "fuzz_npy" / name).write_bytes(npy_header(header))


if __name__ == "__main__":
    main()
