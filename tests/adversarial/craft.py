"""Hostile `.npy` and `.npz` bytes: headers written by hand (any text, any declared length, any
version), and zip archives with duplicate or traversing member names and lying sizes."""
import io
import struct
import zipfile
import zlib

import numpy as np

MAGIC = b"\x93NUMPY"


def npy(header, data=b"", version=(1, 0), header_len=None, pad=True, magic=MAGIC):
    """A .npy file from header text. `header_len` overrides the declared length (a lie);
    `pad` aligns the data to 64 bytes with spaces and a newline as NumPy writes it."""
    text = header.encode("utf-8" if version[0] >= 3 else "latin1")
    len_size = 2 if version[0] == 1 else 4
    if pad:
        total = len(magic) + 2 + len_size + len(text) + 1
        text += b" " * ((-total) % 64) + b"\n"
    declared = len(text) if header_len is None else header_len
    fmt = "<H" if len_size == 2 else "<I"
    return magic + bytes(version) + struct.pack(fmt, declared) + text + data


def header(descr, shape, fortran="False"):
    return "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)


def npy_of(array, version=None):
    """The bytes NumPy writes for an array."""
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.asanyarray(array), version=version)
    return buf.getvalue()


def npz(members, compress=False):
    """A zip of (name, bytes) members in order (duplicates and any names allowed)."""
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=mode)
    return buf.getvalue()


def npz_lying_size(data, declared):
    """A one-member deflated zip (arr_0.npy) whose local and central headers declare
    `declared` as the uncompressed size, whatever `data` inflates to."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    comp = deflater.compress(data) + deflater.flush()
    return zip_one_member(comp, zlib.crc32(data), declared)


def zip_one_member(comp, crc, size):
    """A zip holding one deflated member arr_0.npy: the compressed bytes `comp` with the CRC and
    uncompressed size its headers declare (true or not)."""
    name = b"arr_0.npy"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(comp),
                        size, len(name), 0) + name
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc,
                          len(comp), size, len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central),
                      len(local) + len(comp), 0)
    return local + comp + central + end
