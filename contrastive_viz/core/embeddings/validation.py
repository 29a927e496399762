"""Checks every loaded file goes through: readable, 2-D and big enough, valid rows.

:func:`_scan` converts to float32 and finds the row norms and the invalid rows
(NaN/Inf or all zeros) in one chunked pass, so a memory map is never read whole.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..safe_files import FileRefused, check_fits, regular_file
from .dataset import _err, _Progress

MAX_COLUMNS = 100_000
"""The most dimensions (columns) a file may have."""

_SCAN_BYTES = 64 * 2**20  # rows per validation chunk: this many bytes of float32
# Norms outside this range are recomputed in float64: below it the squares are subnormal
# in float32 and lose digits, above it their sum may overflow.
_SAFE_NORM = (1e-15, 1e18)


def _check_readable(path: Path) -> Path:
    """Refuse anything but a readable, non-empty regular file (after resolving links).

    Returns the resolved path. The rule is :mod:`contrastive_viz.core.safe_files`'.
    """
    try:
        real = regular_file(path)
    except FileRefused as exc:
        raise _err(path, str(exc)) from None
    if not os.access(real, os.R_OK):
        raise _err(path, f"no permission to read it ({path})")
    if real.stat().st_size == 0:
        raise _err(path, "the file is empty")
    return real


def _check_shape(path: Path, shape: tuple[int, ...]) -> None:
    if len(shape) != 2:
        raise _err(path, f"has shape {shape}; expected a 2-D array (rows × dimensions)")
    n, d = shape
    if n < 2 or d < 2:
        raise _err(path, f"has {n:,} row(s) × {d:,} dimension(s); need at least 2 of each")
    if d > MAX_COLUMNS:
        raise _err(
            path,
            f"has {d:,} dimensions (columns); at most {MAX_COLUMNS:,} are supported. "
            "Is the file transposed (one vector per column)?",
        )


def _fits(path: Path, nbytes: int, what: str, advice: str = "") -> None:
    """Refuse to allocate ``nbytes`` for ``what`` when they exceed the available memory."""
    try:
        check_fits(nbytes, what, advice)
    except FileRefused as exc:
        raise _err(path, str(exc)) from None


def _scan(
    src: np.ndarray, tick: _Progress
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Convert to float32 C order if needed, and compute norms and invalid rows, chunked.

    Returns the float32 vectors (``src`` itself when it already is float32 C order),
    the row norms, and the masks of rows with NaN/Inf and of zero-norm rows.
    """
    n, d = src.shape
    direct = src.dtype == np.float32 and src.dtype.isnative and src.flags.c_contiguous
    out = src if direct else np.empty((n, d), dtype=np.float32)
    norms = np.empty(n, dtype=np.float32)
    nonfinite = np.zeros(n, dtype=bool)
    zero = np.zeros(n, dtype=bool)
    step = max(1, min(65536, _SCAN_BYTES // (4 * d)))
    with np.errstate(all="ignore"):
        for start in range(0, n, step):
            tick(start / n)
            stop = min(n, start + step)
            block = src[start:stop]
            if not direct:
                out[start:stop] = block
                block = out[start:stop]
            nrm = norms[start:stop]
            np.einsum("ij,ij->i", block, block, out=nrm)
            np.sqrt(nrm, out=nrm)
            odd = np.flatnonzero(~((nrm > _SAFE_NORM[0]) & (nrm < _SAFE_NORM[1])))
            if odd.size:  # NaN, Inf, zero, or squares near float32's limits: redo in float64
                sub = np.asarray(block[odd], dtype=np.float64)
                exact = np.sqrt(np.einsum("ij,ij->i", sub, sub)).astype(np.float32)
                finite = np.isfinite(sub).all(axis=1)
                nrm[odd] = exact
                nonfinite[start + odd] = ~finite | np.isinf(exact)
                zero[start + odd] = finite & (exact == 0)
    tick(1.0)
    return out, norms, nonfinite, zero


def _where(i: int, first_line: int | None) -> str:
    line = f", line {first_line + i} of the file" if first_line is not None else ""
    return f"row {i + 1}{line}"


def _invalid_message(nonfinite: np.ndarray, zero: np.ndarray, first_line: int | None) -> str:
    parts = []
    for mask, what in ((nonfinite, "contain NaN or Inf"), (zero, "are all zeros")):
        idx = np.flatnonzero(mask)
        if idx.size:
            parts.append(f"{idx.size:,} row(s) {what} (first: {_where(int(idx[0]), first_line)})")
    return (
        f"{' and '.join(parts)}; such rows have no direction for cosine similarity. "
        "Pass drop_invalid=True to remove them (rows count from 1)."
    )
