"""Exports of a series: the aligned coordinates (.npz) and the most-moved table (CSV).

Both are written atomically (:mod:`contrastive_viz.core.atomic`): a crash or a full
disk never leaves a half-written file, and an existing file survives a failed write.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence

import numpy as np

from ..atomic import atomic_write
from ..csv_cells import escape_cell

__all__ = ["most_moved_csv", "save_aligned_npz"]


def save_aligned_npz(
    path: str | os.PathLike[str], coords: np.ndarray, names: Sequence[str]
) -> None:
    """Write ``coords`` (steps, n, c) and the step ``names`` to an ``.npz``.

    Keys: ``"coords"`` (float32, (steps, n, 2|3)) and ``"names"`` (a unicode array of
    length steps, no pickle: ``np.load(path)`` reads it with ``allow_pickle=False``).
    """
    coords = np.asarray(coords, dtype=np.float32)
    if coords.ndim != 3:
        raise ValueError(f"coords must have shape (steps, n, c), got {coords.shape}")
    if len(names) != coords.shape[0]:
        raise ValueError(f"{len(names)} names for {coords.shape[0]} steps")
    labels = np.array([str(v) for v in names], dtype=str)
    atomic_write(path, lambda fh: np.savez(fh, coords=coords, names=labels))


def most_moved_csv(
    path: str | os.PathLike[str],
    ids: Sequence | np.ndarray,
    values: np.ndarray | Sequence[np.ndarray],
    header: Sequence[str],
) -> None:
    """Write the most-moved table, one row per point, in the given order.

    Parameters
    ----------
    ids : sequence of length n
        The first column (ids or row numbers); text goes through
        :func:`~contrastive_viz.core.csv_cells.escape_cell` (no spreadsheet formulas).
    values : array (n,) or (n, m), or a sequence of m arrays of length n
        The number columns, written with ``repr`` (full precision); NaN as ``""``.
    header : sequence of str
        1 + m column names (``["id", "movement", "neighbour overlap"]``).
    """
    columns = np.asarray(values, dtype=np.float64)
    if columns.ndim == 1:
        columns = columns[:, None]
    elif not isinstance(values, np.ndarray):
        columns = columns.T  # a sequence of columns
    n = len(ids)
    if columns.shape[0] != n:
        raise ValueError(f"{columns.shape[0]} value rows for {n} ids")
    if len(header) != 1 + columns.shape[1]:
        raise ValueError(f"header has {len(header)} names for {1 + columns.shape[1]} columns")

    def write(fh) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([escape_cell(h) for h in header])
        for i in range(n):
            cells = ["" if np.isnan(v) else repr(float(v)) for v in columns[i]]
            writer.writerow([escape_cell(ids[i]), *cells])
        text.flush()
        text.detach()

    atomic_write(path, write)
