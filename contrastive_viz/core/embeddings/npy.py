"""``.npy`` files: float32 C order is memory-mapped read-only; pickles are never loaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .dataset import _err, _Progress, _Raw
from .validation import _check_shape

_NPY_MAGIC = b"\x93NUMPY"


def _read_npy_header(fp, path: Path) -> tuple[tuple[int, ...], bool, np.dtype]:
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(fp)
        return np.lib.format.read_array_header_2_0(fp)
    except (ValueError, EOFError, OSError, SyntaxError) as exc:
        raise _err(path, f"corrupt or truncated .npy header ({exc})") from None


def _check_array(path: Path, shape: tuple[int, ...], dtype: np.dtype, what: str) -> None:
    if dtype.hasobject:
        raise _err(
            path,
            f"{what} holds Python objects (a pickle); refused, because loading a pickle can "
            "run arbitrary code. Save a numeric array instead.",
        )
    if dtype.kind not in "fiu":
        raise _err(path, f"{what} has dtype {dtype}; expected numbers (float or int)")
    if len(shape) != 2:
        raise _err(path, f"{what} has shape {shape}; expected a 2-D array (rows × dimensions)")


def _load_npy(path: Path, tick: _Progress) -> _Raw:
    with path.open("rb") as fp:
        head = fp.read(6)
        if head != _NPY_MAGIC:
            if head[:1] == b"\x80":
                why = "it is a Python pickle (refused, because loading a pickle can run code)"
            elif head[:2] == b"PK":
                why = "it is a zip archive; if it is an .npz, rename it to .npz"
            else:
                why = "the .npy magic header is missing"
            raise _err(path, f"not a NumPy .npy file: {why}")
        fp.seek(0)
        shape, _fortran, dtype = _read_npy_header(fp, path)
        data_start = fp.tell()
    _check_array(path, shape, dtype, "the array")
    need = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    have = path.stat().st_size - data_start
    if have < need:
        raise _err(
            path,
            f"truncated: the header says {' × '.join(map(str, shape))} {dtype} "
            f"({need:,} bytes of data) but the file holds only {have:,}",
        )
    _check_shape(path, shape)
    return _Raw(np.load(path, mmap_mode="r", allow_pickle=False), {}, None)
