"""Per-point change between two steps: neighbour overlap, movement, the most moved.

* :func:`neighbor_overlap` compares each point's k nearest cosine neighbours in the
  ORIGINAL spaces of two steps (which may have different dimensions): 1 when the
  neighbourhood is unchanged, 0 when no neighbour stayed. Exact (no approximate
  index): see :mod:`._knn` for the algorithm, the similarity used and the proof.
  Ties: a pair's cosine is computed in float64 from the two rows alone, so identical
  rows tie exactly, and among equal cosines the LOWER row index is the nearer
  neighbour. Memory is bounded by chunking (tiles of 32 MB; the result is n floats
  and two (n, k) int32 neighbour lists), so 1M rows fit.
* :func:`movement` is the distance each point travelled in the aligned layout.
* :func:`most_moved` orders rows by a per-point value, for the "most moved" table.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np

from ._knn import exact_knn
from .errors import _Span

__all__ = ["cosine_knn", "most_moved", "movement", "neighbor_overlap"]


def _as_2d(x, name: str):
    if not (hasattr(x, "shape") and hasattr(x, "dtype")):
        x = np.asarray(x)
    if len(x.shape) != 2:
        raise ValueError(f"{name} must be 2-D (n, d), got shape {x.shape}")
    if not (np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.integer)):
        raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
    return x


def _k(k) -> int:
    try:
        return operator.index(k)
    except TypeError:
        raise ValueError(f"k must be an integer, got {k!r}") from None


def cosine_knn(
    x: np.ndarray,
    k: int = 10,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Each row's k nearest cosine neighbours (self excluded), exact.

    Parameters
    ----------
    x : array_like or memmap, shape (n, d)
    k : int, default 10
        ``1 <= k <= n - 1``.

    Returns
    -------
    ndarray of int32 (int64 beyond 2**31 rows), shape (n, k)
        Row indices by decreasing cosine, ties by lower index (see the module doc).

    Raises
    ------
    ValueError
        Bad k, or NaN/infinite values. :class:`SeriesCancelled` when cancelled.
    """
    data = _as_2d(x, "x")
    return exact_knn(data, _k(k), _Span(progress, cancelled), cancelled)


def neighbor_overlap(
    a: np.ndarray,
    b: np.ndarray,
    k: int = 10,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    rows: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Per row, the share of its k nearest cosine neighbours in ``a`` also nearest in ``b``.

    Parameters
    ----------
    a, b : array_like or memmap, shapes (n, d_a) and (n, d_b)
        Two steps with rows in the same order (or see ``rows``).
    k : int, default 10
        Neighbours per row, self excluded, ``1 <= k <= n - 1``.
    progress, cancelled : callables, optional
        ``progress(fraction)``; ``cancelled()`` polled per tile
        (:class:`~contrastive_viz.core.series.SeriesCancelled`).
    rows : (order_a, order_b), optional
        From :func:`~contrastive_viz.core.series.match_rows`: ``a[order_a]`` and
        ``b[order_b]`` are in the reference order. The result is in that order; the
        arrays themselves are not reordered (nor copied).

    Returns
    -------
    ndarray of float64, shape (n,)
        ``|N_a(i) ∩ N_b(i)| / k``, in {0, 1/k, ..., 1}.
    """
    a, b = _as_2d(a, "a"), _as_2d(b, "b")
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"a has {a.shape[0]:,} rows and b has {b.shape[0]:,}")
    span = _Span(progress, cancelled)
    k = _k(k)
    knn_a = exact_knn(a, k, span.part(0, 2), cancelled)
    knn_b = exact_knn(b, k, span.part(1, 2), cancelled)
    if rows is not None:
        knn_a, knn_b = _in_reference_order(knn_a, rows[0]), _in_reference_order(knn_b, rows[1])
    n = knn_a.shape[0]
    out = np.empty(n)
    chunk = max(1, 2**20 // (k * k))
    for start in range(0, n, chunk):
        na, nb = knn_a[start : start + chunk], knn_b[start : start + chunk]
        common = (na[:, :, None] == nb[:, None, :]).any(axis=2).sum(axis=1)
        out[start : start + chunk] = common / k
    span(1.0)
    return out


def _in_reference_order(knn: np.ndarray, order) -> np.ndarray:
    """Neighbour lists of ``x[order]`` in reference row numbers."""
    order = np.asarray(order, dtype=np.int64)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    return inverse[knn[order]]


def movement(coords: np.ndarray, i: int, j: int) -> np.ndarray:
    """Per-point Euclidean distance between steps ``i`` and ``j`` of aligned coordinates.

    Parameters
    ----------
    coords : ndarray, shape (steps, n, c)
    i, j : int
        Step indices (negative counts from the end).

    Returns
    -------
    ndarray of float64, shape (n,)
    """
    coords = np.asarray(coords)
    if coords.ndim != 3:
        raise ValueError(f"coords must have shape (steps, n, c), got {coords.shape}")
    diff = coords[j].astype(np.float64) - coords[i]
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))


def most_moved(values: np.ndarray, top: int | None = None, descending: bool = True) -> np.ndarray:
    """Row indices ordered by ``values`` (largest first by default), ties by row index.

    NaN values come last in either direction. ``top`` keeps the first ``top`` rows.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {values.shape}")
    key = -values if descending else values
    order = np.lexsort((np.arange(values.size), np.isnan(values), key))
    nan_last = np.concatenate([order[~np.isnan(values[order])], order[np.isnan(values[order])]])
    return nan_last if top is None else nan_last[: max(0, int(top))]
