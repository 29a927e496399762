"""``.npy`` files: float32 C order is memory-mapped read-only; pickles are never loaded."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from ..safe_files import open_regular
from .dataset import _err, _Progress, _Raw
from .validation import _check_shape, _fits

_NPY_MAGIC = b"\x93NUMPY"


def _read_npy_header(fp, path: Path) -> tuple[tuple[int, ...], bool, np.dtype]:
    """Read and check an .npy header; every failure is an :class:`EmbeddingFileError`.

    numpy's header parser can raise ``tokenize.TokenError``, ``MemoryError``,
    ``RecursionError`` and others on hostile headers; all become the loader's error.
    The shape must be a tuple of non-negative ints (checked here, as Python ints, so
    that a product such as 2**40 × 2**40 cannot overflow).
    """
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    except Exception as exc:  # noqa: BLE001 - numpy's parser raises many kinds
        detail = f"{type(exc).__name__}: {str(exc)[:200]}"
        raise _err(path, f"corrupt or truncated .npy header ({detail})") from None
    if not (
        isinstance(shape, tuple)
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in shape)
    ):
        raise _err(path, f"corrupt .npy header: the shape {str(shape)[:80]} is not valid")
    return shape, bool(fortran), dtype


def _data_bytes(shape: tuple[int, ...], dtype: np.dtype) -> int:
    """Bytes of data a header declares, as an exact Python int (no int64 overflow)."""
    return math.prod(shape) * dtype.itemsize


def _describe_shape(shape: tuple[int, ...], dtype: np.dtype) -> str:
    return f"{' × '.join(f'{v:,}' for v in shape)} {dtype}"


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
    # Everything, the map included, goes through the one descriptor that was checked
    # to be a regular file: a file swapped afterwards is never opened by path again.
    with open_regular(path) as fp:
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
        shape, fortran, dtype = _read_npy_header(fp, path)
        data_start = fp.tell()
        _check_array(path, shape, dtype, "the array")
        need = _data_bytes(shape, dtype)
        have = os.fstat(fp.fileno()).st_size - data_start
        if have < need:
            raise _err(
                path,
                f"truncated: the header says {_describe_shape(shape, dtype)} "
                f"({need:,} bytes of data) but the file holds only {have:,}",
            )
        _check_shape(path, shape)
        n, d = shape
        if not (dtype == np.float32 and dtype.isnative and not fortran):
            _fits(
                path,
                n * d * 4,
                f"converting the {_describe_shape(shape, dtype)} array to float32",
                "Save the vectors as a float32 .npy (C order), which is memory-mapped and "
                "needs no copy.",
            )
        try:
            array = np.memmap(
                fp, dtype=dtype, mode="r", shape=shape, offset=data_start,
                order="F" if fortran else "C",
            )  # fmt: skip
        except (ValueError, OSError) as exc:
            raise _err(path, f"cannot map the .npy ({exc})") from None
    return _Raw(array, {}, None)
