"""Sampling helpers of the dataset metrics: label codes, usable rows, same-label pairs."""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np

from .losses.numerics import robust_unit_rows

__all__ = ["READ_ROWS", "label_codes", "read_rows", "same_label_pairs", "unit_rows", "usable_rows"]

#: Rows read at a time from a (memory-mapped) array.
READ_ROWS = 4096


def label_codes(labels: Sequence | np.ndarray | None, n: int) -> tuple[np.ndarray, list]:
    """Integer code per row (-1 for a missing label) and the classes in order of appearance.

    Parameters
    ----------
    labels : sequence of length n, or None
        None or ``""`` entries are missing.
    n : int
        Expected length.

    Returns
    -------
    codes : ndarray of int64, shape (n,)
    classes : list
        ``classes[c]`` is the label of code ``c``.
    """
    if labels is None:
        return np.full(n, -1, dtype=np.int64), []
    if len(labels) != n:
        raise ValueError(f"labels has {len(labels)} entries for {n} vectors")
    table: dict = {}
    codes = np.fromiter(
        (-1 if v is None or v == "" else table.setdefault(v, len(table)) for v in labels),
        dtype=np.int64,
        count=n,
    )
    return codes, list(table)


def read_rows(vectors, indices: np.ndarray) -> np.ndarray:
    """Rows at sorted ``indices`` as float64, read in chunks (memmap friendly)."""
    out = np.empty((indices.size, vectors.shape[1]))
    for start in range(0, indices.size, READ_ROWS):
        part = indices[start : start + READ_ROWS]
        out[start : start + part.size] = vectors[part]
    return out


def usable_rows(x: np.ndarray) -> np.ndarray:
    """Rows that are finite and non-zero."""
    return np.isfinite(x).all(axis=1) & (np.abs(x).max(axis=1, initial=0.0) > 0)


def unit_rows(x: np.ndarray) -> np.ndarray:
    """Rows divided by their norms, robustly (tiny and huge rows too).

    The arithmetic of the losses (``core.losses.numerics.robust_unit_rows``), so the
    metrics and the losses agree to the last bits.
    """
    return robust_unit_rows(x)[0]


def same_label_pairs(codes: np.ndarray, max_pairs: int, rng) -> tuple[np.ndarray, np.ndarray, bool]:
    """Same-label pairs ``(i, j)``, ``i != j``: all of them, or a uniform random draw.

    Parameters
    ----------
    codes : ndarray of int, shape (n,)
        Class code per row, -1 for rows to ignore.
    max_pairs : int
        If the number of unordered same-label pairs is at most this, all are
        returned (``i < j``, sorted); otherwise this many are drawn uniformly
        with replacement over all unordered pairs.
    rng : numpy Generator

    Returns
    -------
    i, j : ndarray of int64
    exhaustive : bool
    """
    max_pairs = operator.index(max_pairs)
    valid = np.flatnonzero(codes >= 0)
    order = valid[np.argsort(codes[valid], kind="stable")]
    classes, starts, counts = np.unique(codes[order], return_index=True, return_counts=True)
    pairs = counts.astype(np.int64) * (counts - 1) // 2
    total = int(pairs.sum())
    if total == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, True
    if total <= max_pairs:
        ii, jj = [], []
        for s, c in zip(starts, counts, strict=True):
            if c > 1:
                a, b = np.triu_indices(int(c), k=1)
                ii.append(order[s + a])
                jj.append(order[s + b])
        return np.concatenate(ii), np.concatenate(jj), True
    pick = rng.choice(classes.size, size=max_pairs, p=pairs / total)
    size = counts[pick]
    first = rng.integers(0, size)
    second = rng.integers(0, size - 1)
    second = second + (second >= first)
    return order[starts[pick] + first], order[starts[pick] + second], False
